#!/usr/bin/env bash
# Writes the ABI baseline of the C library: the abidw dump of the public
# interface (types from capi/include only), from a build with debug info.
#   bash scripts/abi_dump.sh [library] [output] [public headers dir]
# Run it after a deliberate ABI change (new functions, or a new MAJOR.MINOR);
# scripts/ci.d/40-ffi.sh compares the fresh build with it using abidiff.
set -euo pipefail
cd "$(dirname "$0")/.."
lib="${1:-$(ls build/dev/capi/libhomeward_c.so.*.*.* | sort -V | tail -1)}"
out="${2:-capi/abi/libhomeward_c-$(sed -n 's/^  VERSION \([0-9]*\.[0-9]*\)\..*/\1/p' CMakeLists.txt).abi}"
headers="$(cd "${3:-capi/include/homeward}" && pwd)"
abidw --headers-dir "$headers" --no-corpus-path --exported-interfaces-only --drop-private-types --drop-undefined-syms \
  --no-show-locs "$lib" > "$out"
echo "wrote $out from $lib"
