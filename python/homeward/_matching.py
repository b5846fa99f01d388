"""Placement matching and worker allocation.

People ready for discharge are matched to step-down places (beds in supported
accommodation) and to workers with limited caseloads in each role of the
transition team. Hard constraints decide what is allowed; weighted soft terms
give a cost; the core solves a capacitated assignment (the most people placed,
then the least total cost) and explains every match and every unmatched
person. The same input always gives the same output.

Results are **recommendations for human review** (UK GDPR art. 22), not
decisions. The schemas, constraints and default weights are in
``docs/matching.md``.

>>> import homeward
>>> people = [{"id": "P0001", "area": "Derbyshire", "risk": "low",
...            "ready_date": "2026-03-02", "preferences": ["SD-01"]}]
>>> places = [{"id": "SD-01", "area": "Derbyshire", "beds": 1,
...            "max_risk": "medium", "free_date": "2026-03-04"}]
>>> result = homeward.match_placements(people, places)
>>> result.matches[0]["place"], result.matches[0]["cost"]
('SD-01', 2.0)
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Union

from . import _core

if TYPE_CHECKING:
    import pandas

__all__ = [
    "ROLES",
    "MatchWeights",
    "MatchResult",
    "match_placements",
    "allocate_workers",
    "match_placements_ranked",
    "allocate_workers_ranked",
    "match_placements_with",
    "allocate_workers_with",
    "matching_report",
    "load_sample_placements",
]

#: The five roles of the assertive transition team, in the library's order.
ROLES = (
    "pathway_navigator",
    "substance_use_specialist",
    "transition_support_worker",
    "peer_support_worker",
    "family_liaison_officer",
)

# The core is the single source of the defaults.
_DEFAULTS: dict[str, Any] = json.loads(_core._match_options_json(""))
_DW: dict[str, Any] = _DEFAULTS["weights"]


@dataclasses.dataclass(frozen=True)
class MatchWeights:
    """Weights turning soft preferences into a cost (all finite and >= 0).

    A cost of 1 is worth one day waiting by default.

    * ``preference_rank``: per rank below first choice (2nd choice = 1 x this).
    * ``unranked``: a place absent from a non-empty preference list.
    * ``wait_day``: per day between the ready date and the date the bed is free.
    * ``out_of_area``: a place outside the person's home area.
    * ``continuity``: a worker other than the one the person already knows in
      that role.
    * ``caseload``: multiplied by the worker's ``current_load / caseload_limit``
      (spreads the load).
    """

    preference_rank: float = _DW["preference_rank"]
    unranked: float = _DW["unranked"]
    wait_day: float = _DW["wait_day"]
    out_of_area: float = _DW["out_of_area"]
    continuity: float = _DW["continuity"]
    caseload: float = _DW["caseload"]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


PathLike = Union[str, os.PathLike[str]]


def _plain(value: Any) -> Any:
    """Convert NumPy / pandas / datetime values into JSON-ready Python values."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, _dt.datetime):
        # pandas.Timestamp is a datetime; only midnight values are dates.
        if (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0):
            return value.isoformat()  # the core rejects it, naming the field
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    import numpy as np  # a dependency of homeward

    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return str(value.astype("datetime64[D]"))
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        f = float(value)
        return None if math.isnan(f) else f
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    # pandas.NA / NaT
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _records(items: Any, name: str) -> Any:
    """A list of dicts from a list, a pandas DataFrame, or JSON text of an array."""
    if items is None:
        return []
    if isinstance(items, str):
        return _RawJson(items, name)
    if hasattr(items, "to_dict") and hasattr(items, "columns"):  # pandas.DataFrame
        records = items.to_dict(orient="records")
        # Drop missing cells so optional fields take their defaults.
        return [{k: v for k, v in _plain(r).items() if v is not None} for r in records]
    if isinstance(items, Mapping):
        raise TypeError(f"{name}: expected a list of dicts, a DataFrame or JSON text, got a dict")
    return [_plain(r) for r in items]


class _RawJson:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name


def _input_json(first: Any, second: Any, first_name: str,
                second_name: str) -> Union[str, bytes, "os.PathLike[str]"]:
    """The core's input document from the user's arguments.

    A ``str`` or ``bytes`` is JSON text, an ``os.PathLike`` (``pathlib.Path``)
    is a file the core reads; a ``str`` is never taken for a path.
    """
    if second is None and isinstance(first, (str, bytes, os.PathLike)):
        return first
    if second is None and isinstance(first, Mapping):
        return json.dumps(_plain(first), allow_nan=False)
    parts = []
    for key, value in ((first_name, first), (second_name, second)):
        rec = _records(value, key)
        if isinstance(rec, _RawJson):
            parts.append(f"{json.dumps(key)}: {rec.text}")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(rec, allow_nan=False)}")
    return "{" + ", ".join(parts) + "}"


def _options_json(options: Any, **overrides: Any) -> str:
    if options is None:
        opts: dict[str, Any] = {}
    elif isinstance(options, str):
        # The core parses and validates (ParseError naming "options").
        opts = json.loads(_core._match_options_json(options))
    elif isinstance(options, Mapping):
        opts = dict(options)
    else:
        raise TypeError("options: expected a dict or JSON text")
    for key, value in overrides.items():
        if value is None:
            continue
        if key == "weights":
            if isinstance(value, MatchWeights):
                value = value.to_dict()
            elif not isinstance(value, Mapping):
                raise TypeError("weights: expected a MatchWeights or a dict")
            merged = dict(opts.get("weights") or {})
            merged.update(value)
            value = merged
        elif key == "default_roles" and isinstance(value, str):
            value = [value]
        opts[key] = value
    return json.dumps(_spell_non_finite(opts), allow_nan=False)


def _spell_non_finite(value: Any) -> Any:
    """Options: NaN and infinities become "nan"/"inf"/"-inf" so the core rejects
    them naming the field (JSON has no such numbers)."""
    if isinstance(value, Mapping):
        return {str(k): _spell_non_finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_spell_non_finite(v) for v in value]
    import numpy as np

    if isinstance(value, (float, np.floating)):
        f = float(value)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    return _plain(value)


class MatchResult:
    """Recommendations with reasons, for human review.

    Attributes: ``kind`` ('placements' or 'workers'), ``matches`` and
    ``unmatched`` (lists of dicts, schema in docs/matching.md), ``summary``,
    ``resources`` (places or workers with capacity and use), ``options`` (the
    options used, defaults filled in), ``notice`` (the UK GDPR art. 22 note).
    """

    def __init__(self, core: _core._MatchResult) -> None:
        self._core = core
        self._cache: Optional[dict[str, Any]] = None

    @property
    def _data(self) -> dict[str, Any]:
        # Parsed on first use: explain() and report() never need it.
        if self._cache is None:
            data: dict[str, Any] = json.loads(self._core.to_json())
            self._cache = data
        return self._cache

    @classmethod
    def from_json(cls, text: str) -> "MatchResult":
        """Read a result saved with :meth:`to_json`."""
        return cls(_core._match_result_from_json(text))

    kind = property(lambda self: self._core.kind)
    matches = property(lambda self: self._data["matches"])
    unmatched = property(lambda self: self._data["unmatched"])
    summary = property(lambda self: self._data["summary"])
    options = property(lambda self: self._data["options"])
    notice = property(lambda self: self._data["notice"])
    total_cost = property(lambda self: self._core.total_cost)

    @property
    def rank(self) -> int:
        """1 for an optimum, 2 for the next best ... (ranked results); 0 under rules."""
        return int(self._data["summary"].get("rank", 1))

    @property
    def cost_change(self) -> float:
        """Total cost minus the optimum's (ranked results and results under rules)."""
        return float(self._data["summary"].get("cost_change", 0.0))

    @property
    def matched_change(self) -> int:
        """People matched minus in the optimum (<= 0)."""
        return int(self._data["summary"].get("matched_change", 0))

    def alternative(self, person_id: str, role: Optional[str] = None) -> Optional[dict[str, Any]]:
        """The best alternative for a person (their "alternative" entry), or None.

        The best arrangement in which the person's outcome differs from this result
        (another place or worker, or none; for an unmatched person, a place), with
        ``cost_change`` and ``matched_change`` for the whole allocation, their own
        ``cost`` and ``terms`` there and ``others_changed``.
        """
        for entry in [*self.matches, *self.unmatched]:
            if entry["person"] == person_id and (role is None or entry.get("role") == role):
                alt = entry.get("alternative")
                return dict(alt) if alt is not None else None
        raise _core.NotFoundError(f"person: {person_id!r} is not in this result")

    @property
    def resources(self) -> list[dict[str, Any]]:
        resources: list[dict[str, Any]] = self._data["workers" if self.kind == "workers" else "places"]
        return resources

    def explain(self, person_id: str) -> str:
        """A readable multi-line explanation of one person's outcome."""
        return self._core.explain(person_id)

    def report(self) -> str:
        """A Markdown report of the whole result."""
        return self._core.report()

    def to_json(self, indent: Optional[int] = None) -> str:
        return self._core.to_json(-1 if indent is None else indent)

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self._core.to_json())
        return result

    def to_pandas(self) -> pandas.DataFrame:
        """One row per person (per person and role for workers).

        Columns: person, [role], place/worker (None when unmatched), status
        ('matched' or 'unmatched'), cost, one ``cost_<term>`` column per cost
        term, reason and summary (unmatched only).
        """
        import pandas as pd

        res_key = "worker" if self.kind == "workers" else "place"
        rows = []
        term_names: list[str] = []
        for m in self.matches:
            row = {"person": m["person"]}
            if self.kind == "workers":
                row["role"] = m["role"]
            row.update({res_key: m[res_key], "status": "matched", "cost": m["cost"]})
            for t in m["terms"]:
                col = "cost_" + t["term"]
                if col not in term_names:
                    term_names.append(col)
                row[col] = t["value"]
            row.update({"reason": None, "summary": None})
            rows.append(row)
        for u in self.unmatched:
            row = {"person": u["person"]}
            if self.kind == "workers":
                row["role"] = u["role"]
            row.update({res_key: None, "status": "unmatched", "cost": None,
                        "reason": u["reason"], "summary": u["summary"]})
            rows.append(row)
        columns = ["person"] + (["role"] if self.kind == "workers" else [])
        columns += [res_key, "status", "cost", *term_names, "reason", "summary"]
        df = pd.DataFrame(rows, columns=columns)
        order = ["person", "role"] if self.kind == "workers" else ["person"]
        if self.kind == "workers" and len(df):
            df["_r"] = df["role"].map({r: i for i, r in enumerate(ROLES)})
            df = df.sort_values(["person", "_r"], kind="stable").drop(columns="_r")
        else:
            df = df.sort_values(order, kind="stable")
        result: pandas.DataFrame = df.reset_index(drop=True)
        return result

    def __repr__(self) -> str:
        c = self._core
        return (f"<homeward.MatchResult {c.kind}: {c.matched} matched, "
                f"{c.unmatched} unmatched, total cost {c.total_cost:g}>")

    def _repr_html_(self) -> Optional[str]:
        from ._report import match_html

        return match_html(self._data)

    def _repr_markdown_(self) -> str:
        return self.report()


def match_placements(
    people: Any,
    places: Any = None,
    *,
    weights: Union[MatchWeights, Mapping[str, Any], None] = None,
    max_wait_days: Optional[int] = None,
    allow_out_of_area: Optional[bool] = None,
    solver: Optional[str] = None,
    method: Optional[str] = None,
    options: Union[Mapping[str, Any], str, None] = None,
) -> MatchResult:
    """Recommend a step-down place for each person.

    ``people`` and ``places`` are lists of dicts (or pandas DataFrames, or JSON
    text of an array) in the schema of docs/matching.md. Alternatively pass one
    whole input document as ``people`` (a dict with "people" and "places", JSON
    text, or a path) and leave ``places`` out.

    Hard constraints: free beds, area (home area or ``acceptable_areas``,
    unless ``allow_out_of_area``), single-gender units, step-free access,
    substance-use support, risk level, the bed free within ``max_wait_days`` of
    the ready date, maximum stay. Costs: ``weights`` (:class:`MatchWeights`).
    ``method`` is ``"optimal"`` (default: the most people placed, then the
    least total cost) or ``"stable"`` (person-proposing Gale-Shapley: people
    rank places by cost, places rank people by ready date; nobody and no place
    would both rather swap). ``options`` takes the same keys as a dict or JSON
    text; keyword arguments override it. The solve releases the GIL.

    Raises ``homeward.InvalidArgumentError`` / ``NotFoundError`` /
    ``ParseError`` naming the field, e.g. ``people[3].preferences[1]: unknown
    place "X9"``. Empty people or places give an empty result.
    """
    doc = _input_json(people, places, "people", "places")
    opts = _options_json(options, weights=weights, max_wait_days=max_wait_days,
                         allow_out_of_area=allow_out_of_area, solver=solver, method=method)
    return MatchResult(_core._match_placements(doc, opts))


def allocate_workers(
    people: Any,
    workers: Any = None,
    *,
    weights: Union[MatchWeights, Mapping[str, Any], None] = None,
    default_roles: Union[Iterable[str], str, None] = None,
    solver: Optional[str] = None,
    method: Optional[str] = None,
    options: Union[Mapping[str, Any], str, None] = None,
) -> MatchResult:
    """Recommend a worker in each role each person needs.

    One capacitated assignment per role: people needing the role (their
    ``roles``, else ``default_roles``, by default pathway navigator) against
    the workers in it, with spare caseload (``caseload_limit - current_load``)
    as capacity. Constraints: spare caseload and the person's area covered.
    Costs: continuity with a known worker and current caseload
    (:class:`MatchWeights`). Inputs as for :func:`match_placements` (a whole
    document needs "people" and "workers"). With ``method="stable"`` a worker
    ranks first the people who already know them, then by ready date.
    """
    if default_roles is not None and not isinstance(default_roles, str):
        default_roles = list(default_roles)
    doc = _input_json(people, workers, "people", "workers")
    opts = _options_json(options, weights=weights, default_roles=default_roles, solver=solver,
                         method=method)
    return MatchResult(_core._allocate_workers(doc, opts))


def _rules_json(must: Any, must_not: Any) -> str:
    rules = []
    for name, items, rule in (("must", must, "must"), ("must_not", must_not, "must_not")):
        for i, item in enumerate(items or ()):
            if isinstance(item, Mapping):
                entry = dict(item)
                entry.setdefault("rule", rule)
            else:
                what = f"expected (person, resource[, role]), got {item!r}"
                try:
                    parts = tuple(item)
                except TypeError:
                    raise _invalid(f"{name}[{i}]", what) from None
                if len(parts) not in (2, 3):
                    raise _invalid(f"{name}[{i}]", what)
                entry = {"person": parts[0], "resource": parts[1], "rule": rule}
                if len(parts) == 3:
                    entry["role"] = parts[2]
            rules.append(entry)
    return json.dumps(rules)


def _invalid(field: str, message: str) -> Exception:
    err = _core.InvalidArgumentError(f"{field}: {message}")
    err.field = field
    err.message = message
    return err


def _whole_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise _invalid("k", f"expected a whole number >= 0, got {k!r}")
    return int(k)


def match_placements_ranked(
    people: Any,
    places: Any = None,
    k: int = 10,
    *,
    weights: Union[MatchWeights, Mapping[str, Any], None] = None,
    max_wait_days: Optional[int] = None,
    allow_out_of_area: Optional[bool] = None,
    solver: Optional[str] = None,
    options: Union[Mapping[str, Any], str, None] = None,
) -> list[MatchResult]:
    """The ``k`` best placement recommendations, best first (a list of :class:`MatchResult`).

    Ordered as :func:`match_placements` optimises: most people placed, then least total
    cost. Each is explained exactly like the optimum and carries ``rank`` (1, 2, ...),
    ``cost_change`` and ``matched_change`` against the first. Fewer than ``k`` when fewer
    exist. Murty's method (docs/assignment.md). Optimal method only.
    """
    doc = _input_json(people, places, "people", "places")
    opts = _options_json(options, weights=weights, max_wait_days=max_wait_days,
                         allow_out_of_area=allow_out_of_area, solver=solver)
    return [MatchResult(r) for r in _core._match_placements_ranked(doc, _whole_k(k), opts)]


def allocate_workers_ranked(
    people: Any,
    workers: Any = None,
    k: int = 10,
    *,
    weights: Union[MatchWeights, Mapping[str, Any], None] = None,
    default_roles: Union[Iterable[str], str, None] = None,
    solver: Optional[str] = None,
    options: Union[Mapping[str, Any], str, None] = None,
) -> list[MatchResult]:
    """The ``k`` best worker allocations over all roles, best first (see
    :func:`match_placements_ranked`)."""
    if default_roles is not None and not isinstance(default_roles, str):
        default_roles = list(default_roles)
    doc = _input_json(people, workers, "people", "workers")
    opts = _options_json(options, weights=weights, default_roles=default_roles, solver=solver)
    return [MatchResult(r) for r in _core._allocate_workers_ranked(doc, _whole_k(k), opts)]


def match_placements_with(
    people: Any,
    places: Any = None,
    *,
    must: Any = None,
    must_not: Any = None,
    weights: Union[MatchWeights, Mapping[str, Any], None] = None,
    max_wait_days: Optional[int] = None,
    allow_out_of_area: Optional[bool] = None,
    solver: Optional[str] = None,
    options: Union[Mapping[str, Any], str, None] = None,
) -> Optional[MatchResult]:
    """The best recommendation obeying rules, or None when none does.

    ``must`` / ``must_not``: pairs ``(person_id, place_id)``: "the best allocation in
    which P0001 does not get SD-04". ``place_id=None`` means unmatched (``must``: stays
    unmatched; ``must_not``: gets a place). The result has ``rank`` 0 and its
    ``cost_change`` / ``matched_change`` against the optimum.
    """
    doc = _input_json(people, places, "people", "places")
    opts = _options_json(options, weights=weights, max_wait_days=max_wait_days,
                         allow_out_of_area=allow_out_of_area, solver=solver)
    r = _core._match_placements_with(doc, _rules_json(must, must_not), opts)
    return None if r is None else MatchResult(r)


def allocate_workers_with(
    people: Any,
    workers: Any = None,
    *,
    must: Any = None,
    must_not: Any = None,
    weights: Union[MatchWeights, Mapping[str, Any], None] = None,
    default_roles: Union[Iterable[str], str, None] = None,
    solver: Optional[str] = None,
    options: Union[Mapping[str, Any], str, None] = None,
) -> Optional[MatchResult]:
    """The best worker allocation obeying rules ``(person_id, worker_id)``, or None.

    ``(person_id, None, role)`` stands for "unmatched in that role".
    """
    if default_roles is not None and not isinstance(default_roles, str):
        default_roles = list(default_roles)
    doc = _input_json(people, workers, "people", "workers")
    opts = _options_json(options, weights=weights, default_roles=default_roles, solver=solver)
    r = _core._allocate_workers_with(doc, _rules_json(must, must_not), opts)
    return None if r is None else MatchResult(r)


def load_sample_placements() -> dict[str, Any]:
    """The bundled synthetic sample: people, places and workers (pseudonymous)."""
    from ._paths import sample_path

    with open(sample_path("sample_placements.json"), encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def matching_report(data: Union[Mapping[str, Any], PathLike, None] = None) -> str:
    """The matching section of the ``homeward`` report, as Markdown text.

    ``data`` is an input document (a dict with "people", "places" and
    "workers"), JSON text (``str``/``bytes``), or a path to one
    (``os.PathLike`` such as ``pathlib.Path``; a ``str`` is always text);
    None uses the bundled sample.
    Places are matched first, then workers; each part lists the
    recommendations with their reasons and the unmatched people with why.
    """
    if data is None:
        data = load_sample_placements()
    doc: Union[str, bytes, "os.PathLike[str]"]
    if isinstance(data, Mapping):
        doc = json.dumps(_plain(data), allow_nan=False)
    elif isinstance(data, (str, bytes, os.PathLike)):
        doc = data  # str/bytes: JSON text; os.PathLike: a file
    else:
        raise TypeError("data: expected a dict, JSON text or a path (os.PathLike)")
    placements = MatchResult(_core._match_placements(doc, ""))
    workers = MatchResult(_core._allocate_workers(doc, ""))
    return placements.report() + "\n" + workers.report()
