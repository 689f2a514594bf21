/* core/verify.c — recompute the chain and hold every row to its entry. */
#include "core/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/ledger.h"
#include "core/media.h"
#include "core/record.h"

/* SQL: true when the text X holds a NUL byte. */
#define VERIFY_NUL(x) "instr(CAST(" x " AS BLOB), X'00') > 0"

static void verify_fault(verify_report *rep, msglist *out, long long seq, const char *zh,
			 const char *en)
{
	buf where = BUF_INIT;

	rep->fault_seq = seq;
	if (seq)
		buf_printf(&where, "ledger #%lld", seq);
	msglist_add(out, "R22.3", seq ? buf_str(&where) : NULL, zh, en);
	buf_free(&where);
}

/* Returns the text of column I of ST, and sets *NUL when it hides a NUL
 * byte (jilu never writes one; what follows it would be invisible to the
 * C-string comparison with the entry). */
static const char *verify_text(sqlite3_stmt *st, int i, int *nul)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	if (s && strlen(s) != (size_t)sqlite3_column_bytes(st, i))
		*nul = 1;
	return s;
}

/* Returns 1 when the part of WANT that starts at KEY and ends at the first
 * END after it occurs in BODY as well. */
static int verify_same_part(const buf *want, const char *body, const char *key, const char *end)
{
	const char *p = strstr(buf_str(want), key), *q;
	char *part;
	int same;

	if (!p || !(q = strstr(p + strlen(key), end)))
		return 0;
	part = strndup(p, (size_t)(q - p) + strlen(end));
	same = part && strstr(body, part) != NULL;
	free(part);
	return same;
}

/* The record columns joined to each ledger entry in the walk, from VERIFY_REC. */
#define VERIFY_REC 7

/* Checks the record joined to entry SEQ at columns VERIFY_REC… of ST against
 * BODY, rebuilding the body in WANT (emptied first; the walk reuses one).
 * Returns 0 when it holds, 1 with the reason in ZH/EN. */
static int verify_record(sqlite3_stmt *st, long long seq, const char *kind, const char *device,
			 const char *subject, const char *body, verify_report *rep, buf *want,
			 buf *zh, buf *en)
{
	record_row r;
	record_ledger_ctx x;
	int nul = 0, fault = 0;
	const char *state;

	if (sqlite3_column_type(st, VERIFY_REC) == SQLITE_NULL) {
		long long id = 0;
		if (sscanf(subject, "record:%lld", &id) == 1) {
			buf_printf(zh, "记录 %lld 已不存在（被删除）", id);
			buf_printf(en, "record %lld is missing (deleted)", id);
		} else {
			buf_printf(zh, "账本记录所指的对象（%s）无法识别", subject);
			buf_printf(en, "the entry names no record (%s)", subject);
		}
		return 1;
	}
	/* Borrowed column texts: nothing here is freed. */
	memset(&r, 0, sizeof r);
	r.id = sqlite3_column_int64(st, VERIFY_REC);
	r.action_id = sqlite3_column_int64(st, VERIFY_REC + 1);
	r.form = (char *)verify_text(st, VERIFY_REC + 2, &nul);
	r.form_version = sqlite3_column_int(st, VERIFY_REC + 3);
	state = verify_text(st, VERIFY_REC + 4, &nul);
	r.data = (char *)verify_text(st, VERIFY_REC + 5, &nul);
	r.author = (char *)verify_text(st, VERIFY_REC + 6, &nul);
	r.device = (char *)verify_text(st, VERIFY_REC + 7, &nul);
	r.created_at = (char *)verify_text(st, VERIFY_REC + 8, &nul);
	r.finalized_at = (char *)verify_text(st, VERIFY_REC + 9, &nul);
	r.finalized_by = (char *)verify_text(st, VERIFY_REC + 10, &nul);
	r.amends = sqlite3_column_int64(st, VERIFY_REC + 11);
	r.reason = (char *)verify_text(st, VERIFY_REC + 12, &nul);
	r.ledger_seq = sqlite3_column_int64(st, VERIFY_REC + 13);
	if (nul) {
		buf_printf(zh, "记录 %lld 中藏有空字符（被改写）", r.id);
		buf_printf(en, "record %lld hides a NUL byte (rewritten)", r.id);
		return 1;
	}
	x.action_kind = verify_text(st, VERIFY_REC + 14, &nul);
	x.action_title = verify_text(st, VERIFY_REC + 15, &nul);
	x.action_device = verify_text(st, VERIFY_REC + 16, &nul);
	x.action_opened_by = verify_text(st, VERIFY_REC + 17, &nul);
	x.action_opened_at = verify_text(st, VERIFY_REC + 18, &nul);
	if (nul) {
		buf_printf(zh, "执法活动 %lld 中藏有空字符（被改写）", r.action_id);
		buf_printf(en, "action %lld hides a NUL byte (rewritten)", r.action_id);
		return 1;
	}
	x.author_name = verify_text(st, VERIFY_REC + 19, &nul);
	x.author_cert = verify_text(st, VERIFY_REC + 20, &nul);
	x.finalizer_name = verify_text(st, VERIFY_REC + 21, &nul);
	x.finalizer_cert = verify_text(st, VERIFY_REC + 22, &nul);
	if (nul) {
		buf_printf(zh, "记录 %lld 的填写或定稿人员信息中藏有空字符（被改写）", r.id);
		buf_printf(en, "the officers of record %lld hide a NUL byte (rewritten)", r.id);
		return 1;
	}
	buf_reset(want);
	record_ledger_body(want, seq, kind, device, &r, &x);
	if (state && strcmp(state, "final") == 0 && r.ledger_seq == seq &&
	    strcmp(buf_str(want), body) == 0)
		goto done;
	fault = 1;
	/* Say what changed: the record, its action, or the roster. */
	if (!x.action_kind || !verify_same_part(want, body, "\"action\":{", "}")) {
		buf_printf(zh, "执法活动 %lld 在记录 %lld 定稿后被改动或删除", r.action_id, r.id);
		buf_printf(en, "action %lld was changed or deleted after record %lld was finalised",
			   r.action_id, r.id);
	} else if (!verify_same_part(want, body, "\"author\":{", "}") ||
		   !verify_same_part(want, body, "\"finalized_by\":{", "}")) {
		buf_printf(zh, "记录 %lld 的填写或定稿人员（%s、%s，或其姓名、执法证号）与定稿时不一致（被改动）",
			   r.id, r.author, r.finalized_by ? r.finalized_by : "?");
		buf_printf(en, "who entered or finalised record %lld (%s, %s, or their names or certificates) differs from what was finalised (changed)",
			   r.id, r.author, r.finalized_by ? r.finalized_by : "?");
	} else {
		buf_printf(zh, "记录 %lld 与定稿时的内容不一致（被改动）", r.id);
		buf_printf(en, "record %lld differs from what was finalised (changed)", r.id);
	}
done:
	rep->records++;
	return fault;
}

/* Checks the row entry SEQ speaks for (a record's row comes joined in WALK).
 * Returns 0 when it holds, 1 on a fault (reported), -1 on a store error. */
static int verify_subject(jl *j, sqlite3_stmt *walk, verify_report *rep, long long seq,
			  const char *device, const char *kind, const char *subject,
			  const char *body, buf *body_buf, msglist *out)
{
	buf want = BUF_INIT, zh = BUF_INIT, en = BUF_INIT;
	long long id = 0;
	int fault = 0;

	if (strcmp(kind, "finalize") == 0 || strcmp(kind, "amend") == 0) {
		fault = verify_record(walk, seq, kind, device, subject, body, rep, body_buf,
				      &zh, &en);
	} else if (strcmp(kind, "close") == 0 && sscanf(subject, "action:%lld", &id) == 1) {
		action_row a;
		jl_status rc = action_get(j, id, &a);
		if (rc == JL_ESTORE)
			return -1;
		if (rc == JL_ENOTFOUND) {
			buf_printf(&zh, "执法活动 %lld 已不存在（被删除）", id);
			buf_printf(&en, "action %lld is missing (deleted)", id);
			fault = 1;
		} else {
			action_ledger_body(&want, seq, device, &a);
			if (a.ledger_seq != seq || strcmp(buf_str(&want), body) != 0) {
				buf_printf(&zh, "执法活动 %lld 与结束时的内容不一致（被改动）", id);
				buf_printf(&en, "action %lld differs from what was closed (changed)", id);
				fault = 1;
			}
			rep->actions++;
		}
		action_row_free(&a);
	} else if (strcmp(kind, "media") == 0 && sscanf(subject, "media:%lld", &id) == 1) {
		int m = media_verify_entry(j, seq, device, id, body, &zh, &en);
		if (m < 0)
			return -1;
		fault = m;
		rep->media += !m;
	} else {
		buf_printf(&zh, "无法识别的账本记录（%s %s）", kind, subject);
		buf_printf(&en, "unknown kind of entry (%s %s)", kind, subject);
		fault = 1;
	}
	if (fault)
		verify_fault(rep, out, seq, buf_str(&zh), buf_str(&en));
	buf_free(&want);
	buf_free(&zh);
	buf_free(&en);
	return fault;
}

/* Rows no entry vouches for: each query yields the first such row's id (and
 * a second number for the message). */
static const struct {
	const char *sql, *zh, *en;
} verify_orphan_checks[] = {
	{"SELECT r.id, 0 FROM records r WHERE (r.state = 'final' OR r.ledger_seq IS NOT NULL)"
	 "  AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = r.ledger_seq"
	 "                  AND l.subject = 'record:' || r.id) LIMIT 1",
	 "定稿记录 %lld 没有对应的账本记录（非经本程序写入或账本被删改）",
	 "final record %lld has no ledger entry (not written by jilu, or its entry was removed)"},
	/* Every program path writes exactly 'draft' or 'final': anything else
	 * (a blob, a trailing NUL, NULL) was written behind its back. */
	{"SELECT id, 0 FROM records WHERE typeof(state) <> 'text'"
	 "  OR state NOT IN ('draft', 'final') LIMIT 1",
	 "记录 %lld 的状态异常（非经本程序写入）",
	 "record %lld has a state jilu never writes (written behind its back)"},
	/* jilu never leaves a draft that names a record it corrects. */
	{"SELECT id, amends FROM records WHERE amends IS NOT NULL AND state <> 'final' LIMIT 1",
	 "草稿 %lld 声称更正记录 %lld（非经本程序写入）",
	 "draft %lld claims to correct record %lld (not written by jilu)"},
	{"SELECT a.id, 0 FROM actions a WHERE a.closed_at IS NOT NULL"
	 "  AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = a.ledger_seq"
	 "                  AND l.subject = 'action:' || a.id) LIMIT 1",
	 "已结束的执法活动 %lld 没有对应的账本记录",
	 "closed action %lld has no ledger entry"},
};

/*
 * Returns 1 when the records that must have an entry (the first orphan
 * check) are exactly the ones the walk held to theirs, 0 when not, -1.
 * Each record the walk passed is final and has the entry ledger_seq names:
 * distinct entries, so distinct records. When there are as many records
 * to vouch for as the walk passed, none is an orphan, and the check's
 * lookup of an entry per record can be spared.
 */
static int verify_records_all_walked(jl *j, const verify_report *rep)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT count(*) FROM records"
					     " WHERE state = 'final' OR ledger_seq IS NOT NULL");
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) == rep->records : -1;
	sqlite3_reset(st);
	return rc;
}

/* Looks for final rows that no entry vouches for (inserted behind the
 * program's back, or their entry removed). Returns 0, 1 on a fault, -1. */
static int verify_orphans(jl *j, verify_report *rep, msglist *out)
{
	size_t k;

	for (k = 0; k < sizeof verify_orphan_checks / sizeof verify_orphan_checks[0]; k++) {
		sqlite3_stmt *st;
		int rc;

		if (k == 0) {
			int all = verify_records_all_walked(j, rep);
			if (all < 0)
				return -1;
			if (all)
				continue;
		}
		st = db_prepare(j->db, verify_orphan_checks[k].sql);
		if (!st)
			return -1;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			long long id = sqlite3_column_int64(st, 0), of = sqlite3_column_int64(st, 1);
			buf zh = BUF_INIT, en = BUF_INIT;
			buf_printf(&zh, verify_orphan_checks[k].zh, id, of);
			buf_printf(&en, verify_orphan_checks[k].en, id, of);
			verify_fault(rep, out, 0, buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
		}
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE)
			return -1;
	}
	return media_verify_orphans(j, &rep->fault_seq, out);
}

/* Looks for a NUL byte hidden in a text column of a row an entry vouches
 * for: jilu never writes one, and what follows it is invisible to the C
 * strings the comparison with the entry uses. Returns 0, 1 on a fault, -1. */
static int verify_hidden(jl *j, verify_report *rep, msglist *out)
{
	/* Records are checked byte for byte in the walk itself. */
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT 'action', '执法活动', id FROM actions"
		" WHERE (closed_at NOT NULL OR ledger_seq NOT NULL) AND " VERIFY_NUL(
		"  kind || coalesce(title, '') || device || opened_by || opened_at"
		"  || coalesce(closed_by, '') || coalesce(closed_at, '')")
		" UNION ALL SELECT 'attachment', '音像记录', id FROM media WHERE " VERIFY_NUL(
		"  sha256 || name || kind || captured_at || stored_at || added_by || device")
		" LIMIT 1");
	int fault = 0;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 2);
		buf zh = BUF_INIT, en = BUF_INIT;
		buf_printf(&zh, "%s %lld 中藏有空字符（被改写）",
			   (const char *)sqlite3_column_text(st, 1), id);
		buf_printf(&en, "%s %lld hides a NUL byte (rewritten)",
			   (const char *)sqlite3_column_text(st, 0), id);
		verify_fault(rep, out, 0, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
		fault = 1;
	}
	sqlite3_reset(st);
	return fault;
}

static jl_status verify_walk(jl *j, verify_report *rep, msglist *out);

jl_status verify_run(jl *j, verify_report *rep, msglist *out)
{
	sqlite3 *h = db_sqlite(j->db);
	int own = sqlite3_get_autocommit(h);
	jl_status rc;

	/* One snapshot for the walk and the checks after it: a record committed
	 * by another session meanwhile is not a cut tail. (Export holds one
	 * already.) */
	if (own && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_error(j->db, out, "无法读取账本", "cannot read the ledger");
		return JL_ESTORE;
	}
	rc = verify_walk(j, rep, out);
	if (own)
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static jl_status verify_walk(jl *j, verify_report *rep, msglist *out)
{
	sqlite3_stmt *st = NULL;
	ledger_hasher *hasher = NULL;
	buf body_buf = BUF_INIT; /* one body rebuilt at a time, its memory kept */
	char prev[LEDGER_HASH_LEN + 1], hash[LEDGER_HASH_LEN + 1];
	long long expect = 1, high = 0;
	int rc = SQLITE_DONE, fault = 0;

	memset(rep, 0, sizeof *rep);
	memcpy(prev, ledger_genesis, sizeof prev);
	hasher = ledger_hasher_new();
	if (!hasher)
		goto store;
	/* A walk of its own, not a cached statement: verify_subject uses those. */
	/* One walk, each entry with the record it vouches for joined (columns
	 * VERIFY_REC…): no lookup per entry. */
	if (sqlite3_prepare_v2(db_sqlite(j->db),
			       "SELECT l.seq, l.device, l.kind, l.subject, l.body, l.prev_hash, l.hash,"
			       " r.id, r.action_id, r.form, r.form_version, r.state, r.data, r.author,"
			       " r.device, r.created_at, r.finalized_at, r.finalized_by, r.amends,"
			       " r.reason, r.ledger_seq,"
			       " a.kind, a.title, a.device, a.opened_by, a.opened_at,"
			       " oa.name, oa.cert, ofz.name, ofz.cert"
			       " FROM ledger l LEFT JOIN records r"
			       "   ON l.kind IN ('finalize', 'amend') AND l.subject = 'record:' || r.id"
			       "  AND r.id = CAST(substr(l.subject, 8) AS INTEGER)"
			       " LEFT JOIN actions a ON a.id = r.action_id"
			       " LEFT JOIN officers oa ON oa.id = r.author"
			       " LEFT JOIN officers ofz ON ofz.id = r.finalized_by"
			       " ORDER BY l.seq", -1, &st, NULL) != SQLITE_OK)
		goto store;
	while (!fault && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		int nul = 0;
		const char *device = verify_text(st, 1, &nul);
		const char *kind = verify_text(st, 2, &nul);
		const char *subject = verify_text(st, 3, &nul);
		const char *body = verify_text(st, 4, &nul);
		const char *prev_hash = verify_text(st, 5, &nul);
		const char *stored = verify_text(st, 6, &nul);
		buf zh = BUF_INIT, en = BUF_INIT;

		if (!device || !kind || !subject || !body || !prev_hash || !stored) {
			verify_fault(rep, out, seq, "账本记录有空值", "the entry has empty columns");
			fault = 1;
		} else if (nul) {
			verify_fault(rep, out, seq, "账本记录中藏有空字符（被改写）",
				     "the entry hides a NUL byte (rewritten)");
			fault = 1;
		} else if (seq != expect) {
			buf_printf(&zh, "账本记录 #%lld 缺失（被删除）", expect);
			buf_printf(&en, "ledger entry #%lld is missing (deleted)", expect);
			verify_fault(rep, out, expect, buf_str(&zh), buf_str(&en));
			fault = 1;
		} else if (strcmp(prev_hash, prev) != 0) {
			verify_fault(rep, out, seq,
				     "与前一条账本记录的链接不成立（记录被删除、重排或改写）",
				     "its link to the entry before does not hold (entries deleted, reordered or rewritten)");
			fault = 1;
		} else {
			if (ledger_hasher_run(hasher, prev, body, hash) != 0)
				goto store; /* cannot hash: not the store's fault, and no verdict */
			if (strcmp(hash, stored) != 0) {
				verify_fault(rep, out, seq, "哈希值与内容不符（被改写）",
					     "its hash does not match its content (rewritten)");
				fault = 1;
			} else {
				int s = verify_subject(j, st, rep, seq, device, kind, subject, body,
						       &body_buf, out);
				if (s < 0) {
					buf_free(&zh);
					buf_free(&en);
					goto store;
				}
				fault = s;
			}
		}
		buf_free(&zh);
		buf_free(&en);
		/* A tampered hash may be shorter than a real one: copy no further. */
		snprintf(prev, sizeof prev, "%s", stored ? stored : "");
		high = seq;
		expect = seq + 1;
		rep->entries++;
	}
	if (!fault && rc != SQLITE_DONE)
		goto store; /* a read error is not the end of the ledger */
	sqlite3_finalize(st);
	st = NULL;
	ledger_hasher_free(hasher);
	hasher = NULL;
	buf_free(&body_buf);
	if (fault)
		return JL_FOUND;
	/* Entries cut from the end leave no gap; SQLite still remembers how far
	 * the ledger went. */
	st = db_prepare(j->db, "SELECT seq FROM sqlite_sequence WHERE name = 'ledger'");
	if (!st)
		goto store;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > high) {
		long long top = sqlite3_column_int64(st, 0);
		buf zh = BUF_INIT, en = BUF_INIT;
		buf_printf(&zh, "账本止于 #%lld，但曾写到 #%lld：末尾的记录被删除", high, top);
		buf_printf(&en, "the ledger ends at #%lld but had reached #%lld: entries at its end were deleted",
			   high, top);
		verify_fault(rep, out, high + 1, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
		fault = 1;
	}
	sqlite3_reset(st);
	st = NULL;
	if (fault)
		return JL_FOUND;
	rc = verify_orphans(j, rep, out);
	if (rc == 0)
		rc = verify_hidden(j, rep, out);
	if (rc < 0)
		goto store;
	return rc ? JL_FOUND : JL_OK;
store:
	if (st)
		sqlite3_finalize(st);
	ledger_hasher_free(hasher);
	buf_free(&body_buf);
	db_error(j->db, out, "无法读取账本", "cannot read the ledger");
	return JL_ESTORE;
}
