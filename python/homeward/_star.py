"""Recovery Star (Outcomes Star) outcomes: readings, stages, distance travelled,
reliable change, cohort summaries and star charts.

The work is done by the C++ core (``homeward._core``); this module adds the
Python niceties: accepting pandas DataFrames, paths and NumPy arrays,
``to_pandas()`` on tabular results, ``_repr_svg_`` for notebooks, and a
plain-text report section for the ``homeward`` program.

The Outcomes Star family is copyright Triangle Consulting Social Enterprise;
services need Triangle's licence to use it. This library ships area names and
stage bands only (no scale descriptions or ladder text). See docs/star.md.
"""
from __future__ import annotations

import collections.abc
import os
import pathlib
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import numpy.typing

import homeward._star_results

from . import _core
from ._core import (
    STAR_CAUTION,
    Reading,
    StarCohort,
    StarDefinition,
    StarJourney,
    StarReadings,
    star_chart_svg,
)
from ._star_results import DistanceTravelled, ReliableChange, _pandas

if TYPE_CHECKING:
    import pandas

# Methods written here are attached to the compiled classes with _attach():
# their annotations are spelled out in full (pandas.DataFrame,
# homeward._star_results.DistanceTravelled) because scripts/make_stubs.sh
# copies them into python/homeward/_core.pyi, where the class declares them.

__all__ = [
    "STAR_CAUTION",
    "COMPLETED_BY",
    "DistanceTravelled",
    "Reading",
    "ReliableChange",
    "StarCohort",
    "StarDefinition",
    "StarJourney",
    "StarReadings",
    "outcomes_report",
    "reliable_change",
    "sample_star_readings",
    "star_chart_svg",
    "star_cohort",
    "svg_to_png",
]

#: Who can complete a reading, in code order (0, 1, 2).
COMPLETED_BY = ("jointly", "worker", "service_user")

_PathOrText = Union[str, bytes, os.PathLike[str]]


def _attach(cls: type, **members: object) -> None:
    """Add Python-level methods and properties to a compiled class.

    The generated stubs declare them on the class (pybind11-stubgen reads
    these functions' signatures), so callers are type-checked as usual.
    """
    for name, member in members.items():
        setattr(cls, name, member)


def _invalid(field_name: str, message: str) -> Exception:
    exc = _core.InvalidArgumentError(f"{field_name}: {message}" if field_name else message)
    exc.field = field_name
    exc.message = message
    return exc


# ---------------------------------------------------------------------------
# StarReadings constructors that accept pandas and NumPy columns.


def _readings_from_frame(
    frame: pandas.DataFrame,
    definition: Optional[StarDefinition] = None,
    *,
    person_id: str = "person_id",
    date: str = "date",
    completed_by: str = "completed_by",
    retrospective: str = "retrospective",
) -> StarReadings:
    """Readings from a pandas DataFrame with one row per reading.

    Columns: ``person_id`` (str), ``date`` (datetime64 or ``datetime.date``),
    ``completed_by`` ('jointly', 'worker', 'service_user', codes 0-2, or display
    names such as "Worker only" in any case), optionally ``retrospective``
    (bool), and one column per area of the definition, headed by its id or its
    display name in any case ("Managing mental health"); whole numbers, NaN /
    None / pd.NA mark a missing score.
    Other columns are ignored. Column names can be changed by keyword.
    """
    definition = definition or StarDefinition.recovery_star()
    columns = set(frame.columns)
    for name, label in ((person_id, "person_id"), (date, "date"), (completed_by, "completed_by")):
        if name not in columns:
            raise _invalid("columns", f"no {label!r} column (looked for {name!r})")
    # Area columns by id, or by display name in any case (the core's rule, as the
    # table loaders read them); an exact id wins over a display name.
    heading: dict[int, Any] = {}
    for c in frame.columns:
        if not isinstance(c, str) or c in (person_id, date, completed_by, retrospective):
            continue
        k = definition.find_area(c)
        if k is not None and (k not in heading or c == definition.area_ids[k]):
            heading[k] = c
    missing = [a for k, a in enumerate(definition.area_ids) if k not in heading]
    if missing:
        raise _invalid(
            "columns",
            f"no column for area(s) {', '.join(repr(m) for m in missing)} of the "
            f"{definition.name} (by id or display name); add them (NaN where not scored)",
        )
    scores: list[Optional[numpy.typing.NDArray[np.float64]]] = []
    for k, area in enumerate(definition.area_ids):
        col = frame[heading[k]]
        try:
            scores.append(np.ascontiguousarray(col.to_numpy(dtype=np.float64, na_value=np.nan)))
        except (TypeError, ValueError) as exc:
            raise _invalid(f"columns.{area}", f"scores must be numbers: {exc}") from None
    retro = None
    if retrospective in columns:
        retro = frame[retrospective].fillna(False).to_numpy(dtype=bool)
    return StarReadings._from_columns(
        definition,
        frame[person_id].to_numpy(dtype=object),
        frame[date].to_numpy(),
        scores,
        frame[completed_by].to_numpy(),
        retro,
    )


def _readings_from_columns(
    definition: Optional[StarDefinition] = None,
    *,
    person_id: numpy.typing.ArrayLike,
    date: numpy.typing.ArrayLike,
    scores: Union[numpy.typing.ArrayLike, collections.abc.Mapping[str, numpy.typing.ArrayLike]],
    completed_by: numpy.typing.ArrayLike,
    retrospective: Optional[numpy.typing.ArrayLike] = None,
) -> StarReadings:
    """Readings from columns (NumPy arrays or sequences), one entry per reading.

    ``scores`` is a (readings x areas) array in the definition's area order or
    a mapping of area id -> column; NaN marks a missing score.
    """
    definition = definition or StarDefinition.recovery_star()
    if isinstance(scores, Mapping):
        unknown = [k for k in scores if k not in definition.area_ids]
        if unknown:
            definition.area_index(unknown[0])  # raises NotFoundError naming it
        cols = [
            None if a not in scores else np.ascontiguousarray(scores[a], dtype=np.float64)
            for a in definition.area_ids
        ]
    else:
        arr = np.asarray(scores, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[1] != len(definition.area_ids):
            raise _invalid(
                "scores",
                f"expected a (readings x {len(definition.area_ids)}) array, got shape {arr.shape}",
            )
        cols = [np.ascontiguousarray(arr[:, a]) for a in range(arr.shape[1])]
    return StarReadings._from_columns(
        definition, np.asarray(person_id, dtype=object), date, cols, completed_by, retrospective
    )


def _readings_to_pandas(self: StarReadings) -> pandas.DataFrame:
    """The readings as a DataFrame: person_id, date, completed_by,
    retrospective and one float column per area (NaN where missing)."""
    pd = _pandas()
    c = self._columns()
    people = np.asarray(c["people"], dtype=object)
    data = {
        "person_id": people[c["person"]] if len(people) else np.array([], dtype=object),
        "date": c["days"].astype("datetime64[D]"),
        "completed_by": np.asarray(COMPLETED_BY, dtype=object)[c["completed_by"]],
        "retrospective": c["retrospective"],
    }
    for k, area in enumerate(self.definition.area_ids):
        data[area] = c["scores"][:, k]
    frame: pandas.DataFrame = pd.DataFrame(data)
    return frame


def _readings_journey(self: StarReadings, person_id: str) -> StarJourney:
    """One person's journey (NotFoundError for an unknown person)."""
    return StarJourney(self, person_id)


def _readings_from_json(
    text_or_path: Union[str, bytes, os.PathLike[str]], definition: Optional[StarDefinition] = None
) -> StarReadings:
    return StarReadings.from_json(definition or StarDefinition.recovery_star(), text_or_path)


_attach(
    StarReadings,
    from_frame=staticmethod(_readings_from_frame),
    from_columns=staticmethod(_readings_from_columns),
    load=staticmethod(_readings_from_json),
    to_pandas=_readings_to_pandas,
    journey=_readings_journey,
)


def _as_readings(readings: Any, definition: Optional[StarDefinition]) -> StarReadings:
    if isinstance(readings, StarReadings):
        if definition is not None and definition != readings.definition:
            raise _invalid("definition", "differs from the readings' own definition")
        return readings
    definition = definition or StarDefinition.recovery_star()
    if isinstance(readings, (str, bytes, os.PathLike)):
        return StarReadings.from_json(definition, readings)
    if hasattr(readings, "columns") and hasattr(readings, "to_numpy"):
        return _readings_from_frame(readings, definition)
    if isinstance(readings, Mapping):
        return _readings_from_columns(definition, **readings)
    if isinstance(readings, Iterable):
        return StarReadings.from_readings(definition, readings)
    raise _invalid(
        "readings",
        "expected StarReadings, a pandas DataFrame, a dict of columns, a list of "
        f"homeward.Reading or JSON text / a path, got {type(readings).__name__}",
    )


# ---------------------------------------------------------------------------
# Results with to_pandas().


_CLASS_NAMES = np.array(["reliable_deterioration", "no_reliable_change", "reliable_improvement"],
                        dtype=object)


def reliable_change(
    x1: numpy.typing.ArrayLike,
    x2: numpy.typing.ArrayLike,
    sd: numpy.typing.ArrayLike,
    reliability: numpy.typing.ArrayLike,
    *,
    critical: float = 1.96,
) -> ReliableChange:
    """Reliable change index RC = (x2 - x1) / S_diff, S_diff = sqrt(2) * sd * sqrt(1 - r).

    ``x1`` (baseline scores), ``x2`` (later scores), ``sd`` (the baseline SD,
    > 0) and ``reliability`` (strictly between 0 and 1) are scalars or NumPy
    arrays, broadcast together. |RC| > ``critical`` (1.96: 95%) is reliable
    change; higher scores are better. Returns a :class:`ReliableChange`.
    Errors name the element (``x2[3]: NaN is not a score``).
    """
    arrays = []
    for name, v in (("x1", x1), ("x2", x2), ("sd", sd), ("reliability", reliability)):
        try:
            arrays.append(np.asarray(v, dtype=np.float64))
        except (TypeError, ValueError):
            raise _invalid(name, f"expected numbers, got {type(v).__name__}") from None
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        raise _invalid(
            "x2",
            "shapes of x1, x2, sd and reliability do not broadcast: "
            + ", ".join(str(a.shape) for a in arrays),
        ) from None
    # Length-1 inputs stay length 1: the core broadcasts them.
    flat = [
        a.reshape(1) if a.size == 1 else np.ascontiguousarray(np.broadcast_to(a, shape)).ravel()
        for a in arrays
    ]
    rci, cls = _core._reliable_change(flat[0], flat[1], flat[2], flat[3], critical=critical)
    if all(a.ndim == 0 for a in arrays):
        return ReliableChange(float(rci[0]), str(_CLASS_NAMES[int(cls[0]) + 1]), None, critical)
    return ReliableChange(
        rci.reshape(shape),
        _CLASS_NAMES[cls.astype(np.int64) + 1].reshape(shape),
        None,
        critical,
    )


# ---------------------------------------------------------------------------
# StarJourney niceties.

def _journey_distance(
    self: StarJourney, baseline: str = "first"
) -> homeward._star_results.DistanceTravelled:
    """Distance travelled from the first reading (or, with
    ``baseline='lower_of_first_two'``, the lower of the first two readings'
    scores per area) to the latest reading, per area and in total."""
    d = self._distance_travelled(baseline)
    return DistanceTravelled(person_id=self.person_id, **d)


def _journey_reliable_change(
    self: StarJourney,
    sd: Union[
        float,
        collections.abc.Mapping[str, float],
        collections.abc.Sequence[float],
        numpy.typing.NDArray[numpy.floating[Any]],
    ],
    reliability: float,
    *,
    baseline: str = "first",
    critical: float = 1.96,
) -> homeward._star_results.ReliableChange:
    """Per-area reliable change from the baseline to the latest reading.

    ``sd`` is the baseline SD: one number, a dict of area id -> SD, or one per
    area in order. Areas missing at either end have rci None."""
    rows = self._reliable_change(sd, reliability, baseline, critical)
    rci = np.array([np.nan if r["rci"] is None else r["rci"] for r in rows])
    cls = np.array([r["classification"] for r in rows], dtype=object)
    return ReliableChange(
        rci=rci,
        classification=cls,
        s_diff=np.array([r["s_diff"] for r in rows]),
        critical=critical,
        areas=[r["area"] for r in rows],
    )


def _journey_to_pandas(self: StarJourney) -> pandas.DataFrame:
    """One row per reading: date, completed_by, retrospective and a column per
    area (nullable integers; <NA> where missing)."""
    pd = _pandas()
    frame: pandas.DataFrame = pd.DataFrame(self.scores, columns=self.definition.area_ids).astype("Int64")
    frame.insert(0, "retrospective", self.retrospective)
    frame.insert(0, "completed_by", self.completed_by)
    frame.insert(0, "date", pd.to_datetime(pd.Series(self.dates)))
    return frame


def _journey_stages_frame(self: StarJourney) -> pandas.DataFrame:
    """Stage names per reading (rows, by date) and area (columns)."""
    pd = _pandas()
    frame: pandas.DataFrame = pd.DataFrame(
        self.stages, columns=self.definition.area_ids, index=pd.Index(self.dates, name="date")
    )
    return frame


def _journey_repr_svg(self: StarJourney) -> str:
    return self.svg()


_attach(
    StarJourney,
    distance_travelled=_journey_distance,
    reliable_change=_journey_reliable_change,
    to_pandas=_journey_to_pandas,
    stages_frame=_journey_stages_frame,
    _repr_svg_=_journey_repr_svg,
)


def svg_to_png(svg: str, path: Union[str, os.PathLike[str]], *, scale: float = 2.0) -> None:
    """Write an SVG chart as PNG (for slides) with cairosvg, the report extra.

    ``scale`` multiplies the chart's pixel size (2.0 gives a sharp image on
    slides). Raises ImportError naming the extra when cairosvg is missing.
    """
    if not (isinstance(scale, (int, float)) and 0.1 <= scale <= 10):
        raise _invalid("scale", f"{scale!r} is not a number between 0.1 and 10")
    try:
        import cairosvg  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise ImportError("star charts are saved as PNG with cairosvg: pip install 'homeward[report]' "
                          "(and Debian's libcairo2)") from exc
    cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=os.fspath(path), scale=scale)


def _journey_save_png(self: StarJourney, path: Union[str, os.PathLike[str]],
                      readings: Optional[collections.abc.Iterable[int]] = None,
                      title: str = "", *, scale: float = 2.0) -> None:
    """Save the star chart (as svg(readings, title)) as a PNG file."""
    svg = self.svg(list(readings) if readings is not None else [], title)
    svg_to_png(svg, path, scale=scale)


_attach(StarJourney, save_png=_journey_save_png)


# ---------------------------------------------------------------------------
# Cohorts.


def star_cohort(
    readings: Any,
    definition: Optional[StarDefinition] = None,
    *,
    start: Any = None,
    end: Any = None,
    completed_by: Union[None, str, Sequence[str]] = None,
    include_retrospective: bool = True,
    baseline: str = "first",
) -> StarCohort:
    """Summarise a cohort's readings per area.

    ``readings``: :class:`StarReadings`, a pandas DataFrame (see
    :meth:`StarReadings.from_frame`), a dict of columns, a list of
    :class:`Reading`, or readings JSON text / a path. ``definition`` defaults
    to the Recovery Star. Filters: readings dated ``start``..``end``
    (inclusive), completed by ``completed_by`` (e.g. ``"jointly"`` for jointly
    agreed readings only), and ``include_retrospective``. ``baseline`` is
    ``"first"`` or ``"lower_of_first_two"``.

    Per area (``to_pandas()``): mean first and latest score, mean change, SRM
    (mean change / SD of changes), Glass's delta (mean change / baseline SD),
    shares improved / unchanged / declined among people with two or more
    readings; ``transitions(area)`` gives the first-to-latest stage matrix and
    ``stage_distribution()`` the stages at first reading.
    """
    r = _as_readings(readings, definition)
    return _core._star_cohort(r, start, end, completed_by, include_retrospective, baseline)


def _cohort_to_pandas(self: StarCohort) -> pandas.DataFrame:
    """One row per area: n, mean_first, mean_latest, mean_change, sd_first,
    sd_change, srm, glass_delta, improved, unchanged, declined and the shares."""
    pd = _pandas()
    t = self._table()
    frame: pandas.DataFrame = pd.DataFrame(
        {k: t[k] for k in ("n", "mean_first", "mean_latest", "mean_change", "sd_first",
                           "sd_change", "srm", "glass_delta", "improved", "unchanged",
                           "declined")},
        index=pd.Index(self.definition.area_ids, name="area"),
    )
    for k in ("n", "improved", "unchanged", "declined"):
        frame[k] = frame[k].astype(np.int64)
    n = frame["n"].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in ("improved", "unchanged", "declined"):
            frame[f"share_{k}"] = np.where(n > 0, frame[k].to_numpy() / n, np.nan)
    frame.insert(0, "name", self.definition.area_names)
    return frame


def _cohort_transitions(self: StarCohort, area: str) -> pandas.DataFrame:
    """The first-to-latest stage transition matrix of one area (rows: stage at
    baseline, columns: stage at latest reading; counts of people)."""
    pd = _pandas()
    a = self.definition.area_index(area)
    names = [s[0] for s in self.definition.stages]
    t = self._table()["transitions"][a]
    frame: pandas.DataFrame = pd.DataFrame(
        t, index=pd.Index(names, name="baseline stage"), columns=pd.Index(names, name="latest stage")
    )
    return frame


def _cohort_stage_distribution(self: StarCohort, share: bool = False) -> pandas.DataFrame:
    """People per stage at their first reading (rows: areas, columns: stages);
    with ``share=True``, fractions of the people scored in that area."""
    pd = _pandas()
    names = [s[0] for s in self.definition.stages]
    t = self._table()
    counts = t["first_stages"]
    frame: pandas.DataFrame = pd.DataFrame(
        counts, index=pd.Index(self.definition.area_ids, name="area"), columns=names
    )
    if share:
        with np.errstate(invalid="ignore", divide="ignore"):
            frame = frame.div(t["first_n"], axis=0)
    return frame


def _cohort_to_dict(self: StarCohort) -> dict[str, Any]:
    """The cohort summary as a dict (the JSON of to_json(), docs/star.md)."""
    import json

    result: dict[str, Any] = json.loads(self.to_json())
    return result


def _cohort_repr_svg(self: StarCohort) -> str:
    return self.svg()


_attach(
    StarCohort,
    to_pandas=_cohort_to_pandas,
    transitions=_cohort_transitions,
    stage_distribution=_cohort_stage_distribution,
    to_dict=_cohort_to_dict,
    _repr_svg_=_cohort_repr_svg,
)


def _cohort_repr_html(self: StarCohort) -> Optional[str]:
    from ._report import cohort_html

    return cohort_html(self.to_dict())


def _cohort_save_png(self: StarCohort, path: Union[str, os.PathLike[str]], title: str = "", *,
                     scale: float = 2.0) -> None:
    """Save the cohort chart (as svg(title)) as a PNG file."""
    svg_to_png(self.svg(title), path, scale=scale)


def _cohort_caution(self: StarCohort) -> str:
    """The Outcomes Star caution (homeward.STAR_CAUTION)."""
    return STAR_CAUTION


_attach(
    StarCohort,
    _repr_html_=_cohort_repr_html,
    save_png=_cohort_save_png,
    caution=property(_cohort_caution),
)


# ---------------------------------------------------------------------------
# Bundled sample and the report section.


def sample_star_readings() -> StarReadings:
    """The bundled synthetic Recovery Star readings (people P0001..P0120)."""
    from ._paths import sample_path

    return StarReadings.from_json(StarDefinition.recovery_star(), sample_path("sample_readings.json"))


def _fmt(v: float, digits: int = 2) -> str:
    return "n/a" if v is None or not np.isfinite(v) else f"{v:.{digits}f}"


def outcomes_report(readings: Any, out_dir: Union[str, os.PathLike[str]], *, people: int = 3,
                    as_of: Any = None) -> str:
    """The outcomes section of the ``homeward`` report (Markdown-ish text).

    Writes ``star-cohort.svg`` (mean first and latest readings, every
    reading), ``star-cohort-joint.svg`` (jointly agreed readings only) and
    ``star-<person>.svg`` for up to ``people`` people with the most readings
    into ``out_dir`` (created if needed), and names them in the text.
    With ``as_of``, only readings dated on or before it are reported.
    """
    r = _as_readings(readings, None)
    if as_of is not None:
        r = r.filtered(end=as_of)
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    d = r.definition
    cohort = star_cohort(r)
    joint = star_cohort(r, completed_by="jointly")
    lines = [
        f"## Outcomes: {d.name}",
        "",
        f"{cohort.readings} readings of {cohort.people} people"
        + (f", {cohort.first_date} to {cohort.last_date}" if cohort.first_date else "")
        + f"; {cohort.people_compared} people have two or more readings (first to latest).",
        "",
    ]
    header = "| area | n | mean first | mean latest | mean change | SRM | Glass Δ | improved | unchanged | declined |"
    lines += [header, "|" + "---|" * 10]
    raw = cohort._table()
    for k, (area_id, name) in enumerate(d.areas):
        n = int(raw["n"][k])

        def share(x: float, n: int = n) -> str:
            return "n/a" if n == 0 else f"{100.0 * x / n:.0f}%"

        lines.append(
            f"| {name} | {n} | {_fmt(raw['mean_first'][k])} | {_fmt(raw['mean_latest'][k])} | "
            f"{_fmt(raw['mean_change'][k], 2)} | {_fmt(raw['srm'][k])} | {_fmt(raw['glass_delta'][k])} | "
            f"{share(raw['improved'][k])} | {share(raw['unchanged'][k])} | {share(raw['declined'][k])} |"
        )
    # Stage movement, all areas pooled.
    trans = raw["transitions"].sum(axis=0)
    up = int(np.triu(trans, 1).sum())
    down = int(np.tril(trans, -1).sum())
    same = int(np.trace(trans))
    total = up + down + same
    if total:
        lines += [
            "",
            f"Stage movement (all areas, first to latest): {up} moved up a stage or more "
            f"({100.0 * up / total:.0f}%), {same} stayed ({100.0 * same / total:.0f}%), "
            f"{down} moved down ({100.0 * down / total:.0f}%).",
        ]
    lines += [
        "",
        f"Jointly agreed readings only: {joint.people_compared} people with two or more; mean "
        "change per area " + ", ".join(
            f"{name} {_fmt(v, 2)}" for (_, name), v in zip(d.areas, joint._table()["mean_change"])
        ) + ".",
    ]
    files = []
    (out / "star-cohort.svg").write_text(cohort.svg(), encoding="utf-8")
    files.append("star-cohort.svg (cohort: mean first and latest readings)")
    (out / "star-cohort-joint.svg").write_text(
        joint.svg(f"{d.name}: jointly agreed readings only"), encoding="utf-8"
    )
    files.append("star-cohort-joint.svg (jointly agreed readings only)")
    if len(r):
        cols = r._columns()
        counts = np.bincount(cols["person"], minlength=len(cols["people"]))
        order = sorted(range(len(counts)), key=lambda p: (-counts[p], cols["people"][p]))
        for p in order[: max(0, people)]:
            pid = cols["people"][p]
            safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in pid)
            name = f"star-{safe}.svg"
            j = StarJourney(r, pid)
            (out / name).write_text(j.svg(), encoding="utf-8")
            dist = j.distance_travelled()
            files.append(
                f"{name} ({pid}: {len(j)} readings, total {dist.total_baseline} -> "
                f"{dist.total_latest}, change {dist.total_change:+d})"
            )
    lines += ["", "Charts:"] + [f"- {f}" for f in files]
    lines += ["", f"Caution: {STAR_CAUTION}", ""]
    return "\n".join(lines)
