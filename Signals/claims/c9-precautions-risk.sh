#!/usr/bin/env bash
# C9: what each precaution buys against a post, a three-sensor locator and an agent.
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S risk Signals/scenes/c9-precautions-risk.yaml --durations 30s,2m,8m --trials 4000
