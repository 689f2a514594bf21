/* core/sync_io.h — the sync protocol's reader and writer: JSON lines and
 * length-prefixed raw frames over any byte stream, with hard limits. */
#ifndef CORE_SYNC_IO_H
#define CORE_SYNC_IO_H

#include <cJSON.h>
#include <stddef.h>

#include "core/buf.h"

/* Hard limits of the protocol (docs/sync.md). A line or a frame larger
 * than its limit ends the session: the reader never grows past them. */
#define SYNC_LINE_MAX  (8u << 20) /* one JSON message, newline included */
#define SYNC_FRAME_MAX (1u << 20) /* one frame of a medium's bytes */
#define SYNC_PROTO     2 /* 2: the hello says what the device holds; HQ pushes */
/* The parts of one push at most (docs/sync.md): what HQ sends a device is
 * held in memory there until the last part, so it is bounded too. */
#define SYNC_PUSH_PARTS 64

/* Why a read or write failed (sync_io.fail). */
enum {
	SYNC_IO_OK = 0,
	SYNC_IO_EOF,      /* the other side closed the stream between messages */
	SYNC_IO_TRUNC,    /* closed in the middle of a message or frame */
	SYNC_IO_TIMEOUT,  /* nothing arrived / nothing could be sent in time */
	SYNC_IO_BROKEN,   /* the stream failed (reset, channel error) */
	SYNC_IO_TOOLONG,  /* a line or frame over its limit */
	SYNC_IO_GARBAGE,  /* not a JSON object with a string "t" */
	SYNC_IO_SLOW,     /* the bytes came slower than the pace set (sync_io_pace) */
};

/*
 * The two primitives a transport provides. READ reads up to N bytes into P,
 * waiting at most TIMEOUT_MS: returns the count (> 0), 0 at end of stream,
 * -1 on an error, -2 on a timeout. WRITE writes all N bytes, each wait at most
 * TIMEOUT_MS: returns 0, -1 on an error, -2 on a timeout.
 */
typedef long (*sync_read_fn)(void *ctx, void *p, size_t n, int timeout_ms);
typedef int (*sync_write_fn)(void *ctx, const void *p, size_t n, int timeout_ms);

typedef struct {
	sync_read_fn read;
	sync_write_fn write;
	void *ctx;
	int timeout_ms;            /* the deadline of every read and write */
	char *in;                  /* bytes read ahead (owned) */
	size_t in_pos, in_len, in_cap;
	int fail;                  /* SYNC_IO_… of the last failure */
	unsigned long long sent;   /* bytes written, for the progress bar */
	unsigned long long received;
	long long pace_rate;       /* sync_io_pace: bytes/s the reads must average (0: none) */
	long long pace_t0_ms;      /* … since this moment (CLOCK_MONOTONIC) */
	unsigned long long pace_base; /* received at that moment */
} sync_io;

/* Sets up IO over READ/WRITE/CTX. Nothing is allocated until the first read. */
void sync_io_init(sync_io *io, sync_read_fn read, sync_write_fn write, void *ctx, int timeout_ms);
/* Frees what IO holds (not CTX). Safe to call twice. */
void sync_io_free(sync_io *io);

/* The transport over two file descriptors (HQ's stdin and stdout), with
 * poll() deadlines. CTX is an int[2] {read fd, write fd} owned by the caller. */
long sync_fd_read(void *ctx, void *p, size_t n, int timeout_ms);
int sync_fd_write(void *ctx, const void *p, size_t n, int timeout_ms);

/*
 * Reads one message: a line of at most SYNC_LINE_MAX bytes holding a JSON
 * object whose member "t" is a string. Returns 0 and *OUT (caller frees with
 * cJSON_Delete), or -1 with IO->fail set (SYNC_IO_EOF when the stream ended
 * cleanly before any byte of a message).
 */
int sync_io_read_msg(sync_io *io, cJSON **out);

/* sync_io_read_msg in two steps, for a reader that can take some messages
 * without a cJSON tree (core/sync_batch.h). Reads one line of at most
 * SYNC_LINE_MAX bytes: returns 0 with *LINE (NUL-terminated, *LEN bytes
 * without the newline; IO's until the next read), or -1 with IO->fail set. */
int sync_io_read_line(sync_io *io, const char **line, size_t *len);
/* Returns 1 when a byte of the next message is at hand, or the stream has
 * ended or failed (the next read says which), without waiting; 0 when
 * nothing has come yet. Invalidates a line read before. */
int sync_io_ready(sync_io *io);
/* Parses LINE as a message. Returns 0 and *OUT (caller frees with
 * cJSON_Delete), or -1 with IO->fail = SYNC_IO_GARBAGE. */
int sync_io_parse(sync_io *io, const char *line, size_t len, cJSON **out);

/* Writes MSG as one line. Returns 0, or -1 with IO->fail set. */
int sync_io_write_msg(sync_io *io, const cJSON *msg);

/* Writes LINE, LEN bytes ending in its newline (at most SYNC_LINE_MAX), a
 * message its caller wrote as text. Returns 0, or -1 with IO->fail set. */
int sync_io_write_line(sync_io *io, const char *line, size_t len);

/* Writes LEN bytes (1 ≤ LEN ≤ SYNC_FRAME_MAX) as one frame: 4 bytes of
 * length, big-endian, then the bytes. Returns 0 or -1. */
int sync_io_write_frame(sync_io *io, const void *data, size_t len);

/*
 * Reads one frame into P (room for SYNC_FRAME_MAX bytes). Returns its
 * length (1…SYNC_FRAME_MAX), or -1 with IO->fail set (a zero or oversized
 * length is SYNC_IO_TOOLONG).
 */
long sync_io_read_frame(sync_io *io, void *p);

/*
 * From now on, the bytes read must arrive at RATE bytes/s on average, with
 * the read deadline (timeout_ms) as slack: by T ms from now at least
 * RATE * (T - timeout_ms) / 1000 bytes. A read that would wait past that
 * fails with SYNC_IO_SLOW. A peer trickling a byte now and then, each
 * within the read deadline, so ends instead of holding the session (and
 * what it locks) for ever. RATE 0 ends the pace.
 */
void sync_io_pace(sync_io *io, long long rate);

/* Appends why IO failed, in Chinese and English. */
void sync_io_why(const sync_io *io, buf *zh, buf *en);

#endif
