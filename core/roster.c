/* core/roster.c — officers in records are the roster. */
#include "core/roster.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"

/* Returns 1 when the roster has an officer with CERT (NULL: any) and NAME
 * (NULL: any), 0 when not, -1 on a store error. */
static int roster_has(jl *j, const char *cert, const char *name)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT 1 FROM officers WHERE (?1 IS NULL OR cert = ?1)"
					     " AND (?2 IS NULL OR name = ?2) LIMIT 1");
	int step;

	if (!st)
		return -1;
	if (cert)
		sqlite3_bind_text(st, 1, cert, -1, SQLITE_STATIC);
	if (name)
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}

int roster_check_record(jl *j, const form *f, const cJSON *data, msglist *out)
{
	int i, n = 0;

	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(data, fd->id), *e;
		int k = 0;

		if (!cJSON_IsArray(v) || (fd->type != SHAPE_OFFICERS && fd->type != SHAPE_SIGNATURES))
			continue;
		cJSON_ArrayForEach(e, v) {
			const char *name = jsonx_str(e, "name"), *cert = jsonx_str(e, "cert");
			char where[160];
			int has;

			if (fd->type == SHAPE_SIGNATURES) {
				const char *role = jsonx_str(e, "role");

				if (!role || strcmp(role, "officer") != 0 || !name) {
					k++;
					continue;
				}
				snprintf(where, sizeof where, "%s[%d].name", fd->id, k);
				if ((has = roster_has(j, NULL, name)) < 0)
					return -1;
				if (!has && ++n)
					msglist_addf(out, fd->req, where,
						     "签名的执法人员“%s”不在执法人员名册中（jilu officer list）",
						     "the signing officer \"%s\" is not on the roster (jilu officer list)",
						     name);
			} else if (cert) {
				snprintf(where, sizeof where, "%s[%d]", fd->id, k);
				if ((has = roster_has(j, cert, NULL)) < 0)
					return -1;
				if (!has && ++n)
					msglist_addf(out, fd->req, where,
						     "执法证号 %s 不属于名册中的任何执法人员",
						     "certificate %s belongs to no officer of the roster", cert);
				else if (name && (has = roster_has(j, cert, name)) == 0 && ++n)
					msglist_addf(out, fd->req, where,
						     "执法证号 %s 在名册中不属于“%s”",
						     "certificate %s is not \"%s\"'s on the roster", cert, name);
				if (has < 0)
					return -1;
			}
			k++;
		}
	}
	return n;
}
