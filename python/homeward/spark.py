"""homeward inside Spark: event and Star reading DataFrames in, Spark DataFrames out.

Every function takes a Spark DataFrame in the CSV loader's schema (one row per
event: ``person_id``, ``type``, ``date`` and the optional columns of
docs/ingest.md; dates as ``DateType``, timestamps at midnight or ISO text) and
returns a Spark DataFrame. Work is partitioned by person with Spark's own
operators: rows are hashed into ``buckets`` by person
(``pmod(xxhash64(person), buckets)``) and each bucket, which holds every row of
its people, is handed to the core through ``groupBy(...).applyInPandas``;
the per-bucket code only calls homeward's loaders and measures, so the rules
are the core's. Measures are combined exactly: each bucket gives mergeable
partials (counts, sums, whole day-count distributions) and one merge per group
gives the figures the single process gives (docs/scale.md).

Policies, cost models and calendars travel to the executors pickled (the
core's versioned JSON). Needs PySpark: ``pip install homeward[spark]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

from . import _engine_tables as tables
from ._timeline import CostModel, TimelinePolicy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame

__all__ = [
    "bed_day_savings",
    "measures",
    "milestones",
    "overdue",
    "stages",
    "star_cohort",
]

_BUCKET = "__homeward_bucket"

_MEASURE_FIELDS = "measure string, numerator long, denominator long, value double"


def _pyspark() -> Any:
    try:
        import pyspark.sql.functions as F
    except ImportError as exc:  # pragma: no cover - exercised where pyspark is absent
        raise ImportError("homeward.spark needs PySpark: pip install homeward[spark]") from exc
    return F


def _buckets(frame: DataFrame, person: str, buckets: Optional[int]) -> DataFrame:
    F = _pyspark()
    if person not in frame.columns:
        raise ValueError(
            f"person: the DataFrame has no column {person!r} (columns: {frame.columns})"
        )
    if buckets is None:
        buckets = int(frame.sparkSession.conf.get("spark.sql.shuffle.partitions") or 200)
    if int(buckets) < 1:
        raise ValueError(f"buckets: must be at least 1, got {buckets}")
    return frame.withColumn(_BUCKET, F.pmod(F.xxhash64(F.col(person)), F.lit(int(buckets))))


def _for_arrow(df: Any) -> Any:
    """Text columns as plain object columns: PySpark 4.x cannot yet turn pandas 3's
    Arrow-backed ``str`` columns (chunked arrays) into record batches."""
    import pandas as pd

    out = {}
    for c in df.columns:
        s = df[c]
        if isinstance(s.dtype, (pd.StringDtype, pd.ArrowDtype)) or str(s.dtype) == "str":
            s = pd.Series([None if _missing(v) else v for v in s.tolist()], dtype=object)
        out[c] = s.reset_index(drop=True)
    return pd.DataFrame(out)


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v) in ("<NA>", "NaT")


def _per_bucket(
    events: DataFrame, person: str, buckets: Optional[int], run: Any, schema: str
) -> DataFrame:
    """``run`` (pandas -> pandas) on each bucket of people, through applyInPandas."""

    def safe(pdf: pd.DataFrame) -> Any:
        return _for_arrow(run(pdf))

    return _buckets(events, person, buckets).groupBy(_BUCKET).applyInPandas(safe, schema)


def _caseload(pdf: pd.DataFrame, mapping: dict[str, str]) -> Any:
    return tables.caseload(pdf.drop(columns=[_BUCKET]), mapping)


def _dates(values: Any) -> Any:
    """datetime64 column -> datetime.date objects (None for NaT), as Spark's DateType wants."""
    arr = np.asarray(values, dtype="datetime64[D]")
    out = arr.astype(object)
    out[np.isnat(arr)] = None
    return out


# ---------------------------------------------------------------------------
# Per-person results


def stages(
    events: DataFrame,
    as_of: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    buckets: Optional[int] = None,
) -> DataFrame:
    """Each person's stage as of a date: ``person_id, stage, stage_since``."""
    mp = tables.person_mapping(person, mapping)

    def run(pdf: pd.DataFrame) -> Any:
        return tables.stages_frame(_caseload(pdf, mp), as_of, policy, _dates)

    return _per_bucket(events, person, buckets, run, tables.spark_schema(tables.STAGES))


def milestones(
    events: DataFrame,
    as_of: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    buckets: Optional[int] = None,
) -> DataFrame:
    """Every milestone as of a date: ``person_id, milestone, status, start, due, date, days,
    working_days`` (as :meth:`homeward.Caseload.evaluate`)."""
    mp = tables.person_mapping(person, mapping)

    def run(pdf: pd.DataFrame) -> Any:
        return tables.milestones_frame(_caseload(pdf, mp), as_of, policy, _dates)

    return _per_bucket(
        events,
        person,
        buckets,
        run,
        tables.spark_schema(tables.MILESTONES),
    )


def overdue(
    events: DataFrame,
    on: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    buckets: Optional[int] = None,
) -> DataFrame:
    """Milestones overdue on a date: ``person_id, milestone, start, due, days_late,
    working_days_late`` (as :meth:`homeward.Caseload.snapshot`; order them with ``orderBy``)."""
    mp = tables.person_mapping(person, mapping)

    def run(pdf: pd.DataFrame) -> Any:
        return tables.overdue_frame(_caseload(pdf, mp), on, policy, _dates)

    return _per_bucket(
        events,
        person,
        buckets,
        run,
        tables.spark_schema(tables.OVERDUE),
    )


def bed_day_savings(
    events: DataFrame,
    start: Any,
    end: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    costs: Optional[CostModel] = None,
    as_of: Any = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    buckets: Optional[int] = None,
) -> DataFrame:
    """Step-down bed days avoided in start..end and their savings, per person with at least
    one day: ``person_id, days, savings`` (sum them for the service; the
    ``bed_days_avoided``/``bed_day_savings`` rows of :func:`measures` are the totals)."""
    mp = tables.person_mapping(person, mapping)

    def run(pdf: pd.DataFrame) -> Any:
        return tables.bed_days_frame(_caseload(pdf, mp), start, end, policy, costs, as_of)

    return _per_bucket(events, person, buckets, run, tables.spark_schema(tables.BED_DAYS))


# ---------------------------------------------------------------------------
# Measures, merged exactly


def measures(
    events: DataFrame,
    start: Any,
    end: Any,
    *,
    by: Optional[str] = None,
    policy: Optional[TimelinePolicy] = None,
    costs: Optional[CostModel] = None,
    as_of: Any = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    buckets: Optional[int] = None,
) -> DataFrame:
    """The national measures and bed-day savings over start..end (inclusive).

    One row per measure, as :meth:`homeward.Measures.to_pandas`, with the number of
    ``people``; with ``by`` (any per-person column: provider, area, ward) one block
    of rows per value, the column first (null for people without a value), as
    ``Caseload.measures(..., by=...).to_pandas()``. Each bucket of people gives
    mergeable partials; a second ``applyInPandas`` merges them per group in the
    core, so every figure equals the single-process result.
    """
    mp = tables.person_mapping(person, mapping)
    if by is not None and not isinstance(by, str):
        raise ValueError(f"by: expected a column name, got {type(by).__name__}")

    def part(pdf: pd.DataFrame) -> Any:
        import pandas as pd

        rows = _caseload(pdf, mp).measures_partials(
            start, end, policy=policy, costs=costs, as_of=as_of, by=by
        )
        return _for_arrow(
            pd.DataFrame(
                {
                    "grp": pd.Series([r[0] for r in rows], dtype=object),
                    "people": [int(r[1]) for r in rows],
                    "partial": pd.Series([bytes(r[2]) for r in rows], dtype=object),
                }
            )
        )

    parts = (
        _buckets(events, person, buckets)
        .groupBy(_BUCKET)
        .applyInPandas(part, "grp string, people long, partial binary")
    )
    label = by or "group"

    def merge(pdf: pd.DataFrame) -> Any:
        import pandas as pd

        from ._timeline import merge_measures

        merged: Any = merge_measures(pdf["partial"].tolist())
        out = merged.to_pandas()
        out.insert(0, "people", int(pdf["people"].sum()))
        value = pdf["grp"].iloc[0]
        out.insert(
            0, label, pd.Series([None if _missing(value) else str(value)] * len(out), dtype=object)
        )
        return _for_arrow(out)

    merged = parts.groupBy("grp").applyInPandas(
        merge, f"`{label}` string, people long, {_MEASURE_FIELDS}"
    )
    return merged if by is not None else merged.drop(label)


# ---------------------------------------------------------------------------
# Star readings


def star_cohort(
    readings: DataFrame,
    *,
    by: Optional[str] = None,
    definition: Any = None,
    options: Optional[Mapping[str, Any]] = None,
    mapping: Optional[Mapping[str, str]] = None,
) -> DataFrame:
    """Star cohort summaries: one row per area (``area, name, n, mean_first, ...``, as
    ``homeward.star_cohort(...).to_pandas()``), per value of ``by`` when given.

    A cohort's standard deviations need every person of the group together, so
    each group is summarised whole in one ``applyInPandas`` call (readings are a
    few per person per year: a group of a million people is a few hundred MB).
    """
    from ._core import StarDefinition

    _pyspark()
    definition = definition or StarDefinition.recovery_star()
    label = by or "group"
    frame = (
        readings
        if by is not None
        else readings.withColumn(label, _pyspark().lit(None).cast("string"))
    )

    def run(pdf: pd.DataFrame) -> Any:
        import pandas as pd

        from ._ingest import read_readings
        from ._star import star_cohort as cohort

        first = pdf[label].iloc[0]
        value = None if _missing(first) else str(first)
        r = read_readings(pdf.drop(columns=[label]), definition, mapping=mapping)
        summary: Any = cohort(r, **dict(options or {}))
        out = summary.to_pandas().reset_index()
        out.insert(0, label, pd.Series([value] * len(out), dtype=object))
        return _for_arrow(out)

    schema = (
        f"`{label}` string, area string, name string, n long, mean_first double, "
        "mean_latest double, mean_change double, sd_first double, sd_change double, "
        "srm double, glass_delta double, improved long, unchanged long, declined long, "
        "share_improved double, share_unchanged double, share_declined double"
    )
    out = frame.groupBy(label).applyInPandas(run, schema)
    return out if by is not None else out.drop(label)
