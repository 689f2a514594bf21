/* core/shape.h — the value shapes of spec/forms.md and their validation. */
#ifndef CORE_SHAPE_H
#define CORE_SHAPE_H

#include <stddef.h>

#include <cJSON.h>

#include "core/msg.h"

typedef enum {
	SHAPE_TEXT,
	SHAPE_DATE,
	SHAPE_DATETIME,
	SHAPE_BOOL,
	SHAPE_CHOICE,
	SHAPE_CHOICES,
	SHAPE_MONEY,
	SHAPE_LIST,
	SHAPE_RECORD,
	SHAPE_PARTY,
	SHAPE_OFFICERS,
	SHAPE_SIGNATURES,
	SHAPE_AV,
	SHAPE_INVALID
} shape_type;

/* What a field definition adds to its shape. */
typedef struct {
	const char *const *choices; /* choice ids (choice, choices); NULL otherwise */
	int nchoices;
	int min;                    /* least number of entries, or -1 for none */
	int multiline;              /* text: several lines (TEXT_LINES); else one line */
} shape_opts;

/* Returns the shape named NAME ("text", "party" …), or SHAPE_INVALID. */
shape_type shape_from_name(const char *name);
/* Returns the static name of T. */
const char *shape_name(shape_type t);

/*
 * Validates VALUE (not NULL; cJSON null is "absent" and is not passed here)
 * as shape T and normalises it in place (text is trimmed, nested text too;
 * party.id_number and officers[].cert are identifiers: NFKC, text_ident).
 * PATH is the field id used in messages ("party" → "party.id_number").
 * REQ is the requirement id cited. Every string follows core/text.h: a text
 * field is TEXT_LINES when OPTS says multiline, else TEXT_LINE; list entries
 * and members of party, officers, signatures and av are TEXT_LINE; the two
 * identifiers TEXT_ID.
 * When FINAL is 0 (a draft) only what is given is checked: types, allowed
 * ids, unknown or repeated keys, repeated certificate numbers, the check
 * character of an id number. When FINAL is non-zero the record must also be
 * complete: required members, reasons, min counts.
 * Appends one message per problem to OUT. Returns the number appended.
 */
int shape_check(shape_type t, cJSON *value, const shape_opts *opts,
		const char *req, const char *path, int final, msglist *out);

/* As shape_check; when normalising changed VALUE and CHANGED is not NULL,
 * sets *CHANGED to 1 (else leaves it): a caller holding the canonical text
 * of the data before the check knows it still holds. */
int shape_check_noting(shape_type t, cJSON *value, const shape_opts *opts,
		       const char *req, const char *path, int final, msglist *out,
		       int *changed);

/*
 * text_check(S, LEN, TEXT_LINES, …): the LEN bytes at S as text of several
 * lines an officer may enter — valid UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) holding no control character but line
 * feed and tab. Returns 1 when it is; otherwise 0 and one problem (see
 * text_check). cJSON ends a string at "\u0000": a NUL in JSON text is
 * invisible in the parsed value, so raw input is checked with its length.
 */
int shape_text_ok(const char *s, size_t len, msglist *out, const char *req,
		  const char *where);

/* Returns 1 when VALUE counts as empty for `required` (blank text — nothing
 * visible in it, text_blank —, empty array, party without a name …), else 0.
 * NULL counts as empty. */
int shape_is_empty(shape_type t, const cJSON *value);

/* Parses "YYYY-MM-DD" (a real calendar date). Returns 0 or -1. */
int shape_parse_date(const char *s, int *y, int *m, int *d);
/*
 * Parses "YYYY-MM-DDTHH:MM[:SS][(Z|±HH:MM)]" (a space instead of T is also
 * accepted). Returns 0 or -1.
 */
int shape_parse_datetime(const char *s);

#endif
