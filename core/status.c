/* core/status.c — the status table. */
#include "core/status.h"

#include <string.h>

static const struct {
	int code;
	const char *zh;
	const char *en;
} status_table[] = {
#define JL_X(name, code, zh, en) {code, zh, en},
	JL_STATUS_TABLE(JL_X)
#undef JL_X
};

int jl_status_exit(jl_status status)
{
	if ((unsigned)status >= JL_STATUS_COUNT)
		return 4;
	return status_table[status].code;
}

const char *jl_status_text(jl_status status, const char *lang)
{
	if ((unsigned)status >= JL_STATUS_COUNT)
		return "?";
	return (lang && strcmp(lang, "en") == 0) ? status_table[status].en
						  : status_table[status].zh;
}
