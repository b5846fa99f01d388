#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tests/fuzz (see docs/fuzzing.md).
#
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
#
# SECONDS per harness (default 60); HARNESS names such as fuzz_caseload (default:
# every tests/fuzz/fuzz_*.cpp). Builds the `fuzz` preset first (clang, ASan +
# UBSan + libFuzzer) unless FUZZ_NO_BUILD=1. Each harness starts from its seed
# corpus (tests/fuzz/make_seeds.py) plus whatever earlier runs kept in
# build/fuzz/corpus/<harness>, and JSON harnesses get tests/fuzz/json.dict.
# Any finding (crash, leak, timeout, out-of-memory, sanitizer report, broken
# invariant) leaves a reproducer in build/fuzz/artifacts/ and makes the script
# exit non-zero after the remaining harnesses have run. A reproducer replays with
#   build/fuzz/tests/fuzz/<harness> build/fuzz/artifacts/<file>
# Per-harness executions and outcome go to build/fuzz/summary.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${1:-60}"
shift || true
BUILD=build/fuzz
BIN="$BUILD/tests/fuzz"

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake --preset fuzz >/dev/null
  fi
  cmake --build --preset fuzz -j "${JOBS:-$(nproc)}" >/dev/null
fi

if [ "$#" -gt 0 ]; then
  HARNESSES=("$@")
else
  HARNESSES=()
  for f in tests/fuzz/fuzz_*.cpp; do HARNESSES+=("$(basename "$f" .cpp)"); done
fi

python3 tests/fuzz/make_seeds.py "$BUILD/seeds"
mkdir -p "$BUILD/artifacts" "$BUILD/logs"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
# Internal errors already reported elsewhere (see the file); every other finding fails.
export HOMEWARD_FUZZ_KNOWN="${HOMEWARD_FUZZ_KNOWN-$PWD/tests/fuzz/known_findings.txt}"

# Inputs larger than this are not interesting to the JSON harnesses (they cap
# their own input size too); binary harnesses need far less.
max_len_of() {
  case "$1" in
    fuzz_dense_large) echo 64 ;;
    fuzz_assignment|fuzz_stable|fuzz_dates) echo 512 ;;
    *) echo 16384 ;;
  esac
}

summary="$BUILD/summary.tsv"
[ -f "$summary" ] || printf 'harness\tseconds\texecutions\texec_per_s\tcorpus\tresult\n' >"$summary"

# One harness: run it, print one line (and the finding's first lines), append a row to
# the summary, and leave a marker file when it found something.
run_one() {
  local h="$1" exe="$BIN/$1" corpus="$BUILD/corpus/$1" log="$BUILD/logs/$1.log" rc execs rate files line
  local dict=()
  case "$h" in fuzz_assignment|fuzz_stable|fuzz_dense_large) ;; *) dict=(-dict=tests/fuzz/json.dict) ;; esac
  mkdir -p "$corpus" "$BUILD/seeds/$h"
  rm -f "$BUILD/logs/$h.finding"
  set +e
  "$exe" "$corpus" "$BUILD/seeds/$h" "${dict[@]}" \
    -max_total_time="$SECONDS_EACH" -max_len="$(max_len_of "$h")" -timeout=25 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$BUILD/artifacts/$h-" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  files=$(find "$corpus" -type f | wc -l)
  line=$(printf 'fuzz: %-22s %4ss ... ' "$h" "$SECONDS_EACH")
  if [ "$rc" -eq 0 ]; then
    echo "${line}ok: $execs executions ($rate/s), corpus $files"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$SECONDS_EACH" "$execs" "$rate" "$files" ok >>"$summary"
  else
    touch "$BUILD/logs/$h.finding"
    { echo "${line}FINDING (exit $rc): see $log"
      grep -E 'ERROR|SUMMARY|homeward fuzz finding|runtime error|Test unit written' "$log" | head -8 | sed 's/^/    /'
    } || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$SECONDS_EACH" "$execs" "$rate" "$files" "FINDING (exit $rc)" >>"$summary"
  fi
}

# FUZZ_JOBS harnesses at a time (default 1; CI runs one per core).
FUZZ_JOBS="${FUZZ_JOBS:-1}"
running=0
for h in "${HARNESSES[@]}"; do
  [ -x "$BIN/$h" ] || { echo "fuzz: no harness $BIN/$h" >&2; exit 2; }
done
for h in "${HARNESSES[@]}"; do
  if [ "$running" -ge "$FUZZ_JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_one "$h" &
  running=$((running + 1))
done
wait || true

failed=()
for h in "${HARNESSES[@]}"; do
  [ -e "$BUILD/logs/$h.finding" ] && failed+=("$h")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (reproducers in $BUILD/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no findings"
