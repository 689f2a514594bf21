/* core/msg.c — problem lists and article names. */
#include "core/msg.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *msg_dup(msglist *l, const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		l->oom = 1;
	return p;
}

void msglist_add(msglist *l, const char *req, const char *where,
		 const char *zh, const char *en)
{
	msg *m;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		msg *p = realloc(l->items, cap * sizeof *p);
		if (!p) {
			l->oom = 1;
			return;
		}
		l->items = p;
		l->cap = cap;
	}
	m = &l->items[l->n];
	m->req = msg_dup(l, req);
	m->where = msg_dup(l, where);
	m->zh = msg_dup(l, zh ? zh : (en ? en : ""));
	m->en = msg_dup(l, en ? en : (zh ? zh : ""));
	l->n++;
}

void msglist_addf(msglist *l, const char *req, const char *where,
		  const char *zh_fmt, const char *en_fmt, ...)
{
	va_list ap;
	buf zh = BUF_INIT, en = BUF_INIT;

	va_start(ap, en_fmt);
	buf_vprintf(&zh, zh_fmt, ap);
	va_end(ap);
	va_start(ap, en_fmt);
	buf_vprintf(&en, en_fmt, ap);
	va_end(ap);
	if (zh.oom || en.oom)
		l->oom = 1;
	msglist_add(l, req, where, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
}

void msglist_take(msglist *to, msglist *from)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		msg *m = &from->items[i];
		msglist_add(to, m->req, m->where, m->zh, m->en);
	}
	if (from->oom)
		to->oom = 1;
	msglist_free(from);
}

void msglist_free(msglist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].req);
		free(l->items[i].where);
		free(l->items[i].zh);
		free(l->items[i].en);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
	l->oom = 0;
}

static const char *zh_digit[] = {"", "一", "二", "三", "四", "五",
				 "六", "七", "八", "九"};

/* Chinese numeral for 1..99 as written in article numbers: 十八, 二十一. */
static void msg_zh_number(int n, buf *out)
{
	int tens = n / 10, ones = n % 10;

	if (tens > 1)
		buf_puts(out, zh_digit[tens]);
	if (tens >= 1)
		buf_puts(out, "十");
	if (ones)
		buf_puts(out, zh_digit[ones]);
}

/* Parses "R<art>[-<sub>].<item>"; returns 0 and fills ART/SUB, or -1. */
static int msg_parse_req(const char *req, int *art, int *sub)
{
	const char *p = req;
	int a = 0, s = 0, digits = 0;

	if (!p || *p++ != 'R')
		return -1;
	while (isdigit((unsigned char)*p) && digits < 3) {
		a = a * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits || a < 1 || a > 99)
		return -1;
	if (*p == '-') {
		p++;
		digits = 0;
		while (isdigit((unsigned char)*p) && digits < 2) {
			s = s * 10 + (*p++ - '0');
			digits++;
		}
		if (!digits || s < 2)
			return -1;
	}
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p)
		return -1;
	*art = a;
	*sub = s;
	return 0;
}

int msg_req_valid(const char *req)
{
	int a, s;

	return msg_parse_req(req, &a, &s) == 0;
}

int msg_article(const char *req, const char *lang, buf *out)
{
	int art, sub;

	if (msg_parse_req(req, &art, &sub) != 0)
		return -1;
	if (lang && strcmp(lang, "en") == 0) {
		buf_printf(out, "Art. %d", art);
		if (sub)
			buf_printf(out, "(%d)", sub);
		return 0;
	}
	buf_puts(out, "第");
	msg_zh_number(art, out);
	buf_puts(out, "条");
	if (sub) {
		buf_puts(out, "（");
		msg_zh_number(sub, out);
		buf_puts(out, "）");
	}
	return 0;
}

void msg_format(const msg *m, const char *lang, buf *out)
{
	int en = lang && strcmp(lang, "en") == 0;
	int started = 0;

	if (m->req) {
		buf_puts(out, m->req);
		buf_puts(out, " ");
		if (msg_article(m->req, lang, out) != 0)
			buf_puts(out, "?");
		started = 1;
	}
	if (m->where) {
		if (started)
			buf_puts(out, ": ");
		buf_puts(out, m->where);
		started = 1;
	}
	if (started)
		buf_puts(out, ": ");
	buf_puts(out, en ? m->en : m->zh);
}
