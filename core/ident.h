/*
 * core/ident.h — the two identifiers a party gives and their check characters
 * (regulation/documents.md): the unified social credit code (USCC) and the
 * resident identity number.
 */
#ifndef CORE_IDENT_H
#define CORE_IDENT_H

#include "core/msg.h"

/* Why an identifier was refused; IDENT_OK when it was not. */
typedef enum { IDENT_OK, IDENT_LENGTH, IDENT_CHAR, IDENT_BIRTH, IDENT_CHECK } ident_why;

typedef struct {
	ident_why why;
	int pos;       /* IDENT_LENGTH: characters given; IDENT_CHAR: 1-based position */
	char expected; /* IDENT_CHECK: the right check character */
} ident_result;

/* Checks S (not NULL) as a USCC and fills *R with the first problem found,
 * or IDENT_OK. Allocates nothing. */
void ident_uscc_check(const char *s, ident_result *r);
/* As ident_uscc_check, for a resident identity number; a lowercase x as the
 * check character counts as X. */
void ident_resident_check(const char *s, ident_result *r);

/*
 * Appends to OUT the message R calls for at WHERE, citing REQ (both may be
 * NULL); nothing when R is IDENT_OK. RESIDENT says R came from
 * ident_resident_check, else from ident_uscc_check. OUT owns the copies.
 */
void ident_report(msglist *out, const char *req, const char *where,
		  const ident_result *r, int resident);

/*
 * Each returns 0 when S is valid; otherwise -1 and, when the only problem is
 * the check character, sets *EXPECTED to the character it should be (else to
 * '\0'). S and EXPECTED may be NULL. Allocates nothing.
 */
int ident_uscc_valid(const char *s, char *expected);
int ident_resident_id_valid(const char *s, char *expected);

#endif
