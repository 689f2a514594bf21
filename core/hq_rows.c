/* core/hq_rows.c — the rows each kind of entry vouches for, as a table. */
#include "core/hq_rows.h"

#include <limits.h>
#include <string.h>

#include "core/jsonx.h"

/* Where a bound value comes from. */
enum {
	HQ_FROM_BODY,   /* the member at PATH in the body */
	HQ_FROM_TEXT,   /* the same, and it must be text (else the rows fail) */
	HQ_FROM_SEQ,    /* the entry's sequence number */
	HQ_FROM_DATA,   /* the record's data sent with the entry (required) */
	HQ_FROM_ROLES,  /* the officer's roles, joined by commas when more than one */
};

typedef struct {
	int param;             /* ?N; 0 ends the list */
	int from;
	const char *path[4];   /* member names from the body, NULL-ended */
} hq_bind_spec;

typedef struct {
	const char *sql;
	int one_row;           /* the statement must change exactly one row */
	hq_bind_spec b[15];
} hq_stmt_spec;

typedef struct {
	const char *kind;
	hq_stmt_spec st[2];
} hq_kind_spec;

#define O(k) {"officer", k, NULL}
#define A(k) {"action", k, NULL}
#define R(k) {"record", k, NULL}
#define M(k) {"media", k, NULL}
#define B(k) {k, NULL}

/* As core/hq_device.c rebuilt them, kind by kind: the store as the device
 * has it, so that `verify` holds the rows to the entry byte for byte. */
static const hq_kind_spec hq_kinds[] = {
	{"init", {
		{"INSERT INTO meta(key, value) VALUES ('device', ?1) "
		 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", 0,
		 {{1, HQ_FROM_TEXT, {"store", "device", NULL}}}},
		{"INSERT INTO meta(key, value) VALUES ('created_at', ?1) "
		 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", 0,
		 {{1, HQ_FROM_TEXT, {"store", "created_at", NULL}}}},
	}},
	/* Schema 6: several roles ("roles", listed only when more than one)
	 * and retirement ("retired"); older bodies have neither. */
	{"officer", {
		{"INSERT INTO officers(id, name, cert, role, created_at, created_by, "
		 "changed_at, changed_by, ledger_seq, roles, retired_at, retired_by, "
		 "retired_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
		 "ON CONFLICT(id) DO UPDATE SET name = excluded.name, cert = excluded.cert, "
		 "role = excluded.role, changed_at = excluded.changed_at, "
		 "changed_by = excluded.changed_by, ledger_seq = excluded.ledger_seq, "
		 "roles = excluded.roles, retired_at = excluded.retired_at, "
		 "retired_by = excluded.retired_by, retired_reason = excluded.retired_reason", 0,
		 {{1, HQ_FROM_BODY, O("id")}, {2, HQ_FROM_BODY, O("name")}, {3, HQ_FROM_BODY, O("cert")},
		  {4, HQ_FROM_BODY, O("role")}, {5, HQ_FROM_BODY, O("created_at")},
		  {6, HQ_FROM_BODY, B("at")}, {7, HQ_FROM_BODY, B("by")}, {8, HQ_FROM_SEQ, {NULL}},
		  {9, HQ_FROM_ROLES, O("roles")},
		  {10, HQ_FROM_BODY, {"officer", "retired", "at", NULL}},
		  {11, HQ_FROM_BODY, {"officer", "retired", "by", NULL}},
		  {12, HQ_FROM_BODY, {"officer", "retired", "reason", NULL}}}},
	}},
	{"open", {
		{"INSERT INTO actions(id, kind, title, device, opened_by, opened_at, open_seq) "
		 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", 0,
		 {{1, HQ_FROM_BODY, A("id")}, {2, HQ_FROM_BODY, A("kind")}, {3, HQ_FROM_BODY, A("title")},
		  {4, HQ_FROM_BODY, A("device")}, {5, HQ_FROM_BODY, A("opened_by")},
		  {6, HQ_FROM_BODY, A("opened_at")}, {7, HQ_FROM_SEQ, {NULL}}}},
	}},
	{"close", {
		{"UPDATE actions SET closed_at = ?2, closed_by = ?3, ledger_seq = ?4, "
		 "close_reason = ?5 WHERE id = ?1 AND closed_at IS NULL", 1,
		 {{1, HQ_FROM_BODY, A("id")}, {2, HQ_FROM_BODY, A("closed_at")},
		  {3, HQ_FROM_BODY, A("closed_by")}, {4, HQ_FROM_SEQ, {NULL}},
		  {5, HQ_FROM_BODY, B("reason")}}}, /* a forced close's reason, else NULL */
	}},
	/* The close it undoes is the one HQ holds: kept in the reopening, then
	 * the action is open again (schema 6). */
	{"reopen", {
		{"INSERT INTO reopenings(action_id, reopened_at, reopened_by, reason, "
		 "device, closed_at, closed_by, close_reason, close_seq, ledger_seq) "
		 "SELECT id, ?2, ?3, ?4, ?5, closed_at, closed_by, close_reason, ledger_seq, "
		 "?6 FROM actions WHERE id = ?1 AND closed_at IS NOT NULL AND ledger_seq = ?7", 1,
		 {{1, HQ_FROM_BODY, A("id")}, {2, HQ_FROM_BODY, B("at")}, {3, HQ_FROM_BODY, B("by")},
		  {4, HQ_FROM_BODY, B("reason")}, {5, HQ_FROM_BODY, B("device")},
		  {6, HQ_FROM_SEQ, {NULL}}, {7, HQ_FROM_BODY, B("undoes")}}},
		{"UPDATE actions SET closed_at = NULL, closed_by = NULL, ledger_seq = NULL, "
		 "close_reason = NULL WHERE id = ?1 AND closed_at IS NOT NULL", 1,
		 {{1, HQ_FROM_BODY, A("id")}}},
	}},
	{"finalize", {
		{"INSERT INTO records(id, action_id, form, form_version, state, data, "
		 "author, device, created_at, updated_at, finalized_at, finalized_by, amends, "
		 "reason, ledger_seq) VALUES (?1, ?2, ?3, ?4, 'final', ?5, ?6, ?7, ?8, ?9, ?9, "
		 "?10, ?11, ?12, ?13)", 0,
		 {{1, HQ_FROM_BODY, R("id")}, {2, HQ_FROM_BODY, {"record", "action", "id", NULL}},
		  {3, HQ_FROM_BODY, R("form")}, {4, HQ_FROM_BODY, R("version")},
		  {5, HQ_FROM_DATA, {NULL}}, {6, HQ_FROM_BODY, {"record", "author", "id", NULL}},
		  {7, HQ_FROM_BODY, R("device")}, {8, HQ_FROM_BODY, R("created_at")},
		  {9, HQ_FROM_BODY, R("finalized_at")},
		  {10, HQ_FROM_BODY, {"record", "finalized_by", "id", NULL}},
		  {11, HQ_FROM_BODY, R("amends")}, {12, HQ_FROM_BODY, R("reason")},
		  {13, HQ_FROM_SEQ, {NULL}}}},
	}},
	/* R19.2 (schema 8): captured_from, file_time and file_time_from are
	 * absent from older entries, bound NULL. */
	{"media", {
		{"INSERT INTO media(id, record_id, sha256, name, kind, size, captured_at, "
		 "stored_at, added_by, device, ledger_seq, captured_from, file_time, "
		 "file_time_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		 "?12, ?13, ?14)", 0,
		 {{1, HQ_FROM_BODY, M("id")}, {2, HQ_FROM_BODY, M("record")}, {3, HQ_FROM_BODY, M("sha256")},
		  {4, HQ_FROM_BODY, M("name")}, {5, HQ_FROM_BODY, M("kind")}, {6, HQ_FROM_BODY, M("size")},
		  {7, HQ_FROM_BODY, M("captured_at")}, {8, HQ_FROM_BODY, M("stored_at")},
		  {9, HQ_FROM_BODY, M("added_by")}, {10, HQ_FROM_BODY, M("device")},
		  {11, HQ_FROM_SEQ, {NULL}}, {12, HQ_FROM_BODY, M("captured_from")},
		  {13, HQ_FROM_BODY, M("file_time")}, {14, HQ_FROM_BODY, M("file_time_from")}}},
	}},
};

#define HQ_KINDS (int)(sizeof hq_kinds / sizeof hq_kinds[0])

static void hq_val_text(hq_rows *r, hq_val *v, const char *s, size_t n)
{
	v->type = SQLITE_TEXT;
	v->off = r->text.len;
	v->len = n;
	buf_append(&r->text, s, n);
	buf_append(&r->text, "", 1); /* each text ends in its NUL */
}

/* Takes the value at PATH of BODY into V, as hq_device.c's binding did: a
 * string as text, an integer as one, another number as a real, anything
 * else (or nothing) NULL. */
static void hq_val_take(hq_rows *r, hq_val *v, const cJSON *body, const char *const *path)
{
	const cJSON *o = body;
	long long n;

	for (; *path && o; path++)
		o = cJSON_GetObjectItemCaseSensitive(o, *path);
	memset(v, 0, sizeof *v);
	v->type = SQLITE_NULL;
	if (cJSON_IsString(o))
		hq_val_text(r, v, o->valuestring, strlen(o->valuestring));
	else if (cJSON_IsNumber(o) && jsonx_int(o, LLONG_MIN, LLONG_MAX, &n)) {
		v->type = SQLITE_INTEGER;
		v->i = n;
	} else if (cJSON_IsNumber(o)) {
		v->type = SQLITE_FLOAT; /* jilu writes none: verify tells */
		v->f = o->valuedouble;
	}
}

/* The roles at PATH (an array) joined by commas when more than one. */
static void hq_val_roles(hq_rows *r, hq_val *v, const cJSON *body, const char *const *path)
{
	const cJSON *o = body, *e;
	size_t start = r->text.len;
	int k = 0;

	for (; *path && o; path++)
		o = cJSON_GetObjectItemCaseSensitive(o, *path);
	memset(v, 0, sizeof *v);
	v->type = SQLITE_NULL;
	for (e = cJSON_IsArray(o) ? o->child : NULL; e; e = e->next)
		if (cJSON_IsString(e)) {
			if (k++)
				buf_append(&r->text, ",", 1);
			buf_puts(&r->text, e->valuestring);
		}
	if (k > 1) {
		v->type = SQLITE_TEXT;
		v->off = start;
		v->len = r->text.len - start;
		buf_append(&r->text, "", 1);
	} else {
		/* One role is the role column's alone. */
		r->text.len = start;
		if (r->text.data)
			r->text.data[start] = '\0';
	}
}

int hq_rows_take(hq_rows *r, const char *kind, const cJSON *body)
{
	const hq_kind_spec *ks;
	const hq_bind_spec *b;
	int k, s, n = 0;

	buf_reset(&r->text);
	r->bad = 0;
	r->kind = -1;
	/* An amendment is a final record of its own, as finalize. */
	if (strcmp(kind, "amend") == 0)
		kind = "finalize";
	for (k = 0; k < HQ_KINDS; k++)
		if (strcmp(hq_kinds[k].kind, kind) == 0)
			break;
	if (k == HQ_KINDS)
		return 0; /* an entry that vouches for no row of these tables */
	r->kind = k;
	ks = &hq_kinds[k];
	for (s = 0; s < 2 && ks->st[s].sql; s++)
		for (b = ks->st[s].b; b->param; b++, n++) {
			if (b->from == HQ_FROM_ROLES)
				hq_val_roles(r, &r->v[n], body, b->path);
			else if (b->from == HQ_FROM_BODY || b->from == HQ_FROM_TEXT)
				hq_val_take(r, &r->v[n], body, b->path);
			if (b->from == HQ_FROM_TEXT && r->v[n].type != SQLITE_TEXT)
				r->bad = 1;
		}
	return r->text.oom ? -1 : 0;
}

int hq_rows_apply(db *m, long long seq, const hq_rows *r, const char *data)
{
	const hq_kind_spec *ks;
	const hq_bind_spec *b;
	const hq_val *v;
	sqlite3_stmt *st;
	int s, n = 0, rc;

	if (r->kind < 0)
		return 0;
	if (r->bad)
		return -1;
	ks = &hq_kinds[r->kind];
	for (s = 0; s < 2 && ks->st[s].sql; s++) {
		st = db_prepare(m, ks->st[s].sql);
		if (!st)
			return -1;
		for (b = ks->st[s].b; b->param; b++, n++) {
			v = &r->v[n];
			if (b->from == HQ_FROM_SEQ)
				sqlite3_bind_int64(st, b->param, seq);
			else if (b->from == HQ_FROM_DATA) {
				if (!data)
					return -1;
				sqlite3_bind_text(st, b->param, data, -1, SQLITE_STATIC);
			} else if (v->type == SQLITE_TEXT)
				sqlite3_bind_text(st, b->param, r->text.data + v->off, (int)v->len,
						  SQLITE_STATIC);
			else if (v->type == SQLITE_INTEGER)
				sqlite3_bind_int64(st, b->param, v->i);
			else if (v->type == SQLITE_FLOAT)
				sqlite3_bind_double(st, b->param, v->f);
			else
				sqlite3_bind_null(st, b->param);
		}
		/* The texts bound are R's and the batch's: db_prepare clears
		 * them before the statement's next use. */
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
		if (ks->st[s].one_row && sqlite3_changes(db_sqlite(m)) != 1)
			return -1;
	}
	return 0;
}

void hq_rows_free(hq_rows *r)
{
	buf_free(&r->text);
}
