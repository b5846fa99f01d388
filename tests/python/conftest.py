"""pytest runs against the *installed* homeward package, never the source tree."""
from __future__ import annotations

import importlib.util
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"


def pytest_configure(config: pytest.Config) -> None:
    spec = importlib.util.find_spec("homeward")
    if spec is None or spec.origin is None:
        raise pytest.UsageError("homeward is not installed: run `pip install .` first")
    origin = pathlib.Path(spec.origin).resolve()
    if REPO / "python" in origin.parents:
        raise pytest.UsageError(f"homeward is imported from the source tree ({origin}); "
                                "install it and run pytest from outside python/")


@pytest.fixture
def data_dir() -> pathlib.Path:
    return DATA


# CI installs every extra (scripts/setup.sh) and sets HOMEWARD_REQUIRE_ALL=1: there a
# skipped test is a failure that says why it could not run, so nothing passes silently.
# Elsewhere a missing extra (pyspark, dask, a browser, a JDK) skips with its reason.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and os.environ.get("HOMEWARD_REQUIRE_ALL") == "1"
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, but HOMEWARD_REQUIRE_ALL=1 (CI runs every test): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    # The same for a whole module skipped at import (pytest.importorskip).
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("HOMEWARD_REQUIRE_ALL") == "1":
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, but HOMEWARD_REQUIRE_ALL=1 (CI runs every test): {reason}"
