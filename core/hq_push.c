/* core/hq_push.c — send devices what HQ published (core/hq_publish.h) and
 * its roster, when they lack it. */
#include "core/hq_push.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/form_pushed.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/sync_parts.h"

/* Tells the device (an error of code "push") and ERR that PUSH cannot be
 * sent, for the reason ZH/EN. Returns JL_EREFUSED. */
static jl_status hq_push_refuse(sync_io *io, msglist *err, const char *zh, const char *en)
{
	cJSON *m = cJSON_CreateObject();

	msglist_add(err, NULL, NULL, zh, en);
	if (m) {
		cJSON_AddStringToObject(m, "t", "error");
		cJSON_AddStringToObject(m, "code", "push");
		cJSON_AddStringToObject(m, "zh", zh);
		cJSON_AddStringToObject(m, "en", en);
		sync_io_write_msg(io, m); /* best effort: the session ends */
		cJSON_Delete(m);
	}
	return JL_EREFUSED;
}

/* Appends to ZH/EN that the member at WHERE is not what it should be. */
static int hq_push_have_bad(buf *zh, buf *en, const char *where, const char *want_zh,
			    const char *want_en)
{
	buf_printf(zh, "have%s%s 须为%s", *where ? "." : "", where, want_zh);
	buf_printf(en, "have%s%s must be %s", *where ? "." : "", where, want_en);
	return 0;
}

/* Returns 1 when V is absent, null or a string of a SHA-256 (64 characters). */
static int hq_push_have_sha(const cJSON *v)
{
	return !v || cJSON_IsNull(v) || (cJSON_IsString(v) && strlen(v->valuestring) == LEDGER_HASH_LEN);
}

int hq_push_have_ok(const cJSON *have, buf *zh, buf *en)
{
	const cJSON *forms, *e;
	const char *keys[] = {"calendar", "roster", "kinds"};
	long long v;
	buf at = BUF_INIT;
	int i = 0, ok = 1;

	if (!have)
		return 1; /* a device that holds nothing of HQ's */
	if (!cJSON_IsObject(have))
		return hq_push_have_bad(zh, en, "", "对象", "an object");
	forms = cJSON_GetObjectItemCaseSensitive(have, "forms");
	if (forms && !cJSON_IsArray(forms))
		return hq_push_have_bad(zh, en, "forms", "数组", "an array");
	cJSON_ArrayForEach(e, forms) {
		buf_reset(&at);
		buf_printf(&at, "forms[%d]", i++);
		/* The version as a definition's own (core/form_read.c): a whole
		 * number, never read as the integer below it. */
		if (!cJSON_IsObject(e) || !jsonx_str(e, "id") || !jsonx_str(e, "sha256") ||
		    !jsonx_int(cJSON_GetObjectItemCaseSensitive(e, "version"), 1, INT_MAX, &v)) {
			ok = hq_push_have_bad(zh, en, buf_str(&at), " {id, version, sha256}，version 为正整数",
					      "{id, version, sha256} with version a whole number from 1");
			break;
		}
	}
	for (i = 0; ok && i < 3; i++)
		if (!hq_push_have_sha(cJSON_GetObjectItemCaseSensitive(have, keys[i])))
			ok = hq_push_have_bad(zh, en, keys[i], " SHA-256 或 null", "a SHA-256 or null");
	e = cJSON_GetObjectItemCaseSensitive(have, "parts");
	if (ok && e && !cJSON_IsBool(e))
		ok = hq_push_have_bad(zh, en, "parts", " true 或 false", "true or false");
	buf_free(&at);
	return ok;
}

/* Returns 1 when HAVE's form list holds ID at VERSION. */
static int hq_push_has_form(const cJSON *have, const char *id, long long version)
{
	const cJSON *forms = have ? cJSON_GetObjectItemCaseSensitive(have, "forms") : NULL, *e;
	long long v;

	cJSON_ArrayForEach(e, forms) {
		const char *hid = jsonx_str(e, "id");
		if (hid && strcmp(hid, id) == 0 &&
		    jsonx_int(cJSON_GetObjectItemCaseSensitive(e, "version"), 1, INT_MAX, &v) &&
		    v == version)
			return 1;
	}
	return 0;
}

/* Returns 1 when HAVE's member KEY is the string S. */
static int hq_push_same(const cJSON *have, const char *key, const char *s)
{
	const char *h = have ? jsonx_str(have, key) : NULL;

	return h && s && strcmp(h, s) == 0;
}

int hq_push_roster(db *d, buf *out, cJSON **roster)
{
	sqlite3_stmt *st;
	buf lines = BUF_INIT;
	cJSON *list = roster ? cJSON_CreateArray() : NULL;
	char sha[LEDGER_HASH_LEN + 1];
	int n = 0, step;

	if (roster)
		*roster = NULL;
	/* The PIN's hash rides with the officer (meta pin:ID, core/officer_pin.h);
	 * every role (officers.roles, or role alone) and a retirement too. */
	st = db_prepare(d, "SELECT o.id, o.name, o.cert, coalesce(o.roles, o.role), m.value,"
			   " o.retired_at, o.retired_by, o.retired_reason FROM officers o"
			   " LEFT JOIN meta m ON m.key = 'pin:' || o.id ORDER BY o.id");
	if (!st || (roster && !list)) {
		cJSON_Delete(list);
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f[8];
		for (int i = 0; i < 8; i++)
			f[i] = (const char *)sqlite3_column_text(st, i);
		/* One line an officer, tab-separated: none of the fields holds a
		 * tab or a newline (text_check). */
		buf_printf(&lines, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f[0], f[1], f[2], f[3],
			   f[4] ? f[4] : "", f[5] ? f[5] : "", f[6] ? f[6] : "", f[7] ? f[7] : "");
		if (list) {
			cJSON *o = cJSON_CreateObject(), *r;
			if (!o)
				break;
			cJSON_AddItemToArray(list, o);
			jsonx_add_str(o, "id", f[0]);
			jsonx_add_str(o, "name", f[1]);
			jsonx_add_str(o, "cert", f[2]);
			jsonx_add_str(o, "roles", f[3]);
			if (f[4])
				jsonx_add_str(o, "pin", f[4]);
			if (f[5] && (r = cJSON_AddObjectToObject(o, "retired")) != NULL) {
				jsonx_add_str(r, "at", f[5]);
				if (f[6])
					jsonx_add_str(r, "by", f[6]);
				if (f[7])
					jsonx_add_str(r, "reason", f[7]);
			}
		}
		n++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE || lines.oom) {
		buf_free(&lines);
		cJSON_Delete(list);
		return -1;
	}
	if (n == 0) {
		buf_free(&lines);
		cJSON_Delete(list);
		return 0;
	}
	ledger_sha256_hex(buf_str(&lines), lines.len, sha);
	buf_puts(out, sha);
	buf_free(&lines);
	if (roster)
		*roster = list;
	return 1;
}

/* Returns 1 when D has table NAME, 0 when not, -1 on an error. */
static int hq_push_has_table(db *d, const char *name)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
	int step;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}

/* Adds to PUSH, as member KEY {sha256, json}, the newest text SQL reads
 * from D (its sha256 and json), when the device's HAVE names another (and
 * sets *ANY). Returns 0, or -1 on a store error. */
static int hq_push_newest(db *d, const char *sql, const cJSON *have, const char *key, cJSON *push,
			  int *any)
{
	sqlite3_stmt *st = db_prepare(d, sql);
	cJSON *o;
	int step;

	if (!st)
		return -1;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && !hq_push_same(have, key, (const char *)sqlite3_column_text(st, 0))) {
		o = cJSON_AddObjectToObject(push, key);
		if (o) {
			jsonx_add_str(o, "sha256", (const char *)sqlite3_column_text(st, 0));
			jsonx_add_str(o, "json", (const char *)sqlite3_column_text(st, 1));
		}
		*any = 1;
	}
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : -1;
}

jl_status hq_push_build(db *d, const cJSON *have, cJSON **out, msglist *err)
{
	cJSON *push = cJSON_CreateObject(), *forms = NULL, *roster = NULL, *o;
	sqlite3_stmt *st;
	buf hash = BUF_INIT;
	int published, step, any = 0, r;
	jl_status rc = JL_ESTORE;

	*out = NULL;
	if (!push)
		return JL_ENOMEM;
	cJSON_AddStringToObject(push, "t", "push");
	published = hq_push_has_table(d, "hq_forms");
	if (published < 0)
		goto done;
	if (published) {
		/* Each id's newest version: older ones serve only drafts begun
		 * under them, and a device has those already. */
		st = db_prepare(d, "SELECT id, version, sha256, json FROM hq_forms h WHERE version = "
				   "(SELECT max(version) FROM hq_forms WHERE id = h.id) ORDER BY id");
		if (!st)
			goto done;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 0);
			long long v = sqlite3_column_int64(st, 1);
			if (hq_push_has_form(have, id, v))
				continue;
			if (!forms && !(forms = cJSON_AddArrayToObject(push, "forms")))
				break;
			o = cJSON_CreateObject();
			if (!o)
				break;
			cJSON_AddItemToArray(forms, o);
			jsonx_add_str(o, "id", id);
			cJSON_AddNumberToObject(o, "version", (double)v);
			jsonx_add_str(o, "sha256", (const char *)sqlite3_column_text(st, 2));
			jsonx_add_str(o, "json", (const char *)sqlite3_column_text(st, 3));
			any = 1;
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			goto done;
		if (hq_push_newest(d, "SELECT sha256, json FROM hq_calendar ORDER BY seq DESC LIMIT 1",
				   have, "calendar", push, &any) != 0)
			goto done;
	}
	/* kinds.json as the calendar: the newest published, when it differs
	 * (a registry published before kinds travelled has no hq_kinds). */
	published = hq_push_has_table(d, "hq_kinds");
	if (published < 0)
		goto done;
	if (published && hq_push_newest(d, "SELECT sha256, json FROM hq_kinds ORDER BY seq DESC LIMIT 1",
					have, "kinds", push, &any) != 0)
		goto done;
	r = hq_push_roster(d, &hash, NULL);
	if (r < 0)
		goto done;
	if (r > 0 && !hq_push_same(have, "roster", buf_str(&hash))) {
		buf_reset(&hash);
		if (hq_push_roster(d, &hash, &roster) <= 0)
			goto done;
		o = cJSON_AddObjectToObject(push, "roster");
		if (o) {
			jsonx_add_str(o, "hash", buf_str(&hash)); /* of this very list */
			cJSON_AddItemToObject(o, "officers", roster);
			roster = NULL;
		}
		any = 1;
	}
	rc = JL_OK;
	if (any) {
		*out = push;
		push = NULL;
	}
done:
	if (rc == JL_ESTORE)
		db_error(d, err, "无法读取要下发的内容", "cannot read what headquarters sends");
	cJSON_Delete(push);
	cJSON_Delete(roster);
	buf_free(&hash);
	return rc;
}

/* Keeps in M, HQ's store of the device, the definitions and calendar of
 * PUSH the device applied: read commands at HQ (`--device ID`) then judge
 * its records by the versions the device used. Best effort, like
 * hq_store_note_head: the device's own store is what holds. */
static void hq_push_mirror(db *m, const cJSON *push)
{
	const cJSON *e, *cal = cJSON_GetObjectItemCaseSensitive(push, "calendar");
	const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(push, "kinds");
	sqlite3_stmt *st;
	buf now = BUF_INIT;

	if (!m || db_begin(m) != JL_OK)
		return;
	clock_now(&now);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(push, "forms")) {
		st = db_prepare(m, "INSERT OR IGNORE INTO pushed_forms(id, version, sha256, json, "
				   "received_at) VALUES (?1, ?2, ?3, ?4, ?5)");
		if (!st)
			goto fail;
		long long v = 0;
		jsonx_int(cJSON_GetObjectItemCaseSensitive(e, "version"), 1, INT_MAX, &v); /* HQ's own */
		sqlite3_bind_text(st, 1, jsonx_str(e, "id"), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, v);
		sqlite3_bind_text(st, 3, jsonx_str(e, "sha256"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, jsonx_str(e, "json"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, buf_str(&now), -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			goto fail;
		}
		sqlite3_reset(st);
	}
	if (cal) {
		st = db_prepare(m, FORM_PUSHED_CALENDAR_INSERT);
		if (!st)
			goto fail;
		sqlite3_bind_text(st, 1, jsonx_str(cal, "sha256"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, jsonx_str(cal, "json"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, buf_str(&now), -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			goto fail;
		}
		sqlite3_reset(st);
	}
	if (kinds) {
		st = db_prepare(m, FORM_PUSHED_KINDS_INSERT);
		if (!st)
			goto fail;
		sqlite3_bind_text(st, 1, jsonx_str(kinds, "sha256"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, jsonx_str(kinds, "json"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, buf_str(&now), -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			goto fail;
		}
		sqlite3_reset(st);
	}
	if (db_commit(m) == JL_OK) {
		buf_free(&now);
		return;
	}
fail:
	db_rollback(m);
	buf_free(&now);
}

jl_status hq_push_run(db *d, db *m, sync_io *io, const cJSON *have, msglist *err)
{
	cJSON *push = NULL, *r = NULL;
	const cJSON *parts = have ? cJSON_GetObjectItemCaseSensitive(have, "parts") : NULL;
	const char *t;
	buf zh = BUF_INIT, en = BUF_INIT;
	jl_status rc;
	int sent;

	rc = hq_push_build(d, have, &push, err);
	if (rc != JL_OK || !push)
		return rc;
	sent = sync_io_write_msg(io, push);
	if (sent != 0 && io->fail == SYNC_IO_TOOLONG) {
		/* Over a message's limit: in parts, to a device that takes them
		 * (one of an older jilu would apply the first as the whole). */
		if (!cJSON_IsTrue(parts)) {
			rc = hq_push_refuse(io, err,
					    "总部下发的内容超出一条消息的上限，本设备的 jilu 不能分段接收：请升级设备上的 jilu",
					    "what headquarters sends is over a message's limit and this "
					    "device's jilu cannot take it in parts: update jilu on the device");
			goto done;
		}
		sent = sync_parts_send(io, push, &zh, &en);
		if (sent > 0) {
			rc = hq_push_refuse(io, err, buf_str(&zh), buf_str(&en));
			goto done;
		}
		buf_reset(&zh);
		buf_reset(&en);
	}
	if (sent != 0 || sync_io_read_msg(io, &r) != 0) {
		sync_io_why(io, &zh, &en);
		msglist_add(err, NULL, NULL, buf_str(&zh), buf_str(&en));
		rc = io->fail == SYNC_IO_TOOLONG || io->fail == SYNC_IO_GARBAGE ? JL_EINVALID : JL_ELINK;
		goto done;
	}
	t = jsonx_str(r, "t");
	if (strcmp(t, "pushed") == 0) {
		hq_push_mirror(m, push);
		rc = JL_OK;
	} else if (strcmp(t, "error") == 0) {
		buf_printf(&zh, "设备拒绝了总部下发的内容：%s", jsonx_str(r, "zh") ? jsonx_str(r, "zh") : "");
		buf_printf(&en, "the device refused what headquarters sent: %s",
			   jsonx_str(r, "en") ? jsonx_str(r, "en") : "");
		msglist_add(err, NULL, NULL, buf_str(&zh), buf_str(&en));
		rc = JL_EREFUSED;
	} else {
		msglist_addf(err, NULL, NULL, "无法识别的消息 %s（应为 pushed）",
			     "a message that is not understood: %s (expected pushed)", t);
		rc = JL_EINVALID;
	}
done:
	cJSON_Delete(push);
	cJSON_Delete(r);
	buf_free(&zh);
	buf_free(&en);
	return rc;
}
