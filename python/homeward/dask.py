"""homeward inside Dask: ``dask.dataframe`` event tables and capacity sweeps on a cluster.

The functions mirror :mod:`homeward.spark`. Events (the CSV loader's schema,
docs/ingest.md) are shuffled by person (``DataFrame.shuffle(on=person)``) so
each partition holds every row of its people; ``map_partitions`` hands each
partition to the core. Per-person tables come back as dask DataFrames;
measures come back as one pandas DataFrame, merged exactly from the
partitions' mergeable partials (docs/scale.md). :func:`sweep` fans a
capacity-planning sweep out over a ``distributed.Client``, one scenario per
task, and gathers one table.

Policies, cost models and calendars travel to the workers pickled (the core's
versioned JSON). Needs Dask: ``pip install homeward[dask]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _engine_tables as tables
from ._timeline import CostModel, TimelinePolicy

__all__ = ["bed_day_savings", "measures", "milestones", "overdue", "stages", "sweep"]

_MEASURE_COLUMNS = ["measure", "numerator", "denominator", "value"]


def _dd() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - exercised where dask is absent
        raise ImportError("homeward.dask needs Dask: pip install homeward[dask]") from exc
    return dd


def _by_person(events: Any, person: str, npartitions: Optional[int]) -> Any:
    _dd()
    if person not in events.columns:
        raise ValueError(
            f"person: the DataFrame has no column {person!r} (columns: {list(events.columns)})"
        )
    return events.shuffle(on=person, npartitions=npartitions)


def _dates(values: Any) -> Any:
    return np.asarray(values, dtype="datetime64[D]").astype("datetime64[s]")


def _per_person(
    events: Any,
    person: str,
    mapping: Optional[Mapping[str, str]],
    npartitions: Optional[int],
    meta: pd.DataFrame,
    fn: Any,
) -> Any:
    mp = tables.person_mapping(person, mapping)

    def run(pdf: pd.DataFrame) -> Any:
        if len(pdf) == 0:
            return meta.iloc[:0].copy()
        return fn(tables.caseload(pdf, mp))

    return _by_person(events, person, npartitions).map_partitions(run, meta=meta)


def stages(
    events: Any,
    as_of: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    npartitions: Optional[int] = None,
) -> Any:
    """Each person's stage as of a date: ``person_id, stage, stage_since`` (a dask DataFrame)."""
    meta = tables.pandas_meta(tables.STAGES)

    def fn(c: Any) -> Any:
        return tables.stages_frame(c, as_of, policy, _dates)

    return _per_person(events, person, mapping, npartitions, meta, fn)


def milestones(
    events: Any,
    as_of: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    npartitions: Optional[int] = None,
) -> Any:
    """Every milestone as of a date (``person_id, milestone, status, start, due, date, days,
    working_days``; day counts nullable Int64)."""
    meta = tables.pandas_meta(tables.MILESTONES)

    def fn(c: Any) -> Any:
        return tables.milestones_frame(c, as_of, policy, _dates)

    return _per_person(events, person, mapping, npartitions, meta, fn)


def overdue(
    events: Any,
    on: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    npartitions: Optional[int] = None,
) -> Any:
    """Milestones overdue on a date (``person_id, milestone, start, due, days_late,
    working_days_late``; sort with ``sort_values`` after computing)."""
    meta = tables.pandas_meta(tables.OVERDUE)

    def fn(c: Any) -> Any:
        return tables.overdue_frame(c, on, policy, _dates)

    return _per_person(events, person, mapping, npartitions, meta, fn)


def bed_day_savings(
    events: Any,
    start: Any,
    end: Any,
    *,
    policy: Optional[TimelinePolicy] = None,
    costs: Optional[CostModel] = None,
    as_of: Any = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    npartitions: Optional[int] = None,
) -> Any:
    """Step-down bed days avoided and savings per person (``person_id, days, savings``)."""
    meta = tables.pandas_meta(tables.BED_DAYS)

    def fn(c: Any) -> Any:
        return tables.bed_days_frame(c, start, end, policy, costs, as_of)

    return _per_person(events, person, mapping, npartitions, meta, fn)


def measures(
    events: Any,
    start: Any,
    end: Any,
    *,
    by: Optional[str] = None,
    policy: Optional[TimelinePolicy] = None,
    costs: Optional[CostModel] = None,
    as_of: Any = None,
    person: str = "person_id",
    mapping: Optional[Mapping[str, str]] = None,
    npartitions: Optional[int] = None,
) -> pd.DataFrame:
    """The national measures over start..end as one pandas DataFrame (``people, measure,
    numerator, denominator, value``; with ``by``, that column first), merged exactly
    from each partition's partials: equal to the single-process
    ``Caseload.measures(...).to_pandas()``."""
    from ._timeline import merge_measures

    if by is not None and not isinstance(by, str):
        raise ValueError(f"by: expected a column name, got {type(by).__name__}")
    meta = pd.DataFrame(
        {
            "grp": pd.Series(dtype=object),
            "people": pd.Series(dtype=np.int64),
            "partial": pd.Series(dtype=object),
        }
    )

    def fn(c: Any) -> Any:
        rows = c.measures_partials(start, end, policy=policy, costs=costs, as_of=as_of, by=by)
        return pd.DataFrame(
            {
                "grp": [r[0] for r in rows],
                "people": [int(r[1]) for r in rows],
                "partial": [bytes(r[2]) for r in rows],
            }
        )

    parts = _per_person(events, person, mapping, npartitions, meta, fn).compute()
    label = by or "group"
    frames = []
    for value, g in parts.groupby("grp", dropna=False, sort=True):
        merged: Any = merge_measures(g["partial"].tolist())
        out = merged.to_pandas()
        out.insert(0, "people", int(g["people"].sum()))
        if by is not None:
            out.insert(0, label, None if pd.isna(value) else value)
        frames.append(out)
    if not frames:
        cols = ([label] if by is not None else []) + ["people", *_MEASURE_COLUMNS]
        empty: pd.DataFrame = pd.DataFrame(columns=cols)
        return empty
    table: pd.DataFrame = pd.concat(frames, ignore_index=True)
    return table


# ---------------------------------------------------------------------------
# Capacity-planning sweeps


def _scenario(
    model_json: str, beds: int, rate: Optional[float], los: Optional[float]
) -> pd.DataFrame:
    from ._plan import sweep as one

    table: pd.DataFrame = one(
        model_json,
        beds=[beds],
        arrival_rates=None if rate is None else [rate],
        los_means=None if los is None else [los],
    ).to_pandas()
    return table


def sweep(
    client: Any,
    model: Any = "{}",
    *,
    beds: Iterable[int] = range(1, 21),
    arrival_rates: Optional[Sequence[float]] = None,
    los_means: Optional[Sequence[float]] = None,
    **overrides: Any,
) -> pd.DataFrame:
    """A capacity-planning sweep (as :func:`homeward.sweep`) fanned out over a
    ``distributed.Client``: one task per (beds, arrival rate, mean stay) scenario,
    each running the model's replications on its worker, gathered into one table
    (``SweepResult.to_pandas()`` columns) in the order of ``homeward.sweep``'s rows:
    by arrival rate, then mean stay, then beds. Every row equals the single-process
    sweep's (replications are seeded by the model's seed and their index only)."""
    from ._plan import _model_json

    text = _model_json(model, overrides)
    json.loads(text)  # a clear error here, not on a worker
    rates: list[Optional[float]] = list(arrival_rates) if arrival_rates is not None else [None]
    stays: list[Optional[float]] = list(los_means) if los_means is not None else [None]
    bed_list = [int(b) for b in beds]
    tasks = [(b, r, s) for r in rates for s in stays for b in bed_list]
    futures = client.map(
        _scenario,
        [text] * len(tasks),
        [t[0] for t in tasks],
        [t[1] for t in tasks],
        [t[2] for t in tasks],
        pure=False,
    )
    frames = client.gather(futures)
    table: pd.DataFrame = pd.concat(frames, ignore_index=True)
    return table
