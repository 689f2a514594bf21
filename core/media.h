/* core/media.h — audio-visual records attached to records (R3.2, R19.2). */
#ifndef CORE_MEDIA_H
#define CORE_MEDIA_H

#include "core/buf.h"
#include "core/jl.h"

typedef struct {
	long long id, record_id, size, ledger_seq;
	char *sha256, *name, *kind, *captured_at, *stored_at, *added_by, *device;
} media_row;

/* Returns 1 when KIND is photo, audio, video or surveillance. */
int media_kind_valid(const char *kind);

/*
 * Returns the kind of the file at PATH guessed from its first bytes (or, failing
 * that, its name): "photo", "audio", "video", or NULL when it cannot tell.
 */
const char *media_guess_kind(const char *path);

/* Returns the media directory of J's store (media/ beside the .db file); caller frees. */
char *media_dir(jl *j);

/*
 * Imports the file at PATH into the content-addressed store and attaches it to
 * record RECORD_ID (draft or final). The file is streamed (never read whole),
 * written and fsynced under its SHA-256 before its row and ledger entry are
 * committed together. KIND NULL: guessed. CAPTURED_AT NULL: the file's
 * modification time. *ID gets the new attachment's id.
 */
jl_status media_add(jl *j, long long record_id, const char *path, const char *kind,
		    const char *captured_at, long long *id, msglist *out);

/* Lists the attachments of RECORD_ID (free with media_rows_free). */
jl_status media_list(jl *j, long long record_id, media_row **rows, int *n);
void media_rows_free(media_row *rows, int n);

/* Appends the canonical ledger body of M, entry SEQ. */
void media_ledger_body(buf *out, long long seq, const char *device, const media_row *m);

/*
 * For `verify`: checks media entry SEQ (attachment ID) against its row and
 * re-hashes its file. Returns 0 when it holds; 1 with the reason in ZH/EN;
 * -1 on a store error.
 */
int media_verify_entry(jl *j, long long seq, const char *device, long long id,
		       const char *body, buf *zh, buf *en);

/* For `verify`: an attachment row no entry vouches for. Returns 0, 1 (reported
 * to OUT, *FAULT_SEQ set to 0), or -1. */
int media_verify_orphans(jl *j, long long *fault_seq, msglist *out);

#endif
