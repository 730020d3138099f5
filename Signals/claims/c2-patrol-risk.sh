#!/usr/bin/env bash
# C2 over time: a patrol with a backpack receiver walks a loop through town; when it hears
# the phone, one agent follows the signal with a hand-held DF (Signals/scenes/c2-…-risk.yaml).
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S risk Signals/scenes/c2-patrol-follows-the-signal-risk.yaml --durations 1m,2m,4m,8m --trials 4000
