"""Tables in: CSV, Excel and DataFrames through the core's column rules, every
bad-input case with file/row/column in the message and nothing half-loaded,
and the bundled sample service loading identically from JSON and CSV."""
from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import homeward as hw
import numpy as np
import pandas as pd
import pytest
from homeward._paths import sample_path

SAMPLE = pathlib.Path(sample_path("sample"))

EVENTS = [
    # person_id, type, date, planned_discharge, end_date, delay_reason, ward
    ("P0002", "referral_received", "2025-01-10", "2025-07-01", None, None, "Elm"),
    ("P0001", "discharged", "2025-03-03", None, None, None, "Oak"),
    ("P0001", "accepted", "2025-01-09", None, None, None, "Oak"),
    ("P0001", "clinically_ready_for_discharge", "2025-03-03", None, None, "18", "Oak"),
    ("P0001", "referral_received", "2025-01-06", "2025-07-14", None, None, "Oak"),
    ("P0001", "initial_visit", "2025-01-08", None, None, None, "Oak"),
    ("P0001", "follow_up_contact", "2025-03-04", None, None, None, "Oak"),
    ("P0002", "initial_visit", "2025-01-13", None, None, None, "Elm"),
]
COLS = ["person_id", "type", "date", "planned_discharge", "end_date", "delay_reason", "ward"]


def frame(rows: list[Any] = EVENTS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLS)


def write_csv(tmp_path: pathlib.Path, df: pd.DataFrame, name: str = "events.csv") -> pathlib.Path:
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


def grouped_sorted_json() -> str:
    """The same events grouped by person and in date order, built as pathways."""
    order = hw.EVENT_PRECEDENCE
    rows = sorted(EVENTS, key=lambda r: (r[2], order.index(r[1])))
    pathways = []
    for pid in ("P0002", "P0001"):
        events = []
        for r in rows:
            if r[0] != pid:
                continue
            e: dict[str, Any] = {"type": r[1], "date": r[2]}
            if r[3]:
                e["planned_discharge"] = r[3]
            if r[5]:
                e["delay_reason"] = r[5]
            events.append(e)
        ward = next(r[6] for r in EVENTS if r[0] == pid)
        pathways.append(hw.Pathway(pid, events, attributes={"ward": ward}))
    return hw.Caseload(pathways).to_json()


# --- events: CSV, Excel, DataFrame -------------------------------------------------


def test_events_in_any_order_load_from_a_dataframe() -> None:
    c = hw.read_events(frame())
    assert c.person_ids == ["P0002", "P0001"]
    assert c.to_json() == grouped_sorted_json()
    assert c["P0001"].attributes == {"ward": "Oak"}


def test_events_csv_keeps_leading_zeros_and_reads_numbers_as_codes(tmp_path: pathlib.Path) -> None:
    df = frame()
    df.loc[3, "delay_reason"] = "07"
    path = write_csv(tmp_path, df)
    c = hw.read_events(path)
    assert c["P0001"].events[3].delay_reason == "07"
    # The same column read by pandas as numbers (7.0) gives "07" too; 18.0 gives "18".
    df2 = frame()
    df2["delay_reason"] = [None, None, None, 18.0, None, None, None, None]
    assert hw.read_events(df2)["P0001"].events[3].delay_reason == "18"
    df2["delay_reason"] = [None, None, None, 7.0, None, None, None, None]
    assert hw.read_events(df2)["P0001"].events[3].delay_reason == "07"


def test_events_from_excel_with_dates_and_numeric_codes(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("openpyxl", reason="Excel files are read with openpyxl")
    df = frame()
    for col in ("date", "planned_discharge"):
        df[col] = pd.to_datetime(df[col])
    df["delay_reason"] = pd.to_numeric(df["delay_reason"])
    path = tmp_path / "events.xlsx"
    df.to_excel(path, index=False)
    c = hw.read_events(path)
    assert c.to_json() == grouped_sorted_json()


def test_events_with_timestamps_at_midnight_and_datetime_objects() -> None:
    df = frame()
    df["date"] = pd.to_datetime(df["date"])
    assert hw.read_events(df).to_json() == grouped_sorted_json()
    df = frame()
    df["date"] = [dt.datetime.fromisoformat(d) for d in df["date"]]
    assert hw.read_events(df).to_json() == grouped_sorted_json()


def test_event_type_display_names_and_mhsds_aliases() -> None:
    df = frame().rename(columns={"delay_reason": "ClinReadyforDischDelayReason",
                                 "planned_discharge": "PlannedDischDateHospProvSpell"})
    df["type"] = df["type"].str.replace("_", " ").str.capitalize()
    assert hw.read_events(df).to_json() == grouped_sorted_json()


def test_column_mapping() -> None:
    df = frame().rename(columns={"person_id": "Patient", "date": "When"})
    with pytest.raises(hw.InvalidArgumentError, match="no person_id column"):
        hw.read_events(df)
    c = hw.read_events(df, mapping={"Patient": "person_id", "When": "date"})
    assert c.to_json() == grouped_sorted_json()
    with pytest.raises(hw.NotFoundError, match="mapping.Patient"):
        hw.read_events(df, mapping={"Patient": "nobody"})


# --- bad input: file, row, column; nothing half-loaded ---------------------------------


def test_fractional_code_names_file_row_and_column(tmp_path: pathlib.Path) -> None:
    df = frame()
    df.loc[3, "delay_reason"] = "18.5"
    path = write_csv(tmp_path, df)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.read_events(path)
    assert str(e.value).startswith('events.csv: row 5, column delay_reason: "18.5" is not a delay reason code')
    assert e.value.field == "events.csv: row 5, column delay_reason"


def test_every_bad_row_is_reported_at_once(tmp_path: pathlib.Path) -> None:
    df = frame()
    df.loc[0, "date"] = "06/01/2025"
    df.loc[2, "type"] = "visit"
    df.loc[3, "delay_reason"] = "18.5"
    df.loc[5, "date"] = "2025-01-08 09:30:00"
    path = write_csv(tmp_path, df)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.read_events(path)
    text = str(e.value)
    assert "row 2, column date: \"06/01/2025\" is not a date: write dates as YYYY-MM-DD" in text
    assert "events.csv: row 4, column type: \"visit\" is not an event type" in text
    assert "events.csv: row 5, column delay_reason: \"18.5\" is not a delay reason code" in text
    assert "events.csv: row 7, column date: \"2025-01-08 09:30:00\" is not a date: it has a time of day" in text
    assert "4 problems; nothing was loaded" in text
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.read_events(path, max_errors=2)
    assert "and 2 more problems" in str(e.value)


def test_timestamps_with_a_time_of_day_are_refused() -> None:
    df = frame()
    df["date"] = pd.to_datetime(df["date"]) + pd.Timedelta(hours=9)
    with pytest.raises(hw.InvalidArgumentError, match=r"events: row 0, column date: .* has a time of day"):
        hw.read_events(df)


def test_conflicting_attribute_values_and_sequence_errors_name_rows() -> None:
    df = frame()
    df.loc[2, "ward"] = "Ash"
    with pytest.raises(hw.InvalidArgumentError, match=r'row 2, column ward: "Ash" differs from "Oak" at row 1'):
        hw.read_events(df)
    bad = frame([("P1", "referral_received", "2025-01-06", None, None, None, "Oak"),
                 ("P1", "step_down_admitted", "2025-01-07", None, None, None, "Oak")])
    with pytest.raises(hw.InvalidArgumentError, match=r'row 1, column type: person "P1": step_down_admitted'):
        hw.read_events(bad)


def test_a_bad_file_changes_nothing(tmp_path: pathlib.Path) -> None:
    c = hw.read_events(frame())
    before = c.to_json()
    df = frame()
    df.loc[1, "date"] = "not a date"
    with pytest.raises(hw.InvalidArgumentError):
        c = hw.read_events(df)
    assert c.to_json() == before


def test_unsupported_sources_are_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(hw.InvalidArgumentError, match="expected a .csv"):
        (tmp_path / "x.parquet").write_text("")
        hw.read_events(tmp_path / "x.parquet")
    with pytest.raises(hw.HomewardIOError):
        hw.read_events(tmp_path / "missing.csv")
    with pytest.raises(hw.InvalidArgumentError, match="expected a path or a pandas DataFrame"):
        hw.read_events(42)


# --- from_events (the three problems) ---------------------------------------------


def test_from_events_accepts_ungrouped_rows_same_day_order_and_numeric_codes() -> None:
    df = frame()
    df["delay_reason"] = [None, None, None, 18.0, None, None, None, None]
    c = hw.Caseload.from_events(df.person_id, df.type, df.date, planned_discharge=df.planned_discharge,
                                delay_reason=df.delay_reason)
    expected = hw.read_events(frame())
    assert c.person_ids == expected.person_ids
    for pid in c.person_ids:
        assert c[pid].events == expected[pid].events
    assert c["P0001"].events[3].delay_reason == "18"
    with pytest.raises(hw.InvalidArgumentError, match='"18.5" is not a delay reason code'):
        hw.Caseload.from_events(["P1", "P1"], ["referral_received", "clinically_ready_for_discharge"],
                                ["2025-01-06", "2025-02-01"], delay_reason=[None, 18.5])


# --- measures by a per-person attribute --------------------------------------------------


def test_measures_by_ward_partitions_the_caseload() -> None:
    c = hw.read_events(SAMPLE / "events.csv")
    whole = c.measures("2025-01-06", "2025-08-03")
    by = c.measures("2025-01-06", "2025-08-03", by="ward")
    assert isinstance(by, hw.MeasuresByGroup)
    assert sum(by.people.values()) == len(c)
    assert sum(m.follow_up.denominator for m in by.groups.values()) == whole.follow_up.denominator
    assert sum(m.bed_days.days for m in by.groups.values()) == whole.bed_days.days
    assert sum(m.crfd.days for m in by.groups.values()) == whole.crfd.days
    table = by.to_pandas()
    assert set(table["ward"]) == set(by.groups)
    with pytest.raises(hw.InvalidArgumentError, match="by"):
        c.measures("2025-01-06", "2025-08-03", by="")


# --- readings, places, workers, people ---------------------------------------------------


def test_readings_with_display_names_and_completed_by_display_values(tmp_path: pathlib.Path) -> None:
    star = hw.StarDefinition.recovery_star()
    rows = []
    for i, (d, by) in enumerate((("2025-01-06", "Jointly"), ("2025-04-01", "Worker only"))):
        row: dict[str, Any] = {"Person ID": "P0001", "Date": d, "Completed by": by}
        for k, (_, name) in enumerate(star.areas):
            row[name] = 3 + i + (k % 2)
        rows.append(row)
    df = pd.DataFrame(rows)
    df.loc[1, star.areas[4][1]] = np.nan
    path = write_csv(tmp_path, df, "readings.csv")
    r = hw.read_readings(path)
    assert len(r) == 2
    j = r.to_pandas()
    assert list(j["completed_by"]) == ["jointly", "worker"]
    assert np.isnan(j[star.areas[4][0]][1])
    df.loc[0, "Completed by"] = "someone"
    df[star.areas[0][1]] = df[star.areas[0][1]].astype(float)
    df.loc[1, star.areas[0][1]] = 3.5
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.read_readings(write_csv(tmp_path, df, "readings.csv"))
    assert 'readings.csv: row 2, column Completed by: "someone" is not jointly' in str(e.value)
    assert 'readings.csv: row 3, column Managing mental health: "3.5" is not a score' in str(e.value)


def test_places_workers_and_people_from_spreadsheet_cells() -> None:
    places = hw.read_places(pd.DataFrame({
        "id": ["SD-01", "SD-02"], "area": ["Derbyshire", "Derbyshire"], "beds": [2, 1],
        "max_risk": ["High", "low"], "free_date": ["2025-03-01", "2025-03-05"], "step_free": ["Yes", "no"]}))
    assert places[0]["max_risk"] == "high" and places[0]["step_free"] is True
    people = hw.read_people(pd.DataFrame({
        "id": ["P1"], "area": ["Derbyshire"], "risk": ["Medium"], "ready_date": ["2025-03-01"],
        "preferences": ["SD-02, SD-01"], "needs": ["Step-free access"], "roles": ["Pathway navigator"]}))
    assert people[0]["preferences"] == ["SD-02", "SD-01"]
    assert people[0]["needs"] == ["step_free_access"]
    result = hw.match_placements(people, places)
    assert [m["place"] for m in result.to_dict()["matches"]] == ["SD-01"]
    workers = hw.read_workers(pd.DataFrame({
        "id": ["W1"], "role": ["Substance use clinical specialist"], "areas": ["Derbyshire, Lincolnshire"],
        "caseload_limit": [10.0]}))
    assert workers[0] == {"id": "W1", "role": "substance_use_specialist", "areas": ["Derbyshire", "Lincolnshire"],
                          "caseload_limit": 10, "current_load": 0}
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.read_places(pd.DataFrame({"id": ["SD-01", "SD-01"], "area": ["D", "D"], "beds": [1.5, 1],
                                     "max_risk": ["low", "low"], "free_date": ["2025-03-01", "2025-03-01"]}))
    assert 'places: row 0, column beds: "1.5" is not a whole number' in str(e.value)


def test_schemas_document_every_table() -> None:
    schemas = hw.table_schemas()
    assert set(schemas) == {"events", "readings", "places", "workers", "people"}
    delay = next(f for f in schemas["events"] if f["name"] == "delay_reason")
    assert "ClinReadyforDischDelayReason" in delay["aliases"]
    assert hw.EVENT_PRECEDENCE[0] == "referral_received"


# --- the bundled sample service ---------------------------------------------------------------


def test_sample_service_loads_identically_from_json_and_csv() -> None:
    from_json = hw.read_events(SAMPLE / "caseload.json")
    from_csv = hw.read_events(SAMPLE / "events.csv")
    assert from_json.person_ids == from_csv.person_ids
    for pid in from_json.person_ids:
        assert from_json[pid] == from_csv[pid]
    # Same people, events and attributes in the same order: the same document.
    assert json.loads(from_json.to_json())["pathways"] == json.loads(from_csv.to_json())["pathways"]
    r_json = hw.read_readings(SAMPLE / "readings.json")
    r_csv = hw.read_readings(SAMPLE / "readings.csv")
    pd.testing.assert_frame_equal(r_json.to_pandas(), r_csv.to_pandas())
    for kind, reader in (("people", hw.read_people), ("places", hw.read_places), ("workers", hw.read_workers)):
        assert reader(SAMPLE / "placements.json") == reader(SAMPLE / f"{kind}.csv"), kind


def test_sample_service_is_one_service() -> None:
    caseload = hw.read_events(SAMPLE / "events.csv")
    readings = hw.read_readings(SAMPLE / "readings.csv")
    people = hw.read_people(SAMPLE / "people.csv")
    places = hw.read_places(SAMPLE / "places.csv")
    workers = hw.read_workers(SAMPLE / "workers.csv")
    # Everyone on the caseload has Star readings, and only they do.
    assert set(readings.to_pandas()["person_id"]) == set(caseload.person_ids)
    # The people to match are those clinically ready for discharge on the report date.
    as_of = dt.date(2025, 8, 3)
    stages = caseload.evaluate(as_of).stages.to_pandas()
    awaiting = set(stages.loc[stages["stage"] == "awaiting_discharge", "person_id"])
    assert {p["id"] for p in people} == awaiting and awaiting
    placed = hw.match_placements(people, places).to_dict()
    assert placed["matches"], "the sample places somebody"
    allocated = hw.allocate_workers(people, workers).to_dict()
    assert {m["person"] for m in allocated["matches"]} <= awaiting
    assert allocated["matches"]


def test_sample_service_helper_gives_the_same_inputs_from_either_form() -> None:
    a = hw.sample_service("csv")
    b = hw.sample_service("json")
    assert a["report_period"] == b["report_period"] == {"as_of": "2025-08-03", "end": "2025-08-03",
                                                        "start": "2025-01-06"}
    assert [a["caseload"][p] for p in a["caseload"].person_ids] == [b["caseload"][p] for p in a["caseload"].person_ids]
    pd.testing.assert_frame_equal(a["readings"].to_pandas(), b["readings"].to_pandas())
    for k in ("people", "places", "workers"):
        assert a[k] == b[k]
    with pytest.raises(hw.InvalidArgumentError, match="form"):
        hw.sample_service("xml")


def test_csv_read_by_pyarrow_or_pandas_loads_the_same(tmp_path: pathlib.Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow", reason="the fast CSV path reads with pyarrow")
    from homeward import _ingest

    df = frame()
    df.loc[3, "delay_reason"] = "07"
    path = write_csv(tmp_path, df)
    fast = hw.read_events(path)
    monkeypatch.setattr(_ingest, "_read_csv_arrow", lambda *_: None)
    slow = hw.read_events(path)
    assert fast.to_json() == slow.to_json()
    assert fast["P0001"].events[3].delay_reason == "07"
    df.loc[3, "delay_reason"] = "18.5"
    bad = write_csv(tmp_path, df, "bad.csv")
    with pytest.raises(hw.InvalidArgumentError, match='bad.csv: row 5, column delay_reason: "18.5"'):
        hw.read_events(bad)


def test_arrow_backed_string_columns_with_missing_values() -> None:
    pytest.importorskip("pyarrow", reason="Arrow-backed pandas strings need pyarrow")
    df = frame().astype({c: pd.StringDtype("pyarrow") for c in COLS})
    assert df["planned_discharge"].isna().any()
    assert hw.read_events(df).to_json() == grouped_sorted_json()
