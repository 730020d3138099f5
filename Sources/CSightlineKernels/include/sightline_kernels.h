#ifndef SIGHTLINE_KERNELS_H
#define SIGHTLINE_KERNELS_H
#include <stddef.h>
#include <stdint.h>

// The spectral loop's windowing pass, one function per sample encoding: dst[i] = x[i]·w[i]
// for `floats` interleaved values (I, Q, …), where x is the stored value as a float (less
// `offset` for unsigned types). Each is compiled for AVX-512, AVX2 and the baseline, and the
// loader picks the widest the CPU has (target_clones), since the package builds for the
// x86-64 baseline.
void sightline_window_cf32(const float *src, const float *w, float *dst, size_t floats);
void sightline_window_ci16(const int16_t *src, const float *w, float *dst, size_t floats);
void sightline_window_ci8(const int8_t *src, const float *w, float *dst, size_t floats);
void sightline_window_cu8(const uint8_t *src, const float *w, float offset, float *dst, size_t floats);

// The accumulate pass: sum[i] += y[i]² for `floats` values (re, im interleaved: the
// squares of the real and imaginary parts kept apart, combined later).
void sightline_accumulate_squares(const float *y, float *sum, size_t floats);
#endif
