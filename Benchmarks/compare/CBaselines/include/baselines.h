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

/// The same plain loop over KissFFT (Debian's libkissfft-float): a second FFT library.
size_t baseline_kissfft_welch(const float *x, size_t samples, int nfft, int hop, float *psd);

/// The same plain loop over Debian's own FFTW (libfftw3f.so.3), loaded with dlopen and
/// RTLD_DEEPBIND so that it stays separate from an FFTW linked into the process (the build
/// against `make fftw-native`). Returns 0 frames if the library cannot be loaded.
size_t baseline_fftw_welch_system(const float *x, size_t samples, int nfft, int hop, float *psd);

/// The version string of the FFTW baseline_fftw_welch_system loads ("" if none).
const char *baseline_fftw_system_version(void);

/// The plain FFTW loop over a raw cf32 file mapped with mmap (MADV_SEQUENTIAL); returns
/// frames used (0 if the file cannot be mapped).
size_t baseline_fftw_welch_mmap(const char *path, int nfft, int hop, float *psd);

/// Prepares FFTW plans (wisdom) outside the timed region.
void baseline_fftw_prepare(int nfft);
#endif
