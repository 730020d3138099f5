#include "sightline_kernels.h"

#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define SIGHTLINE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef SIGHTLINE_CLONES
#define SIGHTLINE_CLONES
#endif

SIGHTLINE_CLONES
void sightline_window_cf32(const float *restrict src, const float *restrict w, float *restrict dst, size_t floats) {
    for (size_t i = 0; i < floats; i++) dst[i] = src[i] * w[i];
}

SIGHTLINE_CLONES
void sightline_window_ci16(const int16_t *restrict src, const float *restrict w, float *restrict dst, size_t floats) {
    for (size_t i = 0; i < floats; i++) dst[i] = (float)src[i] * w[i];
}

SIGHTLINE_CLONES
void sightline_window_ci8(const int8_t *restrict src, const float *restrict w, float *restrict dst, size_t floats) {
    for (size_t i = 0; i < floats; i++) dst[i] = (float)src[i] * w[i];
}

SIGHTLINE_CLONES
void sightline_window_cu8(const uint8_t *restrict src, const float *restrict w, float offset, float *restrict dst,
                          size_t floats) {
    for (size_t i = 0; i < floats; i++) dst[i] = ((float)src[i] - offset) * w[i];
}

SIGHTLINE_CLONES
void sightline_accumulate_squares(const float *restrict y, float *restrict sum, size_t floats) {
    for (size_t i = 0; i < floats; i++) sum[i] += y[i] * y[i];
}
