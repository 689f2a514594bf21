/* core/verify_rows.c — the rows entries vouch for, held to them. */
#include "core/verify_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/media.h"
#include "core/officer.h"
#include "core/record.h"

/* SQL: true when the text X holds a NUL byte. */
#define VERIFY_NUL(x) "instr(CAST(" x " AS BLOB), X'00') > 0"

void verify_fault(verify_report *rep, msglist *out, long long seq, const char *zh,
		  const char *en)
{
	buf where = BUF_INIT;

	if (!rep->fault_seq)
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

#define VERIFY_RECORD_COLS "id, action_id, form, form_version, state, data, author, device," \
	" created_at, finalized_at, finalized_by, amends, reason, ledger_seq, updated_at"

struct verify_cache {
	officer_row *officers; /* the roster, by id: records name two officers each */
	int nofficers;
	/* The records in id order, read alongside the ledger: records are
	 * mostly finalised in the order they were made, so the next entry's
	 * record is mostly a step ahead, not a lookup away. */
	sqlite3_stmt *scan;
	long long scan_id;     /* the record SCAN is on; 0 before the first, -1 past the last */
	/* What the scan saw of every record on its way, for verify_orphans:
	 * one pass over the records instead of one per check. */
	long long vouched;     /* records final or naming an entry */
	long long bad_state;   /* the first record whose state jilu never writes, 0 none */
	long long posing, posing_of; /* the first draft naming a record it corrects */
	action_row action;     /* the last action read: records come by action */
	int have_action;
};

verify_cache *verify_cache_new(jl *j)
{
	verify_cache *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	if (officer_list(j, &c->officers, &c->nofficers) != JL_OK ||
	    sqlite3_prepare_v2(db_sqlite(j->db), "SELECT " VERIFY_RECORD_COLS " FROM records ORDER BY id",
			       -1, &c->scan, NULL) != SQLITE_OK) {
		verify_cache_free(c);
		return NULL;
	}
	return c;
}

void verify_cache_free(verify_cache *c)
{
	if (!c)
		return;
	officer_rows_free(c->officers, c->nofficers);
	action_row_free(&c->action);
	sqlite3_finalize(c->scan);
	free(c);
}

/* Steps C's scan to the next record and notes what verify_orphans needs
 * of it. Returns 0, or -1 on a read error. */
static int verify_scan_step(verify_cache *c)
{
	int step = sqlite3_step(c->scan), final = 0;

	if (step == SQLITE_DONE) {
		c->scan_id = -1;
		return 0;
	}
	if (step != SQLITE_ROW)
		return -1;
	c->scan_id = sqlite3_column_int64(c->scan, 0);
	/* Every program path writes exactly 'draft' or 'final': anything else
	 * (a blob, a trailing NUL, NULL) was written behind its back. */
	if (sqlite3_column_type(c->scan, 4) == SQLITE_TEXT) {
		const char *state = (const char *)sqlite3_column_text(c->scan, 4);
		size_t n = (size_t)sqlite3_column_bytes(c->scan, 4);
		final = n == 5 && memcmp(state, "final", 5) == 0;
		if (!final && !(n == 5 && memcmp(state, "draft", 5) == 0) && !c->bad_state)
			c->bad_state = c->scan_id;
	} else if (!c->bad_state) {
		c->bad_state = c->scan_id;
	}
	/* jilu never leaves a draft that names a record it corrects. */
	if (!final && sqlite3_column_type(c->scan, 11) != SQLITE_NULL && !c->posing) {
		c->posing = c->scan_id;
		c->posing_of = sqlite3_column_int64(c->scan, 11);
	}
	if (final || sqlite3_column_type(c->scan, 13) != SQLITE_NULL)
		c->vouched++;
	return 0;
}

static int verify_officer_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const officer_row *)elem)->id);
}

/* Returns officer ID of the roster C holds, or NULL. */
static const officer_row *verify_officer_find(const verify_cache *c, const char *id)
{
	if (!id || !c->nofficers)
		return NULL;
	return bsearch(id, c->officers, (size_t)c->nofficers, sizeof *c->officers,
		       verify_officer_cmp);
}

/* Returns action ID (C keeps the last one read), or NULL when there is
 * none; *STORE is set on a read error. */
static const action_row *verify_action_find(jl *j, verify_cache *c, long long id, int *store)
{
	jl_status rc;

	if (c->have_action && c->action.id == id)
		return &c->action;
	action_row_free(&c->action);
	c->have_action = 0;
	rc = action_get(j, id, &c->action);
	if (rc == JL_ESTORE)
		*store = 1;
	if (rc != JL_OK)
		return NULL;
	c->have_action = 1;
	return &c->action;
}

int verify_record_entry(jl *j, verify_cache *c, const ledger_entry *e, long long id,
			verify_report *rep, buf *want, buf *zh, buf *en)
{
	/* The record alone: its action and officers come from C (the roster
	 * and the actions are checked against their own entries). */
	sqlite3_stmt *st = NULL, *lookup = NULL;
	record_row r;
	record_ledger_ctx x;
	const action_row *a;
	const officer_row *oa, *ofz;
	int nul = 0, fault = 0, step, store = 0;
	const char *state;
	char data_sha[LEDGER_HASH_LEN + 1];

	while (c->scan_id >= 0 && c->scan_id < id)
		if (verify_scan_step(c) != 0)
			return -1;
	if (c->scan_id == id) {
		st = c->scan; /* left where it is: the next record is ahead of it */
	} else {
		lookup = db_prepare(j->db, "SELECT " VERIFY_RECORD_COLS " FROM records WHERE id = ?1");
		if (!lookup)
			return -1;
		st = lookup;
		sqlite3_bind_int64(st, 1, id);
		step = sqlite3_step(st);
		if (step == SQLITE_DONE) {
			sqlite3_reset(st);
			buf_printf(zh, "记录 %lld 已不存在（被删除）", id);
			buf_printf(en, "record %lld is missing (deleted)", id);
			return 1;
		}
		if (step != SQLITE_ROW) {
			sqlite3_reset(st);
			return -1;
		}
	}
	/* Borrowed column texts: nothing here is freed. */
	memset(&r, 0, sizeof r);
	memset(&x, 0, sizeof x);
	r.id = sqlite3_column_int64(st, 0);
	r.action_id = sqlite3_column_int64(st, 1);
	r.form = (char *)verify_text(st, 2, &nul);
	r.form_version = sqlite3_column_int(st, 3);
	state = verify_text(st, 4, &nul);
	/* The data is only hashed: read as bytes, it is not copied to be
	 * NUL-terminated, and a NUL hidden in it is looked for directly. */
	if (sqlite3_column_type(st, 5) == SQLITE_TEXT) {
		const void *d = sqlite3_column_blob(st, 5);
		size_t n = (size_t)sqlite3_column_bytes(st, 5);
		if (d && memchr(d, 0, n))
			nul = 1;
		else if (ledger_sha256_hex(d ? d : "", n, data_sha) != 0) {
			fault = -1; /* cannot hash: not the store's fault, and no verdict */
			goto done;
		}
		x.data_sha256 = data_sha;
		r.data = (char *)""; /* not read: the hash stands for it */
	}
	r.author = (char *)verify_text(st, 6, &nul);
	r.device = (char *)verify_text(st, 7, &nul);
	r.created_at = (char *)verify_text(st, 8, &nul);
	r.finalized_at = (char *)verify_text(st, 9, &nul);
	r.finalized_by = (char *)verify_text(st, 10, &nul);
	r.amends = sqlite3_column_int64(st, 11);
	r.reason = (char *)verify_text(st, 12, &nul);
	r.ledger_seq = sqlite3_column_int64(st, 13);
	/* Not in the entry, but shown (record show --json): finalising sets it
	 * to the time finalised and nothing changes it after. */
	r.updated_at = (char *)verify_text(st, 14, &nul);
	if (nul) {
		buf_printf(zh, "记录 %lld 中藏有空字符（被改写）", r.id);
		buf_printf(en, "record %lld hides a NUL byte (rewritten)", r.id);
		fault = 1;
		goto done;
	}
	a = verify_action_find(j, c, r.action_id, &store);
	if (store) {
		fault = -1;
		goto done;
	}
	if (a) {
		x.action_kind = a->kind;
		x.action_title = a->title;
		x.action_device = a->device;
		x.action_opened_by = a->opened_by;
		x.action_opened_at = a->opened_at;
	}
	oa = verify_officer_find(c, r.author);
	ofz = verify_officer_find(c, r.finalized_by);
	x.author_name = oa ? oa->name : NULL;
	x.author_cert = oa ? oa->cert : NULL;
	x.finalizer_name = ofz ? ofz->name : NULL;
	x.finalizer_cert = ofz ? ofz->cert : NULL;
	buf_reset(want);
	if (record_ledger_body(want, e->seq, e->kind, e->device, &r, &x) != 0) {
		fault = -1; /* cannot hash: not the store's fault, and no verdict */
		goto done;
	}
	if (state && strcmp(state, "final") == 0 && r.ledger_seq == e->seq &&
	    r.updated_at && r.finalized_at && strcmp(r.updated_at, r.finalized_at) == 0 &&
	    strcmp(buf_str(want), e->body) == 0)
		goto done;
	fault = 1;
	/* Say what changed: the record, its action, or the roster. */
	if (!x.action_kind || !verify_same_part(want, e->body, "\"action\":{", "}")) {
		buf_printf(zh, "执法活动 %lld 在记录 %lld 定稿后被改动或删除", r.action_id, r.id);
		buf_printf(en, "action %lld was changed or deleted after record %lld was finalised",
			   r.action_id, r.id);
	} else if (!verify_same_part(want, e->body, "\"author\":{", "}") ||
		   !verify_same_part(want, e->body, "\"finalized_by\":{", "}")) {
		buf_printf(zh, "记录 %lld 的填写或定稿人员（%s、%s，或其姓名、执法证号）与定稿时不一致（被改动）",
			   r.id, r.author ? r.author : "?", r.finalized_by ? r.finalized_by : "?");
		buf_printf(en, "who entered or finalised record %lld (%s, %s, or their names or certificates) differs from what was finalised (changed)",
			   r.id, r.author ? r.author : "?", r.finalized_by ? r.finalized_by : "?");
	} else {
		buf_printf(zh, "记录 %lld 与定稿时的内容不一致（被改动）", r.id);
		buf_printf(en, "record %lld differs from what was finalised (changed)", r.id);
	}
done:
	if (lookup)
		sqlite3_reset(lookup);
	rep->records++;
	return fault;
}

/* Rows no entry vouches for: each query yields the first such row's id (and
 * a second value for the message), as text. */
static const struct {
	const char *sql, *zh, *en;
} verify_orphan_checks[] = {
	{"SELECT a.id, 0 FROM actions a WHERE NOT EXISTS (SELECT 1 FROM ledger l"
	 "  WHERE l.seq = a.open_seq AND l.kind = 'open' AND l.subject = 'action:' || a.id) LIMIT 1",
	 "执法活动 %s 没有立项的存证链记录（非经本程序写入）",
	 "action %s has no ledger entry for its opening (not written by jilu)"},
	{"SELECT a.id, 0 FROM actions a WHERE a.closed_at IS NOT NULL"
	 "  AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = a.ledger_seq"
	 "                  AND l.subject = 'action:' || a.id) LIMIT 1",
	 "已结束的执法活动 %s 没有对应的存证链记录",
	 "closed action %s has no ledger entry"},
	/* An open action names no closing entry and no closer: the case file
	 * shows both, and no entry vouches for them. */
	{"SELECT a.id, 0 FROM actions a WHERE a.closed_at IS NULL"
	 "  AND (a.ledger_seq IS NOT NULL OR a.closed_by IS NOT NULL) LIMIT 1",
	 "未结束的执法活动 %s 记有结束的账本记录或结束人（被改动）",
	 "open action %s names a closing entry or who closed it (changed)"},
	/* Every reopening is vouched for by its entry (schema 6). */
	{"SELECT r.action_id, r.ledger_seq FROM reopenings r WHERE NOT EXISTS (SELECT 1 FROM ledger l"
	 "  WHERE l.seq = r.ledger_seq AND l.kind = 'reopen' AND l.subject = 'action:' || r.action_id)"
	 " LIMIT 1",
	 "执法活动 %s 的重新开启（#%s）没有存证链记录（非经本程序写入）",
	 "action %s's reopening (#%s) has no ledger entry (not written by jilu)"},
	/* Every officer is vouched for by the roster entry its row names: a
	 * fake officer added, or a row pointed at another's entry, is not. */
	{"SELECT o.id, 0 FROM officers o WHERE NOT EXISTS (SELECT 1 FROM ledger l"
	 "  WHERE l.seq = o.ledger_seq AND l.kind = 'officer' AND l.subject = 'officer:' || o.id)"
	 " LIMIT 1",
	 "执法人员 %s 没有名册的存证链记录（非经本程序加入）",
	 "officer %s has no roster entry in the ledger (not added by jilu)"},
	/* Who opened, closed or attached must still be on the roster (the
	 * records' officers are held to their entries in the walk). */
	{"SELECT who, what FROM (SELECT opened_by AS who, 'action ' || id AS what FROM actions"
	 "  UNION ALL SELECT closed_by, 'action ' || id FROM actions WHERE closed_by IS NOT NULL"
	 "  UNION ALL SELECT reopened_by, 'action ' || action_id FROM reopenings"
	 "  UNION ALL SELECT added_by, 'attachment ' || id FROM media)"
	 " WHERE who NOT IN (SELECT id FROM officers) LIMIT 1",
	 "执法人员 %s（%s 中所记）不在名册中（被删除）",
	 "officer %s (named by %s) is not on the roster (deleted)"},
};

/* Reports the fault ZH_FMT/EN_FMT (formats of ID and OF, or of ID alone)
 * when ID is not 0. Returns 1 when it did, else 0. */
static int verify_record_fault(verify_report *rep, msglist *out, long long id, long long of,
			       const char *zh_fmt, const char *en_fmt)
	__attribute__((format(printf, 5, 0), format(printf, 6, 0)));

static int verify_record_fault(verify_report *rep, msglist *out, long long id, long long of,
			       const char *zh_fmt, const char *en_fmt)
{
	buf zh = BUF_INIT, en = BUF_INIT;

	if (!id)
		return 0;
	buf_printf(&zh, zh_fmt, id, of);
	buf_printf(&en, en_fmt, id, of);
	verify_fault(rep, out, 0, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
	return 1;
}

int verify_orphans(jl *j, verify_cache *c, verify_report *rep, msglist *out)
{
	size_t k;

	/* The records: the rest of the scan the walk began. */
	while (c->scan_id >= 0)
		if (verify_scan_step(c) != 0)
			return -1;
	/* Each record the walk passed is final and has the entry ledger_seq
	 * names: distinct entries, so distinct records. When there are as many
	 * records to vouch for as the walk passed, none is an orphan, and a
	 * lookup of an entry per record can be spared. */
	if (c->vouched != rep->records) {
		sqlite3_stmt *st = db_prepare(j->db,
			"SELECT r.id FROM records r WHERE (r.state = 'final' OR r.ledger_seq IS NOT NULL)"
			"  AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = r.ledger_seq"
			"                  AND l.subject = 'record:' || r.id) LIMIT 1");
		int rc;
		long long id;

		if (!st)
			return -1;
		rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return -1;
		if (verify_record_fault(rep, out, id, 0,
					"定稿记录 %lld 没有对应的存证链记录（非经本程序写入或存证链被删改）",
					"final record %lld has no ledger entry (not written by jilu, or its entry was removed)"))
			return 1;
	}
	if (verify_record_fault(rep, out, c->bad_state, 0, "记录 %lld 的状态异常（非经本程序写入）",
				"record %lld has a state jilu never writes (written behind its back)") ||
	    verify_record_fault(rep, out, c->posing, c->posing_of,
				"草稿 %lld 声称更正记录 %lld（非经本程序写入）",
				"draft %lld claims to correct record %lld (not written by jilu)"))
		return 1;
	for (k = 0; k < sizeof verify_orphan_checks / sizeof verify_orphan_checks[0]; k++) {
		sqlite3_stmt *st = db_prepare(j->db, verify_orphan_checks[k].sql);
		int rc;

		if (!st)
			return -1;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(st, 0);
			const char *b = (const char *)sqlite3_column_text(st, 1);
			buf zh = BUF_INIT, en = BUF_INIT;
			buf_printf(&zh, verify_orphan_checks[k].zh, a ? a : "?", b ? b : "?");
			buf_printf(&en, verify_orphan_checks[k].en, a ? a : "?", b ? b : "?");
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

int verify_hidden(jl *j, verify_report *rep, msglist *out)
{
	/* Records are checked byte for byte in the walk itself. */
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT 'action', '执法活动', id FROM actions WHERE " VERIFY_NUL(
		"  kind || coalesce(title, '') || device || opened_by || opened_at"
		"  || coalesce(closed_by, '') || coalesce(closed_at, '') || coalesce(close_reason, '')")
		" UNION ALL SELECT 'attachment', '音像记录', id FROM media WHERE " VERIFY_NUL(
		"  sha256 || name || kind || captured_at || stored_at || added_by || device"
		"  || coalesce(captured_from, '') || coalesce(file_time, '') || coalesce(file_time_from, '')")
		" UNION ALL SELECT 'officer', '执法人员', id FROM officers WHERE " VERIFY_NUL(
		"  id || name || cert || role || created_at || coalesce(changed_at, '')"
		"  || coalesce(changed_by, '')")
		" LIMIT 1");
	int fault = 0;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 2);
		buf zh = BUF_INIT, en = BUF_INIT;
		buf_printf(&zh, "%s %s 中藏有空字符（被改写）",
			   (const char *)sqlite3_column_text(st, 1), id ? id : "?");
		buf_printf(&en, "%s %s hides a NUL byte (rewritten)",
			   (const char *)sqlite3_column_text(st, 0), id ? id : "?");
		verify_fault(rep, out, 0, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
		fault = 1;
	}
	sqlite3_reset(st);
	return fault;
}
