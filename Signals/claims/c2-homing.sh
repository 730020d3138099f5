#!/usr/bin/env bash
# C2: "If signals are detected, they follow the signal. Then they get in front of the house."
# An agent walking at 1.4 m/s takes a bearing every 10 s (10° error, a hand-held DF in
# streets) and stops 20 m from the phone; the call lasts eight minutes (480 s, C4).
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S homing --start-m 250,500,1000 --sigma-deg 10 --max-s 480
# Without a direction finder: level readings at three points 10 m apart, 6 dB shadowing
# (50 m decorrelation), 1 dB reading error; up the estimated gradient.
$S homing --mode rss --start-m 50,100,200,500 --max-s 480
