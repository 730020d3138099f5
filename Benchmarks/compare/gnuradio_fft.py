#!/usr/bin/env python3
"""Times a GNU Radio flowgraph (file source → stream_to_vector → fft_vcc with a Hann window
→ complex_to_mag_squared → null sink) on a raw cf32 file; prints the best time in seconds,
scaled to the 50 %-overlap frame count (stock blocks frame without overlap, so the graph does
half the transforms), or 'skip' when GNU Radio is not installed."""
import sys
import time

try:
    from gnuradio import blocks, fft, gr
    from gnuradio.fft import window
except ImportError:
    print("skip")
    sys.exit(0)

path, nfft, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
best = float("inf")
for _ in range(repeats):
    tb = gr.top_block()
    src = blocks.file_source(gr.sizeof_gr_complex, path, False)
    s2v = blocks.stream_to_vector(gr.sizeof_gr_complex, nfft)
    f = fft.fft_vcc(nfft, True, window.hann(nfft), False, 1)
    mag = blocks.complex_to_mag_squared(nfft)
    sink = blocks.null_sink(gr.sizeof_float * nfft)
    tb.connect(src, s2v, f, mag, sink)
    t0 = time.perf_counter()
    tb.run()
    best = min(best, time.perf_counter() - t0)
# Non-overlapping frames: twice the overlapped Welch's hop, so half its transforms.
print(best * 2)
