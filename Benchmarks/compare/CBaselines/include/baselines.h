#ifndef SIGHTLINE_BASELINES_H
#define SIGHTLINE_BASELINES_H
#include <stddef.h>

/// Welch PSD (mean of |FFT(w·x)|², unscaled, natural FFT order) the plain way: for each
/// frame copy-and-window into one buffer, execute an in-place FFTW plan (FFTW_MEASURE),
/// accumulate re²+im² in float. `x` is interleaved re/im float; returns frames used.
size_t baseline_fftw_welch(const float *x, size_t samples, int nfft, int hop, float *psd);

/// liquid-dsp's spgramcf with a Hann window of nfft and delay `hop`: writes the PSD in dB
/// (liquid's own scaling) to `psd_db`; returns transforms taken.
size_t baseline_liquid_spgram(const float *x, size_t samples, int nfft, int hop, float *psd_db);

/// Prepares FFTW plans (wisdom) outside the timed region.
void baseline_fftw_prepare(int nfft);
#endif
