/* core/jl.h — an open store with its forms: what every command works on. */
#ifndef CORE_JL_H
#define CORE_JL_H

#include "core/db.h"
#include "core/form.h"
#include "core/msg.h"
#include "core/status.h"

typedef struct jl {
	db *db;
	formset *forms;
	char *device;       /* this store's device id (meta 'device'), or NULL
			     * when `jilu init` never finished: nothing may be written */
	char *officer;      /* who acts (--as), or NULL */
	struct jl *roster;  /* whose roster says who acts and with which roles
			     * (core/perm.h): NULL, this store's own; at
			     * headquarters, HQ's own store, where the officer
			     * was proven (tui/cli_hq_act.c). Borrowed: jl_close
			     * leaves it open. */
	msglist form_problems; /* why definitions were left out (formset_left_out
				* tells which): "missing" and "broken" differ */
} jl;

/*
 * Opens the store at DB_PATH (CREATE: make it when missing) and the forms in
 * FORMS_DIR (NULL: none are read, for what needs no form, such as `verify`:
 * (*OUT)->forms is then NULL). Opening for writing also clears the media
 * store of partial imports left by a killed `media add` (media_sweep).
 * Bad definitions are left out; their problems are kept in
 * (*OUT)->form_problems, and copied to FORM_PROBLEMS when it is not NULL.
 * A malformed JILU_NOW is refused here (JL_EINVALID; see clock_check_env), so
 * nothing is ever stamped with it. A store without its device id (init
 * interrupted) opens, for reading: jl_need_device refuses writes.
 * CREATE is a DB_OPEN_… mode of core/db.h (DB_OPEN_READ opens a store on
 * read-only media as it is).
 * Returns JL_OK and *OUT, or a status with the reason in ERR.
 */
jl_status jl_open(const char *db_path, int create, const char *forms_dir, jl **out,
		  msglist *err, msglist *form_problems);
void jl_close(jl *j);

/*
 * Sets who acts, claimed only. Returns JL_OK, JL_EUSAGE when OFFICER names
 * no officer of the store, or JL_EDENIED (exit 6) when OFFICER has a PIN
 * (then use jl_act_as_pin) or is retired (officer_retire: no way to act
 * is left him, by PIN or key either).
 */
jl_status jl_act_as(jl *j, const char *officer, msglist *err);

/*
 * Sets who acts, proven by PIN (NULL: none given) when OFFICER has one
 * (core/officer_pin.h: a wrong PIN is counted, five in a row lock the
 * officer). Returns JL_OK, JL_EUSAGE (no such officer), JL_EDENIED (no
 * PIN, a wrong one, or locked) or JL_ESTORE, with the reason in ERR.
 */
jl_status jl_act_as_pin(jl *j, const char *officer, const char *pin, msglist *err);

/*
 * Sets who acts, proven by the caller without a PIN: the SSH key whose
 * forced command names OFFICER (README, "Deployment"). Called for the
 * --as of a forced command (tui/act.c), and for the second connection a
 * screens' background job opens (tui/ui_job.c) once the officer was proven
 * on the screens' own. Returns JL_OK
 * or JL_EUSAGE (no such officer).
 */
jl_status jl_act_as_key(jl *j, const char *officer, msglist *err);

/*
 * Returns JL_OK when the store may be written: it has its device id. Else
 * JL_ESTORE with "the database was never initialised: run jilu init --device
 * ID" in ERR (`init` was interrupted before it stored the id).
 */
jl_status jl_need_device(jl *j, msglist *err);

/*
 * Whether a command may write its output to PATH (export -o, and every
 * command that writes a file): never the store, its -wal/-shm/-journal or
 * anything in its media/ (by device and inode: see file_output_ok), and an
 * existing file only when FORCE. Returns JL_OK, or JL_EINVALID with the
 * reason in ERR. Write it then with file_write_atomic (FILE_NEW, or
 * FILE_REPLACE when FORCE).
 */
jl_status jl_output_ok(jl *j, const char *path, int force, msglist *err);

/*
 * Returns JL_OK when DEVICE (NULL: none given) may be a device id: not blank,
 * and an identifier by the rule of core/text.h (TEXT_ID). Else JL_EUSAGE with
 * the reason in ERR (where "--device").
 */
jl_status jl_device_valid(const char *device, msglist *err);

/*
 * The device-id rule (`init`): a store belongs to one device for ever. When
 * J's store has no device id it gets DEVICE (NULL: this machine's host name)
 * and *CREATED is 1; when it has one, DEVICE must be NULL or that id (else
 * JL_EINVALID: "a device id never changes") and *CREATED is 0. Two inits at
 * once: one wins, the other is judged against it. On JL_OK J->device holds
 * the store's id.
 */
jl_status jl_init_device(jl *j, const char *device, int *created, msglist *err);

/*
 * Returns JL_OK when the store may be written (jl_need_device) and someone
 * acts; else JL_ESTORE (no device id) or JL_EUSAGE (nobody acts) with the
 * reason in ERR. Every write of the engine begins with it.
 */
jl_status jl_need_officer(jl *j, msglist *err);

/* Returns the store whose roster decides who acts on J and with which
 * roles: J->roster when lent (headquarters), else J itself. Allocates
 * nothing. */
jl *jl_roster(jl *j);

#endif
