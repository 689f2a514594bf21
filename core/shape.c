/* core/shape.c — the value shapes of spec/forms.md and their validation. */
#include "core/shape.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static const char *const shape_names[] = {
	[SHAPE_TEXT] = "text",
	[SHAPE_DATE] = "date",
	[SHAPE_DATETIME] = "datetime",
	[SHAPE_BOOL] = "bool",
	[SHAPE_CHOICE] = "choice",
	[SHAPE_CHOICES] = "choices",
	[SHAPE_MONEY] = "money",
	[SHAPE_LIST] = "list",
	[SHAPE_RECORD] = "record",
	[SHAPE_PARTY] = "party",
	[SHAPE_OFFICERS] = "officers",
	[SHAPE_SIGNATURES] = "signatures",
	[SHAPE_AV] = "av",
};

shape_type shape_from_name(const char *name)
{
	int i;

	if (!name)
		return SHAPE_INVALID;
	for (i = 0; i < SHAPE_INVALID; i++)
		if (strcmp(shape_names[i], name) == 0)
			return (shape_type)i;
	return SHAPE_INVALID;
}

const char *shape_name(shape_type t)
{
	if ((int)t < 0 || t >= SHAPE_INVALID)
		return "invalid";
	return shape_names[t];
}

/* ---- dates ------------------------------------------------------------ */

/* Reads exactly N ASCII digits; stops safely at the terminating NUL. */
static int read_digits(const char *s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int real_date(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};

	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap_year(y));
}

/*
 * Parses the ten characters "YYYY-MM-DD" at S (what follows is the caller's).
 * Returns 0, -1 when the form is wrong, -2 when it is no calendar date —
 * the officer is told which of the two it was.
 */
static int date_prefix(const char *s, int *y, int *m, int *d)
{
	if (read_digits(s, 4, y) || s[4] != '-' || read_digits(s + 5, 2, m) ||
	    s[7] != '-' || read_digits(s + 8, 2, d))
		return -1;
	return real_date(*y, *m, *d) ? 0 : -2;
}

static int date_full(const char *s, int *y, int *m, int *d)
{
	int r = date_prefix(s, y, m, d);

	if (r == -1 || s[10] != '\0')
		return -1;
	return r;
}

int shape_parse_date(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || date_full(s, &yy, &mm, &dd) != 0)
		return -1;
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return 0;
}

/* As date_prefix, for the whole datetime: 0, -1 (form) or -2 (no such time). */
static int datetime_full(const char *s)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0;
	int r;
	const char *p;

	r = date_prefix(s, &y, &mo, &d);
	if (r == -1 || (s[10] != 'T' && s[10] != ' '))
		return -1;
	if (read_digits(s + 11, 2, &h) || s[13] != ':' ||
	    read_digits(s + 14, 2, &mi))
		return -1;
	p = s + 16;
	if (*p == ':') {
		if (read_digits(p + 1, 2, &sec))
			return -1;
		p += 3;
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		if (read_digits(p + 1, 2, &oh) || p[3] != ':' ||
		    read_digits(p + 4, 2, &om))
			return -1;
		p += 6;
	}
	if (*p != '\0')
		return -1;
	if (r == -2 || h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59)
		return -2;
	return 0;
}

int shape_parse_datetime(const char *s)
{
	return s && datetime_full(s) == 0 ? 0 : -1;
}

/* ---- identifiers ------------------------------------------------------ */

enum id_why { ID_OK, ID_LENGTH, ID_CHAR, ID_BIRTH, ID_CHECK };

typedef struct {
	enum id_why why;
	int pos;       /* ID_LENGTH: characters given; ID_CHAR: 1-based position */
	char expected; /* ID_CHECK: the right check character */
} id_result;

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
static int id_shape_ok(const char *s, id_result *r)
{
	int n = utf8_length(s);

	if (n != 18) {
		r->why = ID_LENGTH;
		r->pos = n;
		return 0;
	}
	r->pos = first_non_ascii(s);
	if (r->pos) {
		r->why = ID_CHAR;
		return 0;
	}
	return 1;
}

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static void uscc_check(const char *s, id_result *r)
{
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20,
				  29, 25, 13, 8, 24, 10, 30, 28};
	int i, sum = 0;
	char c;

	r->why = ID_OK;
	r->pos = 0;
	r->expected = '\0';
	if (!id_shape_ok(s, r))
		return;
	for (i = 0; i < 17; i++) {
		const char *p = s[i] ? strchr(uscc_alphabet, s[i]) : NULL;

		if (!p) {
			r->why = ID_CHAR;
			r->pos = i + 1;
			return;
		}
		sum += (int)(p - uscc_alphabet) * w[i];
	}
	c = uscc_alphabet[(31 - sum % 31) % 31];
	if (s[17] != c) {
		/* Whatever stands in position 18, only the check is wrong. */
		r->why = ID_CHECK;
		r->expected = c;
	}
}

static void resident_check(const char *s, id_result *r)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
				  3, 7, 9, 10, 5, 8, 4, 2};
	int i, sum = 0, y = 0, m = 0, d = 0;
	char c, last;

	r->why = ID_OK;
	r->pos = 0;
	r->expected = '\0';
	if (!id_shape_ok(s, r))
		return;
	for (i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9') {
			r->why = ID_CHAR;
			r->pos = i + 1;
			return;
		}
		sum += (s[i] - '0') * w[i];
	}
	last = s[17] == 'x' ? 'X' : s[17];
	if ((last < '0' || last > '9') && last != 'X') {
		r->why = ID_CHAR;
		r->pos = 18;
		return;
	}
	read_digits(s + 6, 4, &y);
	read_digits(s + 10, 2, &m);
	read_digits(s + 12, 2, &d);
	if (!real_date(y, m, d)) {
		r->why = ID_BIRTH;
		return;
	}
	c = "10X98765432"[sum % 11];
	if (last != c) {
		r->why = ID_CHECK;
		r->expected = c;
	}
}

static int id_public(const id_result *r, char *expected)
{
	if (expected)
		*expected = r->why == ID_CHECK ? r->expected : '\0';
	return r->why == ID_OK ? 0 : -1;
}

int shape_uscc_valid(const char *s, char *expected)
{
	id_result r = {ID_LENGTH, 0, '\0'};

	if (s)
		uscc_check(s, &r);
	return id_public(&r, expected);
}

int shape_resident_id_valid(const char *s, char *expected)
{
	id_result r = {ID_LENGTH, 0, '\0'};

	if (s)
		resident_check(s, &r);
	return id_public(&r, expected);
}

/* ---- checking --------------------------------------------------------- */

typedef struct {
	msglist *out;
	const char *req;
	buf where; /* scratch for nested paths */
} ctx;

/* PATH, PATH[IDX], PATH.KEY or PATH[IDX].KEY (IDX < 0: none; KEY NULL: none). */
static const char *where_of(ctx *c, const char *path, int idx, const char *key)
{
	const char *p = path ? path : "";

	buf_reset(&c->where);
	buf_puts(&c->where, p);
	if (idx >= 0)
		buf_printf(&c->where, "[%d]", idx);
	if (key) {
		if (c->where.len)
			buf_puts(&c->where, ".");
		buf_puts(&c->where, key);
	}
	if (c->where.oom)
		c->out->oom = 1;
	return buf_str(&c->where);
}

static int is_absent(const cJSON *v)
{
	return !v || cJSON_IsNull(v);
}

static int ascii_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' ||
	       ch == '\f' || ch == '\r';
}

static int ideographic_space(const char *p)
{
	return (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
	       (unsigned char)p[2] == 0x80;
}

/* Bounds of S without surrounding blanks (ASCII whitespace and U+3000). */
static void trim_bounds(const char *s, size_t *start, size_t *end)
{
	size_t a = 0, b = strlen(s);

	for (;;) {
		if (a < b && ascii_space((unsigned char)s[a]))
			a++;
		else if (b - a >= 3 && ideographic_space(s + a))
			a += 3;
		else
			break;
	}
	for (;;) {
		if (b > a && ascii_space((unsigned char)s[b - 1]))
			b--;
		else if (b - a >= 3 && ideographic_space(s + b - 3))
			b -= 3;
		else
			break;
	}
	*start = a;
	*end = b;
}

static int blank_string(const cJSON *v)
{
	size_t a, b;

	if (!cJSON_IsString(v) || !v->valuestring)
		return 1;
	trim_bounds(v->valuestring, &a, &b);
	return a == b;
}

/*
 * Trims the string V in place. The trimmed text goes through a copy because
 * cJSON 1.7.15 strcpy()s a shorter value over the old one, and overlapping
 * strcpy is undefined.
 */
static void trim_item(ctx *c, cJSON *v)
{
	size_t a, b;
	char *copy;

	if (!cJSON_IsString(v) || !v->valuestring)
		return;
	trim_bounds(v->valuestring, &a, &b);
	if (a == 0 && v->valuestring[b] == '\0')
		return;
	copy = malloc(b - a + 1);
	if (!copy) {
		c->out->oom = 1;
		return;
	}
	memcpy(copy, v->valuestring + a, b - a);
	copy[b - a] = '\0';
	/* NULL only for a reference item, which is not ours to change. */
	(void)cJSON_SetValuestring(v, copy);
	free(copy);
}

/* "a、b、c" and "a, b, c" for messages that name the allowed ids. */
static void join_ids(const char *const *ids, int n, buf *zh, buf *en)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i) {
			buf_puts(zh, "、");
			buf_puts(en, ", ");
		}
		buf_puts(zh, ids[i]);
		buf_puts(en, ids[i]);
	}
}

static int id_in(const char *s, const char *const *ids, int n)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (strcmp(s, ids[i]) == 0)
			return 1;
	return 0;
}

/* One problem at WHERE: ZH/EN followed by the list of allowed ids. */
static void add_not_among(ctx *c, const char *where, const char *zh,
			  const char *en, const char *const *ids, int n)
{
	buf z = BUF_INIT, e = BUF_INIT;

	/* Built whole here: msglist_addf gives both formats the same args. */
	buf_puts(&z, zh);
	buf_puts(&z, "：");
	buf_puts(&e, en);
	buf_puts(&e, ": ");
	join_ids(ids, n, &z, &e);
	if (z.oom || e.oom)
		c->out->oom = 1;
	msglist_add(c->out, c->req, where, buf_str(&z), buf_str(&e));
	buf_free(&z);
	buf_free(&e);
}

static void add_min(ctx *c, const char *path, int min, int n, const char *zh,
		    const char *en)
{
	msglist_addf(c->out, c->req, path, zh, en, min, n);
}

static void check_text(ctx *c, cJSON *v, const char *where)
{
	if (!cJSON_IsString(v)) {
		msglist_add(c->out, c->req, where, "应为文字", "expected text");
		return;
	}
	trim_item(c, v);
}

static void check_date(ctx *c, const cJSON *v, const char *where)
{
	int y, m, d, r;

	r = cJSON_IsString(v) ? date_full(v->valuestring, &y, &m, &d) : -1;
	if (r == -1)
		msglist_add(c->out, c->req, where, "应为日期（YYYY-MM-DD）",
			    "expected a date (YYYY-MM-DD)");
	else if (r == -2)
		msglist_addf(c->out, c->req, where, "日期不存在：%s",
			     "no such date: %s", v->valuestring);
}

static void check_datetime(ctx *c, const cJSON *v, const char *where)
{
	int r = cJSON_IsString(v) ? datetime_full(v->valuestring) : -1;

	if (r == -1)
		msglist_add(c->out, c->req, where,
			    "应为日期时间（YYYY-MM-DDTHH:MM）",
			    "expected a date and time (YYYY-MM-DDTHH:MM)");
	else if (r == -2)
		msglist_addf(c->out, c->req, where, "日期或时间不存在：%s",
			     "no such date or time: %s", v->valuestring);
}

static void check_bool(ctx *c, const cJSON *v, const char *where)
{
	if (!cJSON_IsBool(v))
		msglist_add(c->out, c->req, where, "应为 true 或 false",
			    "expected true or false");
}

static void check_choice(ctx *c, const cJSON *v, const shape_opts *o,
			 const char *where)
{
	if (cJSON_IsString(v) && id_in(v->valuestring, o->choices, o->nchoices))
		return;
	add_not_among(c, where, "应为以下之一", "expected one of", o->choices,
		      o->nchoices);
}

static void check_choices(ctx *c, const cJSON *v, const shape_opts *o,
			  const char *path, int final)
{
	const cJSON *e, *f;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		add_not_among(c, path, "应为选项数组，选项为",
			      "expected an array of choices among", o->choices,
			      o->nchoices);
		return;
	}
	cJSON_ArrayForEach(e, v) {
		const char *w = where_of(c, path, i, NULL);

		if (!cJSON_IsString(e) ||
		    !id_in(e->valuestring, o->choices, o->nchoices)) {
			add_not_among(c, w, "应为以下之一", "expected one of",
				      o->choices, o->nchoices);
		} else {
			for (f = v->child; f != e; f = f->next)
				if (cJSON_IsString(f) &&
				    strcmp(f->valuestring, e->valuestring) == 0)
					break;
			if (f != e)
				msglist_addf(c->out, c->req, w,
					     "重复的选项：%s",
					     "choice given twice: %s",
					     e->valuestring);
		}
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		add_min(c, path, o->min, i, "至少选择%d项（现有 %d 项）",
			"choose at least %d (%d given)");
}

static void check_money(ctx *c, const cJSON *v, const char *where)
{
	double x, cents;

	if (!cJSON_IsNumber(v)) {
		msglist_add(c->out, c->req, where, "应为金额（数字，单位元）",
			    "expected an amount in yuan (a number)");
		return;
	}
	x = v->valuedouble;
	if (!isfinite(x)) {
		msglist_add(c->out, c->req, where, "金额无效",
			    "not a valid amount");
		return;
	}
	if (x < 0) {
		msglist_add(c->out, c->req, where, "金额不能为负",
			    "the amount must not be negative");
		return;
	}
	/* Binary doubles hold 12.34 as 1233.999…; allow for that, nothing more. */
	cents = x * 100.0;
	if (fabs(round(cents) - cents) > fmax(1e-9, cents * 1e-12))
		msglist_add(c->out, c->req, where, "金额最多两位小数",
			    "at most 2 decimal places");
}

static void check_list(ctx *c, cJSON *v, const shape_opts *o,
		       const char *path, int final)
{
	cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		msglist_add(c->out, c->req, path, "应为文字数组",
			    "expected an array of texts");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		const char *w = where_of(c, path, i, NULL);

		if (!cJSON_IsString(e)) {
			msglist_add(c->out, c->req, w, "应为文字",
				    "expected text");
		} else {
			trim_item(c, e);
			if (blank_string(e))
				msglist_add(c->out, c->req, w, "不能为空",
					    "must not be empty");
		}
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		add_min(c, path, o->min, i, "至少%d项（现有 %d 项）",
			"at least %d entries (%d given)");
}

static void check_record(ctx *c, const cJSON *v, const char *where)
{
	double x = cJSON_IsNumber(v) ? v->valuedouble : 0;

	/* Capped at INT_MAX so that readers may use valueint without loss. */
	if (!cJSON_IsNumber(v) || !isfinite(x) || x < 1 || x > INT_MAX ||
	    x != floor(x))
		msglist_add(c->out, c->req, where, "应为记录编号（正整数）",
			    "expected a record id (a positive integer)");
}

/*
 * The members an object may hold. Every member is text (trimmed) unless
 * named in BOOLS. Reports unknown and repeated keys and wrong types; JSON
 * null counts as absent. PATH/IDX locate the object.
 */
static void check_members(ctx *c, cJSON *obj, const char *path, int idx,
			  const char *const *keys, int nkeys,
			  const char *const *bools, int nbools)
{
	cJSON *m, *f;

	cJSON_ArrayForEach(m, obj) {
		const char *k = m->string ? m->string : "";
		const char *w = where_of(c, path, idx, k);

		for (f = obj->child; f != m; f = f->next)
			if (f->string && strcmp(f->string, k) == 0)
				break;
		if (f != m) {
			msglist_addf(c->out, c->req, w, "字段“%s”重复",
				     "field \"%s\" given twice", k);
		} else if (id_in(k, bools, nbools)) {
			if (!is_absent(m))
				check_bool(c, m, w);
		} else if (!id_in(k, keys, nkeys)) {
			msglist_addf(c->out, c->req, w, "未知字段“%s”",
				     "unknown field \"%s\"", k);
		} else if (!is_absent(m)) {
			check_text(c, m, w);
		}
	}
}

/* A required text member: reported only when absent or blank, since a
 * wrong type was already reported by check_members. */
static int need_text(ctx *c, const cJSON *obj, const char *key,
		     const char *path, int idx, const char *zh, const char *en)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (is_absent(m) || (cJSON_IsString(m) && blank_string(m))) {
		msglist_add(c->out, c->req, where_of(c, path, idx, key), zh,
			    en);
		return 0;
	}
	return cJSON_IsString(m);
}

/* A required choice member; as need_text, naming the allowed ids. */
static const char *need_choice(ctx *c, const cJSON *obj, const char *key,
			       const char *path, int idx,
			       const char *const *ids, int n)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *w = where_of(c, path, idx, key);

	if (is_absent(m) || (cJSON_IsString(m) && blank_string(m))) {
		add_not_among(c, w, "须填写，可选", "required, one of", ids, n);
		return NULL;
	}
	if (!cJSON_IsString(m))
		return NULL;
	if (!id_in(m->valuestring, ids, n)) {
		add_not_among(c, w, "应为以下之一", "expected one of", ids, n);
		return NULL;
	}
	return m->valuestring;
}

static void report_id(ctx *c, const char *where, const id_result *r,
		      int resident)
{
	switch (r->why) {
	case ID_OK:
		break;
	case ID_LENGTH:
		msglist_addf(c->out, c->req, where, "应为18位（现有 %d 位）",
			     "must be 18 characters (%d given)", r->pos);
		break;
	case ID_CHAR:
		if (resident)
			msglist_addf(c->out, c->req, where,
				     "第%d位字符无效（前17位为数字，第18位为数字或 X）",
				     "character %d is not allowed (17 digits, then a digit or X)",
				     r->pos);
		else
			msglist_addf(c->out, c->req, where,
				     "第%d位字符无效（只用数字和大写字母，不含 I、O、S、V、Z）",
				     "character %d is not allowed (digits and capitals except I, O, S, V, Z)",
				     r->pos);
		break;
	case ID_BIRTH:
		msglist_add(c->out, c->req, where, "出生日期不是有效日期",
			    "the birth date is not a real date");
		break;
	case ID_CHECK:
		msglist_addf(c->out, c->req, where, "校验位错误，应为 %c",
			     "wrong check character, should be %c",
			     r->expected);
		break;
	}
}

static const char *const party_keys[] = {
	"name", "id_type", "id_number", "address", "representative", "phone",
	"licence", "contact", "gender", "employer", "position"};
static const char *const id_types[] = {"uscc", "resident_id", "other"};

static void check_party(ctx *c, cJSON *v, const char *path)
{
	cJSON *type, *num;
	const char *t = NULL;
	int has_num;
	id_result r;

	if (!cJSON_IsObject(v)) {
		msglist_add(c->out, c->req, path,
			    "应为当事人（name、id_type、id_number …）",
			    "expected a party {name, id_type, id_number, …}");
		return;
	}
	check_members(c, v, path, -1, party_keys,
		      (int)(sizeof party_keys / sizeof *party_keys), NULL, 0);
	need_text(c, v, "name", path, -1, "须填写名称（姓名）",
		  "the name is required");

	type = cJSON_GetObjectItemCaseSensitive(v, "id_type");
	num = cJSON_GetObjectItemCaseSensitive(v, "id_number");
	has_num = cJSON_IsString(num) && !blank_string(num);
	/* A blank id_type (an untouched form field) counts as not given. */
	if (cJSON_IsString(type) && !blank_string(type)) {
		t = type->valuestring;
		if (!id_in(t, id_types, 3)) {
			add_not_among(c, where_of(c, path, -1, "id_type"),
				      "应为以下之一", "expected one of",
				      id_types, 3);
			t = NULL;
		}
	} else if (has_num && (is_absent(type) || cJSON_IsString(type))) {
		msglist_add(c->out, c->req, where_of(c, path, -1, "id_type"),
			    "填写证件号码须注明证件类型（uscc、resident_id、other）",
			    "an id number needs its id_type (uscc, resident_id, other)");
	}
	if (!t || strcmp(t, "other") == 0)
		return;
	if (!has_num) {
		if (is_absent(num) || cJSON_IsString(num))
			msglist_add(c->out, c->req,
				    where_of(c, path, -1, "id_number"),
				    "须填写证件号码", "the id number is required");
		return;
	}
	if (strcmp(t, "uscc") == 0) {
		uscc_check(num->valuestring, &r);
	} else {
		size_t len = strlen(num->valuestring);

		/* The check character X is written in capitals (GB 11643);
		 * same length, so the string is changed where it lies. */
		if (len == 18 && num->valuestring[17] == 'x')
			num->valuestring[17] = 'X';
		resident_check(num->valuestring, &r);
	}
	report_id(c, where_of(c, path, -1, "id_number"), &r,
		  strcmp(t, "resident_id") == 0);
}

static const char *const officer_keys[] = {"name", "cert"};
static const char *const officer_bools[] = {"shown"};

static void check_officers(ctx *c, cJSON *v, const shape_opts *o,
			   const char *path, int final)
{
	cJSON *e, *f;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		msglist_add(c->out, c->req, path, "应为执法人员数组",
			    "expected an array of officers");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		const cJSON *cert, *shown;

		if (!cJSON_IsObject(e)) {
			msglist_add(c->out, c->req, where_of(c, path, i, NULL),
				    "应为执法人员（name、cert、shown）",
				    "expected an officer {name, cert, shown}");
			i++;
			continue;
		}
		check_members(c, e, path, i, officer_keys, 2, officer_bools, 1);
		need_text(c, e, "name", path, i, "须填写姓名",
			  "the name is required");
		if (need_text(c, e, "cert", path, i, "须填写执法证号",
			      "the certificate number is required")) {
			cert = cJSON_GetObjectItemCaseSensitive(e, "cert");
			for (f = v->child; f != e; f = f->next) {
				const cJSON *fc =
					cJSON_GetObjectItemCaseSensitive(f, "cert");

				if (cJSON_IsString(fc) &&
				    strcmp(fc->valuestring, cert->valuestring) == 0)
					break;
			}
			if (f != e)
				msglist_add(c->out, c->req,
					    where_of(c, path, i, "cert"),
					    "执法证号重复",
					    "duplicate certificate number");
		}
		shown = cJSON_GetObjectItemCaseSensitive(e, "shown");
		if (is_absent(shown))
			msglist_add(c->out, c->req,
				    where_of(c, path, i, "shown"),
				    "须记录是否出示执法证件",
				    "record whether the certificate was shown");
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		add_min(c, path, o->min, i, "至少%d名执法人员（现有 %d 名）",
			"at least %d officers (%d given)");
}

static const char *const signature_keys[] = {"role", "name", "status",
					      "reason"};
static const char *const roles[] = {
	"party", "present", "witness", "officer", "server", "recipient",
	"corrector", "interviewee", "chair", "recorder", "participant"};
static const char *const statuses[] = {"signed", "sealed", "refused"};

static void check_signatures(ctx *c, cJSON *v, const shape_opts *o,
			     const char *path, int final)
{
	cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		msglist_add(c->out, c->req, path, "应为签名数组",
			    "expected an array of signatures");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		const char *status;

		if (!cJSON_IsObject(e)) {
			msglist_add(c->out, c->req, where_of(c, path, i, NULL),
				    "应为签名（role、name、status、reason）",
				    "expected a signature {role, name, status, reason}");
			i++;
			continue;
		}
		check_members(c, e, path, i, signature_keys, 4, NULL, 0);
		need_choice(c, e, "role", path, i, roles,
			    (int)(sizeof roles / sizeof *roles));
		need_text(c, e, "name", path, i, "须填写签名人姓名",
			  "the name is required");
		status = need_choice(c, e, "status", path, i, statuses, 3);
		if (status && strcmp(status, "refused") == 0)
			need_text(c, e, "reason", path, i, "拒签须写明原因",
				  "a refusal needs its reason");
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		add_min(c, path, o->min, i, "至少%d个签名（现有 %d 个）",
			"at least %d signatures (%d given)");
}

static const char *const av_keys[] = {"mode", "reason"};
static const char *const av_modes[] = {"video", "audio", "photos", "none"};

static void check_av(ctx *c, cJSON *v, const char *path)
{
	const char *mode;

	if (!cJSON_IsObject(v)) {
		msglist_add(c->out, c->req, path,
			    "应为音像记录（mode、reason）",
			    "expected an audio/video record {mode, reason}");
		return;
	}
	check_members(c, v, path, -1, av_keys, 2, NULL, 0);
	mode = need_choice(c, v, "mode", path, -1, av_modes, 4);
	if (mode && strcmp(mode, "video") != 0 && strcmp(mode, "audio") != 0)
		need_text(c, v, "reason", path, -1,
			  "未全程音像记录须说明原因",
			  "give the reason there is no full audio or video recording");
}

int shape_check(shape_type t, cJSON *value, const shape_opts *opts,
		const char *req, const char *path, int final, msglist *out)
{
	static const shape_opts none = {NULL, 0, -1};
	ctx c = {out, req, BUF_INIT};
	size_t before = out->n;

	if (!opts)
		opts = &none;
	if (!value)
		return 0;
	switch (t) {
	case SHAPE_TEXT:
		check_text(&c, value, path);
		break;
	case SHAPE_DATE:
		check_date(&c, value, path);
		break;
	case SHAPE_DATETIME:
		check_datetime(&c, value, path);
		break;
	case SHAPE_BOOL:
		check_bool(&c, value, path);
		break;
	case SHAPE_CHOICE:
		check_choice(&c, value, opts, path);
		break;
	case SHAPE_CHOICES:
		check_choices(&c, value, opts, path, final);
		break;
	case SHAPE_MONEY:
		check_money(&c, value, path);
		break;
	case SHAPE_LIST:
		check_list(&c, value, opts, path, final);
		break;
	case SHAPE_RECORD:
		check_record(&c, value, path);
		break;
	case SHAPE_PARTY:
		check_party(&c, value, path);
		break;
	case SHAPE_OFFICERS:
		check_officers(&c, value, opts, path, final);
		break;
	case SHAPE_SIGNATURES:
		check_signatures(&c, value, opts, path, final);
		break;
	case SHAPE_AV:
		check_av(&c, value, path);
		break;
	case SHAPE_INVALID:
	default:
		msglist_add(out, req, path, "字段形态未定义",
			    "the field has no valid shape");
		break;
	}
	buf_free(&c.where);
	return (int)(out->n - before);
}

int shape_is_empty(shape_type t, const cJSON *value)
{
	if (is_absent(value))
		return 1;
	switch (t) {
	case SHAPE_TEXT:
		return cJSON_IsString(value) && blank_string(value);
	case SHAPE_CHOICES:
	case SHAPE_LIST:
	case SHAPE_OFFICERS:
	case SHAPE_SIGNATURES:
		return cJSON_IsArray(value) && cJSON_GetArraySize(value) == 0;
	case SHAPE_PARTY:
		return cJSON_IsObject(value) &&
		       blank_string(cJSON_GetObjectItemCaseSensitive(value,
								     "name"));
	case SHAPE_AV:
		return cJSON_IsObject(value) &&
		       blank_string(cJSON_GetObjectItemCaseSensitive(value,
								     "mode"));
	default:
		return 0;
	}
}
