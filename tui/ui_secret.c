/* tui/ui_secret.c — confidential records and the access log in the
 * screens (ui_secret.h). */
#include "tui/ui_secret.h"

#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/perm_record.h"
#include "tui/ui.h"

int ui_secret_readable(const record_row *r)
{
	return perm_record_readable(ui_g.j, r) == 1;
}

int ui_secret_readable_id(long long id)
{
	record_row r;
	int ok;

	if (id <= 0)
		return 1;
	memset(&r, 0, sizeof r);
	if (record_get(ui_g.j, id, &r) != JL_OK) {
		record_row_free(&r);
		return 0;
	}
	ok = ui_secret_readable(&r);
	record_row_free(&r);
	return ok;
}

const char *ui_secret_sealed(void)
{
	return UI_T(PERM_RECORD_SEALED_ZH, PERM_RECORD_SEALED_EN);
}

void ui_secret_row(buf *b, const record_row *r, const char *title, int depth)
{
	int k;

	for (k = 0; k < depth; k++)
		buf_puts(b, "   ");
	if (depth)
		buf_printf(b, "└ %s ", UI_T("更正", "amendment"));
	buf_printf(b, "%-4lld %s  %s  %s  %s", r->id, title,
		   strcmp(r->state, "final") == 0 ? UI_T("定稿", "final") : UI_T("草稿", "draft"),
		   r->finalized_at ? r->finalized_at : r->created_at, ui_secret_sealed());
}

const char *ui_secret_item_text(const check_item *it)
{
	if (it->record && !ui_secret_readable_id(it->record))
		return ui_secret_sealed();
	return UI_T(it->zh, it->en);
}

int ui_secret_visit(const record_row *r, const char *form_title)
{
	msglist err = MSGLIST_INIT;
	int rc = 0;

	if (!ui_secret_readable(r)) {
		ui_say(1, "记录 %lld《%s》%s：%s", "record %lld (%s) %s: %s", r->id, form_title,
		       r->finalized_at ? r->finalized_at : r->created_at, ui_secret_sealed());
		return -1;
	}
	/* R22.2: logged before anything is shown; unlogged, nothing is. One
	 * entry for the visit, however often the screen is drawn. */
	if (access_log(ui_g.j, "show", r->action_id, &r->id, 1, NULL, &err) != JL_OK) {
		ui_say_msgs(&err);
		rc = -1;
	}
	msglist_free(&err);
	return rc;
}

jl_status ui_secret_log_export(jl *j, const casefile *x, msglist *err)
{
	long long *ids = calloc((size_t)x->n + 1, sizeof *ids);
	int k, n = 0;
	jl_status rc;

	if (!ids)
		return JL_ENOMEM;
	for (k = 0; k < x->n; k++)
		if (strcmp(x->rows[k].state, "final") == 0) /* drafts are not in a case file */
			ids[n++] = x->rows[k].id;
	rc = access_log(j, "export", x->a.id, ids, n, NULL, err);
	free(ids);
	return rc;
}
