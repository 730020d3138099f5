#!/usr/bin/env python3
"""Reference values for Sightline's tests, computed with scipy.

Run from the repository root: `python3 scripts/make_fixtures.py`. It rewrites
Tests/Fixtures/*; commit the result. `make test` reads only the committed files, so the
test suite needs no Python. Versions used are recorded in Tests/Fixtures/provenance.json.
"""
import json
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy import signal

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures"
OUT.mkdir(parents=True, exist_ok=True)
FS = 2_000_000.0


def make_input():
    """Noise plus tones, a gated carrier and a chirp: every bin is noise-dominated or
    signal-dominated, as in real recordings, so float32 rounding stays far below 1e-4."""
    rng = np.random.default_rng(20161231)
    n = 20011  # not a multiple of any hop used below
    t = np.arange(n) / FS
    x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.sqrt(1e-4 / 2)
    x += np.sqrt(0.1) * np.exp(2j * np.pi * -600_000.3 * t)
    x += np.sqrt(1e-3) * np.exp(2j * np.pi * 123_456.7 * t)
    gate = (np.mod(t, 4.615e-3) < 576.9e-6).astype(float)
    x += gate * np.sqrt(0.01) * np.exp(2j * np.pi * 200_000.0 * t)
    x += np.sqrt(1e-3) * np.exp(1j * np.pi * 4e9 * t * t)  # 4 MHz/ms... a fast chirp
    return x.astype(np.complex64)


WINDOWS = {
    "rectangular": "boxcar",
    "hann": "hann",
    "hamming": "hamming",
    "blackman": "blackman",
    "blackmanharris": "blackmanharris",
    "flattop": "flattop",
    "kaiser:8.6": ("kaiser", 8.6),
}


def windows():
    cases = []
    for name, spec in WINDOWS.items():
        for n in (16, 255, 1024):
            for periodic in (True, False):
                w = signal.get_window(spec, n, fftbins=periodic).astype(np.float64)
                cases.append({
                    "name": name, "length": n, "periodic": periodic,
                    "values": w.tolist(),
                    "coherent_gain": float(w.sum() / n),
                    "enbw_bins": float(n * (w * w).sum() / w.sum() ** 2),
                })
    return cases


WELCH_CASES = [
    # nfft, noverlap, window, scaling, average
    (256, 128, "hann", "density", "mean"),
    (1024, 512, "hann", "density", "median"),
    (500, 100, "hamming", "spectrum", "mean"),
    (256, 0, "blackmanharris", "density", "median"),
    (255, 200, "kaiser:8.6", "spectrum", "mean"),
    (128, 96, "flattop", "density", "mean"),
    (256, 128, "rectangular", "spectrum", "median"),
    (1024, 768, "blackman", "density", "mean"),
    (2048, 1024, "hann", "spectrum", "mean"),
    (64, 63, "hann", "density", "mean"),
]


def welch(x):
    cases = []
    for nfft, nover, name, scaling, average in WELCH_CASES:
        f, p = signal.welch(x, FS, window=WINDOWS[name], nperseg=nfft, noverlap=nover,
                            detrend=False, return_onesided=False, scaling=scaling,
                            average=average)
        cases.append({
            "nfft": nfft, "noverlap": nover, "window": name, "scaling": scaling,
            "average": average, "frequencies_hz": np.fft.fftshift(f).tolist(),
            "psd": np.fft.fftshift(p.astype(np.float64)).tolist(),
        })
    return cases


def spectrogram(x):
    nfft, nover = 64, 16
    f, t, s = signal.spectrogram(x, FS, window="hann", nperseg=nfft, noverlap=nover,
                                 detrend=False, return_onesided=False,
                                 scaling="density", mode="psd")
    s = np.fft.fftshift(s.astype(np.float64), axes=0)[:, :40]
    return {"nfft": nfft, "noverlap": nover, "window": "hann",
            "frames": s.shape[1], "rows": s.T.tolist()}


def main():
    x = make_input()
    (OUT / "mixture.sigmf-data").write_bytes(x.astype("<c8").tobytes())
    meta = {
        "global": {"core:datatype": "cf32_le", "core:sample_rate": FS, "core:version": "1.0.0",
                   "core:description": "scripts/make_fixtures.py test mixture"},
        "captures": [{"core:sample_start": 0, "core:frequency": 902.4e6}],
        "annotations": [],
    }
    (OUT / "mixture.sigmf-meta").write_text(json.dumps(meta, indent=2) + "\n")
    (OUT / "windows.json").write_text(json.dumps(windows()))
    (OUT / "welch.json").write_text(json.dumps({"sample_rate_hz": FS, "cases": welch(x)}))
    (OUT / "spectrogram.json").write_text(json.dumps(spectrogram(x)))
    (OUT / "provenance.json").write_text(json.dumps({
        "script": "scripts/make_fixtures.py", "python": sys.version.split()[0],
        "numpy": np.__version__, "scipy": scipy.__version__}, indent=2) + "\n")


if __name__ == "__main__":
    main()
