/* core/officer.c — the officer roster. */
#include "core/officer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/text.h"

static const char *const officer_roles[] = {"officer", "archivist", "supervisor",
					    "head", "admin", NULL};

static char *officer_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

#define OFFICER_COLS "id, name, cert, role, created_at, changed_at, changed_by, ledger_seq"

static void officer_fill(sqlite3_stmt *st, officer_row *o)
{
	o->id = officer_col(st, 0);
	o->name = officer_col(st, 1);
	o->cert = officer_col(st, 2);
	o->role = officer_col(st, 3);
	o->created_at = officer_col(st, 4);
	o->changed_at = officer_col(st, 5);
	o->changed_by = officer_col(st, 6);
	o->ledger_seq = sqlite3_column_int64(st, 7);
}

void officer_ledger_body(buf *out, long long seq, const char *device, const officer_row *o)
{
	buf_puts(out, "{\"at\":");
	jsonx_quote(out, o->changed_at);
	buf_puts(out, ",\"by\":");
	jsonx_quote(out, o->changed_by);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_puts(out, ",\"kind\":\"officer\",\"officer\":{\"cert\":");
	jsonx_quote(out, o->cert);
	buf_puts(out, ",\"created_at\":");
	jsonx_quote(out, o->created_at);
	buf_puts(out, ",\"id\":");
	jsonx_quote(out, o->id);
	buf_puts(out, ",\"name\":");
	jsonx_quote(out, o->name);
	buf_puts(out, ",\"role\":");
	jsonx_quote(out, o->role);
	buf_printf(out, "},\"seq\":%lld}", seq);
}

/* Appends the roster entry of O as it now stands (O->ledger_seq set to its
 * seq, O->changed_at and changed_by already) and points O's row at it.
 * Inside the caller's write transaction. Returns JL_OK or JL_ESTORE. */
static jl_status officer_vouch(jl *j, officer_row *o, msglist *err)
{
	buf body = BUF_INIT, subject = BUF_INIT;
	sqlite3_stmt *st;
	long long seq = ledger_next_seq(j->db);
	jl_status rc = JL_ESTORE;
	int step;

	if (seq < 0)
		return JL_ESTORE;
	o->ledger_seq = seq;
	officer_ledger_body(&body, seq, j->device, o);
	buf_printf(&subject, "officer:%s", o->id);
	st = db_prepare(j->db, "UPDATE officers SET role = ?2, changed_at = ?3, changed_by = ?4,"
			       " ledger_seq = ?5 WHERE id = ?1");
	if (!st || body.oom || subject.oom)
		goto done;
	sqlite3_bind_text(st, 1, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, o->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->changed_at, -1, SQLITE_STATIC);
	if (o->changed_by)
		sqlite3_bind_text(st, 4, o->changed_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, seq);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE || sqlite3_changes(db_sqlite(j->db)) != 1)
		goto done;
	rc = ledger_append(j->db, seq, j->device, "officer", buf_str(&subject), buf_str(&body), err);
done:
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

/* Returns 1 when ROLE is one of the roles of the roster. */
static int officer_role_ok(const char *role)
{
	int i;

	for (i = 0; role && officer_roles[i]; i++)
		if (strcmp(officer_roles[i], role) == 0)
			return 1;
	return 0;
}

static int officer_id_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return 0;
	return 1;
}

/*
 * The name is stored trimmed and the certificate number as an identifier
 * (text_ident: trimmed, NFKC), so that "１３０３０１１９００１" and
 * "13030119001" are one certificate. The officer id is ASCII and refused
 * otherwise, never rewritten: it is what --as names.
 */
jl_status officer_add(jl *j, const char *id, const char *name_in, const char *cert_in,
		      const char *role, msglist *err)
{
	sqlite3_stmt *st;
	buf now = BUF_INIT;
	officer_row o;
	int rc, began = 0;
	jl_status status = JL_EINVALID;
	char *name = text_trim(name_in), *cert = text_ident(cert_in);

	memset(&o, 0, sizeof o);
	if ((name_in && !name) || (cert_in && !cert)) {
		status = JL_ENOMEM;
		goto done;
	}
	if (!role)
		role = "officer";
	if (!officer_id_ok(id))
		msglist_add(err, NULL, "ID", "人员编号须为字母、数字或 _ . -",
			    "an officer id is letters, digits, _ . or -");
	if (text_blank(name))
		msglist_add(err, NULL, "--name", "须填写姓名", "a name is required");
	else
		text_check(name, strlen(name), TEXT_LINE, err, NULL, "--name");
	if (text_blank(cert))
		msglist_add(err, "R9.1", "--cert", "须填写执法证号", "the certificate number is required");
	else
		text_check(cert, strlen(cert), TEXT_ID, err, "R9.1", "--cert");
	if (!officer_role_ok(role))
		msglist_addf(err, NULL, "--role", "未知角色 %s（officer、archivist、supervisor、head、admin）",
			     "unknown role %s (officer, archivist, supervisor, head, admin)", role);
	if (err->n)
		goto done;
	/* The roster entry names the device: none before init. */
	if ((status = jl_need_device(j, err)) != JL_OK)
		goto done;
	status = JL_EINVALID;
	if (db_begin(j->db) != JL_OK)
		goto store;
	began = 1;
	if (officer_get(j, id, &o) == JL_OK) {
		officer_row_free(&o);
		msglist_add(err, NULL, id, "人员编号已存在", "this officer id exists already");
		goto done;
	}
	st = db_prepare(j->db, "SELECT id FROM officers WHERE cert = ?1");
	if (!st)
		goto store;
	sqlite3_bind_text(st, 1, cert, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		msglist_addf(err, NULL, "--cert", "执法证号已属于 %s", "certificate already belongs to %s",
			     (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		goto done;
	}
	sqlite3_reset(st);
	clock_now(&now);
	st = db_prepare(j->db, "INSERT INTO officers(id, name, cert, role, created_at, created_by) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		goto store;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, cert, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, buf_str(&now), -1, SQLITE_STATIC);
	if (j->officer)
		sqlite3_bind_text(st, 6, j->officer, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto store;
	/* The roster entry: who the officer is, from now on vouched for. */
	o.id = strdup(id);
	o.name = strdup(name);
	o.cert = strdup(cert);
	o.role = strdup(role);
	o.created_at = strdup(buf_str(&now));
	o.changed_at = strdup(buf_str(&now));
	o.changed_by = j->officer ? strdup(j->officer) : NULL;
	if (!o.id || !o.name || !o.cert || !o.role || !o.created_at || !o.changed_at ||
	    (j->officer && !o.changed_by)) {
		status = JL_ENOMEM;
		goto done;
	}
	if (officer_vouch(j, &o, err) != JL_OK || db_commit(j->db) != JL_OK)
		goto store;
	began = 0;
	status = JL_OK;
	goto done;
store:
	db_error(j->db, err, "无法保存人员", "cannot store the officer");
	status = JL_ESTORE;
done:
	if (began)
		db_rollback(j->db);
	officer_row_free(&o);
	buf_free(&now);
	free(name);
	free(cert);
	return status;
}

jl_status officer_set_role(jl *j, const char *id, const char *role, msglist *err)
{
	officer_row o;
	buf now = BUF_INIT;
	jl_status rc;

	memset(&o, 0, sizeof o);
	if (!officer_role_ok(role)) {
		msglist_addf(err, NULL, "ROLE", "未知角色 %s（officer、archivist、supervisor、head、admin）",
			     "unknown role %s (officer, archivist, supervisor, head, admin)",
			     role ? role : "");
		return JL_EINVALID;
	}
	if ((rc = jl_need_officer(j, err)) != JL_OK)
		return rc;
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, err, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	rc = officer_get(j, id, &o);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(err, NULL, "ID", "没有执法人员 %s", "no officer %s", id);
		goto done;
	}
	if (rc != JL_OK)
		goto store;
	if (strcmp(o.role, role) == 0) {
		rc = JL_OK; /* nothing changes: no entry */
		goto done;
	}
	clock_now(&now);
	free(o.role);
	free(o.changed_at);
	free(o.changed_by);
	o.role = strdup(role);
	o.changed_at = strdup(buf_str(&now));
	o.changed_by = strdup(j->officer);
	if (!o.role || !o.changed_at || !o.changed_by) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (officer_vouch(j, &o, err) == JL_OK && db_commit(j->db) == JL_OK) {
		rc = JL_OK;
		goto done;
	}
store:
	db_error(j->db, err, "无法保存人员", "cannot store the officer");
	rc = JL_ESTORE;
done:
	db_rollback(j->db); /* nothing to undo once committed */
	officer_row_free(&o);
	buf_free(&now);
	return rc;
}

jl_status officer_get(jl *j, const char *id, officer_row *o)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " OFFICER_COLS " FROM officers WHERE id = ?1");
	jl_status rc = JL_ENOTFOUND;
	int step;

	memset(o, 0, sizeof *o);
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		officer_fill(st, o);
		rc = JL_OK;
	} else if (step != SQLITE_DONE) {
		rc = JL_ESTORE; /* a read error is not "no such row" */
	}
	sqlite3_reset(st);
	return rc;
}

/* db_list's view of officer_fill and officer_row_free. */
static void officer_fill_any(sqlite3_stmt *st, void *row)
{
	officer_fill(st, row);
}

static void officer_row_free_any(void *row)
{
	officer_row_free(row);
}

jl_status officer_list(jl *j, officer_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " OFFICER_COLS " FROM officers ORDER BY id");

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	return db_list(st, sizeof **rows, officer_fill_any, officer_row_free_any, (void **)rows, n);
}

void officer_row_free(officer_row *o)
{
	free(o->id);
	free(o->name);
	free(o->cert);
	free(o->role);
	free(o->created_at);
	free(o->changed_at);
	free(o->changed_by);
	memset(o, 0, sizeof *o);
}

void officer_rows_free(officer_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		officer_row_free(&rows[i]);
	free(rows);
}
