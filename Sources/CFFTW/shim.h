#ifndef SIGHTLINE_CFFTW_SHIM_H
#define SIGHTLINE_CFFTW_SHIM_H
#include <fftw3.h>
#endif
