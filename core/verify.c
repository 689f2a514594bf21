/* core/verify.c — recompute the chain and hold every row to its entry. */
#include "core/verify.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/ledger.h"
#include "core/media.h"
#include "core/action_reopen.h"
#include "core/officer.h"
#include "core/record.h"
#include "core/verify_rows.h"

/* How many entries pass between two calls of the progress callback. */
#define VERIFY_TICK 4096

/* The walk's state: one of each buffer, reused entry after entry. */
typedef struct {
	jl *j;
	verify_report *rep;
	msglist *out;
	verify_cache *cache;
	buf want, zh, en;
	char *device, *created_at; /* meta: the store's device id and birth, or NULL */
	char at[64];               /* the time of the last entry stamped, "" before one */
	time_t at_epoch;
	long long at_seq;
	int late;                  /* entries stamped earlier than the one before */
	int hard;                  /* the walk stopped at a fault */
} verify_walk_ctx;

/* Checks entry 1, the store's start, against the device id and creation
 * time in meta. Returns 0, or 1 with the reason in W->zh/en. */
static int verify_init(verify_walk_ctx *w, const ledger_entry *e)
{
	if (e->seq != 1) {
		buf_printf(&w->zh, "存证链中间出现第二条建库记录（设备 %s）", e->device);
		buf_printf(&w->en, "a second start of the store in the middle of the ledger (device %s)",
			   e->device);
		return 1;
	}
	if (!w->device) {
		buf_printf(&w->zh, "数据库的设备编号已被删除（存证链第一条记录属于设备 %s）", e->device);
		buf_printf(&w->en, "the database's device id was removed (the ledger's first entry is device %s's)",
			   e->device);
		return 1;
	}
	if (strcmp(w->device, e->device) != 0) {
		buf_printf(&w->zh, "数据库的设备编号 %s 与建库时的 %s 不同（被改动）", w->device, e->device);
		buf_printf(&w->en, "the database's device id %s is not %s, the one it was made for (changed)",
			   w->device, e->device);
		return 1;
	}
	buf_reset(&w->want);
	/* The schema the store was made with, as entry #1 says: from the first
	 * of this ledger format (3) to this program's; a store migrated since
	 * keeps its entry. Every other byte is compared. */
	{
		cJSON *body = cJSON_Parse(e->body);
		const cJSON *sc = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(body, "store"), "schema");
		int schema = cJSON_IsNumber(sc) && sc->valuedouble >= 3 && sc->valuedouble <= DB_SCHEMA_VERSION
				     ? (int)sc->valuedouble
				     : DB_SCHEMA_VERSION;
		cJSON_Delete(body);
		ledger_init_body(&w->want, e->seq, w->device, w->created_at, schema);
	}
	if (strcmp(e->subject + (strncmp(e->subject, "device:", 7) == 0 ? 7 : 0), w->device) != 0 ||
	    strncmp(e->subject, "device:", 7) != 0 || strcmp(buf_str(&w->want), e->body) != 0) {
		buf_printf(&w->zh, "数据库的建库信息（设备 %s，建库时间 %s）与存证链第一条记录不符（被改动）",
			   w->device, w->created_at ? w->created_at : "?");
		buf_printf(&w->en, "what the database says of its making (device %s, made %s) differs from the ledger's first entry (changed)",
			   w->device, w->created_at ? w->created_at : "?");
		return 1;
	}
	return 0;
}

/* Checks roster entry E against officer ID's row. Returns 0, 1 (reason in
 * W->zh/en), -1 on a store error. */
static int verify_officer(verify_walk_ctx *w, const ledger_entry *e, const char *id)
{
	officer_row o;
	jl_status rc = officer_get(w->j, id, &o);
	int fault = 0;

	if (rc == JL_ESTORE)
		return -1;
	if (rc != JL_OK) {
		buf_printf(&w->zh, "执法人员 %s 已不存在（被删除）", id);
		buf_printf(&w->en, "officer %s is missing (deleted)", id);
		return 1;
	}
	if (o.ledger_seq > e->seq)
		goto done; /* a later roster entry vouches for the row now */
	if (o.ledger_seq < e->seq) {
		buf_printf(&w->zh, "执法人员 %s 的名册信息退回到了存证链 #%lld 之前（被改动）", id, e->seq);
		buf_printf(&w->en, "officer %s's roster row was set back to before ledger #%lld (changed)",
			   id, e->seq);
		fault = 1;
		goto done;
	}
	buf_reset(&w->want);
	officer_ledger_body(&w->want, e->seq, e->device, &o);
	if (strcmp(buf_str(&w->want), e->body) != 0) {
		buf_printf(&w->zh, "执法人员 %s 的姓名、执法证号或角色与名册记录不一致（被改动）", id);
		buf_printf(&w->en, "officer %s's name, certificate or role differs from the roster entry (changed)",
			   id);
		fault = 1;
	}
done:
	officer_row_free(&o);
	return fault;
}

/* Checks the opening or close E of action ID. Returns 0, 1, -1. */
static int verify_action(verify_walk_ctx *w, const ledger_entry *e, long long id, int open)
{
	action_row a;
	jl_status rc = action_get(w->j, id, &a);
	int fault = 0;

	if (rc == JL_ESTORE)
		return -1;
	if (rc == JL_ENOTFOUND) {
		buf_printf(&w->zh, "执法活动 %lld 已不存在（被删除）", id);
		buf_printf(&w->en, "action %lld is missing (deleted)", id);
		return 1;
	}
	buf_reset(&w->want);
	if (!open && a.ledger_seq != e->seq) {
		/* A close a reopening undid: that reopening keeps it. */
		reopen_row r;

		rc = action_reopening_of_close(w->j, id, e->seq, &r);
		if (rc == JL_ESTORE) {
			action_row_free(&a);
			return -1;
		}
		if (rc == JL_OK) {
			action_row was = a;

			was.closed_at = r.closed_at;
			was.closed_by = r.closed_by;
			was.close_reason = r.close_reason;
			action_ledger_body(&w->want, e->seq, e->device, &was);
			reopen_row_free(&r);
			if (strcmp(buf_str(&w->want), e->body) != 0) {
				buf_printf(&w->zh, "执法活动 %lld 与结束时的内容不一致（被改动）", id);
				buf_printf(&w->en, "action %lld differs from what was closed (changed)", id);
				fault = 1;
			}
			action_row_free(&a);
			return fault;
		}
	}
	if (open)
		action_open_body(&w->want, e->seq, e->device, &a);
	else
		action_ledger_body(&w->want, e->seq, e->device, &a);
	if ((open ? a.open_seq : a.ledger_seq) != e->seq || strcmp(buf_str(&w->want), e->body) != 0) {
		if (open) {
			buf_printf(&w->zh, "执法活动 %lld 与立项时的内容不一致（被改动）", id);
			buf_printf(&w->en, "action %lld differs from what was opened (changed)", id);
		} else {
			buf_printf(&w->zh, "执法活动 %lld 与结束时的内容不一致（被改动）", id);
			buf_printf(&w->en, "action %lld differs from what was closed (changed)", id);
		}
		fault = 1;
	}
	if (!open)
		w->rep->actions++;
	action_row_free(&a);
	return fault;
}

/* Checks reopening E of action ID against its row. Returns 0, 1, -1. */
static int verify_reopen(verify_walk_ctx *w, const ledger_entry *e, long long id)
{
	reopen_row r;
	jl_status rc = action_reopening_by_seq(w->j, e->seq, &r);
	int fault = 0;

	if (rc == JL_ESTORE)
		return -1;
	if (rc == JL_OK) {
		buf_reset(&w->want);
		action_reopen_body(&w->want, e->seq, e->device, &r);
	}
	if (rc != JL_OK || r.action_id != id || strcmp(buf_str(&w->want), e->body) != 0) {
		buf_printf(&w->zh, "执法活动 %lld 的重新开启记录与存证链不一致（被删除或改动）", id);
		buf_printf(&w->en, "action %lld's reopening differs from its ledger entry (deleted or changed)",
			   id);
		fault = 1;
	}
	reopen_row_free(&r);
	return fault;
}

/* Returns 1 when SUBJECT is PREFIX followed by a canonical positive id
 * (digits, no leading zero, in range), which goes to *ID; else 0. */
static int verify_subject_id(const char *subject, const char *prefix, long long *id)
{
	size_t n = strlen(prefix);
	const char *p = subject + n;
	long long v = 0;

	if (strncmp(subject, prefix, n) != 0 || *p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	if (*p)
		return 0;
	*id = v;
	return 1;
}

/* Checks the row entry E speaks for. Returns 0, 1 on a fault (reported),
 * -1 on a store error. */
static int verify_subject(verify_walk_ctx *w, const ledger_entry *e)
{
	long long id = 0;
	int fault;

	buf_reset(&w->zh);
	buf_reset(&w->en);
	if (e->seq == 1 && strcmp(e->kind, "init") != 0) {
		buf_puts(&w->zh, "存证链第一条记录不是建库记录（设备编号与建库时间）");
		buf_puts(&w->en, "the ledger's first entry is not the store's start (its device and creation time)");
		fault = 1;
	} else if (strcmp(e->kind, "init") == 0) {
		fault = verify_init(w, e);
	} else if ((strcmp(e->kind, "finalize") == 0 || strcmp(e->kind, "amend") == 0) &&
		   verify_subject_id(e->subject, "record:", &id)) {
		fault = verify_record_entry(w->j, w->cache, e, id, w->rep, &w->want, &w->zh, &w->en);
	} else if ((strcmp(e->kind, "open") == 0 || strcmp(e->kind, "close") == 0) &&
		   verify_subject_id(e->subject, "action:", &id)) {
		fault = verify_action(w, e, id, e->kind[0] == 'o');
	} else if (strcmp(e->kind, "reopen") == 0 && verify_subject_id(e->subject, "action:", &id)) {
		fault = verify_reopen(w, e, id);
	} else if (strcmp(e->kind, "officer") == 0 && strncmp(e->subject, "officer:", 8) == 0) {
		fault = verify_officer(w, e, e->subject + 8);
	} else if (strcmp(e->kind, "media") == 0 && verify_subject_id(e->subject, "media:", &id)) {
		fault = media_verify_entry(w->j, e->seq, e->device, id, e->body, &w->zh, &w->en);
		w->rep->media += fault == 0;
	} else if (strcmp(e->kind, "access") == 0 && verify_subject_id(e->subject, "access:", &id)) {
		fault = 0; /* the access log vouches for no row: its chain is all (core/access.h) */
	} else {
		buf_printf(&w->zh, "无法识别的存证链记录（%s %s）", e->kind, e->subject);
		buf_printf(&w->en, "unknown kind of entry (%s %s)", e->kind, e->subject);
		fault = 1;
	}
	if (fault > 0)
		verify_fault(w->rep, w->out, e->seq, buf_str(&w->zh), buf_str(&w->en));
	return fault;
}

/* Names entry E when it is stamped earlier than the entry before it: a
 * clock set back (R22.3). Not a reason to stop the walk: every such entry
 * is named. */
static void verify_time(verify_walk_ctx *w, const ledger_entry *e)
{
	char at[64];
	time_t t;

	if (ledger_body_at(e->body, at, sizeof at) != 0)
		return;
	if (strcmp(at, w->at) == 0) {
		w->at_seq = e->seq;
		return;
	}
	if (clock_parse(at, &t) != 0)
		return; /* the row's check holds it to what jilu wrote */
	if (w->at[0] && t < w->at_epoch) {
		buf zh = BUF_INIT, en = BUF_INIT;
		buf_printf(&zh, "时间 %s 早于前一条存证链记录 #%lld 的 %s（时钟被调回或记录被改动）", at,
			   w->at_seq, w->at);
		buf_printf(&en, "stamped %s, earlier than %s of ledger #%lld before it (a clock set back, or entries changed)",
			   at, w->at, w->at_seq);
		verify_fault(w->rep, w->out, e->seq, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
		w->late++;
	}
	snprintf(w->at, sizeof w->at, "%s", at);
	w->at_epoch = t;
	w->at_seq = e->seq;
}

/* Returns the highest seq the ledger holds (the walk's total), or -1. */
static long long verify_total(jl *j)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT coalesce(max(seq), 0) FROM ledger");
	long long n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

/* Walks the chain. Returns JL_OK, JL_FOUND (faults reported), JL_ESTORE,
 * JL_ECANCELED. *HIGH gets the last seq walked. */
static jl_status verify_chain(verify_walk_ctx *w, ledger_progress_fn progress, void *ctx,
			      long long *high)
{
	ledger_reader *r = NULL;
	ledger_hasher *hasher = ledger_hasher_new();
	ledger_entry e;
	char prev[LEDGER_HASH_LEN + 1], hash[LEDGER_HASH_LEN + 1];
	long long expect = 1, total = progress ? verify_total(w->j) : 0;
	int step = 0, fault = 0;
	jl_status rc = JL_ESTORE;

	memcpy(prev, ledger_genesis, sizeof prev);
	*high = 0;
	if (!hasher || total < 0 || ledger_reader_open(w->j->db, 1, 0, 0, &r) != JL_OK)
		goto done;
	while (!fault && (step = ledger_reader_next(r, &e)) == 1) {
		if (progress && (e.seq % VERIFY_TICK) == 0 && progress(ctx, e.seq, total)) {
			rc = JL_ECANCELED;
			goto done;
		}
		if (e.bad) {
			verify_fault(w->rep, w->out, e.seq, "存证链记录有空值、非文本或藏有空字符（被改写）",
				     "the entry has an empty, non-text or NUL-hiding column (rewritten)");
			fault = 1;
		} else if (e.seq != expect) {
			buf zh = BUF_INIT, en = BUF_INIT;
			buf_printf(&zh, "存证链记录 #%lld 缺失（被删除）", expect);
			buf_printf(&en, "ledger entry #%lld is missing (deleted)", expect);
			verify_fault(w->rep, w->out, expect, buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
			fault = 1;
		} else if (strcmp(e.prev_hash, prev) != 0) {
			verify_fault(w->rep, w->out, e.seq,
				     "与前一条存证链记录的链接不成立（记录被删除、重排或改写）",
				     "its link to the entry before does not hold (entries deleted, reordered or rewritten)");
			fault = 1;
		} else if (ledger_hasher_run(hasher, prev, e.body, hash) != 0) {
			goto done; /* cannot hash: not the store's fault, and no verdict */
		} else if (strcmp(hash, e.hash) != 0) {
			verify_fault(w->rep, w->out, e.seq, "哈希值与内容不符（被改写）",
				     "its hash does not match its content (rewritten)");
			fault = 1;
		} else {
			int s = verify_subject(w, &e);
			if (s < 0)
				goto done;
			fault = s;
			if (!fault)
				verify_time(w, &e);
		}
		/* A tampered hash may be shorter than a real one: copy no further. */
		snprintf(prev, sizeof prev, "%s", e.hash);
		*high = e.seq;
		expect = e.seq + 1;
		w->rep->entries++;
	}
	w->hard = fault;
	if (!fault && step != 0)
		goto done; /* a read error is not the end of the ledger */
	if (progress && progress(ctx, total, total)) {
		rc = JL_ECANCELED;
		goto done;
	}
	rc = fault || w->late ? JL_FOUND : JL_OK;
done:
	ledger_reader_close(r);
	ledger_hasher_free(hasher);
	return rc;
}

/* After the walk: the store's start is there, and the high-water mark of
 * the ledger agrees with its end. Returns 0, 1 on a fault, -1. */
static int verify_ends(verify_walk_ctx *w, long long high)
{
	sqlite3_stmt *st;
	buf zh = BUF_INIT, en = BUF_INIT;
	int fault = 0, step;

	if (high == 0) {
		if (w->device) {
			buf_printf(&zh, "存证链为空：建库记录（设备 %s）被删除", w->device);
			buf_printf(&en, "the ledger is empty: the store's start (device %s) was deleted",
				   w->device);
		} else {
			buf_puts(&zh, "数据库既无设备编号也无存证链：不是完整初始化的 jilu 数据库（被删改）");
			buf_puts(&en, "the database has neither a device id nor a ledger: not a store jilu initialised (changed)");
		}
		verify_fault(w->rep, w->out, high == 0 && w->device ? 1 : 0, buf_str(&zh), buf_str(&en));
		fault = 1;
		goto done;
	}
	/* Entries cut from the end leave no gap; SQLite still remembers how far
	 * the ledger went, in a row that must be there. */
	st = db_prepare(w->j->db, "SELECT seq FROM sqlite_sequence WHERE name = 'ledger'");
	if (!st)
		return -1;
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		buf_puts(&zh, "存证链的最高序号记录（sqlite_sequence）被删除：无法确认末尾没有被截去");
		buf_puts(&en, "the ledger's high-water mark (its sqlite_sequence row) was deleted: entries cut from its end could not be seen");
		verify_fault(w->rep, w->out, 0, buf_str(&zh), buf_str(&en));
		fault = 1;
	} else if (step == SQLITE_ROW && sqlite3_column_int64(st, 0) > high) {
		long long top = sqlite3_column_int64(st, 0);
		buf_printf(&zh, "存证链止于 #%lld，但曾写到 #%lld：末尾的记录被删除", high, top);
		buf_printf(&en, "the ledger ends at #%lld but had reached #%lld: entries at its end were deleted",
			   high, top);
		verify_fault(w->rep, w->out, high + 1, buf_str(&zh), buf_str(&en));
		fault = 1;
	} else if (step == SQLITE_ROW && sqlite3_column_int64(st, 0) < high) {
		buf_printf(&zh, "存证链的最高序号记录（sqlite_sequence）被调低到 #%lld，低于存证链末尾 #%lld",
			   sqlite3_column_int64(st, 0), high);
		buf_printf(&en, "the ledger's high-water mark (sqlite_sequence) was lowered to #%lld, below its last entry #%lld",
			   sqlite3_column_int64(st, 0), high);
		verify_fault(w->rep, w->out, 0, buf_str(&zh), buf_str(&en));
		fault = 1;
	} else if (step != SQLITE_ROW) {
		fault = -1;
	}
	sqlite3_reset(st);
done:
	buf_free(&zh);
	buf_free(&en);
	return fault;
}

jl_status verify_run(jl *j, verify_report *rep, msglist *out)
{
	return verify_run_progress(j, rep, NULL, NULL, out);
}

jl_status verify_run_progress(jl *j, verify_report *rep, ledger_progress_fn progress, void *ctx,
			      msglist *out)
{
	verify_walk_ctx w;
	long long high = 0;
	int began, r;
	jl_status rc;

	memset(rep, 0, sizeof *rep);
	memset(&w, 0, sizeof w);
	w.j = j;
	w.rep = rep;
	w.out = out;
	/* One snapshot for the walk and the checks after it: a record committed
	 * by another session meanwhile is not a cut tail. (Export holds one
	 * already.) */
	began = db_snapshot_begin(j->db);
	if (began < 0) {
		db_error(j->db, out, "无法读取存证链", "cannot read the ledger");
		return JL_ESTORE;
	}
	/* Read here, not taken from J: the walk holds the store to what it
	 * says now. */
	w.device = db_meta_get(j->db, "device");
	w.created_at = db_meta_get(j->db, "created_at");
	w.cache = verify_cache_new(j);
	rc = w.cache ? verify_chain(&w, progress, ctx, &high) : JL_ESTORE;
	if (rc == JL_OK || (rc == JL_FOUND && !w.hard)) {
		/* Times set back do not stop the other checks. */
		r = verify_ends(&w, high);
		if (r == 0)
			r = verify_orphans(j, w.cache, rep, out);
		if (r == 0)
			r = verify_hidden(j, rep, out);
		if (r < 0)
			rc = JL_ESTORE;
		else if (r > 0)
			rc = JL_FOUND;
	}
	if (rc == JL_ESTORE)
		db_error(j->db, out, "无法读取存证链", "cannot read the ledger");
	db_snapshot_end(j->db, began);
	verify_cache_free(w.cache);
	free(w.device);
	free(w.created_at);
	buf_free(&w.want);
	buf_free(&w.zh);
	buf_free(&w.en);
	return rc;
}
