// The process entry point of the fuzz binary. SwiftPM links an executable target's entry
// point as <module>_main (and points `main` at it), so that symbol is defined here, in C,
// and hands control to libFuzzer's driver (LLVMFuzzerRunDriver, libFuzzer ≥ LLVM 11).
#pragma once
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void sightline_fuzz_initialize(void);
