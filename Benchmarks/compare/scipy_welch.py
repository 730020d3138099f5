#!/usr/bin/env python3
"""Times scipy.signal.welch on a raw cf32 file; prints the best time in seconds."""
import sys
import time

import numpy as np
from scipy import signal

path, nfft, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.fromfile(path, dtype=np.complex64)
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    signal.welch(x, 1.0, window="hann", nperseg=nfft, noverlap=nfft // 2, detrend=False,
                 return_onesided=False)
    best = min(best, time.perf_counter() - t0)
print(best)
