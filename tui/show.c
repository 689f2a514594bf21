/* tui/show.c — values and records as people read them. */
#include "tui/show.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/eval.h"
#include "core/jsonx.h"
#include "core/perm_record.h"
#include "core/text.h"
#include "tui/cli.h"

static int show_en(const char *lang)
{
	return lang && strcmp(lang, "en") == 0;
}

static const char *show_pick(const char *lang, const char *zh, const char *en)
{
	return show_en(lang) ? en : zh;
}

const char *show_vocab(const char *id, const char *lang)
{
	static const char *const map[][3] = {
		{"uscc", "统一社会信用代码", "USCC"},
		{"resident_id", "居民身份证", "resident ID"},
		{"other", "其他证件", "other ID"},
		{"party", "当事人", "party"},
		{"present", "在场人", "person present"},
		{"witness", "见证人", "witness"},
		{"officer", "执法人员", "officer"},
		{"server", "送达人", "server"},
		{"recipient", "受送达人", "recipient"},
		{"corrector", "更正人", "corrector"},
		{"interviewee", "被询问人", "interviewee"},
		{"chair", "主持人", "chair"},
		{"recorder", "记录人", "recorder"},
		{"participant", "参加人", "participant"},
		{"applicant", "申请人", "applicant"},
		{"signed", "签名", "signed"},
		{"sealed", "盖章", "sealed"},
		{"refused", "拒绝签名", "refused to sign"},
		{"video", "录像", "video"},
		{"audio", "录音", "audio"},
		{"photos", "拍照", "photos"},
		{"none", "无音像记录", "none"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], id) == 0)
			return show_en(lang) ? map[i][2] : map[i][1];
	return id;
}

static void show_newline(buf *out, int indent)
{
	buf_puts(out, "\n");
	for (int i = 0; i < indent; i++)
		buf_puts(out, " ");
}

void show_put(buf *out, const char *s)
{
	text_escape(out, s, 0);
}

void show_linef(buf *out, const char *fmt, ...)
{
	buf raw = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&raw, fmt, ap);
	va_end(ap);
	text_escape_n(out, buf_str(&raw), raw.len, 0);
	buf_puts(out, "\n");
	if (raw.oom)
		out->oom = 1;
	buf_free(&raw);
}

/* Text of several lines: each line escaped, the next indented by INDENT. */
static void show_lines(buf *out, const char *s, int indent)
{
	const char *nl;

	for (; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		text_escape_n(out, s, (size_t)(nl - s), TEXT_ESC_LINES);
		show_newline(out, indent);
	}
	text_escape(out, s, TEXT_ESC_LINES);
}

/* "LABEL：VALUE" on a new line, the value escaped as one line. */
static void show_member(buf *out, const char *lang, const char *label, const char *value,
			int indent)
{
	show_newline(out, indent);
	show_put(out, label);
	buf_puts(out, show_pick(lang, "：", ": "));
	show_put(out, value);
}

static void show_party(buf *out, const cJSON *v, const char *lang, int indent)
{
	static const char *const keys[][3] = {
		{"representative", "法定代表人（负责人）", "representative"},
		{"address", "住所", "address"},
		{"phone", "联系电话", "phone"},
		{"licence", "证照", "licence"},
		{"contact", "其他联系方式", "other contact"},
		{"gender", "性别", "gender"},
		{"employer", "工作单位", "employer"},
		{"position", "职务", "position"},
	};
	const char *name = jsonx_str(v, "name"), *type = jsonx_str(v, "id_type");
	const char *num = jsonx_str(v, "id_number");

	show_put(out, name);
	if (num)
		show_member(out, lang, type ? show_vocab(type, lang) : "", num, indent);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *s = jsonx_str(v, keys[i][0]);
		if (s && *s)
			show_member(out, lang, show_en(lang) ? keys[i][2] : keys[i][1], s, indent);
	}
}

void show_value(buf *out, const form_field *field, const cJSON *v, const char *lang, int indent)
{
	const cJSON *e;
	int first = 1;

	if (!v || cJSON_IsNull(v))
		return;
	switch (field ? field->type : SHAPE_INVALID) {
	case SHAPE_BOOL:
		buf_puts(out, cJSON_IsTrue(v) ? show_pick(lang, "是", "yes") : show_pick(lang, "否", "no"));
		return;
	case SHAPE_CHOICE:
		if (cJSON_IsString(v))
			show_put(out, form_choice_label(field, v->valuestring, lang));
		return;
	case SHAPE_CHOICES:
		cJSON_ArrayForEach(e, v) {
			if (!first)
				buf_puts(out, show_pick(lang, "、", ", "));
			if (cJSON_IsString(e))
				show_put(out, form_choice_label(field, e->valuestring, lang));
			first = 0;
		}
		return;
	case SHAPE_MONEY:
		if (cJSON_IsNumber(v))
			buf_printf(out, show_en(lang) ? "%.2f yuan" : "%.2f 元", v->valuedouble);
		return;
	case SHAPE_RECORD:
		if (cJSON_IsNumber(v))
			buf_printf(out, show_en(lang) ? "record %.0f" : "记录 %.0f", v->valuedouble);
		return;
	case SHAPE_LIST:
		cJSON_ArrayForEach(e, v) {
			if (!first)
				show_newline(out, indent);
			first = 0;
			buf_puts(out, "- ");
			if (cJSON_IsString(e))
				show_put(out, e->valuestring); /* one line each */
		}
		return;
	case SHAPE_PARTY:
		show_party(out, v, lang, indent);
		return;
	case SHAPE_OFFICERS:
		cJSON_ArrayForEach(e, v) {
			const cJSON *shown = cJSON_GetObjectItemCaseSensitive(e, "shown");
			if (!first)
				show_newline(out, indent);
			first = 0;
			show_put(out, jsonx_str(e, "name"));
			buf_puts(out, show_pick(lang, "（执法证号 ", " (certificate "));
			show_put(out, jsonx_str(e, "cert"));
			buf_printf(out, show_en(lang) ? ", %s)" : "，%s）",
				   cJSON_IsTrue(shown) ? show_pick(lang, "已出示证件", "shown")
						       : show_pick(lang, "未出示证件", "NOT shown"));
		}
		return;
	case SHAPE_SIGNATURES:
		cJSON_ArrayForEach(e, v) {
			const char *role = jsonx_str(e, "role"), *status = jsonx_str(e, "status");
			const char *reason = jsonx_str(e, "reason");
			if (!first)
				show_newline(out, indent);
			first = 0;
			/* A line break in a name would print a signature or a
			 * refusal the data does not hold: every part escaped. */
			show_put(out, role ? show_vocab(role, lang) : "");
			buf_puts(out, " ");
			show_put(out, jsonx_str(e, "name"));
			buf_puts(out, show_pick(lang, "：", ": "));
			show_put(out, status ? show_vocab(status, lang) : "");
			if (reason && *reason) {
				buf_puts(out, show_pick(lang, "（", " ("));
				show_put(out, reason);
				buf_puts(out, show_pick(lang, "）", ")"));
			}
		}
		return;
	case SHAPE_AV: {
		const char *mode = jsonx_str(v, "mode"), *reason = jsonx_str(v, "reason");
		show_put(out, mode ? show_vocab(mode, lang) : "");
		if (reason && *reason) {
			buf_puts(out, show_pick(lang, "（", " ("));
			show_put(out, reason);
			buf_puts(out, show_pick(lang, "）", ")"));
		}
		return;
	}
	default:
		break;
	}
	if (cJSON_IsString(v) && field && field->type == SHAPE_TEXT && field->multiline) {
		show_lines(out, v->valuestring, indent);
	} else if (cJSON_IsString(v)) {
		show_put(out, v->valuestring);
	} else {
		char *s = cJSON_PrintUnformatted(v);
		show_put(out, s ? s : "");
		cJSON_free(s);
	}
}

void show_record(buf *out, jl *j, const form *f, const record_row *r, const char *lang)
{
	show_record_at(out, j, f, r, lang, NULL);
}

/* Writes ID (as DEVICE:ID when DEVICE is not NULL) into S (N bytes); returns S. */
static const char *show_ref(const char *device, long long id, char *s, size_t n)
{
	if (device)
		snprintf(s, n, "%s:%lld", device, id);
	else
		snprintf(s, n, "%lld", id);
	return s;
}

void show_record_at(buf *out, jl *j, const form *f, const record_row *r, const char *lang,
		    const char *device)
{
	char ids[2][160];
	cJSON *data = cJSON_Parse(r->data);
	int final = strcmp(r->state, "final") == 0, i, width = 0, *relevant = NULL;
	msglist unknown = MSGLIST_INIT;

	/* Each line escaped whole: who, when and why come from the store. */
	show_linef(out, "%s %s  %s  %s", show_pick(lang, "记录", "Record"),
		   show_ref(device, r->id, ids[0], sizeof ids[0]),
		   f ? form_text_get(&f->title, lang) : r->form,
		   final ? show_pick(lang, "【定稿】", "[final]") : show_pick(lang, "【草稿】", "[draft]"));
	show_linef(out, "%s%s %s v%d  %s%s", show_pick(lang, "表单：", "Form: "), r->form,
		   "", r->form_version, show_pick(lang, "执法活动：", "action "),
		   show_ref(device, r->action_id, ids[1], sizeof ids[1]));
	/* R20.2: to the unentitled, that it exists, its form and its time. */
	if (perm_record_readable(j, r) != 1) {
		show_linef(out, "%s%s", show_pick(lang, "时间：", "Time: "),
			   final ? r->finalized_at : r->created_at);
		show_linef(out, "%s", show_pick(lang, PERM_RECORD_SEALED_ZH, PERM_RECORD_SEALED_EN));
		cJSON_Delete(data);
		return;
	}
	show_linef(out, "%s%s  %s%s", show_pick(lang, "填写：", "Entered by: "), r->author,
		   show_pick(lang, "于 ", "at "), r->created_at);
	if (final)
		show_linef(out, "%s%s  %s%s", show_pick(lang, "定稿：", "Finalised by: "),
			   r->finalized_by ? r->finalized_by : "", show_pick(lang, "于 ", "at "),
			   r->finalized_at);
	else
		show_linef(out, "%s%s", show_pick(lang, "最后保存：", "Last saved: "), r->updated_at);
	if (r->amends)
		show_linef(out, show_en(lang) ? "Corrects record %s. Reason: %s"
					      : "更正记录 %s。理由：%s",
			   show_ref(device, r->amends, ids[0], sizeof ids[0]), r->reason ? r->reason : "");
	if (r->amended_by)
		show_linef(out, show_en(lang) ? "Corrected by record %s." : "已被记录 %s 更正。",
			   show_ref(device, r->amended_by, ids[0], sizeof ids[0]));
	if (data && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(data, RECORD_CONFIDENTIAL)))
		buf_puts(out, show_pick(lang, "涉及秘密或个人隐私：仅限有权人员查阅，不提供复制件（第二十条、第二十一条）\n",
					"Touches secrets or privacy: for those entitled only, never copied (Arts. 20, 21)\n"));
	buf_puts(out, "\n");
	if (!f || !data) {
		show_linef(out, "%s", r->data ? r->data : "");
		cJSON_Delete(data);
		return;
	}
	for (i = 0; i < f->nfields; i++) {
		int w = cli_width(form_text_get(&f->fields[i].label, lang));
		if (w > width)
			width = w;
	}
	/* A condition that cannot be evaluated leaves its fields shown, and
	 * says so at the end: never a field silently hidden. */
	relevant = calloc((size_t)f->nfields + 1, sizeof *relevant);
	if (relevant)
		eval_relevant(formset_cond(j->forms), f, data, relevant, &unknown);
	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(data, fd->id);
		const char *label = form_text_get(&fd->label, lang);
		int w = cli_width(label);

		if ((!v || cJSON_IsNull(v)) && !((!relevant || relevant[i]) && fd->required))
			continue;
		show_put(out, label); /* definitions are data too */
		for (; w < width; w++)
			buf_puts(out, " ");
		buf_puts(out, "  ");
		if (!v || cJSON_IsNull(v))
			buf_puts(out, show_pick(lang, "（未填）", "(not given)"));
		else
			show_value(out, fd, v, lang, width + 2);
		buf_puts(out, "\n");
	}
	for (i = 0; i < (int)unknown.n; i++) {
		buf line = BUF_INIT;

		msg_format(&unknown.items[i], lang, &line);
		show_linef(out, "! %s", buf_str(&line)); /* ids and SQLite's words */
		buf_free(&line);
	}
	msglist_free(&unknown);
	free(relevant);
	cJSON_Delete(data);
}

cJSON *show_record_json(jl *j, const record_row *r)
{
	cJSON *o = cJSON_CreateObject(), *data = NULL;

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddNumberToObject(o, "action", (double)r->action_id);
	cJSON_AddStringToObject(o, "form", r->form);
	cJSON_AddNumberToObject(o, "version", r->form_version);
	cJSON_AddStringToObject(o, "state", r->state);
	/* R20.2: to the unentitled, that it exists, its form and its time. */
	if (perm_record_readable(j, r) != 1) {
		cJSON_AddStringToObject(o, "created_at", r->created_at);
		jsonx_add_str(o, "finalized_at", r->finalized_at);
		cJSON_AddStringToObject(o, "sealed", PERM_RECORD_SEALED_ZH);
		return o;
	}
	data = cJSON_Parse(r->data);
	cJSON_AddStringToObject(o, "author", r->author);
	cJSON_AddStringToObject(o, "device", r->device);
	cJSON_AddStringToObject(o, "created_at", r->created_at);
	cJSON_AddStringToObject(o, "updated_at", r->updated_at);
	jsonx_add_str(o, "finalized_at", r->finalized_at);
	jsonx_add_str(o, "finalized_by",
		      r->finalized_at ? (r->finalized_by ? r->finalized_by : "") : NULL);
	jsonx_add_id(o, "amends", r->amends);
	jsonx_add_str(o, "reason", r->amends ? (r->reason ? r->reason : "") : NULL);
	jsonx_add_id(o, "amended_by", r->amended_by);
	jsonx_add_id(o, "ledger_seq", r->ledger_seq);
	cJSON_AddItemToObject(o, "data", data ? data : cJSON_CreateObject());
	if (text_json_clean(o) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}
