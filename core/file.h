/*
 * core/file.h — files opened, hashed and written safely: the one place the
 * engine opens a file that is not the database.
 *
 * Every file is opened non-blocking (a FIFO put where a file should be never
 * hangs the program) and checked on the descriptor it opened (fstat), never
 * on a path looked at before: what is read is what was checked.
 */
#ifndef CORE_FILE_H
#define CORE_FILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "core/msg.h"
#include "core/status.h"

/* Returned (instead of an errno) when a path names something that is not a
 * regular file: a FIFO, a device, a socket. */
#define FILE_ENOTREG (-1)
/* Returned when a progress callback asked to stop. */
#define FILE_ECANCELED (-2)
/* Returned when a file is larger than the caller allows. */
#define FILE_ETOOBIG (-3)

/* Hex SHA-256 length. */
#define FILE_HASH_LEN 64

/*
 * Progress of a long copy or hash: DONE of TOTAL bytes (TOTAL is the size
 * found when the file was opened). Returns 0 to go on, non-zero to cancel.
 * Called after every chunk (1 MiB), and once at the start with DONE 0.
 */
typedef int (*file_progress_fn)(void *ctx, long long done, long long total);

/* How file_open_regular treats a symbolic link at PATH. */
enum {
	FILE_FOLLOW = 0,   /* an officer's own file: a link to a file is fine */
	FILE_NOFOLLOW = 1, /* a file of the store: a link is never ours */
};

/*
 * Opens PATH read-only, non-blocking while it is opened (a FIFO cannot hang
 * the open), and requires a regular file by fstat on the descriptor. Returns 0
 * with *FD (blocking again; caller closes) and *SB; else an errno (ENOENT,
 * EACCES, ELOOP for a link with FILE_NOFOLLOW, EISDIR for a directory) or
 * FILE_ENOTREG, with *FD -1.
 */
int file_open_regular(const char *path, int follow, int *fd, struct stat *sb);

/*
 * Reads IN to its end while hashing it with SHA-256, writing every byte to
 * OUT as well unless OUT is -1. HEX gets the hash (65 bytes), *SIZE the bytes
 * read. PROGRESS (may be NULL) is told of each chunk and may cancel. Every
 * OpenSSL call is checked; reads and writes are retried on EINTR. Returns 0,
 * an errno, or FILE_ECANCELED. *WHICH (may be NULL) tells whose fault an
 * errno is: 0 reading IN, 1 writing OUT or the hasher.
 */
int file_hash_copy(int in, int out, long long total, char hex[FILE_HASH_LEN + 1],
		   long long *size, file_progress_fn progress, void *ctx, int *which);

/*
 * Reads the regular file PATH whole into a new NUL-terminated string (caller
 * frees); *LEN gets its length. Refuses a file larger than MAX bytes
 * (FILE_ETOOBIG), a FIFO or device (FILE_ENOTREG). Returns NULL with the
 * reason in *ERR (an errno or FILE_E…).
 */
char *file_slurp(const char *path, size_t max, size_t *len, int *err);

/* Returns a static English description of ERR (an errno or FILE_E…). */
const char *file_strerror(int err);
/* Returns a static Chinese description of ERR for the FILE_E… codes, else
 * strerror(ERR). */
const char *file_strerror_zh(int err);

/* Appends to OUT "WHAT_ZH：reason" / "WHAT_EN: reason" for ERR (an errno or
 * FILE_E…), at WHERE. */
void file_msg(msglist *out, const char *where, const char *what_zh, const char *what_en, int err);

/* Fsyncs the directory DIR. Returns 0 or an errno. Some file systems cannot
 * sync a directory (EINVAL): that counts as done. */
int file_fsync_dir(const char *dir);

/* How file_write_atomic treats an existing file at PATH. */
enum {
	FILE_NEW = 0,     /* refuse: PATH must not exist (link, never rename) */
	FILE_REPLACE = 1, /* replace it whole (--force) */
};

/*
 * The one durable file writer, in two steps so that a caller can put the file
 * in place only once something else is ready (media: inside the transaction
 * that records it). A temporary file is made (file_tmp_create), written and
 * fsynced (file_tmp_sync), moved into place with its directory fsynced
 * (file_tmp_place), and whatever was not placed is removed (file_tmp_discard,
 * always called last).
 */
typedef struct {
	char *path; /* the temporary file while it is one; NULL once placed */
	int fd;     /* open for writing, or -1 */
} file_tmp;

/*
 * Makes a new temporary file PREFIX + six random characters (PREFIX names
 * its directory too: "dir/import.123."). With LOCK it holds an exclusive flock
 * on it for as long as T->fd is open, which tells file_tmp_sweep it is alive.
 * Returns 0 or an errno.
 */
int file_tmp_create(file_tmp *t, const char *prefix, int lock);
/* Fsyncs T's file, retrying on EINTR. Returns 0 or an errno. */
int file_tmp_sync(file_tmp *t);
/*
 * Moves T's file to FINAL (FILE_NEW: never replacing a file there, EEXIST;
 * FILE_REPLACE: replacing it) and fsyncs FINAL's directory. Returns 0 or an
 * errno; on success T->path is NULL (the file is FINAL now).
 */
int file_tmp_place(file_tmp *t, const char *final, int how);
/* Removes T's file unless it was placed, and closes it. Safe to call twice. */
void file_tmp_discard(file_tmp *t);
/*
 * Removes every file in DIR whose name begins with PREFIX and whose lock
 * (file_tmp_create with LOCK) can be taken: its maker is gone. A file still
 * locked belongs to a process that runs, however long, and is kept.
 */
void file_tmp_sweep(const char *dir, const char *prefix);

/*
 * Writes the LEN bytes at DATA to PATH through a file_tmp beside it, so PATH
 * holds the old file or the whole new one, even across a power cut (HOW:
 * FILE_NEW never replaces an existing file, even one made by a race;
 * FILE_REPLACE does). The new file is as readable as any the user makes (0666
 * less the umask). Returns JL_OK; JL_EINVALID when PATH exists and HOW is
 * FILE_NEW; JL_ESTORE with what failed (both languages) in MSGS; or
 * JL_ENOMEM. No temporary file is left behind.
 */
jl_status file_write_atomic(const char *path, const char *data, size_t len, int how,
			    msglist *msgs);

/*
 * Returns 1 when the open descriptor FD is the store STORE or its -wal,
 * -shm or -journal (`jilu export >> jilu.db`), else 0.
 */
int file_fd_is_store(int fd, const char *store);

/*
 * Whether PATH may be written as an output (export -o and every other command
 * that writes a file): refused when it is the store STORE, its -wal, -shm or
 * -journal, or anything inside the media directory MEDIA (compared by device
 * and inode, also for a file not there yet whose directory lies in MEDIA),
 * and when it exists and FORCE is 0. Returns JL_OK, or JL_EINVALID with the
 * reason in MSGS (where: PATH).
 */
jl_status file_output_ok(const char *path, const char *store, const char *media, int force,
			 msglist *msgs);

#endif
