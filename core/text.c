/* core/text.c — the one rule for stored strings and how they are shown (see text.h). */
#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* Why a character is refused in a kind of text; TEXT_FINE when it is not. */
typedef enum { TEXT_FINE, TEXT_CONTROL, TEXT_BREAK, TEXT_BIDI, TEXT_INVISIBLE } text_why;

static int text_c0_c1(ucs4_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

/*
 * The characters records are mostly written in are told by their range: the
 * libunistring lookups cost about a hundred instructions a character, made
 * several times for each character of every value each time a record is
 * checked, and they were a quarter of finalising's instructions. Within
 * these ranges every property below is false (U+3000, U+3164, U+00AD,
 * U+200B–U+200F and the combining tone marks U+302A–U+302F lie outside
 * them); tests/unit/test_text_fast.c holds each
 * of their code points to libunistring's answer.
 */
static inline int text_plain_cp(ucs4_t cp)
{
	if (cp < 0x80)
		return cp > 0x20 && cp < 0x7F;       /* ASCII, not space or a control */
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||    /* CJK unified ideographs */
	       (cp >= 0x3001 && cp <= 0x3029) ||    /* CJK punctuation, not U+3000 */
	       (cp >= 0x3030 && cp <= 0x303F) ||    /* (U+302A–U+302F combine) */
	       (cp >= 0xFF01 && cp <= 0xFF5E) ||    /* full-width forms */
	       (cp >= 0x2010 && cp <= 0x2027) ||    /* dashes, quotes, ellipsis */
	       (cp >= 0x3220 && cp <= 0x4DFF) ||    /* enclosed CJK, extension A */
	       (cp >= 0xA000 && cp <= 0xA48C);      /* Yi */
}

int text_plain(uint32_t cp)
{
	return text_plain_cp(cp);
}

/* Format and default-ignorable characters: written, but not seen. The
 * combining ones (variation selectors, U+034F) shape the character before
 * them and are left to it. */
static int text_hidden(ucs4_t cp)
{
	if (text_plain_cp(cp))
		return 0;
	return (uc_is_property_default_ignorable_code_point(cp) ||
		uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_Cf)) &&
	       !uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_M);
}

/* What trimming cuts: white space and hidden characters. A control character
 * is left for text_check to refuse, not cut silently — but for the ASCII
 * white space (tab, line feed, carriage return …) people type around text. */
static int text_trimmed(ucs4_t cp)
{
	/* A bidi control (U+202E …) is hidden too, but it is not a blank: it
	 * turns what follows around, so it stays for text_check to refuse by
	 * name (a role typed as "\u202Eadmin" is not "admin"). */
	if (text_plain_cp(cp) || uc_is_property_bidi_control(cp))
		return 0;
	return (uc_is_property_white_space(cp) && !(cp >= 0x80 && cp <= 0x9F)) ||
	       text_hidden(cp);
}

/* Nothing visible: what text_blank skips (and, as an identifier, refuses). */
static int text_invisible(ucs4_t cp)
{
	if (text_plain_cp(cp) || uc_is_property_bidi_control(cp))
		return 0; /* not blank: refused by name (above) */
	/* U+2800 BRAILLE PATTERN BLANK is a symbol (So) that shows as a space:
	 * the blank every "invisible name" trick reaches for after U+3164. */
	return text_trimmed(cp) || uc_is_property_default_ignorable_code_point(cp) ||
	       uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_Cc | UC_CATEGORY_MASK_Z) ||
	       cp == 0x2800;
}

static text_why text_judge(ucs4_t cp, text_kind k)
{
	if (text_plain_cp(cp) || (cp == ' ' && k != TEXT_LINES))
		return TEXT_FINE;
	if (k == TEXT_LINES)
		return text_c0_c1(cp) && cp != '\n' && cp != '\t' ? TEXT_CONTROL : TEXT_FINE;
	if (cp == '\n' || cp == 0x2028 || cp == 0x2029)
		return TEXT_BREAK;
	if (text_c0_c1(cp))
		return TEXT_CONTROL;
	if (uc_is_property_bidi_control(cp))
		return TEXT_BIDI;
	/* "张\u200B三" would pass for a second officer beside "张三". */
	if (text_hidden(cp))
		return TEXT_INVISIBLE;
	if (k == TEXT_ID && cp != ' ' && text_invisible(cp))
		return TEXT_INVISIBLE;
	return TEXT_FINE;
}

/* Decodes the character at S (N ≥ 1 bytes left) into *CP. Returns its length,
 * or 0 when the bytes there are not UTF-8 (a stray or missing continuation
 * byte, an overlong form, a surrogate, a code point above U+10FFFF).
 * ASCII and the three-byte forms that can be neither overlong nor a
 * surrogate (lead byte E1–EC or EE–EF, RFC 3629; most of Chinese text) are
 * decoded here, the rest by libunistring. */
static inline size_t text_decode(const char *s, size_t n, ucs4_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int k;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (n >= 3 && ((u[0] >= 0xE1 && u[0] <= 0xEC) || u[0] >= 0xEE) && u[0] <= 0xEF &&
	    (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		*cp = (ucs4_t)(u[0] & 0x0F) << 12 | (ucs4_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		return 3;
	}
	k = u8_mbtoucr(cp, u, n);
	return k > 0 ? (size_t)k : 0;
}

static void text_report(msglist *out, const char *req, const char *where, text_why why,
			text_kind k, size_t pos, ucs4_t cp)
{
	unsigned long u = (unsigned long)cp;

	switch (why) {
	case TEXT_CONTROL:
		if (k == TEXT_LINES)
			msglist_addf(out, req, where,
				     "第%zu个字符是控制字符 U+%04lX，不允许（只可用换行和制表符）",
				     "character %zu is the control character U+%04lX (only line feeds and tabs are allowed)",
				     pos, u);
		else
			msglist_addf(out, req, where,
				     "第%zu个字符是控制字符 U+%04lX，不允许（此处只可填一行文字）",
				     "character %zu is the control character U+%04lX (this value is one line of text)",
				     pos, u);
		break;
	case TEXT_BREAK:
		msglist_addf(out, req, where, "第%zu个字符是换行（U+%04lX），此处只可填一行文字",
			     "character %zu is a line break (U+%04lX): this value is one line of text",
			     pos, u);
		break;
	case TEXT_BIDI:
		msglist_addf(out, req, where, "第%zu个字符是文字方向控制符 U+%04lX，此处不允许",
			     "character %zu is the bidirectional control U+%04lX, not allowed here",
			     pos, u);
		break;
	case TEXT_INVISIBLE:
		if (k == TEXT_ID)
			msglist_addf(out, req, where, "第%zu个字符 U+%04lX 不可见，编号中不允许",
				     "character %zu (U+%04lX) is invisible, not allowed in an identifier",
				     pos, u);
		else
			msglist_addf(out, req, where, "第%zu个字符 U+%04lX 不可见，此处不允许",
				     "character %zu (U+%04lX) is invisible, not allowed here", pos, u);
		break;
	case TEXT_FINE:
		break;
	}
}

int text_check(const char *s, size_t len, text_kind k, msglist *out, const char *req,
	       const char *where)
{
	size_t i = 0, n, pos = 0;
	ucs4_t cp;
	text_why why;

	while (i < len) {
		pos++;
		/* Printable ASCII and the space pass in every kind of text. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			i++;
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (out)
				msglist_addf(out, req, where, "第%zu个字符不是有效的 UTF-8 编码",
					     "character %zu is not valid UTF-8", pos);
			return 0;
		}
		why = text_judge(cp, k);
		if (why != TEXT_FINE) {
			if (out)
				text_report(out, req, where, why, k, pos, cp);
			return 0;
		}
		i += n;
	}
	return 1;
}

/* Length of the trimmable character that ends the LEN bytes at S, or 0. */
static size_t text_trimmed_before(const char *s, size_t len)
{
	size_t k, n;
	ucs4_t cp;

	/* A character is at most 4 bytes: try each start from the nearest. */
	for (k = 1; k <= 4 && k <= len; k++) {
		if (((unsigned char)s[len - k] & 0xC0) == 0x80)
			continue;
		n = text_decode(s + len - k, k, &cp);
		return n == k && text_trimmed(cp) ? k : 0;
	}
	return 0;
}

void text_trim_bounds(const char *s, size_t len, size_t *start, size_t *end)
{
	size_t a = 0, b = len, n;
	ucs4_t cp;

	while (a < b && (n = text_decode(s + a, b - a, &cp)) > 0 && text_trimmed(cp))
		a += n;
	while (b > a && (n = text_trimmed_before(s + a, b - a)) > 0)
		b -= n;
	*start = a;
	*end = b;
}

char *text_trim(const char *s)
{
	size_t a, b;

	if (!s)
		return NULL;
	text_trim_bounds(s, strlen(s), &a, &b);
	return strndup(s + a, b - a);
}

int text_blank(const char *s)
{
	size_t a, b;

	if (!s)
		return 1;
	text_trim_bounds(s, strlen(s), &a, &b);
	/* Trimming keeps combining marks and controls; a text of nothing else
	 * that is invisible is blank too, and so is one of marks with no
	 * letter to sit on (" \u0301" shows as a stray accent, not a place). */
	while (a < b) {
		ucs4_t cp;
		size_t n = text_decode(s + a, b - a, &cp);
		if (n == 0 || !(text_invisible(cp) ||
				uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_Mn |
									 UC_CATEGORY_MASK_Me)))
			return 0;
		a += n;
	}
	return 1;
}

char *text_ident(const char *s)
{
	char *t = text_trim(s), *r;
	uint8_t *norm;
	size_t n = 0;

	if (!t || u8_check((const uint8_t *)t, strlen(t)))
		return t;
	/* Printable ASCII is its own NFKC form (most certificate and id numbers). */
	for (r = t; *r >= 0x20 && *r < 0x7F; r++)
		;
	if (!*r)
		return t;
	norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)t, strlen(t), NULL, &n);
	free(t);
	if (!norm)
		return NULL;
	t = strndup((const char *)norm, n);
	free(norm);
	if (!t)
		return NULL;
	/* NFKC turns U+3000 and its kin into spaces: trim what it made. */
	r = text_trim(t);
	free(t);
	return r;
}

/* The characters text_escape shows as <U+XXXX>. With TEXT_ESC_LINES the
 * joiners stay: in text of several lines they are part of how a word (or an
 * emoji) is written; a one-line value never holds them (text_check). */
static int text_escaped(ucs4_t cp, int flags)
{
	if (text_plain_cp(cp))
		return 0;
	if ((cp == 0x200C || cp == 0x200D) && (flags & TEXT_ESC_LINES))
		return 0;
	return uc_is_property_bidi_control(cp) || cp == 0x2028 || cp == 0x2029 ||
	       text_hidden(cp);
}

void text_escape_n(buf *out, const char *s, size_t len, int flags)
{
	size_t i = 0, run = 0, n;
	ucs4_t cp;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (n > 0 && !text_c0_c1(cp) && !text_escaped(cp, flags)) {
			i += n;
			continue;
		}
		if (n > 0 && (flags & TEXT_ESC_LINES) && (cp == '\n' || cp == '\t')) {
			i += n;
			continue;
		}
		buf_append(out, s + run, i - run);
		if (n == 0) {
			buf_printf(out, "\\x%02x", (unsigned char)s[i]);
			n = 1;
		} else if (cp == '\n' || cp == '\t' || cp == '\r') {
			buf_puts(out, cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : "\\r");
		} else if (text_c0_c1(cp)) {
			buf_printf(out, "\\x%02x", (unsigned)cp);
		} else {
			buf_printf(out, "<U+%04lX>", (unsigned long)cp);
		}
		i += n;
		run = i;
	}
	buf_append(out, s + run, i - run);
}

void text_escape(buf *out, const char *s, int flags)
{
	if (s)
		text_escape_n(out, s, strlen(s), flags);
}

/* Returns a copy of S (not valid UTF-8) made of cJSON's allocator, with
 * U+FFFD for every byte that is not part of a character; NULL when out of
 * memory. */
static char *text_json_fix(const char *s)
{
	buf b = BUF_INIT;
	size_t i = 0, len = strlen(s), n;
	ucs4_t cp;
	char *r = NULL;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (n == 0) {
			buf_puts(&b, "\xEF\xBF\xBD");
			i++;
		} else {
			buf_append(&b, s + i, n);
			i += n;
		}
	}
	if (!b.oom && (r = cJSON_malloc(b.len + 1)) != NULL)
		memcpy(r, buf_str(&b), b.len + 1);
	buf_free(&b);
	return r;
}

static int text_json_bad(const char *s)
{
	return s && u8_check((const uint8_t *)s, strlen(s)) != NULL;
}

/* Cleans V's key, its string and everything under it. */
static int text_json_item(cJSON *v)
{
	int changed = 0, k;
	cJSON *c;
	char *fix;

	if (text_json_bad(v->string) && !(v->type & cJSON_StringIsConst)) {
		if (!(fix = text_json_fix(v->string)))
			return -1;
		cJSON_free(v->string);
		v->string = fix;
		changed++;
	}
	/* A reference's text belongs to another tree: not ours to change. */
	if (v->type & cJSON_IsReference)
		return changed;
	if (cJSON_IsString(v) && text_json_bad(v->valuestring)) {
		if (!(fix = text_json_fix(v->valuestring)))
			return -1;
		cJSON_free(v->valuestring);
		v->valuestring = fix;
		changed++;
	}
	for (c = v->child; c; c = c->next) {
		if ((k = text_json_item(c)) < 0)
			return -1;
		changed += k;
	}
	return changed;
}

int text_json_clean(cJSON *v)
{
	return v ? text_json_item(v) : 0;
}

/* Appends CP as a JSON \u escape (a surrogate pair above U+FFFF). */
static void text_json_u(buf *out, ucs4_t cp)
{
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		buf_printf(out, "\\u%04x\\u%04x", 0xD800u + (unsigned)(cp >> 10),
			   0xDC00u + (unsigned)(cp & 0x3FF));
	} else {
		buf_printf(out, "\\u%04x", (unsigned)cp);
	}
}

char *text_json_print(cJSON *v, int formatted)
{
	char *raw, *r = NULL;
	buf out = BUF_INIT;
	size_t i = 0, run = 0, len, n;
	ucs4_t cp;

	if (text_json_clean(v) < 0)
		return NULL;
	raw = formatted ? cJSON_Print(v) : cJSON_PrintUnformatted(v);
	if (!raw)
		return NULL;
	/* Outside its strings JSON text is ASCII: every such character lies
	 * inside a string, where a \u escape stands for the same value. C0
	 * characters need nothing: cJSON escapes them in strings, and outside
	 * them the line feeds and tabs are the layout. */
	len = strlen(raw);
	while (i < len) {
		n = text_decode(raw + i, len - i, &cp);
		if (n == 0)
			n = 1; /* cannot happen after text_json_clean; copied as is */
		else if ((cp >= 0x7F && cp <= 0x9F) || text_escaped(cp, TEXT_ESC_LINES)) {
			buf_append(&out, raw + run, i - run);
			text_json_u(&out, cp);
			run = i + n;
		}
		i += n;
	}
	buf_append(&out, raw + run, i - run);
	cJSON_free(raw);
	if (!out.oom)
		r = buf_steal(&out);
	buf_free(&out);
	return r;
}
