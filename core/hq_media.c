/* core/hq_media.c — media at HQ: partial files, resumable, checked by SHA-256. */
#include "core/hq_media.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/hq_hold.h"

int hq_media_has(db *d, const char *sha256, long long size)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT size FROM hq_media WHERE sha256 = ?1");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = sqlite3_column_int64(st, 0) == size ? 1 : 0;
	else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	return rc;
}

void hq_media_dir(db *d, buf *out)
{
	const char *p = db_path(d), *slash = strrchr(p, '/');

	if (slash)
		buf_append(out, p, (size_t)(slash - p + 1));
	buf_puts(out, "media");
}

static int hq_mkdir(const char *path)
{
	return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

jl_status hq_media_partial(db *d, const char *sha256, long long size, char **path,
				 int *fd, long long *have, msglist *err)
{
	buf p = BUF_INIT;
	struct stat sb;
	jl_status rc = JL_ESTORE;

	*path = NULL;
	*fd = -1;
	*have = 0;
	hq_media_dir(d, &p);
	if (hq_mkdir(buf_str(&p)) != 0)
		goto fail;
	buf_puts(&p, "/partial");
	if (hq_mkdir(buf_str(&p)) != 0)
		goto fail;
	buf_printf(&p, "/%s", sha256);
	*fd = open(buf_str(&p), O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (*fd < 0)
		goto fail;
	/* One writer per medium: a second session of the device (a resync while
	 * a cut one lingers) must not interleave its bytes with the first's. */
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			msglist_add(err, NULL, sha256, "此音像文件正由另一次同步传送，请稍后再同步",
				    "another sync is sending this medium: sync again later");
			rc = JL_ELINK;
			goto out;
		}
		goto fail;
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		goto fail;
	if (sb.st_size > size && ftruncate(*fd, 0) != 0)
		goto fail;
	*have = sb.st_size > size ? 0 : sb.st_size;
	*path = buf_steal(&p);
	return *path ? JL_OK : JL_ENOMEM;
fail:
	msglist_addf(err, NULL, buf_str(&p), "无法准备音像文件的存放位置：%s",
		     "cannot prepare where the medium goes: %s", strerror(errno));
out:
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	buf_free(&p);
	return rc;
}

static int hq_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -1;
	if (fsync(fd) != 0)
		rc = -1;
	close(fd);
	return rc;
}

struct hq_media_sum {
	EVP_MD_CTX *ctx;
	long long size;
};

hq_media_sum *hq_media_sum_begin(int fd, long long have)
{
	hq_media_sum *m = calloc(1, sizeof *m);
	unsigned char *chunk = NULL;
	off_t off = 0;
	ssize_t n;

	if (!m || !(m->ctx = EVP_MD_CTX_new()) || EVP_DigestInit_ex(m->ctx, EVP_sha256(), NULL) != 1)
		goto fail;
	if (have > 0 && !(chunk = malloc(1 << 20)))
		goto fail;
	while (off < have) {
		n = pread(fd, chunk, (size_t)(have - off < (1 << 20) ? have - off : (1 << 20)), off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || EVP_DigestUpdate(m->ctx, chunk, (size_t)n) != 1)
			goto fail;
		off += n;
	}
	m->size = have;
	free(chunk);
	return m;
fail:
	free(chunk);
	hq_media_sum_free(m);
	return NULL;
}

int hq_media_sum_add(hq_media_sum *m, const void *p, size_t n)
{
	if (EVP_DigestUpdate(m->ctx, p, n) != 1)
		return -1;
	m->size += (long long)n;
	return 0;
}

/* Bytes of a medium received between two writebacks started. */
#define HQ_WRITEBACK (8LL << 20)

void hq_media_frame_write(void *arg)
{
	hq_media_frame *f = arg;
	const char *p = f->p;
	size_t n = f->n;
	ssize_t w;

	if (f->failed)
		return;
	while (n > 0) {
		w = write(f->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->failed = 1;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
	if (hq_media_sum_add(f->sum, f->p, f->n) != 0) {
		f->failed = 1;
		return;
	}
	f->at += (long long)f->n;
	if (f->at - f->kicked >= HQ_WRITEBACK) {
		sync_file_range(f->fd, f->kicked, f->at - f->kicked, SYNC_FILE_RANGE_WRITE);
		f->kicked = f->at;
	}
}

void hq_media_sum_free(hq_media_sum *m)
{
	if (!m)
		return;
	EVP_MD_CTX_free(m->ctx);
	free(m);
}

jl_status hq_media_done(db *d, const char *device, const char *path, int fd, hq_media_sum *sum,
			const char *sha256, long long size, msglist *err)
{
	buf dir = BUF_INIT, sub = BUF_INIT, final = BUF_INIT, now = BUF_INIT;
	char hex[LEDGER_HASH_LEN + 1];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	long long got = sum->size;
	sqlite3_stmt *st;
	jl_status rc = JL_ESTORE;
	int r;

	/* Hashed as it came (and the part a cut transfer left, once): no second
	 * read of the whole file. */
	if (EVP_DigestFinal_ex(sum->ctx, md, &mdlen) != 1 || mdlen != 32 || fsync(fd) != 0) {
		msglist_addf(err, NULL, path, "无法完成收到的音像文件：%s",
			     "cannot finish the medium received: %s", strerror(errno));
		goto done;
	}
	for (unsigned int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	if (got != size || strcmp(hex, sha256) != 0) {
		unlink(path); /* the next sync sends it whole */
		msglist_addf(err, NULL, sha256,
			     "收到的音像文件与其 SHA-256 不符（%lld 字节，哈希 %s）",
			     "the medium received does not match its SHA-256 (%lld bytes, hash %s)",
			     got, hex);
		rc = JL_EREFUSED;
		goto done;
	}
	hq_media_dir(d, &dir);
	buf_printf(&sub, "%s/%.2s", buf_str(&dir), sha256);
	buf_printf(&final, "%s/%s", buf_str(&sub), sha256);
	if (hq_mkdir(buf_str(&sub)) != 0 || rename(path, buf_str(&final)) != 0 ||
	    hq_fsync_dir(buf_str(&sub)) != 0) {
		msglist_addf(err, NULL, buf_str(&final), "无法存放音像文件：%s",
			     "cannot store the medium: %s", strerror(errno));
		goto done;
	}
	clock_now(&now);
	if (db_begin(d) != JL_OK)
		goto store;
	st = db_prepare(d, "INSERT OR IGNORE INTO hq_media(sha256, size, device, received_at) "
			   "VALUES (?1, ?2, ?3, ?4)");
	if (!st) {
		db_rollback(d);
		goto store;
	}
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_text(st, 3, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, buf_str(&now), -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	/* Complete, but no entry names it yet (core/hq_hold.h). */
	if (r == SQLITE_DONE && hq_hold_complete(d, device, sha256) != 0)
		r = SQLITE_ERROR;
	if (r != SQLITE_DONE || db_commit(d) != JL_OK) {
		db_rollback(d);
		goto store;
	}
	rc = JL_OK;
	goto done;
store:
	db_error(d, err, "无法登记音像文件", "cannot record the medium");
done:
	buf_free(&dir);
	buf_free(&sub);
	buf_free(&final);
	buf_free(&now);
	return rc;
}
