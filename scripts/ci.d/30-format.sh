#!/usr/bin/env bash
# CI: C and C++ sources match .clang-format (clang-format --dry-run --Werror).
#
# While the file .clang-format-pending exists (the tree has not yet had its
# one-time reformat), the check reports the files that differ but does not
# fail. Whoever applies `scripts/format.sh --fix` to the whole tree deletes
# that file in the same commit, and from then on any unformatted file fails CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -e .clang-format-pending ]; then
  bash scripts/format.sh || echo "format: not enforced yet (.clang-format-pending exists)"
else
  bash scripts/format.sh
fi
