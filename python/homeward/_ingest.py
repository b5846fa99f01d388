"""A service's own tables in: events, Star readings, places, workers and people
from CSV, Excel (.xlsx), pandas DataFrames or homeward's JSON.

Files are read by pandas' readers (``read_csv`` with every cell as text,
``read_excel`` with openpyxl); this module only hands their columns to the
C++ core, which owns every rule: column names and MHSDS aliases, codes
(``18.0`` -> ``"18"``), dates (ISO, Excel serials, timestamps at midnight),
row order, names matched case-insensitively, lists in comma-separated cells,
and one error listing every bad row (docs/ingest.md).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import pathlib
from collections.abc import Mapping
from typing import Any, Union

import numpy as np

from . import _core
from ._core import StarDefinition, StarReadings
from ._timeline import Caseload

__all__ = [
    "EVENT_PRECEDENCE",
    "read_events",
    "read_people",
    "read_places",
    "read_readings",
    "read_workers",
    "sample_service",
    "table_schemas",
]

#: Event types in the order same-day events are put (docs/ingest.md).
EVENT_PRECEDENCE: tuple[str, ...] = tuple(_core._event_type_precedence())

PathLike = Union[str, "os.PathLike[str]"]
Source = Any  # a path, a pandas DataFrame, or anything with to_pandas() (Arrow, Polars)
_Column = tuple[str, str, Any]

_NAT = np.iinfo(np.int64).min
_NO_DAY = int(_core.NO_DAY)
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def table_schemas() -> dict[str, list[dict[str, Any]]]:
    """The documented columns of every table: name, kind, required, aliases, description."""
    result: dict[str, list[dict[str, Any]]] = json.loads(_core._table_schemas())
    return result


def _invalid(field: str, message: str) -> Exception:
    exc: Exception = _core.InvalidArgumentError(f"{field}: {message}" if field else message)
    setattr(exc, "field", field)  # noqa: B010 - attributes of homeward.Error
    setattr(exc, "message", message)  # noqa: B010
    return exc


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        import pandas as pd

        return v is pd.NA or v is pd.NaT
    except ImportError:  # pragma: no cover - pandas is needed to get here
        return False


def _object_column(name: str, values: list[Any]) -> _Column:
    """Classify an object column: all text, all numbers, all datetimes, or mixed (as text)."""
    kinds = set()
    for v in values:
        if _is_missing(v):
            continue
        if isinstance(v, str):
            kinds.add("s")
        elif isinstance(v, (bool, np.bool_)):
            kinds.add("b")
        elif isinstance(v, (int, float, np.integer, np.floating)):
            kinds.add("n")
        elif isinstance(v, (_dt.datetime, np.datetime64)):
            kinds.add("t")
        elif isinstance(v, _dt.date):
            kinds.add("d")
        else:
            kinds.add("s")
        if len(kinds) > 1:
            break
    if kinds == {"n"}:
        arr = np.array([np.nan if _is_missing(v) else float(v) for v in values], dtype=np.float64)
        return (name, "numbers", arr)
    if kinds <= {"t", "d"} and kinds:
        import pandas as pd

        stamps = pd.to_datetime(pd.Series(values, dtype=object), errors="raise")
        if getattr(stamps.dt, "tz", None) is not None:
            raise _invalid(
                f"columns.{name}", "timezone-aware timestamps: convert to local dates first"
            )
        ns = stamps.to_numpy(dtype="datetime64[ns]").view(np.int64)
        return (name, "timestamps", np.ascontiguousarray(ns))
    out: list[str | None] = []
    for v in values:
        if _is_missing(v):
            out.append(None)
        elif isinstance(v, str):
            out.append(v)
        elif isinstance(v, (bool, np.bool_)):
            out.append("true" if v else "false")
        elif isinstance(v, (_dt.datetime, _dt.date)):
            out.append(v.isoformat())
        elif isinstance(v, np.datetime64):
            out.append(str(v))
        else:
            out.append(str(v))
    return (name, "strings", out)


def _arrow_strings(arr: Any) -> tuple[Any, Any, Any]:
    """An Arrow string array's (offsets, data, valid) buffers as NumPy views: the core reads
    the cells in place, with no Python string per cell."""
    import pyarrow as pa  # type: ignore[import-untyped]

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = arr.cast(pa.large_string())
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    if len(arr) == 0:
        return (np.zeros(1, dtype=width), np.zeros(0, dtype=np.uint8), None)
    _, offsets, data = arr.buffers()
    offs = np.frombuffer(offsets, dtype=width)[arr.offset : arr.offset + len(arr) + 1]
    chars = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    valid = None if arr.null_count == 0 else arr.is_valid().to_numpy(zero_copy_only=False)
    return (offs, chars, valid)


def _arrow_string_series(s: Any) -> Any:
    """The Arrow array behind a pandas string column stored in Arrow, else None."""
    import pandas as pd

    dtype = s.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa

        return pa.array(s.array)
    return None


def _columns(frame: Any) -> list[_Column]:
    """A DataFrame's columns as (name, kind, values) for the core; no rules here, only types."""
    import pandas as pd

    cols: list[_Column] = []
    for name in frame.columns:
        s = frame[name]
        if isinstance(s, pd.DataFrame):
            raise _invalid("columns", f"two columns are named {name!r}")
        label = str(name)
        dtype = s.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            raise _invalid(
                f"columns.{label}", "timezone-aware timestamps: convert to local dates first"
            )
        kind = getattr(dtype, "kind", "O")
        arrow = _arrow_string_series(s)
        if arrow is not None:
            cols.append((label, "utf8", _arrow_strings(arrow)))
        elif kind == "M":
            ns = s.to_numpy(dtype="datetime64[ns]").view(np.int64)
            cols.append((label, "timestamps", np.ascontiguousarray(ns)))
        elif kind in "fiub" and not isinstance(dtype, pd.CategoricalDtype):
            arr = s.to_numpy(dtype=np.float64, na_value=np.nan)
            cols.append((label, "numbers", np.ascontiguousarray(arr)))
        else:
            inferred = pd.api.types.infer_dtype(s, skipna=True)
            if inferred in ("string", "empty"):
                cols.append((label, "strings", s.to_numpy(dtype=object, na_value=None)))
            elif inferred in ("floating", "integer", "mixed-integer-float", "boolean", "decimal"):
                arr = pd.to_numeric(s, errors="raise").to_numpy(dtype=np.float64, na_value=np.nan)
                cols.append((label, "numbers", np.ascontiguousarray(arr)))
            else:
                cols.append(_object_column(label, s.astype(object).tolist()))
    return cols


def _read(source: Source, kind: str, sheet: int | str) -> tuple[Any, str, int]:
    """(DataFrame, source name for messages, number of the first data row)."""
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return source, kind, 0
    if hasattr(source, "to_pandas") and not isinstance(source, (str, bytes, os.PathLike)):
        return source.to_pandas(), kind, 0
    if isinstance(source, (str, os.PathLike)):
        path = pathlib.Path(source)
        suffix = path.suffix.lower()
        if not path.exists():
            exc: Exception = _core.HomewardIOError(f"{path}: no such file")
            setattr(exc, "field", str(path))  # noqa: B010
            setattr(exc, "message", "no such file")  # noqa: B010
            raise exc
        if suffix in _TEXT_SUFFIXES:
            sep = "\t" if suffix == ".tsv" else ","
            table = _read_csv_arrow(path, sep)
            if table is not None:
                return table, path.name, 2
            frame = pd.read_csv(
                path, dtype=object, keep_default_na=False, sep=sep, encoding="utf-8-sig"
            )
            return frame, path.name, 2
        if suffix in _EXCEL_SUFFIXES:
            frame = pd.read_excel(path, sheet_name=sheet, dtype=object, engine="openpyxl")
            return frame, path.name, 2
        raise _invalid(
            "source",
            f"{path.name}: expected a .csv, .tsv, .xlsx or .json file, "
            f"got {suffix or 'no suffix'!r}",
        )
    raise _invalid("source", f"expected a path or a pandas DataFrame, got {type(source).__name__}")


class _ArrowCsv:
    """A CSV file read by pyarrow with every cell as text (blank cells empty, not null)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def columns(self) -> list[_Column]:
        return [
            (str(name), "utf8", _arrow_strings(self.table.column(i)))
            for i, name in enumerate(self.table.column_names)
        ]


def _read_csv_arrow(path: pathlib.Path, sep: str) -> _ArrowCsv | None:
    """pyarrow's CSV reader (multi-threaded) when pyarrow is installed, else None
    (then pandas reads it)."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv  # type: ignore[import-untyped]
    except ImportError:
        return None
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f, delimiter=sep), [])
    if not header or len(set(header)) != len(header):
        return None  # pandas reads it (and names duplicate columns apart)
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    table = pacsv.read_csv(
        path, parse_options=pacsv.ParseOptions(delimiter=sep), convert_options=convert
    )
    return _ArrowCsv(table)


def _table_columns(frame: Any) -> list[_Column]:
    return frame.columns() if isinstance(frame, _ArrowCsv) else _columns(frame)


def _json_path(source: Source) -> pathlib.Path | None:
    # A file name ending in .json is homeward JSON: read it as a path (a str given to a
    # from_json loader would be JSON text).
    if isinstance(source, (str, os.PathLike)) and pathlib.Path(source).suffix.lower() == ".json":
        return pathlib.Path(source)
    return None


def _mapping(mapping: Mapping[str, str] | None) -> dict[str, str]:
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping):
        raise _invalid(
            "mapping", f"expected a dict {{'your column': 'field'}}, got {type(mapping).__name__}"
        )
    return {str(k): str(v) for k, v in mapping.items()}


def read_events(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    max_errors: int = 20,
    sheet: int | str = 0,
) -> Caseload:
    """A caseload from an event table: a .csv / .xlsx file, a pandas DataFrame, or homeward JSON.

    One row per event; columns ``person_id``, ``type``, ``date`` and, where
    they apply, ``planned_discharge``, ``end_date``, ``delay_reason``,
    ``destination`` (MHSDS names such as ``ClinReadyforDischDelayReason`` are
    read too; ``mapping={"your column": "field"}`` renames others). Rows may
    come in any order. Any other column (ward, team, county) is a per-person
    attribute: one value per person, kept on the caseload and usable in
    ``caseload.measures(..., by="ward")``. A bad table raises one
    ``InvalidArgumentError`` listing every bad row (up to ``max_errors``),
    e.g. ``events.csv: row 14, column delay_reason: "18.5" is not a delay
    reason code``, and loads nothing.
    """
    path = _json_path(source)
    if path is not None:
        return Caseload.from_json(path)
    frame, name, first = _read(source, "events", sheet)
    core = _core._ingest_events(
        _table_columns(frame), len(frame), name, first, _mapping(mapping), int(max_errors)
    )
    return Caseload._wrap(core)


def read_readings(
    source: Source,
    definition: StarDefinition | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    max_errors: int = 20,
    sheet: int | str = 0,
) -> StarReadings:
    """Star readings from a .csv / .xlsx file, a DataFrame, or homeward JSON.

    One row per reading: ``person_id``, ``date``, ``completed_by`` (jointly,
    worker, service_user or display names such as "Worker only"; blank:
    jointly), ``retrospective`` (optional) and one column per area, headed by
    the area id (``managing_mental_health``) or its display name ("Managing
    mental health"), any case. Blank cells are scores not recorded.
    """
    definition = definition or StarDefinition.recovery_star()
    path = _json_path(source)
    if path is not None:
        return StarReadings.from_json(definition, path)
    frame, name, first = _read(source, "readings", sheet)
    return _core._ingest_readings(
        definition,
        _table_columns(frame),
        len(frame),
        name,
        first,
        _mapping(mapping),
        int(max_errors),
    )


def _records(
    kind: str, source: Source, mapping: Mapping[str, str] | None, max_errors: int, sheet: int | str
) -> list[dict[str, Any]]:
    path = _json_path(source)
    if path is not None:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        items = doc.get(kind, []) if isinstance(doc, dict) else doc
        # Validated by the core's JSON loader, then given back in the same form.
        text = json.dumps(items)
        out: list[dict[str, Any]] = json.loads(_core._records_from_json(kind, text))
        return out
    frame, name, first = _read(source, kind, sheet)
    records: list[dict[str, Any]] = json.loads(
        _core._ingest_records(
            kind, _table_columns(frame), len(frame), name, first, _mapping(mapping), int(max_errors)
        )
    )
    return records


def read_places(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    max_errors: int = 20,
    sheet: int | str = 0,
) -> list[dict[str, Any]]:
    """Step-down places (records for :func:`match_placements`) from .csv / .xlsx /
    a DataFrame / JSON.

    Columns: ``id``, ``area``, ``beds``, ``max_risk``, ``free_date`` and
    optionally ``gender``, ``step_free``, ``substance_use_support``
    (true/false, yes/no, 1/0), ``max_stay_days``.
    """
    return _records("places", source, mapping, max_errors, sheet)


def read_workers(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    max_errors: int = 20,
    sheet: int | str = 0,
) -> list[dict[str, Any]]:
    """Workers (records for :func:`allocate_workers`): ``id``, ``role`` (name or display name),
    ``areas`` (comma-separated), ``caseload_limit``, ``current_load``."""
    return _records("workers", source, mapping, max_errors, sheet)


def read_people(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    max_errors: int = 20,
    sheet: int | str = 0,
) -> list[dict[str, Any]]:
    """People to match (records for :func:`match_placements` / :func:`allocate_workers`):
    ``id``, ``area``, ``risk``, ``ready_date`` and optionally ``gender``,
    ``needs``, ``preferences``, ``acceptable_areas``, ``known_workers``,
    ``roles`` (comma-separated lists), ``expected_stay_days``."""
    return _records("people", source, mapping, max_errors, sheet)


def sample_service(form: str = "csv") -> dict[str, Any]:
    """The bundled sample service (synthetic people), loaded from its CSV files or its JSON.

    Returns ``{"caseload": Caseload, "readings": StarReadings, "people": [...],
    "places": [...], "workers": [...], "report_period": {"start", "end",
    "as_of"}, "paths": {name: path}}``. Everyone on the caseload has Star
    readings; ``people`` are those clinically ready for discharge on the
    report date (to match to ``places`` and allocate to ``workers``). Both
    forms give the same inputs (docs/ingest.md).
    """
    from ._paths import sample_path

    if form not in ("csv", "json"):
        raise _invalid("form", f"expected 'csv' or 'json', got {form!r}")
    root = sample_path("sample")
    with open(root / "caseload.json", encoding="utf-8") as f:
        period = json.load(f)["attributes"]["report_period"]
    if form == "json":
        paths = {
            "caseload": root / "caseload.json",
            "readings": root / "readings.json",
            "people": root / "placements.json",
            "places": root / "placements.json",
            "workers": root / "placements.json",
        }
    else:
        paths = {
            "caseload": root / "events.csv",
            "readings": root / "readings.csv",
            "people": root / "people.csv",
            "places": root / "places.csv",
            "workers": root / "workers.csv",
        }
    return {
        "caseload": read_events(paths["caseload"]),
        "readings": read_readings(paths["readings"]),
        "people": read_people(paths["people"]),
        "places": read_places(paths["places"]),
        "workers": read_workers(paths["workers"]),
        "report_period": dict(period),
        "paths": {k: str(v) for k, v in paths.items()},
    }
