/*
 * tui/cli_export.c — `jilu export`: the case file (案卷) of one action, as an
 * archivist prints and files it (Art. 19, R19.1), with the ledger entries
 * that vouch for it and the verdict of `jilu verify` (R22.3).
 *
 * The whole file is built in memory, then written at once: to stdout, or to
 * -o FILE through a temporary file that is fsynced and renamed, so an archive
 * never holds half a case file.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "core/action.h"
#include "core/clock.h"
#include "core/media.h"
#include "core/officer.h"
#include "core/record.h"
#include "core/verify.h"
#include "tui/cli.h"
#include "tui/show.h"

/* A4 portrait in a 10-pitch monospaced font. */
#define EXPORT_COLS 80
/* The deepest a folded line hangs: the longest English labels (45 columns)
 * still keep their values beside them, with 32 columns for the value. */
#define EXPORT_HANG_MAX (EXPORT_COLS - 32)

static const cli_command export_command = {
	"export", cli_export, "export ACTION [--format text|json] [-o FILE]",
	"导出执法活动的案卷（《办法》第十九条）：全部定稿记录及其更正、音像附件、账本记录，"
	"以及全库账本核验结果；草稿不收入案卷。文本格式每行不超过 80 列，可直接用 A4 纸打印。"
	"-o 写入文件（先写临时文件再替换，不会留下半份案卷）。账本核验发现问题时照常导出，退出码 1",
	"export an action's case file (Art. 19): every final record with its corrections, "
	"attachments and ledger entries, and the verdict of verifying the whole ledger; drafts "
	"are left out. The text form fits A4 (80 columns a line). -o writes FILE (a temporary "
	"file renamed into place: never half a case file). When verification finds a fault the "
	"file is still written and the exit code is 1"};

/* Defined beside `action show` and `media list`; the case file uses the same words. */

/* One ledger entry that speaks for the action, one of its records or attachments. */
typedef struct {
	long long seq;
	char *kind, *subject, *hash, *prev_hash, *body;
} export_entry;

/* Everything the case file says, read in one snapshot of the store. */
typedef struct {
	action_row a;
	record_row *rows;     /* every record of the action, drafts too */
	int n;
	media_row **media;    /* attachments of rows[i]; NULL for drafts */
	int *nmedia;
	int nfinal, ndrafts;
	export_entry *ledger; /* in seq order */
	int nledger;
	verify_report rep;
	jl_status verified;   /* JL_OK, or JL_FOUND with the fault in faults */
	msglist faults;
	char *exported_at;
} export_file;

static void export_file_free(export_file *x)
{
	int i;

	action_row_free(&x->a);
	for (i = 0; x->media && i < x->n; i++)
		media_rows_free(x->media[i], x->nmedia[i]);
	free(x->media);
	free(x->nmedia);
	record_rows_free(x->rows, x->n);
	for (i = 0; i < x->nledger; i++) {
		free(x->ledger[i].kind);
		free(x->ledger[i].subject);
		free(x->ledger[i].hash);
		free(x->ledger[i].prev_hash);
		free(x->ledger[i].body);
	}
	free(x->ledger);
	msglist_free(&x->faults);
	free(x->exported_at);
	memset(x, 0, sizeof *x);
}

static int export_is_final(const record_row *r)
{
	return r->state && strcmp(r->state, "final") == 0;
}

static char *export_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return strdup(s ? (const char *)s : "");
}

/*
 * Reads the ledger entries of action ID: its close, its records' finalisations
 * and amendments, and its attachments (those of drafts too: the ledger vouches
 * for them already). Chosen by subject rather than by the rows' state, so an
 * entry still shows when its row was tampered with.
 */
static jl_status export_load_ledger(jl *j, long long id, export_file *x)
{
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT l.seq, l.kind, l.subject, l.hash, l.prev_hash, l.body FROM ledger l "
		"WHERE l.subject = 'action:' || ?1"
		"   OR l.subject IN (SELECT 'record:' || r.id FROM records r WHERE r.action_id = ?1)"
		"   OR l.subject IN (SELECT 'media:' || m.id FROM media m"
		"                    JOIN records r ON r.id = m.record_id WHERE r.action_id = ?1)"
		" ORDER BY l.seq");
	jl_status rc = JL_OK;
	int cap = 0, s;

	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		export_entry *e;
		if (x->nledger == cap) {
			export_entry *p;
			cap = cap ? cap * 2 : 16;
			p = realloc(x->ledger, (size_t)cap * sizeof *p);
			if (!p) {
				rc = JL_ENOMEM;
				goto done;
			}
			x->ledger = p;
		}
		e = &x->ledger[x->nledger++];
		e->seq = sqlite3_column_int64(st, 0);
		e->kind = export_col(st, 1);
		e->subject = export_col(st, 2);
		e->hash = export_col(st, 3);
		e->prev_hash = export_col(st, 4);
		e->body = export_col(st, 5);
		if (!e->kind || !e->subject || !e->hash || !e->prev_hash || !e->body) {
			rc = JL_ENOMEM;
			goto done;
		}
	}
	if (s != SQLITE_DONE)
		rc = JL_ESTORE;
done:
	sqlite3_reset(st);
	return rc;
}

static const export_entry *export_entry_find(const export_file *x, long long seq)
{
	int i;

	for (i = 0; seq && i < x->nledger; i++)
		if (x->ledger[i].seq == seq)
			return &x->ledger[i];
	return NULL;
}

/* Reads action ID and all the case file says of it into *X. */
static jl_status export_load(cli *c, long long id, export_file *x)
{
	buf now = BUF_INIT;
	jl_status rc;
	int i;

	rc = action_get(c->j, id, &x->a);
	if (rc == JL_ENOTFOUND)
		msglist_addf(&c->msgs, NULL, NULL, "没有执法活动 %lld", "no action %lld", id, id);
	if (rc != JL_OK)
		goto done;
	rc = record_list(c->j, id, &x->rows, &x->n);
	if (rc != JL_OK)
		goto done;
	x->media = calloc((size_t)x->n + 1, sizeof *x->media);
	x->nmedia = calloc((size_t)x->n + 1, sizeof *x->nmedia);
	if (!x->media || !x->nmedia) {
		rc = JL_ENOMEM;
		goto done;
	}
	for (i = 0; i < x->n; i++) {
		if (!export_is_final(&x->rows[i])) {
			x->ndrafts++;
			continue;
		}
		x->nfinal++;
		rc = media_list(c->j, x->rows[i].id, &x->media[i], &x->nmedia[i]);
		if (rc != JL_OK)
			goto done;
	}
	rc = export_load_ledger(c->j, id, x);
	if (rc != JL_OK)
		goto done;
	/* The whole store, not just this action: an entry anywhere before this
	 * action's breaks the chain its hashes hang from. */
	x->verified = verify_run(c->j, &x->rep, &x->faults);
	if (x->verified == JL_ESTORE) {
		msglist_take(&c->msgs, &x->faults);
		rc = JL_ESTORE;
		goto done;
	}
	if (clock_now(&now) == 0)
		x->exported_at = buf_steal(&now);
done:
	buf_free(&now);
	return rc;
}

/* ---- text ---------------------------------------------------------------- */

/* Appends "名字（id）" for officer ID, or the id alone when the roster lacks it. */
static void export_officer(cli *c, buf *out, const char *id)
{
	officer_row o;

	if (!id)
		return;
	if (officer_get(c->j, id, &o) == JL_OK && o.name && strcmp(o.name, id) != 0)
		buf_printf(out, CLI_T(c, "%s（%s）", "%s (%s)"), o.name, id);
	else
		buf_puts(out, id);
	officer_row_free(&o);
}

/* Appends S padded with spaces to COLS display columns (at least two after it). */
static void export_pad(buf *out, const char *s, int cols)
{
	int w = cli_width(s);

	buf_puts(out, s);
	for (; w < cols; w++)
		buf_puts(out, " ");
	buf_puts(out, "  ");
}

static void export_center(buf *out, const char *s)
{
	int w = (EXPORT_COLS - cli_width(s)) / 2;

	for (; w > 0; w--)
		buf_puts(out, " ");
	buf_puts(out, s);
	buf_puts(out, "\n");
}

/* A page break: a line holding only a form feed (export_clean keeps those alone). */
static void export_page(buf *out)
{
	buf_puts(out, "\f\n");
}

static void export_rule(buf *out, char ch)
{
	for (int i = 0; i < EXPORT_COLS; i++)
		buf_append(out, &ch, 1);
	buf_puts(out, "\n");
}

static const char *export_entry_kind(cli *c, const char *kind)
{
	if (strcmp(kind, "finalize") == 0)
		return CLI_T(c, "定稿", "finalised");
	if (strcmp(kind, "amend") == 0)
		return CLI_T(c, "更正", "amendment");
	if (strcmp(kind, "media") == 0)
		return CLI_T(c, "音像附件", "attachment");
	if (strcmp(kind, "close") == 0)
		return CLI_T(c, "结束", "closed");
	return kind;
}

/* Appends what SUBJECT ("record:3") names, in words. */
static void export_subject(cli *c, buf *out, const char *subject)
{
	long long id;

	if (sscanf(subject, "record:%lld", &id) == 1)
		buf_printf(out, CLI_T(c, "记录 %lld", "record %lld"), id);
	else if (sscanf(subject, "media:%lld", &id) == 1)
		buf_printf(out, CLI_T(c, "附件 %lld", "attachment %lld"), id);
	else if (sscanf(subject, "action:%lld", &id) == 1)
		buf_printf(out, CLI_T(c, "执法活动 %lld", "action %lld"), id);
	else
		buf_puts(out, subject);
}

static void export_text_head(cli *c, const export_file *x, buf *out)
{
	const action_row *a = &x->a;
	buf line = BUF_INIT;
	int i, no = 0;

	buf_puts(out, "\n");
	export_center(out, CLI_T(c, "行政执法案卷", "CASE FILE OF ADMINISTRATIVE ENFORCEMENT"));
	buf_printf(&line, CLI_T(c, "执法活动 第 %lld 号", "Action No. %lld"), a->id);
	export_center(out, buf_str(&line));
	buf_puts(out, "\n");
	export_rule(out, '=');
	buf_printf(out, "%s%lld\n", CLI_T(c, "执法活动编号：", "Action: "), a->id);
	buf_printf(out, "%s%s\n", CLI_T(c, "执法类别：", "Kind: "), cli_kind_label(c, a->kind));
	if (a->title && *a->title)
		buf_printf(out, "%s%s\n", CLI_T(c, "名称：", "Title: "), a->title);
	buf_printf(out, "%s%s\n", CLI_T(c, "设备：", "Device: "), a->device);
	buf_puts(out, CLI_T(c, "开启：", "Opened: "));
	export_officer(c, out, a->opened_by);
	buf_printf(out, "  %s\n", a->opened_at);
	if (a->closed_at) {
		buf_puts(out, CLI_T(c, "结束：", "Closed: "));
		export_officer(c, out, a->closed_by);
		buf_printf(out, "  %s\n", a->closed_at);
	} else {
		buf_printf(out, "%s\n", CLI_T(c, "结束：尚未结束（案卷不完整）",
					     "Closed: not yet (the case file is incomplete)"));
	}
	if (x->exported_at)
		buf_printf(out, "%s%s\n", CLI_T(c, "导出：", "Exported: "), x->exported_at);
	buf_puts(out, "\n");

	buf_printf(out, "%s\n", CLI_T(c, "卷内目录", "Contents"));
	export_rule(out, '-');
	buf_puts(out, "  ");
	export_pad(out, CLI_T(c, "序号", "No."), 4);
	export_pad(out, CLI_T(c, "记录", "Record"), 6);
	export_pad(out, CLI_T(c, "表单", "Form"), 24);
	buf_printf(out, "%s\n", CLI_T(c, "定稿时间", "Finalised"));
	for (i = 0; i < x->n; i++) {
		const record_row *r = &x->rows[i];
		const form *f = formset_find(c->j->forms, r->form);
		char num[32], rid[32];
		if (!export_is_final(r))
			continue;
		snprintf(num, sizeof num, "%d", ++no);
		snprintf(rid, sizeof rid, "%lld", r->id);
		buf_puts(out, "  ");
		export_pad(out, num, 4);
		export_pad(out, rid, 6);
		export_pad(out, f ? form_text_get(&f->title, c->lang) : r->form, 24);
		buf_printf(out, "%s\n", r->finalized_at ? r->finalized_at : "");
	}
	if (x->nfinal == 0)
		buf_printf(out, "  %s\n", CLI_T(c, "（没有定稿记录）", "(no final records)"));
	buf_printf(out, CLI_T(c, "共 %d 件定稿记录。", "%d final record(s)."), x->nfinal);
	if (x->ndrafts)
		buf_printf(out, CLI_T(c, "另有草稿 %d 件，草稿不属于案卷，未收入。",
				      " %d draft(s) left out: a draft is not part of the case file."),
			   x->ndrafts);
	buf_puts(out, "\n");

	buf_reset(&line);
	for (i = 0; i < x->n; i++) {
		const record_row *r = &x->rows[i];
		if (!export_is_final(r) || !r->amends)
			continue;
		buf_printf(&line, CLI_T(c, "  记录 %lld 更正记录 %lld。理由：%s\n",
					"  Record %lld corrects record %lld. Reason: %s\n"),
			   r->id, r->amends, r->reason ? r->reason : "");
	}
	if (line.len) {
		buf_printf(out, "\n%s\n", CLI_T(c, "更正", "Corrections"));
		export_rule(out, '-');
		buf_puts(out, buf_str(&line));
	}
	buf_free(&line);
}

static void export_text_media(cli *c, const export_file *x, const media_row *rows, int n,
			      buf *out)
{
	int i;

	buf_puts(out, "\n");
	if (n == 0) {
		buf_printf(out, "%s\n", CLI_T(c, "音像附件：无", "Attachments: none"));
		return;
	}
	buf_printf(out, CLI_T(c, "音像附件（%d 个）：\n", "Attachments (%d):\n"), n);
	for (i = 0; i < n; i++) {
		const media_row *m = &rows[i];
		buf_printf(out, CLI_T(c, "  附件 %lld  %s  %s\n", "  Attachment %lld  %s  %s\n"), m->id,
			   cli_media_kind_label(c, m->kind), m->name);
		buf_printf(out, CLI_T(c, "    大小：%lld 字节\n", "    Size: %lld bytes\n"), m->size);
		buf_printf(out, "    SHA-256%s%s\n", CLI_T(c, "：", ": "), m->sha256);
		buf_printf(out, "    %s%s\n", CLI_T(c, "拍摄：", "Captured: "), m->captured_at);
		buf_printf(out, "    %s%s  ", CLI_T(c, "入库：", "Stored: "), m->stored_at);
		export_officer(c, out, m->added_by);
		buf_puts(out, "\n");
		if (m->ledger_seq)
			buf_printf(out, CLI_T(c, "    账本：#%lld\n", "    Ledger: #%lld\n"), m->ledger_seq);
		if (m->ledger_seq && x->verified == JL_FOUND && x->rep.fault_seq == m->ledger_seq)
			buf_printf(out, "%s\n", CLI_T(c, "    账本核验：本附件与账本不符（见卷末）",
						     "    Ledger verification: this attachment does not "
						     "match (see the end)"));
	}
}

static void export_text_record(cli *c, const export_file *x, int i, int no, buf *out)
{
	const record_row *r = &x->rows[i];
	const export_entry *e = export_entry_find(x, r->ledger_seq);

	export_page(out);
	export_rule(out, '=');
	buf_printf(out, CLI_T(c, "第 %d 件（共 %d 件）\n", "Item %d of %d\n"), no, x->nfinal);
	export_rule(out, '=');
	show_record(out, c->j, formset_find(c->j->forms, r->form), r, c->lang);
	export_text_media(c, x, x->media[i], x->nmedia[i], out);
	buf_puts(out, "\n");
	if (e) {
		buf_printf(out, CLI_T(c, "账本：#%lld（%s）\n", "Ledger: #%lld (%s)\n"), e->seq,
			   export_entry_kind(c, e->kind));
		buf_printf(out, "  %s%s\n", CLI_T(c, "哈希：", "hash: "), e->hash);
		if (x->verified == JL_FOUND && x->rep.fault_seq == e->seq)
			buf_printf(out, "%s\n", CLI_T(c, "  账本核验：本记录与账本不符（见卷末）",
						     "  Ledger verification: this record does not match "
						     "(see the end)"));
	} else {
		/* Only a store changed behind the program's back gets here; verify says how. */
		buf_printf(out, "%s\n", CLI_T(c, "账本：没有对应的账本记录", "Ledger: no entry"));
	}
}

static void export_text_tail(cli *c, const export_file *x, buf *out)
{
	buf line = BUF_INIT;
	size_t k;
	int i;

	export_page(out);
	export_rule(out, '=');
	buf_printf(out, CLI_T(c, "账本记录（本执法活动，共 %d 条）\n", "Ledger entries (this action: %d)\n"),
		   x->nledger);
	export_rule(out, '=');
	for (i = 0; i < x->nledger; i++) {
		const export_entry *e = &x->ledger[i];
		char seq[32];
		snprintf(seq, sizeof seq, "#%lld", e->seq);
		buf_puts(out, "  ");
		export_pad(out, seq, 5);
		export_pad(out, export_entry_kind(c, e->kind), 10);
		export_subject(c, out, e->subject);
		buf_printf(out, "\n         %s%s\n", CLI_T(c, "哈希：", "hash: "), e->hash);
	}
	if (x->nledger == 0)
		buf_printf(out, "  %s\n", CLI_T(c, "（没有）", "(none)"));
	buf_puts(out, "\n");
	if (x->verified == JL_OK) {
		buf_printf(out, "%s\n", CLI_T(c, "账本核验：完好", "Ledger verification: intact"));
		buf_printf(out, CLI_T(c, "  全库 %lld 条账本记录相符：%lld 条定稿记录、%lld 个已结束的执法活动、"
					 "%lld 个音像文件\n",
				      "  all %lld entries of the store hold: %lld final records, %lld closed "
				      "actions, %lld media files\n"),
			   x->rep.entries, x->rep.records, x->rep.actions, x->rep.media);
	} else {
		buf_printf(out, "%s\n", CLI_T(c, "账本核验：发现问题", "Ledger verification: FAULT"));
		for (k = 0; k < x->faults.n; k++) {
			buf_reset(&line);
			msg_format(&x->faults.items[k], c->lang, &line);
			buf_printf(out, "  %s\n", buf_str(&line));
		}
		buf_printf(out, "%s\n", CLI_T(c, "  账本不能证实数据库未被改动：本案卷所载可能与定稿时不同。",
					     "  The ledger cannot vouch that the store is unchanged: this "
					     "case file may differ from what was finalised."));
	}
	buf_puts(out, "\n\n");
	buf_printf(out, "%s\n", CLI_T(c, "归档人：________          日期：________",
				     "Archivist: ________          Date: ________"));
	buf_free(&line);
}

/*
 * Makes TEXT printable: a tab becomes a space, a carriage return goes, and
 * any other control character or byte that is not text becomes "?" — they
 * would move the print head or a terminal's cursor, and the column count
 * would lie. A form feed is kept only on a line of its own (export_page).
 */
static void export_clean(const char *text, buf *out)
{
	const char *s = text;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	while (*s) {
		wchar_t wc;
		size_t n;

		if (*s == '\n') {
			buf_append(out, s++, 1);
			continue;
		}
		if (*s == '\f' && (s == text || s[-1] == '\n') && s[1] == '\n') {
			buf_append(out, s++, 1);
			continue;
		}
		if (*s == '\t' || *s == '\r') {
			buf_puts(out, *s == '\t' ? " " : "");
			s++;
			continue;
		}
		n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			buf_puts(out, "?");
			s++;
			continue;
		}
		if (iswcntrl((wint_t)wc))
			buf_puts(out, "?");
		else
			buf_append(out, s, n);
		s += n;
	}
}

/* Full-width punctuation a line may not begin with, and that may not end one. */
static const wchar_t export_no_start[] = L"，。、；：！？）》」』】〕”’…—";
static const wchar_t export_no_end[] = L"（《「『【〔“‘";

/* Decodes the character at S (LEN > 0 bytes of clean text): returns its length
 * in bytes, with the character in *WC and its display columns in *W. */
static size_t export_char(const char *s, size_t len, wchar_t *wc, int *w)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		n = 1;
	}
	*w = wcwidth(*wc);
	if (*w < 0)
		*w = 0;
	return n;
}

/*
 * Returns the column the continuation lines of S (LEN bytes) hang at: where
 * its value starts after the first gap of two or more spaces ("label  value",
 * as show_record lays it out), else its own indent ("- " items two further).
 * Never past EXPORT_HANG_MAX, so a continuation always has room.
 */
static int export_hang(const char *s, size_t len)
{
	size_t i = 0;
	int col = 0, lead, seen = 0;

	while (i < len && s[i] == ' ') {
		i++;
		col++;
	}
	lead = col;
	while (i < len) {
		wchar_t wc;
		int w;
		if (seen && s[i] == ' ' && i + 1 < len && s[i + 1] == ' ') {
			while (i < len && s[i] == ' ') {
				i++;
				col++;
			}
			if (i < len && col <= EXPORT_HANG_MAX)
				return col;
			break;
		}
		i += export_char(s + i, len - i, &wc, &w);
		col += w;
		seen = 1;
	}
	if (len - (size_t)lead >= 2 && s[lead] == '-' && s[lead + 1] == ' ')
		lead += 2;
	return lead < EXPORT_HANG_MAX ? lead : EXPORT_HANG_MAX;
}

/*
 * Appends the line S (LEN bytes of clean text) folded to COLS columns, its
 * continuations hanging at export_hang. Breaks fall at a space or between
 * wide characters (Chinese needs no spaces), never before closing or after
 * opening punctuation; a run with no such place is cut at the margin.
 */
static void export_fold(const char *s, size_t len, int cols, buf *out)
{
	size_t pos = 0;
	int col = 0, hang, i;

	hang = export_hang(s, len);
	while (pos < len) {
		size_t end = pos, cut = 0, next = 0;
		int c = col, seen = 0;
		wchar_t prev = 0, wc;
		int w;

		while (end < len) {
			size_t n = export_char(s + end, len - end, &wc, &w);
			if (c + w > cols)
				break;
			if (seen && wc == L' ') {
				cut = end;
				next = end + 1;
			} else if (seen && w == 2 && !wcschr(export_no_start, wc) &&
				   !(prev && wcschr(export_no_end, prev))) {
				cut = end;
				next = end;
			}
			seen |= wc != L' ';
			prev = wc;
			c += w;
			end += n;
		}
		if (end >= len) {
			buf_append(out, s + pos, len - pos);
			break;
		}
		if (!cut) {
			if (end == pos) /* wider than what is left: take it anyway */
				end += export_char(s + end, len - end, &wc, &w);
			cut = next = end;
		}
		while (cut > pos && s[cut - 1] == ' ')
			cut--;
		buf_append(out, s + pos, cut - pos);
		buf_puts(out, "\n");
		for (i = 0; i < hang; i++)
			buf_puts(out, " ");
		col = hang;
		pos = next;
		while (pos < len && s[pos] == ' ')
			pos++;
	}
}

/* Appends TEXT cleaned and folded to EXPORT_COLS columns, line by line. */
static void export_layout(const char *text, buf *out)
{
	buf clean = BUF_INIT;
	const char *s, *nl;

	export_clean(text, &clean);
	for (s = buf_str(&clean); *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl) {
			export_fold(s, strlen(s), EXPORT_COLS, out);
			buf_puts(out, "\n");
			break;
		}
		export_fold(s, (size_t)(nl - s), EXPORT_COLS, out);
		buf_puts(out, "\n");
	}
	if (clean.oom)
		out->oom = 1;
	buf_free(&clean);
}

static void export_text(cli *c, const export_file *x, buf *out)
{
	buf doc = BUF_INIT;
	int i, no = 0;

	export_text_head(c, x, &doc);
	for (i = 0; i < x->n; i++)
		if (export_is_final(&x->rows[i]))
			export_text_record(c, x, i, ++no, &doc);
	export_text_tail(c, x, &doc);
	export_layout(buf_str(&doc), out);
	if (doc.oom)
		out->oom = 1;
	buf_free(&doc);
}

/* ---- json ---------------------------------------------------------------- */

static void export_json_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

static void export_json_seq(cJSON *o, const char *key, long long seq)
{
	if (seq)
		cJSON_AddNumberToObject(o, key, (double)seq);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *export_json_action(const action_row *a)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	export_json_str(o, "kind", a->kind);
	export_json_str(o, "title", a->title);
	export_json_str(o, "device", a->device);
	export_json_str(o, "opened_by", a->opened_by);
	export_json_str(o, "opened_at", a->opened_at);
	export_json_str(o, "closed_by", a->closed_by);
	export_json_str(o, "closed_at", a->closed_at);
	export_json_seq(o, "ledger_seq", a->ledger_seq);
	return o;
}

static cJSON *export_json_media(const media_row *m)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)m->id);
	export_json_str(o, "name", m->name);
	export_json_str(o, "kind", m->kind);
	cJSON_AddNumberToObject(o, "size", (double)m->size);
	export_json_str(o, "sha256", m->sha256);
	export_json_str(o, "captured_at", m->captured_at);
	export_json_str(o, "stored_at", m->stored_at);
	export_json_str(o, "added_by", m->added_by);
	export_json_str(o, "device", m->device);
	export_json_seq(o, "ledger_seq", m->ledger_seq);
	return o;
}

static cJSON *export_json_record(cli *c, const export_file *x, int i)
{
	const record_row *r = &x->rows[i];
	const form *f = formset_find(c->j->forms, r->form);
	const export_entry *e = export_entry_find(x, r->ledger_seq);
	cJSON *o = show_record_json(r), *list, *ledger;
	int k;

	if (!o)
		return NULL;
	export_json_str(o, "form_title", f ? form_text_get(&f->title, c->lang) : NULL);
	list = cJSON_AddArrayToObject(o, "attachments");
	for (k = 0; list && k < x->nmedia[i]; k++)
		cJSON_AddItemToArray(list, export_json_media(&x->media[i][k]));
	if (!e) {
		/* Only a store changed behind the program's back; verify says how. */
		cJSON_AddNullToObject(o, "ledger");
	} else if ((ledger = cJSON_AddObjectToObject(o, "ledger"))) {
		cJSON_AddNumberToObject(ledger, "seq", (double)e->seq);
		cJSON_AddStringToObject(ledger, "hash", e->hash);
	}
	return o;
}

static cJSON *export_json_verify(const export_file *x)
{
	cJSON *o = cJSON_CreateObject(), *fault;
	const msg *m = x->faults.n ? &x->faults.items[0] : NULL;

	if (!o)
		return NULL;
	cJSON_AddBoolToObject(o, "ok", x->verified == JL_OK);
	cJSON_AddNumberToObject(o, "entries", (double)x->rep.entries);
	cJSON_AddNumberToObject(o, "records", (double)x->rep.records);
	cJSON_AddNumberToObject(o, "actions", (double)x->rep.actions);
	cJSON_AddNumberToObject(o, "media", (double)x->rep.media);
	if (x->verified == JL_OK || !m) {
		cJSON_AddNullToObject(o, "fault");
	} else if ((fault = cJSON_AddObjectToObject(o, "fault"))) {
		export_json_seq(fault, "seq", x->rep.fault_seq);
		export_json_str(fault, "req", m->req);
		export_json_str(fault, "where", m->where);
		export_json_str(fault, "zh", m->zh);
		export_json_str(fault, "en", m->en);
	}
	return o;
}

static jl_status export_json(cli *c, const export_file *x, buf *out)
{
	cJSON *o = cJSON_CreateObject(), *records, *ledger;
	char *s = NULL;
	jl_status rc = JL_ENOMEM;
	int i;

	if (!o)
		goto done;
	cJSON_AddItemToObject(o, "action", export_json_action(&x->a));
	records = cJSON_AddArrayToObject(o, "records");
	for (i = 0; records && i < x->n; i++)
		if (export_is_final(&x->rows[i]))
			cJSON_AddItemToArray(records, export_json_record(c, x, i));
	cJSON_AddNumberToObject(o, "drafts_left_out", x->ndrafts);
	ledger = cJSON_AddArrayToObject(o, "ledger");
	for (i = 0; ledger && i < x->nledger; i++) {
		const export_entry *e = &x->ledger[i];
		cJSON *item = cJSON_CreateObject();
		if (!item)
			goto done;
		cJSON_AddNumberToObject(item, "seq", (double)e->seq);
		cJSON_AddStringToObject(item, "kind", e->kind);
		cJSON_AddStringToObject(item, "subject", e->subject);
		cJSON_AddStringToObject(item, "hash", e->hash);
		/* With these an auditor can recompute hash = SHA-256(prev_hash ‖ body). */
		cJSON_AddStringToObject(item, "prev_hash", e->prev_hash);
		cJSON_AddStringToObject(item, "body", e->body);
		cJSON_AddItemToArray(ledger, item);
	}
	cJSON_AddItemToObject(o, "verify", export_json_verify(x));
	export_json_str(o, "exported_at", x->exported_at);
	s = cJSON_Print(o);
	if (!s)
		goto done;
	buf_puts(out, s);
	buf_puts(out, "\n");
	rc = out->oom ? JL_ENOMEM : JL_OK;
done:
	cJSON_free(s);
	cJSON_Delete(o);
	return rc;
}

/* ---- writing ------------------------------------------------------------- */

static int export_write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Writes TEXT to PATH: a temporary file beside it, fsynced, renamed over it,
 * then the directory fsynced, so PATH holds the old file or the whole new
 * one, even across a power cut.
 */
static jl_status export_write_file(cli *c, const char *path, const buf *text)
{
	buf tmp = BUF_INIT;
	char *dir = NULL, *tmpname = NULL;
	const char *what_zh = "无法写入", *what_en = "cannot write";
	int fd = -1, dfd = -1, err = 0;
	jl_status rc = JL_ESTORE;
	mode_t mask;

	buf_printf(&tmp, "%s.XXXXXX", path);
	tmpname = buf_steal(&tmp);
	dir = strdup(path);
	if (!tmpname || !dir) {
		rc = JL_ENOMEM;
		goto done;
	}
	fd = mkstemp(tmpname);
	if (fd < 0) {
		err = errno;
		goto done;
	}
	/* mkstemp makes it 0600; a case file is as readable as any file the user makes. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || export_write_all(fd, buf_str(text), text->len) != 0 ||
	    fsync(fd) != 0) {
		err = errno;
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = errno;
		goto done;
	}
	fd = -1;
	if (rename(tmpname, path) != 0) {
		err = errno;
		what_zh = "无法替换";
		what_en = "cannot replace";
		goto done;
	}
	free(tmpname);
	tmpname = NULL;
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	/* Some file systems cannot sync a directory (EINVAL); the file is in place. */
	if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL)) {
		err = errno;
		what_zh = "无法同步目录";
		what_en = "cannot sync the directory of";
		goto done;
	}
	rc = JL_OK;
done:
	if (rc == JL_ESTORE)
		msglist_addf(&c->msgs, NULL, path, "%s：%s", "%s: %s", CLI_T(c, what_zh, what_en),
			     strerror(err ? err : EIO));
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	if (tmpname)
		unlink(tmpname);
	free(tmpname);
	free(dir);
	return rc;
}

static jl_status export_write_stdout(cli *c, const buf *text)
{
	if (fwrite(buf_str(text), 1, text->len, stdout) != text->len || fflush(stdout) != 0) {
		msglist_add(&c->msgs, NULL, NULL, "无法写出案卷（标准输出）",
			    "cannot write the case file (standard output)");
		return JL_ESTORE;
	}
	return JL_OK;
}

int cli_export(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &export_command;
	const char *output = NULL;
	long long id = 0;
	int json = 0, i, began = 0;
	export_file x;
	buf out = BUF_INIT;
	jl_status rc;

	for (i = 0; i < argc; i++)
		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			const char *f = argv[++i];
			if (strcmp(f, "json") != 0 && strcmp(f, "text") != 0)
				return cli_usage(c, cmd, "--format 须为 text 或 json",
						 "--format is text or json");
			json = strcmp(f, "json") == 0;
		} else if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) &&
			   i + 1 < argc && !output) {
			output = argv[++i];
		} else if (argv[i][0] != '-' && !id && cli_id(argv[i])) {
			id = cli_id(argv[i]);
		} else {
			return cli_usage(c, cmd, "参数有误", "bad argument");
		}
	}
	if (!id)
		return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	if (output && !*output)
		return cli_usage(c, cmd, "-o 须给出文件名", "-o needs a FILE");

	memset(&x, 0, sizeof x);
	rc = cli_open(c, 0);
	if (rc != JL_OK)
		goto done;
	/* One read transaction: the records, the ledger and the verdict describe
	 * the same moment even while another session writes. */
	if (db_exec(c->j->db, "BEGIN") != JL_OK) {
		db_error(c->j->db, &c->msgs, "无法读取数据库", "cannot read the database");
		rc = JL_ESTORE;
		goto done;
	}
	began = 1;
	rc = export_load(c, id, &x);
	if (rc != JL_OK)
		goto done;
	db_rollback(c->j->db);
	began = 0;
	if (json) {
		rc = export_json(c, &x, &out);
		if (rc != JL_OK)
			goto done;
	} else {
		export_text(c, &x, &out);
	}
	if (out.oom) {
		rc = JL_ENOMEM;
		goto done;
	}
	rc = output ? export_write_file(c, output, &out) : export_write_stdout(c, &out);
	if (rc == JL_OK && x.verified == JL_FOUND) {
		/* Written all the same (the fault is in the file); the exit code tells a script. */
		msglist_take(&c->msgs, &x.faults);
		rc = JL_FOUND;
	}
done:
	if (began)
		db_rollback(c->j->db);
	export_file_free(&x);
	buf_free(&out);
	return cli_finish(c, rc);
}
