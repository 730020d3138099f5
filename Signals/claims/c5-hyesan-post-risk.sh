#!/usr/bin/env bash
# C5 over time: the Hyesan hospital post (15 m up, scanning 0.5 s in every 5 s), a phone
# 3 km away; farther and near the mast, behind a hill, the post raised to 30 m.
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S risk Signals/scenes/c5-hyesan-post-risk.yaml --durations 30s,2m,8m --trials 4000
