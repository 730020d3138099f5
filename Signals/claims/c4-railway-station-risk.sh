#!/usr/bin/env bash
# C4 over time: "the phone call was about eight minutes; … it was foolish of me to use the
# phone for that long." Agents at a station 400 m away; one walks to the door with a DF.
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S risk Signals/scenes/c4-railway-station-risk.yaml --durations 1m,4m,6m,8m,10m,15m --trials 4000
