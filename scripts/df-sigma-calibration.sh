#!/usr/bin/env bash
# Issue 20: the measurements behind the direction finders' reported sigmas and the fixes'
# ellipses, from the seeded tests that check them (release build with -enable-testing):
#   - Watson-Watt and pseudo-Doppler: RMSE vs reported sigma on IQ-level GSM bursts at
#     0, 10 and 20 dB (DFCalibrationTests);
#   - per-source sigma vs the multi-source CRB for two sources 10° and 20° apart
#     (MultiSourceSigmaTests);
#   - 95 % ellipse coverage for ls, stansfield, ml, robust and map on four geometries
#     (FixCoverageTests).
# Usage: scripts/df-sigma-calibration.sh   (prints one line per figure)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release -Xswiftc -enable-testing --build-tests >&2
swift test -c release -Xswiftc -enable-testing --skip-build \
    --filter 'DFCalibrationTests|MultiSourceSigmaTests|FixCoverageTests' 2>&1 |
    grep -E '^(calibration|coverage|two sources)' | sort
