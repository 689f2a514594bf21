/* core/cond.c — compile and evaluate expressions on a locked-down connection. */
#include "core/cond.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"

typedef struct {
	const char *expr; /* the caller's string: the key */
	char *text;       /* a copy of what was compiled, to tell a reused address */
	sqlite3_stmt *st;
} cond_slot;

struct cond_env {
	sqlite3 *h;
	cond_slot *slots;
	int n, cap;
};

/* Functions an expression may not call: they reach outside the record or
 * make the result depend on something but the record. */
static const char *const cond_denied[] = {
	"load_extension", "random", "randomblob", "changes", "total_changes",
	"last_insert_rowid", "sqlite_offset", "fts3_tokenizer", "readfile",
	"writefile", "edit", NULL,
};

static int cond_authorize(void *ctx, int action, const char *a, const char *b,
			  const char *dbname, const char *trigger)
{
	int i;

	(void)ctx; (void)dbname; (void)trigger;
	switch (action) {
	case SQLITE_SELECT:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		/* The function's name is the second argument (the first is NULL). */
		for (i = 0; cond_denied[i]; i++)
			if (b && sqlite3_stricmp(b, cond_denied[i]) == 0)
				return SQLITE_DENY;
		return SQLITE_OK;
	case SQLITE_READ:
		if (a && (strcmp(a, "json_each") == 0 || strcmp(a, "json_tree") == 0))
			return SQLITE_OK;
		/* json_each's constructor registers it in the schema of this empty,
		 * private database; an expression can read nothing there. */
		if (a && strcmp(a, "sqlite_master") == 0)
			return SQLITE_OK;
		return SQLITE_DENY;
	case SQLITE_UPDATE:
		if (a && strcmp(a, "sqlite_master") == 0)
			return SQLITE_OK;
		return SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

jl_status cond_open(cond_env **out)
{
	cond_env *e = calloc(1, sizeof *e);

	*out = NULL;
	if (!e)
		return JL_ENOMEM;
	if (sqlite3_open_v2(":memory:", &e->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		cond_close(e);
		return JL_ESTORE;
	}
	sqlite3_limit(e->h, SQLITE_LIMIT_SQL_LENGTH, 10000);
	sqlite3_limit(e->h, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_set_authorizer(e->h, cond_authorize, NULL);
	*out = e;
	return JL_OK;
}

void cond_close(cond_env *e)
{
	int i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++) {
		sqlite3_finalize(e->slots[i].st);
		free(e->slots[i].text);
	}
	free(e->slots);
	sqlite3_close(e->h);
	free(e);
}

/* Returns the statement compiled for EXPR, or NULL. A slot whose address
 * came back holding another text (the string it was compiled from was freed:
 * a definition left out) is dropped, never run for the new one. */
static sqlite3_stmt *cond_find(cond_env *e, const char *expr)
{
	int i;

	for (i = 0; i < e->n; i++) {
		if (e->slots[i].expr != expr)
			continue;
		if (strcmp(e->slots[i].text, expr) == 0)
			return e->slots[i].st;
		sqlite3_finalize(e->slots[i].st);
		free(e->slots[i].text);
		e->slots[i] = e->slots[--e->n];
		return NULL;
	}
	return NULL;
}

/*
 * Returns 1 when the parentheses of EXPR, outside strings, quoted names and
 * comments, balance and never close one EXPR did not open: EXPR then stays
 * inside the "SELECT (…)" it is wrapped in ("1) UNION SELECT (2" does not).
 * A parenthesis SQLite hides in a "$name(…)" parameter only makes EXPR look
 * less balanced here, never more.
 */
static int cond_balanced(const char *s)
{
	int depth = 0;

	while (*s) {
		if (*s == '\'' || *s == '"' || *s == '`' || *s == '[') {
			char close = *s == '[' ? ']' : *s;
			for (s++; *s; s++)
				if (*s == close) {
					if (close != ']' && s[1] == close)
						s++; /* a doubled quote stands for itself */
					else
						break;
				}
			if (!*s)
				return 0;
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");
			if (!end)
				return 0;
			s = end + 2;
		} else {
			if (*s == '(')
				depth++;
			else if (*s == ')' && --depth < 0)
				return 0;
			s++;
		}
	}
	return depth == 0;
}

/* Prepares "SELECT (EXPR)" and checks it is one expression. */
static sqlite3_stmt *cond_prepare(cond_env *e, const char *expr, buf *err)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	buf sql = BUF_INIT;

	if (strchr(expr, ';')) {
		buf_puts(err, "';' is not allowed in an expression");
		goto done;
	}
	if (!cond_balanced(expr)) {
		buf_puts(err, "not a single expression (its parentheses or quotes do not balance)");
		goto done;
	}
	buf_printf(&sql, "SELECT (%s)", expr);
	if (sqlite3_prepare_v3(e->h, buf_str(&sql), -1, SQLITE_PREPARE_PERSISTENT, &st,
			       &tail) != SQLITE_OK) {
		buf_puts(err, sqlite3_errmsg(e->h));
		st = NULL;
		goto done;
	}
	if (!st || (tail && *tail) || sqlite3_column_count(st) != 1) {
		buf_puts(err, "not a single expression");
		sqlite3_finalize(st);
		st = NULL;
	}
done:
	buf_free(&sql);
	return st;
}

static int cond_store(cond_env *e, const char *expr, sqlite3_stmt *st)
{
	if (e->n == e->cap) {
		int cap = e->cap ? e->cap * 2 : 64;
		cond_slot *p = realloc(e->slots, (size_t)cap * sizeof *p);
		if (!p)
			return -1;
		e->slots = p;
		e->cap = cap;
	}
	e->slots[e->n].text = strdup(expr);
	if (!e->slots[e->n].text)
		return -1;
	e->slots[e->n].expr = expr;
	e->slots[e->n].st = st;
	e->n++;
	return 0;
}

int cond_compile(cond_env *e, const char *expr,
		 int (*known)(const char *name, void *ctx), void *ctx, buf *err)
{
	sqlite3_stmt *st = cond_find(e, expr);
	int i, n;

	if (!st) {
		st = cond_prepare(e, expr, err);
		if (!st)
			return -1;
		if (cond_store(e, expr, st) != 0) {
			sqlite3_finalize(st);
			buf_puts(err, "out of memory");
			return -1;
		}
	}
	n = sqlite3_bind_parameter_count(st);
	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		if (!name || name[0] != '$') {
			buf_puts(err, "parameters are written $field");
			return -1;
		}
		if (known && !known(name + 1, ctx)) {
			buf_printf(err, "%s names no field of this form", name);
			return -1;
		}
	}
	return 0;
}

/* Binds parameter I of ST from V (NULL → NULL). */
static int cond_bind_json(sqlite3_stmt *st, int i, const cJSON *v)
{
	char *text;
	int rc;

	if (!v || cJSON_IsNull(v))
		return sqlite3_bind_null(st, i);
	if (cJSON_IsBool(v))
		return sqlite3_bind_int(st, i, cJSON_IsTrue(v));
	if (cJSON_IsString(v))
		return sqlite3_bind_text(st, i, v->valuestring, -1, SQLITE_TRANSIENT);
	if (cJSON_IsNumber(v)) {
		long long n;
		/* An integer only when it is one in range: 1e300 cast to long long
		 * is undefined behaviour. */
		if (jsonx_int(v, LLONG_MIN, LLONG_MAX, &n))
			return sqlite3_bind_int64(st, i, n);
		return sqlite3_bind_double(st, i, v->valuedouble);
	}
	text = cJSON_PrintUnformatted(v);
	if (!text)
		return SQLITE_NOMEM;
	rc = sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
	free(text);
	return rc;
}

static int cond_bind_extra(sqlite3_stmt *st, int i, const char *name, const cond_extra *x)
{
	static const cond_extra zero;

	if (!x)
		x = &zero;
	if (strcmp(name, "_photo") == 0) return sqlite3_bind_int64(st, i, x->photo);
	if (strcmp(name, "_audio") == 0) return sqlite3_bind_int64(st, i, x->audio);
	if (strcmp(name, "_video") == 0) return sqlite3_bind_int64(st, i, x->video);
	if (strcmp(name, "_surveillance") == 0) return sqlite3_bind_int64(st, i, x->surveillance);
	if (strcmp(name, "_media") == 0) return sqlite3_bind_int64(st, i, x->media);
	if (strcmp(name, "_finalized_at") == 0 && x->finalized_at)
		return sqlite3_bind_text(st, i, x->finalized_at, -1, SQLITE_TRANSIENT);
	return sqlite3_bind_null(st, i);
}

int cond_eval(cond_env *e, const char *expr, const cJSON *data,
	      const cond_extra *extra, buf *err)
{
	sqlite3_stmt *st;
	int i, n, rc, result = -2;

	if (cond_compile(e, expr, NULL, NULL, err) != 0)
		return -2;
	st = cond_find(e, expr);
	n = sqlite3_bind_parameter_count(st);
	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i) + 1;
		rc = name[0] == '_' ? cond_bind_extra(st, i, name, extra)
				    : cond_bind_json(st, i, cJSON_GetObjectItemCaseSensitive(data, name));
		if (rc != SQLITE_OK) {
			buf_puts(err, sqlite3_errmsg(e->h));
			goto done;
		}
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		buf_puts(err, sqlite3_errmsg(e->h));
		goto done;
	}
	if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		result = -1;
	else
		result = sqlite3_column_double(st, 0) != 0.0;
done:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}
