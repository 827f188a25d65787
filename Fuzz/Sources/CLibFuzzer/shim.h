#ifndef KOPPEL_CLIBFUZZER_SHIM_H
#define KOPPEL_CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt lib/fuzzer/FuzzerInterface.h, LLVM 11 and later), linked by
// -sanitize=fuzzer. SwiftPM makes an executable's main an alias of `<module>_main`, so each
// fuzzer defines that and hands its test function to the driver.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
