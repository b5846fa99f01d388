#!/usr/bin/env bash
# The C ABI from other languages (issue 11), against the installed package:
#   1. install build/dev to build/ffi/stage; pkg-config homeward-c must work
#      without LD_LIBRARY_PATH (the .pc carries an rpath);
#   2. abidiff: the fresh library against the committed baseline
#      capi/abi/libhomeward_c-MAJOR.MINOR.abi; an incompatible change fails;
#   3. the C reference program computes the answers every client checks;
#   4. the Go (cgo), Rust (extern "C", no crates), Node.js (koffi) and Java (JNA)
#      clients: answers, errors, threads (Go: 80,000 concurrent failing calls),
#      RSS over 100,000 calls.
# Dependencies come from the registries' normal caches (Go build cache, npm,
# ~/.m2); everything else stays under build/ffi.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
out="$root/build/ffi"
step() { printf -- '---- ffi: %s (at %ds)\n' "$*" "$SECONDS"; }

for tool in go cargo node npm javac mvn abidiff pkg-config; do
  command -v "$tool" >/dev/null || { echo "ffi: $tool is missing (scripts/deps/ffi.deb; Go and Rust from their installers)" >&2; exit 1; }
done
if [ ! -d build/dev/capi ]; then
  cmake --preset dev >/dev/null
  cmake --build --preset dev --target homeward_c
fi
rm -rf "$out/stage" "$out/expected"
mkdir -p "$out/expected"
cmake --install build/dev --prefix "$out/stage" >/dev/null
export PKG_CONFIG_PATH="$out/stage/lib/pkgconfig"
unset LD_LIBRARY_PATH
version="$(pkg-config --modversion homeward-c)"
lib="$(ls "$out"/stage/lib/libhomeward_c.so.*.*.* | head -1)"

step "ABI of $(basename "$lib") against capi/abi/libhomeward_c-${version%.*}.abi"
bash scripts/abi_dump.sh "$lib" "$out/fresh.abi" >/dev/null
set +e
abidiff --no-show-locs --suppressions capi/abi/suppressions.txt "capi/abi/libhomeward_c-${version%.*}.abi" "$out/fresh.abi" > "$out/abidiff.txt"
rc=$?
set -e
cat "$out/abidiff.txt" | head -40
# abidiff's status is a bit mask: 1 error, 2 usage error, 4 change, 8 incompatible change.
if (( rc & 11 )); then
  echo "ffi: abidiff found an incompatible ABI change (status $rc); see above and docs/conventions.md" >&2
  exit 1
fi
echo "ffi: ABI compatible with the baseline (abidiff status $rc)"

step "C reference (pkg-config, no LD_LIBRARY_PATH)"
cc -std=c99 -Wall -Wextra -Werror -o "$out/reference" examples/ffi/reference/reference.c \
  $(pkg-config --cflags --libs homeward-c)
"$out/reference" "$root" "$out/expected"
export HW_EXPECTED_DIR="$out/expected" HW_REPO_ROOT="$root"

step "Go (cgo)"
(cd examples/ffi/go && go vet ./... && go test -count=1 -v ./... 2>&1 | grep -E '^(=== RUN|--- |ok|FAIL|PASS)|homeward_test.go')

step "Rust (extern \"C\")"
(cd examples/ffi/rust && CARGO_TARGET_DIR="$out/rust-target" cargo test --release -q -- --nocapture 2>&1 \
  | grep -E 'test result: ok. [1-9]|RSS|FAILED|panicked|error' )

step "Node.js (koffi)"
mkdir -p "$out/node"
npm install --prefix "$out/node" --no-save --no-audit --no-fund --loglevel=error koffi@2 >/dev/null
(cd examples/ffi/node && NODE_PATH="$out/node/node_modules" node --expose-gc --test test.js 2>&1 \
  | grep -E '^(ok|not ok|# (pass|fail|skipped))|RSS|Error')

step "Java (JNA)"
mkdir -p "$out/java/lib"
mvn -q dependency:copy -Dartifact=net.java.dev.jna:jna:5.13.0 -DoutputDirectory="$out/java/lib"
rm -rf "$out/java/classes"
javac -Xlint:all -Werror -d "$out/java/classes" -cp "$out/java/lib/jna-5.13.0.jar" examples/ffi/java/src/homeward/*.java
java -Xmx64m -cp "$out/java/lib/jna-5.13.0.jar:$out/java/classes" homeward.Client
step "done"
