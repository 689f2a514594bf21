/* core/form_example.c — a field's "example": a value it takes, as an
 * officer types it, for `jilu forms show` (its example command must be a
 * record the form accepts: tests/cli/test_form_examples.sh). */
#include "core/form_example.h"

#include <stdlib.h>
#include <string.h>

void form_example_read(form_reader *r, const cJSON *v, form_field *fd, const char *at)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "example");
	const char *p;
	cJSON *js;

	if (!c)
		return;
	form_at(r, "%s.example", at);
	for (p = cJSON_IsString(c) ? c->valuestring : ""; *p && (unsigned char)*p >= 0x20 && *p != 0x7F; p++)
		;
	if (!cJSON_IsString(c) || !*c->valuestring || *p) {
		form_problem(r, "须为一行非空文本：照录入时的写法（FIELD=TEXT 的 TEXT）",
			     "must be one line of text, as an officer types it (the TEXT of FIELD=TEXT)");
		return;
	}
	js = fd->type == SHAPE_PARTY ? cJSON_Parse(c->valuestring) : NULL;
	if (fd->type == SHAPE_PARTY && !cJSON_IsObject(js))
		form_problem(r, "当事人的例子须为 JSON 对象（FIELD:=JSON）",
			     "a party's example must be a JSON object (FIELD:=JSON)");
	cJSON_Delete(js);
	fd->example = strdup(c->valuestring);
}
