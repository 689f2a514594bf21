/* core/close.c — the guard before `action close`. */
#include "core/close.h"

#include <string.h>

#include "core/action.h"
#include "core/check.h"
#include "core/text.h"

/* Returns 1 when IT is the deadline to archive the action (R19.1), which
 * runs once its last step is final and is met after closing. */
static int close_is_archiving(const check_item *it)
{
	return it->type == CHECK_DEADLINE && strcmp(it->req, "R19.1") == 0;
}

jl_status close_action(jl *j, long long id, int force, const char *reason, time_t now,
		       msglist *out)
{
	check_list l = {0};
	jl_status rc;
	int i, gaps = 0;

	if (reason && !force) {
		msglist_add(out, NULL, "--reason", "--reason 只与 --force 一起使用",
			    "--reason goes with --force");
		return JL_EUSAGE;
	}
	if (force && (!reason || text_blank(reason))) {
		msglist_add(out, NULL, "--reason",
			    "--force 须附 --reason 理由（为何在仍有缺漏时结束），理由将被保存并由 check 报告",
			    "--force needs --reason (why the action ends with gaps); it is kept and "
			    "reported by check");
		return JL_EUSAGE;
	}
	/* One line: it is printed by check and kept in the ledger entry. */
	if (reason && !text_check(reason, strlen(reason), TEXT_LINE, out, NULL, "--reason"))
		return JL_EINVALID;
	rc = check_action(j, id, now, &l, out);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(out, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
		rc = JL_EINVALID;
	}
	if (rc != JL_OK)
		goto done;
	/* Archiving (R19.1's deadline) comes after the close: not a gap of it. */
	for (i = 0, gaps = 0; i < l.n; i++)
		gaps += !close_is_archiving(&l.items[i]);
	if (gaps && !force) {
		for (i = 0; i < l.n; i++)
			if (!close_is_archiving(&l.items[i]))
				msglist_add(out, l.items[i].req, NULL, l.items[i].zh, l.items[i].en);
		msglist_addf(out, NULL, NULL,
			     "执法活动 %lld 仍有以上 %d 项缺漏（jilu check %lld），未结束；"
			     "确需结束请用 --force --reason 理由",
			     "action %lld still has the %d gaps above (jilu check %lld) and was not "
			     "closed; to close it anyway: --force --reason TEXT",
			     id, gaps, id);
		rc = JL_EREFUSED;
		goto done;
	}
	/* Forced with nothing missing: no gap to explain, so no reason kept. */
	rc = action_close_reason(j, id, gaps ? reason : NULL, out);
done:
	check_list_free(&l);
	return rc;
}
