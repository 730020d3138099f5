#!/usr/bin/env bash
# C5: a monitoring room in a Hyesan hospital. An elevated fixed post (15 m, 8 dBi, 5 dB NF,
# 8 bursts per look) over smooth earth (k = 4/3, so the bulge diffracts beyond the horizon),
# then with a 60 m hill 1.5 km from the phone on the line to the post (a 30 km profile).
# (Diffraction over the profile adds to the log-distance loss; Deygout, k = 4/3.)
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S range --receiver fixed-post --smooth-earth-km 40
$S range --receiver fixed-post --profile Signals/claims/hill-between.csv
