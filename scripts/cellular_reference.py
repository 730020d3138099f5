#!/usr/bin/env python3
"""Independent WCDMA / LTE references for Sightline's cellular waveform tests.

Built here from the standards' text, a different way from Sightline's Swift generators:

- OVSF codes by the Hadamard-like recursion of 3GPP TS 25.213 §4.3.1.1, written as a
  Kronecker product (C_SF = C_SF/2 ⊗ [[1, 1], [1, -1]] re-ordered by code tree index).
- The uplink long scrambling code of TS 25.213 §4.3.2.2 by stepping both 25-stage
  registers bit by bit (no matrix jump: the second branch is reached by running the
  registers 16 777 232 steps), c1, c2 and C_long,n(i) = c1(i)(1 + j(-1)^i c2(2 floor(i/2))).
- A root-raised-cosine roll-off 0.22 (TS 25.101 §6.8.1) designed in the frequency domain
  (the square root of the raised-cosine spectrum, inverse FFT), QPSK chips at 3.84 Mcps,
  99 % occupied bandwidth from a long Welch PSD.
- SC-FDMA (TS 36.211 §5.6) for 10 resource blocks: QPSK, M-point DFT spreading, localized
  mapping into an N-point IFFT with the half-subcarrier shift; PAPR as the 99.9th
  percentile of |x|^2 / mean |x|^2 over the useful parts, against plain OFDM with the same
  allocation; 99 % occupied bandwidth.
Output: Tests/Fixtures/cellular.json. Run from the repository root; commit the result.
"""
import json
from pathlib import Path

import numpy as np
import scipy
from scipy import signal

CHIP_RATE = 3.84e6


def ovsf(sf, k):
    """C_ch,SF,k: rows of the recursively built tree."""
    codes = np.array([[1]])
    while codes.shape[1] < sf:
        n = codes.shape[0]
        nxt = np.zeros((2 * n, 2 * codes.shape[1]), dtype=int)
        for i in range(n):
            nxt[2 * i] = np.concatenate([codes[i], codes[i]])
            nxt[2 * i + 1] = np.concatenate([codes[i], -codes[i]])
        codes = nxt
    return codes[k]


def long_code(n, count):
    """The first `count` chips of C_long,n (TS 25.213 §4.3.2.2), complex ±1±j."""
    shift = 16777232
    x = [(n >> i) & 1 for i in range(24)] + [1]
    y = [1] * 25
    total = shift + count
    xs = bytearray(total + 25)
    ys = bytearray(total + 25)
    xs[:25] = bytes(x)
    ys[:25] = bytes(y)
    for i in range(total):
        xs[i + 25] = xs[i + 3] ^ xs[i]
        ys[i + 25] = ys[i + 3] ^ ys[i + 2] ^ ys[i + 1] ^ ys[i]
    z = np.frombuffer(bytes(a ^ b for a, b in zip(xs[:total], ys[:total])), dtype=np.uint8)
    zpm = 1 - 2 * z.astype(int)  # Z = +1 for z = 0, -1 for z = 1
    c1 = zpm[:count]
    c2 = zpm[shift:shift + count]
    i = np.arange(count)
    w = np.where(i % 2 == 0, 1, -1)
    return c1 + 1j * c1 * w * c2[2 * (i // 2)]


def rrc_spectrum_shaped(chips, sps, beta=0.22):
    """Upsample by `sps` and filter by a frequency-domain RRC (square root of the RC)."""
    n = len(chips) * sps
    up = np.zeros(n, dtype=complex)
    up[::sps] = chips
    f = np.fft.fftfreq(n, d=1.0 / sps)  # in units of the chip rate
    a = np.abs(f)
    h = np.zeros(n)
    h[a <= (1 - beta) / 2] = 1
    band = (a > (1 - beta) / 2) & (a <= (1 + beta) / 2)
    h[band] = 0.5 * (1 + np.cos(np.pi / beta * (a[band] - (1 - beta) / 2)))
    return np.fft.ifft(np.fft.fft(up) * np.sqrt(h))


def obw(x, fs, fraction=0.99, nperseg=8192):
    f, p = signal.welch(x, fs=fs, nperseg=nperseg, window="hann", return_onesided=False, detrend=False)
    order = np.argsort(f)
    f, p = f[order], p[order]
    c = np.cumsum(p) / p.sum()
    return np.interp(1 - (1 - fraction) / 2, c, f) - np.interp((1 - fraction) / 2, c, f)


def scfdma(rng, n_rb, fs, symbols, precoded):
    """Useful parts of `symbols` SC-FDMA (or OFDM) symbols, allocation centred."""
    n = int(round(fs / 15e3))
    m = 12 * n_rb
    out = []
    for _ in range(symbols):
        d = ((rng.integers(0, 2, m) * 2 - 1) + 1j * (rng.integers(0, 2, m) * 2 - 1)) / np.sqrt(2)
        if precoded:
            d = np.fft.fft(d) / np.sqrt(m)
        grid = np.zeros(n, dtype=complex)
        k = np.arange(m) - m // 2
        grid[k % n] = d
        t = np.arange(n)
        out.append(np.fft.ifft(grid) * n * np.exp(1j * np.pi * t / n) / np.sqrt(m))
    return np.concatenate(out)


def papr_db(x, q=99.9):
    p = np.abs(x) ** 2
    return 10 * np.log10(np.percentile(p, q) / p.mean())


def main():
    rng = np.random.default_rng(25213)
    out = {"numpy": np.__version__, "scipy": scipy.__version__}
    out["ovsf"] = {f"{sf}_{k}": ovsf(sf, k).tolist() for sf, k in [(4, 1), (16, 4), (64, 16), (8, 5)]}
    for n in (0, 5, 123456):
        c = long_code(n, 64)
        out[f"long_code_{n}_re"] = c.real.astype(int).tolist()
        out[f"long_code_{n}_im"] = c.imag.astype(int).tolist()
    sps = 4
    chips = ((rng.integers(0, 2, 400_000) * 2 - 1) + 1j * (rng.integers(0, 2, 400_000) * 2 - 1)) / np.sqrt(2)
    x = rrc_spectrum_shaped(chips, sps)
    out["wcdma_obw99_hz"] = obw(x, CHIP_RATE * sps)
    fs = 7.68e6
    sc = scfdma(rng, 10, fs, 4000, True)
    of = scfdma(rng, 10, fs, 4000, False)
    out["lte_fs_hz"] = fs
    out["lte_10rb_obw99_hz"] = obw(sc, fs, nperseg=512)
    out["lte_10rb_scfdma_papr999_db"] = papr_db(sc)
    out["lte_10rb_ofdm_papr999_db"] = papr_db(of)
    path = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "cellular.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print({k: v for k, v in out.items() if not isinstance(v, (list, dict))})


if __name__ == "__main__":
    main()
