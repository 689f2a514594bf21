/* core/form.h — form definitions (forms/NAME.json) and their checker. */
#ifndef CORE_FORM_H
#define CORE_FORM_H

#include <cJSON.h>

#include "core/cond.h"
#include "core/msg.h"
#include "core/shape.h"
#include "core/status.h"

typedef struct {
	char *zh;
	char *en;
} form_text;

typedef struct {
	char *id;
	form_text label;
} form_choice;

/* One group of signers a signatures field needs ("signers", forms/README.md):
 * at least MIN entries whose role is one of ROLES, the same name counted
 * once; when SIGNED_ONLY, only those signed or sealed (not refused); when
 * WHEN, only in a record where WHEN holds. */
typedef struct {
	char **roles;
	int nroles;
	int min;
	int signed_only;
	form_text describe; /* who signs, in words: forms show, and the refusal ("须有…") */
	char *when;         /* SQLite condition on the record: the group applies
			     * only when it is true ("when"), or NULL: always */
	form_text when_describe; /* WHEN in words ("直接送达"), required with it:
				  * the refusal reads "直接送达须有…" */
} form_signers;

typedef struct {
	char *id;
	shape_type type;
	form_text label;
	form_text help;      /* may be NULL texts */
	int required;
	char *when;          /* SQLite expression, or NULL */
	form_text describe;  /* WHEN in words ("describe"; required with a WHEN), else NULL texts */
	char *req;
	form_choice *choices;
	const char **choice_ids; /* the ids of CHOICES, for shape_opts */
	int nchoices;
	int min;             /* -1 when not given */
	char *form;          /* record: target form id, or NULL for any */
	int multiline;
	form_signers *signers; /* signatures: who must sign (core/rules.c), or NULL */
	int nsigners;
	char *example;       /* "example": a value as typed (FIELD=TEXT; for a party
			      * its JSON), for forms show and messages, or NULL */
} form_field;

typedef struct {
	char *id;
	char *req;
	char *field;         /* may be NULL */
	char *when;          /* may be NULL */
	char *expr;
	form_text message;
	form_text describe;  /* the rule in words ("describe", required): when it
			      * applies and what EXPR demands */
} form_check;

typedef struct form {
	char *id;
	int version;
	char *file;          /* where it was read from */
	form_text title;
	char **kinds;
	int nkinds;
	char **reqs;
	int nreqs;
	form_field *fields;
	int nfields;
	form_check *checks;
	int nchecks;
	form_check *findings;
	int nfindings;
	char **rules;
	int nrules;
	char sha256[65];     /* SHA-256 of the definition's text, hex */
} form;

typedef struct formset formset;

/*
 * Loads every DIR/NAME.json. A definition with a problem is left out and each
 * of its problems goes to PROBLEMS as "FILE: $.json.path: what is wrong"
 * (expressions are compiled too). Returns JL_OK with *OUT set even when some
 * definitions were bad (the count of problems tells); JL_ESTORE when DIR
 * cannot be read. Free with formset_free.
 */
jl_status formset_load(const char *dir, formset **out, msglist *problems);
void formset_free(formset *fs);

/* Returns the expression engine the forms were compiled on (owned by FS). */
cond_env *formset_cond(const formset *fs);

/* Returns kinds.json (what `jilu check` requires of each kind), or NULL
 * when it was missing or had problems. An item naming a form that was left
 * out (formset_left_out) does not reject it: that form is reported as
 * unusable and the rest of kinds.json stands. Owned by FS. */
const cJSON *formset_kinds(const formset *fs);
/* Puts KINDS (from kinds_parse: what headquarters sent) in place of FS's
 * kinds.json; FS owns it from now on and frees the one it replaces. */
void formset_set_kinds(formset *fs, cJSON *kinds);

/* The working-day calendar (forms/calendar.json), or NULL when there is
 * none: then only weekends are excluded. Owned by FS. */
struct calendar;
const struct calendar *formset_calendar(const formset *fs);

/* Returns the form with ID (its newest version: what a new record uses), or
 * NULL. Owned by FS. */
const form *formset_find(const formset *fs, const char *id);

/* Returns version VERSION of form ID, or NULL when FS does not hold that
 * version. Owned by FS. */
const form *formset_find_version(const formset *fs, const char *id, int version);

/*
 * The definition a record of form ID begun under VERSION is judged by: that
 * version when FS holds it, else the newest (a version held nowhere any more,
 * as before versions travelled), else NULL. Owned by FS.
 */
const form *formset_find_for(const formset *fs, const char *id, int version);

/*
 * Adds the definition in TEXT (LEN bytes; WHERE names it in problems) to FS,
 * checked as formset_load checks a file (and every form its record fields
 * name must be in FS). A version FS holds already is not added again (the
 * first one stays). Returns JL_OK; JL_EINVALID with each problem in
 * PROBLEMS; JL_ENOMEM. On JL_OK, *ADDED (may be NULL) is the form, owned by
 * FS, or NULL when FS held that version already.
 */
jl_status formset_add(formset *fs, const char *where, const char *text, size_t len,
		      const form **added, msglist *problems);

/* Older versions FS holds besides each id's newest (formset_at): count and
 * the I-th. */
int formset_older_count(const formset *fs);
const form *formset_older_at(const formset *fs, int i);

/* Replaces FS's calendar with CAL (FS owns it from now; NULL: weekends only). */
void formset_set_calendar(formset *fs, struct calendar *cal);
/*
 * Returns 1 when the directory holds ID.json but the definition was left out
 * for its problems (or for naming a form that was), 0 otherwise: a NULL from
 * formset_find then means "broken", not "missing".
 */
int formset_left_out(const formset *fs, const char *id);
/* Number of forms, and the I-th in id order. */
int formset_count(const formset *fs);
const form *formset_at(const formset *fs, int i);

/* Returns the field ID of F, or NULL. */
const form_field *form_field_find(const form *f, const char *id);
/* Returns 1 when F may be used in an action of KIND. */
int form_allows_kind(const form *f, const char *kind);
/* Returns 1 when F names rule NAME in its `rules`. */
int form_has_rule(const form *f, const char *name);
/* Returns the label of choice ID of FIELD in LANG, or ID itself. */
const char *form_choice_label(const form_field *field, const char *id, const char *lang);
/* Returns T's text in LANG (falls back to the other language). */
const char *form_text_get(const form_text *t, const char *lang);

/*
 * Returns the directory the definitions are read from: $JILU_FORMS, else
 * forms/ beside the executable (or ../share/jilu/forms from it), else
 * /usr/local/share/jilu/forms. Caller frees.
 */
char *form_default_dir(void);

/* The named cross-record rules a definition may list (forms/README.md). */
int form_rule_known(const char *name);

#endif
