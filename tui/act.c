/* tui/act.c — who acts, proven: one rule for the command line and the screens. */
#include "tui/act.h"

#include <stdlib.h>

#include "core/officer_pin.h"

int act_by_key(int as_given, int words_given)
{
	const char *typed = getenv("SSH_ORIGINAL_COMMAND");
	const char *conn = getenv("SSH_CONNECTION");

	/* Only --as on jilu's own line (the forced command) names the officer;
	 * a command given there is not a forced command's. */
	if (!as_given || words_given)
		return 0;
	return typed != NULL || (conn != NULL && *conn != '\0');
}

int act_needs_pin(jl *j, const char *officer, int by_key)
{
	return !by_key && officer_pin_has(j, officer) > 0;
}

jl_status act_as(jl *j, const char *officer, int by_key, const char *pin, msglist *err)
{
	if (by_key)
		return jl_act_as_key(j, officer, err);
	if (officer_pin_has(j, officer) <= 0)
		return jl_act_as(j, officer, err);
	return jl_act_as_pin(j, officer, pin, err);
}
