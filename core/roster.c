/* core/roster.c — officers in records are the roster: an `officers` entry
 * or an officer signature names a roster officer by id, and carries that
 * officer's name and certificate number as the roster had them the day the
 * record was finalised. */
#include "core/roster.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/jsonx.h"

/* One resolution: where its problems go and what they cite. */
typedef struct {
	jl *j;
	const form_field *fd;
	const char *req; /* what a problem cites: see roster_req */
	int final;   /* finalising: unresolved names are refused, retirement checked */
	time_t when; /* the record's time (FINAL only) */
	msglist *out;
	int n;       /* problems so far */
	int changed; /* a member was set: the value is not as it came */
	char where[192];
} roster_ctx;

/* Returns the string member KEY of E when it is given (not blank), else NULL. */
static const char *roster_given(const cJSON *e, const char *key)
{
	const char *s = jsonx_str(e, key);

	return s && *s ? s : NULL;
}

/* Sets the string member KEY of E to S unless it holds S already (so that
 * data resolved before is seen unchanged: C->changed stays 0); returns 0 or
 * -1 when memory ran out. */
static int roster_set(roster_ctx *c, cJSON *e, const char *key, const char *s)
{
	const char *now = jsonx_str(e, key);
	cJSON *v;

	if (now && strcmp(now, s) == 0)
		return 0;
	if (!(v = cJSON_CreateString(s)))
		return -1;
	c->changed = 1;
	if (cJSON_GetObjectItemCaseSensitive(e, key))
		return cJSON_ReplaceItemInObjectCaseSensitive(e, key, v) ? 0 : -1;
	cJSON_AddItemToObject(e, key, v);
	return 0;
}

/* Returns the JSON path of entry K (and its member KEY, when not NULL) of
 * the field, held in C->where until the next call. */
static const char *roster_at(roster_ctx *c, int k, const char *key)
{
	if (key)
		snprintf(c->where, sizeof c->where, "%s[%d].%s", c->fd->id, k, key);
	else
		snprintf(c->where, sizeof c->where, "%s[%d]", c->fd->id, k);
	return c->where;
}

/* One roster officer found: the columns of the statement's current row,
 * valid until roster_done. */
typedef struct {
	sqlite3_stmt *st;
	const char *id, *name, *cert;
	const char *retired_at; /* NULL while the officer serves */
	int n; /* how many officers matched (by name alone: possibly several) */
} roster_hit;

/*
 * Looks the roster up by ID, else by NAME and CERT, else by NAME alone (one
 * query: this runs for every officer of every record finalised). Returns
 * the number of officers matching (0, 1, or more by name alone) with the
 * first in *H, or -1 on a store error. Call roster_done(H) after.
 */
static int roster_find(jl *j, const char *id, const char *name, const char *cert, roster_hit *h)
{
	const char *sql =
		id ? "SELECT id, name, cert, 1, retired_at FROM officers WHERE id = ?1"
		: cert ? "SELECT id, name, cert, 1, retired_at FROM officers WHERE cert = ?2 AND name = ?3"
		       : "SELECT id, name, cert, (SELECT count(*) FROM officers WHERE name = ?3),"
			 " retired_at FROM officers WHERE name = ?3 LIMIT 1";
	int step;

	memset(h, 0, sizeof *h);
	if (!(h->st = db_prepare(j->db, sql)))
		return -1;
	if (id)
		sqlite3_bind_text(h->st, 1, id, -1, SQLITE_STATIC);
	if (!id && cert)
		sqlite3_bind_text(h->st, 2, cert, -1, SQLITE_STATIC);
	if (!id)
		sqlite3_bind_text(h->st, 3, name, -1, SQLITE_STATIC);
	step = sqlite3_step(h->st);
	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return -1;
	h->id = (const char *)sqlite3_column_text(h->st, 0);
	h->name = (const char *)sqlite3_column_text(h->st, 1);
	h->cert = (const char *)sqlite3_column_text(h->st, 2);
	h->n = sqlite3_column_int(h->st, 3);
	h->retired_at = (const char *)sqlite3_column_text(h->st, 4);
	return h->id && h->name && h->cert ? h->n : -1;
}

static void roster_done(roster_hit *h)
{
	if (h->st)
		sqlite3_reset(h->st);
	memset(h, 0, sizeof *h);
}

/*
 * Refuses officer H in entry K when he was retired (`officer retire`)
 * before the record's time: a record of an inspection held after he left
 * cannot name him, one held while he served still can (a record written up
 * or corrected later). Returns the number of problems added (0 or 1).
 */
static int roster_retired(roster_ctx *c, const roster_hit *h, int k)
{
	time_t t;

	if (!h->retired_at || clock_parse(h->retired_at, &t) != 0 || t >= c->when)
		return 0;
	msglist_addf(c->out, c->req, roster_at(c, k, NULL),
		     "执法人员 %s（%s）已于 %s 退出执法人员名册，不能记入此后的执法活动",
		     "officer %s (%s) was retired at %s, before the time of this record", h->id,
		     h->name, h->retired_at);
	return 1;
}

/* The problem of entry K naming ID, which is not on the roster. */
static void roster_no_id(roster_ctx *c, const char *id, int k)
{
	c->n++;
	msglist_addf(c->out, c->req, roster_at(c, k, "id"),
		     "人员名册中没有编号为 %s 的执法人员（jilu officer list）",
		     "no officer %s is on the roster (jilu officer list)", id);
}

/* Entry K of an `officers` value. Returns 0, or -1 on a store error or
 * when memory ran out. */
static int roster_officer(roster_ctx *c, cJSON *e, int k)
{
	const char *id = roster_given(e, "id"), *name = roster_given(e, "name");
	const char *cert = roster_given(e, "cert");
	roster_hit h;
	int got, rc = 0;

	/* Without an id, both or the entry is half filled in: the shape says
	 * what is missing (a name alone is not an officer of the roster). */
	if (!cJSON_IsObject(e) || (!id && !(name && cert)))
		return 0;
	got = roster_find(c->j, id, name, cert, &h);
	if (got <= 0) {
		roster_done(&h);
		if (got < 0)
			return -1;
		if (id)
			roster_no_id(c, id, k);
		else if (c->final && ++c->n) /* a draft may hold what is not finished */
			msglist_addf(c->out, c->req, roster_at(c, k, NULL),
				     "%s（证号 %s）不在人员名册中（jilu officer list）",
				     "%s (certificate %s) is not on the roster (jilu officer list)", name,
				     cert);
		return 0;
	}
	/* What is typed beside an id must be the roster's: a draft saying
	 * 张三 for li's id is a mistake to show, not to mend. */
	if (id && !c->final && name && strcmp(name, h.name) != 0 && ++c->n)
		msglist_addf(c->out, c->req, roster_at(c, k, "name"),
			     "名册中编号 %s 的执法人员是“%s”，不是“%s”",
			     "officer %s on the roster is \"%s\", not \"%s\"", id, h.name, name);
	if (id && !c->final && cert && strcmp(cert, h.cert) != 0 && ++c->n)
		msglist_addf(c->out, c->req, roster_at(c, k, "cert"),
			     "名册中编号 %s 的执法人员的执法证号是 %s，不是 %s",
			     "officer %s's certificate on the roster is %s, not %s", id, h.cert, cert);
	if (c->final)
		c->n += roster_retired(c, &h, k);
	if (roster_set(c, e, "id", h.id) || roster_set(c, e, "name", h.name) ||
	    roster_set(c, e, "cert", h.cert))
		rc = -1;
	roster_done(&h);
	return rc;
}

/* Entry K of a `signatures` value. Returns 0, or -1 on a store error or
 * when memory ran out. */
static int roster_signature(roster_ctx *c, cJSON *e, int k)
{
	const char *role = jsonx_str(e, "role"), *id = roster_given(e, "id");
	const char *name = roster_given(e, "name");
	roster_hit h;
	int got, rc = 0;

	if (!cJSON_IsObject(e))
		return 0;
	if (!role || strcmp(role, "officer") != 0) {
		/* Only an officer is on the roster: an id on anyone else's
		 * signature would name an officer who did not sign as one. */
		if (id && ++c->n)
			msglist_add(c->out, c->req, roster_at(c, k, "id"),
				    "只有执法人员（officer）的签名写名册编号",
				    "only an officer's signature gives a roster id");
		return 0;
	}
	if (!id && !name)
		return 0;
	got = roster_find(c->j, id, name, NULL, &h);
	if (got != 1) {
		roster_done(&h);
		if (got < 0)
			return -1;
		if (id)
			roster_no_id(c, id, k);
		else if (c->final && got > 1 && ++c->n)
			msglist_addf(c->out, c->req, roster_at(c, k, "name"),
				     "人员名册中有不止一名“%s”：签名请写明编号（id）",
				     "more than one \"%s\" is on the roster: give the signing officer's id",
				     name);
		else if (c->final && ++c->n)
			msglist_addf(c->out, c->req, roster_at(c, k, "name"),
				     "签名的执法人员“%s”不在人员名册中（jilu officer list）",
				     "the signing officer \"%s\" is not on the roster (jilu officer list)",
				     name);
		return 0;
	}
	if (id && !c->final && name && strcmp(name, h.name) != 0 && ++c->n)
		msglist_addf(c->out, c->req, roster_at(c, k, "name"),
			     "名册中编号 %s 的执法人员是“%s”，不是“%s”",
			     "officer %s on the roster is \"%s\", not \"%s\"", id, h.name, name);
	if (c->final)
		c->n += roster_retired(c, &h, k);
	if (roster_set(c, e, "id", h.id) || roster_set(c, e, "name", h.name))
		rc = -1;
	roster_done(&h);
	return rc;
}

/* Refuses an officer named twice in `officers` value V, resolved. */
static void roster_twice(roster_ctx *c, const cJSON *v)
{
	const cJSON *e, *f;
	int k = 0;

	cJSON_ArrayForEach(e, v) {
		const char *id = jsonx_str(e, "id");

		for (f = v->child; id && f != e; f = f->next) {
			const char *fid = jsonx_str(f, "id");

			if (fid && strcmp(fid, id) == 0)
				break;
		}
		if (id && f != e && ++c->n)
			msglist_addf(c->out, c->req, roster_at(c, k, NULL),
				     "执法人员 %s 重复", "officer %s is named twice", id);
		k++;
	}
}

/* Resolves every entry of V (field C->fd). Returns 0 or -1. */
static int roster_value(roster_ctx *c, cJSON *v)
{
	cJSON *e;
	int k = 0;

	if (!cJSON_IsArray(v))
		return 0;
	cJSON_ArrayForEach(e, v) {
		int r = c->fd->type == SHAPE_OFFICERS ? roster_officer(c, e, k) : roster_signature(c, e, k);

		if (r < 0)
			return -1;
		k++;
	}
	/* Finalising, the same officer twice however he was named (once by
	 * id, once by name and certificate) is one officer, not two. */
	if (c->fd->type == SHAPE_OFFICERS)
		roster_twice(c, v);
	return 0;
}

/* The requirement an officer not on the roster fails in form F, field FD:
 * the article the form serves, which its `officers` field cites (R7.1 in
 * licensing, R9.1 in a penalty case, R18.1 in an inspection) — an officer
 * signature too; a form with no officers field cites FD's own. */
static const char *roster_req(const form *f, const form_field *fd)
{
	int i;

	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].type == SHAPE_OFFICERS && f->fields[i].req)
			return f->fields[i].req;
	return fd->req;
}

int roster_resolve_value(jl *j, const form *f, const form_field *fd, cJSON *v, int final,
			 time_t when, msglist *out, int *changed)
{
	roster_ctx c;

	if (fd->type != SHAPE_OFFICERS && fd->type != SHAPE_SIGNATURES)
		return 0;
	memset(&c, 0, sizeof c);
	c.j = j;
	c.fd = fd;
	c.req = roster_req(f, fd);
	c.final = final;
	c.when = when;
	c.out = out;
	if (roster_value(&c, v) < 0) {
		db_error(j->db, out, "无法读取人员名册", "cannot read the roster");
		return -1;
	}
	if (changed && c.changed)
		*changed = 1;
	return c.n;
}

time_t roster_record_time(const form *f, const cJSON *data)
{
	int i;

	for (i = 0; i < f->nfields; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(data, f->fields[i].id);
		time_t t;

		if (f->fields[i].type == SHAPE_DATETIME && cJSON_IsString(v) &&
		    clock_parse(v->valuestring, &t) == 0)
			return t;
	}
	return clock_now_epoch();
}
