/*
 * tui/export_text.c — the case file (案卷) laid out as text, as an archivist
 * prints and files it (Art. 19, R19.1): built whole, then folded to A4.
 */
#include "tui/export_text.h"

#include <stdio.h>
#include <string.h>

#include "core/officer.h"
#include "core/perm_record.h"
#include "tui/fold.h"
#include "tui/show.h"

/* A4 portrait in a 10-pitch monospaced font. */
#define EXPORT_COLS 80
/* The deepest a folded line hangs: the longest English labels (45 columns)
 * still keep their values beside them, with 32 columns for the value. */
#define EXPORT_HANG_MAX (EXPORT_COLS - 32)

/* Appends "名字（id）" for officer ID, or the id alone when the roster lacks it. */
static void export_officer(cli *c, buf *out, const char *id)
{
	officer_row o;

	if (!id)
		return;
	if (officer_get(c->j, id, &o) == JL_OK && o.name && strcmp(o.name, id) != 0) {
		show_put(out, o.name);
		buf_puts(out, CLI_T(c, "（", " ("));
		show_put(out, id);
		buf_puts(out, CLI_T(c, "）", ")"));
	} else {
		show_put(out, id);
	}
	officer_row_free(&o);
}

/* Appends S escaped (one line) and padded with spaces to COLS display
 * columns (at least two after it). */
static void export_pad(buf *out, const char *s, int cols)
{
	size_t at = out->len;
	int w;

	show_put(out, s);
	w = cli_width(buf_str(out) + at);
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

/* A page break: a line holding only a form feed (fold_text keeps those alone). */
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
	if (strcmp(kind, "open") == 0)
		return CLI_T(c, "立项", "opened");
	if (strcmp(kind, "close") == 0)
		return CLI_T(c, "结束", "closed");
	if (strcmp(kind, "reopen") == 0)
		return CLI_T(c, "重新开启", "reopened");
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
		show_put(out, subject);
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
	/* Values from the store: each line escaped whole (core/text.h). */
	show_linef(out, "%s%s", CLI_T(c, "执法类别：", "Kind: "), cli_kind_label(c, a->kind));
	if (a->title && *a->title)
		show_linef(out, "%s%s", CLI_T(c, "名称：", "Title: "), a->title);
	show_linef(out, "%s%s", CLI_T(c, "设备：", "Device: "), a->device);
	buf_puts(out, CLI_T(c, "开启：", "Opened: "));
	export_officer(c, out, a->opened_by);
	show_linef(out, "  %s", a->opened_at);
	if (a->closed_at) {
		buf_puts(out, CLI_T(c, "结束：", "Closed: "));
		export_officer(c, out, a->closed_by);
		show_linef(out, "  %s", a->closed_at);
	} else {
		buf_printf(out, "%s\n", CLI_T(c, "结束：尚未结束（案卷不完整）",
					     "Closed: not yet (the case file is incomplete)"));
	}
	if (x->exported_at)
		show_linef(out, "%s%s", CLI_T(c, "导出：", "Exported: "), x->exported_at);
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
		const form *f = formset_find_for(c->j->forms, r->form, r->form_version);
		char num[32], rid[32];
		if (!export_is_final(r))
			continue;
		snprintf(num, sizeof num, "%d", ++no);
		snprintf(rid, sizeof rid, "%lld", r->id);
		buf_puts(out, "  ");
		export_pad(out, num, 4);
		export_pad(out, rid, 6);
		export_pad(out, f ? form_text_get(&f->title, c->lang) : r->form, 24);
		show_linef(out, "%s", r->finalized_at ? r->finalized_at : "");
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
		/* R20.2: a confidential correction's reason is its content too. */
		show_linef(&line, CLI_T(c, "  记录 %lld 更正记录 %lld。理由：%s",
					"  Record %lld corrects record %lld. Reason: %s"),
			   r->id, r->amends,
			   perm_record_readable(c->j, r) != 1
				   ? CLI_T(c, PERM_RECORD_SEALED_ZH, PERM_RECORD_SEALED_EN)
				   : r->reason ? r->reason : "");
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
		show_linef(out, CLI_T(c, "  附件 %lld  %s  %s", "  Attachment %lld  %s  %s"), m->id,
			   cli_media_kind_label(c, m->kind), m->name);
		buf_printf(out, CLI_T(c, "    大小：%lld 字节\n", "    Size: %lld bytes\n"), m->size);
		show_linef(out, "    SHA-256%s%s", CLI_T(c, "：", ": "), m->sha256);
		show_linef(out, "    %s%s", CLI_T(c, "拍摄：", "Captured: "), m->captured_at);
		buf_printf(out, "    %s", CLI_T(c, "入库：", "Stored: "));
		show_put(out, m->stored_at);
		buf_puts(out, "  ");
		export_officer(c, out, m->added_by);
		buf_puts(out, "\n");
		if (m->ledger_seq)
			buf_printf(out, CLI_T(c, "    存证链：#%lld\n", "    Ledger: #%lld\n"), m->ledger_seq);
		if (m->ledger_seq && x->verified == JL_FOUND && x->rep.fault_seq == m->ledger_seq)
			buf_printf(out, "%s\n", CLI_T(c, "    存证链核验：本附件与存证链不符（见卷末）",
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
	show_record(out, c->j, formset_find_for(c->j->forms, r->form, r->form_version), r, c->lang);
	export_text_media(c, x, x->media[i], x->nmedia[i], out);
	buf_puts(out, "\n");
	if (e) {
		show_linef(out, CLI_T(c, "存证链：#%lld（%s）", "Ledger: #%lld (%s)"), e->seq,
			   export_entry_kind(c, e->kind));
		show_linef(out, "  %s%s", CLI_T(c, "哈希：", "hash: "), e->hash);
		if (x->verified == JL_FOUND && x->rep.fault_seq == e->seq)
			buf_printf(out, "%s\n", CLI_T(c, "  存证链核验：本记录与存证链不符（见卷末）",
						     "  Ledger verification: this record does not match "
						     "(see the end)"));
	} else {
		/* Only a store changed behind the program's back gets here; verify says how. */
		buf_printf(out, "%s\n", CLI_T(c, "存证链：没有对应的存证链记录", "Ledger: no entry"));
	}
}

static void export_text_tail(cli *c, const export_file *x, buf *out)
{
	buf line = BUF_INIT;
	size_t k;
	int i;

	export_page(out);
	export_rule(out, '=');
	buf_printf(out, CLI_T(c, "存证链记录（本执法活动，共 %d 条）\n", "Ledger entries (this action: %d)\n"),
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
		buf_puts(out, "\n");
		show_linef(out, "         %s%s", CLI_T(c, "哈希：", "hash: "), e->hash);
	}
	if (x->nledger == 0)
		buf_printf(out, "  %s\n", CLI_T(c, "（没有）", "(none)"));
	buf_puts(out, "\n");
	if (x->verified == JL_OK) {
		buf_printf(out, "%s\n", CLI_T(c, "存证链核验：完好", "Ledger verification: intact"));
		buf_printf(out, CLI_T(c, "  全库 %lld 条存证链记录相符：%lld 条定稿记录、%lld 个已结束的执法活动、"
					 "%lld 个音像文件\n",
				      "  all %lld entries of the store hold: %lld final records, %lld closed "
				      "actions, %lld media files\n"),
			   x->rep.entries, x->rep.records, x->rep.actions, x->rep.media);
	} else {
		buf_printf(out, "%s\n", CLI_T(c, "存证链核验：发现问题", "Ledger verification: FAULT"));
		for (k = 0; k < x->faults.n; k++) {
			buf_reset(&line);
			msg_format(&x->faults.items[k], c->lang, &line);
			show_linef(out, "  %s", buf_str(&line));
		}
		buf_printf(out, "%s\n", CLI_T(c, "  存证链不能证实数据库未被改动：本案卷所载可能与定稿时不同。",
					     "  The ledger cannot vouch that the store is unchanged: this "
					     "case file may differ from what was finalised."));
	}
	buf_puts(out, "\n\n");
	buf_printf(out, "%s\n", CLI_T(c, "归档人：________          日期：________",
				     "Archivist: ________          Date: ________"));
	buf_free(&line);
}

void export_text(cli *c, const export_file *x, buf *out)
{
	buf doc = BUF_INIT;
	int i, no = 0;

	export_text_head(c, x, &doc);
	for (i = 0; i < x->n; i++)
		if (export_is_final(&x->rows[i]))
			export_text_record(c, x, i, ++no, &doc);
	export_text_tail(c, x, &doc);
	fold_text(out, buf_str(&doc), EXPORT_COLS, EXPORT_HANG_MAX);
	if (doc.oom)
		out->oom = 1;
	buf_free(&doc);
}
