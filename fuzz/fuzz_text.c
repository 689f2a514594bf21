/* fuzz/fuzz_text.c — the rule for stored strings and how they are shown
 * (core/text.c): what reaches a terminal or a JSON output from the store.
 *
 * Input: any bytes — a stored string as a store edited behind jilu's back
 * may hold it; also parsed as JSON for the JSON outputs.
 *
 * Properties:
 *   - the kinds nest: an identifier is a one-line value, which is text of
 *     several lines;
 *   - text_escape's output holds nothing a terminal acts on: it passes as a
 *     one-line value; with TEXT_ESC_LINES it does once its line feeds, tabs
 *     and joiners are set aside; a one-line value is shown as it is;
 *   - trimming and identifier normalisation are idempotent; trimming
 *     returns a part of the text; trimmed to nothing means blank;
 *   - text_json_clean leaves nothing for a second pass; text_json_print
 *     writes valid JSON of the same value, one line that passes as a
 *     one-line value (formatted: text of several lines). */
#include <string.h>

#include <cJSON.h>

#include "core/buf.h"
#include "core/text.h"
#include "fuzz/fuzz.h"

/* Returns 1 when the LEN bytes at S hold a NUL. */
static int fuzz_has_nul(const char *s, size_t len)
{
	return memchr(s, '\0', len) != NULL;
}

static void fuzz_escape(const char *s, size_t len)
{
	buf one = BUF_INIT, lines = BUF_INIT, rest = BUF_INIT;
	size_t i;

	text_escape_n(&one, s, len, 0);
	FUZZ_ASSERT(!fuzz_has_nul(buf_str(&one), one.len) &&
		    text_check(buf_str(&one), one.len, TEXT_LINE, NULL, NULL, NULL),
		    "an escaped value holds nothing a terminal acts on");
	if (text_check(s, len, TEXT_LINE, NULL, NULL, NULL))
		FUZZ_ASSERT(one.len == len && memcmp(buf_str(&one), s, len) == 0,
			    "a one-line value is shown as it is");
	text_escape_n(&lines, s, len, TEXT_ESC_LINES);
	/* Set aside what TEXT_ESC_LINES keeps: line feed, tab, ZWNJ, ZWJ. */
	for (i = 0; i < lines.len; i++) {
		const char *p = buf_str(&lines) + i;
		if (*p == '\n' || *p == '\t')
			continue;
		if (lines.len - i >= 3 && memcmp(p, "\xe2\x80\x8c", 3) == 0) {
			i += 2;
			continue;
		}
		if (lines.len - i >= 3 && memcmp(p, "\xe2\x80\x8d", 3) == 0) {
			i += 2;
			continue;
		}
		buf_append(&rest, p, 1);
	}
	FUZZ_ASSERT(!fuzz_has_nul(buf_str(&rest), rest.len) &&
		    text_check(buf_str(&rest), rest.len, TEXT_LINE, NULL, NULL, NULL),
		    "escaped text of several lines holds nothing a terminal acts on but line breaks");
	buf_free(&one);
	buf_free(&lines);
	buf_free(&rest);
}

static void fuzz_trim(const char *s)
{
	char *t = text_trim(s), *tt, *id, *idid;

	if (!t)
		return;
	FUZZ_ASSERT(strstr(s, t), "trimming returns a part of the text");
	tt = text_trim(t);
	FUZZ_ASSERT(tt && strcmp(t, tt) == 0, "trimming twice trims nothing more");
	if (!*t)
		FUZZ_ASSERT(text_blank(s), "what trims to nothing is blank");
	id = text_ident(s);
	idid = id ? text_ident(id) : NULL;
	if (id && idid)
		FUZZ_ASSERT(strcmp(id, idid) == 0, "an identifier normalised again is unchanged");
	free(t);
	free(tt);
	free(id);
	free(idid);
}

static void fuzz_json(const char *s, size_t len)
{
	cJSON *v = cJSON_ParseWithLength(s, len), *back;
	char *out, *want, *got;
	int formatted;

	if (!v)
		return;
	if (text_json_clean(v) < 0)
		goto done;
	FUZZ_ASSERT(text_json_clean(v) == 0, "cleaned JSON needs no second cleaning");
	want = cJSON_PrintUnformatted(v);
	for (formatted = 0; want && formatted <= 1; formatted++) {
		out = text_json_print(v, formatted);
		if (!out)
			continue;
		FUZZ_ASSERT(text_check(out, strlen(out), formatted ? TEXT_LINES : TEXT_LINE, NULL, NULL,
				       NULL),
			    "printed JSON holds nothing a terminal acts on");
		back = cJSON_Parse(out);
		FUZZ_ASSERT(back, "printed JSON parses");
		got = cJSON_PrintUnformatted(back);
		FUZZ_ASSERT(got && strcmp(got, want) == 0, "printed JSON holds the same value");
		free(got);
		cJSON_Delete(back);
		free(out);
	}
	free(want);
done:
	cJSON_Delete(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *c;

	if (text_check(s, size, TEXT_ID, NULL, NULL, NULL))
		FUZZ_ASSERT(text_check(s, size, TEXT_LINE, NULL, NULL, NULL),
			    "an identifier is a one-line value");
	if (text_check(s, size, TEXT_LINE, NULL, NULL, NULL))
		FUZZ_ASSERT(text_check(s, size, TEXT_LINES, NULL, NULL, NULL),
			    "a one-line value is text of several lines");
	fuzz_escape(s, size);
	c = strndup(s, size);
	if (c)
		fuzz_trim(c);
	free(c);
	fuzz_json(s, size);
	return 0;
}
