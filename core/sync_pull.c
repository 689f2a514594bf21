/* core/sync_pull.c — take what headquarters sent: definitions, calendar,
 * roster; all or nothing. */
#include "core/sync_pull.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/form.h"
#include "core/form_pushed.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/sync_pull_kinds.h"
#include "core/officer.h"
#include "core/officer_pin.h"
#include "core/text.h"


/* Returns 1 when J's store has table NAME, 0 when not, -1 on an error. */
static int sync_pull_has_table(jl *j, const char *name)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
	int step;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}

/* Returns 1 when J's meta holds KEY, 0 when not (or unreadable). */
static int sync_pull_meta_has(jl *j, const char *key)
{
	char *v = db_meta_get(j->db, key);
	int has = v != NULL;

	free(v);
	return has;
}

/*
 * What the device holds is what HQ sent before (pushed_forms,
 * pushed_calendar, meta hq_roster): read from the store alone, so a sync
 * with nothing new reads no form file. A definition HQ publishes that the
 * forms directory ships already is so sent once, kept, and the directory's
 * copy stays in use (form_pushed_load).
 */
jl_status sync_pull_have(jl *j, cJSON *hello, msglist *err)
{
	cJSON *have = cJSON_AddObjectToObject(hello, "have"), *forms, *o;
	sqlite3_stmt *st;
	char *roster;
	int has, step;

	forms = have ? cJSON_AddArrayToObject(have, "forms") : NULL;
	if (!forms)
		return JL_ENOMEM;
	has = sync_pull_has_table(j, "pushed_forms");
	if (has < 0)
		goto store;
	cJSON_AddNullToObject(have, "calendar");
	cJSON_AddNullToObject(have, "kinds");
	/* This device takes a push too large for one message in parts. */
	cJSON_AddTrueToObject(have, "parts");
	if (has) {
		st = db_prepare(j->db, "SELECT id, version, sha256 FROM pushed_forms ORDER BY id, version");
		if (!st)
			goto store;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			if (!(o = cJSON_CreateObject()))
				break;
			cJSON_AddItemToArray(forms, o);
			jsonx_add_str(o, "id", (const char *)sqlite3_column_text(st, 0));
			cJSON_AddNumberToObject(o, "version", (double)sqlite3_column_int64(st, 1));
			jsonx_add_str(o, "sha256", (const char *)sqlite3_column_text(st, 2));
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			goto store;
		st = db_prepare(j->db, "SELECT sha256 FROM pushed_calendar ORDER BY seq DESC LIMIT 1");
		if (!st)
			goto store;
		step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			cJSON_ReplaceItemInObjectCaseSensitive(
				have, "calendar", cJSON_CreateString((const char *)sqlite3_column_text(st, 0)));
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			goto store;
	}
	/* A store older than schema 9 (read as it is) has none. */
	has = sync_pull_has_table(j, "pushed_kinds");
	if (has < 0)
		goto store;
	if (has) {
		st = db_prepare(j->db, "SELECT sha256 FROM pushed_kinds ORDER BY seq DESC LIMIT 1");
		if (!st)
			goto store;
		step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			cJSON_ReplaceItemInObjectCaseSensitive(
				have, "kinds", cJSON_CreateString((const char *)sqlite3_column_text(st, 0)));
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			goto store;
	}
	roster = db_meta_get(j->db, "hq_roster");
	/* A roster applied before the device noted HQ's word on each PIN
	 * (OFFICER_PIN_HQ) is asked for again, once: so those officers'
	 * PINs become HQ's on devices synced before the rule too. */
	if (roster && !sync_pull_meta_has(j, "hq_roster_pins")) {
		free(roster);
		roster = NULL;
	}
	if (roster)
		jsonx_add_str(have, "roster", roster);
	else
		cJSON_AddNullToObject(have, "roster");
	free(roster);
	return JL_OK;
store:
	db_error(j->db, err, "无法读取总部下发的内容", "cannot read what headquarters sent before");
	return JL_ESTORE;
}

/* Loads J's forms when the command did not (the sync reads none unless HQ
 * sends some): the forms directory's, with what HQ sent before. Returns
 * JL_OK, or a status with the reason in ERR. */
static jl_status sync_pull_forms_load(jl *j, msglist *err)
{
	char *dir;
	jl_status rc;

	if (j->forms)
		return JL_OK;
	dir = form_default_dir();
	if (!dir)
		return JL_ENOMEM;
	rc = formset_load(dir, &j->forms, &j->form_problems);
	if (rc == JL_OK)
		rc = form_pushed_load(j->db, j->forms, &j->form_problems);
	if (rc != JL_OK)
		msglist_take(err, &j->form_problems);
	free(dir);
	return rc;
}

/* Reports a problem with what HQ sent, at WHERE. */
static void sync_pull_problem(msglist *err, const char *where, const char *zh, const char *en)
{
	buf w = BUF_INIT;

	buf_printf(&w, "HQ:%s", where);
	msglist_add(err, NULL, buf_str(&w), zh, en);
	buf_free(&w);
}

/* Stores definition ID at VERSION (its SHA and JSON text; already added to
 * J->forms) in pushed_forms. Inside the caller's transaction. Returns 0 or -1. */
static int sync_pull_store_form(jl *j, const char *id, long long version, const char *sha,
				const char *json, const char *now)
{
	sqlite3_stmt *st = db_prepare(j->db, "INSERT OR IGNORE INTO pushed_forms(id, version, sha256,"
					     " json, received_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	int step;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, version);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : -1;
}

/*
 * One definition of the push, ID at VERSION (its SHA-256 HASH and text
 * JSON; WHERE names it): its text must hash to HASH and be ID at VERSION;
 * then it is added to J->forms (the checker's problems in TRY) and stored.
 * Returns 0 (added), 3 (stored, and the forms directory has that version
 * already), 1 (refused: in ERR), 2 (the checker refused it: in TRY, perhaps
 * for a form sent beside it) or -1 on a store error.
 */
static int sync_pull_form(jl *j, const char *id, long long version, const char *hash,
			  const char *json, const char *where, const char *now, msglist *try,
			  msglist *err)
{
	char sha[LEDGER_HASH_LEN + 1];
	cJSON *parsed;
	const cJSON *pv;
	const form *added = NULL;
	int same;

	ledger_sha256_hex(json, strlen(json), sha);
	if (strcmp(sha, hash) != 0) {
		msglist_add(err, NULL, where, "内容与其 SHA-256 不符（传输损坏）",
			    "the text does not match its SHA-256 (damaged in transit)");
		return 1;
	}
	/* What it says it is, before it is judged as such. */
	parsed = cJSON_Parse(json);
	pv = parsed ? cJSON_GetObjectItemCaseSensitive(parsed, "version") : NULL;
	same = parsed && jsonx_str(parsed, "id") && strcmp(jsonx_str(parsed, "id"), id) == 0 &&
	       cJSON_IsNumber(pv) && pv->valuedouble == (double)version;
	cJSON_Delete(parsed);
	if (!same) {
		msglist_add(err, NULL, where, "定义的 id 或版本与所称不符",
			    "the definition's id or version is not what it was sent as");
		return 1;
	}
	if (formset_add(j->forms, where, json, strlen(json), &added, try) != JL_OK)
		return 2;
	if (sync_pull_store_form(j, id, version, hash, json, now) != 0)
		return -1;
	return added ? 0 : 3;
}

/*
 * The definitions of the push: each must hash to its SHA-256, be the id and
 * version it says, and pass the checker with the forms J has (a definition
 * may name a form sent beside it: tried again while any is added).
 * Returns 0, 1 (problems in ERR) or -1 on a store error.
 */
static int sync_pull_forms(jl *j, const cJSON *forms, const char *now, sync_pulled *out,
			   msglist *err)
{
	int n = cJSON_GetArraySize(forms), i, left, progress = 1, bad = 0, rc = -1;
	char *done = calloc((size_t)n + 1, 1);
	msglist *last = calloc((size_t)n + 1, sizeof *last);

	if (!done || !last)
		goto done;
	for (left = n; left > 0 && progress;) {
		progress = 0;
		for (i = 0; i < n; i++) {
			const cJSON *e = cJSON_GetArrayItem(forms, i);
			const char *id = jsonx_str(e, "id"), *hash = jsonx_str(e, "sha256");
			const char *json = jsonx_str(e, "json");
			long long version;
			buf where = BUF_INIT;
			int r;

			if (done[i])
				continue;
			msglist_free(&last[i]);
			if (!id || !hash || !json ||
			    !jsonx_int(cJSON_GetObjectItemCaseSensitive(e, "version"), 1, 1LL << 30,
				       &version)) {
				buf_printf(&where, "$.forms[%d]", i);
				sync_pull_problem(err, buf_str(&where), "须有 id、version、sha256、json",
						  "expected id, version, sha256, json");
				r = 1; /* never better on another pass */
			} else {
				form_pushed_where(&where, id, version);
				r = sync_pull_form(j, id, version, hash, json, buf_str(&where), now,
						   &last[i], err);
			}
			buf_free(&where);
			if (r < 0)
				goto done;
			if (r == 2)
				continue; /* perhaps it names a form still to come */
			done[i] = 1;
			left--;
			if (r == 1)
				bad = 1;
			if (r == 0 || r == 3)
				progress = 1;
			if (r == 0)
				out->forms++;
		}
	}
	for (i = 0; i < n; i++) {
		if (!done[i]) {
			msglist_take(err, &last[i]);
			bad = 1;
		}
	}
	rc = bad;
done:
	for (i = 0; last && i < n; i++)
		msglist_free(&last[i]);
	free(done);
	free(last);
	return rc;
}

/* The calendar C of the push: checked, stored, and put in J->forms's place.
 * The same push can arrive twice (two syncs at once both said they lacked
 * it; HQ answered both), so a calendar the newest row already holds adds no
 * row: nothing is kept twice. Returns 0 (stored), 3 (the newest already),
 * 1 (problems in ERR) or -1 on a store error. */
static int sync_pull_calendar(jl *j, const cJSON *c, const char *now, msglist *err)
{
	const char *json = jsonx_str(c, "json"), *hash = jsonx_str(c, "sha256");
	char sha[LEDGER_HASH_LEN + 1];
	calendar *cal;

	if (!json || !hash) {
		sync_pull_problem(err, "calendar", "须有 sha256 与 json", "expected sha256 and json");
		return 1;
	}
	ledger_sha256_hex(json, strlen(json), sha);
	if (strcmp(sha, hash) != 0) {
		sync_pull_problem(err, "calendar", "内容与其 SHA-256 不符（传输损坏）",
				  "the text does not match its SHA-256 (damaged in transit)");
		return 1;
	}
	cal = calendar_parse("HQ:calendar", json, strlen(json), err);
	if (!cal)
		return 1;
	formset_set_calendar(j->forms, cal);
	return form_pushed_keep(j->db, FORM_PUSHED_CALENDAR_INSERT, hash, json, now);
}

/* Returns 1 when officer E of the push is well formed, else 0 with the
 * problems in ERR at WHERE. */
static int sync_pull_officer_ok(const cJSON *e, const char *where, msglist *err)
{
	const char *id = jsonx_str(e, "id"), *name = jsonx_str(e, "name"), *cert = jsonx_str(e, "cert");
	const char *roles = jsonx_str(e, "roles"), *pin = jsonx_str(e, "pin");
	const cJSON *jpin = cJSON_GetObjectItemCaseSensitive(e, "pin");
	const cJSON *ret = cJSON_GetObjectItemCaseSensitive(e, "retired");
	size_t n0 = err->n;
	buf canon = BUF_INIT;

	if (!id || !*id || strlen(id) > 64 || strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
						       "0123456789_.-") != strlen(id))
		msglist_add(err, NULL, where, "人员编号须为字母、数字或 _ . -",
			    "an officer id is letters, digits, _ . or -");
	if (!name || text_blank(name))
		msglist_add(err, NULL, where, "须有姓名", "a name is required");
	else
		text_check(name, strlen(name), TEXT_LINE, err, NULL, where);
	if (!cert || text_blank(cert))
		msglist_add(err, "R9.1", where, "须有执法证号", "the certificate number is required");
	else
		text_check(cert, strlen(cert), TEXT_ID, err, "R9.1", where);
	/* The roles as core/officer.c keeps them: canonical, in perm.h's order. */
	if (!roles || officer_roles_parse(roles, &canon, err, where) != 0)
		msglist_add(err, NULL, where, "须有角色", "roles are required");
	else if (strcmp(buf_str(&canon), roles) != 0)
		msglist_addf(err, NULL, where, "角色须按规范写法：%s", "roles in their canonical form: %s",
			     buf_str(&canon));
	buf_free(&canon);
	if (ret && (!cJSON_IsObject(ret) || !jsonx_str(ret, "at") ||
		    (cJSON_GetObjectItemCaseSensitive(ret, "by") && !jsonx_str(ret, "by")) ||
		    (cJSON_GetObjectItemCaseSensitive(ret, "reason") && !jsonx_str(ret, "reason"))))
		msglist_add(err, NULL, where, "retired 须有 at（及 by、reason）",
			    "retired needs at (and by, reason)");
	/* Only the hash ever travels, in the form core/officer_pin.c keeps. */
	if (jpin && (!pin || strncmp(pin, "pbkdf2-sha256$", 14) != 0 || strlen(pin) > 512 ||
		     strspn(pin, "abcdefghijklmnopqrstuvwxyz0123456789$-") != strlen(pin)))
		msglist_add(err, NULL, where, "PIN 须为 pbkdf2-sha256 哈希",
			    "a PIN must be a pbkdf2-sha256 hash");
	return err->n == n0;
}

/* Writes O (its row and roster entry): NEW inserts, else updates. Inside the
 * caller's transaction. Returns 0 or -1. */
static int sync_pull_vouch(jl *j, officer_row *o, int is_new, msglist *err)
{
	buf body = BUF_INIT, subject = BUF_INIT;
	long long seq = ledger_next_seq(j->db);
	sqlite3_stmt *st;
	int step, rc = -1;

	if (seq < 0)
		return -1;
	o->ledger_seq = seq;
	officer_ledger_body(&body, seq, j->device, o);
	buf_printf(&subject, "officer:%s", o->id);
	st = db_prepare(j->db, is_new
		? "INSERT INTO officers(id, name, cert, role, created_at, created_by, changed_at,"
		  " changed_by, ledger_seq, roles, retired_at, retired_by, retired_reason)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, NULL, ?7, ?8, ?9, ?10, ?11)"
		: "UPDATE officers SET name = ?2, cert = ?3, role = ?4, changed_at = ?6,"
		  " changed_by = NULL, ledger_seq = ?7, roles = ?8, retired_at = ?9,"
		  " retired_by = ?10, retired_reason = ?11 WHERE id = ?1");
	if (!st || body.oom || subject.oom)
		goto done;
	sqlite3_bind_text(st, 1, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->cert, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, o->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, o->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, o->changed_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, seq);
	/* As core/officer.c keeps them: roles only when several. */
	if (o->roles && strchr(o->roles, ','))
		sqlite3_bind_text(st, 8, o->roles, -1, SQLITE_STATIC);
	if (o->retired_at)
		sqlite3_bind_text(st, 9, o->retired_at, -1, SQLITE_STATIC);
	if (o->retired_by)
		sqlite3_bind_text(st, 10, o->retired_by, -1, SQLITE_STATIC);
	if (o->retired_reason)
		sqlite3_bind_text(st, 11, o->retired_reason, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE || sqlite3_changes(db_sqlite(j->db)) != 1)
		goto done;
	if (ledger_append(j->db, seq, j->device, "officer", buf_str(&subject), buf_str(&body), err) ==
	    JL_OK)
		rc = 0;
done:
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

/* Returns 1 when O's row differs from NAME, CERT or ROLES, or HQ retired
 * him (RETIRED) and the device did not. */
static int sync_pull_differs(const officer_row *o, const char *name, const char *cert,
			     const char *roles, const cJSON *retired)
{
	return strcmp(o->name, name) != 0 || strcmp(o->cert, cert) != 0 ||
	       strcmp(o->roles ? o->roles : o->role, roles) != 0 || (retired && !o->retired_at);
}

/* Sets *DST to a copy of S (NULL stays NULL), freeing what was there.
 * Returns 0, or -1 when out of memory. */
static int sync_pull_set(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
	return s && !*dst ? -1 : 0;
}

/* HQ's officer ID's PIN: HQ's hash PIN (NULL: HQ keeps none, the device's
 * stays) replaces the device's, and what HQ sent is noted (OFFICER_PIN_HQ)
 * so that the device no longer sets it itself. A PIN the device had set
 * itself and HQ's replaces is named in REPLACED: said, never lost in
 * silence. Returns 0 or -1. */
static int sync_pull_pin(jl *j, const char *id, const char *pin, sync_pulled *out, buf *replaced)
{
	buf key = BUF_INIT, hqkey = BUF_INIT;
	char *have = NULL, *hq = NULL;
	int rc = -1;

	buf_printf(&key, "pin:%s", id);
	buf_printf(&hqkey, "%s:%s", OFFICER_PIN_HQ, id);
	if (key.oom || hqkey.oom)
		goto done;
	have = db_meta_get(j->db, buf_str(&key));
	hq = db_meta_get(j->db, buf_str(&hqkey));
	if (pin && (!have || strcmp(have, pin) != 0)) {
		if (have && (!hq || strcmp(hq, have) != 0))
			buf_printf(replaced, "%s%s", replaced->len ? ", " : "", id);
		if (db_meta_set(j->db, buf_str(&key), pin) != JL_OK)
			goto done;
		out->pins++;
	}
	if ((!hq || strcmp(hq, pin ? pin : "") != 0) &&
	    db_meta_set(j->db, buf_str(&hqkey), pin ? pin : "") != JL_OK)
		goto done;
	rc = 0;
done:
	free(have);
	free(hq);
	buf_free(&key);
	buf_free(&hqkey);
	return rc;
}

/* One officer E of HQ's roster (well formed): written with a roster entry
 * when J lacks it or holds it otherwise, and its PIN as sync_pull_pin says.
 * Returns 0, 1 (a certificate another officer holds: in ERR) or -1. */
static int sync_pull_officer(jl *j, const cJSON *e, const char *where, const char *now,
			     sync_pulled *out, buf *replaced, msglist *err)
{
	char *name = text_trim(jsonx_str(e, "name")), *cert = text_ident(jsonx_str(e, "cert"));
	const char *id = jsonx_str(e, "id"), *roles = jsonx_str(e, "roles"), *pin = jsonx_str(e, "pin");
	const cJSON *ret = cJSON_GetObjectItemCaseSensitive(e, "retired");
	const char *comma = roles ? strchr(roles, ',') : NULL;
	officer_row o;
	sqlite3_stmt *st;
	jl_status got;
	int rc = -1, step, is_new;

	memset(&o, 0, sizeof o);
	if (!name || !cert)
		goto done;
	got = officer_get(j, id, &o);
	if (got != JL_OK && got != JL_ENOTFOUND)
		goto done;
	is_new = got == JL_ENOTFOUND;
	/* A certificate is one officer's: not given to another id here. */
	st = db_prepare(j->db, "SELECT id FROM officers WHERE cert = ?1 AND id <> ?2");
	if (!st)
		goto done;
	sqlite3_bind_text(st, 1, cert, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		msglist_addf(err, "R9.1", where,
			     "执法证号 %s 在本设备属于 %s，总部名册却给了 %s：未应用",
			     "certificate %s belongs to %s on this device but HQ's roster gives it to "
			     "%s: not applied",
			     cert, (const char *)sqlite3_column_text(st, 0), id);
		sqlite3_reset(st);
		rc = 1;
		goto done;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		goto done;
	if (is_new || sync_pull_differs(&o, name, cert, roles, ret)) {
		if (is_new) {
			o.id = strdup(id);
			o.created_at = strdup(now);
		}
		free(o.name);
		free(o.cert);
		free(o.role);
		free(o.changed_by);
		o.name = name;
		o.cert = cert;
		name = cert = NULL;
		/* The first role is the role (core/officer.h). */
		o.role = comma ? strndup(roles, (size_t)(comma - roles)) : strdup(roles);
		o.changed_by = NULL; /* from HQ's roster: no officer of this device acted */
		/* HQ's retirement, unless the device retired him itself. */
		if (sync_pull_set(&o.roles, roles) != 0 || sync_pull_set(&o.changed_at, now) != 0 ||
		    (ret && !o.retired_at &&
		     (sync_pull_set(&o.retired_at, jsonx_str(ret, "at")) != 0 ||
		      sync_pull_set(&o.retired_by, jsonx_str(ret, "by")) != 0 ||
		      sync_pull_set(&o.retired_reason, jsonx_str(ret, "reason")) != 0)))
			goto done;
		if (!o.id || !o.created_at || !o.role || !o.changed_at)
			goto done;
		if (sync_pull_vouch(j, &o, is_new, err) != 0)
			goto done;
		out->officers++;
	}
	if (sync_pull_pin(j, id, pin, out, replaced) != 0)
		goto done;
	rc = 0;
done:
	officer_row_free(&o);
	free(name);
	free(cert);
	return rc;
}

/* HQ's roster ROSTER ({"hash","officers"}); its version noted in meta
 * hq_roster when all of it holds. Returns 0, 1 (problems in ERR) or -1. */
static int sync_pull_roster(jl *j, const cJSON *roster, const char *now, sync_pulled *out,
			    buf *replaced, msglist *err)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(roster, "officers"), *e;
	const char *hash = jsonx_str(roster, "hash");
	int i = 0, bad = 0, r;

	if (!hash || !cJSON_IsArray(list)) {
		sync_pull_problem(err, "roster", "须有 hash 与 officers", "expected hash and officers");
		return 1;
	}
	cJSON_ArrayForEach(e, list) {
		buf where = BUF_INIT;
		buf_printf(&where, "HQ:roster.officers[%d] %s", i++,
			   jsonx_str(e, "id") ? jsonx_str(e, "id") : "");
		if (!sync_pull_officer_ok(e, buf_str(&where), err)) {
			bad = 1;
		} else {
			r = sync_pull_officer(j, e, buf_str(&where), now, out, replaced, err);
			if (r < 0) {
				buf_free(&where);
				return -1;
			}
			bad |= r;
		}
		buf_free(&where);
	}
	if (!bad && (db_meta_set(j->db, "hq_roster", hash) != JL_OK ||
		     db_meta_set(j->db, "hq_roster_pins", "1") != JL_OK))
		return -1;
	return bad;
}

jl_status sync_pull_apply(jl *j, const cJSON *push, sync_pulled *out, msglist *err)
{
	const cJSON *forms = cJSON_GetObjectItemCaseSensitive(push, "forms");
	const cJSON *cal = cJSON_GetObjectItemCaseSensitive(push, "calendar");
	const cJSON *roster = cJSON_GetObjectItemCaseSensitive(push, "roster");
	const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(push, "kinds");
	buf now = BUF_INIT, replaced = BUF_INIT;
	int bad = 0, r;
	jl_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = jl_need_device(j, err)) != JL_OK)
		return rc;
	if ((forms && !cJSON_IsArray(forms)) || (cal && !cJSON_IsObject(cal)) ||
	    (roster && !cJSON_IsObject(roster)) || (kinds && !cJSON_IsObject(kinds))) {
		sync_pull_problem(err, "push", "forms 须为数组，calendar、kinds 与 roster 须为对象",
				  "forms must be an array, calendar, kinds and roster objects");
		return JL_EREFUSED;
	}
	if ((forms || cal || kinds) && (rc = sync_pull_forms_load(j, err)) != JL_OK) {
		msglist_add(err, NULL, NULL, "无法载入表单定义，无法检查总部下发的定义",
			    "the form definitions cannot be loaded to check those from headquarters");
		return rc == JL_ENOMEM ? rc : JL_EREFUSED;
	}
	/* Judged and written under the write lock: all of it, or nothing. */
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, err, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	clock_now(&now);
	r = forms ? sync_pull_forms(j, forms, buf_str(&now), out, err) : 0;
	if (r >= 0) {
		bad |= r;
		r = cal ? sync_pull_calendar(j, cal, buf_str(&now), err) : 0;
		out->calendar = cal && r == 0;
		if (r == 3)
			r = 0;
	}
	if (r >= 0) {
		/* After the definitions: it names them. */
		bad |= r;
		r = kinds ? sync_pull_kinds(j, kinds, buf_str(&now), err) : 0;
		out->kinds = kinds && r == 0;
		if (r == 3)
			r = 0;
	}
	if (r >= 0) {
		bad |= r;
		r = roster ? sync_pull_roster(j, roster, buf_str(&now), out, &replaced, err) : 0;
	}
	if (r < 0) {
		db_error(j->db, err, "无法保存总部下发的内容", "cannot store what headquarters sent");
		rc = JL_ESTORE;
	} else if (bad | r) {
		msglist_add(err, NULL, NULL, "总部下发的内容有问题，一概未应用（见上）",
			    "what headquarters sent has problems; none of it was applied (see above)");
		rc = JL_EREFUSED;
	} else if (db_commit(j->db) != JL_OK) {
		db_error(j->db, err, "无法保存总部下发的内容", "cannot store what headquarters sent");
		rc = JL_ESTORE;
	} else {
		rc = JL_OK;
		if (replaced.len)
			msglist_addf(err, NULL, NULL,
				     "本设备为 %s 设置的 PIN 已由总部的取代：总部名册中执法人员的 PIN 以总部为准",
				     "the PIN this device had set for %s was replaced by headquarters': the "
				     "PIN of an officer of headquarters' roster is headquarters'",
				     buf_str(&replaced));
	}
	if (rc != JL_OK) {
		db_rollback(j->db);
		memset(out, 0, sizeof *out);
	}
	buf_free(&now);
	buf_free(&replaced);
	return rc;
}
