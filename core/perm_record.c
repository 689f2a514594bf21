/* core/perm_record.c — the permission rows judged when a record is finalised. */
#include "core/perm_record.h"

#include <string.h>

#include "core/jsonx.h"
#include "core/officer.h"
#include "core/perm.h"

int perm_record_secret(const cJSON *data)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(data, RECORD_CONFIDENTIAL));
}

/* R21.1: the head who decides is the one acting, named as on the roster. */
static jl_status perm_record_decider(jl *j, const cJSON *data, msglist *out)
{
	const char *by = jsonx_str(data, "decided_by");
	officer_row o;
	jl_status rc;

	if (!by)
		return JL_OK; /* the form's own rule reports it missing */
	if ((rc = officer_get(j, j->officer, &o)) != JL_OK)
		return rc == JL_ENOTFOUND ? JL_EDENIED : rc;
	rc = strcmp(by, o.id) == 0 || strcmp(by, o.name) == 0 ? JL_OK : JL_EREFUSED;
	if (rc != JL_OK)
		msglist_addf(out, "R21.1", "decided_by",
			     "决定人须为本次操作的负责人 %s（%s），不是“%s”",
			     "the decider must be the head acting now, %s (%s), not \"%s\"",
			     o.name, o.id, by);
	officer_row_free(&o);
	return rc;
}

jl_status perm_record_check(jl *j, const record_row *r, const cJSON *data, msglist *out)
{
	jl_status rc = JL_OK;

	if (strcmp(r->form, "archive.casefile") == 0 &&
	    (rc = perm_check(j, PERM_CASEFILE, out)) != JL_OK)
		return rc;
	if (strcmp(r->form, "copy.request") == 0) {
		if ((rc = perm_check(j, PERM_COPY_DECIDE, out)) != JL_OK)
			return rc;
		if ((rc = perm_record_decider(j, data, out)) != JL_OK)
			return rc;
	}
	if (r->amends && !perm_record_secret(data)) {
		record_row was;
		cJSON *old;

		if ((rc = record_get(j, r->amends, &was)) != JL_OK)
			return rc == JL_ENOTFOUND ? JL_OK : rc;
		old = cJSON_Parse(was.data);
		if (perm_record_secret(old))
			rc = perm_check(j, PERM_UNMARK, out);
		cJSON_Delete(old);
		record_row_free(&was);
	}
	return rc;
}

int perm_record_readable(jl *j, const record_row *r)
{
	cJSON *data = cJSON_Parse(r->data);
	sqlite3_stmt *st;
	int secret = perm_record_secret(data), step;

	cJSON_Delete(data);
	if (!secret)
		return 1;
	if (!j->officer)
		return 0;
	if (perm_allowed(j, j->officer, PERM_READ_SECRET))
		return 1;
	st = db_prepare(j->db, "SELECT 1 FROM actions WHERE id = ?1 AND opened_by = ?2"
			       " UNION ALL SELECT 1 FROM records WHERE action_id = ?1"
			       " AND (author = ?2 OR finalized_by = ?2) LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->action_id);
	sqlite3_bind_text(st, 2, j->officer, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}
