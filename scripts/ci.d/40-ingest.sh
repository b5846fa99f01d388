#!/usr/bin/env bash
# Tables in (docs/ingest.md): the bundled sample service is what its generator
# writes, and the CSV-loader benchmark runs (small, as a smoke test; the full
# 1,000,000-event figures are in docs/benchmarks-ingest.md).
set -euo pipefail
PYTHON="${PYTHON:-python3}"
"$PYTHON" scripts/make_sample_service.py --check
"$PYTHON" bench/bench_ingest.py --events 20000 --repeat 1 >/dev/null
echo "ingest: sample service up to date; benchmark smoke run passed"
