#!/usr/bin/env bash
# C1: how far do a backpack receiver and a hand-held DF notice a 2 W phone in a call?
# Presets: Signals/presets/README.md (handset, backpack, handheld-df). One look = one burst.
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S range --transmitter handset --receiver backpack
$S range --transmitter handset --receiver handheld-df
