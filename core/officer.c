/* core/officer.c — the officer roster. */
#include "core/officer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/text.h"

static const char *const officer_roles[] = {"officer", "archivist", "supervisor",
					    "head", "admin", NULL};

static char *officer_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

static void officer_fill(sqlite3_stmt *st, officer_row *o)
{
	o->id = officer_col(st, 0);
	o->name = officer_col(st, 1);
	o->cert = officer_col(st, 2);
	o->role = officer_col(st, 3);
	o->created_at = officer_col(st, 4);
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
	int i, ok = 0, rc;
	jl_status status = JL_EINVALID;
	char *name = text_trim(name_in), *cert = text_ident(cert_in);

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
	for (i = 0; officer_roles[i]; i++)
		ok |= strcmp(officer_roles[i], role) == 0;
	if (!ok)
		msglist_addf(err, NULL, "--role", "未知角色 %s（officer、archivist、supervisor、head、admin）",
			     "unknown role %s (officer, archivist, supervisor, head, admin)", role);
	if (err->n)
		goto done;
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
	status = JL_OK;
	goto done;
store:
	db_error(j->db, err, "无法保存人员", "cannot store the officer");
	status = JL_ESTORE;
done:
	buf_free(&now);
	free(name);
	free(cert);
	return status;
}

jl_status officer_get(jl *j, const char *id, officer_row *o)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT id, name, cert, role, created_at "
					     "FROM officers WHERE id = ?1");
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

jl_status officer_list(jl *j, officer_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT id, name, cert, role, created_at "
					     "FROM officers ORDER BY id");
	officer_row *out = NULL;
	int cap = 0, step = SQLITE_DONE;

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			officer_row *p;
			cap = cap ? cap * 2 : 16;
			p = realloc(out, (size_t)cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				officer_rows_free(out, *n);
				*n = 0;
				return JL_ENOMEM;
			}
			out = p;
		}
		officer_fill(st, &out[(*n)++]);
	}
	sqlite3_reset(st);
	*rows = out;
	if (step != SQLITE_DONE)
		return JL_ESTORE; /* the list would be silently short */
	return JL_OK;
}

void officer_row_free(officer_row *o)
{
	free(o->id);
	free(o->name);
	free(o->cert);
	free(o->role);
	free(o->created_at);
	memset(o, 0, sizeof *o);
}

void officer_rows_free(officer_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		officer_row_free(&rows[i]);
	free(rows);
}
