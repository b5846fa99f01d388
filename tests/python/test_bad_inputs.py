"""The catalogue of bad inputs (tests/data/bad_inputs/catalogue.json) through Python.

Every case must raise the catalogued homeward error (a ValueError subclass of
homeward.Error, never RuntimeError), name the catalogued field, and leave the
objects it was given unchanged. The same catalogue runs through C++ and C.
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from typing import Any, Callable, Optional

import pytest

import homeward

REPO = pathlib.Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "tests" / "data" / "bad_inputs" / "catalogue.json"
CASES: list[dict[str, Any]] = json.loads(CATALOGUE.read_text(encoding="utf-8"))["cases"]

ERRORS: dict[str, type] = {
    "invalid_argument": homeward.InvalidArgumentError,
    "out_of_range": homeward.OutOfRangeError,
    "parse_error": homeward.ParseError,
    "not_found": homeward.NotFoundError,
    "infeasible": homeward.InfeasibleError,
    "io_error": homeward.HomewardIOError,
}

BASE_MATCH_INPUT = json.dumps({
    "people": [{"id": "P0001", "area": "Derbyshire", "risk": "medium", "ready_date": "2026-03-02"}],
    "places": [{"id": "SD-01", "area": "Derbyshire", "beds": 1, "max_risk": "high",
                "free_date": "2026-03-05"}],
})


def case_bytes(case: dict[str, Any]) -> Optional[bytes]:
    """The case's input: code points 0-255 stand for bytes; pieces repeat."""
    raw = case["input"]
    if raw is None:
        return None
    if isinstance(raw, dict):
        raw = "".join(piece * times for piece, times in raw["repeat"])
    data = raw.encode("latin-1")
    if "length" in case:
        data = data[: case["length"]]
    return data


def expectation(case: dict[str, Any]) -> dict[str, Any]:
    exp = {k: case[k] for k in ("error", "field", "field_prefix") if k in case}
    exp.update(case.get("expect_py", {}))
    return exp


class Op:
    """A call on the public Python API, and a snapshot of what it must not change."""

    def __init__(self, call: Callable[[bytes, dict[str, Any]], object],
                 state: Callable[[], object] = lambda: None) -> None:
        self.call = call
        self.state = state


DEFINITION = homeward.StarDefinition.recovery_star()

OPS: dict[str, Op] = {
    "calendar_govuk": Op(lambda d, c: homeward.Calendar.from_govuk_json(d)),
    "star_definition": Op(lambda d, c: homeward.StarDefinition.from_json(d)),
    "star_readings": Op(lambda d, c: homeward.StarReadings.from_json(DEFINITION, d),
                        lambda: DEFINITION.to_json()),
    "match_input": Op(lambda d, c: homeward.match_placements(d)),
    "match_options": Op(lambda d, c: homeward.match_placements(BASE_MATCH_INPUT,
                                                               options=d.decode("utf-8")),
                        lambda: BASE_MATCH_INPUT),
    "match_result": Op(lambda d, c: homeward.MatchResult.from_json(d)),  # type: ignore[arg-type]
    "caseload": Op(lambda d, c: homeward.Caseload.from_json(d, **c.get("options", {}))),
    "policy": Op(lambda d, c: homeward.TimelinePolicy.from_json(d)),  # type: ignore[arg-type]
    "costs": Op(lambda d, c: homeward.CostModel.from_json(d)),  # type: ignore[arg-type]
}

PY_CASES = [c for c in CASES if "py" in c.get("layers", ["cpp", "c", "py"])]


def test_catalogue_is_large_and_well_formed() -> None:
    assert len(CASES) >= 150
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for c in CASES:
        assert c["op"] in OPS, c["id"]
        assert c["error"] in ERRORS or c["error"] == "null_pointer", c["id"]
        assert ("field" in c) != ("field_prefix" in c), c["id"]


def test_docs_and_c_table_are_current() -> None:
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "bad_inputs.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("case", PY_CASES, ids=[c["id"] for c in PY_CASES])
def test_bad_input(case: dict[str, Any]) -> None:
    data = case_bytes(case)
    assert data is not None
    op = OPS[case["op"]]
    exp = expectation(case)
    before = op.state()
    with pytest.raises(homeward.Error) as info:
        op.call(data, case)
    err = info.value
    assert isinstance(err, ERRORS[exp["error"]]), f"{type(err).__name__}: {err}"
    assert isinstance(err, ValueError) or isinstance(err, OSError)
    field = err.field
    if "field" in exp:
        assert field == exp["field"], str(err)
    else:
        assert field.startswith(exp["field_prefix"]), str(err)
    # Errors echo at most a short excerpt of the input.
    assert len(str(err)) < 2000
    assert "last read" not in str(err)
    assert op.state() == before  # nothing changed
