#!/usr/bin/env bash
# Installs the Debian packages Sightline builds against, if any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
missing=()
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing: ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing system packages; run:  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6.3 (swift.org) first" >&2; exit 1; }
