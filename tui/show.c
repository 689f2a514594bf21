/* tui/show.c — values and records as people read them. */
#include "tui/show.h"

#include <stdlib.h>
#include <string.h>

#include "core/eval.h"
#include "core/jsonx.h"
#include "tui/cli.h"

static int show_en(const char *lang)
{
	return lang && strcmp(lang, "en") == 0;
}

static const char *show_pick(const char *lang, const char *zh, const char *en)
{
	return show_en(lang) ? en : zh;
}

/* Label tables for the fixed vocabularies of the shapes. */
static const char *show_vocab(const char *id, const char *lang)
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

static void show_text(buf *out, const char *s, int indent)
{
	for (; *s; s++) {
		if (*s == '\n')
			show_newline(out, indent);
		else
			buf_append(out, s, 1);
	}
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

	buf_puts(out, name ? name : "");
	if (num) {
		show_newline(out, indent);
		buf_printf(out, "%s%s%s", type ? show_vocab(type, lang) : "", show_pick(lang, "：", ": "), num);
	}
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *s = jsonx_str(v, keys[i][0]);
		if (s && *s) {
			show_newline(out, indent);
			buf_printf(out, "%s%s%s", show_en(lang) ? keys[i][2] : keys[i][1],
				   show_pick(lang, "：", ": "), s);
		}
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
			buf_puts(out, form_choice_label(field, v->valuestring, lang));
		return;
	case SHAPE_CHOICES:
		cJSON_ArrayForEach(e, v) {
			if (!first)
				buf_puts(out, show_pick(lang, "、", ", "));
			if (cJSON_IsString(e))
				buf_puts(out, form_choice_label(field, e->valuestring, lang));
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
				show_text(out, e->valuestring, indent + 2);
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
			buf_printf(out, show_en(lang) ? "%s (certificate %s, %s)" : "%s（执法证号 %s，%s）",
				   jsonx_str(e, "name") ? jsonx_str(e, "name") : "",
				   jsonx_str(e, "cert") ? jsonx_str(e, "cert") : "",
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
			buf_printf(out, "%s %s%s%s", role ? show_vocab(role, lang) : "",
				   jsonx_str(e, "name") ? jsonx_str(e, "name") : "",
				   show_pick(lang, "：", ": "), status ? show_vocab(status, lang) : "");
			if (reason && *reason)
				buf_printf(out, show_en(lang) ? " (%s)" : "（%s）", reason);
		}
		return;
	case SHAPE_AV: {
		const char *mode = jsonx_str(v, "mode"), *reason = jsonx_str(v, "reason");
		buf_puts(out, mode ? show_vocab(mode, lang) : "");
		if (reason && *reason)
			buf_printf(out, show_en(lang) ? " (%s)" : "（%s）", reason);
		return;
	}
	default:
		break;
	}
	if (cJSON_IsString(v)) {
		show_text(out, v->valuestring, indent);
	} else {
		char *s = cJSON_PrintUnformatted(v);
		buf_puts(out, s ? s : "");
		cJSON_free(s);
	}
}

void show_record(buf *out, jl *j, const form *f, const record_row *r, const char *lang)
{
	cJSON *data = cJSON_Parse(r->data);
	int final = strcmp(r->state, "final") == 0, i, width = 0, *relevant = NULL;
	msglist unknown = MSGLIST_INIT;

	buf_printf(out, "%s %lld  %s  %s\n", show_pick(lang, "记录", "Record"), r->id,
		   f ? form_text_get(&f->title, lang) : r->form,
		   final ? show_pick(lang, "【定稿】", "[final]") : show_pick(lang, "【草稿】", "[draft]"));
	buf_printf(out, "%s%s %s v%d  %s%lld\n", show_pick(lang, "表单：", "Form: "), r->form,
		   "", r->form_version, show_pick(lang, "执法活动：", "action "), r->action_id);
	buf_printf(out, "%s%s  %s%s\n", show_pick(lang, "填写：", "Entered by: "), r->author,
		   show_pick(lang, "于 ", "at "), r->created_at);
	if (final)
		buf_printf(out, "%s%s  %s%s\n", show_pick(lang, "定稿：", "Finalised by: "),
			   r->finalized_by ? r->finalized_by : "", show_pick(lang, "于 ", "at "),
			   r->finalized_at);
	else
		buf_printf(out, "%s%s\n", show_pick(lang, "最后保存：", "Last saved: "), r->updated_at);
	if (r->amends)
		buf_printf(out, show_en(lang) ? "Corrects record %lld. Reason: %s\n"
					      : "更正记录 %lld。理由：%s\n",
			   r->amends, r->reason ? r->reason : "");
	if (r->amended_by)
		buf_printf(out, show_en(lang) ? "Corrected by record %lld.\n" : "已被记录 %lld 更正。\n",
			   r->amended_by);
	if (data && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(data, RECORD_CONFIDENTIAL)))
		buf_puts(out, show_pick(lang, "涉及秘密或个人隐私：仅限有权人员查阅，不提供复制件（第二十条、第二十一条）\n",
					"Touches secrets or privacy: for those entitled only, never copied (Arts. 20, 21)\n"));
	buf_puts(out, "\n");
	if (!f || !data) {
		buf_puts(out, r->data);
		buf_puts(out, "\n");
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
		buf_puts(out, label);
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
		buf_puts(out, "! ");
		msg_format(&unknown.items[i], lang, out);
		buf_puts(out, "\n");
	}
	msglist_free(&unknown);
	free(relevant);
	cJSON_Delete(data);
}

cJSON *show_record_json(const record_row *r)
{
	cJSON *o = cJSON_CreateObject(), *data = cJSON_Parse(r->data);

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddNumberToObject(o, "action", (double)r->action_id);
	cJSON_AddStringToObject(o, "form", r->form);
	cJSON_AddNumberToObject(o, "version", r->form_version);
	cJSON_AddStringToObject(o, "state", r->state);
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
	return o;
}
