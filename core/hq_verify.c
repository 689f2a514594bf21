/* core/hq_verify.c — `jilu hq verify`: each device's store at HQ through the
 * same verify as on the device, and every medium HQ holds re-hashed. */
#include "core/hq_verify.h"

#include "core/hq_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/file.h"
#include "core/hq_device.h"
#include "core/hq_media.h"
#include "core/jl.h"
#include "core/verify.h"

/* Moves the messages of FROM to OUT, each "where" prefixed with DEVICE. */
static void hq_verify_take(msglist *out, msglist *from, const char *device)
{
	buf where = BUF_INIT;

	for (size_t i = 0; i < from->n; i++) {
		buf_reset(&where);
		buf_printf(&where, "%s: %s", device, from->items[i].where ? from->items[i].where : "");
		msglist_add(out, from->items[i].req, buf_str(&where), from->items[i].zh, from->items[i].en);
	}
	msglist_free(from);
}

/* Verifies DEVICE's store; its head must be the one HQ acknowledged (HEAD).
 * Returns the faults found (0…), or -1 when the store cannot be read. */
static int hq_verify_device(db *hq, const char *forms_dir, const char *device, long long head,
			    hq_verify_report *rep, msglist *out)
{
	char *path = hq_device_path(db_path(hq), device);
	char have_hash[LEDGER_HASH_LEN + 1];
	long long have = 0;
	msglist found = MSGLIST_INIT;
	verify_report vr;
	jl *j = NULL;
	jl_status rc;
	int faults = 0;

	if (!path)
		return -1;
	rc = jl_open(path, DB_OPEN_READ, forms_dir, &j, &found, NULL);
	if (rc != JL_OK) {
		hq_verify_take(out, &found, device);
		free(path);
		return -1;
	}
	rc = verify_run(j, &vr, &found);
	rep->entries += vr.entries;
	if (rc == JL_FOUND)
		faults += (int)(found.n ? found.n : 1);
	hq_verify_take(out, &found, device);
	if (rc == JL_ESTORE)
		faults = -1;
	else if (hq_device_head(j->db, &have, have_hash) != JL_OK) {
		faults = -1;
	} else if (have < head) {
		buf where = BUF_INIT;
		buf_printf(&where, "%s: ledger #%lld", device, have + 1);
		msglist_addf(out, "R22.3", buf_str(&where),
			     "总部已确认至第 %lld 条，此处只剩 %lld 条（条目被删除）",
			     "HQ acknowledged entries up to %lld; its store holds %lld (entries removed)",
			     head, have);
		buf_free(&where);
		faults++;
	}
	jl_close(j);
	free(path);
	return faults;
}

static int hq_verify_media(db *d, hq_verify_report *rep, msglist *out)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT sha256, size FROM hq_media ORDER BY sha256");
	buf dir = BUF_INIT, path = BUF_INIT;
	char hex[FILE_HASH_LEN + 1];
	long long got;
	struct stat sb;
	int faults = 0, step, fd = -1;

	if (!st)
		return -1;
	hq_media_dir(d, &dir);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		long long size = sqlite3_column_int64(st, 1);

		rep->media++;
		buf_reset(&path);
		buf_printf(&path, "%s/%.2s/%s", buf_str(&dir), sha, sha);
		/* The one opener and streamed hasher of core/file.c: a FIFO or a
		 * link put in a medium's place is reported, never read for ever. */
		if (file_open_regular(buf_str(&path), FILE_NOFOLLOW, &fd, &sb) != 0 ||
		    sb.st_size != size ||
		    file_hash_copy(fd, -1, size, hex, &got, NULL, NULL, NULL) != 0 || got != size ||
		    strcmp(hex, sha) != 0) {
			msglist_add(out, "R22.3", buf_str(&path), "音像文件缺失或被改动",
				    "the medium is missing or changed");
			faults++;
		}
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	sqlite3_reset(st);
	buf_free(&dir);
	buf_free(&path);
	return step == SQLITE_DONE ? faults : -1;
}

jl_status hq_verify(const char *db_path, const char *forms_dir, hq_verify_report *rep, msglist *out)
{
	db *d = NULL;
	sqlite3_stmt *st;
	jl_status rc;
	char **devices = NULL;
	long long *heads = NULL;
	int n = 0, faults = 0, f, i;

	memset(rep, 0, sizeof *rep);
	rc = db_open(db_path, DB_OPEN_READ, &d, out);
	if (rc != JL_OK)
		return rc;
	rc = JL_ESTORE;
	st = db_prepare(d, "SELECT device, seq FROM hq_devices ORDER BY device");
	if (!st) {
		msglist_addf(out, NULL, db_path, "不是总部数据库（%s）", "not a headquarters store (%s)",
			     db_errmsg(d));
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		char **dv = realloc(devices, (size_t)(n + 1) * sizeof *devices);
		long long *hv = realloc(heads, (size_t)(n + 1) * sizeof *heads);
		if (dv)
			devices = dv;
		if (hv)
			heads = hv;
		if (!dv || !hv || !(devices[n] = strdup((const char *)sqlite3_column_text(st, 0)))) {
			sqlite3_reset(st);
			rc = JL_ENOMEM;
			goto done;
		}
		heads[n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	for (i = 0; i < n; i++) {
		rep->devices++;
		f = hq_verify_device(d, forms_dir, devices[i], heads[i], rep, out);
		faults += f < 0 ? 1 : f;
	}
	f = hq_verify_media(d, rep, out);
	if (f < 0) {
		db_error(d, out, "无法读取总部数据库", "cannot read headquarters' store");
		goto done;
	}
	faults += f;
	/* HQ's own reads (R22.2): a row cut or edited fails as a device's would. */
	f = hq_access_verify(d, out);
	if (f < 0) {
		db_error(d, out, "无法读取总部的访问日志", "cannot read headquarters' access log");
		goto done;
	}
	faults += f;
	rc = faults ? JL_FOUND : JL_OK;
done:
	for (i = 0; i < n; i++)
		free(devices[i]);
	free(devices);
	free(heads);
	db_close(d);
	return rc;
}
