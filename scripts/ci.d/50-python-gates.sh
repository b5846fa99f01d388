#!/usr/bin/env bash
# CI: Python quality gates configured in pyproject.toml:
#   ruff check (E, F, W, I, B, UP, RUF; 100 columns) over every Python file;
#   mypy --strict over python/homeward, including the generated stubs
#   python/homeward/_core.pyi. Any finding of either fails the step.
# pytest's own gates (--strict-markers, xfail_strict, filterwarnings = error)
# apply in the pytest step of scripts/test-all.sh, where
# tests/python/test_stubs.py also fails when the committed stubs differ from
# what scripts/make_stubs.sh generates (pybind11-stubgen: scripts/deps/gates.pip).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m ruff --version >/dev/null 2>&1 || "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore ruff
"$PYTHON" -m mypy --version >/dev/null 2>&1 || "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore mypy
status=0
"$PYTHON" -m ruff check . || status=1
"$PYTHON" -m mypy || status=1
exit "$status"
