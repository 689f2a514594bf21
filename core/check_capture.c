/* core/check_capture.c — R19.2 findings on stated capture times. */
#include "core/check_capture.h"

#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"

/* How far a stated capture time may stray from the file's own (R19.2). */
#define CAPTURE_SLACK 3600

/* Where the file's own time came from, in words. */
static void capture_source(const char *from, const char **zh, const char **en)
{
	if (from && strcmp(from, "exif") == 0) {
		*zh = "照片 EXIF 拍摄时间";
		*en = "the photo's EXIF time";
	} else if (from && strcmp(from, "mp4") == 0) {
		*zh = "视频文件的创建时间";
		*en = "the video's creation time";
	} else {
		*zh = "文件修改时间";
		*en = "the file's modification time";
	}
}

/* The findings of one attachment (a row of ST) of a record finalised at FIN
 * (NULL: a draft), reported on record ID. */
static void capture_row(sqlite3_stmt *st, const char *fin, long long id, check_order_add add, void *ctx)
{
	long long media = sqlite3_column_int64(st, 0);
	const char *name = (const char *)sqlite3_column_text(st, 1);
	const char *stated = (const char *)sqlite3_column_text(st, 2);
	const char *file = (const char *)sqlite3_column_text(st, 3);
	const char *from = (const char *)sqlite3_column_text(st, 4);
	const char *src_zh, *src_en;
	time_t ts, tf, tfin;
	buf zh = BUF_INIT, en = BUF_INIT;

	if (!stated || clock_parse(stated, &ts) != 0)
		return;
	capture_source(from, &src_zh, &src_en);
	/* Only a time the file itself records (EXIF, MP4) can contradict one
	 * stated: a modification time is reset by every copy off the camera,
	 * and a stated time is how an officer corrects it. It is kept all the
	 * same, and shown when the stated time is after finalisation. */
	if (file && from && strcmp(from, "mtime") != 0 && clock_parse(file, &tf) == 0 &&
	    (ts - tf > CAPTURE_SLACK || tf - ts > CAPTURE_SLACK)) {
		buf_printf(&zh, "附件 %lld（%s）所填拍摄时间 %s 与文件记载的时间 %s（取自%s）相差 1 小时以上",
			   media, name, stated, file, src_zh);
		buf_printf(&en, "attachment %lld (%s): the stated capture time %s and the time the file records, %s (%s), differ by more than an hour",
			   media, name, stated, file, src_en);
		add(ctx, 0, "R19.2", id, NULL, 0, buf_str(&zh), buf_str(&en));
	}
	if (fin && clock_parse(fin, &tfin) == 0 && ts > tfin) {
		buf_reset(&zh);
		buf_reset(&en);
		buf_printf(&zh, "附件 %lld（%s）所填拍摄时间 %s 晚于记录定稿时间 %s（文件记载的时间 %s，取自%s）",
			   media, name, stated, fin, file ? file : "—", src_zh);
		buf_printf(&en, "attachment %lld (%s): the stated capture time %s is later than the record's finalisation, %s (the file records %s, %s)",
			   media, name, stated, fin, file ? file : "—", src_en);
		add(ctx, 0, "R19.2", id, NULL, 0, buf_str(&zh), buf_str(&en));
	}
	buf_free(&zh);
	buf_free(&en);
}

jl_status check_capture(jl *j, const record_row *recs, int n, int i, check_order_add add, void *ctx)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT id, name, captured_at, file_time, file_time_from "
					     "FROM media WHERE record_id = ?1 AND captured_from = 'given' "
					     "AND kind <> 'document' ORDER BY id");
	int k = i, guard = 0;

	if (!st)
		return JL_ESTORE;
	/* The record and each version it corrects: a correction does not make
	 * a stated time true. */
	while (k >= 0 && k < n && guard++ < 1000) {
		long long prev = recs[k].amends;
		int rc;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, recs[k].id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			capture_row(st, strcmp(recs[k].state, "final") == 0 ? recs[k].finalized_at : NULL,
				    recs[i].id, add, ctx);
		if (rc != SQLITE_DONE) {
			sqlite3_reset(st);
			return JL_ESTORE;
		}
		for (k = 0; prev && k < n && recs[k].id != prev; k++)
			;
		if (!prev)
			break;
	}
	sqlite3_reset(st);
	return JL_OK;
}
