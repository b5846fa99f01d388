#!/usr/bin/env bash
# Installs what homeward needs on Debian 12: compilers and libraries from
# Debian's archive, Python build and test packages from PyPI. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

DEBS=(build-essential cmake ninja-build pkg-config git
      libboost-date-time-dev nlohmann-json3-dev catch2 binutils)
# Each area may add Debian packages it needs for its tests in scripts/deps/<area>.deb
# (one name per line, # comments); only when HOMEWARD_SETUP_TEST is set.
if [ -n "${HOMEWARD_SETUP_TEST:-}" ]; then
  for f in scripts/deps/*.deb; do
    [ -e "$f" ] || continue
    while read -r p; do p="${p%%#*}"; p="${p// /}"; [ -n "$p" ] && DEBS+=("$p"); done < "$f"
  done
fi
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip python3-venv >/dev/null
fi
# Build requirements (so `pip install --no-build-isolation .` needs no network at build time)
# and what the tests compare against.
"$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore \
  "scikit-build-core>=0.10" "pybind11>=3.0" "numpy>=1.22" \
  ${HOMEWARD_SETUP_TEST:+"pytest>=7" "pandas>=1.5" "scipy>=1.9" "holidays>=0.40" "fhir.resources>=7" "matching>=1.4"}
# Each area's extra Python test/optional packages: scripts/deps/<area>.pip (pip requirement lines).
if [ -n "${HOMEWARD_SETUP_TEST:-}" ]; then
  for f in scripts/deps/*.pip; do
    [ -e "$f" ] || continue
    "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore -r "$f"
  done
fi
