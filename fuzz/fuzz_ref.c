/* fuzz/fuzz_ref.c — `ID` and `DEVICE:ID` as typed on the command line
 * (ref_parse, core/ref.c).
 *
 * Input: the text typed (up to the first NUL, as argv gives it).
 *
 * Properties:
 *   - the text is either taken (JL_OK, no message) or refused (JL_EUSAGE or
 *     JL_ENOMEM) with exactly one message, in both languages, showing the
 *     example REF_EXAMPLE;
 *   - a taken name has an id of 1 or more, and a device id (or none) that
 *     fits REF_DEVICE_MAX, holds no colon and is what `init --device`
 *     stores (normalising it again changes nothing);
 *   - what ref_format writes of a taken name parses back to the same name. */
#include <string.h>

#include "core/ref.h"
#include "core/text.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *again = NULL;
	msglist err = MSGLIST_INIT, err2 = MSGLIST_INIT;
	buf out = BUF_INIT;
	ref r, r2;
	jl_status rc;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rc = ref_parse(s, &r, &err);
	if (rc != JL_OK) {
		FUZZ_ASSERT(rc == JL_EUSAGE || rc == JL_ENOMEM, "a refusal is a usage error");
		if (rc == JL_EUSAGE) {
			FUZZ_ASSERT(err.n == 1 || err.oom, "a refusal says why, once");
			if (err.n == 1) {
				FUZZ_ASSERT(err.items[0].zh && err.items[0].en, "in both languages");
				FUZZ_ASSERT(strstr(err.items[0].en, REF_EXAMPLE) &&
					    strstr(err.items[0].zh, REF_EXAMPLE), "showing the example");
			}
		}
		goto done;
	}
	FUZZ_ASSERT(err.n == 0, "a name taken leaves no message");
	FUZZ_ASSERT(r.id >= 1, "an id is 1 or more");
	FUZZ_ASSERT(strlen(r.device) <= REF_DEVICE_MAX, "a device id fits");
	FUZZ_ASSERT(!strchr(r.device, ':'), "a device id holds no colon");
	if (r.device[0]) {
		again = text_ident(r.device);
		FUZZ_ASSERT(again && strcmp(again, r.device) == 0, "a device id is stored normalised");
	}
	ref_format(&out, r.device, r.id);
	FUZZ_ASSERT(ref_parse(buf_str(&out), &r2, &err2) == JL_OK, "what is formatted parses");
	FUZZ_ASSERT(r2.id == r.id && strcmp(r2.device, r.device) == 0,
		    "what is formatted is the same name");
done:
	free(again);
	buf_free(&out);
	msglist_free(&err);
	msglist_free(&err2);
	free(s);
	return 0;
}
