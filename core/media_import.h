/* core/media_import.h — bringing files into the media store and attaching them. */
#ifndef CORE_MEDIA_IMPORT_H
#define CORE_MEDIA_IMPORT_H

#include "core/file.h"
#include "core/jl.h"

/* How media_add attaches its files. Zeroed: every default. */
typedef struct {
	const char *kind;        /* photo|audio|video|surveillance, or NULL: each
				  * file's kind guessed from its first bytes */
	const char *captured_at; /* a datetime, or NULL: the time each file records
				  * (JPEG EXIF DateTimeOriginal, MP4/MOV
				  * creation_time), else its modification time */
	file_progress_fn progress; /* told of the bytes copied over all the files
				    * (may be NULL); returning non-zero cancels */
	void *ctx;               /* passed to PROGRESS */
	const char **captured_from; /* N elements (caller's), or NULL: where each
				     * file's capture time came from — "given",
				     * "exif", "mp4" or "mtime" (static) */
} media_add_opts;

/*
 * Attaches the N files at PATHS to record RECORD_ID (draft or final), all or
 * none. Every file is checked first (a regular file, opened without blocking
 * and checked on what was opened; not empty; its kind known), then each is
 * streamed into media/tmp while hashed, fsynced, and checked against the
 * others and the record's attachments (the same file twice is refused, naming
 * the first attachment); then in one transaction each gets its row and ledger
 * entry and is moved to its content address (media/ab/abcdef…) before the
 * commit. On any problem, or when OPTS->progress cancels (JL_ECANCELED),
 * nothing is stored and no temporary file is left. IDS (N elements, caller's)
 * gets the new attachments' ids in the order of PATHS. Problems go to OUT,
 * each naming its file. OPTS may be NULL.
 */
jl_status media_add(jl *j, long long record_id, const char *const *paths, int n,
		    const media_add_opts *opts, long long *ids, msglist *out);

/*
 * Removes the partial imports left in the media store's tmp/ by a `media
 * add` that was killed. Each import holds an exclusive lock (flock) on its
 * temporary file while it runs: a file whose lock can be taken has no owner
 * any more, so a concurrent `media add` is never disturbed, however long it
 * runs. Called at every opening of the store for writing. Best effort: a file
 * it cannot remove now is removed next time.
 */
void media_sweep(jl *j);

#endif
