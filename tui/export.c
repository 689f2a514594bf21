/* tui/export.c — reads the case file of one action into memory (export.h). */
#include "tui/export.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"

void export_file_free(export_file *x)
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

int export_is_final(const record_row *r)
{
	return r->state && strcmp(r->state, "final") == 0;
}

static char *export_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return strdup(s ? (const char *)s : "");
}

/*
 * Reads the ledger entries of action ID: its close, its records' finalisations
 * and amendments, and its attachments (those of drafts too: the ledger vouches
 * for them already). Chosen by subject rather than by the rows' state, so an
 * entry still shows when its row was tampered with.
 */
static jl_status export_load_ledger(jl *j, long long id, export_file *x)
{
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT l.seq, l.kind, l.subject, l.hash, l.prev_hash, l.body FROM ledger l "
		"WHERE l.subject = 'action:' || ?1"
		"   OR l.subject IN (SELECT 'record:' || r.id FROM records r WHERE r.action_id = ?1)"
		"   OR l.subject IN (SELECT 'media:' || m.id FROM media m"
		"                    JOIN records r ON r.id = m.record_id WHERE r.action_id = ?1)"
		" ORDER BY l.seq");
	jl_status rc = JL_OK;
	int cap = 0, s;

	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		export_entry *e;
		if (x->nledger == cap) {
			export_entry *p;
			cap = cap ? cap * 2 : 16;
			p = realloc(x->ledger, (size_t)cap * sizeof *p);
			if (!p) {
				rc = JL_ENOMEM;
				goto done;
			}
			x->ledger = p;
		}
		e = &x->ledger[x->nledger++];
		e->seq = sqlite3_column_int64(st, 0);
		e->kind = export_col(st, 1);
		e->subject = export_col(st, 2);
		e->hash = export_col(st, 3);
		e->prev_hash = export_col(st, 4);
		e->body = export_col(st, 5);
		if (!e->kind || !e->subject || !e->hash || !e->prev_hash || !e->body) {
			rc = JL_ENOMEM;
			goto done;
		}
	}
	if (s != SQLITE_DONE)
		rc = JL_ESTORE;
done:
	sqlite3_reset(st);
	return rc;
}

const export_entry *export_entry_find(const export_file *x, long long seq)
{
	int i;

	for (i = 0; seq && i < x->nledger; i++)
		if (x->ledger[i].seq == seq)
			return &x->ledger[i];
	return NULL;
}

jl_status export_load(cli *c, long long id, export_file *x)
{
	buf now = BUF_INIT;
	jl_status rc;
	int i;

	rc = action_get(c->j, id, &x->a);
	if (rc == JL_ENOTFOUND)
		msglist_addf(&c->msgs, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
	if (rc != JL_OK)
		goto done;
	rc = record_list(c->j, id, &x->rows, &x->n);
	if (rc != JL_OK)
		goto done;
	x->media = calloc((size_t)x->n + 1, sizeof *x->media);
	x->nmedia = calloc((size_t)x->n + 1, sizeof *x->nmedia);
	if (!x->media || !x->nmedia) {
		rc = JL_ENOMEM;
		goto done;
	}
	for (i = 0; i < x->n; i++) {
		if (!export_is_final(&x->rows[i])) {
			x->ndrafts++;
			continue;
		}
		x->nfinal++;
		rc = media_list(c->j, x->rows[i].id, &x->media[i], &x->nmedia[i]);
		if (rc != JL_OK)
			goto done;
	}
	rc = export_load_ledger(c->j, id, x);
	if (rc != JL_OK)
		goto done;
	/* The whole store, not just this action: an entry anywhere before this
	 * action's breaks the chain its hashes hang from. */
	x->verified = verify_run(c->j, &x->rep, &x->faults);
	if (x->verified == JL_ESTORE) {
		msglist_take(&c->msgs, &x->faults);
		rc = JL_ESTORE;
		goto done;
	}
	if (clock_now(&now) == 0)
		x->exported_at = buf_steal(&now);
done:
	buf_free(&now);
	return rc;
}
