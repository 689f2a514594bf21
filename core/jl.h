/* core/jl.h — an open store with its forms: what every command works on. */
#ifndef CORE_JL_H
#define CORE_JL_H

#include "core/db.h"
#include "core/form.h"
#include "core/msg.h"
#include "core/status.h"

typedef struct {
	db *db;
	formset *forms;
	char *device;       /* this store's device id (meta 'device') */
	char *officer;      /* who acts (--as), or NULL */
} jl;

/*
 * Opens the store at DB_PATH (CREATE: make it when missing) and the forms in
 * FORMS_DIR. Bad definitions are left out; their problems go to FORM_PROBLEMS
 * when it is not NULL (else they are dropped: `jilu forms check` reports them).
 * Returns JL_OK and *OUT, or a status with the reason in ERR.
 */
jl_status jl_open(const char *db_path, int create, const char *forms_dir, jl **out,
		  msglist *err, msglist *form_problems);
void jl_close(jl *j);

/*
 * Sets who acts. Returns JL_OK, or JL_EUSAGE when OFFICER names no officer
 * of the store.
 */
jl_status jl_act_as(jl *j, const char *officer, msglist *err);

/* Returns JL_OK when someone acts, else JL_EUSAGE with the reason in ERR. */
jl_status jl_need_officer(jl *j, msglist *err);

#endif
