/*
 * tui/export.h — the case file (案卷) of one action as `jilu export` reads it:
 * the action, its records and attachments, the ledger entries that vouch for
 * them and the verdict of verifying the whole ledger, all from one snapshot
 * of the store. export_text and export_json lay it out.
 */
#ifndef TUI_EXPORT_H
#define TUI_EXPORT_H

#include "core/action.h"
#include "core/media.h"
#include "core/msg.h"
#include "core/record.h"
#include "core/verify.h"
#include "tui/cli.h"

/* One ledger entry that speaks for the action, one of its records or attachments. */
typedef struct {
	long long seq;
	char *kind, *subject, *hash, *prev_hash, *body;
} export_entry;

/* Everything the case file says, read in one snapshot of the store. */
typedef struct {
	action_row a;
	record_row *rows;     /* every record of the action, drafts too */
	int n;
	media_row **media;    /* attachments of rows[i]; NULL for drafts */
	int *nmedia;
	int nfinal, ndrafts;
	export_entry *ledger; /* in seq order */
	int nledger;
	verify_report rep;
	jl_status verified;   /* JL_OK, or JL_FOUND with the fault in faults */
	msglist faults;
	char *exported_at;
} export_file;

/*
 * Reads action ID and all the case file says of it into *X, which the caller
 * zeroes first. Run inside one read transaction, so that the records, the
 * ledger and the verdict describe the same moment. Returns JL_OK, or a status
 * with its messages in C->msgs (JL_ENOTFOUND: no such action). Whatever it
 * returns, the caller frees *X with export_file_free.
 */
jl_status export_load(cli *c, long long id, export_file *x);

/* Frees everything *X holds and zeroes it; safe to call twice. */
void export_file_free(export_file *x);

/* Returns 1 when R is final (belongs in the case file), else 0. */
int export_is_final(const record_row *r);

/* Returns the entry of X's ledger numbered SEQ, or NULL (SEQ 0: none); the
 * entry belongs to X. */
const export_entry *export_entry_find(const export_file *x, long long seq);

#endif
