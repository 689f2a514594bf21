/* core/record_discard.c — `jilu record discard`. */
#include "core/record_discard.h"

#include <string.h>

#include "core/db.h"
#include "core/record.h"

/* Counts the attachments of record ID: >= 0, or -1 on a store error. */
static int record_discard_media(jl *j, long long id)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT count(*) FROM media WHERE record_id = ?1");
	int n = -1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

jl_status record_discard(jl *j, long long id, msglist *out)
{
	record_row r;
	sqlite3_stmt *st;
	jl_status rc;
	int n;

	memset(&r, 0, sizeof r);
	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, out, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	rc = record_get(j, id, &r);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(out, NULL, NULL, "没有记录 %lld", "no record %lld", id);
		rc = JL_EINVALID;
		goto done;
	}
	if (rc != JL_OK)
		goto store;
	if (strcmp(r.state, "final") == 0) {
		msglist_addf(out, "R22.3", NULL,
			     "记录 %lld 已定稿，不能删除；如有错误请更正（jilu record amend %lld --reason 理由 字段=值）",
			     "record %lld is final and cannot be removed; correct it instead (jilu record "
			     "amend %lld --reason TEXT FIELD=VALUE)", id, id);
		rc = JL_EFINAL;
		goto done;
	}
	n = record_discard_media(j, id);
	if (n < 0)
		goto store;
	if (n > 0) {
		msglist_addf(out, "R22.3", NULL,
			     "草稿 %lld 已附 %d 个音像文件（已记入账本），不能删除：请定稿",
			     "draft %lld has %d attachments (each in the ledger) and cannot be removed: "
			     "finalise it", id, n);
		rc = JL_EREFUSED;
		goto done;
	}
	st = db_prepare(j->db, "DELETE FROM records WHERE id = ?1 AND state = 'draft'");
	if (!st)
		goto store;
	sqlite3_bind_int64(st, 1, id);
	n = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(db_sqlite(j->db)) : -1;
	sqlite3_reset(st);
	if (n != 1 || db_commit(j->db) != JL_OK)
		goto store;
	rc = JL_OK;
	goto done;
store:
	db_error(j->db, out, "无法删除草稿", "cannot remove the draft");
	rc = JL_ESTORE;
done:
	if (rc != JL_OK)
		db_rollback(j->db);
	record_row_free(&r);
	return rc;
}
