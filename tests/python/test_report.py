"""The report model from Python: the JSON schema, periods, settings, layouts,
notebook output and PNG star charts."""
from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

import homeward
from homeward import _core

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fixture_caseload() -> homeward.Caseload:
    return homeward.Caseload.from_json(REPO / "tests" / "data" / "timeline_caseload.json")


def _check_schema(model: dict) -> None:
    """The documented shape of report.json (docs/report-schema.md), version 1."""
    assert model["schema"] == "homeward-report"
    assert model["schema_version"] == homeward.REPORT_SCHEMA_VERSION == 1
    for key in ("title", "generator", "period", "previous_period", "sources", "settings", "summary", "trends",
                "stages", "overdue", "measures", "outcomes", "recommendations", "exclusions", "cautions"):
        assert key in model, key
    for p in (model["period"], model["previous_period"]):
        assert set(p) == {"kind", "start", "end", "as_of", "days", "label", "source"}
        assert dt.date.fromisoformat(p["start"]) <= dt.date.fromisoformat(p["end"])
    ids = [f["id"] for f in model["summary"]]
    assert ids == ["caseload", "follow_up", "readmission", "crfd_days", "step_down_occupancy",
                   "bed_days_avoided", "savings"]
    for f in model["summary"]:
        assert set(f) == {"id", "label", "unit", "value", "previous", "change", "numerator", "denominator",
                          "target", "status", "note"}
        assert f["unit"] in ("people", "rate", "days", "money")
        assert f["status"] in ("green", "amber", "red", "no_target", "no_data")
        if f["value"] is not None and f["previous"] is not None:
            assert f["change"] == pytest.approx(f["value"] - f["previous"])
    for m in model["trends"]["months"]:
        assert set(m["crfd_days_by_group"]) == {"housing", "social_care", "hospital", "community"}
        assert sum(m["crfd_days_by_group"].values()) == m["crfd_days"]
    assert sum(c["count"] for c in model["stages"]["counts"]) == model["stages"]["people"]
    assert model["overdue"]["shown"] == len(model["overdue"]["items"]) <= model["overdue"]["total"]
    for e in model["exclusions"]:
        assert set(e) == {"id", "what", "reason", "count", "people"}
    assert any("art. 22" in c for c in model["cautions"])
    assert any("inter-rater" in c for c in model["cautions"])


def test_sample_report_model_follows_the_schema() -> None:
    from homeward._paths import sample_path

    r = homeward.service_report(homeward.sample_caseload(), homeward.sample_star_readings(),
                                str(sample_path("sample_placements.json")))
    _check_schema(r.data)
    # The sample's own period (attributes.report_period) and its 6 beds.
    assert (r.period["start"], r.period["end"], r.period["as_of"]) == ("2025-01-06", "2025-08-03", "2025-08-03")
    assert r.data["settings"]["step_down_beds"] == 6
    savings = r.figure("savings")
    assert savings["value"] == homeward.sample_caseload().attributes["expected_savings_at_default_costs"]
    # The figures are the core's measures for the same period.
    m = homeward.sample_caseload().measures("2025-01-06", "2025-08-03")
    fu = r.figure("follow_up")
    assert (fu["numerator"], fu["denominator"]) == (m.follow_up.numerator, m.follow_up.denominator)
    assert r.figure("bed_days_avoided")["value"] == m.bed_days.days
    # Readings after the report date are excluded and counted.
    late = next(e for e in r.data["exclusions"] if e["id"] == "readings_after_report_date")
    assert late["count"] == 460 - r.data["outcomes"]["cohort"]["readings"] > 0
    assert r.data["recommendations"]["placements"]["kind"] == "placements"
    # The JSON round-trips.
    assert homeward.Report.from_json(r.to_json()).data == r.data


def test_periods_and_settings(fixture_caseload: homeward.Caseload) -> None:
    r = homeward.service_report(fixture_caseload, as_of=dt.date(2025, 6, 30), period="quarter",
                                settings={"step_down_beds": 2, "targets": {"crfd_days": {"green": 10, "amber": 20,
                                                                                        "higher_is_better": False}}})
    assert (r.period["start"], r.period["end"]) == ("2025-04-01", "2025-06-30")
    assert r.data["previous_period"]["start"] == "2025-01-01"
    crfd = r.figure("crfd_days")
    # P0001's CRFD period 1 April to 1 May (30 days); none in Q4 2024/25 but P0003's 10 days.
    assert crfd["value"] == 30 and crfd["previous"] == 10
    assert crfd["status"] == "red"
    r2 = homeward.service_report(fixture_caseload, start="2025-05-01", end="2025-05-31", as_of="2025-06-30",
                                 settings={"step_down_beds": 2})
    occ = r2.figure("step_down_occupancy")
    assert (occ["numerator"], occ["denominator"], occ["value"]) == (31, 62, 0.5)
    with pytest.raises(homeward.InvalidArgumentError, match=r"settings\.as_of"):
        homeward.service_report(fixture_caseload, start="2025-05-01", end="2025-05-31", as_of="2025-05-15")
    with pytest.raises(homeward.InvalidArgumentError, match="period"):
        homeward.service_report(fixture_caseload, period="fortnight", as_of="2025-06-30")
    with pytest.raises(homeward.InvalidArgumentError, match=r"settings\.targets\.colour"):
        homeward.service_report(fixture_caseload, period="month", as_of="2025-06-30",
                                settings={"targets": {"colour": {"green": 1}}})
    with pytest.raises(homeward.InvalidArgumentError, match="caseload"):
        homeward.service_report("not a caseload", period="month", as_of="2025-06-30")


def test_report_json_from_documents_matches_the_python_route(fixture_caseload: homeward.Caseload) -> None:
    path = str(REPO / "tests" / "data" / "timeline_caseload.json")
    settings = {"as_of": "2025-06-30", "period": "month"}
    via_docs = json.loads(_core.report_json_from_documents(json.dumps({"caseload": path, "settings": settings})))
    via_py = homeward.service_report(fixture_caseload, as_of="2025-06-30", period="month").data
    assert via_docs["summary"] == via_py["summary"]
    assert via_docs["trends"] == via_py["trends"]


def test_layouts_show_the_model(fixture_caseload: homeward.Caseload, tmp_path: pathlib.Path) -> None:
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    r = homeward.service_report(fixture_caseload, start="2025-05-01", end="2025-05-31", as_of="2025-06-30",
                                settings={"step_down_beds": 2}, sources=["fixture <test> & co"])
    paths = r.write(tmp_path)
    html = paths["html"].read_text(encoding="utf-8")
    md = paths["md"].read_text(encoding="utf-8")
    # Escaped, not concatenated: the source name appears escaped in HTML.
    assert "fixture &lt;test&gt; &amp; co" in html
    assert "£13,950" in html and "£13,950" in md  # 31 nights x (500 - 50)
    assert "50.0%" in html  # occupancy 31 / 62
    assert json.loads(paths["json"].read_text(encoding="utf-8")) == r.data
    assert "| Step-down occupancy | 50.0% | Off target |" in md
    assert "<homeward.Report" in repr(r)
    assert "Step-down occupancy" in (r._repr_html_() or "")


def test_notebook_reprs(fixture_caseload: homeward.Caseload) -> None:
    pytest.importorskip("jinja2")
    c = fixture_caseload
    html = c._repr_html_()
    assert html is not None and "People per stage" in html and "<th scope=\"col\">" in html
    ev = c.evaluate("2025-06-30")
    assert "Milestones by status" in (ev._repr_html_() or "")
    snap = c.snapshot("2025-06-30")
    assert "Overdue" in (snap._repr_html_() or "")
    m = c.measures("2025-05-01", "2025-05-31", as_of="2025-06-30")
    mh = m._repr_html_() or ""
    # Numerators and denominators are shown.
    assert f"<td style=\"text-align:right\">{m.follow_up.denominator}</td>" in mh
    cohort = homeward.star_cohort(homeward.sample_star_readings())
    assert "Managing mental health" in (cohort._repr_html_() or "")
    from homeward._paths import sample_path

    data = json.loads(sample_path("sample_placements.json").read_text(encoding="utf-8"))
    res = homeward.match_placements(data["people"], data["places"])
    rh = res._repr_html_() or ""
    assert "Not matched, and why" in rh and "art. 22" in rh


def test_star_charts_save_as_png(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("cairosvg", reason="cairosvg (the report extra) is not installed")
    readings = homeward.sample_star_readings()
    journey = readings.journey(readings.people[0])
    journey.save_png(tmp_path / "person.png")
    homeward.star_cohort(readings).save_png(tmp_path / "cohort.png", "Cohort", scale=1.0)
    for name in ("person.png", "cohort.png"):
        data = (tmp_path / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        assert width >= 240
    with pytest.raises(homeward.InvalidArgumentError, match="scale"):
        journey.save_png(tmp_path / "x.png", scale=0)


def test_trend_and_stage_charts_are_accessible_svg(fixture_caseload: homeward.Caseload) -> None:
    pytest.importorskip("jinja2")
    import re

    from homeward import _report

    r = homeward.service_report(fixture_caseload, as_of="2025-06-30", period="quarter",
                                settings={"step_down_beds": 2})
    charts = [*_report._trend_charts(r.data), _report._stage_chart(r.data)]
    assert [c["id"] for c in charts] == ["chart-follow-up", "chart-readmissions", "chart-crfd",
                                         "chart-step-down", "chart-savings", "chart-stages"]
    for c in charts:
        svg = c["svg"]
        assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
        assert 'role="img"' in svg and 'viewBox="0 0 640 ' in svg
        assert f"<title id=\"{c['id']}-svg-title\">{c['title']}</title>" in svg
        assert "<desc " in svg and c["description"] in svg
        # Bars and points are drawn from the model's figures.
        assert re.search(r"<(rect|circle|polyline) ", svg)
    # The text alternative lists every month's figure.
    months = r.data["trends"]["months"]
    assert all(f"{m['label']} {m['readmission']['numerator']}" in charts[1]["description"] for m in months)
    # The stage chart has one bar per stage with people.
    stages = [s for s in r.data["stages"]["counts"] if s["count"] > 0]
    assert charts[-1]["svg"].count("<rect x=") == len(stages)


def test_nice_ticks() -> None:
    from homeward._charts import nice_ticks

    assert nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(0, 187, integer=True) == [0, 50, 100, 150, 200]
    assert nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_report_json_is_the_cores_text(fixture_caseload: homeward.Caseload, tmp_path: pathlib.Path) -> None:
    pytest.importorskip("jinja2")
    r = homeward.service_report(fixture_caseload, as_of="2025-06-30", period="quarter")
    text = r.to_json()
    assert json.loads(text) == r.data
    assert text.startswith('{\n  "schema": "homeward-report"')
    # A report made from a dict (no core text) is encoded by Python.
    r2 = homeward.Report(r.data)
    assert json.loads(r2.to_json()) == r.data
    assert r.to_json(indent=None) == json.dumps(r.data, ensure_ascii=False)
    paths = r.write(tmp_path)
    assert paths["json"].read_text(encoding="utf-8") == text + "\n"
