#!/usr/bin/env bash
# C8: "You need to get at least 20 km away from the city" to receive foreign TV. A noise
# jammer on a 150 m city tower against a weak foreign broadcast arriving at −75 dBm on a
# rooftop antenna (needs 15 dB C/(N+I)); suburban Hata, extrapolated past its 20 km, plus
# smooth-earth diffraction (k = 4/3) so the jammer's reach ends near its radio horizon.
# First the 1 kW preset, then 25 dBm (0.3 W) ERP, at which the denial radius is about 20 km.
set -euo pipefail
S=${SIGHTLINE:-.build/release/sightline}
$S jam --jammer city-jammer --link tv --signal-dbm -75 --victim-distance-km 20 --allow-extrapolation --smooth-earth-km 100
$S jam --jammer city-jammer --link tv --signal-dbm -75 --victim-distance-km 20 --allow-extrapolation --smooth-earth-km 100 --jammer-erp-dbm 25
