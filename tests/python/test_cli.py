"""The `homeward` program."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from homeward.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("homeward")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "homeward", *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def test_installed_entry_point_runs_the_report(tmp_path):
    pytest.importorskip("jinja2", reason="the report extra is not installed")
    pytest.importorskip("matplotlib", reason="the report extra is not installed")
    res = run("report", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    # The sample caseload carries its report date and period, and the program says so.
    assert out.startswith("homeward report: 6 Jan 2025 to 3 Aug 2025 (2025-01-06 to 2025-08-03, as of 2025-08-03;")
    assert "attributes.report_period" in out.splitlines()[0]
    for name in ("report.html", "report.json", "report.md"):
        assert f"wrote {tmp_path / name}" in out
        assert (tmp_path / name).stat().st_size > 0
    model = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert model["schema"] == "homeward-report" and model["schema_version"] == 1
    # Sized like the Hertfordshire pilot: over £500,000 in 30 weeks.
    savings = next(f for f in model["summary"] if f["id"] == "savings")
    assert savings["value"] == 536850.0
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| Savings | £536,850 |" in md
    # Outcomes are reported as of the same date: no reading after 2025-08-03.
    assert model["outcomes"]["cohort"]["readings"] == 433
    assert model["outcomes"]["cohort"]["last_date"] <= "2025-08-03"


def test_report_periods_from_the_command_line(capsys, tmp_path):
    pytest.importorskip("jinja2", reason="the report extra is not installed")
    pytest.importorskip("matplotlib", reason="the report extra is not installed")
    assert main(["report", "--period", "quarter", "--as-of", "2025-08-03", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "(2025-04-01 to 2025-06-30, as of 2025-08-03; --period quarter" in out
    model = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert model["period"]["kind"] == "quarter"
    assert model["previous_period"]["start"] == "2025-01-01"
    assert main(["report", "--period", "financial-year", "--as-of", "2025-08-03", "--out", str(tmp_path)]) == 0
    model = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (model["period"]["start"], model["period"]["end"]) == ("2024-04-01", "2025-03-31")
    assert main(["report", "--start", "2025-03-01", "--end", "2025-03-31", "--as-of", "2025-05-02",
                 "--out", str(tmp_path)]) == 0
    assert "--start and --end" in capsys.readouterr().out
    model = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert model["period"]["as_of"] == "2025-05-02"
    # Both ways at once, or half a period, are refused by name.
    assert main(["report", "--period", "month", "--start", "2025-03-01", "--end", "2025-03-31",
                 "--out", str(tmp_path)]) == 2
    assert "--period or --start/--end" in capsys.readouterr().err
    assert main(["report", "--start", "2025-03-01", "--out", str(tmp_path)]) == 2
    assert "--start and --end go together" in capsys.readouterr().err
    # The report date before the period end is an error naming as_of.
    assert main(["report", "--start", "2025-03-01", "--end", "2025-03-31", "--as-of", "2025-03-15",
                 "--out", str(tmp_path)]) == 2
    assert "as_of" in capsys.readouterr().err


def test_report_from_data_files(capsys, tmp_path):
    pytest.importorskip("jinja2", reason="the report extra is not installed")
    pytest.importorskip("matplotlib", reason="the report extra is not installed")
    from homeward._paths import sample_path

    caseload = sample_path("sample_caseload.json")
    readings = sample_path("sample_readings.json")
    assert main(["report", str(caseload), str(readings), "--out", str(tmp_path)]) == 0
    model = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert model["sources"] == [f"caseload: {caseload}", f"Star readings: {readings}"]
    assert model["recommendations"]["placements"] is None
    bad = tmp_path / "events.csv"
    bad.write_text("person_id,type,date\n", encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path)]) == 2
    assert "events.csv" in capsys.readouterr().err


def test_report_rejects_bad_files(capsys, tmp_path):
    bad = tmp_path / "caseload.json"
    bad.write_text('{"schema": "homeward.caseload", "pathways": [', encoding="utf-8")
    assert main(["report", "--caseload", str(bad), "--out", str(tmp_path)]) == 2
    assert "homeward: error:" in capsys.readouterr().err


def test_holidays_and_due(capsys, data_dir):
    assert main(["holidays", "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert "| 2021-12-27 | Mon | Christmas Day |" in out and "8 bank holidays." in out
    assert main(["holidays", "--year", "2024", "--govuk-json", str(data_dir / "govuk_bank_holidays_2024_2025.json"),
                 "--division", "scotland"]) == 0
    assert "2nd January" in capsys.readouterr().out
    assert main(["due", "2024-12-20", "1,5", "--closures", "2024-12-24"]) == 0
    out = capsys.readouterr().out
    assert "| 1 | 2024-12-23 (Mon)" in out and "| 5 | 2025-01-02 (Thu)" in out


def test_errors_are_reported_with_status_2(capsys):
    assert main(["holidays", "--year", "2300"]) == 2
    assert "year 2300 is outside" in capsys.readouterr().err
    assert main(["holidays", "--govuk-json", "/no/such/file.json"]) == 2
    assert "/no/such/file.json" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["due", "2025-02-30", "10"])
    with pytest.raises(SystemExit):
        main(["due", "2025-02-03", "ten"])


def test_version(capsys):
    assert main(["version"]) == 0
    assert capsys.readouterr().out.strip() == "homeward 0.2.0"
