/* core/form_read.h — reading one definition (private to form*.c and kinds.c). */
#ifndef CORE_FORM_READ_H
#define CORE_FORM_READ_H

#include <cJSON.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/cond.h"
#include "core/form.h"
#include "core/msg.h"

/* While one definition is read: where it is and what is wrong with it. */
typedef struct {
	const char *file;
	msglist *problems;
	int bad;
	buf path;
	form *f;
	int finding; /* the expression being checked may use $_… */
} form_reader;

/* The kinds of action, NULL-terminated. */
extern const char *const form_kinds[];

/* Returns 1 when S is in the NULL-terminated LIST. */
int form_in(const char *const *list, const char *s);
/* Reports a problem at the reader's file and current JSON path. */
void form_problem(form_reader *r, const char *zh, const char *en);
/* As form_problem; ZH and EN each take ARG for their one %s. */
void form_problemf(form_reader *r, const char *zh, const char *en, const char *arg);
/* Sets the JSON path the next problems are reported at. */
void form_at(form_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns 1 when S is an id: [a-z][a-z0-9_]*. */
int form_is_id(const char *s);
/* Reports every key of OBJ not in KEYS, at AT. */
void form_unknown_keys(form_reader *r, const cJSON *obj, const char *const *keys, const char *at);
/* Reads {"zh", "en"} at KEY of OBJ into T (reporting a wrong shape at
 * AT.KEY); MANDATORY: it must be there. */
void form_read_text(form_reader *r, const cJSON *obj, const char *key, int mandatory, form_text *t,
		    const char *at);
/* Reads the expression at KEY of OBJ (optional unless MANDATORY) and
 * compiles it on COND against the fields of R's form (reporting problems at
 * AT.KEY). Returns a new string (the caller frees it), or NULL when absent. */
char *form_read_expr(form_reader *r, cond_env *cond, const cJSON *obj, const char *key,
		     int mandatory, const char *at);
/* Returns OBJ's "req" when it is a requirement id, else reports it and returns NULL. */
const char *form_req_of(form_reader *r, const cJSON *obj, const char *at);

/* Reads and checks one definition (FILE is where it came from). Returns it
 * (free with form_free), or NULL when it has problems (each in PROBLEMS). */
form *form_read(const char *file, const char *text, size_t len, cond_env *cond,
		msglist *problems);
void form_free(form *f);

/* The largest definition read (the largest form is 8 KB): a stray file, or
 * a FIFO named *.json, must not take the memory or hang the program. */
#define FORM_MAX_SIZE (1024 * 1024)

/* Reads a whole definition (a regular file, at most FORM_MAX_SIZE bytes)
 * into a new string (caller frees); *LEN gets its size. NULL when it cannot be
 * read, with the reason in *ERR (an errno or FILE_E…, see core/file.h). */
char *form_slurp(const char *path, size_t *len, int *err);

/* Reads DIR/kinds.json, checked against FS. Returns it (caller frees), or
 * NULL when it is missing or has problems (each in PROBLEMS). */
cJSON *kinds_read(const char *dir, const formset *fs, msglist *problems);
/* As kinds_read, from TEXT (LEN bytes) named FILE in problems: what
 * headquarters published or sent (docs/sync.md). Returns it (caller frees),
 * or NULL with the problems in PROBLEMS. */
cJSON *kinds_parse(const char *file, const char *text, size_t len, const formset *fs,
		   msglist *problems);

#endif
