#include "FuzzMain.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int sightline_fuzz_main(int argc, char **argv) {
    // Set-up that takes seconds (the risk model's calibration) happens before the first
    // input, so that it never counts against libFuzzer's per-input time-out.
    sightline_fuzz_initialize();
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
