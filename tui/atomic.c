/* tui/atomic.c — a file replaced whole or not at all (see atomic.h). */
#include "tui/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

jl_status atomic_write(const char *path, const char *data, size_t len,
		       msglist *msgs)
{
	buf tmp = BUF_INIT;
	char *dir = NULL, *tmpname = NULL;
	const char *what_zh = "无法写入", *what_en = "cannot write";
	int fd = -1, dfd = -1, err = 0;
	jl_status rc = JL_ESTORE;
	mode_t mask;

	buf_printf(&tmp, "%s.XXXXXX", path);
	tmpname = buf_steal(&tmp);
	dir = strdup(path);
	if (!tmpname || !dir) {
		rc = JL_ENOMEM;
		goto done;
	}
	fd = mkstemp(tmpname);
	if (fd < 0) {
		err = errno;
		goto done;
	}
	/* mkstemp makes it 0600; the file is as readable as any file the user makes. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		err = errno;
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = errno;
		goto done;
	}
	fd = -1;
	if (rename(tmpname, path) != 0) {
		err = errno;
		what_zh = "无法替换";
		what_en = "cannot replace";
		goto done;
	}
	free(tmpname);
	tmpname = NULL;
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	/* Some file systems cannot sync a directory (EINVAL); the file is in place. */
	if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL)) {
		err = errno;
		what_zh = "无法同步目录";
		what_en = "cannot sync the directory of";
		goto done;
	}
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
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	if (tmpname)
		unlink(tmpname);
	free(tmpname);
	free(dir);
	return rc;
}
