/*
 * core/ident.c — the check characters of the USCC and of the resident
 * identity number (regulation/documents.md), and what an officer is told
 * when one is wrong.
 */
#include "core/ident.h"

#include <stdio.h>
#include <string.h>

#include "core/shape.h"

/*
 * Counts characters, not bytes, so that an officer who typed a full-width
 * digit is told a position that matches what is on screen.
 */
static int utf8_length(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* 1-based character position of the first non-ASCII byte, or 0. */
static int first_non_ascii(const char *s)
{
	int pos = 0;

	for (; *s; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80)
			pos++;
		if ((unsigned char)*s >= 0x80)
			return pos;
	}
	return 0;
}

/* Length 18 and all ASCII, else fills R; the common first step of both ids. */
static int id_shape_ok(const char *s, ident_result *r)
{
	int n = utf8_length(s);

	if (n != 18) {
		r->why = IDENT_LENGTH;
		r->pos = n;
		return 0;
	}
	r->pos = first_non_ascii(s);
	if (r->pos) {
		r->why = IDENT_CHAR;
		return 0;
	}
	return 1;
}

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

void ident_uscc_check(const char *s, ident_result *r)
{
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20,
				  29, 25, 13, 8, 24, 10, 30, 28};
	int i, sum = 0;
	char c;

	r->why = IDENT_OK;
	r->pos = 0;
	r->expected = '\0';
	if (!id_shape_ok(s, r))
		return;
	for (i = 0; i < 17; i++) {
		const char *p = s[i] ? strchr(uscc_alphabet, s[i]) : NULL;

		if (!p) {
			r->why = IDENT_CHAR;
			r->pos = i + 1;
			return;
		}
		sum += (int)(p - uscc_alphabet) * w[i];
	}
	c = uscc_alphabet[(31 - sum % 31) % 31];
	if (s[17] != c) {
		/* Whatever stands in position 18, only the check is wrong. */
		r->why = IDENT_CHECK;
		r->expected = c;
	}
}

void ident_resident_check(const char *s, ident_result *r)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
				  3, 7, 9, 10, 5, 8, 4, 2};
	int i, sum = 0;
	char c, last, birth[11];

	r->why = IDENT_OK;
	r->pos = 0;
	r->expected = '\0';
	if (!id_shape_ok(s, r))
		return;
	for (i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9') {
			r->why = IDENT_CHAR;
			r->pos = i + 1;
			return;
		}
		sum += (s[i] - '0') * w[i];
	}
	last = s[17] == 'x' ? 'X' : s[17];
	if ((last < '0' || last > '9') && last != 'X') {
		r->why = IDENT_CHAR;
		r->pos = 18;
		return;
	}
	/* Positions 7–14 are the birth date, a calendar day as any date field
	 * holds; all digits by now, so only the calendar can refuse it. */
	snprintf(birth, sizeof birth, "%.4s-%.2s-%.2s", s + 6, s + 10, s + 12);
	if (shape_parse_date(birth, NULL, NULL, NULL) != 0) {
		r->why = IDENT_BIRTH;
		return;
	}
	c = "10X98765432"[sum % 11];
	if (last != c) {
		r->why = IDENT_CHECK;
		r->expected = c;
	}
}

void ident_report(msglist *out, const char *req, const char *where,
		  const ident_result *r, int resident)
{
	switch (r->why) {
	case IDENT_OK:
		break;
	case IDENT_LENGTH:
		msglist_addf(out, req, where, "应为18位（现有 %d 位）",
			     "must be 18 characters (%d given)", r->pos);
		break;
	case IDENT_CHAR:
		if (resident)
			msglist_addf(out, req, where,
				     "第%d位字符无效（前17位为数字，第18位为数字或 X）",
				     "character %d is not allowed (17 digits, then a digit or X)",
				     r->pos);
		else
			msglist_addf(out, req, where,
				     "第%d位字符无效（只用数字和大写字母，不含 I、O、S、V、Z）",
				     "character %d is not allowed (digits and capitals except I, O, S, V, Z)",
				     r->pos);
		break;
	case IDENT_BIRTH:
		msglist_add(out, req, where, "出生日期不是有效日期",
			    "the birth date is not a real date");
		break;
	case IDENT_CHECK:
		msglist_addf(out, req, where, "校验位错误，应为 %c",
			     "wrong check character, should be %c",
			     r->expected);
		break;
	}
}

static int id_public(const ident_result *r, char *expected)
{
	if (expected)
		*expected = r->why == IDENT_CHECK ? r->expected : '\0';
	return r->why == IDENT_OK ? 0 : -1;
}

int ident_uscc_valid(const char *s, char *expected)
{
	ident_result r = {IDENT_LENGTH, 0, '\0'};

	if (s)
		ident_uscc_check(s, &r);
	return id_public(&r, expected);
}

int ident_resident_id_valid(const char *s, char *expected)
{
	ident_result r = {IDENT_LENGTH, 0, '\0'};

	if (s)
		ident_resident_check(s, &r);
	return id_public(&r, expected);
}
