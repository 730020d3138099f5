#ifndef SIGHTLINE_CPNG_SHIM_H
#define SIGHTLINE_CPNG_SHIM_H
#include <png.h>
#endif
