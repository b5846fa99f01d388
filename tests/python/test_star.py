"""Recovery Star outcomes through the Python package (run against the installed package)."""
from __future__ import annotations

import datetime as dt
import json
import math
import pathlib
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import homeward as hw

pd = pytest.importorskip("pandas")

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
RS = hw.StarDefinition.recovery_star()
AREAS = RS.area_ids
S_DIFF = math.sqrt(2) * 2.0 * math.sqrt(1 - 0.8)  # sd 2, reliability 0.8

FIVE = {
    "id": "wellbeing-5",
    "edition": "1",
    "name": "Wellbeing Five",
    "scale": {"min": 1, "max": 5},
    "areas": [{"id": "home", "name": "Home"}, {"id": "money", "name": "Money"},
              {"id": "health", "name": "Health"}],
    "stages": [{"name": "Starting", "min": 1, "max": 2}, {"name": "Growing", "min": 3, "max": 4},
               {"name": "Thriving", "min": 5, "max": 5}],
}


def reading(pid, date, work, completed_by="jointly", retrospective=False, other=5):
    scores = {a: other for a in AREAS}
    scores["work"] = work
    return hw.Reading(pid, date, scores, completed_by, retrospective)


def small_cohort():
    # work: A 2 -> 6, B 5 -> 4, C 7 -> 7, D 3 -> 4 -> 8 (latest by the worker),
    # E one reading (9), F work missing first, then 5 (retrospective).
    return [
        reading("A", "2025-01-10", 2),
        reading("B", "2025-01-12", 5),
        reading("A", dt.date(2025, 5, 10), 6),
        reading("B", "2025-06-12", 4),
        reading("C", "2025-02-01", 7),
        reading("C", "2025-07-01", 7),
        reading("D", "2025-01-05", 3),
        reading("D", "2025-03-05", 4),
        reading("D", "2025-06-05", 8, "worker"),
        reading("E", "2025-02-20", 9),
        reading("F", "2025-01-15", None),
        reading("F", "2025-04-15", 5, "jointly", True),
    ]


# ---------------------------------------------------------------------------
# Definitions


def test_recovery_star_definition():
    assert RS.id == "recovery-star"
    assert RS.edition == "2"
    assert len(RS.areas) == 10
    assert RS.areas[0] == ("managing_mental_health", "Managing mental health")
    assert RS.area_names[-1] == "Trust and hope"
    assert (RS.scale_min, RS.scale_max) == (1, 10)
    assert RS.stages == [("Stuck", 1, 2), ("Accepting help", 3, 4), ("Believing", 5, 6),
                         ("Learning", 7, 8), ("Self-reliance", 9, 10)]
    expected = ["Stuck", "Stuck", "Accepting help", "Accepting help", "Believing", "Believing",
                "Learning", "Learning", "Self-reliance", "Self-reliance"]
    assert [RS.stage_of(s) for s in range(1, 11)] == expected
    assert "StarDefinition(id='recovery-star'" in repr(RS)
    with pytest.raises(hw.OutOfRangeError):
        RS.stage_of(0)
    with pytest.raises(hw.InvalidArgumentError):
        RS.stage_of(2.5)
    with pytest.raises(hw.NotFoundError):
        RS.area_index("wrok")
    assert hw.StarDefinition.from_json(RS.to_json()) == RS


def test_definition_from_json_text_and_path(tmp_path):
    five = hw.StarDefinition.from_json(json.dumps(FIVE))
    assert five.stage_of(5) == "Thriving"
    p = tmp_path / "five.json"
    p.write_text(json.dumps(FIVE))
    assert hw.StarDefinition.from_json(p) == five
    assert hw.StarDefinition.from_json(p.read_bytes()) == five
    with pytest.raises(hw.ParseError):  # a str is text, never a path (issue 8)
        hw.StarDefinition.from_json(str(p))
    assert hw.StarDefinition.from_json(DATA / "star_five_point.json").id == "wellbeing-5"


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d["stages"][1].update(min=2), "stages[1].min"),  # overlap
        (lambda d: d["stages"][1].update(min=4), "stages[1].min"),  # gap
        (lambda d: d["stages"][2].update(max=6), "stages[2]"),  # leaves the scale
        (lambda d: d["scale"].update(max=6), "stages"),  # top not covered
        (lambda d: d["areas"][1].update(id="home"), "areas[1].id"),
        (lambda d: d["areas"][1].update(id="mo ney"), "areas[1].id"),
        (lambda d: d["areas"].pop(), "areas"),  # fewer than 3
        (lambda d: d["scale"].update(min=5), "scale"),
        (lambda d: d["scale"].update(min=1.5), "scale.min"),
        (lambda d: d.pop("stages"), "stages"),
        (lambda d: d["stages"][0].update(name=""), "stages[0].name"),
    ],
)
def test_bad_definitions_name_the_field(change, field):
    doc = json.loads(json.dumps(FIVE))
    change(doc)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarDefinition.from_json(json.dumps(doc))
    assert e.value.field == field
    assert isinstance(e.value, ValueError)


def test_definition_parse_and_io_errors(tmp_path):
    with pytest.raises(hw.ParseError):
        hw.StarDefinition.from_json('{"id": ')
    with pytest.raises(hw.ParseError):
        hw.StarDefinition.from_json(json.dumps(FIVE)[:50])
    with pytest.raises(hw.HomewardIOError):
        hw.StarDefinition.from_json(tmp_path / "missing.json")
    with pytest.raises(hw.InvalidArgumentError):
        hw.StarDefinition.from_json(42)
    with pytest.raises(hw.Error):
        hw.StarDefinition.from_json("")


def test_definition_create():
    d = hw.StarDefinition.create("mini", "1", "Mini", [("a", "A"), ("b", "B"), ("c", "C")], 0, 3,
                                 [("Low", 0, 1), ("High", 2, 3)])
    assert d.stage_of(0) == "Low" and d.stage_of(3) == "High"
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarDefinition.create("mini", "1", "Mini", [("a", "A"), ("b", "B"), ("c", "C")], 0, 3,
                                 [("Low", 0, 2), ("High", 2, 3)])
    assert e.value.field == "stages[1].min"


# ---------------------------------------------------------------------------
# Readings


def test_reading_value():
    r = hw.Reading("P0001", dt.date(2025, 1, 10), {"work": 3, "living_skills": 5.0, "trust_and_hope": None},
                   "service_user", retrospective=True)
    assert r.person_id == "P0001"
    assert r.date == dt.date(2025, 1, 10)
    assert r.scores == {"work": 3, "living_skills": 5}
    assert r.completed_by == "service_user"
    assert r.retrospective is True
    assert "P0001" in repr(r) and "service_user" in repr(r)
    assert hw.Reading("P1", np.datetime64("2025-01-10"), {}, "worker").date == dt.date(2025, 1, 10)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(scores={"work": float("nan")}), "scores.work"),
        (dict(scores={"work": 3.5}), "scores.work"),
        (dict(scores={"work": float("inf")}), "scores.work"),
        (dict(scores={"work": "3"}), "scores.work"),
        (dict(scores={"work": True}), "scores.work"),
        (dict(scores={"work": 10**30}), "scores.work"),
        (dict(scores=[3, 4]), "scores"),
        (dict(date="2025-02-30"), "date"),
        (dict(date=dt.datetime(2025, 1, 1, 12)), "date"),
        (dict(completed_by="together"), "completed_by"),
        (dict(person_id=""), "person_id"),
    ],
)
def test_bad_reading(kwargs, field):
    args = dict(person_id="P1", date="2025-01-01", scores={"work": 3}, completed_by="jointly")
    args.update(kwargs)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.Reading(**args)
    assert e.value.field == field


def test_readings_validate_against_the_definition():
    rows = small_cohort()
    r = hw.StarReadings.from_readings(RS, rows)
    assert len(r) == 12
    assert r.people == ["A", "B", "C", "D", "E", "F"]
    assert r[1].date == dt.date(2025, 5, 10)  # sorted by person, then date
    assert r[-1].retrospective
    bad = rows + [hw.Reading("A", "2025-03-01", {"work": 11}, "jointly")]
    with pytest.raises(hw.OutOfRangeError) as e:
        hw.StarReadings.from_readings(RS, bad)
    assert e.value.field == "readings[12].scores.work"
    bad = rows + [hw.Reading("A", "2025-03-01", {"wrk": 1}, "jointly")]
    with pytest.raises(hw.NotFoundError) as e:
        hw.StarReadings.from_readings(RS, bad)
    assert e.value.field == "readings[12].scores.wrk"
    bad = rows + [reading("C", "2025-02-01", 3)]
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_readings(RS, bad)
    assert e.value.field == "readings[12].date"
    assert "already has a reading on 2025-02-01" in str(e.value)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_readings(RS, rows + ["not a reading"])
    assert e.value.field == "readings[12]"


def test_readings_json_round_trip_and_errors(tmp_path):
    r = hw.StarReadings.from_readings(RS, small_cohort())
    p = tmp_path / "readings.json"
    p.write_text(r.to_json())
    back = hw.StarReadings.from_json(RS, p)
    assert back.to_json() == r.to_json()
    assert hw.StarReadings.load(p).to_json() == r.to_json()
    ok = {"person_id": "P1", "date": "2025-01-01", "completed_by": "jointly", "scores": {"work": 3}}
    cases = [
        ({"scores": {"work": 3.5}}, "readings[0].scores.work"),
        ({"scores": {"work": "x"}}, "readings[0].scores.work"),
        ({"scores": {"work": 0}}, "readings[0].scores.work"),
        ({"date": "2025-13-01"}, "readings[0].date"),
        ({"completed_by": "both"}, "readings[0].completed_by"),
        ({"retrospective": "yes"}, "readings[0].retrospective"),
        ({"retrospectve": True}, "readings[0].retrospectve"),
    ]
    for change, field in cases:
        doc = dict(ok, **change)
        with pytest.raises(hw.Error) as e:
            hw.StarReadings.from_json(RS, json.dumps([doc]))
        assert e.value.field == field, change
    with pytest.raises(hw.ParseError):
        hw.StarReadings.from_json(RS, json.dumps([ok])[:-3])
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_json(RS, json.dumps({"star": "family-star", "readings": [ok]}))
    assert e.value.field == "star"
    assert len(hw.StarReadings.from_json(RS, "[]")) == 0


def test_sample_readings_are_bundled():
    r = hw.sample_star_readings()
    assert len(r) > 300
    assert r.people[0] == "P0001"
    assert all(p.startswith("P") and len(p) == 5 for p in r.people)
    assert len(r.people) == 120


# ---------------------------------------------------------------------------
# Journeys


def test_journey_distance_and_stages():
    r = hw.StarReadings.from_readings(RS, small_cohort())
    d = r.journey("D")
    assert len(d) == 3
    assert d.dates == [dt.date(2025, 1, 5), dt.date(2025, 3, 5), dt.date(2025, 6, 5)]
    assert d.completed_by == ["jointly", "jointly", "worker"]
    assert d.stages[0][AREAS.index("work")] == "Accepting help"
    assert d.stages[2][AREAS.index("work")] == "Learning"
    dist = d.distance_travelled()
    work = dist.areas[AREAS.index("work")]
    assert (work["baseline"], work["latest"], work["change"]) == (3, 8, 5)
    assert dist.total_baseline == 9 * 5 + 3 and dist.total_latest == 9 * 5 + 8
    assert dist.total_change == 5 and dist.areas_compared == 10
    assert "inter-rater" in dist.caution
    frame = dist.to_pandas()
    assert frame.loc["work", "change"] == 5
    ch = d.change(1, -1)
    assert ch[AREAS.index("work")] == {"area": "work", "from": 4, "to": 8, "change": 4}
    with pytest.raises(hw.OutOfRangeError):
        d.change(0, 3)
    # Lower of the first two readings.
    b = r.journey("B")
    assert b.distance_travelled("lower_of_first_two").areas[AREAS.index("work")]["baseline"] == 4
    f = hw.StarJourney(r, "F")
    fw = f.distance_travelled().areas[AREAS.index("work")]
    assert fw["baseline"] is None and fw["change"] is None
    assert f.distance_travelled().areas_compared == 9
    assert f.distance_travelled("lower_of_first_two").areas[AREAS.index("work")]["baseline"] == 5
    with pytest.raises(hw.InvalidArgumentError):
        d.distance_travelled("last")
    with pytest.raises(hw.NotFoundError):
        r.journey("nobody")
    table = d.to_pandas()
    assert list(table["work"]) == [3, 4, 8]
    assert d.stages_frame().iloc[0]["work"] == "Accepting help"


def test_journey_from_readings_of_one_person():
    rows = [reading("P7", "2025-03-01", 4), reading("P7", "2025-01-01", 2)]
    j = hw.StarJourney(RS, rows)
    assert j.person_id == "P7"
    assert j.dates[0] == dt.date(2025, 1, 1)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarJourney(RS, rows + [reading("P8", "2025-05-01", 4)])
    assert e.value.field == "readings[2].person_id"
    with pytest.raises(hw.InvalidArgumentError):
        hw.StarJourney(RS, [])


def test_journey_reliable_change():
    r = hw.StarReadings.from_readings(RS, small_cohort())
    a = r.journey("A").reliable_change(2.0, 0.8)
    k = AREAS.index("work")
    assert a.rci[k] == pytest.approx(4 / S_DIFF)
    assert a.classification[k] == "reliable_improvement"
    assert a.classification[0] == "no_reliable_change"
    assert a.to_pandas().loc["work", "s_diff"] == pytest.approx(S_DIFF)
    sds = {area: 2.0 for area in AREAS}
    sds["work"] = 0.3
    b = r.journey("B").reliable_change(sds, 0.8)
    assert b.rci[k] == pytest.approx(-1 / (math.sqrt(2) * 0.3 * math.sqrt(0.2)))
    assert b.classification[k] == "reliable_deterioration"
    f = r.journey("F").reliable_change(2.0, 0.8)
    assert math.isnan(f.rci[k]) and f.classification[k] is None
    for sd, rel, field in [(0.0, 0.8, "sd"), (-1, 0.8, "sd"), (2.0, 1.0, "reliability"),
                           (2.0, 0.0, "reliability"), (2.0, float("nan"), "reliability"),
                           (dict(sds, work=-2), 0.8, "sd.work"), ({"work": 1}, 0.8,
                                                                  "sd.managing_mental_health")]:
        with pytest.raises(hw.InvalidArgumentError) as e:
            r.journey("A").reliable_change(sd, rel)
        assert e.value.field == field
    with pytest.raises(hw.NotFoundError):
        r.journey("A").reliable_change({"wrk": 1.0}, 0.8)
    doc = json.loads(r.journey("D").to_json('{"sd": 2, "reliability": 0.8}'))
    assert doc["reliable_change"]["areas"]["work"]["rci"] == pytest.approx(5 / S_DIFF)


def test_reliable_change_function():
    one = hw.reliable_change(2, 6, 2.0, 0.8)
    assert one.rci == pytest.approx(4 / S_DIFF)
    assert one.classification == "reliable_improvement"
    x1 = np.array([2.0, 5.0, 3.0, 9.0])
    x2 = np.array([6.0, 4.0, 3.0, 5.0])
    res = hw.reliable_change(x1, x2, 2.0, 0.8)
    expected = (x2 - x1) / (np.sqrt(2) * 2.0 * np.sqrt(0.2))
    np.testing.assert_allclose(res.rci, expected)
    assert list(res.classification) == ["reliable_improvement", "no_reliable_change",
                                        "no_reliable_change", "reliable_deterioration"]
    assert len(res.to_pandas()) == 4
    # Broadcasting: per-element SDs and a 2-D grid.
    sds = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(hw.reliable_change(x1, x2, sds, 0.9).rci,
                               (x2 - x1) / (np.sqrt(2) * sds * np.sqrt(0.1)))
    grid = hw.reliable_change(np.array([[1.0], [2.0]]), np.array([3.0, 4.0, 5.0]), 1.5, 0.7)
    assert grid.rci.shape == (2, 3)
    assert grid.rci[1, 2] == pytest.approx(3 / (np.sqrt(2) * 1.5 * np.sqrt(0.3)))
    # A critical value of your choosing.
    assert hw.reliable_change(2, 6, 2.0, 0.8, critical=3.5).classification == "no_reliable_change"
    # Empty arrays.
    assert hw.reliable_change(np.array([]), np.array([]), 2.0, 0.8).rci.shape == (0,)
    # Bad input names the element.
    for args, field in [
        ((x1, np.array([6.0, np.nan, 3.0, 5.0]), 2.0, 0.8), "x2[1]"),
        ((x1, x2, 0.0, 0.8), "sd"),
        ((x1, x2, -1.0, 0.8), "sd"),
        ((x1, x2, 2.0, 1.0), "reliability"),
        ((x1, x2, 2.0, 0.0), "reliability"),
        ((x1, x2, 2.0, 1.5), "reliability"),
        ((x1, x2, np.array([1.0, 2.0, 0.0, 1.0]), 0.8), "sd[2]"),
        ((np.inf, 3.0, 2.0, 0.8), "x1"),
    ]:
        with pytest.raises(hw.InvalidArgumentError) as e:
            hw.reliable_change(*args)
        assert e.value.field == field, field
    with pytest.raises(hw.InvalidArgumentError):
        hw.reliable_change(np.ones(3), np.ones(4), 2.0, 0.8)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.reliable_change("a", 1, 2.0, 0.8)
    assert e.value.field == "x1"
    with pytest.raises(hw.InvalidArgumentError):
        hw.reliable_change(1, 2, 2.0, 0.8, critical=0)


# ---------------------------------------------------------------------------
# Cohorts


def reference_cohort(frame, areas, stage, baseline="first"):
    """The cohort summary written independently with pandas groupby."""
    frame = frame.sort_values(["person_id", "date"], kind="stable")
    g = frame.groupby("person_id", sort=False)
    sizes = g.size()
    multi = sizes[sizes >= 2].index
    first = g.nth(0).set_index("person_id").loc[multi]
    second = g.nth(1).set_index("person_id").loc[multi]
    last = g.nth(-1).set_index("person_id").loc[multi]
    everyone_first = g.nth(0).set_index("person_id")
    out = {}
    for a in areas:
        base = first[a]
        if baseline == "lower_of_first_two":
            base = np.fmin(base, second[a])
        ok = base.notna() & last[a].notna()
        b, l = base[ok], last[a][ok]
        ch = l - b
        sd_first = b.std(ddof=1)
        sd_change = ch.std(ddof=1)
        out[a] = dict(
            n=int(ok.sum()), mean_first=b.mean(), mean_latest=l.mean(), mean_change=ch.mean(),
            sd_first=sd_first, sd_change=sd_change,
            srm=ch.mean() / sd_change if sd_change > 0 else np.nan,
            glass_delta=ch.mean() / sd_first if sd_first > 0 else np.nan,
            improved=int((ch > 0).sum()), unchanged=int((ch == 0).sum()), declined=int((ch < 0).sum()),
            transitions=pd.crosstab(b.map(stage), l.map(stage)),
            first_stages=everyone_first[a].dropna().map(stage).value_counts(),
        )
    return out


def check_against_reference(cohort, frame, baseline="first"):
    names = [s[0] for s in RS.stages]
    ref = reference_cohort(frame, AREAS, lambda s: names[int(s - 1) // 2], baseline)
    table = cohort.to_pandas()
    for a in AREAS:
        row, exp = table.loc[a], ref[a]
        assert row["n"] == exp["n"], a
        for k in ("mean_first", "mean_latest", "mean_change", "sd_first", "sd_change", "srm",
                  "glass_delta"):
            if np.isnan(exp[k]):
                assert np.isnan(row[k]), (a, k)
            else:
                assert row[k] == pytest.approx(exp[k], rel=1e-9), (a, k)
        for k in ("improved", "unchanged", "declined"):
            assert row[k] == exp[k], (a, k)
        if exp["n"]:
            assert row["share_improved"] == pytest.approx(exp["improved"] / exp["n"])
        t = cohort.transitions(a)
        expected_t = exp["transitions"].reindex(index=names, columns=names, fill_value=0)
        np.testing.assert_array_equal(t.to_numpy(), expected_t.to_numpy())
        dist = cohort.stage_distribution().loc[a]
        assert [int(dist[n]) for n in names] == [int(exp["first_stages"].get(n, 0)) for n in names]


def test_cohort_small_hand_computed():
    c = hw.star_cohort(small_cohort())
    assert (c.readings, c.people, c.people_compared) == (12, 6, 5)
    assert c.first_date == dt.date(2025, 1, 5) and c.last_date == dt.date(2025, 7, 1)
    w = c.to_pandas().loc["work"]
    assert w["n"] == 4
    assert w["mean_first"] == pytest.approx(17 / 4)
    assert w["mean_latest"] == pytest.approx(25 / 4)
    assert w["mean_change"] == pytest.approx(2.0)
    assert w["srm"] == pytest.approx(2 / math.sqrt(26 / 3))
    assert w["glass_delta"] == pytest.approx(2 / math.sqrt(14.75 / 3))
    assert (w["improved"], w["unchanged"], w["declined"]) == (2, 1, 1)
    t = c.transitions("work")
    assert t.loc["Stuck", "Believing"] == 1 and t.loc["Accepting help", "Learning"] == 1
    assert t.to_numpy().sum() == 4
    assert c.stage_distribution().loc["work"].tolist() == [1, 1, 1, 1, 1]
    assert c.stage_distribution(share=True).loc["work", "Stuck"] == pytest.approx(0.2)
    assert "inter-rater" in c.caution
    m = c.to_pandas().loc["managing_mental_health"]
    assert m["mean_change"] == 0 and np.isnan(m["srm"]) and np.isnan(m["glass_delta"])
    with pytest.raises(hw.NotFoundError):
        c.transitions("wrk")
    doc = c.to_dict()
    assert doc["areas"][AREAS.index("work")]["transitions"][0][2] == 1


def test_cohort_filters():
    rows = small_cohort()
    joint = hw.star_cohort(rows, completed_by="jointly")
    assert joint.readings == 11
    assert joint.to_pandas().loc["work", "mean_change"] == pytest.approx(1.0)  # D: 3 -> 4
    assert hw.star_cohort(rows, completed_by=["jointly", "service_user"]).readings == 11
    ranged = hw.star_cohort(rows, start="2025-02-01", end=dt.date(2025, 6, 30))
    assert (ranged.readings, ranged.people_compared) == (7, 1)
    no_retro = hw.star_cohort(rows, include_retrospective=False)
    assert no_retro.people_compared == 4
    lower = hw.star_cohort(rows, baseline="lower_of_first_two")
    assert lower.to_pandas().loc["work", "mean_first"] == pytest.approx((2 + 4 + 7 + 3 + 5) / 5)
    assert lower.baseline == "lower_of_first_two"
    for kwargs, field in [
        (dict(completed_by="everyone"), "completed_by"),
        (dict(completed_by=["jointly", "nobody"]), "completed_by[1]"),
        (dict(completed_by=[]), "completed_by"),
        (dict(start="2025-02-30"), "start"),
        (dict(start="2025-06-01", end="2025-01-01"), "end"),
        (dict(baseline="median"), "baseline"),
    ]:
        with pytest.raises(hw.InvalidArgumentError) as e:
            hw.star_cohort(rows, **kwargs)
        assert e.value.field == field


def test_cohort_matches_pandas_reference_on_sample():
    r = hw.sample_star_readings()
    frame = r.to_pandas()
    check_against_reference(hw.star_cohort(r), frame)
    check_against_reference(hw.star_cohort(frame), frame)
    check_against_reference(hw.star_cohort(r, baseline="lower_of_first_two"), frame,
                            "lower_of_first_two")
    joint = frame[frame["completed_by"] == "jointly"]
    check_against_reference(hw.star_cohort(r, completed_by="jointly"), joint)
    window = frame[(frame["date"] >= "2024-01-01") & (frame["date"] <= "2024-12-31")]
    check_against_reference(hw.star_cohort(r, start="2024-01-01", end="2024-12-31"), window)


def test_from_frame_reads_display_names_like_the_table_loaders():
    frame = hw.StarReadings.from_readings(RS, small_cohort()).to_pandas()
    names = dict(zip(RS.area_ids, RS.area_names))
    shown = frame.rename(columns={a: names[a].upper() if i % 2 else names[a]
                                  for i, a in enumerate(RS.area_ids)})
    shown["completed_by"] = shown["completed_by"].map(
        {"jointly": "Jointly", "worker": "Worker only", "service_user": "Service user only"})
    via_names = hw.StarReadings.from_frame(shown)
    assert via_names.to_pandas().equals(frame)
    # The same data through the table loader gives the same readings.
    assert hw.read_readings(shown).to_pandas().equals(frame)
    # An exact id wins over a display name for the same area.
    both = frame.copy()
    both[names["work"]] = 1.0
    assert hw.StarReadings.from_frame(both).to_pandas()["work"].equals(frame["work"])
    bad = shown.copy()
    bad.loc[2, "completed_by"] = "Nobody"
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_frame(bad)
    assert e.value.field == "readings[2].completed_by"
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_frame(shown.drop(columns=[names["work"]]))
    assert e.value.field == "columns" and "'work'" in e.value.message


def test_cohort_from_frame_columns_and_bad_frames():
    frame = hw.StarReadings.from_readings(RS, small_cohort()).to_pandas()
    frame = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)  # any order
    c = hw.star_cohort(frame)
    assert c.to_pandas().loc["work", "mean_change"] == pytest.approx(2.0)
    # Categorical and nullable columns work.
    f2 = frame.copy()
    f2["completed_by"] = f2["completed_by"].astype("category")
    f2["work"] = f2["work"].astype("Int64")
    f2["date"] = f2["date"].dt.date
    assert hw.star_cohort(f2).to_pandas().loc["work", "n"] == 4
    # Columns form.
    r = hw.StarReadings.from_columns(
        person_id=["X", "X"], date=np.array(["2025-01-01", "2025-04-01"], dtype="datetime64[D]"),
        scores={"work": [2, 5], "living_skills": [3, np.nan]}, completed_by=[0, 0])
    assert r.journey("X").distance_travelled().total_change == 3
    r2 = hw.StarReadings.from_columns(
        person_id=np.array(["X", "X"]), date=["2025-01-01", "2025-04-01"],
        scores=np.full((2, 10), 4.0), completed_by=["worker", "worker"], retrospective=[True, False])
    assert r2[0].retrospective and r2[0].completed_by == "worker"
    # Bad frames.
    bad = frame.copy()
    bad.loc[3, "work"] = 4.5
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_cohort(bad)
    assert e.value.field == "readings[3].scores.work"
    bad = frame.copy()
    bad.loc[5, "living_skills"] = 12
    with pytest.raises(hw.OutOfRangeError) as e:
        hw.star_cohort(bad)
    assert e.value.field == "readings[5].scores.living_skills"
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_cohort(frame.drop(columns=["work"]))
    assert e.value.field == "columns" and "work" in e.value.message
    bad = frame.copy()
    bad["person_id"] = bad["person_id"].astype(object)
    bad.loc[2, "person_id"] = 17
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_cohort(bad)
    assert e.value.field == "readings[2].person_id"
    bad = frame.copy()
    bad.loc[1, "completed_by"] = "nobody"
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_cohort(bad)
    assert e.value.field == "readings[1].completed_by"
    bad = frame.copy()
    bad["date"] = bad["date"].astype("datetime64[ns]")
    bad.loc[0, "date"] = pd.NaT
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_cohort(bad)
    assert e.value.field == "readings[0].date"
    dup = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_cohort(dup)
    assert e.value.field == f"readings[{len(frame)}].date"
    with pytest.raises(hw.InvalidArgumentError):
        hw.star_cohort(12345)
    with pytest.raises(hw.InvalidArgumentError):
        hw.StarReadings.from_columns(person_id=["X"], date=["2025-01-01"],
                                     scores=np.ones((1, 9)), completed_by=[0])


def test_columns_person_ids_and_completion_objects():
    # Ids of any length and non-ASCII text, as distinct str objects per row
    # (like a frame read from CSV) or one shared object; completed_by values
    # as distinct objects too.
    ids = ["Zoë-0001", "P1", "a-much-longer-person-identifier-than-eight-bytes", "Zoë-0001", "P1"]
    ids = ["".join(list(x)) for x in ids]
    cb = ["".join(list(x)) for x in ["worker", "jointly", "service_user", "jointly", "worker"]]
    days = np.array(["2025-02-01", "2025-01-01", "2025-01-05", "2025-01-01", "2025-03-01"],
                    dtype="datetime64[D]")
    r = hw.StarReadings.from_columns(person_id=np.array(ids, dtype=object), date=days,
                                     scores=np.full((5, 10), 3.0), completed_by=cb)
    assert r.people == ["Zoë-0001", "P1", "a-much-longer-person-identifier-than-eight-bytes"]
    assert [x.completed_by for x in r] == ["jointly", "worker", "jointly", "worker",
                                           "service_user"]
    assert len(r.journey("Zoë-0001")) == 2
    assert [str(x.date) for x in r] == ["2025-01-01", "2025-02-01", "2025-01-01", "2025-03-01",
                                        "2025-01-05"]
    bad = list(cb)
    bad[3] = "".join(list("jointlyx"))
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_columns(person_id=ids, date=days, scores=np.full((5, 10), 3.0),
                                     completed_by=bad)
    assert e.value.field == "readings[3].completed_by" and "jointlyx" in e.value.message
    bad = list(cb)
    bad[4] = 7
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_columns(person_id=ids, date=days, scores=np.full((5, 10), 3.0),
                                     completed_by=np.array(bad, dtype=object))
    assert e.value.field == "readings[4].completed_by"
    bad_ids = list(ids)
    bad_ids[4] = ""
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_columns(person_id=bad_ids, date=days, scores=np.full((5, 10), 3.0),
                                     completed_by=cb)
    assert e.value.field == "readings[4].person_id"
    bad_ids[4] = None
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.StarReadings.from_columns(person_id=bad_ids, date=days, scores=np.full((5, 10), 3.0),
                                     completed_by=cb)
    assert e.value.field == "readings[4].person_id"


def test_empty_and_large_cohorts():
    empty = hw.star_cohort(hw.StarReadings.from_json(RS, "[]"))
    assert empty.people == 0 and empty.first_date is None
    assert np.isnan(empty.to_pandas().loc["work", "mean_first"])
    assert "</svg>" in empty.svg()
    # 200,000 readings through columns, checked against the pandas reference.
    rng = np.random.default_rng(11)
    n = 200_000
    people = rng.integers(0, 40_000, n)
    days = np.datetime64("2022-01-01") + rng.permutation(n) % 1500
    frame = pd.DataFrame({"person_id": np.char.add("P", people.astype(str)).astype(object),
                          "date": days.astype("datetime64[D]"),
                          "completed_by": rng.choice(["jointly", "worker", "service_user"], n)})
    for a in AREAS:
        col = rng.integers(1, 11, n).astype(float)
        col[rng.random(n) < 0.03] = np.nan
        frame[a] = col
    frame = frame.drop_duplicates(["person_id", "date"]).reset_index(drop=True)
    check_against_reference(hw.star_cohort(frame), frame)


# ---------------------------------------------------------------------------
# Charts and the report


def assert_self_contained_svg(svg: str):
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
    for banned in ("<script", "href", "url(", "@import", "<image", "foreignObject", "@font-face"):
        assert banned not in svg


def test_journey_chart_and_notebook_repr():
    r = hw.StarReadings.from_readings(RS, small_cohort())
    j = r.journey("D")
    svg = j._repr_svg_()
    assert_self_contained_svg(svg)
    assert "2025-01-05 (first)" in svg and "2025-06-05 (latest)" in svg
    for name in RS.area_names:
        assert name.split()[0] in svg
    assert "2025-03-05" not in j.svg(readings=[0, 2])
    with pytest.raises(hw.InvalidArgumentError):
        j.svg(readings=[0, 1, 2, 0])
    with pytest.raises(hw.OutOfRangeError):
        j.svg(readings=[5])
    with pytest.raises(hw.OutOfRangeError):
        j.svg(readings=[10**20])
    assert "not scored: Work" in r.journey("F").svg()
    c = hw.star_cohort(r)
    assert_self_contained_svg(c._repr_svg_())
    assert "Mean first reading" in c.svg()


def test_star_chart_svg():
    svg = hw.star_chart_svg(RS, [("now", {"work": 4, "living_skills": None}),
                                 ("then", np.full(10, 3.0))], title="A & B")
    assert_self_contained_svg(svg)
    assert "A &amp; B" in svg
    with pytest.raises(hw.InvalidArgumentError):
        hw.star_chart_svg(RS, [("x", np.full(10, 3.0))] * 4)
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_chart_svg(RS, [("x", {"work": 11})])
    assert e.value.field == "series[0].scores.work"
    with pytest.raises(hw.NotFoundError):
        hw.star_chart_svg(RS, [("x", {"wrk": 1})])
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.star_chart_svg(RS, [("x", {"work": "high"})])
    assert e.value.field == "series[0].scores.work"
    with pytest.raises(hw.InvalidArgumentError):
        hw.star_chart_svg(RS, [("x", np.full(9, 3.0))])
    five = hw.StarDefinition.from_json(json.dumps(FIVE))
    assert_self_contained_svg(hw.star_chart_svg(five, [("x", {"home": 5, "money": 1, "health": 3})]))


def test_outcomes_report(tmp_path):
    text = hw.outcomes_report(hw.sample_star_readings(), tmp_path / "out")
    assert text.startswith("## Outcomes: Recovery Star")
    files = sorted(p.name for p in (tmp_path / "out").glob("*.svg"))
    assert "star-cohort.svg" in files and "star-cohort-joint.svg" in files
    assert len(files) == 5
    for name in files:
        assert name in text
        assert_self_contained_svg((tmp_path / "out" / name).read_text())
    assert "Caution" in text and "Managing mental health" in text
    # Also from a path, and with no readings at all.
    assert "0 readings" in hw.outcomes_report("[]", tmp_path / "empty")


def test_outcomes_report_as_of_leaves_out_later_readings(tmp_path):
    readings = hw.sample_star_readings()
    text = hw.outcomes_report(readings, tmp_path, as_of="2024-06-30")
    later = readings.to_pandas()
    kept = int((later["date"] <= "2024-06-30").sum())
    assert f"{kept} readings of " in text
    assert kept < len(later)
