/* core/msg.h — lists of problems and findings, each citing its requirement. */
#ifndef CORE_MSG_H
#define CORE_MSG_H

#include <stddef.h>

#include "core/buf.h"

typedef struct {
	char *req;   /* requirement id ("R18.1", "R11-2.1"), or NULL */
	char *where; /* field path ("officers[1].cert"), "file: $.path", or NULL */
	char *zh;    /* message in Chinese, never NULL */
	char *en;    /* message in English, never NULL */
} msg;

typedef struct {
	msg *items;
	size_t n;
	size_t cap;
	int oom; /* an allocation failed: the list is incomplete */
} msglist;

#define MSGLIST_INIT {NULL, 0, 0, 0}

/* Appends a copy of the given texts (REQ and WHERE may be NULL). */
void msglist_add(msglist *l, const char *req, const char *where,
		 const char *zh, const char *en);
/* As msglist_add, with printf formats. The arguments are passed once and each
 * format is given all of them from the start, so ZH_FMT and EN_FMT use the same
 * values in the same order (the compiler checks both). */
void msglist_addf(msglist *l, const char *req, const char *where,
		  const char *zh_fmt, const char *en_fmt, ...)
	__attribute__((format(printf, 4, 6), format(printf, 5, 6)));
/* Moves every item of FROM to the end of TO; FROM is left empty. */
void msglist_take(msglist *to, msglist *from);
/* Frees every item. Safe to call twice. */
void msglist_free(msglist *l);

/*
 * Appends one line (no newline) for M in LANG ("zh" or "en"):
 *   "R18.1 第十八条: officers: 至少两名执法人员"  /  "R18.1 Art. 18: officers: ..."
 * Parts that are NULL are left out.
 */
void msg_format(const msg *m, const char *lang, buf *out);

/*
 * Appends the article a requirement id belongs to: "R18.1" → "第十八条" or
 * "Art. 18"; "R11-2.1" → "第十一条（二）" or "Art. 11(2)".
 * Returns 0, or -1 when REQ is not of the form R<n>[-2].<m> (nothing appended).
 */
int msg_article(const char *req, const char *lang, buf *out);

/* Returns 1 when REQ is a well-formed requirement id, else 0. */
int msg_req_valid(const char *req);

#endif
