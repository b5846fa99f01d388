"""The `homeward` program."""
from __future__ import annotations

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
    res = run("report", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    # The sample caseload carries its report date and period.
    assert out.startswith("# homeward service report (as of 2025-08-03)")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Bank holidays 2025 (england-and-wales)",
        "## Due dates from 2025-08-03 (Sun)",
        "## Referral timelines",
        "## Outcomes: Recovery Star",
        "## Placement matching",
        "## Worker allocation",
    ]
    assert "| 2025-08-25 | Mon | Summer bank holiday |" in out
    # Sunday 3 Aug rolls to Monday 4 Aug; 10 working days later is Monday 18 Aug.
    assert "| 10 | 2025-08-18 (Mon) | 2025-08-13 (Wed) |" in out
    # The step-down part is sized like the Hertfordshire pilot: over £500,000 in 30 weeks.
    assert "**£536,850 saved**" in out
    # Outcomes are reported as of the same date: no reading after 2025-08-03.
    assert "433 readings of 120 people, 2023-01-12 to 2025-08-03" in out
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == out
    assert (tmp_path / "star-cohort.svg").read_text(encoding="utf-8").startswith("<svg")


def test_report_as_of_a_date_with_a_bank_holiday(capsys, tmp_path):
    assert main(["report", "--as-of", "2025-05-02", "--days", "1,10", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # Fri 2 May 2025 + 1 working day skips the early May bank holiday (Mon 5 May).
    assert "| 1 | 2025-05-06 (Tue) | 2025-05-03 (Sat) |" in out
    assert "stages as of 2025-05-02" in out


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
