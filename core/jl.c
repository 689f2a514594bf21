/* core/jl.c — open a store with its forms. */
#include "core/jl.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/officer.h"

jl_status jl_open(const char *db_path, int create, const char *forms_dir, jl **out,
		  msglist *err, msglist *form_problems)
{
	jl *j;
	jl_status rc;
	size_t i;

	*out = NULL;
	if (clock_check_env(err) != 0)
		return JL_EINVALID;
	j = calloc(1, sizeof *j);
	if (!j)
		return JL_ENOMEM;
	rc = db_open(db_path, create, &j->db, err);
	if (rc != JL_OK)
		goto done;
	rc = formset_load(forms_dir, &j->forms, &j->form_problems);
	if (rc != JL_OK) {
		msglist_take(err, &j->form_problems);
		goto done;
	}
	for (i = 0; form_problems && i < j->form_problems.n; i++) {
		const msg *m = &j->form_problems.items[i];
		msglist_add(form_problems, m->req, m->where, m->zh, m->en);
	}
	j->device = db_meta_get(j->db, "device");
done:
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
	msglist_free(&j->form_problems);
	free(j);
}

jl_status jl_act_as(jl *j, const char *officer, msglist *err)
{
	officer_row o;

	if (officer_get(j, officer, &o) != JL_OK) {
		msglist_addf(err, NULL, "--as", "没有执法人员 %s（用 jilu officer list 查看）",
			     "no officer %s (see jilu officer list)", officer);
		return JL_EUSAGE;
	}
	officer_row_free(&o);
	free(j->officer);
	j->officer = strdup(officer);
	return j->officer ? JL_OK : JL_ENOMEM;
}

jl_status jl_need_device(jl *j, msglist *err)
{
	if (j->device)
		return JL_OK;
	msglist_add(err, NULL, NULL,
		    "本数据库尚未完成初始化：请运行 jilu init --device ID",
		    "the database was never initialised: run jilu init --device ID");
	return JL_ESTORE;
}

jl_status jl_need_officer(jl *j, msglist *err)
{
	jl_status rc = jl_need_device(j, err);

	if (rc != JL_OK)
		return rc;
	if (j->officer)
		return JL_OK;
	msglist_add(err, "R4.2", "--as", "须指明操作的执法人员（--as 或 JILU_OFFICER）",
		    "say which officer acts (--as or JILU_OFFICER)");
	return JL_EUSAGE;
}
