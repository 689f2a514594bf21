/* fuzz/fuzz.h — what every harness of fuzz/ shares (fuzz/README.md).
 *
 * A harness is one fuzz/fuzz_NAME.c defining LLVMFuzzerTestOneInput. It is
 * linked two ways: with libFuzzer (clang, `make fuzz`, build-fuzz/) and with
 * fuzz/replay.c (the normal compiler, `make test` and `make asan`), which
 * replays the inputs kept under fuzz/corpus/NAME/. A property that does not
 * hold aborts through FUZZ_ASSERT, so either way it is a finding. */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Runs the harness on the SIZE bytes at DATA; returns 0 (libFuzzer's rule). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts, naming the property and where it is stated, unless COND holds. */
#define FUZZ_ASSERT(cond, what)                                                   \
	do {                                                                      \
		if (!(cond)) {                                                    \
			fprintf(stderr, "%s:%d: property broken: %s (%s)\n",      \
				__FILE__, __LINE__, (what), #cond);               \
			abort();                                                  \
		}                                                                 \
	} while (0)

#endif
