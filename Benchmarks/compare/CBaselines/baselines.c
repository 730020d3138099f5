#include "baselines.h"

// fftw3.h first: after <complex.h> its fftwf_complex would be a C99 complex type.
#include <fftw3.h>
#include <liquid/liquid.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void baseline_fftw_prepare(int nfft) {
    fftwf_complex *buf = fftwf_malloc(sizeof(fftwf_complex) * (size_t)nfft);
    fftwf_plan p = fftwf_plan_dft_1d(nfft, buf, buf, FFTW_FORWARD, FFTW_MEASURE);
    fftwf_destroy_plan(p);
    fftwf_free(buf);
}

size_t baseline_fftw_welch(const float *x, size_t samples, int nfft, int hop, float *psd) {
    fftwf_complex *buf = fftwf_malloc(sizeof(fftwf_complex) * (size_t)nfft);
    float *w = malloc(sizeof(float) * (size_t)nfft);
    fftwf_plan p = fftwf_plan_dft_1d(nfft, buf, buf, FFTW_FORWARD, FFTW_MEASURE);
    for (int i = 0; i < nfft; i++) w[i] = 0.5f - 0.5f * cosf(2.0f * (float)M_PI * (float)i / (float)nfft);
    memset(psd, 0, sizeof(float) * (size_t)nfft);
    size_t frames = 0;
    for (size_t start = 0; start + (size_t)nfft <= samples; start += (size_t)hop) {
        const float *f = x + 2 * start;
        for (int i = 0; i < nfft; i++) {
            buf[i][0] = f[2 * i] * w[i];
            buf[i][1] = f[2 * i + 1] * w[i];
        }
        fftwf_execute(p);
        for (int k = 0; k < nfft; k++) psd[k] += buf[k][0] * buf[k][0] + buf[k][1] * buf[k][1];
        frames++;
    }
    fftwf_destroy_plan(p);
    fftwf_free(buf);
    free(w);
    return frames;
}

size_t baseline_liquid_spgram(const float *x, size_t samples, int nfft, int hop, float *psd_db) {
    spgramcf q = spgramcf_create((unsigned)nfft, LIQUID_WINDOW_HANN, (unsigned)nfft, (unsigned)hop);
    spgramcf_write(q, (liquid_float_complex *)x, (unsigned)samples);
    spgramcf_get_psd(q, psd_db);
    size_t transforms = (size_t)spgramcf_get_num_transforms(q);
    spgramcf_destroy(q);
    return transforms;
}
