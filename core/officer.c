/* core/officer.c — the officer roster. */
#include "core/officer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/perm.h"
#include "core/text.h"

#define OFFICER_COLS                                                                      \
	"id, name, cert, role, created_at, changed_at, changed_by, ledger_seq,"           \
	" coalesce(roles, role), retired_at, retired_by, retired_reason"

static void officer_fill(sqlite3_stmt *st, officer_row *o)
{
	o->id = db_column_dup(st, 0);
	o->name = db_column_dup(st, 1);
	o->cert = db_column_dup(st, 2);
	o->role = db_column_dup(st, 3);
	o->created_at = db_column_dup(st, 4);
	o->changed_at = db_column_dup(st, 5);
	o->changed_by = db_column_dup(st, 6);
	o->ledger_seq = sqlite3_column_int64(st, 7);
	o->roles = db_column_dup(st, 8);
	o->retired_at = db_column_dup(st, 9);
	o->retired_by = db_column_dup(st, 10);
	o->retired_reason = db_column_dup(st, 11);
}

int officer_role_bits(const officer_row *o)
{
	return o->retired_at ? 0 : perm_role_bits(o->roles ? o->roles : o->role);
}

int officer_roles_parse(const char *in, buf *out, msglist *err, const char *where)
{
	const char *p = in ? in : "";
	int bits = 0, i;

	buf_reset(out);
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *one = strndup(p, n), *t = one ? text_trim(one) : NULL;
		/* A control or invisible character is named by its code point,
		 * never echoed inside "unknown role" to the terminal. */
		int clean = t && text_check(t, strlen(t), TEXT_ID, err, NULL, where);
		const char *id = clean ? perm_role_parse(t) : NULL;

		if (!t)
			err->oom = 1;

		if (!id && clean)
			msglist_addf(err, NULL, where,
				     "未知角色 %s（执法人员 officer、档案管理员 archivist、政策法规股 supervisor、"
				     "行政机关负责人 head、信息中心 admin）",
				     "unknown role %s (officer 执法人员, archivist 档案管理员, supervisor "
				     "政策法规股, head 行政机关负责人, admin 信息中心)",
				     t ? t : "");
		free(one);
		free(t);
		if (!id)
			return -1;
		bits |= perm_role_bit(id);
		if (!comma)
			break;
		p = comma + 1;
	}
	for (i = 0; perm_role_id(i); i++)
		if (bits & perm_role_bit(perm_role_id(i)))
			buf_printf(out, "%s%s", out->len ? "," : "", perm_role_id(i));
	return out->oom ? -1 : 0;
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
	/* Only a retired officer's entry says so, only one with several roles
	 * lists them: every other body stays as it was before schema 6, so
	 * older entries still verify. */
	if (o->retired_at) {
		buf_puts(out, ",\"retired\":{\"at\":");
		jsonx_quote(out, o->retired_at);
		buf_puts(out, ",\"by\":");
		jsonx_quote(out, o->retired_by);
		buf_puts(out, ",\"reason\":");
		jsonx_quote(out, o->retired_reason);
		buf_puts(out, "}");
	}
	buf_puts(out, ",\"role\":");
	jsonx_quote(out, o->role);
	if (o->roles && strchr(o->roles, ',')) {
		const char *p = o->roles;

		buf_puts(out, ",\"roles\":[");
		for (;;) {
			const char *comma = strchr(p, ',');

			buf_puts(out, "\"");
			buf_append(out, p, comma ? (size_t)(comma - p) : strlen(p));
			buf_puts(out, "\""); /* role ids: ASCII letters, nothing to escape */
			if (!comma)
				break;
			buf_puts(out, ",");
			p = comma + 1;
		}
		buf_puts(out, "]");
	}
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
			       " ledger_seq = ?5, roles = ?6, retired_at = ?7, retired_by = ?8,"
			       " retired_reason = ?9 WHERE id = ?1");
	if (!st || body.oom || subject.oom)
		goto done;
	sqlite3_bind_text(st, 1, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, o->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->changed_at, -1, SQLITE_STATIC);
	if (o->changed_by)
		sqlite3_bind_text(st, 4, o->changed_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, seq);
	if (o->roles && strchr(o->roles, ','))
		sqlite3_bind_text(st, 6, o->roles, -1, SQLITE_STATIC);
	if (o->retired_at)
		sqlite3_bind_text(st, 7, o->retired_at, -1, SQLITE_STATIC);
	if (o->retired_by)
		sqlite3_bind_text(st, 8, o->retired_by, -1, SQLITE_STATIC);
	if (o->retired_reason)
		sqlite3_bind_text(st, 9, o->retired_reason, -1, SQLITE_STATIC);
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
	buf now = BUF_INIT, roles = BUF_INIT;
	officer_row o;
	int rc, began = 0;
	jl_status status = JL_EINVALID;
	char *name = text_trim(name_in), *cert = text_ident(cert_in);

	memset(&o, 0, sizeof o);
	if ((name_in && !name) || (cert_in && !cert)) {
		status = JL_ENOMEM;
		goto done;
	}
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
	if (role && officer_roles_parse(role, &roles, err, "--role") != 0 && roles.oom) {
		status = JL_ENOMEM;
		goto done;
	}
	if (err->n)
		goto done;
	/* The roster entry names the device: none before init. */
	if ((status = jl_need_device(j, err)) != JL_OK)
		goto done;
	status = JL_EINVALID;
	if (db_begin(j->db) != JL_OK)
		goto store;
	began = 1;
	/* R5.1: the first officer of a store is its admin; after that only an
	 * admin adds officers. Judged under the write lock: two first
	 * officers at once cannot both be first. */
	st = db_prepare(j->db, "SELECT count(*) FROM officers");
	if (!st)
		goto store;
	rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (rc < 0)
		goto store;
	if (rc == 0) {
		if (role && !(perm_role_bits(buf_str(&roles)) & PERM_ROLE_ADMIN)) {
			msglist_add(err, "R5.1", "--role",
				    "数据库的第一位人员是其系统管理员（admin）：先登记管理员，再由其登记他人",
				    "the first officer of a store is its admin: add the admin first, "
				    "who then adds the others");
			goto done;
		}
		if (!role)
			buf_puts(&roles, "admin");
	} else {
		if ((status = perm_check(j, PERM_ROSTER, err)) != JL_OK)
			goto done;
		status = JL_EINVALID;
		if (!role)
			buf_puts(&roles, "officer");
	}
	if (roles.oom) {
		status = JL_ENOMEM;
		goto done;
	}
	/* officers.role keeps the first (its CHECK names one role); the
	 * list goes to officers.roles by officer_vouch. */
	o.roles = strdup(buf_str(&roles));
	o.role = o.roles ? strndup(o.roles, strcspn(o.roles, ",")) : NULL;
	if (!o.role) {
		status = JL_ENOMEM;
		goto done;
	}
	{
		officer_row x;

		if (officer_get(j, id, &x) == JL_OK) {
			officer_row_free(&x);
			msglist_add(err, NULL, id, "人员编号已存在", "this officer id exists already");
			goto done;
		}
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
	sqlite3_bind_text(st, 4, o.role, -1, SQLITE_STATIC);
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
	buf_free(&roles);
	free(name);
	free(cert);
	return status;
}

/* Returns the number of serving admins other than ID, or -1 on a store error. */
static int officer_other_admins(jl *j, const char *id)
{
	officer_row *rows = NULL;
	int n = 0, i, count = 0;

	if (officer_list(j, &rows, &n) != JL_OK)
		return -1;
	for (i = 0; i < n; i++)
		count += strcmp(rows[i].id, id) != 0 && (officer_role_bits(&rows[i]) & PERM_ROLE_ADMIN);
	officer_rows_free(rows, n);
	return count;
}

/*
 * Begins the change of officer ID's row by the acting admin: opens the
 * write transaction, checks PERM_ROSTER, reads ID into *O (refused when he
 * is retired: his roster entry is his last) and stamps O's changed_at and
 * changed_by with NOW. Returns JL_OK inside the transaction, else a status
 * with the reason in ERR (the caller rolls back either way it fails).
 */
static jl_status officer_change_begin(jl *j, const char *id, officer_row *o, buf *now, msglist *err)
{
	jl_status rc;

	if ((rc = jl_need_officer(j, err)) != JL_OK)
		return rc;
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, err, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	if ((rc = perm_check(j, PERM_ROSTER, err)) != JL_OK)
		return rc;
	rc = officer_get(j, id, o);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(err, NULL, "ID", "没有执法人员 %s", "no officer %s", id);
		return rc;
	}
	if (rc != JL_OK) {
		db_error(j->db, err, "无法读取执法人员名册", "cannot read the roster");
		return rc;
	}
	if (o->retired_at) {
		msglist_addf(err, "R7.1", "ID", "执法人员 %s 已于 %s 离任：不能再次离任，名册信息也不再更改",
			     "officer %s retired on %s already: he cannot retire twice, and the roster keeps him as he was", id,
			     o->retired_at);
		return JL_EINVALID;
	}
	clock_now(now);
	free(o->changed_at);
	free(o->changed_by);
	o->changed_at = strdup(buf_str(now));
	o->changed_by = strdup(j->officer);
	return o->changed_at && o->changed_by ? JL_OK : JL_ENOMEM;
}

/* Ends the change begun by officer_change_begin with O's roster entry.
 * Returns JL_OK (committed) or JL_ESTORE. */
static jl_status officer_change_end(jl *j, officer_row *o, msglist *err)
{
	if (officer_vouch(j, o, err) == JL_OK && db_commit(j->db) == JL_OK)
		return JL_OK;
	db_error(j->db, err, "无法保存人员", "cannot store the officer");
	return JL_ESTORE;
}

jl_status officer_set_role(jl *j, const char *id, const char *role, msglist *err)
{
	officer_row o;
	buf now = BUF_INIT, roles = BUF_INIT;
	jl_status rc;
	int others;

	memset(&o, 0, sizeof o);
	if (officer_roles_parse(role, &roles, err, "ROLE") != 0) {
		buf_free(&roles);
		return roles.oom ? JL_ENOMEM : JL_EINVALID;
	}
	if ((rc = officer_change_begin(j, id, &o, &now, err)) != JL_OK)
		goto done;
	if (strcmp(o.roles, buf_str(&roles)) == 0) {
		rc = JL_OK; /* nothing changes: no entry */
		goto done;
	}
	if ((officer_role_bits(&o) & PERM_ROLE_ADMIN) &&
	    !(perm_role_bits(buf_str(&roles)) & PERM_ROLE_ADMIN)) {
		if ((others = officer_other_admins(j, id)) < 0) {
			rc = JL_ESTORE;
			db_error(j->db, err, "无法读取执法人员名册", "cannot read the roster");
			goto done;
		}
		if (others == 0) {
			msglist_addf(err, "R5.1", "ROLE",
				     "%s 是唯一在任的系统管理员（信息中心）：先使另一人成为管理员",
				     "%s is the only serving admin: make another officer an admin first", id);
			rc = JL_EINVALID;
			goto done;
		}
	}
	free(o.roles);
	free(o.role);
	o.roles = strdup(buf_str(&roles));
	o.role = strndup(buf_str(&roles), strcspn(buf_str(&roles), ","));
	if (!o.roles || !o.role) {
		rc = JL_ENOMEM;
		goto done;
	}
	rc = officer_change_end(j, &o, err);
done:
	db_rollback(j->db); /* nothing to undo once committed */
	officer_row_free(&o);
	buf_free(&now);
	buf_free(&roles);
	return rc;
}

jl_status officer_retire(jl *j, const char *id, const char *reason_in, msglist *err)
{
	officer_row o;
	buf now = BUF_INIT;
	char *reason = reason_in ? text_trim(reason_in) : NULL;
	jl_status rc;
	int others;

	memset(&o, 0, sizeof o);
	if (reason_in && !reason)
		return JL_ENOMEM;
	if (reason && !text_blank(reason) &&
	    !text_check(reason, strlen(reason), TEXT_LINE, err, NULL, "--reason")) {
		free(reason);
		return JL_EINVALID;
	}
	if ((rc = officer_change_begin(j, id, &o, &now, err)) != JL_OK)
		goto done;
	if (officer_role_bits(&o) & PERM_ROLE_ADMIN) {
		if ((others = officer_other_admins(j, id)) < 0) {
			rc = JL_ESTORE;
			db_error(j->db, err, "无法读取执法人员名册", "cannot read the roster");
			goto done;
		}
		if (others == 0) {
			msglist_addf(err, "R5.1", "ID",
				     "%s 是唯一在任的系统管理员（信息中心）：离任后无人能再增加执法人员或更改角色；"
				     "先使另一人成为管理员",
				     "%s is the only serving admin: once retired nobody could add officers or "
				     "change roles; make another officer an admin first", id);
			rc = JL_EINVALID;
			goto done;
		}
	}
	o.retired_at = strdup(buf_str(&now));
	o.retired_by = strdup(j->officer);
	o.retired_reason = strdup(reason && !text_blank(reason) ? reason : "");
	if (!o.retired_at || !o.retired_by || !o.retired_reason) {
		rc = JL_ENOMEM;
		goto done;
	}
	rc = officer_change_end(j, &o, err);
done:
	db_rollback(j->db); /* nothing to undo once committed */
	officer_row_free(&o);
	buf_free(&now);
	free(reason);
	return rc;
}

int officer_retired_at(jl *j, const char *id, char *when_out, size_t when_size)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT retired_at FROM officers WHERE id = ?1");
	int rc = -1;

	if (when_out && when_size)
		when_out[0] = '\0';
	if (!st || !id)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *at = sqlite3_column_text(st, 0);

		rc = at != NULL;
		if (at && when_out && when_size)
			snprintf(when_out, when_size, "%s", (const char *)at);
	}
	sqlite3_reset(st);
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
	free(o->roles);
	free(o->retired_at);
	free(o->retired_by);
	free(o->retired_reason);
	memset(o, 0, sizeof *o);
}

void officer_rows_free(officer_row *rows, int n)
{
	db_rows_free(rows, n, sizeof *rows, officer_row_free_any);
}
