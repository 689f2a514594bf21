/* core/verify_note.h — the last `jilu verify` and its verdict, kept in the
 * store's meta for `jilu status`. */
#ifndef CORE_VERIFY_NOTE_H
#define CORE_VERIFY_NOTE_H

#include "core/jl.h"

/* What the last verify found. */
typedef struct {
	char *at;      /* when it ran (clock_now's text), or NULL: never */
	char *result;  /* "ok" or "fault", or NULL */
	long long entries; /* ledger entries it checked */
} verify_note;

/*
 * Notes that verify ran now with VERDICT (JL_OK: all holds; JL_FOUND: a
 * fault) over ENTRIES entries, in a short transaction of its own. Best
 * effort: a store on read-only media, or one another writer holds past the
 * busy timeout, is verified without the note — the verdict never depends on
 * it. Other verdicts (no verdict reached) are not noted.
 */
void verify_note_write(jl *j, jl_status verdict, long long entries);

/* Reads the last note into *OUT (free with verify_note_free); all NULL when
 * verify never ran on this store. */
void verify_note_read(jl *j, verify_note *out);
/* Frees what N holds and zeroes it. */
void verify_note_free(verify_note *n);

#endif
