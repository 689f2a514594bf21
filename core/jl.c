/* core/jl.c — open a store with its forms. */
#include "core/jl.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/file.h"
#include "core/form_pushed.h"
#include "core/ledger.h"
#include "core/media.h"
#include "core/media_import.h"
#include "core/officer.h"
#include "core/officer_pin.h"
#include "core/text.h"

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
	if (create != DB_OPEN_READ)
		media_sweep(j);
	rc = forms_dir ? formset_load(forms_dir, &j->forms, &j->form_problems) : JL_OK;
	/* What headquarters sent joins the directory's (docs/sync.md). */
	if (rc == JL_OK && j->forms)
		rc = form_pushed_load(j->db, j->forms, &j->form_problems);
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

/* Acts as OFFICER: PROOF 0 claimed only, 1 by PIN (PIN), 2 by SSH key. */
static jl_status jl_act(jl *j, const char *officer, const char *pin, int proof, msglist *err)
{
	officer_row o;
	jl_status rc;

	if (officer_get(j, officer, &o) != JL_OK) {
		msglist_addf(err, NULL, "--as", "没有执法人员 %s（用 jilu officer list 查看）",
			     "no officer %s (see jilu officer list)", officer);
		return JL_EUSAGE;
	}
	/* A retired officer stays on the roster for the records that name
	 * him, never to act again (R7.1): by claim, PIN or key alike. */
	if (o.retired_at) {
		msglist_addf(err, "R7.1", "--as", "执法人员 %s 已于 %s 离任，不能再以其身份操作",
			     "officer %s retired on %s and can no longer act", officer, o.retired_at);
		officer_row_free(&o);
		return JL_EDENIED;
	}
	officer_row_free(&o);
	/* An officer with a PIN is never merely claimed (R4.2); a key the
	 * deployment gives him is proof enough. */
	if (proof != 2 && (rc = officer_pin_verify(j, officer, proof ? pin : NULL, err)) != JL_OK)
		return rc;
	free(j->officer);
	j->officer = strdup(officer);
	return j->officer ? JL_OK : JL_ENOMEM;
}

jl_status jl_act_as(jl *j, const char *officer, msglist *err)
{
	return jl_act(j, officer, NULL, 0, err);
}

jl_status jl_act_as_pin(jl *j, const char *officer, const char *pin, msglist *err)
{
	return jl_act(j, officer, pin, 1, err);
}

jl_status jl_act_as_key(jl *j, const char *officer, msglist *err)
{
	return jl_act(j, officer, NULL, 2, err);
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

jl *jl_roster(jl *j)
{
	return j->roster ? j->roster : j;
}

jl_status jl_device_valid(const char *device, msglist *err)
{
	char *norm;
	int blank;

	if (!device)
		return JL_OK;
	/* Judged as stored too: NFKC can leave nothing visible (U+309B becomes
	 * a space and a combining mark). */
	norm = text_ident(device);
	if (!norm)
		return JL_ENOMEM;
	blank = text_blank(device) || text_blank(norm);
	free(norm);
	if (blank) {
		msglist_add(err, NULL, "--device", "设备编号不能为空", "the device id cannot be empty");
		return JL_EUSAGE;
	}
	/* It travels with every record: an identifier (core/text.h). */
	if (!text_check(device, strlen(device), TEXT_ID, err, NULL, "--device"))
		return JL_EUSAGE;
	return JL_OK;
}

jl_status jl_init_device(jl *j, const char *device, int *created, msglist *err)
{
	char host[256];
	char *have = NULL;
	jl_status rc;

	*created = 0;
	if ((rc = jl_device_valid(device, err)) != JL_OK)
		return rc;
	if (!j->device) {
		if (!device) {
			if (gethostname(host, sizeof host) != 0 || !host[0])
				snprintf(host, sizeof host, "device");
			host[sizeof host - 1] = '\0';
			device = host;
			if ((rc = jl_device_valid(device, err)) != JL_OK)
				return rc;
		}
		/* Set once, with the store's first ledger entry: another init at
		 * this moment may get there first. */
		if ((rc = ledger_init(j->db, device, &have, err)) != JL_OK)
			return rc;
		*created = strcmp(have, device) == 0;
		j->device = have;
		if (*created)
			return JL_OK;
	}
	if (device && strcmp(device, j->device) != 0) {
		msglist_addf(err, NULL, "--device",
			     "数据库已属于设备 %s，设备编号不能更改",
			     "the database already belongs to device %s; a device id never changes",
			     j->device);
		return JL_EINVALID;
	}
	return JL_OK;
}

jl_status jl_output_ok(jl *j, const char *path, int force, msglist *err)
{
	char *media = media_dir(j);
	jl_status rc;

	if (!media)
		return JL_ENOMEM;
	rc = file_output_ok(path, db_file(j->db), media, force, err);
	free(media);
	return rc;
}
