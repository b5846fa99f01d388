#!/usr/bin/env bash
# The main job: install homeward's Python package (with the report extra) and
# write the service report on the bundled synthetic sample.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

bash scripts/setup.sh
echo "run-sample: pip install '.[report]' (builds the C++ core; a few minutes on 2 cores)"
"$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore \
  --no-build-isolation ".[report]"
mkdir -p build/report
# Writes build/report/report.html (open it in a browser), report.json and report.md,
# and prints where it wrote them.
homeward report --out build/report "$@"
