#!/usr/bin/env bash
# Builds everything and runs every test:
#   1. C++ core + C ABI, Debug with warnings as errors: Catch2 and the C programs (ctest)
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. cmake --install, then an outside project (examples/consumer) built with
#      find_package(homeward) against the installed package, and run
#   4. pip install . and pytest against the installed package (including the
#      ctypes test of the C ABI)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
JOBS="${JOBS:-$(nproc)}"
step() { printf '\n==== %s (at %ds) ====\n' "$*" "$SECONDS"; }

step "setup"
HOMEWARD_SETUP_TEST=1 bash scripts/setup.sh

step "C++ and C tests (dev preset: Debug, -Werror)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$JOBS"
ctest --preset dev -j "$JOBS"

step "C++ and C tests under ASan + UBSan (sanitize preset)"
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize -j "$JOBS"
ctest --preset sanitize -j "$JOBS"

step "install, then build and run an outside project with find_package(homeward)"
rm -rf build/stage build/consumer
cmake --install build/dev --prefix build/stage >/dev/null
cmake -S examples/consumer -B build/consumer -G Ninja -DCMAKE_PREFIX_PATH="$PWD/build/stage" >/dev/null
cmake --build build/consumer -j "$JOBS"
LD_LIBRARY_PATH="$PWD/build/stage/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ./build/consumer/due_dates_cpp 2025-04-10 | tee build/consumer/cpp.out
grep -q "10 working days: 2025-04-28" build/consumer/cpp.out
LD_LIBRARY_PATH="$PWD/build/stage/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ./build/consumer/due_dates_c 2025-04-10 | tee build/consumer/c.out
grep -q "first visit due by 2025-04-28" build/consumer/c.out
PKG_CONFIG_PATH="$PWD/build/stage/lib/pkgconfig" pkg-config --modversion homeward homeward-c

step "Python: pip install . and pytest on the installed package"
"$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore \
  --no-build-isolation .
HOMEWARD_REQUIRE_ALL=1 "$PYTHON" -m pytest tests/python -q -rs -p no:cacheprovider

# Further steps, one script per area (fuzz smoke runs, ThreadSanitizer, FFI clients,
# FHIR validation, browser tests, engines ...), run in name order.
for f in scripts/ci.d/*.sh; do
  [ -e "$f" ] || continue
  step "$(basename "$f" .sh)"
  bash "$f"
done
step "all steps passed"
