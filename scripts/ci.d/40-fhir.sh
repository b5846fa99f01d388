#!/usr/bin/env bash
# FHIR R4 exports checked by HL7's own validator (HAPI FHIR 8.6.1, R4 core
# definitions): every pathway of the bundled sample service with its Star
# readings (one Bundle per person), the whole caseload in one Bundle, and a
# round trip through import. Needs the installed Python package (an earlier
# step) and a JDK + Maven (scripts/deps/fhir.deb). Maven fetches HAPI FHIR
# from Maven Central into ~/.m2 the first time.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-python3}"
out="build/fhir"
rm -rf "$out"
mkdir -p "$out/bundles"

"$PYTHON" -m homeward fhir export --split --out "$out/bundles"
"$PYTHON" -m homeward fhir export --out "$out/bundles/all-people.json"
"$PYTHON" -m homeward fhir definitions --out "$out/definitions.json"
# Round trip: import the whole-caseload Bundle, export again, compare.
"$PYTHON" -m homeward fhir import "$out/bundles/all-people.json" --out "$out/roundtrip-caseload.json"
"$PYTHON" - "$out" <<'PY'
import json, pathlib, sys
import homeward as hw
out = pathlib.Path(sys.argv[1])
got = hw.read_fhir(out / "bundles" / "all-people.json")
again = hw.to_fhir(got.caseload, readings=got.readings)
first = json.loads((out / "bundles" / "all-people.json").read_text())
assert again == first, "export -> import -> export differs"
assert got.ignored == [], got.ignored
print(f"fhir: round trip identical ({len(got.caseload)} people, {got.readings.size} readings)")
PY

cd tests/fhir_validator
mvn -q -B dependency:build-classpath -Dmdep.outputFile="../../$out/classpath.txt" >/dev/null
java -cp "$(cat "../../$out/classpath.txt")" ValidateBundles.java \
  --definitions "../../$out/definitions.json" "../../$out/bundles" 2>&1 \
  | grep -v -E '^\[main\] (INFO|WARN ca.uhn.fhir.parser.LenientErrorHandler)' | tee "../../$out/validator.log"
# ValidateBundles exits 1 on any error or warning; pipefail carries it here.
