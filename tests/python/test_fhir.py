"""FHIR R4 both ways through Python: export, import, round trip, folders,
text-vs-path, errors, and the fhir.resources models on every resource."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

import homeward as hw


@pytest.fixture(scope="module")
def service() -> tuple[hw.Caseload, hw.StarReadings]:
    return hw.sample_caseload(), hw.sample_star_readings()


def test_whole_service_round_trip(service):
    caseload, readings = service
    bundle = caseload.to_fhir(readings=readings)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls)) and all(u.startswith("urn:uuid:") for u in urls)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"ServiceRequest", "EpisodeOfCare", "Encounter", "Flag", "Observation"} <= kinds
    got = hw.read_fhir(bundle)
    assert got.ignored == []
    # Every pathway comes back (the caseload document's own attributes are not FHIR).
    assert list(got.caseload) == list(caseload)
    assert got.readings is not None and got.readings.to_json() == readings.to_json()
    assert hw.to_fhir(got.caseload, readings=got.readings) == bundle
    assert list(hw.Caseload.from_fhir(json.dumps(bundle))) == list(caseload)


def test_every_resource_passes_the_fhir_resources_models(service):
    pytest.importorskip("fhir.resources", reason="fhir.resources is in the test extra")
    from fhir.resources.R4B.bundle import Bundle

    caseload, readings = service
    bundle = caseload.to_fhir(readings=readings)
    parsed = Bundle.model_validate(bundle) if hasattr(Bundle, "model_validate") else Bundle.parse_obj(bundle)
    assert len(parsed.entry) == len(bundle["entry"])


def test_one_person_as_of_a_date(service):
    caseload, _ = service
    pid = caseload.person_ids[0]
    full = caseload.to_fhir(pid)
    first = min(e["resource"].get("authoredOn", "9999") for e in full["entry"])
    early = caseload.to_fhir(pid, as_of=first)
    assert len(early["entry"]) <= len(full["entry"])
    with pytest.raises(hw.NotFoundError):
        caseload.to_fhir("P9999")
    with pytest.raises(hw.InvalidArgumentError) as e:
        caseload.to_fhir(pid, as_of="1999-01-01")
    assert e.value.field == "as_of"


def test_folder_of_resources_and_text_is_never_a_path(tmp_path: pathlib.Path, service):
    caseload, readings = service
    bundle = caseload.to_fhir(readings=readings)
    for i, entry in enumerate(bundle["entry"]):
        (tmp_path / f"r{i:05d}.json").write_text(json.dumps(entry["resource"]), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not FHIR", encoding="utf-8")  # not *.json: not read
    got = hw.read_fhir(tmp_path)
    assert list(got.caseload) == list(caseload)
    assert got.resources == len(bundle["entry"])
    one = tmp_path / "r00000.json"
    # A str is JSON text, never a file name.
    with pytest.raises(hw.ParseError):
        hw.read_fhir(str(one))
    assert len(hw.read_fhir(one).caseload) == 1


def test_limits_hold_for_every_kind_of_file(tmp_path: pathlib.Path):
    with pytest.raises(hw.OutOfRangeError):
        hw.read_fhir(pathlib.Path("/dev/zero"), max_bytes=1000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}) + " " * 5000)
    with pytest.raises(hw.OutOfRangeError):
        hw.read_fhir(big, max_bytes=1000)
    with pytest.raises(hw.InvalidArgumentError):
        hw.read_fhir(big, max_bytes=-1)
    with pytest.raises(hw.InvalidArgumentError):
        hw.read_fhir(12)  # type: ignore[arg-type]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(hw.InvalidArgumentError):
        hw.read_fhir(empty)
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe{}")
    with pytest.raises(hw.ParseError):
        hw.read_fhir(tmp_path / "bad.json")


def test_foreign_bundle_errors_and_ignored():
    def entry(resource: dict) -> dict:
        return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": resource}]}

    who = {"identifier": {"system": "urn:homeward:person-id", "value": "X1"}}
    got = hw.read_fhir(entry({"resourceType": "Condition", "id": "c"}))
    assert got.ignored == ["entry[0] Condition/c: not used"] and len(got.caseload) == 0
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.read_fhir(entry({"resourceType": "ServiceRequest", "id": "s", "subject": who,
                            "authoredOn": "2025-01-01T10:00:00Z"}))
    assert e.value.field == "entry[0] ServiceRequest/s: authoredOn"
    with pytest.raises(hw.InvalidArgumentError) as e:
        hw.read_fhir(entry({"resourceType": "Flag", "id": "f", "subject": who, "status": "active",
                            "code": {"coding": [{"system": "https://homeward.invalid/fhir/CodeSystem/"
                                                 "mhsds-delay-reason", "code": "99"}]},
                            "period": {"start": "2025-01-01"}}))
    assert e.value.field == "entry[0] Flag/f: code"
    assert "99" in str(e.value)


def test_definitions_cover_the_mhsds_tables():
    defs = hw.fhir_definitions()
    urls = {e["resource"]["url"] for e in defs["entry"]}
    assert "https://homeward.invalid/fhir/CodeSystem/mhsds-delay-reason" in urls
    assert "https://homeward.invalid/fhir/CodeSystem/outcomes-star-area" in urls


def test_cli_export_import(tmp_path: pathlib.Path):
    out = tmp_path / "all.json"
    run = [sys.executable, "-m", "homeward", "fhir"]
    res = subprocess.run([*run, "export", "--out", str(out)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    back = tmp_path / "caseload.json"
    res = subprocess.run([*run, "import", str(out), "--out", str(back), "--readings-out", str(tmp_path / "r.json")],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert list(hw.Caseload.from_json(back.read_text())) == list(hw.sample_caseload())
    res = subprocess.run([*run, "import", str(tmp_path / "missing.json"), "--out", str(back)],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 2 and "missing.json" in res.stderr


def test_report_reads_a_fhir_bundle_and_the_service_tables(tmp_path: pathlib.Path):
    pytest.importorskip("jinja2", reason="the report extra (jinja2) lays out the page")
    from homeward._paths import sample_path

    caseload, readings = hw.sample_caseload(), hw.sample_star_readings()
    bundle = tmp_path / "service.json"
    bundle.write_text(json.dumps(caseload.to_fhir(readings=readings)), encoding="utf-8")
    run = [sys.executable, "-m", "homeward", "report"]
    res = subprocess.run([*run, str(bundle), "--out", str(tmp_path / "fhir")],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    doc = json.loads((tmp_path / "fhir" / "report.json").read_text())
    assert any("FHIR" in s for s in doc["sources"])
    # The service's own CSV exports (events, readings, people, places, workers), told apart by columns.
    root = sample_path("sample")
    csvs = [str(root / f"{n}.csv") for n in ("events", "readings", "people", "places", "workers")]
    res = subprocess.run([*run, *csvs, "--out", str(tmp_path / "csv")], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    doc = json.loads((tmp_path / "csv" / "report.json").read_text())
    kinds = {s.split(":")[0] for s in doc["sources"]}
    assert {"events", "readings", "people", "places", "workers"} <= kinds
    res = subprocess.run([*run, str(tmp_path / "fhir" / "report.md"), "--out", str(tmp_path / "x")],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 2 and "report.md" in res.stderr
