/* core/verify_note.c — the last verify, in meta (see verify_note.h). */
#include "core/verify_note.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"

void verify_note_write(jl *j, jl_status verdict, long long entries)
{
	buf now = BUF_INIT, n = BUF_INIT;

	if (verdict != JL_OK && verdict != JL_FOUND)
		return;
	/* A read command writing: its own transaction, after the verdict, and
	 * nothing said when it cannot (read-only media, a busy store). */
	if (clock_now(&now) != 0 || now.oom)
		goto done;
	buf_put_lld(&n, entries);
	if (n.oom || db_begin(j->db) != JL_OK)
		goto done;
	if (db_meta_set(j->db, "verify_at", buf_str(&now)) == JL_OK &&
	    db_meta_set(j->db, "verify_result", verdict == JL_OK ? "ok" : "fault") == JL_OK &&
	    db_meta_set(j->db, "verify_entries", buf_str(&n)) == JL_OK)
		db_commit(j->db);
	else
		db_rollback(j->db);
done:
	buf_free(&now);
	buf_free(&n);
}

void verify_note_read(jl *j, verify_note *out)
{
	char *n;

	memset(out, 0, sizeof *out);
	out->at = db_meta_get(j->db, "verify_at");
	out->result = db_meta_get(j->db, "verify_result");
	n = db_meta_get(j->db, "verify_entries");
	out->entries = n ? atoll(n) : 0;
	free(n);
}

void verify_note_free(verify_note *n)
{
	free(n->at);
	free(n->result);
	memset(n, 0, sizeof *n);
}
