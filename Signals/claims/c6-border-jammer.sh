#!/usr/bin/env bash
# C6: a border barrage jammer (100 W ERP over the 25 MHz GSM 900 downlink band) against a
# handset listening to a Chinese mast 8 km away: inside the denial radius the call cannot
# hold (SINR < 9 dB); "go deep inside the mountains" = get outside it.
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S jam --jammer border-jammer --link gsm-downlink --signal-distance-km 8 --victim-distance-km 3
