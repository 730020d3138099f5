#!/usr/bin/env bash
# C3: "devices that could recognize the contents": demodulating a burst needs ~9 dB SNR
# (GSM C/I, TS 45.005) where noticing it needs far less after integrating a burst.
# The gap between the two ranges is the answer (no decoding is implemented).
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S range --receiver backpack --json | grep -E '"(detection|intercept)_range_m"|required_snr_db|intercept_snr_db'
