#!/usr/bin/env bash
# C10: phones 16–20 km from a Chinese mast. Power control holds them at 33 dBm; a phone 2 km
# from its mast is turned down — and is heard over a much shorter range by a backpack.
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S powercontrol --mast-km 16
$S powercontrol --mast-km 2
$S range --receiver backpack --tx-power-dbm 33 --json | grep detection_range_m
$S range --receiver backpack --tx-power-dbm 29 --json | grep detection_range_m
