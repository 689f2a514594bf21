/* fuzz/fuzz_canon.c — canonical JSON and string quoting (core/jsonx.c): what
 * the ledger stores and hashes.
 *
 * Input: JSON text (parsed whole) and, up to its first NUL, a string to quote.
 *
 * Properties:
 *   - the canonical text of any JSON value parses, and canonicalising it
 *     again gives the same bytes;
 *   - jsonx_quote of any string is a JSON string literal that parses back to
 *     that string, and is byte for byte what cJSON prints for it (a body
 *     built with jsonx_quote canonicalises to itself). */
#include <string.h>

#include <cJSON.h>

#include "core/buf.h"
#include "core/jsonx.h"
#include "fuzz/fuzz.h"

static void fuzz_canonical(const uint8_t *data, size_t size)
{
	cJSON *v = cJSON_ParseWithLength((const char *)data, size), *again;
	char *once, *twice;

	if (!v)
		return;
	once = jsonx_canonical(v);
	cJSON_Delete(v);
	if (!once)
		return; /* out of memory */
	again = cJSON_Parse(once);
	FUZZ_ASSERT(again, "canonical JSON parses");
	twice = jsonx_canonical(again);
	FUZZ_ASSERT(twice && strcmp(once, twice) == 0, "canonicalising twice gives the same bytes");
	cJSON_Delete(again);
	free(once);
	free(twice);
}

static void fuzz_quote(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size), *printed;
	buf b = BUF_INIT;
	cJSON *v, *str;

	if (!s)
		return;
	jsonx_quote(&b, s);
	v = cJSON_Parse(buf_str(&b));
	FUZZ_ASSERT(cJSON_IsString(v) && strcmp(v->valuestring, s) == 0,
		    "a quoted string parses back to itself");
	str = cJSON_CreateString(s);
	printed = str ? cJSON_PrintUnformatted(str) : NULL;
	if (printed)
		FUZZ_ASSERT(strcmp(printed, buf_str(&b)) == 0, "jsonx_quote writes what cJSON prints");
	free(printed);
	cJSON_Delete(str);
	cJSON_Delete(v);
	buf_free(&b);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_canonical(data, size);
	fuzz_quote(data, size);
	return 0;
}
