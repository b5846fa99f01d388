"""The shipped type stubs cover the compiled module and are installed with the package."""
from __future__ import annotations

import ast
import importlib.resources

import homeward
from homeward import _core


def _stub_tree() -> ast.Module:
    text = importlib.resources.files("homeward").joinpath("_core.pyi").read_text(encoding="utf-8")
    return ast.parse(text)


def test_py_typed_and_stubs_are_installed():
    files = importlib.resources.files("homeward")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("_core.pyi").is_file()


def test_stubs_name_every_public_object_of_the_compiled_module():
    tree = _stub_tree()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    public = {n for n in dir(_core) if not n.startswith("__")}
    missing = sorted(public - names)
    assert not missing, f"regenerate stubs with scripts/make_stubs.sh; missing: {missing}"


def test_calendar_methods_are_in_the_stubs():
    tree = _stub_tree()
    cal = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Calendar")
    methods = {n.name for n in cal.body if isinstance(n, ast.FunctionDef)}
    for name in ["england_and_wales", "from_govuk_json", "bank_holidays", "is_bank_holiday",
                 "is_working_day", "add_working_days", "working_days_between", "with_closures",
                 "with_weekmask", "holiday_dates"]:
        assert name in methods
    assert homeward.Calendar is _core.Calendar


def test_committed_stubs_equal_freshly_generated_ones(tmp_path):
    """python/homeward/_core.pyi is what scripts/make_stubs.sh makes from the installed
    module, so the stubs cannot drift from the bindings again."""
    import importlib.metadata
    import pathlib
    import re
    import subprocess
    import sys

    import pytest

    root = pathlib.Path(__file__).resolve().parents[2]
    pinned = re.search(r"^pybind11-stubgen==([\d.]+)", (root / "scripts/deps/gates.pip").read_text(), re.M)
    assert pinned, "scripts/deps/gates.pip pins pybind11-stubgen"
    try:
        installed = importlib.metadata.version("pybind11-stubgen")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("pybind11-stubgen is not installed (CI installs it: scripts/deps/gates.pip)")
    pytest.importorskip("pandas", reason="the stubs name pandas.DataFrame; generate them where pandas is installed")
    if installed != pinned.group(1):
        pytest.skip(f"pybind11-stubgen {installed} is not the pinned {pinned.group(1)} (scripts/deps/gates.pip)")
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "pybind11_stubgen", "homeward._core", "-o", str(out), "--exit-code"],
        cwd=tmp_path, check=True, capture_output=True, text=True,
    )
    generated = out / "homeward" / "_core.pyi"
    post = subprocess.run(
        [sys.executable, str(root / "scripts/stubs_postprocess.py"), str(generated)],
        capture_output=True, text=True, check=False,
    )
    assert post.returncode == 0, post.stderr
    committed = (root / "python/homeward/_core.pyi").read_text(encoding="utf-8")
    assert generated.read_text(encoding="utf-8") == committed, (
        "python/homeward/_core.pyi differs from the generated stubs: "
        "run `PYTHON=<venv>/bin/python bash scripts/make_stubs.sh`"
    )


def _postprocessor():
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "stubs_postprocess.py"
    spec = importlib.util.spec_from_file_location("stubs_postprocess", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_postprocessor_types_pickling_state_without_manual_edits():
    """Bindings that gain py::pickle regenerate cleanly: the state is typed with `object`."""
    pp = _postprocessor()
    stub = (
        "import typing\n"
        "class Calendar:\n"
        "    def __getstate__(self) -> tuple:\n        ...\n"
        "    def __setstate__(self, arg0: tuple) -> None:\n        ...\n"
        "    def __deepcopy__(self, memo: dict) -> Calendar:\n        ...\n"
        "class Event:\n"
        "    def __getstate__(self) -> tuple[str, int]:\n        ...\n"
        "class Reading:\n"
        "    def __getstate__(self) -> dict:\n        ...\n"
        "    def __setstate__(self, arg0: typing.Any) -> None:\n        ...\n"
        "    def __eq__(self, arg0: Reading) -> bool:\n        ...\n"
        "    __hash__: typing.ClassVar[None] = None\n"
        "NAMES: tuple = ('a', 'b')\n"
    )
    out = pp.process(stub)
    assert "def __getstate__(self) -> tuple[object, ...]:" in out
    assert "def __setstate__(self, arg0: tuple[object, ...]) -> None:" in out
    assert "def __deepcopy__(self, memo: dict[int, object]) -> Calendar:" in out
    assert "def __getstate__(self) -> tuple[str, int]:" in out  # typed state is kept
    assert "def __getstate__(self) -> dict[str, object]:" in out
    assert "def __setstate__(self, arg0: object) -> None:" in out
    assert "def __eq__(self, arg0: object) -> bool:" in out
    assert "__hash__: typing.ClassVar[None]  # type: ignore[assignment]" in out
    assert "NAMES: tuple[str, ...] = ('a', 'b')" in out
    assert pp.check(out) == []


def test_postprocessor_refuses_unexplained_any_and_bare_generics():
    pp = _postprocessor()
    ok = "import typing\ndef f(x: dict[str, typing.Any], n: int | numpy.integer[typing.Any]) -> None: ...\n"
    assert pp.check(ok) == []
    bad = "import typing\ndef f(x: typing.Any) -> list: ...\n"
    problems = pp.check(bad)
    assert len(problems) == 2, problems
    assert "unexplained typing.Any" in problems[0] and " f" in problems[0]
    assert "bare list" in problems[1]
