"""Referral timelines: pathways, milestones, national measures and bed-day savings.

The work is done by the C++ core (``homeward._core``); this module adds the
Python niceties: accepting paths and pandas columns, result objects with
``to_pandas()``, and a plain-text report section for the ``homeward`` program.
See docs/timeline.md for the rules and docs/caseload-schema.md for the JSON.
"""
from __future__ import annotations

import json
import os
import pathlib
from types import SimpleNamespace
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from ._core import (
    EVENT_TYPES,
    MILESTONE_STATUSES,
    MILESTONES,
    STAGES,
    CostModel,
    Event,
    TimelinePolicy,
)

__all__ = [
    "EVENT_TYPES",
    "MILESTONES",
    "MILESTONE_STATUSES",
    "STAGES",
    "Caseload",
    "CostModel",
    "MHSDS_ALIASES",
    "code_table",
    "code_tables",
    "Evaluation",
    "Event",
    "Measures",
    "MeasuresByGroup",
    "merge_measures",
    "Pathway",
    "Snapshot",
    "TimelineTable",
    "TimelinePolicy",
    "sample_caseload",
    "timeline_report",
]

# Event fields added by caseload schema version 2 (docs/caseload-schema.md).
_V2_FIELDS = ("admitted", "attributable_to", "discharge_method", "bed_type", "ward_security_level",
              "attend_status", "consultation_mechanism", "out_of_area_reason")

#: MHSDS data item names and the homeward field each one maps to, for column
#: loaders (CSV, Excel, database extracts) that carry MHSDS names.
MHSDS_ALIASES: Mapping[str, str] = {
    "ReferralRequestReceivedDate": "date",
    "PlannedDischDateHospProvSpell": "planned_discharge",
    "StartDateHospProvSpell": "admitted",
    "DischDateHospProvSpell": "date",
    "StartDateClinReadyforDisch": "date",
    "EndDateClinReadyforDisch": "end_date",
    "ClinReadyforDischDelayReason": "delay_reason",
    "AttribToIndic": "attributable_to",
    "MethOfDischMHHospProvSpell": "discharge_method",
    "DestOfDischHospProvSpell": "destination",
    "MHAdmittedPatientClass": "bed_type",
    "WardSecLevel": "ward_security_level",
    "CareContDate": "date",
    "AttendStatus": "attend_status",
    "ConsMechanismMH": "consultation_mechanism",
    "ReasonOAT": "out_of_area_reason",
    "PersDeathDate": "date",
}


def code_tables() -> dict[str, dict[str, Any]]:
    """Every MHSDS code table: ``{name: {"mhsds": item, "codes": [{"code", "name", "group"}]}}``."""
    tables: dict[str, dict[str, Any]] = json.loads(_core.code_tables_json())
    return tables


def code_table(name: str) -> Any:
    """One MHSDS code table as a pandas DataFrame (code, name, group).

    Names: delay_reason, attributable_to, discharge_method,
    discharge_destination, bed_type, ward_security_level, attend_status,
    consultation_mechanism, out_of_area_reason (docs/measures.md).
    """
    import pandas as pd

    table = json.loads(_core.code_tables_json(name))[name]
    return pd.DataFrame(table["codes"], columns=["code", "name", "group"])


_NO_DAY = _core.NO_DAY
_DEFAULT_MAX_BYTES = 128 << 20
_DEFAULT_MAX_DEPTH = 64

PathLike = Union[str, "os.PathLike[str]"]


def _error(cls: type, field: str, message: str) -> Exception:
    exc = cls(f"{field}: {message}" if field else message)
    exc.field = field
    exc.message = message
    return exc


def _policy(policy: Optional[TimelinePolicy]) -> TimelinePolicy:
    if policy is None:
        return TimelinePolicy()
    if not isinstance(policy, TimelinePolicy):
        raise _error(_core.InvalidArgumentError, "policy",
                     f"expected a homeward.TimelinePolicy, got {type(policy).__name__}")
    return policy


def _costs(costs: Optional[CostModel]) -> CostModel:
    if costs is None:
        return CostModel()
    if not isinstance(costs, CostModel):
        raise _error(_core.InvalidArgumentError, "costs",
                     f"expected a homeward.CostModel, got {type(costs).__name__}")
    return costs


# ---------------------------------------------------------------------------
# Tables


class _Coded:
    """A categorical column: small integer codes into a tuple of names."""

    __slots__ = ("codes", "categories")

    def __init__(self, codes: np.ndarray, categories: Sequence[str]):
        self.codes = codes
        self.categories = tuple(categories)

    def decode(self) -> np.ndarray:
        names = np.asarray(self.categories, dtype=object)
        return names[self.codes.astype(np.intp)]


class TimelineTable:
    """A column-wise table returned by homeward (one NumPy array per column).

    ``table["column"]`` gives a column as a NumPy array (dates as
    ``datetime64[D]`` with NaT for none, day counts as float with NaN for
    none), ``len(table)`` the number of rows, ``table.to_records()`` a list of
    dicts and ``table.to_pandas()`` a DataFrame (categorical names, nullable
    integer day counts).
    """

    def __init__(self, columns: Mapping[str, Any], kinds: Optional[Mapping[str, str]] = None):
        self._columns = dict(columns)
        self._kinds = dict(kinds or {})
        lengths = {len(v.codes) if isinstance(v, _Coded) else len(v) for v in self._columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        self._len = lengths.pop() if lengths else 0

    @property
    def columns(self) -> list:
        return list(self._columns)

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, name: str) -> np.ndarray:
        col = self._columns[name]
        kind = self._kinds.get(name)
        if isinstance(col, _Coded):
            return col.decode()
        if kind == "date":
            return np.asarray(col, dtype=np.int64).view("datetime64[D]")
        if kind == "days":
            arr = np.asarray(col)
            out = arr.astype(np.float64)
            out[arr == _NO_DAY] = np.nan
            return out
        return np.asarray(col)

    def __iter__(self) -> Iterator[dict]:
        return iter(self.to_records())

    def to_records(self) -> list:
        """The rows as dicts (dates as datetime.date or None, missing counts as None)."""
        cols = {}
        for name in self._columns:
            kind = self._kinds.get(name)
            if kind == "date":
                cols[name] = [None if np.isnat(v) else v.astype(object) for v in self[name]]
            elif kind == "days":
                raw = np.asarray(self._columns[name])
                cols[name] = [None if v == _NO_DAY else int(v) for v in raw.tolist()]
            else:
                cols[name] = self[name].tolist()
        return [dict(zip(cols, row)) for row in zip(*cols.values())]

    def to_pandas(self):
        """A pandas DataFrame: categorical names, datetime64 dates, nullable Int32 day counts."""
        import pandas as pd

        data: dict[str, Any] = {}
        for name, col in self._columns.items():
            kind = self._kinds.get(name)
            if isinstance(col, _Coded):
                data[name] = pd.Categorical.from_codes(col.codes.astype(np.int16), categories=pd.Index(list(col.categories)))
            elif kind == "date":
                data[name] = np.asarray(col, dtype=np.int64).view("datetime64[D]").astype("datetime64[s]")
            elif kind == "days":
                arr = np.asarray(col)
                data[name] = pd.arrays.IntegerArray(arr.astype(np.int32), arr == _NO_DAY) if len(arr) else pd.array([], dtype="Int32")
            else:
                data[name] = col
        return pd.DataFrame(data)

    def __repr__(self) -> str:
        return f"<homeward.TimelineTable {self._len} rows: {', '.join(self._columns)}>"


def _records_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], dates: Sequence[str] = ()) -> TimelineTable:
    """A TimelineTable from a list of dicts (the JSON results of the core)."""
    cols: dict = {}
    kinds = {}
    for c in columns:
        values = [r.get(c) for r in rows]
        if c in dates:
            cols[c] = np.array([_NAT if v is None else v for v in values], dtype="datetime64[D]").view(np.int64)
            kinds[c] = "date"
        else:
            cols[c] = np.array(values, dtype=object) if values else np.array([], dtype=object)
    return TimelineTable(cols, kinds)


_NAT = np.datetime64("NaT")


# ---------------------------------------------------------------------------
# Pathways


class Pathway:
    """One person's referral pathway: a pseudonymous id and dated events.

    ``Pathway("P0001", [Event("referral_received", "2025-01-06",
    planned_discharge="2025-07-14"), {"type": "initial_visit", "date":
    "2025-01-17"}], attributes={"county": "Derbyshire"})``. Events are
    ``homeward.Event`` objects or dicts with the same keys as the JSON schema.
    The sequence is validated at once: impossible sequences raise
    ``InvalidArgumentError`` naming the event (``events[3]``) and the rule.
    """

    __slots__ = ("_p",)

    def __init__(self, person_id: str, events: Iterable[Union[Event, Mapping[str, Any]]],
                 attributes: Optional[Mapping[str, Any]] = None):
        self._p = _core._Pathway(person_id, list(events), None if attributes is None else dict(attributes))

    @classmethod
    def _wrap(cls, core: "_core._Pathway") -> "Pathway":
        obj = cls.__new__(cls)
        obj._p = core
        return obj

    @property
    def person_id(self) -> str:
        return self._p.person_id

    @property
    def events(self) -> list:
        """The events, in date order (a new list of homeward.Event)."""
        return list(self._p.events)

    @property
    def attributes(self) -> dict:
        return self._p.attributes

    def __len__(self) -> int:
        return len(self._p.events)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pathway):
            return NotImplemented
        return (self.person_id == other.person_id and self.events == other.events
                and self.attributes == other.attributes)

    def to_dict(self) -> dict:
        d: dict = {"person_id": self.person_id}
        if self.attributes:
            d["attributes"] = self.attributes
        d["events"] = [e.to_dict() for e in self._p.events]
        return d

    def to_pandas(self):
        """The events as a DataFrame (one row per event)."""
        import pandas as pd

        rows = [e.to_dict() for e in self._p.events]
        cols = ["type", "date", "planned_discharge", "end_date", "delay_reason", "destination", *_V2_FIELDS]
        return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)

    def evaluate(self, as_of, policy: Optional[TimelinePolicy] = None) -> "Evaluation":
        """Stage and milestones of this pathway as of a date."""
        return Evaluation(self._p.evaluate(as_of, _policy(policy)), [self.person_id])

    def to_fhir(self, as_of=None) -> dict:
        """A FHIR R4 Bundle (dict): a ServiceRequest and an EpisodeOfCare per referral."""
        return json.loads(self._p.to_fhir(as_of))

    def __repr__(self) -> str:
        ev = self._p.events
        span = f", {ev[0].date}..{ev[-1].date}" if ev else ""
        return f"Pathway('{self.person_id}', {len(ev)} events{span})"


# ---------------------------------------------------------------------------
# Results


class Evaluation:
    """Every pathway's stage and milestones as of a date.

    ``stage_counts``: people per stage (dict). ``stages``: a TimelineTable with one
    row per person (person_id, stage, stage_since). ``milestones``: a TimelineTable
    with one row per milestone occurrence (person_id, milestone, status,
    start, due, date, days, working_days, event). ``to_pandas()`` gives the
    milestones as a DataFrame.
    """

    def __init__(self, raw: dict, person_ids: Sequence[str]):
        self.as_of = raw["as_of"]
        self.stage_counts = dict(raw["stage_counts"])
        self._ids = np.asarray(person_ids, dtype=object)
        self.stages = TimelineTable(
            {"person_id": self._ids, "stage": _Coded(raw["stage"], STAGES), "stage_since": raw["stage_since"]},
            {"stage_since": "date"},
        )
        m = raw["milestones"]
        self.milestones = TimelineTable(
            {
                "person_id": self._ids[m["pathway"].astype(np.intp)] if len(self._ids) else np.array([], dtype=object),
                "milestone": _Coded(m["milestone"], MILESTONES),
                "status": _Coded(m["status"], MILESTONE_STATUSES),
                "start": m["start"],
                "due": m["due"],
                "date": m["date"],
                "days": m["days"],
                "working_days": m["working_days"],
                "event": m["event"],
            },
            {"start": "date", "due": "date", "date": "date", "days": "days", "working_days": "days"},
        )
        self._raw = raw

    @property
    def pathway_index(self) -> np.ndarray:
        """For each milestone row, the index of its pathway in the caseload."""
        return self._raw["milestones"]["pathway"]

    def status_counts(self) -> dict:
        """{milestone: {status: count}} over every row (vectorised)."""
        m = self._raw["milestones"]
        grid = np.zeros((len(MILESTONES), len(MILESTONE_STATUSES)), dtype=np.int64)
        np.add.at(grid, (m["milestone"].astype(np.intp), m["status"].astype(np.intp)), 1)
        return {ms: {st: int(grid[i, j]) for j, st in enumerate(MILESTONE_STATUSES)} for i, ms in enumerate(MILESTONES)}

    def to_pandas(self):
        """The milestones as a DataFrame."""
        return self.milestones.to_pandas()

    def __len__(self) -> int:
        return len(self._ids)

    def _repr_html_(self) -> Optional[str]:
        from ._report import evaluation_html

        return evaluation_html(self)

    def __repr__(self) -> str:
        busy = ", ".join(f"{k}={v}" for k, v in self.stage_counts.items() if v)
        return f"<homeward.Evaluation as of {self.as_of}: {len(self._ids)} pathways ({busy}), {len(self.milestones)} milestones>"


_OVERDUE_COLUMNS = ["person_id", "milestone", "start", "due", "days_late", "working_days_late"]


class Snapshot:
    """People per stage and overdue milestones on a date.

    ``stage_counts`` (dict), ``overdue`` (a TimelineTable: person_id, milestone,
    start, due, days_late, working_days_late; most overdue first),
    ``to_pandas()`` the overdue table as a DataFrame and ``stages_to_pandas()``
    the counts.
    """

    def __init__(self, raw: dict):
        import datetime as _dt

        self.on = _dt.date.fromisoformat(raw["on"])
        self.stage_counts = dict(raw["stage_counts"])
        self.overdue = _records_table(raw["overdue"], _OVERDUE_COLUMNS, dates=("start", "due"))
        self._raw = raw

    def to_pandas(self):
        return self.overdue.to_pandas()

    def stages_to_pandas(self):
        import pandas as pd

        return pd.DataFrame({"stage": list(self.stage_counts), "people": list(self.stage_counts.values())})

    def to_dict(self) -> dict:
        return self._raw

    def _repr_html_(self) -> Optional[str]:
        from ._report import snapshot_html

        return snapshot_html(self)

    def __repr__(self) -> str:
        busy = ", ".join(f"{k}={v}" for k, v in self.stage_counts.items() if v)
        return f"<homeward.Snapshot on {self.on}: {busy}; {len(self.overdue)} overdue>"


class Measures:
    """National measures and bed-day savings over a reporting period.

    Attributes (plain objects with attribute access):

    * ``follow_up``: numerator, denominator, rate, pending, excluded,
      discharged_from and discharged_to (the discharge window), ``misses``
      (TimelineTable: person_id, discharged, date, days) and ``exclusions``
      (TimelineTable: person_id, discharged, reason, code, date);
    * ``readmission``: the same counts, with ``readmissions`` (TimelineTable);
    * ``crfd``: day_count, periods, days, ``by_reason`` (TimelineTable:
      reason, name, group, days, periods), ``by_group`` (group, days,
      periods), ``by_attributable_to`` (attributable_to, name, days) and
      ``items`` (one row per counted period);
    * ``inpatient``: count, mean, median, mean_without_crfd,
      median_without_crfd, long_stays and ``stays`` (TimelineTable);
    * ``out_of_area``: active_at_end, starts, ends,
      inappropriate_active_at_end, inappropriate_starts, bed_days,
      inappropriate_bed_days and ``placements`` (TimelineTable);
    * ``step_down``: count, mean, median, longest, ``stays`` (TimelineTable);
    * ``lead_times``: count, without_planned_discharge, meeting_target, mean,
      median, shortest, longest;
    * ``bed_days``: days, savings, inpatient_day_cost, step_down_day_cost,
      ``people`` (TimelineTable: person_id, days, savings).

    ``to_pandas()`` gives one row per measure (measure, numerator,
    denominator, value).
    """

    def __init__(self, raw: dict):
        import datetime as _dt

        self._raw = raw
        self.start = _dt.date.fromisoformat(raw["start"])
        self.end = _dt.date.fromisoformat(raw["end"])
        self.as_of = _dt.date.fromisoformat(raw["as_of"])
        dis_cols = ["person_id", "discharged", "date", "days"]
        fu = dict(raw["follow_up"])
        fu["misses"] = _records_table(fu["misses"], dis_cols, dates=("discharged", "date"))
        fu["exclusions"] = _records_table(fu["exclusions"], ["person_id", "discharged", "reason", "code", "date"],
                                          dates=("discharged", "date"))
        fu["discharged_from"] = _dt.date.fromisoformat(fu["discharged_from"])
        fu["discharged_to"] = _dt.date.fromisoformat(fu["discharged_to"])
        self.follow_up = SimpleNamespace(**fu)
        rd = dict(raw["readmission"])
        rd["readmissions"] = _records_table(rd["readmissions"], dis_cols, dates=("discharged", "date"))
        self.readmission = SimpleNamespace(**rd)
        cr = dict(raw["crfd"])
        by = [{"reason": k, **v} for k, v in cr["by_reason"].items()]
        cr["by_reason"] = _records_table(by, ["reason", "name", "group", "days", "periods"])
        groups = [{"group": k, **v} for k, v in cr["by_group"].items()]
        cr["by_group"] = _records_table(groups, ["group", "days", "periods"])
        att = [{"attributable_to": k, **v} for k, v in cr["by_attributable_to"].items()]
        cr["by_attributable_to"] = _records_table(att, ["attributable_to", "name", "days"])
        cr["items"] = _records_table(cr["items"], ["person_id", "start", "end", "reason", "group",
                                                   "attributable_to", "days"], dates=("start", "end"))
        self.crfd = SimpleNamespace(**cr)
        ip = dict(raw["inpatient"])
        ip["stays"] = _records_table(ip["stays"], ["person_id", "admitted", "discharged", "days", "crfd_days",
                                                   "days_without_crfd", "bed_type", "long_stay"],
                                     dates=("admitted", "discharged"))
        self.inpatient = SimpleNamespace(**ip)
        oa = dict(raw["out_of_area"])
        oa["placements"] = _records_table(oa["placements"], ["person_id", "start", "end", "reason", "inappropriate",
                                                             "active_at_end", "bed_days"], dates=("start", "end"))
        self.out_of_area = SimpleNamespace(**oa)
        sd = dict(raw["step_down"])
        sd["stays"] = _records_table(sd["stays"], ["person_id", "admitted", "left", "days", "destination"],
                                     dates=("admitted", "left"))
        self.step_down = SimpleNamespace(**sd)
        self.lead_times = SimpleNamespace(**raw["lead_times"])
        bd = dict(raw["bed_days"])
        bd["people"] = _records_table(bd["people"], ["person_id", "days", "savings"])
        self.bed_days = SimpleNamespace(**bd)

    def to_dict(self) -> dict:
        """The measures as the core's JSON document (docs/timeline.md)."""
        return self._raw

    def to_pandas(self):
        import pandas as pd

        fu, rd, cr, sd, lt, bd = (self.follow_up, self.readmission, self.crfd, self.step_down,
                                  self.lead_times, self.bed_days)
        ip, oa = self.inpatient, self.out_of_area
        rows = [
            ("follow_up_72h_rate", fu.numerator, fu.denominator, fu.rate),
            ("follow_up_excluded", None, None, fu.excluded),
            ("readmission_30d_rate", rd.numerator, rd.denominator, rd.rate),
            ("crfd_days", None, None, cr.days),
            ("crfd_periods", None, None, cr.periods),
            *((f"crfd_days_{g}", None, None, d) for g, d in zip(cr.by_group["group"], cr.by_group["days"])),
            ("inpatient_stays", None, None, ip.count),
            ("inpatient_los_mean", None, None, ip.mean),
            ("inpatient_los_mean_without_crfd", None, None, ip.mean_without_crfd),
            ("inpatient_long_stays", ip.long_stays, ip.count, ip.long_stays / ip.count if ip.count else None),
            ("oap_active_at_end", None, None, oa.active_at_end),
            ("oap_inappropriate_active_at_end", oa.inappropriate_active_at_end, oa.active_at_end,
             oa.inappropriate_active_at_end / oa.active_at_end if oa.active_at_end else None),
            ("oap_starts", None, None, oa.starts),
            ("oap_ends", None, None, oa.ends),
            ("oap_bed_days", None, None, oa.bed_days),
            ("step_down_stays", None, None, sd.count),
            ("step_down_los_mean", None, None, sd.mean),
            ("step_down_los_median", None, None, sd.median),
            ("step_down_los_longest", None, None, sd.longest["days"] if sd.longest else None),
            ("referral_lead_time_mean", None, None, lt.mean),
            ("referral_lead_time_median", None, None, lt.median),
            ("referral_lead_target_rate", lt.meeting_target, lt.count,
             lt.meeting_target / lt.count if lt.count else None),
            ("bed_days_avoided", None, None, bd.days),
            ("bed_day_savings", None, None, bd.savings),
        ]
        df = pd.DataFrame(rows, columns=["measure", "numerator", "denominator", "value"])
        df["numerator"] = df["numerator"].astype("Int64")
        df["denominator"] = df["denominator"].astype("Int64")
        df["value"] = df["value"].astype("float64")
        return df

    def _repr_html_(self) -> Optional[str]:
        from ._report import measures_html

        return measures_html(self)

    def __repr__(self) -> str:
        return (f"<homeward.Measures {self.start}..{self.end}: follow-up {self.follow_up.numerator}/"
                f"{self.follow_up.denominator}, readmissions {self.readmission.numerator}/"
                f"{self.readmission.denominator}, savings {self.bed_days.savings:,.0f}>")


class MeasuresByGroup:
    """Measures grouped by a per-person attribute (``caseload.measures(..., by="ward")``).

    ``by``: the attribute; ``groups``: a dict value -> Measures (None for the
    people without the attribute, last); ``people``: a dict value -> number of
    people. ``to_pandas()`` gives one row per group and measure.
    """

    def __init__(self, raw: dict):
        self._raw = raw
        self.by: str = raw["by"]
        self.groups: dict = {g["value"]: Measures(g["measures"]) for g in raw["groups"]}
        self.people: dict = {g["value"]: g["people"] for g in raw["groups"]}

    def __len__(self) -> int:
        return len(self.groups)

    def __getitem__(self, value: Optional[str]) -> Measures:
        return self.groups[value]

    def __iter__(self) -> Iterator[Optional[str]]:
        return iter(self.groups)

    def to_dict(self) -> dict:
        """The core's JSON document: {"by", "groups": [{"value", "people", "measures"}]}."""
        return self._raw

    def to_pandas(self):
        import pandas as pd

        frames = []
        for value, m in self.groups.items():
            df = m.to_pandas()
            df.insert(0, self.by, value)
            df.insert(1, "people", self.people[value])
            frames.append(df)
        if not frames:
            return pd.DataFrame(columns=[self.by, "people", "measure", "numerator", "denominator", "value"])
        return pd.concat(frames, ignore_index=True)

    def __repr__(self) -> str:
        return f"<homeward.MeasuresByGroup by {self.by!r}: {len(self.groups)} groups>"


# ---------------------------------------------------------------------------
# Caseloads


class Caseload:
    """Many pathways (one per person), loaded from and saved to JSON.

    ``Caseload.from_json(text_or_path)`` reads the versioned caseload document
    (docs/caseload-schema.md); ``to_json()`` writes it back losslessly.
    ``evaluate(as_of)``, ``snapshot(on)`` and ``measures(start, end)`` run in
    the C++ core over every pathway at once.
    """

    __slots__ = ("_c",)

    def __init__(self, pathways: Iterable[Pathway] = ()):
        core = []
        for i, p in enumerate(pathways):
            if not isinstance(p, Pathway):
                raise _error(_core.InvalidArgumentError, f"pathways[{i}]",
                             f"expected a homeward.Pathway, got {type(p).__name__}")
            core.append(p._p)
        self._c = _core._Caseload.from_pathways(core)

    @classmethod
    def _wrap(cls, core) -> "Caseload":
        obj = cls.__new__(cls)
        obj._c = core
        return obj

    @classmethod
    def from_json(cls, source: Union[str, bytes, "os.PathLike[str]"], *, strict: bool = True,
                  max_bytes: int = _DEFAULT_MAX_BYTES,
                  max_depth: int = _DEFAULT_MAX_DEPTH) -> "Caseload":
        """Load a caseload from JSON text or a file.

        ``source`` is JSON text when it is a ``str`` or ``bytes`` and a file
        path when it is an ``os.PathLike`` (``pathlib.Path``): a ``str`` is
        never taken for a path. ``strict=False`` keeps unknown fields (and
        writes them back) instead of rejecting them. ``max_bytes`` (default
        128 MiB, 0 for no limit) holds for every kind of file (read with a
        bounded loop); ``max_depth`` (default 64) limits JSON nesting
        (docs/limits.md). Nothing is returned unless the whole document is
        valid; errors name the JSON path (``pathways[3].events[2].date``).
        """
        if max_bytes < 0:
            raise _error(_core.InvalidArgumentError, "max_bytes", "must not be negative")
        return cls._wrap(_core._Caseload.from_json(source, strict, max_bytes, max_depth))

    @classmethod
    def from_events(cls, person_id, type, date, planned_discharge=None, end_date=None,
                    delay_reason=None, destination=None, *, admitted: Any = None,
                    attributable_to: Any = None, discharge_method: Any = None, bed_type: Any = None,
                    ward_security_level: Any = None, attend_status: Any = None,
                    consultation_mechanism: Any = None, out_of_area_reason: Any = None) -> "Caseload":
        """Build a caseload from an event table (columns of equal length).

        Rows may come in any order: they are grouped by person (in order of
        first appearance) and ordered by date, same-day events by the
        precedence of event types (homeward.EVENT_PRECEDENCE). ``type`` holds
        names from EVENT_TYPES (any case) or their integer codes; dates are
        datetime64 arrays or sequences of dates/ISO strings (NaT/None for
        none); codes read as numbers (18.0) become "18". Works on pandas
        columns: ``Caseload.from_events(df.person_id, df.type, df.date, ...)``.
        The schema version 2 columns (``admitted``, ``attributable_to``,
        ``discharge_method``, ``bed_type``, ``ward_security_level``,
        ``attend_status``, ``consultation_mechanism``, ``out_of_area_reason``)
        hold MHSDS codes (see :func:`homeward.code_table`); ``MHSDS_ALIASES``
        maps the MHSDS data item names to these names.
        The rules are the core's table loader's (:func:`homeward.read_events`):
        a bad table raises one error listing every bad row
        (``events: row 3, column delay_reason: "18.5" is not a delay reason code``).
        """
        details = {"attributable_to": attributable_to, "discharge_method": discharge_method,
                   "bed_type": bed_type, "ward_security_level": ward_security_level,
                   "attend_status": attend_status, "consultation_mechanism": consultation_mechanism}
        return _from_events(cls, person_id, type, date, planned_discharge, end_date, delay_reason, destination,
                            admitted=admitted, out_of_area_reason=out_of_area_reason, details=details)

    def to_json(self, path: Optional[PathLike] = None, *, pretty: bool = True) -> Optional[str]:
        """The caseload document as text, or written to ``path`` (then returns None)."""
        if path is None:
            return self._c.to_json(pretty)
        self._c.save(os.fspath(path), pretty)
        return None

    def save(self, path: PathLike, *, pretty: bool = True) -> None:
        self._c.save(os.fspath(path), pretty)

    def add(self, pathway: Pathway) -> None:
        """Add a pathway (a duplicate person id raises InvalidArgumentError; nothing changes)."""
        if not isinstance(pathway, Pathway):
            raise _error(_core.InvalidArgumentError, "pathway",
                         f"expected a homeward.Pathway, got {type(pathway).__name__}")
        self._c.add(pathway._p)

    def __len__(self) -> int:
        return len(self._c)

    def __iter__(self) -> Iterator[Pathway]:
        for i in range(len(self._c)):
            yield Pathway._wrap(self._c.pathway_at(i))

    def __contains__(self, person_id: object) -> bool:
        return isinstance(person_id, str) and self._c.find(person_id) is not None

    def __getitem__(self, key: Union[str, int]) -> Pathway:
        """A pathway by person id or by position."""
        if isinstance(key, str):
            return Pathway._wrap(self._c.pathway(key))
        if isinstance(key, (int, np.integer)):
            i = int(key)
            if i < 0:
                i += len(self._c)
            if i < 0:
                raise _error(_core.OutOfRangeError, "index", f"{key} is outside the caseload")
            return Pathway._wrap(self._c.pathway_at(i))
        raise TypeError(f"caseload indices are person ids or integers, not {type(key).__name__}")

    @property
    def person_ids(self) -> list:
        return self._c.person_ids

    @property
    def event_count(self) -> int:
        return self._c.event_count

    @property
    def attributes(self) -> dict:
        return self._c.attributes

    @property
    def first_date(self):
        return self._c.first_date

    @property
    def last_date(self):
        return self._c.last_date

    def events_table(self) -> TimelineTable:
        """Every event as a TimelineTable (person_id, type, date, date2, code), column-wise."""
        cols = self._c.columns()
        offsets = cols["offsets"]
        ids = np.asarray(self._c.person_ids, dtype=object)
        owner = np.repeat(np.arange(len(ids)), np.diff(offsets)) if len(ids) else np.array([], dtype=np.intp)
        pool = np.asarray(list(cols["code_pool"]) + [None], dtype=object)
        code = cols["code"].astype(np.intp)
        code[code < 0] = len(pool) - 1
        data: dict[str, Any] = {
            "person_id": ids[owner] if len(ids) else np.array([], dtype=object),
            "type": _Coded(cols["type"], EVENT_TYPES),
            "date": cols["date"],
            "date2": cols["date2"],
            "code": pool[code],
            "admitted": cols["admitted"],
        }
        for key, (index, codes) in cols["details"].items():
            table = np.asarray(list(codes) + [None], dtype=object)
            ix = index.astype(np.intp)
            ix[ix < 0] = len(table) - 1
            data[key] = table[ix]
        return TimelineTable(data, {"date": "date", "date2": "date", "admitted": "date"})

    def to_pandas(self):
        """Every event as a DataFrame (date2: planned discharge or CRFD end;
        code: delay reason or destination)."""
        return self.events_table().to_pandas()

    def evaluate(self, as_of, policy: Optional[TimelinePolicy] = None) -> Evaluation:
        """Every pathway's stage and milestones as of a date (one C++ call)."""
        return Evaluation(self._c.evaluate(as_of, _policy(policy)), self._c.person_ids)

    def snapshot(self, on, policy: Optional[TimelinePolicy] = None) -> Snapshot:
        """People per stage and overdue milestones (who, how late) on a date."""
        return Snapshot(json.loads(self._c.snapshot_json(on, _policy(policy))))

    def measures(self, start, end, *, policy: Optional[TimelinePolicy] = None,
                 costs: Optional[CostModel] = None, as_of=None, by: Optional[str] = None):
        """National measures and bed-day savings over start..end (inclusive).

        Events up to ``as_of`` (default: ``end``) are used. With ``by`` (a
        per-person attribute such as ``"ward"``, e.g. from an extra column of
        :func:`read_events`) the result is a :class:`MeasuresByGroup`: one
        Measures per value, and one for the people without the attribute.
        """
        if by is not None:
            if not isinstance(by, str):
                raise _error(_core.InvalidArgumentError, "by", f"expected an attribute name, got {type(by).__name__}")
            return MeasuresByGroup(json.loads(self._c.measures_by_json(by, start, end, _policy(policy),
                                                                       _costs(costs), as_of)))
        return Measures(json.loads(self._c.measures_json(start, end, _policy(policy), _costs(costs), as_of)))

    def measures_partials(self, start, end, *, policy: Optional[TimelinePolicy] = None,
                          costs: Optional[CostModel] = None, as_of=None,
                          by: Optional[str] = None) -> list:
        """The measures of this caseload as mergeable partials (docs/scale.md).

        Returns ``[(group value or None, people, partial)]``: one row without
        ``by``, one per value of the attribute with it (as :meth:`measures`).
        ``partial`` is bytes (the core's versioned JSON); :func:`merge_measures`
        adds partials of disjoint caseloads (split by person) into exactly the
        figures :meth:`measures` gives on the whole.
        """
        if by is not None and not isinstance(by, str):
            raise _error(_core.InvalidArgumentError, "by", f"expected an attribute name, got {type(by).__name__}")
        return self._c.measures_partial_json(by, start, end, _policy(policy), _costs(costs), as_of)

    def to_fhir(self, person_id: Optional[str] = None, as_of=None, *, readings=None) -> dict:
        """A FHIR R4 collection Bundle of one person's pathway, or of everyone
        (``person_id=None``), with their Star readings when ``readings`` is given
        (docs/fhir.md). See :func:`homeward.to_fhir` for every option."""
        from ._fhir import to_fhir

        return to_fhir(self, person_id, readings=readings, as_of=as_of)

    @classmethod
    def from_fhir(cls, source, **options) -> "Caseload":
        """The caseload in a FHIR Bundle, resource or folder of resources
        (JSON text, dict, or a ``pathlib.Path``). :func:`homeward.read_fhir`
        also returns the Star readings and what was not used."""
        from ._fhir import read_fhir

        return read_fhir(source, **options).caseload

    def _repr_html_(self) -> Optional[str]:
        from ._report import caseload_html

        return caseload_html(self)

    def __repr__(self) -> str:
        if not len(self):
            return "Caseload(0 pathways)"
        return f"Caseload({len(self)} pathways, {self.event_count} events, {self.first_date}..{self.last_date})"


def _from_events(cls, person_id, type, date, planned_discharge=None, end_date=None,
                 delay_reason=None, destination=None, *, admitted: Any = None, out_of_area_reason: Any = None,
                 details: Optional[dict[str, Any]] = None) -> Caseload:
    """The columns go to the core's table loader (homeward.read_events): rows in
    any order, codes normalised (18.0 -> "18"), every bad row reported."""
    import pandas as pd

    from ._ingest import _columns

    given = {"person_id": person_id, "type": type, "date": date, "planned_discharge": planned_discharge,
             "end_date": end_date, "delay_reason": delay_reason, "destination": destination,
             "admitted": admitted, "out_of_area_reason": out_of_area_reason, **(details or {})}
    data = {}
    n = None
    for name, values in given.items():
        if values is None:
            continue
        arr = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
        if arr.ndim != 1:
            raise _error(_core.InvalidArgumentError, name, f"expected a 1-D column, got shape {arr.shape}")
        if n is None:
            n = arr.shape[0]
        elif arr.shape[0] != n:
            raise _error(_core.InvalidArgumentError, name, f"has {arr.shape[0]} values, expected {n}")
        if arr.dtype.kind == "U" or arr.dtype.kind == "S":
            arr = arr.astype(object)
        elif arr.dtype.kind == "M":
            arr = arr.astype("datetime64[s]")
        data[name] = pd.Series(arr, dtype=arr.dtype if arr.dtype.kind in "Mfiub" else object)
    frame = pd.DataFrame(data)
    return cls._wrap(_core._ingest_events(_columns(frame), len(frame), "events", 0, {}, 20))


def merge_measures(partials: Iterable[Union[bytes, str]]) -> Measures:
    """Measures of a whole caseload from the partials of its parts
    (:meth:`Caseload.measures_partials`, split by person): every count, rate,
    sum, mean, median, shortest and longest equals :meth:`Caseload.measures`
    on the whole; the per-person lists (misses, stays, ...) are empty.
    Partials of different periods, policies or costs are refused
    (``InvalidArgumentError`` naming ``partials[i]``)."""
    items = list(partials)
    for i, p in enumerate(items):
        if not isinstance(p, (bytes, str)):
            raise _error(_core.InvalidArgumentError, f"partials[{i}]",
                         f"expected bytes from Caseload.measures_partials, got {type(p).__name__}")
    # The core takes bytes or str (std::string); the stub says str.
    return Measures(json.loads(_core.measures_merge_json(items)))  # type: ignore[arg-type]


def sample_caseload() -> Caseload:
    """The bundled synthetic sample caseload (people P0001.., see scripts/make_sample_caseload.py)."""
    from ._paths import sample_path

    return Caseload.from_json(sample_path("sample_caseload.json"))


# ---------------------------------------------------------------------------
# The report section of the `homeward` program


def _money(x: float) -> str:
    return f"£{x:,.0f}"


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.1f}%" if den else "n/a"


def _fmt_days(x) -> str:
    return "n/a" if x is None else (f"{x:.1f}" if isinstance(x, float) else str(x))


def timeline_report(caseload: Optional[Caseload] = None, as_of=None, start=None, end=None, *,
                    policy: Optional[TimelinePolicy] = None, costs: Optional[CostModel] = None,
                    max_rows: int = 15) -> str:
    """The "Referral timelines" section of the homeward report, as Markdown text.

    People per stage and overdue milestones as of ``as_of``; national measures
    and bed-day savings over ``start``..``end`` (inclusive). Defaults: the
    bundled sample caseload; dates from the caseload's ``report_period``
    attribute when it has one (the sample does), else ``as_of`` = the last
    event date and the 30 weeks ending on ``end`` = ``as_of``.
    """
    import datetime as _dt

    if caseload is None:
        caseload = sample_caseload()
    period = caseload.attributes.get("report_period") if isinstance(caseload.attributes, dict) else None
    period = period if isinstance(period, dict) else {}
    if as_of is None:
        as_of = period.get("as_of") or caseload.last_date or _dt.date.today()
    as_of = _as_date(as_of)
    if end is None:
        # The caseload's own period unless the report is dated before its end.
        end = _as_date(period["end"]) if "end" in period else as_of
        end = min(end, as_of)
    end = _as_date(end)
    if start is None:
        start = _as_date(period["start"]) if "start" in period else None
        if start is None or start > end:
            start = end - _dt.timedelta(weeks=30) + _dt.timedelta(days=1)
    policy = _policy(policy)
    costs = _costs(costs)
    snap = caseload.snapshot(as_of, policy)
    m = caseload.measures(start, end, policy=policy, costs=costs, as_of=max(_as_date(as_of), _as_date(end)))
    out = ["## Referral timelines", ""]
    out.append(f"{len(caseload)} people on the caseload; stages as of {snap.on}.")
    out += ["", "### People per stage", "", "| stage | people |", "|---|---:|"]
    for stage, count in snap.stage_counts.items():
        if stage == "not_yet_referred" and not count:
            continue
        out.append(f"| {stage.replace('_', ' ')} | {count} |")
    out += ["", f"### Overdue milestones on {snap.on}", ""]
    rows = snap.overdue.to_records()
    if not rows:
        out.append("None.")
    else:
        out += ["| person | milestone | due | days late | working days late |", "|---|---|---|---:|---:|"]
        for r in rows[:max_rows]:
            out.append(f"| {r['person_id']} | {r['milestone'].replace('_', ' ')} | {r['due']} | "
                       f"{r['days_late']} | {r['working_days_late']} |")
        if len(rows) > max_rows:
            out.append(f"| ... and {len(rows) - max_rows} more | | | | |")
    fu, rd, cr, sd, lt, bd = m.follow_up, m.readmission, m.crfd, m.step_down, m.lead_times, m.bed_days
    out += ["", f"### National measures, {m.start} to {m.end}", ""]
    out.append(f"- Follow-up within 72 hours ({policy.follow_up_days} days) of discharge: "
               f"{fu.numerator} of {fu.denominator} ({_pct(fu.numerator, fu.denominator)}); "
               f"{fu.pending} pending, {fu.excluded} excluded.")
    excluded = fu.exclusions.to_records()
    if excluded:
        counts: dict[str, int] = {}
        for x in excluded:
            counts[x["reason"]] = counts.get(x["reason"], 0) + 1
        out.append("  - Excluded: " + ", ".join(f"{n} {r.replace('_', ' ')}" for r, n in sorted(counts.items()))
                   + " (" + ", ".join(f"{x['person_id']} {x['reason'].replace('_', ' ')}"
                                      + (f" {x['code']}" if x["code"] else "") for x in excluded[:max_rows])
                   + (f" and {len(excluded) - max_rows} more" if len(excluded) > max_rows else "") + ").")
    misses = fu.misses.to_records()
    if misses:
        shown = ", ".join(
            f"{x['person_id']} (discharged {x['discharged']}, "
            + (f"contact after {x['days']} days" if x['days'] is not None else "no contact recorded") + ")"
            for x in misses[:max_rows])
        more = f" and {len(misses) - max_rows} more" if len(misses) > max_rows else ""
        out.append(f"  - Missed: {shown}{more}.")
    out.append(f"- Readmissions within {policy.readmission_window_days} days: {rd.numerator} of {rd.denominator} "
               f"discharges ({_pct(rd.numerator, rd.denominator)}); {rd.pending} still inside the window.")
    reasons = "; ".join(f"reason {r['reason']}: {r['days']} days" for r in cr.by_reason.to_records())
    out.append(f"- Days clinically ready for discharge ({cr.day_count} count): {cr.days} over {cr.periods} periods"
               + (f" ({reasons})." if reasons else "."))
    groups = "; ".join(f"{r['group'].replace('_', ' ')}: {r['days']} days" for r in cr.by_group.to_records())
    if groups:
        out.append(f"  - By NHS England's reason groups: {groups}.")
    ip, oa = m.inpatient, m.out_of_area
    if ip.count:
        out.append(f"- Inpatient length of stay ({ip.count} spells with a known admission): mean "
                   f"{_fmt_days(ip.mean)} days, {_fmt_days(ip.mean_without_crfd)} without CRFD days; "
                   f"{ip.long_stays} long stays.")
    if len(oa.placements):
        out.append(f"- Out-of-area placements: {oa.active_at_end} active at the end "
                   f"({oa.inappropriate_active_at_end} inappropriate), {oa.starts} started, {oa.ends} ended, "
                   f"{oa.bed_days} bed days ({oa.inappropriate_bed_days} inappropriate).")
    if sd.count:
        longest = sd.longest
        out.append(f"- Step-down length of stay ({sd.count} stays ended): mean {_fmt_days(sd.mean)} days, "
                   f"median {_fmt_days(sd.median)}, longest {longest['days']} ({longest['person_id']}).")
    else:
        out.append("- Step-down length of stay: no stays ended in the period.")
    if lt.count:
        out.append(f"- Referral lead time ({lt.count} referrals with a planned discharge date): mean "
                   f"{_fmt_days(lt.mean)} days, median {_fmt_days(lt.median)}; {lt.meeting_target} "
                   f"({_pct(lt.meeting_target, lt.count)}) at least {policy.referral_lead_days} days ahead.")
    else:
        out.append("- Referral lead time: no referrals with a planned discharge date in the period.")
    out += ["", f"### Bed-day savings, {m.start} to {m.end}", ""]
    per_day = bd.inpatient_day_cost - bd.step_down_day_cost
    out.append(f"{bd.days:,} step-down days, each a hospital bed-day avoided, at {_money(bd.inpatient_day_cost)} "
               f"(inpatient) − {_money(bd.step_down_day_cost)} (step-down) = {_money(per_day)} a day: "
               f"**{_money(bd.savings)} saved** across {len(bd.people)} people.")
    people = sorted(bd.people.to_records(), key=lambda r: (-r["days"], r["person_id"]))
    if people:
        out += ["", "| person | step-down days | saving |", "|---|---:|---:|"]
        for r in people[:max_rows]:
            out.append(f"| {r['person_id']} | {r['days']} | {_money(r['savings'])} |")
        if len(people) > max_rows:
            out.append(f"| ... and {len(people) - max_rows} more | | |")
    out.append("")
    return "\n".join(out)


def _as_date(value):
    import datetime as _dt

    if isinstance(value, _dt.datetime):
        raise _error(_core.InvalidArgumentError, "date", "a datetime.datetime is not a date; pass .date()")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise _error(_core.InvalidArgumentError, "date", f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").astype(object)
    raise _error(_core.InvalidArgumentError, "date", f"expected a date, got {type(value).__name__}")
