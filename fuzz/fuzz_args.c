/* fuzz/fuzz_args.c — the command line's values, FIELD=TEXT and FIELD:=JSON
 * (cli_values, tui/cli.c; it uses no curses).
 *
 * Input: the arguments, one a line (as the .args files of tests/fixtures/forms).
 *
 * Properties:
 *   - the arguments are either all taken, one member each, or refused with
 *     a reason;
 *   - FIELD=TEXT gives member FIELD the string TEXT exactly, whatever TEXT
 *     holds (an '=' or ':=' in it, JSON-looking text);
 *   - FIELD:=JSON gives member FIELD the value JSON denotes;
 *   - read as an id (cli_id), each line is either a positive integer written
 *     in digits alone, read exactly, or refused and remembered as refused. */
#include <string.h>

#include <cJSON.h>

#include "fuzz/fuzz.h"
#include "tui/cli.h"

#define FUZZ_MAX_ARGS 64

/* cli_id on S: a positive id is S's digits exactly (leading zeros aside). */
static void fuzz_id(const char *s)
{
	cli c = {.lang = "en"};
	long long id = cli_id(&c, s);
	char text[32];
	const char *digits = s;

	if (id == 0) {
		FUZZ_ASSERT(c.bad_id == s, "a refused id is remembered, to be reported");
		return;
	}
	FUZZ_ASSERT(id > 0, "an id is positive");
	if (c.ref_device[0]) {
		/* DEVICE:ID (core/ref.c): the id is what follows the separator,
		 * ':' or the full-width '：' (EF BC 9A) a Chinese keyboard types. */
		const char *colon = strrchr(s, ':'), *wide = NULL, *q;

		for (q = s; (q = strstr(q, "\xef\xbc\x9a")) != NULL; q += 3)
			wide = q + 3;
		digits = colon ? colon + 1 : s;
		if (wide && wide > digits)
			digits = wide;
		FUZZ_ASSERT(digits != s, "a device given means a separator written");
	}
	while (*digits == '0')
		digits++;
	snprintf(text, sizeof text, "%lld", id);
	FUZZ_ASSERT(strcmp(text, digits) == 0, "an id is read exactly as written, in digits alone");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[FUZZ_MAX_ARGS], *p, *nl;
	cli c = {.lang = "en"}; /* c.msgs starts empty, as MSGLIST_INIT */
	cJSON *obj;
	int argc = 0, i;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (p = copy; argc < FUZZ_MAX_ARGS; p = nl + 1) {
		argv[argc++] = p;
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
	}
	for (i = 0; i < argc; i++)
		fuzz_id(argv[i]);
	obj = cli_values(&c, argc, argv);
	if (!obj) {
		FUZZ_ASSERT(c.msgs.n > 0 || c.msgs.oom, "refused arguments say why");
		goto done;
	}
	FUZZ_ASSERT(c.msgs.n == 0, "taken arguments leave no message");
	FUZZ_ASSERT(cJSON_GetArraySize(obj) == argc, "one member per argument");
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		int json;
		const cJSON *v;

		FUZZ_ASSERT(eq && eq > argv[i], "a taken argument has a name and '='");
		json = eq[-1] == ':';
		*(eq - json) = '\0'; /* argv[i] is now the name */
		FUZZ_ASSERT(argv[i][0], "a taken argument's name is not empty");
		v = cJSON_GetObjectItemCaseSensitive(obj, argv[i]);
		FUZZ_ASSERT(v, "each argument is its member");
		if (!json) {
			FUZZ_ASSERT(cJSON_IsString(v) && strcmp(v->valuestring, eq + 1) == 0,
				    "FIELD=TEXT keeps TEXT exactly");
		} else {
			/* Compared as printed: cJSON_Compare cannot tell objects with a
			 * repeated key apart (the shapes refuse those later). */
			cJSON *want = cJSON_Parse(eq + 1);
			char *a = cJSON_PrintUnformatted(v), *b = cJSON_PrintUnformatted(want);
			if (a && b)
				FUZZ_ASSERT(strcmp(a, b) == 0, "FIELD:=JSON keeps the JSON value");
			free(a);
			free(b);
			cJSON_Delete(want);
		}
	}
	cJSON_Delete(obj);
done:
	msglist_free(&c.msgs);
	free(copy);
	return 0;
}
