"""The per-partition tables of the engine adapters (:mod:`homeward.spark`,
:mod:`homeward.dask`): a caseload's stages, milestones, overdue list and bed-day savings
as pandas DataFrames with fixed columns. One home for the columns both engines return;
each engine passes its own form for dates (Spark: ``datetime.date`` objects; Dask:
``datetime64[s]``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Optional

import numpy as np

from ._core import NO_DAY as _NO_DAY
from ._timeline import CostModel, TimelinePolicy

Convert = Callable[[Any], Any]

# The columns of each per-person table, one home for Spark's schema (spark_schema) and
# Dask's meta (pandas_meta): (name, kind), kind one of "string", "date", "long",
# "nullable long" (a day count that may be missing) and "double".
Columns = tuple[tuple[str, str], ...]
STAGES: Columns = (("person_id", "string"), ("stage", "string"), ("stage_since", "date"))
MILESTONES: Columns = (
    ("person_id", "string"),
    ("milestone", "string"),
    ("status", "string"),
    ("start", "date"),
    ("due", "date"),
    ("date", "date"),
    ("days", "nullable long"),
    ("working_days", "nullable long"),
)
OVERDUE: Columns = (
    ("person_id", "string"),
    ("milestone", "string"),
    ("start", "date"),
    ("due", "date"),
    ("days_late", "long"),
    ("working_days_late", "long"),
)
BED_DAYS: Columns = (("person_id", "string"), ("days", "long"), ("savings", "double"))

_SPARK_TYPES = {
    "string": "string",
    "date": "date",
    "long": "long",
    "nullable long": "long",
    "double": "double",
}
_PANDAS_TYPES: dict[str, Any] = {
    "string": object,
    "date": "datetime64[s]",
    "long": np.int64,
    "nullable long": "Int64",
    "double": np.float64,
}


def spark_schema(columns: Columns) -> str:
    """A Spark DDL schema ("person_id string, ...") for the columns."""
    return ", ".join(f"{name} {_SPARK_TYPES[kind]}" for name, kind in columns)


def pandas_meta(columns: Columns) -> Any:
    """An empty pandas DataFrame with the columns' dtypes (Dask's meta)."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series(dtype=_PANDAS_TYPES[kind]) for name, kind in columns})


def person_mapping(person: str, mapping: Optional[Mapping[str, str]]) -> dict[str, str]:
    """The loader's column mapping, with the engine's person column read as person_id."""
    out = dict(mapping or {})
    if person != "person_id":
        out[person] = "person_id"
    return out


def caseload(pdf: Any, mapping: dict[str, str]) -> Any:
    """One partition's events through the table loader (the core's rules)."""
    from ._ingest import read_events

    return read_events(pdf, mapping=mapping)


def stages_frame(c: Any, as_of: Any, policy: Optional[TimelinePolicy], dates: Convert) -> Any:
    import pandas as pd

    t = c.evaluate(as_of, policy).stages
    return pd.DataFrame(
        {"person_id": t["person_id"], "stage": t["stage"], "stage_since": dates(t["stage_since"])}
    )


def nullable_days(values: Any) -> Any:
    """Day counts with the core's no-day marker as a nullable Int64 column."""
    import pandas as pd

    arr = np.asarray(values, dtype=np.int64)
    return pd.arrays.IntegerArray(arr, arr == int(_NO_DAY))


def milestones_frame(c: Any, as_of: Any, policy: Optional[TimelinePolicy], dates: Convert) -> Any:
    import pandas as pd

    t = c.evaluate(as_of, policy).milestones
    raw = t._columns
    return pd.DataFrame(
        {
            "person_id": t["person_id"],
            "milestone": t["milestone"],
            "status": t["status"],
            "start": dates(t["start"]),
            "due": dates(t["due"]),
            "date": dates(t["date"]),
            "days": nullable_days(raw["days"]),
            "working_days": nullable_days(raw["working_days"]),
        }
    )


def overdue_frame(c: Any, on: Any, policy: Optional[TimelinePolicy], dates: Convert) -> Any:
    import pandas as pd

    t = c.snapshot(on, policy).overdue
    return pd.DataFrame(
        {
            "person_id": t["person_id"].astype(object),
            "milestone": t["milestone"].astype(object),
            "start": dates(t["start"]),
            "due": dates(t["due"]),
            "days_late": np.asarray(t["days_late"], dtype=np.int64),
            "working_days_late": np.asarray(t["working_days_late"], dtype=np.int64),
        }
    )


def bed_days_frame(
    c: Any,
    start: Any,
    end: Any,
    policy: Optional[TimelinePolicy],
    costs: Optional[CostModel],
    as_of: Any,
) -> Any:
    import pandas as pd

    t = c.measures(start, end, policy=policy, costs=costs, as_of=as_of).bed_days.people
    return pd.DataFrame(
        {
            "person_id": t["person_id"].astype(object),
            "days": np.asarray(t["days"], dtype=np.int64),
            "savings": np.asarray(t["savings"], dtype=np.float64),
        }
    )
