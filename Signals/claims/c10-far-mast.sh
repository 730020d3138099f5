#!/usr/bin/env bash
# C10: "some people travel 16–20 km to reach a spot where a Chinese phone connects". The
# 16–20 km is the journey to the spot, not the phone's distance from the mast (an earlier
# reading of this script took it for that). At the spot the phone is as far from the mast
# across the border as that spot is: at the edge of the coverage it transmits its 33 dBm
# maximum; nearer the border bank power control turns it down. What it sends there, and how
# far a backpack receiver hears it at that power:
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S powercontrol --mast-km 0.5 --allow-extrapolation
$S powercontrol --mast-km 1
$S powercontrol --mast-km 2
$S powercontrol --mast-km 5
for p in 33 29 19 9; do
  printf '%s dBm: backpack ' "$p"
  $S range --receiver backpack --tx-power-dbm "$p" | sed -n 's/^detection needs SNR \([^ ]*\) dB.*: range /needs \1 dB, hears it to /p'
done
