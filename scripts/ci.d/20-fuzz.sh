#!/usr/bin/env bash
# CI: a short run of every libFuzzer harness (tests/fuzz, docs/fuzzing.md) from
# its seed corpus; any crash, leak, timeout, sanitizer report or broken
# invariant fails the step and leaves a reproducer in build/fuzz/artifacts/.
# HOMEWARD_FUZZ_SECONDS per harness (default 12: about 2.5 minutes for all).
set -euo pipefail
cd "$(dirname "$0")/../.."
if command -v ccache >/dev/null; then
  export CMAKE_C_COMPILER_LAUNCHER="${CMAKE_C_COMPILER_LAUNCHER:-ccache}"
  export CMAKE_CXX_COMPILER_LAUNCHER="${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}"
fi
CC=clang CXX=clang++ cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${JOBS:-$(nproc)}"
FUZZ_JOBS="${FUZZ_JOBS:-$(nproc)}" FUZZ_NO_BUILD=1 bash scripts/fuzz.sh "${HOMEWARD_FUZZ_SECONDS:-20}"
