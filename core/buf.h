/* core/buf.h — the one growable string buffer used for all text building. */
#ifndef CORE_BUF_H
#define CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *data; /* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
	int oom;    /* set when an allocation failed; later appends do nothing */
} buf;

#define BUF_INIT {NULL, 0, 0, 0}

/* Appends LEN bytes of S. */
void buf_append(buf *b, const char *s, size_t len);
/* Appends the NUL-terminated string S (NULL appends nothing). */
void buf_puts(buf *b, const char *s);
/* Appends V in decimal, as "%lld" would (without the cost of printf). */
void buf_put_lld(buf *b, long long v);
/* Appends printf-formatted text. */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Returns the text so far: "" when empty, never NULL. Owned by B. */
const char *buf_str(const buf *b);
/* Empties B but keeps its memory. */
void buf_reset(buf *b);
/* Hands the text to the caller (who frees it with free()) and empties B.
 * Returns NULL when an allocation failed on the way. */
char *buf_steal(buf *b);
/* Frees what B holds. Safe to call twice. */
void buf_free(buf *b);

#endif
