/* core/sync_io.c — JSON lines and raw frames with hard limits. */
#include "core/sync_io.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/jsonx.h"

#define SYNC_READ_CHUNK (64u << 10)

void sync_io_init(sync_io *io, sync_read_fn read, sync_write_fn write, void *ctx, int timeout_ms)
{
	memset(io, 0, sizeof *io);
	io->read = read;
	io->write = write;
	io->ctx = ctx;
	io->timeout_ms = timeout_ms;
}

void sync_io_free(sync_io *io)
{
	free(io->in);
	io->in = NULL;
	io->in_pos = io->in_len = io->in_cap = 0;
}

long sync_fd_read(void *ctx, void *p, size_t n, int timeout_ms)
{
	int fd = ((int *)ctx)[0];
	struct pollfd pf = {fd, POLLIN, 0};
	ssize_t got;
	int rc;

	for (;;) {
		rc = poll(&pf, 1, timeout_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (rc == 0)
			return -2;
		got = read(fd, p, n);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		return got < 0 ? -1 : (long)got;
	}
}

int sync_fd_write(void *ctx, const void *p, size_t n, int timeout_ms)
{
	int fd = ((int *)ctx)[1];
	const char *s = p;
	struct pollfd pf = {fd, POLLOUT, 0};
	ssize_t put;
	int rc;

	while (n > 0) {
		rc = poll(&pf, 1, timeout_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (rc == 0)
			return -2;
		put = write(fd, s, n);
		if (put < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (put <= 0)
			return -1;
		s += put;
		n -= (size_t)put;
	}
	return 0;
}

static long long sync_io_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sync_io_pace(sync_io *io, long long rate)
{
	io->pace_rate = rate > 0 ? rate : 0;
	io->pace_t0_ms = sync_io_now_ms();
	io->pace_base = io->received;
}

/* How long the next read may wait: the read deadline, or less when the
 * pace set needs the next bytes sooner. Returns it in ms (≤ 0: too late)
 * and *PACED when the pace is what limits it. */
static long long sync_io_wait_ms(const sync_io *io, int *paced)
{
	long long due;

	*paced = 0;
	if (io->pace_rate <= 0)
		return io->timeout_ms;
	/* The moment the bytes so far stop being enough. */
	due = io->pace_t0_ms + io->timeout_ms +
	      (long long)((io->received - io->pace_base) * 1000 / (unsigned long long)io->pace_rate);
	due -= sync_io_now_ms();
	if (due >= io->timeout_ms)
		return io->timeout_ms;
	*paced = 1;
	return due;
}

/* Reads more bytes into IO->in, keeping what is unread. Returns the count
 * read (> 0), 0 at end of stream, -1 with IO->fail set. */
static long sync_io_fill(sync_io *io, size_t want)
{
	long long wait;
	long got;
	int paced;

	if (io->in_pos > 0) {
		memmove(io->in, io->in + io->in_pos, io->in_len - io->in_pos);
		io->in_len -= io->in_pos;
		io->in_pos = 0;
	}
	if (io->in_cap - io->in_len < want) {
		size_t cap = io->in_len + want;
		char *p = realloc(io->in, cap);
		if (!p) {
			io->fail = SYNC_IO_BROKEN;
			return -1;
		}
		io->in = p;
		io->in_cap = cap;
	}
	wait = sync_io_wait_ms(io, &paced);
	if (wait <= 0) {
		io->fail = SYNC_IO_SLOW;
		return -1;
	}
	got = io->read(io->ctx, io->in + io->in_len, io->in_cap - io->in_len, (int)wait);
	if (got == -2) {
		io->fail = paced ? SYNC_IO_SLOW : SYNC_IO_TIMEOUT;
		return -1;
	}
	if (got < 0) {
		io->fail = SYNC_IO_BROKEN;
		return -1;
	}
	io->in_len += (size_t)got;
	io->received += (unsigned long long)got;
	return got;
}

int sync_io_read_line(sync_io *io, const char **line, size_t *len)
{
	size_t scanned = 0;
	char *nl;
	long got;

	*line = NULL;
	*len = 0;
	for (;;) {
		nl = io->in ? memchr(io->in + io->in_pos + scanned, '\n',
				     io->in_len - io->in_pos - scanned) : NULL;
		if (nl)
			break;
		scanned = io->in_len - io->in_pos;
		if (scanned >= SYNC_LINE_MAX) {
			io->fail = SYNC_IO_TOOLONG;
			return -1;
		}
		got = sync_io_fill(io, SYNC_READ_CHUNK);
		if (got < 0)
			return -1;
		if (got == 0) {
			io->fail = scanned ? SYNC_IO_TRUNC : SYNC_IO_EOF;
			return -1;
		}
	}
	if ((size_t)(nl - (io->in + io->in_pos)) + 1 > SYNC_LINE_MAX) {
		io->fail = SYNC_IO_TOOLONG;
		return -1;
	}
	*nl = '\0';
	*line = io->in + io->in_pos;
	*len = (size_t)(nl - (io->in + io->in_pos));
	io->in_pos = (size_t)(nl - io->in) + 1;
	return 0;
}

int sync_io_ready(sync_io *io)
{
	long got;

	if (io->in_pos < io->in_len)
		return 1;
	/* Everything read before is consumed: the buffer starts again. */
	io->in_pos = io->in_len = 0;
	if (io->in_cap < SYNC_READ_CHUNK) {
		char *p = realloc(io->in, SYNC_READ_CHUNK);
		if (!p)
			return 1; /* the read that follows says what is wrong */
		io->in = p;
		io->in_cap = SYNC_READ_CHUNK;
	}
	got = io->read(io->ctx, io->in + io->in_len, io->in_cap - io->in_len, 0);
	if (got == -2)
		return 0;
	if (got > 0) {
		io->in_len += (size_t)got;
		io->received += (unsigned long long)got;
		return 1;
	}
	/* The end of the stream, or an error: the read that follows meets
	 * it again and says so. */
	return 1;
}

int sync_io_parse(sync_io *io, const char *line, size_t len, cJSON **out)
{
	cJSON *v = cJSON_ParseWithLength(line, len);

	*out = NULL;
	if (!v || !cJSON_IsObject(v) || !jsonx_str(v, "t")) {
		cJSON_Delete(v);
		io->fail = SYNC_IO_GARBAGE;
		return -1;
	}
	*out = v;
	return 0;
}

int sync_io_read_msg(sync_io *io, cJSON **out)
{
	const char *line;
	size_t len;

	*out = NULL;
	if (sync_io_read_line(io, &line, &len) != 0)
		return -1;
	return sync_io_parse(io, line, len, out);
}

static int sync_io_put(sync_io *io, const void *p, size_t n)
{
	int rc = io->write(io->ctx, p, n, io->timeout_ms);

	if (rc == 0) {
		io->sent += n;
		return 0;
	}
	io->fail = rc == -2 ? SYNC_IO_TIMEOUT : SYNC_IO_BROKEN;
	return -1;
}

int sync_io_write_msg(sync_io *io, const cJSON *msg)
{
	char *s = cJSON_PrintUnformatted(msg);
	size_t n;
	int rc;

	if (!s) {
		io->fail = SYNC_IO_BROKEN;
		return -1;
	}
	n = strlen(s);
	if (n + 1 > SYNC_LINE_MAX) {
		free(s);
		io->fail = SYNC_IO_TOOLONG;
		return -1;
	}
	s[n] = '\n'; /* replaces the NUL: the line is sent with its length */
	rc = sync_io_put(io, s, n + 1);
	free(s);
	return rc;
}

int sync_io_write_line(sync_io *io, const char *line, size_t len)
{
	if (len == 0 || line[len - 1] != '\n' || len > SYNC_LINE_MAX) {
		io->fail = SYNC_IO_TOOLONG;
		return -1;
	}
	return sync_io_put(io, line, len);
}

int sync_io_write_frame(sync_io *io, const void *data, size_t len)
{
	unsigned char h[4];

	if (len == 0 || len > SYNC_FRAME_MAX) {
		io->fail = SYNC_IO_TOOLONG;
		return -1;
	}
	h[0] = (unsigned char)(len >> 24);
	h[1] = (unsigned char)(len >> 16);
	h[2] = (unsigned char)(len >> 8);
	h[3] = (unsigned char)len;
	if (sync_io_put(io, h, 4) != 0)
		return -1;
	return sync_io_put(io, data, len);
}

/* Takes exactly N bytes into P from the read-ahead and the stream. */
static int sync_io_take(sync_io *io, void *p, size_t n)
{
	char *dst = p;
	size_t have;
	long long wait;
	long got;
	int paced;

	while (n > 0) {
		have = io->in_len - io->in_pos;
		if (have == 0 && n >= SYNC_READ_CHUNK) {
			/* A medium's frame: straight into P, not through the
			 * read-ahead and a copy (a second pass over every byte). */
			wait = sync_io_wait_ms(io, &paced);
			if (wait <= 0) {
				io->fail = SYNC_IO_SLOW;
				return -1;
			}
			got = io->read(io->ctx, dst, n, (int)wait);
			if (got == -2 || got < 0) {
				io->fail = got == -2 ? (paced ? SYNC_IO_SLOW : SYNC_IO_TIMEOUT) : SYNC_IO_BROKEN;
				return -1;
			}
			if (got == 0) {
				io->fail = SYNC_IO_TRUNC;
				return -1;
			}
			io->received += (unsigned long long)got;
			dst += got;
			n -= (size_t)got;
			continue;
		}
		if (have == 0) {
			got = sync_io_fill(io, SYNC_READ_CHUNK);
			if (got < 0)
				return -1;
			if (got == 0) {
				io->fail = SYNC_IO_TRUNC;
				return -1;
			}
			continue;
		}
		if (have > n)
			have = n;
		memcpy(dst, io->in + io->in_pos, have);
		io->in_pos += have;
		dst += have;
		n -= have;
	}
	return 0;
}

long sync_io_read_frame(sync_io *io, void *p)
{
	unsigned char h[4];
	unsigned long len;

	if (sync_io_take(io, h, 4) != 0)
		return -1;
	len = (unsigned long)h[0] << 24 | (unsigned long)h[1] << 16 | (unsigned long)h[2] << 8 | h[3];
	if (len == 0 || len > SYNC_FRAME_MAX) {
		io->fail = SYNC_IO_TOOLONG;
		return -1;
	}
	if (sync_io_take(io, p, len) != 0)
		return -1;
	return (long)len;
}

void sync_io_why(const sync_io *io, buf *zh, buf *en)
{
	switch (io->fail) {
	case SYNC_IO_EOF:
		buf_puts(zh, "对方关闭了连接");
		buf_puts(en, "the other side closed the connection");
		break;
	case SYNC_IO_TRUNC:
		buf_puts(zh, "消息不完整：连接在消息中途关闭");
		buf_puts(en, "a truncated message: the connection closed in the middle of it");
		break;
	case SYNC_IO_TIMEOUT:
		buf_printf(zh, "连接无响应（%d 秒内无数据）", io->timeout_ms / 1000);
		buf_printf(en, "the link is dead (nothing for %d s)", io->timeout_ms / 1000);
		break;
	case SYNC_IO_SLOW:
		buf_printf(zh, "传送太慢：平均每秒不足 %lld 字节（另有 %d 秒宽限），会话结束，已收到的部分保留以便续传",
			   io->pace_rate, io->timeout_ms / 1000);
		buf_printf(en, "the transfer is too slow: under %lld bytes/s on average (with %d s of "
			   "slack); the session ends, and what came is kept for a resume",
			   io->pace_rate, io->timeout_ms / 1000);
		break;
	case SYNC_IO_TOOLONG:
		buf_printf(zh, "消息超出上限（一行 %u 字节，一帧 %u 字节）", SYNC_LINE_MAX, SYNC_FRAME_MAX);
		buf_printf(en, "a message over the limit (a line %u bytes, a frame %u bytes)",
			   SYNC_LINE_MAX, SYNC_FRAME_MAX);
		break;
	case SYNC_IO_GARBAGE:
		buf_puts(zh, "无法识别的消息（不是含 \"t\" 的 JSON 对象）");
		buf_puts(en, "a message that is not understood (not a JSON object with \"t\")");
		break;
	default:
		buf_puts(zh, "连接中断");
		buf_puts(en, "the connection broke");
		break;
	}
}
