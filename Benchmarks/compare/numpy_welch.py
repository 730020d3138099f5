#!/usr/bin/env python3
"""Times a Welch PSD made of numpy alone (frames × Hann → numpy.fft.fft → mean |X|²) on a raw
cf32 file; prints the best time in seconds."""
import sys
import time

import numpy as np

path, nfft, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
hop = nfft // 2
x = np.fromfile(path, dtype=np.complex64)
w = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(nfft) / nfft)).astype(np.float32)
frames = np.lib.stride_tricks.sliding_window_view(x, nfft)[::hop]
chunk = max(1, (1 << 22) // nfft)  # frames per numpy call: about 32 MiB of complex64
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    acc = np.zeros(nfft, dtype=np.float64)
    for i in range(0, len(frames), chunk):
        spectra = np.fft.fft(frames[i:i + chunk] * w, axis=1)
        acc += (spectra.real ** 2 + spectra.imag ** 2).sum(axis=0)
    best = min(best, time.perf_counter() - t0)
print(best)
