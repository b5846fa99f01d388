#!/usr/bin/env bash
# Regenerates python/homeward/_core.pyi (type stubs of the compiled module)
# from the installed package. Run after changing any binding:
#   pip install --no-build-isolation . && bash scripts/make_stubs.sh
#   PYTHON=/path/to/venv/bin/python bash scripts/make_stubs.sh   # another interpreter
#   bash scripts/make_stubs.sh --check   # exit 1 if the committed stubs are stale
#
# The types come from the bindings themselves: parameters and results that a
# binding converts by hand are declared as homeward::py_bind::Typed<...> (see
# bindings/common.hpp), which only changes the name pybind11 shows. Python-level
# methods attached in python/homeward/_star.py appear with their own
# annotations. scripts/stubs_postprocess.py then makes the few rewrites mypy
# --strict needs and refuses an unexplained `typing.Any`.
# tests/python/test_stubs.py fails when the committed stubs differ from these.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
STUBGEN_VERSION="$(sed -n 's/^pybind11-stubgen==\([0-9.]*\).*/\1/p' scripts/deps/gates.pip)"
if ! "$PYTHON" -c "import importlib.metadata as m, sys; sys.exit(m.version('pybind11-stubgen') != '$STUBGEN_VERSION')" 2>/dev/null; then
  "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore "pybind11-stubgen==$STUBGEN_VERSION"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$out" && "$PYTHON" -m pybind11_stubgen homeward._core -o "$out" --exit-code 2>&1 | { grep -v WARNING || true; })
test -s "$out/homeward/_core.pyi"
"$PYTHON" scripts/stubs_postprocess.py "$out/homeward/_core.pyi"
if [ "${1:-}" = "--check" ]; then
  if ! diff -u python/homeward/_core.pyi "$out/homeward/_core.pyi"; then
    echo "python/homeward/_core.pyi is stale: run scripts/make_stubs.sh" >&2
    exit 1
  fi
  echo "python/homeward/_core.pyi is up to date"
else
  cp "$out/homeward/_core.pyi" python/homeward/_core.pyi
  echo "wrote python/homeward/_core.pyi"
fi
