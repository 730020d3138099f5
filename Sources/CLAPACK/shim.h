// LAPACKE with complex numbers as a plain struct {re, im}, which Swift imports and which
// is layout-compatible with swift-numerics' Complex<Double>.
#define LAPACK_COMPLEX_STRUCTURE
#include <lapacke.h>
