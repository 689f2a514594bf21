/* core/casefile.c — reads the case file of one action (casefile.h). */
#include "core/casefile.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"

void casefile_free(casefile *x)
{
	int i;

	action_row_free(&x->a);
	for (i = 0; x->media && i < x->n; i++)
		media_rows_free(x->media[i], x->nmedia[i]);
	free(x->media);
	free(x->nmedia);
	record_rows_free(x->rows, x->n);
	for (i = 0; i < x->nledger; i++) {
		free(x->ledger[i].kind);
		free(x->ledger[i].subject);
		free(x->ledger[i].hash);
		free(x->ledger[i].prev_hash);
		free(x->ledger[i].body);
	}
	free(x->ledger);
	msglist_free(&x->faults);
	free(x->exported_at);
	memset(x, 0, sizeof *x);
}

int casefile_is_final(const record_row *r)
{
	return r->state && strcmp(r->state, "final") == 0;
}

const casefile_entry *casefile_entry_find(const casefile *x, long long seq)
{
	int i;

	for (i = 0; seq && i < x->nledger; i++)
		if (x->ledger[i].seq == seq)
			return &x->ledger[i];
	return NULL;
}

/* Reads the entries that speak for action ID (ledger_reader_open with an
 * action: chosen by subject, so an entry still shows when its row was
 * tampered with). */
static jl_status casefile_load_ledger(jl *j, long long id, casefile *x)
{
	ledger_reader *r = NULL;
	ledger_entry e;
	jl_status rc = ledger_reader_open(j->db, 1, 0, id, &r);
	int cap = 0, step;

	if (rc != JL_OK)
		return rc;
	while ((step = ledger_reader_next(r, &e)) == 1) {
		casefile_entry *c;
		if (x->nledger == cap) {
			casefile_entry *p;
			cap = cap ? cap * 2 : 16;
			p = realloc(x->ledger, (size_t)cap * sizeof *p);
			if (!p) {
				rc = JL_ENOMEM;
				goto done;
			}
			x->ledger = p;
		}
		c = &x->ledger[x->nledger++];
		c->seq = e.seq;
		c->kind = strdup(e.kind);
		c->subject = strdup(e.subject);
		c->hash = strdup(e.hash);
		c->prev_hash = strdup(e.prev_hash);
		c->body = strdup(e.body);
		if (!c->kind || !c->subject || !c->hash || !c->prev_hash || !c->body) {
			rc = JL_ENOMEM;
			goto done;
		}
	}
	if (step < 0)
		rc = JL_ESTORE;
done:
	ledger_reader_close(r);
	return rc;
}

/* The body of casefile_load, inside its snapshot. */
static jl_status casefile_read(jl *j, long long id, ledger_progress_fn progress, void *ctx,
			       casefile *x, msglist *err)
{
	buf now = BUF_INIT;
	jl_status rc;
	int i;

	rc = action_get(j, id, &x->a);
	if (rc == JL_ENOTFOUND)
		msglist_addf(err, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
	if (rc != JL_OK)
		goto done;
	rc = record_list(j, id, &x->rows, &x->n);
	if (rc != JL_OK)
		goto done;
	x->media = calloc((size_t)x->n + 1, sizeof *x->media);
	x->nmedia = calloc((size_t)x->n + 1, sizeof *x->nmedia);
	if (!x->media || !x->nmedia) {
		rc = JL_ENOMEM;
		goto done;
	}
	for (i = 0; i < x->n; i++) {
		if (!casefile_is_final(&x->rows[i])) {
			x->ndrafts++;
			continue;
		}
		x->nfinal++;
		rc = media_list(j, x->rows[i].id, &x->media[i], &x->nmedia[i]);
		if (rc != JL_OK)
			goto done;
	}
	rc = casefile_load_ledger(j, id, x);
	if (rc != JL_OK)
		goto done;
	/* The whole store, not just this action: an entry anywhere before this
	 * action's breaks the chain its hashes hang from. */
	x->verified = verify_run_progress(j, &x->rep, progress, ctx, &x->faults);
	if (x->verified == JL_ESTORE || x->verified == JL_ECANCELED) {
		rc = x->verified;
		msglist_take(err, &x->faults);
		if (rc == JL_ECANCELED)
			msglist_add(err, NULL, NULL, "已取消导出", "export cancelled");
		goto done;
	}
	if (clock_now(&now) == 0)
		x->exported_at = buf_steal(&now);
done:
	if (rc == JL_ESTORE && err->n == 0)
		db_error(j->db, err, "无法读取案卷", "cannot read the case file");
	buf_free(&now);
	return rc;
}

jl_status casefile_load(jl *j, long long id, ledger_progress_fn progress, void *ctx,
			casefile *x, msglist *err)
{
	int began;
	jl_status rc;

	memset(x, 0, sizeof *x);
	/* One snapshot: the records, the ledger and the verdict describe the
	 * same moment even while another session writes. */
	began = db_snapshot_begin(j->db);
	if (began < 0) {
		db_error(j->db, err, "无法读取数据库", "cannot read the database");
		return JL_ESTORE;
	}
	rc = casefile_read(j, id, progress, ctx, x, err);
	db_snapshot_end(j->db, began);
	return rc;
}
