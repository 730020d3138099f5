#!/usr/bin/env python3
"""Reference for EnergyDetector.integrationGainDB: the ideal energy detector's per-sample SNR
for Pd 1/2 at Pfa 1e-6 with B·T = 109 (one GSM burst in 200 kHz) and 109·N samples, from scipy's
gamma and non-central chi-squared distributions (independent of the project's Marcum Q sum).
Writes Tests/Fixtures/integration_gain.json.   python3 scripts/integration_gain_reference.py
"""
import json
from scipy.optimize import brentq
from scipy.stats import gamma, ncx2


def pd(snr_db, pfa, n):
    g = 10 ** (snr_db / 10)
    tau = gamma.isf(pfa, n)  # threshold on the sum of n unit-power |x|^2
    return ncx2.sf(2 * tau, 2 * n, 2 * n * g)


def required(p, pfa, n):
    return brentq(lambda s: pd(s, pfa, n) - p, -40, 40, xtol=1e-10)


cases = []
for looks in (2, 4, 8, 16):
    gain = required(0.5, 1e-6, 109) - required(0.5, 1e-6, 109 * looks)
    cases.append({"looks": looks, "pfa": 1e-6, "samples": 109, "gain_db": round(gain, 6)})
json.dump({"source": "scripts/integration_gain_reference.py (scipy)", "cases": cases},
          open("Tests/Fixtures/integration_gain.json", "w"), indent=1)
print(cases)
