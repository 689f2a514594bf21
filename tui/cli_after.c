/* tui/cli_after.c — after a write on a terminal, one line of what was stored
 * and what `check` still wants: an officer sees where he stands without
 * asking. Scripts (no terminal on stderr) get the id alone, as before. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/check.h"
#include "core/clock.h"
#include "core/record.h"
#include "tui/cli.h"

void cli_after_write(cli *c, long long record, long long action)
{
	record_row r;
	check_list l = {0};
	msglist scratch = MSGLIST_INIT;
	buf line = BUF_INIT;
	int en = strcmp(c->lang, "en") == 0;

	memset(&r, 0, sizeof r);
	if (!c->j || !isatty(STDERR_FILENO))
		return;
	if (record && record_get(c->j, record, &r) == JL_OK) {
		const form *f = formset_find_for(c->j->forms, r.form, r.form_version);
		int final = strcmp(r.state, "final") == 0;
		action = r.action_id;
		buf_printf(&line, en ? "stored: record %lld (%s), %s" : "已保存：记录 %lld《%s》，%s", r.id,
			   f ? form_text_get(&f->title, c->lang) : r.form,
			   final ? (en ? "final" : "定稿") : (en ? "a draft" : "草稿"));
	} else if (action) {
		buf_printf(&line, en ? "stored: action %lld" : "已保存：执法活动 %lld", action);
	}
	if (action && check_action(c->j, action, clock_now_epoch(), &l, &scratch) == JL_OK) {
		if (l.n && en)
			buf_printf(&line, "; check still wants %d thing%s of action %lld (jilu check %lld)",
				   l.n, l.n == 1 ? "" : "s", action, action);
		else if (l.n)
			buf_printf(&line, "；执法活动 %lld 按《办法》仍有 %d 项待办（jilu check %lld）", action,
				   l.n, action);
		else
			buf_printf(&line, en ? "; check finds nothing missing in action %lld"
					     : "；执法活动 %lld 按《办法》没有缺漏", action);
	}
	if (line.len)
		cli_linef(stderr, "%s", buf_str(&line));
	check_list_free(&l);
	msglist_free(&scratch);
	buf_free(&line);
	record_row_free(&r);
}
