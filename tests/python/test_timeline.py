"""Referral timelines through the Python surface (run against the installed package).

Expected values are worked out by hand (see tests/cpp/test_timeline.cpp for the
arithmetic) or with NumPy's busday functions as an independent oracle.
"""
from __future__ import annotations

import datetime as dt
import json
import pathlib

import numpy as np
import pytest

import homeward as hw

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
FIXTURE = DATA / "timeline_caseload.json"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def caseload():
    return hw.Caseload.from_json(FIXTURE)


def one(events, person="P0001"):
    return json.dumps({"version": 1, "pathways": [{"person_id": person, "events": events}]})


REF = {"type": "referral_received", "date": "2025-01-06"}


# --- loading and saving ---------------------------------------------------

def test_load_from_path_and_text(caseload):
    assert len(caseload) == 4
    assert caseload.person_ids == ["P0001", "P0002", "P0003", "P0004"]
    assert caseload.event_count == 22
    text = FIXTURE.read_text(encoding="utf-8")
    assert len(hw.Caseload.from_json(text)) == 4
    assert len(hw.Caseload.from_json(str(FIXTURE))) == 4
    assert "P0003" in caseload and "P9999" not in caseload
    assert caseload.first_date == D("2025-01-06")
    assert caseload.last_date == D("2025-08-15")


def test_round_trip_is_lossless(caseload, tmp_path):
    text = caseload.to_json()
    assert hw.Caseload.from_json(text).to_json() == text
    original = json.loads(FIXTURE.read_text(encoding="utf-8"))
    original["schema"] = "homeward.caseload"
    assert original["version"] == 1  # a version 1 document is written back as version 2
    original["version"] = 2
    assert json.loads(text) == original
    out = tmp_path / "saved.json"
    caseload.to_json(out)
    assert hw.Caseload.from_json(out).to_json() == text
    assert caseload.attributes["note"] == "Zoë's caseload ✓"


def test_pathway_access(caseload):
    p = caseload["P0001"]
    assert p.person_id == "P0001"
    assert len(p) == 9
    assert p.attributes == {"county": "Derbyshire", "risk": 2}
    assert p.events[0].type == "referral_received"
    assert p.events[0].planned_discharge == D("2025-07-14")
    assert p.events[0].attributes == {"referrer": "IMPACT"}
    assert p.events[4].delay_reason == "18"
    assert p.events[8].destination == "permanent_home"
    assert caseload[-1].person_id == "P0004"
    assert [q.person_id for q in caseload] == caseload.person_ids
    with pytest.raises(hw.NotFoundError):
        caseload["P9999"]
    with pytest.raises(hw.OutOfRangeError):
        caseload[10]
    df = p.to_pandas()
    assert list(df["type"])[:2] == ["referral_received", "initial_visit"]


def test_build_pathways_in_python():
    p = hw.Pathway("P0100", [
        hw.Event("referral_received", "2025-01-06", planned_discharge=dt.date(2025, 8, 1)),
        {"type": "initial_visit", "date": np.datetime64("2025-01-08"), "attributes": {"where": "ward 3"}},
    ], attributes={"nom": "Zoë"})
    c = hw.Caseload([p])
    assert len(c) == 1
    assert c["P0100"] == p
    assert c["P0100"].events[1].attributes == {"where": "ward 3"}
    back = hw.Caseload.from_json(c.to_json())
    assert back["P0100"].attributes == {"nom": "Zoë"}
    # A rejected add leaves the caseload as it was.
    with pytest.raises(hw.InvalidArgumentError):
        c.add(hw.Pathway("P0100", [REF]))
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.Pathway("P0101", [REF, {"type": "follow_up_contact", "date": "2025-01-07"}])
    assert e.value.field == "events[1]"
    assert "before any discharge" in e.value.message
    assert len(c) == 1
    assert repr(p).startswith("Pathway('P0100', 2 events")


@pytest.mark.parametrize("event, field", [
    ({"type": "referral_received", "date": "2025-02-30"}, "events[0].date"),
    ({"type": "referral_received", "date": None}, "events[0].date"),
    ({"type": "referral_received"}, "events[0].date"),
    ({"type": "referral_received", "date": "2025-01-06", "colour": "red"}, "events[0].colour"),
    ({"type": "referral_received", "date": "2025-01-06", "attributes": [1]}, "events[0].attributes"),
])
def test_pathway_bad_events(event, field):
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.Pathway("P1", [event])
    assert e.value.field == field


def test_event_bad_input():
    with pytest.raises(hw.NotFoundError):
        hw.Event("teleported", "2025-01-06")
    with pytest.raises(ValueError):
        hw.Event("referral_received", dt.datetime(2025, 1, 6, 9, 0))
    with pytest.raises(hw.InvalidArgumentError):
        hw.Pathway("P1", [hw.Event("initial_visit", "2025-01-06", planned_discharge="2025-05-01")])
    with pytest.raises(hw.InvalidArgumentError):
        hw.Pathway("", [REF])
    with pytest.raises(hw.InvalidArgumentError):
        hw.Pathway("P1", [])


# --- bad documents ----------------------------------------------------------

@pytest.mark.parametrize("text, exc, field", [
    (one([{"type": "referral_received", "date": "2025-02-30"}]), hw.InvalidArgumentError, "pathways[0].events[0].date"),
    (one([REF, {"type": "visit", "date": "2025-01-07"}]), hw.NotFoundError, "pathways[0].events[1].type"),
    (one([REF, {"type": "initial_visit", "date": "2025-01-07", "mood": 3}]), hw.InvalidArgumentError,
     "pathways[0].events[1].mood"),
    (one([{"type": "initial_visit", "date": "2025-01-07"}]), hw.InvalidArgumentError, "pathways[0].events[0]"),
    (one([REF, {"type": "declined", "date": "2025-01-07"}, {"type": "accepted", "date": "2025-01-08"}]),
     hw.InvalidArgumentError, "pathways[0].events[2]"),
    ('{"version": 1, "pathways": [{"person_id": "P1", "events": [', hw.ParseError, "source"),
    ('{"version": 3, "pathways": []}', hw.InvalidArgumentError, "version"),
    ('{"version": 1, "pathways": {}}', hw.InvalidArgumentError, "pathways"),
])
def test_bad_documents(text, exc, field):
    with pytest.raises(exc) as e:
        hw.Caseload.from_json(text)
    assert e.value.field == field


def test_duplicate_person_ids():
    doc = {"version": 1, "pathways": [
        {"person_id": "P0001", "events": [REF]}, {"person_id": "P0002", "events": [REF]},
        {"person_id": "P0001", "events": [REF]}]}
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.Caseload.from_json(json.dumps(doc))
    assert e.value.field == "pathways[2].person_id"
    assert "pathways[0]" in e.value.message


def test_lenient_mode_keeps_unknown_fields():
    text = json.dumps({"version": 1, "exported_by": "EPR", "pathways": [
        {"person_id": "P1", "ward": "Oak", "events": [dict(REF, source="x")]}]})
    with pytest.raises(hw.InvalidArgumentError):
        hw.Caseload.from_json(text)
    c = hw.Caseload.from_json(text, strict=False)
    out = json.loads(c.to_json())
    assert out["exported_by"] == "EPR"
    assert out["pathways"][0]["ward"] == "Oak"
    assert out["pathways"][0]["events"][0]["source"] == "x"


def test_truncated_file(tmp_path):
    path = tmp_path / "truncated.json"
    full = FIXTURE.read_bytes()
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(hw.ParseError) as e:
        hw.Caseload.from_json(path)
    assert "byte" in e.value.message


def test_missing_and_empty_inputs(tmp_path):
    with pytest.raises(hw.HomewardIOError):
        hw.Caseload.from_json(tmp_path / "nope.json")
    with pytest.raises(hw.InvalidArgumentError):
        hw.Caseload.from_json("")
    empty = tmp_path / "empty.json"
    empty.write_text("")
    with pytest.raises(hw.ParseError):
        hw.Caseload.from_json(empty)
    with pytest.raises(hw.InvalidArgumentError):
        hw.Caseload.from_json(12)
    assert len(hw.Caseload.from_json('{"version": 1, "pathways": []}')) == 0


def test_size_limit_checked_before_reading(tmp_path):
    with pytest.raises(hw.OutOfRangeError) as e:
        hw.Caseload.from_json(FIXTURE, max_bytes=100)
    assert e.value.field == "source"
    assert len(hw.Caseload.from_json(FIXTURE, max_bytes=0)) == 4
    with pytest.raises(hw.InvalidArgumentError):
        hw.Caseload.from_json(FIXTURE, max_bytes=-1)


def test_200_mb_caseload_is_refused_without_reading(tmp_path):
    # A sparse 200 MB file: the size is checked before anything is read.
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.write(b'{"version": 1, "pathways": [')
        f.seek(200 * 1024 * 1024)
        f.write(b"]}")
    with pytest.raises(hw.OutOfRangeError) as e:
        hw.Caseload.from_json(big)
    assert "max_bytes" in e.value.message


# --- evaluation ---------------------------------------------------------------

def test_evaluate_matches_hand_and_numpy(caseload):
    ev = caseload.evaluate(dt.date(2025, 6, 1))
    df = ev.to_pandas()
    row = df[(df.person_id == "P0001") & (df.milestone == "first_visit")].iloc[0]
    # NumPy as the oracle for the working-day rules (England and Wales 2025 holidays).
    hols = ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
            "2025-12-25", "2025-12-26"]
    due = np.busday_offset("2025-01-06", 10, roll="forward", holidays=hols)
    assert row["due"] == due.astype("datetime64[s]")
    assert row["status"] == "met"
    assert row["days"] == 11
    assert row["working_days"] == np.busday_count("2025-01-06", "2025-01-17", holidays=hols)
    dec = df[(df.person_id == "P0001") & (df.milestone == "decision")].iloc[0]
    assert dec["due"] == np.busday_offset("2025-01-17", 20, roll="forward", holidays=hols).astype("datetime64[s]")
    assert dec["status"] == "missed"
    assert dec["working_days"] == np.busday_count("2025-01-17", "2025-02-20", holidays=hols)
    assert ev.stage_counts["in_step_down"] == 1
    stages = ev.stages.to_pandas().set_index("person_id")["stage"]
    assert stages["P0001"] == "in_step_down"
    assert stages["P0002"] == "referred"
    assert stages["P0003"] == "in_community"
    assert stages["P0004"] == "closed"
    fu = df[(df.person_id == "P0003") & (df.milestone == "follow_up")]
    assert list(fu["status"]) == ["not_applicable", "met"]
    assert ev.status_counts()["first_visit"]["overdue"] == 1
    assert pd_isna(df[(df.person_id == "P0002") & (df.milestone == "first_visit")].iloc[0]["date"])


def pd_isna(x):
    import pandas as pd

    return pd.isna(x)


def test_evaluate_accepts_datetime64_and_strings(caseload):
    a = caseload.evaluate(np.datetime64("2025-06-01"))
    b = caseload.evaluate("2025-06-01")
    assert a.as_of == b.as_of == dt.date(2025, 6, 1)
    assert np.array_equal(a.milestones["due"].view(np.int64), b.milestones["due"].view(np.int64))


def test_evaluate_bad_input(caseload):
    with pytest.raises(hw.InvalidArgumentError) as e:
        caseload.evaluate(dt.date(2024, 12, 31))
    assert e.value.field == "as_of"
    with pytest.raises(hw.InvalidArgumentError):
        caseload.evaluate("2025-02-30")
    with pytest.raises((hw.InvalidArgumentError, TypeError)):
        caseload.evaluate(None)
    with pytest.raises(hw.InvalidArgumentError):
        caseload.evaluate("2025-06-01", policy="strict")


def test_policy_changes_rules(caseload):
    p = hw.TimelinePolicy(step_down_max_days=120, follow_up_days=7)
    df = caseload.evaluate("2025-09-01", p).to_pandas()
    mine = df[df.person_id == "P0001"].set_index("milestone")["status"]
    assert mine["step_down_stay"] == "met"
    assert mine["follow_up"] == "met"
    default = caseload.evaluate("2025-09-01").to_pandas()
    assert default[(default.person_id == "P0001") & (default.milestone == "step_down_stay")].iloc[0]["days"] == 106
    cal = hw.Calendar.england_and_wales().with_closures([dt.date(2025, 1, 15)])
    df2 = caseload.evaluate("2025-03-01", hw.TimelinePolicy(calendar=cal)).to_pandas()
    fv = df2[(df2.person_id == "P0001") & (df2.milestone == "first_visit")].iloc[0]
    assert fv["due"] == np.datetime64("2025-01-21")
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.TimelinePolicy(follow_up_days=-1)
    assert e.value.field == "TimelinePolicy.follow_up_days"
    assert "referral_lead_days=182" in repr(hw.TimelinePolicy())
    assert json.loads(hw.TimelinePolicy().to_json())["decision_working_days"] == 20


def test_cost_model():
    c = hw.CostModel()
    assert (c.inpatient_day_cost, c.step_down_day_cost) == (500.0, 50.0)
    assert c.saving_per_day == 450.0
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.CostModel(inpatient_day_cost=-1)
    assert e.value.field == "CostModel.inpatient_day_cost"
    with pytest.raises(hw.InvalidArgumentError):
        hw.CostModel(step_down_day_cost=float("nan"))


# --- snapshot and measures ------------------------------------------------------

def test_snapshot(caseload):
    s = caseload.snapshot(dt.date(2025, 3, 20))
    assert s.stage_counts["referred"] == 1
    assert s.stage_counts["engaged"] == 1
    assert s.stage_counts["in_community"] == 1
    assert s.stage_counts["closed"] == 1
    df = s.to_pandas()
    assert list(df["person_id"]) == ["P0002"]
    assert df.iloc[0]["milestone"] == "first_visit"
    assert df.iloc[0]["days_late"] == 3
    assert df.iloc[0]["working_days_late"] == 3
    assert s.stages_to_pandas().set_index("stage").loc["closed", "people"] == 1


def test_measures(caseload):
    m = caseload.measures(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert (m.follow_up.numerator, m.follow_up.denominator, m.follow_up.excluded) == (1, 2, 1)
    assert m.follow_up.rate == 0.5
    misses = m.follow_up.misses.to_pandas()
    assert list(misses["person_id"]) == ["P0001"]
    assert (m.readmission.numerator, m.readmission.denominator) == (1, 3)
    assert m.crfd.days == 40
    by = m.crfd.by_reason.to_pandas().set_index("reason")["days"]
    assert by["18"] == 30 and by["14"] == 10
    assert m.bed_days.days == 61
    assert m.bed_days.savings == 61 * 450
    assert m.bed_days.people.to_pandas().iloc[0]["person_id"] == "P0001"
    assert m.lead_times.count == 2 and m.lead_times.mean == 140.0
    summary = m.to_pandas().set_index("measure")
    assert summary.loc["follow_up_72h_rate", "value"] == 0.5
    assert summary.loc["bed_day_savings", "value"] == 27450.0
    m2 = caseload.measures("2025-08-01", "2025-08-31", costs=hw.CostModel(inpatient_day_cost=564, step_down_day_cost=64))
    assert m2.step_down.count == 1 and m2.step_down.longest["days"] == 106
    assert m2.bed_days.savings == 14 * 500
    assert m2.step_down.stays.to_pandas().iloc[0]["destination"] == "permanent_home"


def test_measures_bad_input(caseload):
    with pytest.raises(hw.InvalidArgumentError) as e:
        caseload.measures("2025-06-30", "2025-01-01")
    assert e.value.field == "end"
    with pytest.raises(hw.InvalidArgumentError):
        caseload.measures("2025-01-01", "2025-06-30", as_of="2025-02-01")
    with pytest.raises(hw.InvalidArgumentError):
        caseload.measures("2025-01-01", "2025-06-30", costs={"inpatient_day_cost": 1})


# --- from columns (no Python loop) ---------------------------------------------

def test_from_events_matches_json(caseload):
    df = caseload.to_pandas()
    planned = np.where(df["type"].isin(["referral_received", "planned_discharge_changed"]), df["date2"], np.datetime64("NaT"))
    end = np.where(df["type"] == "clinically_ready_for_discharge", df["date2"], np.datetime64("NaT"))
    reason = np.where(df["type"] == "clinically_ready_for_discharge", df["code"], None)
    dest = np.where(df["type"] == "step_down_left", df["code"], None)
    c2 = hw.Caseload.from_events(df["person_id"], df["type"].astype(str), df["date"], planned_discharge=planned,
                                 end_date=end, delay_reason=reason, destination=dest)
    a = caseload.evaluate("2025-06-01").to_pandas()
    b = c2.evaluate("2025-06-01").to_pandas()
    assert a.equals(b)


def test_from_events_bad_input():
    # Errors come from the core's table loader (docs/ingest.md): rows by position.
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.Caseload.from_events(["P1", "P1"], ["referral_received", "visit"], ["2025-01-06", "2025-01-07"])
    assert e.value.field == "events: row 1, column type"
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.Caseload.from_events(["P1"], ["referral_received"], ["2025-02-30"])
    assert e.value.field == "events: row 0, column date"
    # Ungrouped rows are fine; the real problem (two open referrals) is named, not a duplicate id.
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.Caseload.from_events(["P1", "P2", "P1"], [0, 0, 0], np.array(["2025-01-06"] * 3, dtype="datetime64[D]"))
    assert "duplicate" not in e.value.message
    assert 'person "P1": a new referral_received while the referral at row 0 is still open' in str(e.value)
    with pytest.raises(hw.InvalidArgumentError):
        hw.Caseload.from_events(["P1"], [0, 0], ["2025-01-06"])
    assert len(hw.Caseload.from_events([], np.array([], dtype=np.uint8), np.array([], dtype="datetime64[D]"))) == 0


# --- FHIR -----------------------------------------------------------------------

def _validate(model, data):
    return model.model_validate(data) if hasattr(model, "model_validate") else model.parse_obj(data)


def test_fhir_export_validates(caseload):
    pytest.importorskip("fhir.resources")
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.episodeofcare import EpisodeOfCare
    from fhir.resources.R4B.servicerequest import ServiceRequest

    for person in caseload.person_ids:
        bundle = caseload.to_fhir(person)
        _validate(Bundle, bundle)
        for entry in bundle["entry"]:
            res = entry["resource"]
            model = {"EpisodeOfCare": EpisodeOfCare, "ServiceRequest": ServiceRequest}.get(res["resourceType"])
            if model is not None:
                _validate(model, res)
    res = [e["resource"] for e in caseload.to_fhir("P0001")["entry"]]
    eoc = _validate(EpisodeOfCare, res[1])
    assert eoc.status == "active"
    # planned over [6 Jan, 20 Feb): the inclusive FHIR end is 19 Feb.
    assert str(eoc.statusHistory[0].period.end) == "2025-02-19"
    assert str(eoc.statusHistory[1].period.start) == "2025-02-20"
    assert res[1]["referralRequest"][0]["reference"] == "urn:uuid:" + res[0]["id"]
    declined = [e["resource"] for e in caseload.to_fhir("P0004")["entry"]]
    assert declined[0]["status"] == "revoked" and declined[1]["status"] == "cancelled"
    assert declined[1]["period"] == {"start": "2025-02-03", "end": "2025-02-07"}
    early = [e["resource"] for e in caseload.to_fhir("P0001", as_of="2025-02-01")["entry"]]
    assert early[1]["status"] == "planned"
    with pytest.raises(hw.NotFoundError):
        caseload.to_fhir("P9999")
    with pytest.raises(hw.InvalidArgumentError):
        caseload.to_fhir("P0001", as_of="2024-01-01")


# --- the bundled sample and the report ----------------------------------------

def test_sample_caseload_is_sized_like_the_pilot():
    c = hw.sample_caseload()
    period = c.attributes["report_period"]
    assert all(pid.startswith("P") and len(pid) == 5 for pid in c.person_ids)
    m = c.measures(period["start"], period["end"])
    assert (D(period["end"]) - D(period["start"])).days + 1 == 30 * 7
    assert m.bed_days.savings > 500_000
    assert m.bed_days.days == c.attributes["expected_step_down_bed_days"]
    step_down = [p for p in c if p.attributes.get("service") == "step_down"]
    assert 10 <= len(step_down) <= 40


def test_fhir_export_of_the_whole_sample_validates():
    pytest.importorskip("fhir.resources")
    from fhir.resources.R4B.bundle import Bundle

    c = hw.sample_caseload()
    for person in c.person_ids:
        _validate(Bundle, c.to_fhir(person))


def test_timeline_report():
    c = hw.sample_caseload()
    period = c.attributes["report_period"]
    text = hw.timeline_report(c, period["as_of"], period["start"], period["end"])
    assert text.startswith("## Referral timelines")
    for heading in ("People per stage", "Overdue milestones", "National measures", "Bed-day savings"):
        assert heading in text
    m = c.measures(period["start"], period["end"])
    assert f"£{m.bed_days.savings:,.0f} saved" in text
    assert "72 hours" in text


def test_timeline_report_defaults_to_the_sample():
    text = hw.timeline_report()
    assert text.startswith("## Referral timelines")
    assert "saved**" in text


def test_more_bad_input(caseload, tmp_path):
    with pytest.raises(hw.InvalidArgumentError):
        caseload.snapshot("2025-13-01")
    with pytest.raises(hw.InvalidArgumentError):
        caseload.snapshot("2024-01-01")
    with pytest.raises(hw.HomewardIOError):
        caseload.to_json(tmp_path / "no" / "such" / "dir.json")
    with pytest.raises(hw.InvalidArgumentError):
        caseload["P0001"].evaluate("2024-01-01")
    with pytest.raises(TypeError):
        caseload[1.5]
    with pytest.raises(hw.InvalidArgumentError):
        hw.Caseload([{"person_id": "P1"}])
    with pytest.raises(hw.OutOfRangeError):
        # 2250 is outside the England and Wales calendar (1978..2199).
        hw.Caseload.from_json(one([{"type": "referral_received", "date": "2250-01-06"}])).evaluate("2250-02-01")


def test_empty_caseload():
    c = hw.Caseload()
    assert len(c) == 0
    ev = c.evaluate("2025-01-01")
    assert len(ev.to_pandas()) == 0
    assert c.snapshot("2025-01-01").stage_counts["referred"] == 0
    m = c.measures("2025-01-01", "2025-01-31")
    assert m.follow_up.rate is None and m.bed_days.savings == 0
    assert json.loads(c.to_json())["pathways"] == []


def test_evaluation_tables(caseload):
    ev = caseload.evaluate("2025-06-01")
    recs = ev.milestones.to_records()
    assert recs[0]["person_id"] == "P0001" and recs[0]["milestone"] == "referral_lead_time"
    assert recs[0]["days"] == 189
    assert len(ev.milestones) == len(recs)
    assert "P0001" in repr(caseload["P0001"])
    assert "in_step_down=1" in repr(ev)
    events = caseload.to_pandas()
    assert len(events) == caseload.event_count
    assert list(events.columns) == ["person_id", "type", "date", "date2", "code", "admitted",
                                    "discharge_method", "bed_type", "ward_security_level",
                                    "attend_status", "consultation_mechanism", "attributable_to"]
