/* core/jl.c — open a store with its forms. */
#include "core/jl.h"

#include <stdlib.h>
#include <string.h>

#include "core/officer.h"

jl_status jl_open(const char *db_path, int create, const char *forms_dir, jl **out,
		  msglist *err, msglist *form_problems)
{
	jl *j = calloc(1, sizeof *j);
	msglist dropped = MSGLIST_INIT;
	jl_status rc;

	*out = NULL;
	if (!j)
		return JL_ENOMEM;
	rc = db_open(db_path, create, &j->db, err);
	if (rc != JL_OK)
		goto done;
	rc = formset_load(forms_dir, &j->forms, form_problems ? form_problems : &dropped);
	if (rc != JL_OK) {
		msglist_take(err, form_problems ? form_problems : &dropped);
		goto done;
	}
	j->device = db_meta_get(j->db, "device");
done:
	msglist_free(&dropped);
	if (rc != JL_OK) {
		jl_close(j);
		return rc;
	}
	*out = j;
	return JL_OK;
}

void jl_close(jl *j)
{
	if (!j)
		return;
	formset_free(j->forms);
	db_close(j->db);
	free(j->device);
	free(j->officer);
	free(j);
}

jl_status jl_act_as(jl *j, const char *officer, msglist *err)
{
	officer_row o;

	if (officer_get(j, officer, &o) != JL_OK) {
		msglist_addf(err, NULL, "--as", "没有执法人员 %s（用 jilu officer list 查看）",
			     "no officer %s (see jilu officer list)", officer, officer);
		return JL_EUSAGE;
	}
	officer_row_free(&o);
	free(j->officer);
	j->officer = strdup(officer);
	return j->officer ? JL_OK : JL_ENOMEM;
}

jl_status jl_need_officer(jl *j, msglist *err)
{
	if (j->officer)
		return JL_OK;
	msglist_add(err, "R4.2", "--as", "须指明操作的执法人员（--as 或 JILU_OFFICER）",
		    "say which officer acts (--as or JILU_OFFICER)");
	return JL_EUSAGE;
}
