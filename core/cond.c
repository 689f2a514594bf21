/* core/cond.c — compile and evaluate expressions on a locked-down connection. */
#include "core/cond.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"

typedef struct {
	const char *expr; /* the caller's string: the key */
	char *text;       /* a copy of what was compiled, to tell a reused address */
	sqlite3_stmt *st;
} cond_slot;

/* The progress handler runs every COND_TICK steps. */
#define COND_TICK 1000

struct cond_env {
	sqlite3 *h;
	cond_slot *slots;
	int n, cap;
	long long steps, millis;  /* the budget of one evaluation */
	long long ticks;          /* progress calls left in this evaluation */
	struct timespec deadline; /* when this evaluation must stop */
	int running;              /* a budget is armed (not while compiling) */
	cond_limit hit;           /* what stopped it */
};

/* Stops the running statement (returns non-zero) when the evaluation has used
 * its steps or its time. */
static int cond_progress(void *ctx)
{
	cond_env *e = ctx;
	struct timespec now;

	if (!e->running)
		return 0;
	if (--e->ticks <= 0) {
		e->hit = COND_LIMIT_STEPS;
		return 1;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	if (now.tv_sec > e->deadline.tv_sec ||
	    (now.tv_sec == e->deadline.tv_sec && now.tv_nsec >= e->deadline.tv_nsec)) {
		e->hit = COND_LIMIT_TIME;
		return 1;
	}
	return 0;
}

/* Starts the budget of one evaluation. */
static void cond_arm(cond_env *e)
{
	e->hit = COND_LIMIT_NONE;
	e->running = 1;
	e->ticks = e->steps / COND_TICK;
	if (e->ticks < 1)
		e->ticks = 1;
	/* CPU time, not the wall clock: a device busy with other work must not
	 * make a record's conditions fail. */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &e->deadline);
	e->deadline.tv_sec += e->millis / 1000;
	e->deadline.tv_nsec += (e->millis % 1000) * 1000000L;
	if (e->deadline.tv_nsec >= 1000000000L) {
		e->deadline.tv_sec++;
		e->deadline.tv_nsec -= 1000000000L;
	}
}

/* Functions an expression may not call: they reach outside the record or
 * make the result depend on something but the record; or, printf and format,
 * they can spend seconds inside one step, where no progress handler sees
 * them ('%.*c' repeats a character up to 2^31 times before the length limit
 * turns the result into NULL — a NULL check passes). */
static const char *const cond_denied[] = {
	"load_extension", "random", "randomblob", "changes", "total_changes",
	"last_insert_rowid", "sqlite_offset", "fts3_tokenizer", "readfile",
	"writefile", "edit", "printf", "format", NULL,
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
	/* What one expression may make: no value longer than COND_LENGTH, no
	 * deeper nesting, no more compound parts or program than a condition of
	 * a form needs (they use a few of each). */
	sqlite3_limit(e->h, SQLITE_LIMIT_LENGTH, COND_LENGTH);
	sqlite3_limit(e->h, SQLITE_LIMIT_SQL_LENGTH, 10000);
	sqlite3_limit(e->h, SQLITE_LIMIT_EXPR_DEPTH, 100);
	sqlite3_limit(e->h, SQLITE_LIMIT_COMPOUND_SELECT, 20);
	sqlite3_limit(e->h, SQLITE_LIMIT_VDBE_OP, 20000);
	sqlite3_limit(e->h, SQLITE_LIMIT_FUNCTION_ARG, 32);
	sqlite3_limit(e->h, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000);
	sqlite3_limit(e->h, SQLITE_LIMIT_VARIABLE_NUMBER, 1000);
	sqlite3_limit(e->h, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(e->h, SQLITE_LIMIT_WORKER_THREADS, 0);
	/* Sorts and temporary tables stay in memory, under the heap limit,
	 * instead of spilling to temporary files. Before the authorizer: it
	 * allows no pragma. */
	if (sqlite3_exec(e->h, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL) != SQLITE_OK) {
		cond_close(e);
		return JL_ESTORE;
	}
	{
		sqlite3_int64 cur = sqlite3_hard_heap_limit64(-1);
		if (cur == 0 || cur > COND_HEAP)
			sqlite3_hard_heap_limit64(COND_HEAP);
	}
	e->steps = COND_STEPS;
	e->millis = COND_MILLIS;
	sqlite3_progress_handler(e->h, COND_TICK, cond_progress, e);
	sqlite3_set_authorizer(e->h, cond_authorize, NULL);
	*out = e;
	return JL_OK;
}

cond_limit cond_last_limit(const cond_env *e)
{
	return e->hit;
}

void cond_set_budget(cond_env *e, long long steps, long long millis)
{
	e->steps = steps > 0 ? steps : COND_STEPS;
	e->millis = millis > 0 ? millis : COND_MILLIS;
}

void cond_get_budget(const cond_env *e, long long *steps, long long *millis)
{
	if (steps)
		*steps = e->steps;
	if (millis)
		*millis = e->millis;
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

/* Steps ST under the budget of one evaluation; sets e->hit. Returns
 * sqlite3_step's code. The caller resets ST. */
static int cond_step(cond_env *e, sqlite3_stmt *st)
{
	int rc;

	cond_arm(e);
	rc = sqlite3_step(st);
	e->running = 0;
	/* The progress handler set e->hit for an interruption. */
	if (rc == SQLITE_TOOBIG)
		e->hit = COND_LIMIT_LENGTH;
	else if (rc == SQLITE_NOMEM)
		e->hit = COND_LIMIT_MEMORY;
	else if (rc != SQLITE_INTERRUPT)
		e->hit = COND_LIMIT_NONE;
	return rc;
}

/* Returns the limit L in words, for a message of compilation. */
static const char *cond_limit_name(cond_limit l)
{
	switch (l) {
	case COND_LIMIT_STEPS: return "its step limit";
	case COND_LIMIT_TIME: return "its time limit";
	case COND_LIMIT_LENGTH: return "the length limit of strings and blobs";
	case COND_LIMIT_MEMORY: return "its memory limit";
	default: return "a limit";
	}
}

/*
 * Runs ST once with every parameter NULL (as prepared). An expression that
 * hits a limit with no data at all would hit it on every record: it is
 * refused as it is compiled, when the definitions load, and never reaches an
 * officer (DESIGN.md: a definition error never reaches an officer's screen).
 * Other errors with NULLs say nothing of real data and are not reported.
 * Returns 0, or -1 with the reason in ERR.
 */
static int cond_probe(cond_env *e, sqlite3_stmt *st, buf *err)
{
	cond_step(e, st);
	sqlite3_reset(st);
	if (e->hit == COND_LIMIT_NONE)
		return 0;
	buf_printf(err, "it exceeds %s even with every field empty", cond_limit_name(e->hit));
	return -1;
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
		if (cond_probe(e, st, err) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
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
	if (strcmp(name, "_document") == 0) return sqlite3_bind_int64(st, i, x->document);
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

	e->hit = COND_LIMIT_NONE;
	if (cond_compile(e, expr, NULL, NULL, err) != 0)
		return -2;
	st = cond_find(e, expr);
	n = sqlite3_bind_parameter_count(st);
	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i) + 1;
		rc = name[0] == '_' ? cond_bind_extra(st, i, name, extra)
				    : cond_bind_json(st, i, cJSON_GetObjectItemCaseSensitive(data, name));
		if (rc != SQLITE_OK) {
			if (rc == SQLITE_TOOBIG)
				e->hit = COND_LIMIT_LENGTH;
			else if (rc == SQLITE_NOMEM)
				e->hit = COND_LIMIT_MEMORY;
			buf_printf(err, "$%s: %s", name, sqlite3_errstr(rc));
			goto done;
		}
	}
	rc = cond_step(e, st);
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
