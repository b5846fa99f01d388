"""The generated stubs are precise where types are known (declared in the bindings,
bindings/common.hpp Typed<...>): mypy infers dates for scalar Calendar calls and NumPy
arrays for array calls."""

from __future__ import annotations

import ast
import importlib.resources
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def _calendar_class() -> ast.ClassDef:
    text = importlib.resources.files("homeward").joinpath("_core.pyi").read_text(encoding="utf-8")
    tree = ast.parse(text)
    return next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Calendar")


def test_calendar_arithmetic_has_scalar_and_array_overloads() -> None:
    cal = _calendar_class()
    for name in ("add_working_days", "working_days_between"):
        defs = [n for n in cal.body if isinstance(n, ast.FunctionDef) and n.name == name]
        assert len(defs) == 2, name
        for d in defs:
            assert any(ast.unparse(x) == "typing.overload" for x in d.decorator_list), name


def test_calendar_signatures_have_no_any() -> None:
    for node in _calendar_class().body:
        if isinstance(node, ast.FunctionDef):
            args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            annotations = [a.annotation for a in args if a.annotation is not None]
            annotations += [node.returns] if node.returns is not None else []
            for ann in annotations:
                assert ast.unparse(ann) != "typing.Any", f"{node.name}: {ast.unparse(node.args)}"


def test_mypy_infers_dates_and_arrays(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (CI installs it: scripts/deps/gates.pip)")
    src = tmp_path / "use_calendar.py"
    src.write_text(
        textwrap.dedent(
            """
            import datetime
            import numpy as np
            import homeward as hw

            cal = hw.Calendar.england_and_wales()
            reveal_type(cal.add_working_days(datetime.date(2025, 4, 10), 10))
            reveal_type(cal.add_working_days(np.array(["2025-04-10"], dtype="datetime64[D]"), 3))
            reveal_type(cal.working_days_between("2025-04-01", "2025-05-01"))
            reveal_type(cal.working_days_between(np.array(["2025-04-01"], dtype="datetime64[D]"), "2025-05-01"))
            """
        )
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", str(src)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    ).stdout
    revealed = [line.split("Revealed type is ", 1)[1] for line in out.splitlines() if "Revealed type" in line]
    assert len(revealed) == 4, out
    assert revealed[0] in ('"datetime.date"', '"date"')
    assert "ndarray" in revealed[1] and "datetime64" in revealed[1]
    assert revealed[2] in ('"builtins.int"', '"int"')
    assert "ndarray" in revealed[3] and ("int64" in revealed[3] or "_64Bit" in revealed[3])
