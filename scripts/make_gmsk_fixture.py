#!/usr/bin/env python3
"""Independent GMSK reference for Sightline's waveform tests.

GMSK is built here a different way from Sightline's closed-form phase pulse: NRZ symbols
are upsampled, filtered by a sampled Gaussian (scipy.signal.gaussian-style, BT = 0.3,
3GPP TS 45.004 §2.5), integrated numerically into phase with h = 1/2, and the 99 %
occupied bandwidth is read off a long Welch PSD (scipy.signal.welch). Output:
Tests/Fixtures/gmsk.json. Run from the repository root; commit the result.
"""
import json
from pathlib import Path

import numpy as np
import scipy
from scipy import signal

RB = 1625000.0 / 6  # GSM bit rate
SPS = 16            # samples per bit for the reference
BT = 0.3
N_BITS = 200_000


def gmsk(bits_pm1):
    sigma = np.sqrt(np.log(2)) / (2 * np.pi * BT)           # in bit periods
    t = np.arange(-4 * SPS, 4 * SPS + 1) / SPS
    g = np.exp(-t**2 / (2 * sigma**2))
    g /= g.sum()
    nrz = np.repeat(bits_pm1, SPS).astype(float)
    freq = np.convolve(nrz, g, mode="same")                 # Gaussian-filtered NRZ
    phase = np.pi / 2 * np.cumsum(freq) / SPS                # π/2 per bit (h = 1/2)
    return np.exp(1j * phase)


def occupied_bandwidth(x, fs, fraction=0.99):
    f, p = signal.welch(x, fs=fs, nperseg=8192, window="hann", return_onesided=False, detrend=False)
    order = np.argsort(f)
    f, p = f[order], p[order]
    c = np.cumsum(p) / p.sum()
    lo = np.interp((1 - fraction) / 2, c, f)
    hi = np.interp(1 - (1 - fraction) / 2, c, f)
    return hi - lo


def main():
    rng = np.random.default_rng(45004)
    bits = rng.integers(0, 2, N_BITS) * 2 - 1
    x = gmsk(bits)
    fs = RB * SPS
    obw99 = occupied_bandwidth(x, fs, 0.99)
    obw90 = occupied_bandwidth(x, fs, 0.90)
    out = {
        "bit_rate_hz": RB, "bt": BT,
        "obw99_hz": obw99, "obw99_over_rb": obw99 / RB,
        "obw90_hz": obw90, "obw90_over_rb": obw90 / RB,
        "numpy": np.__version__, "scipy": scipy.__version__,
    }
    path = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "gmsk.json"
    path.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
    print(out)


if __name__ == "__main__":
    main()
