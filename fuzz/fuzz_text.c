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
 *     writes valid JSON of the same value, on one line unless formatted,
 *     holding nothing a terminal acts on but what text of several lines
 *     keeps (line breaks of the layout, joiners inside strings). */
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

/* Returns 1 when the LEN bytes at S hold nothing a terminal acts on but
 * what text of several lines keeps (TEXT_ESC_LINES): line feeds, tabs and
 * the joiners ZWNJ and ZWJ. Everything else must pass as a one-line value. */
static int fuzz_safe_lines(const char *s, size_t len)
{
	buf rest = BUF_INIT;
	size_t i;
	int ok;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n' || s[i] == '\t')
			continue;
		if (len - i >= 3 && (memcmp(s + i, "\xe2\x80\x8c", 3) == 0 ||
				     memcmp(s + i, "\xe2\x80\x8d", 3) == 0)) {
			i += 2;
			continue;
		}
		buf_append(&rest, s + i, 1);
	}
	ok = !fuzz_has_nul(buf_str(&rest), rest.len) &&
	     text_check(buf_str(&rest), rest.len, TEXT_LINE, NULL, NULL, NULL);
	buf_free(&rest);
	return ok;
}

static void fuzz_escape(const char *s, size_t len)
{
	buf one = BUF_INIT, lines = BUF_INIT;

	text_escape_n(&one, s, len, 0);
	FUZZ_ASSERT(!fuzz_has_nul(buf_str(&one), one.len) &&
		    text_check(buf_str(&one), one.len, TEXT_LINE, NULL, NULL, NULL),
		    "an escaped value holds nothing a terminal acts on");
	if (text_check(s, len, TEXT_LINE, NULL, NULL, NULL))
		FUZZ_ASSERT(one.len == len && memcmp(buf_str(&one), s, len) == 0,
			    "a one-line value is shown as it is");
	text_escape_n(&lines, s, len, TEXT_ESC_LINES);
	FUZZ_ASSERT(fuzz_safe_lines(buf_str(&lines), lines.len),
		    "escaped text of several lines holds nothing a terminal acts on but line breaks");
	buf_free(&one);
	buf_free(&lines);
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
		/* Its strings may be text of several lines: joiners stay, as in
		 * text_escape with TEXT_ESC_LINES. */
		FUZZ_ASSERT(fuzz_safe_lines(out, strlen(out)) && (formatted || !strchr(out, '\n')),
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
