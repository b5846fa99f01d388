#!/usr/bin/env bash
# C and C++ formatting against the committed .clang-format (clang-format 14).
#
#   scripts/format.sh           check: list files that are not formatted, exit 1 if any
#   scripts/format.sh --fix     format them in place
#
# Files checked: every tracked (or, outside git, every) *.c, *.h, *.cpp, *.hpp under
# src/ include/ capi/ bindings/ tests/ examples/ bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG_FORMAT="${CLANG_FORMAT:-clang-format}"
command -v "$CLANG_FORMAT" >/dev/null || { echo "format: $CLANG_FORMAT not found" >&2; exit 2; }

dirs=(src include capi bindings tests examples bench)
# Generated files keep their generator's layout (their --check compares bytes).
generated='^tests/c/bad_inputs_table\.h$'

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- "${dirs[@]}" | grep -E '\.(c|h|cpp|hpp)$' | grep -v -E "$generated" || true)
else
  mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp' \) 2>/dev/null | sort)
fi
[ "${#files[@]}" -gt 0 ] || { echo "format: no files"; exit 0; }

if [ "${1:-}" = "--fix" ]; then
  "$CLANG_FORMAT" -i --style=file "${files[@]}"
  echo "format: formatted ${#files[@]} files"
  exit 0
fi

bad=()
for f in "${files[@]}"; do
  if ! "$CLANG_FORMAT" --dry-run --Werror --style=file "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ "${#bad[@]}" -gt 0 ]; then
  printf 'format: %d of %d files are not formatted (scripts/format.sh --fix):\n' "${#bad[@]}" "${#files[@]}"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "format: ${#files[@]} files formatted"
