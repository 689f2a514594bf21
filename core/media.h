/* core/media.h — audio-visual records attached to records (R3.2, R19.2). */
#ifndef CORE_MEDIA_H
#define CORE_MEDIA_H

#include "core/buf.h"
#include "core/jl.h"

typedef struct {
	long long id, record_id, size, ledger_seq;
	char *sha256, *name, *kind, *captured_at, *stored_at, *added_by, *device;
	/* R19.2 (schema 8; NULL on older rows): where captured_at came from
	 * (given, exif, mp4, mtime) and, when given, the file's own time and
	 * its source (exif, mp4, mtime). */
	char *captured_from, *file_time, *file_time_from;
	/* R20.2: 1 when media_list sealed NAME (a file name can say what the
	 * record says) from an acting officer not entitled to the record. */
	int sealed;
} media_row;

/* Returns 1 when KIND is photo, audio, video or surveillance. */
int media_kind_valid(const char *kind);

/*
 * Returns the kind of a file guessed from its first N bytes HEAD (or, failing
 * that, its NAME's extension): "photo", "audio", "video", or NULL when it
 * cannot tell. Static strings.
 */
const char *media_guess_kind(const unsigned char *head, size_t n, const char *name);

/* Returns the media directory of J's store (media/ beside the .db file); caller frees. */
char *media_dir(jl *j);

/* Lists the attachments of RECORD_ID (free with media_rows_free); when J's
 * acting officer may not read a confidential RECORD_ID, each name is
 * PERM_RECORD_SEALED_ZH and sealed is 1 (a store error seals too). Returns
 * JL_OK, JL_ENOTFOUND when there is no record RECORD_ID, JL_ESTORE when the
 * store could not be read (never a short list), or JL_ENOMEM. */
jl_status media_list(jl *j, long long record_id, media_row **rows, int *n);
/* Frees N rows and the array ROWS; safe with NULL. */
void media_rows_free(media_row *rows, int n);
/* Frees what M holds (not M) and zeroes it. */
void media_row_free(media_row *m);

/* Appends the path of the file with hash SHA under DIR: DIR/ab/abcdef…. */
void media_path(buf *out, const char *dir, const char *sha);

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
