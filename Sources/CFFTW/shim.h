#ifndef SIGHTLINE_CFFTW_SHIM_H
#define SIGHTLINE_CFFTW_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fftw3.h>

/// FFTW's version string ("fftw-3.3.10-sse2-avx…": the SIMD levels it was built with) and
/// the compiler command it was built with (unsized arrays, which Swift does not import).
static inline const char *sightline_fftwf_version(void) { return fftwf_version; }
static inline const char *sightline_fftwf_cc(void) { return fftwf_cc; }

/// The file FFTW's code was loaded from: its shared library, or the executable when FFTW is
/// linked in statically; NULL if unknown.
static inline const char *sightline_fftwf_location(void) {
    Dl_info info;
    if (dladdr((const void *)fftwf_version, &info) == 0) return 0;
    return info.dli_fname;
}
#endif
