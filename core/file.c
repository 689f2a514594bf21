/* core/file.c — files opened, hashed and written safely (see file.h). */
#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/buf.h"

#define FILE_CHUNK (1 << 20)

/* Returns 1 when A and B are the same file. */
static int file_same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

const char *file_strerror(int err)
{
	switch (err) {
	case FILE_ENOTREG:
		return "not a regular file (a pipe, a device…)";
	case FILE_ECANCELED:
		return "cancelled";
	case FILE_ETOOBIG:
		return "too large";
	case ELOOP:
		return "a symbolic link where a file of the store should be";
	default:
		return strerror(err);
	}
}

const char *file_strerror_zh(int err)
{
	switch (err) {
	case FILE_ENOTREG:
		return "不是普通文件（管道、设备等）";
	case FILE_ECANCELED:
		return "已取消";
	case FILE_ETOOBIG:
		return "文件过大";
	case ELOOP:
		return "是符号链接，不是库中的文件";
	default:
		return strerror(err);
	}
}

void file_msg(msglist *out, const char *where, const char *what_zh, const char *what_en, int err)
{
	buf zh = BUF_INIT, en = BUF_INIT;

	buf_printf(&zh, "%s：%s", what_zh, file_strerror_zh(err));
	buf_printf(&en, "%s: %s", what_en, file_strerror(err));
	msglist_add(out, NULL, where, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
}

int file_open_regular(const char *path, int follow, int *fd, struct stat *sb)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, fl, err = 0;

	*fd = -1;
	if (follow == FILE_NOFOLLOW)
		flags |= O_NOFOLLOW;
	*fd = open(path, flags);
	if (*fd < 0)
		return errno;
	if (fstat(*fd, sb) != 0) {
		err = errno;
		goto fail;
	}
	if (!S_ISREG(sb->st_mode)) {
		err = S_ISDIR(sb->st_mode) ? EISDIR : FILE_ENOTREG;
		goto fail;
	}
	/* A regular file never blocks; clear the flag so reads behave plainly. */
	if ((fl = fcntl(*fd, F_GETFL)) < 0 || fcntl(*fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		err = errno;
		goto fail;
	}
	return 0;
fail:
	close(*fd);
	*fd = -1;
	return err;
}

/* Writes all LEN bytes at P to FD, retrying on EINTR. Returns 0 or an errno. */
static int file_write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		if (w == 0)
			return EIO;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int file_hash_copy(int in, int out, long long total, char hex[FILE_HASH_LEN + 1],
		   long long *size, file_progress_fn progress, void *ctx, int *which)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *chunk = malloc(FILE_CHUNK), digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0, i;
	int err = 0, side = 1;
	ssize_t n;

	*size = 0;
	hex[0] = '\0';
	if (!md || !chunk) {
		err = ENOMEM;
		goto done;
	}
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		err = EIO;
		goto done;
	}
	if (progress && progress(ctx, 0, total) != 0) {
		err = FILE_ECANCELED;
		goto done;
	}
	for (;;) {
		n = read(in, chunk, FILE_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			side = 0;
			goto done;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(md, chunk, (size_t)n) != 1) {
			err = EIO;
			goto done;
		}
		if (out >= 0 && (err = file_write_all(out, chunk, (size_t)n)) != 0)
			goto done;
		*size += n;
		if (progress && progress(ctx, *size, total) != 0) {
			err = FILE_ECANCELED;
			goto done;
		}
	}
	if (EVP_DigestFinal_ex(md, digest, &dlen) != 1 || dlen != 32) {
		err = EIO;
		goto done;
	}
	for (i = 0; i < dlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
done:
	if (which)
		*which = side;
	if (err)
		hex[0] = '\0';
	free(chunk);
	EVP_MD_CTX_free(md);
	return err;
}

char *file_slurp(const char *path, size_t max, size_t *len, int *err)
{
	struct stat sb;
	buf b = BUF_INIT;
	char chunk[8192];
	int fd;
	ssize_t n;

	*len = 0;
	if ((*err = file_open_regular(path, FILE_FOLLOW, &fd, &sb)) != 0)
		return NULL;
	if ((unsigned long long)sb.st_size > max) {
		*err = FILE_ETOOBIG;
		goto fail;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			goto fail;
		}
		if (n == 0)
			break;
		/* The file may grow after fstat: the cap holds for what is read. */
		if (b.len + (size_t)n > max) {
			*err = FILE_ETOOBIG;
			goto fail;
		}
		buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	if (b.oom) {
		buf_free(&b);
		*err = ENOMEM;
		return NULL;
	}
	*len = b.len;
	return buf_steal(&b);
fail:
	close(fd);
	buf_free(&b);
	return NULL;
}

int file_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return errno;
	while (fsync(fd) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EINVAL)
			err = errno;
		break;
	}
	close(fd);
	return err;
}

/* Moves TMP to PATH without ever replacing a file at PATH. Returns 0, EEXIST,
 * or another errno. */
static int file_place_new(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return errno;
	/* The file system cannot rename without replacing: a hard link cannot
	 * replace either. */
	if (link(tmp, path) != 0)
		return errno;
	unlink(tmp);
	return 0;
}

int file_tmp_create(file_tmp *t, const char *prefix, int lock)
{
	buf name = BUF_INIT;
	struct stat held, named;
	int tries, err = EAGAIN;

	t->path = NULL;
	t->fd = -1;
	for (tries = 0; tries < 8; tries++) {
		buf_reset(&name);
		buf_printf(&name, "%sXXXXXX", prefix);
		if (name.oom)
			return ENOMEM;
		t->fd = mkostemp(name.data, O_CLOEXEC);
		if (t->fd < 0) {
			err = errno;
			break;
		}
		/* A sweep at this very moment may take the lock of the file just
		 * made and remove it: then its name no longer leads to it, and
		 * another is made. */
		if (!lock || (flock(t->fd, LOCK_EX | LOCK_NB) == 0 && fstat(t->fd, &held) == 0 &&
			      lstat(buf_str(&name), &named) == 0 && file_same(&held, &named))) {
			t->path = buf_steal(&name);
			return t->path ? 0 : ENOMEM;
		}
		close(t->fd);
		t->fd = -1;
	}
	buf_free(&name);
	return err;
}

int file_tmp_sync(file_tmp *t)
{
	while (fsync(t->fd) != 0)
		if (errno != EINTR)
			return errno;
	return 0;
}

int file_tmp_place(file_tmp *t, const char *final, int how)
{
	char *dir = strdup(final);
	int err;

	if (!dir)
		return ENOMEM;
	err = how == FILE_REPLACE ? (rename(t->path, final) == 0 ? 0 : errno)
				  : file_place_new(t->path, final);
	if (!err) {
		free(t->path);
		t->path = NULL; /* in place: never removed now */
		err = file_fsync_dir(dirname(dir));
	}
	free(dir);
	return err;
}

void file_tmp_discard(file_tmp *t)
{
	if (t->path)
		unlink(t->path);
	if (t->fd >= 0)
		close(t->fd);
	free(t->path);
	t->path = NULL;
	t->fd = -1;
}

void file_tmp_sweep(const char *dir, const char *prefix)
{
	buf path = BUF_INIT;
	DIR *dp = opendir(dir);
	struct dirent *de;
	struct stat held, named;
	size_t plen = strlen(prefix);

	while (dp && (de = readdir(dp)) != NULL) {
		int fd;
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, de->d_name);
		fd = open(buf_str(&path), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			continue;
		/* Still the file that was locked (mkostemp never reuses a name
		 * while its file exists). */
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &held) == 0 &&
		    lstat(buf_str(&path), &named) == 0 && file_same(&held, &named))
			unlink(buf_str(&path));
		close(fd);
	}
	if (dp)
		closedir(dp);
	buf_free(&path);
}

jl_status file_write_atomic(const char *path, const char *data, size_t len, int how,
			    msglist *msgs)
{
	file_tmp t = {NULL, -1};
	buf prefix = BUF_INIT;
	const char *what_zh = "无法写入", *what_en = "cannot write";
	int err = 0;
	jl_status rc = JL_ESTORE;
	mode_t mask;

	buf_printf(&prefix, "%s.", path);
	if (prefix.oom) {
		rc = JL_ENOMEM;
		goto done;
	}
	if ((err = file_tmp_create(&t, buf_str(&prefix), 0)) != 0)
		goto done;
	/* mkstemp makes it 0600; the file is as readable as any file the user makes. */
	mask = umask(0);
	umask(mask);
	if (fchmod(t.fd, 0666 & ~mask) != 0) {
		err = errno;
		goto done;
	}
	if ((err = file_write_all(t.fd, (const unsigned char *)data, len)) != 0 ||
	    (err = file_tmp_sync(&t)) != 0)
		goto done;
	err = file_tmp_place(&t, path, how);
	if (err == EEXIST) {
		msglist_add(msgs, NULL, path, "文件已存在；要替换它请加 --force",
			    "the file exists; give --force to replace it");
		rc = JL_EINVALID;
		err = 0;
		goto done;
	}
	if (err && t.path) {
		what_zh = "无法替换";
		what_en = "cannot replace";
	} else if (err) {
		what_zh = "无法同步目录";
		what_en = "cannot sync the directory of";
	}
	if (!err)
		rc = JL_OK;
done:
	if (rc == JL_ESTORE) {
		buf zh = BUF_INIT, en = BUF_INIT;
		buf_printf(&zh, "%s：%s", what_zh, strerror(err ? err : EIO));
		buf_printf(&en, "%s: %s", what_en, strerror(err ? err : EIO));
		msglist_add(msgs, NULL, path, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
	}
	file_tmp_discard(&t);
	buf_free(&prefix);
	return rc;
}

/* Returns 1 when the directory open at FD (closed here) is MEDIA or lies
 * inside it, walking up by ".." (so links and ".." in a path cannot hide it). */
static int file_dir_within(int fd, const struct stat *media)
{
	struct stat sb, up;
	int inside = 0, depth;

	for (depth = 0; fd >= 0 && depth < 4096; depth++) {
		int parent;
		if (fstat(fd, &sb) != 0)
			break;
		if (file_same(&sb, media)) {
			inside = 1;
			break;
		}
		parent = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = parent;
		if (fd < 0 || fstat(fd, &up) != 0 || file_same(&up, &sb))
			break; /* the root: its parent is itself */
	}
	if (fd >= 0)
		close(fd);
	return inside;
}

int file_fd_is_store(int fd, const char *store)
{
	static const char *const sidecars[] = {"", "-wal", "-shm", "-journal", NULL};
	struct stat out, sb;
	buf side = BUF_INIT;
	int i, same = 0;

	if (fstat(fd, &out) != 0 || !S_ISREG(out.st_mode))
		return 0;
	for (i = 0; sidecars[i] && !same; i++) {
		buf_reset(&side);
		buf_printf(&side, "%s%s", store, sidecars[i]);
		same = !side.oom && stat(buf_str(&side), &sb) == 0 && file_same(&out, &sb);
	}
	buf_free(&side);
	return same;
}

jl_status file_output_ok(const char *path, const char *store, const char *media, int force,
			 msglist *msgs)
{
	static const char *const sidecars[] = {"", "-wal", "-shm", "-journal", NULL};
	struct stat out, sb, dir_sb, store_dir_sb, media_sb;
	char *pcopy = strdup(path), *scopy = strdup(store);
	const char *pbase, *sbase;
	buf side = BUF_INIT;
	int exists, have_dir, i, fd;
	jl_status rc = JL_OK;

	if (!pcopy || !scopy) {
		rc = JL_ENOMEM;
		goto done;
	}
	exists = stat(path, &out) == 0;
	/* Where PATH would go, and what its name is there. */
	pbase = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	sbase = strrchr(store, '/') ? strrchr(store, '/') + 1 : store;
	have_dir = stat(dirname(pcopy), &dir_sb) == 0 &&
		   stat(dirname(scopy), &store_dir_sb) == 0;
	for (i = 0; sidecars[i]; i++) {
		buf_reset(&side);
		buf_printf(&side, "%s%s", store, sidecars[i]);
		if ((exists && stat(buf_str(&side), &sb) == 0 && file_same(&out, &sb)) ||
		    /* Not there yet (no -wal at the moment): the same directory and
		     * name still make it the store's, as SQLite will read it. */
		    (have_dir && file_same(&dir_sb, &store_dir_sb) &&
		     strncmp(pbase, sbase, strlen(sbase)) == 0 &&
		     strcmp(pbase + strlen(sbase), sidecars[i]) == 0)) {
			msglist_add(msgs, NULL, path,
				    "输出文件就是数据库本身（或其 -wal/-shm 文件），不能覆盖",
				    "the output is the database itself (or its -wal/-shm file): it is never overwritten");
			rc = JL_EINVALID;
			goto done;
		}
	}
	if (stat(media, &media_sb) == 0) {
		int inside = exists && S_ISDIR(out.st_mode) && file_same(&out, &media_sb);
		if (!inside) {
			/* PATH's own directory: PATH may not exist yet. */
			free(pcopy);
			pcopy = strdup(path);
			fd = pcopy ? open(dirname(pcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
			inside = fd >= 0 && file_dir_within(fd, &media_sb);
		}
		if (inside) {
			msglist_add(msgs, NULL, path,
				    "输出文件在音像库（media/）内，不能写在那里",
				    "the output lies inside the media store (media/): nothing is written there");
			rc = JL_EINVALID;
			goto done;
		}
	}
	/* The new file is renamed over PATH: over /dev/null or a FIFO, even
	 * with --force, that would put a regular file where a device or pipe
	 * was (as root, for every program on the machine). A symbolic link is
	 * replaced itself, never what it points at; a directory cannot be
	 * renamed over (the write fails, exit 4). */
	if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode) &&
	    !S_ISDIR(sb.st_mode)) {
		msglist_add(msgs, NULL, path,
			    "输出位置不是普通文件（设备或管道），不会被替换",
			    "the output is not a regular file (a device or a pipe): it is never replaced");
		rc = JL_EINVALID;
		goto done;
	}
	if (exists && !force) {
		msglist_add(msgs, NULL, path, "文件已存在；要替换它请加 --force",
			    "the file exists; give --force to replace it");
		rc = JL_EINVALID;
	}
done:
	free(pcopy);
	free(scopy);
	buf_free(&side);
	return rc;
}
