/* core/hq_verify.c — walk each device's chain as HQ holds it. */
#include "core/hq_verify.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/hq_media.h"
#include "core/hq_store.h"
#include "core/jsonx.h"
#include "core/ledger.h"

static void hq_verify_fault(msglist *out, const char *device, long long seq, const char *zh,
			    const char *en)
{
	buf where = BUF_INIT;

	buf_printf(&where, "%s:%lld", device, seq);
	msglist_add(out, "R22.3", buf_str(&where), zh, en);
	buf_free(&where);
}

/* Walks DEVICE's chain up to HEAD/HEAD_HASH. Returns the faults found, or -1. */
static int hq_verify_device(db *d, const char *device, long long head, const char *head_hash,
			    hq_verify_report *rep, msglist *out)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT seq, kind, body, prev_hash, hash, data FROM hq_ledger "
					 "WHERE device = ?1 ORDER BY seq");
	char prev[LEDGER_HASH_LEN + 1], want[LEDGER_HASH_LEN + 1];
	buf zh = BUF_INIT, en = BUF_INIT;
	long long expect = 1, seq;
	int faults = 0, step;

	if (!st)
		return -1;
	memcpy(prev, ledger_genesis, sizeof prev);
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		const char *body = (const char *)sqlite3_column_text(st, 2);
		const char *p = (const char *)sqlite3_column_text(st, 3);
		const char *hash = (const char *)sqlite3_column_text(st, 4);
		const char *data = (const char *)sqlite3_column_text(st, 5);
		const char *bdev, *sha;
		long long size;
		cJSON *b;

		seq = sqlite3_column_int64(st, 0);
		rep->entries++;
		buf_reset(&zh);
		buf_reset(&en);
		if (seq != expect) {
			hq_verify_fault(out, device, seq, "此前缺少条目", "entries before this one are missing");
			faults++;
		}
		expect = seq + 1;
		if (!p || strcmp(p, prev) != 0) {
			hq_verify_fault(out, device, seq, "未接续上一条", "does not link to the entry before it");
			faults++;
		}
		if (!body || !hash || ledger_hash(p ? p : "", body, want) != 0 || strcmp(want, hash) != 0) {
			hq_verify_fault(out, device, seq, "哈希不符（条目被改动）", "does not hash to its hash (changed)");
			faults++;
		}
		snprintf(prev, sizeof prev, "%s", hash ? hash : "");
		b = body ? cJSON_Parse(body) : NULL;
		bdev = b ? jsonx_str(b, "device") : NULL;
		if (!bdev || strcmp(bdev, device) != 0) {
			hq_verify_fault(out, device, seq, "条目不属于此设备", "the entry is not this device's");
			faults++;
		} else if (hq_store_check_data(b, data, &zh, &en)) {
			hq_verify_fault(out, device, seq, buf_str(&zh), buf_str(&en));
			faults++;
		} else if (kind && strcmp(kind, "media") == 0 &&
			   (!hq_store_body_media(b, &sha, &size) || hq_media_has(d, sha, size) != 1)) {
			hq_verify_fault(out, device, seq, "所指的音像文件总部没有",
					"HQ does not hold the medium it names");
			faults++;
		}
		cJSON_Delete(b);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		faults = -1;
	else if (expect - 1 != head || strcmp(prev, head_hash) != 0) {
		hq_verify_fault(out, device, head, "账本头与已确认的不符（条目被删除或增加）",
				"the chain does not end at the head HQ acknowledged (entries removed or added)");
		faults++;
	}
	buf_free(&zh);
	buf_free(&en);
	return faults;
}

static int hq_verify_media(db *d, hq_verify_report *rep, msglist *out)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT sha256, size FROM hq_media ORDER BY sha256");
	buf dir = BUF_INIT, path = BUF_INIT;
	char hex[LEDGER_HASH_LEN + 1];
	long long got;
	int faults = 0, step, fd;

	if (!st)
		return -1;
	hq_media_dir(d, &dir);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		long long size = sqlite3_column_int64(st, 1);

		rep->media++;
		buf_reset(&path);
		buf_printf(&path, "%s/%.2s/%s", buf_str(&dir), sha, sha);
		fd = open(buf_str(&path), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 || hq_media_hash_fd(fd, hex, &got) != 0 || got != size || strcmp(hex, sha) != 0) {
			msglist_add(out, "R22.3", buf_str(&path), "音像文件缺失或被改动",
				    "the medium is missing or changed");
			faults++;
		}
		if (fd >= 0)
			close(fd);
	}
	sqlite3_reset(st);
	buf_free(&dir);
	buf_free(&path);
	return step == SQLITE_DONE ? faults : -1;
}

jl_status hq_verify(const char *db_path, hq_verify_report *rep, msglist *out)
{
	db *d = NULL;
	sqlite3_stmt *st;
	jl_status rc;
	int faults = 0, f, step;

	memset(rep, 0, sizeof *rep);
	rc = db_open(db_path, DB_OPEN_READ, &d, out);
	if (rc != JL_OK)
		return rc;
	rc = JL_ESTORE;
	st = db_prepare(d, "SELECT device, seq, hash FROM hq_devices ORDER BY device");
	if (!st) {
		msglist_addf(out, NULL, db_path, "不是总部数据库（%s）", "not a headquarters store (%s)",
			     db_errmsg(d));
		goto done;
	}
	/* One read transaction: a sync landing meanwhile is not half seen. */
	if (db_exec(d, "BEGIN") != JL_OK)
		goto store;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *device = strdup((const char *)sqlite3_column_text(st, 0));
		char head_hash[LEDGER_HASH_LEN + 1];
		long long head = sqlite3_column_int64(st, 1);

		snprintf(head_hash, sizeof head_hash, "%s", (const char *)sqlite3_column_text(st, 2));
		rep->devices++;
		f = device ? hq_verify_device(d, device, head, head_hash, rep, out) : -1;
		free(device);
		if (f < 0) {
			sqlite3_reset(st);
			db_exec(d, "COMMIT");
			goto store;
		}
		faults += f;
	}
	sqlite3_reset(st);
	f = step == SQLITE_DONE ? hq_verify_media(d, rep, out) : -1;
	db_exec(d, "COMMIT");
	if (f < 0)
		goto store;
	faults += f;
	rc = faults ? JL_FOUND : JL_OK;
	goto done;
store:
	db_error(d, out, "无法读取总部数据库", "cannot read headquarters' store");
done:
	db_close(d);
	return rc;
}
