#!/usr/bin/env bash
# CI: the C++ and C tests, including the multi-threaded ones (tests/cpp/test_threads.cpp,
# tests/c/test_threads.c), built with -fsanitize=thread (the tsan preset) and run
# by ctest; any data race fails the step (TSAN_OPTIONS halt_on_error=1).
set -euo pipefail
cd "$(dirname "$0")/../.."
if command -v ccache >/dev/null; then
  export CMAKE_C_COMPILER_LAUNCHER="${CMAKE_C_COMPILER_LAUNCHER:-ccache}"
  export CMAKE_CXX_COMPILER_LAUNCHER="${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}"
fi
# ThreadSanitizer maps its shadow memory at fixed addresses; kernels with
# high-entropy ASLR (vm.mmap_rnd_bits > 28) can place the program there and
# TSan aborts with "unexpected memory mapping". Run the tests without
# address randomisation when setarch can do that.
RUN=()
if setarch "$(uname -m)" -R true 2>/dev/null; then RUN=(setarch "$(uname -m)" -R); fi
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "${JOBS:-$(nproc)}"
"${RUN[@]}" ctest --preset tsan -j "${JOBS:-$(nproc)}"
