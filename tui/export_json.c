/* tui/export_json.c — the case file as JSON (see export_json.h). */
#include "tui/export_json.h"

#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "core/jsonx.h"
#include "core/perm_record.h"
#include "core/text.h"
#include "tui/show.h"

static cJSON *export_json_action(const action_row *a)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	jsonx_add_str(o, "kind", a->kind);
	jsonx_add_str(o, "title", a->title);
	jsonx_add_str(o, "device", a->device);
	jsonx_add_str(o, "opened_by", a->opened_by);
	jsonx_add_str(o, "opened_at", a->opened_at);
	jsonx_add_str(o, "closed_by", a->closed_by);
	jsonx_add_str(o, "closed_at", a->closed_at);
	jsonx_add_id(o, "ledger_seq", a->ledger_seq);
	return o;
}

static cJSON *export_json_media(const media_row *m)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)m->id);
	jsonx_add_str(o, "name", m->name);
	jsonx_add_str(o, "kind", m->kind);
	cJSON_AddNumberToObject(o, "size", (double)m->size);
	jsonx_add_str(o, "sha256", m->sha256);
	jsonx_add_str(o, "captured_at", m->captured_at);
	/* R19.2: where the capture time came from, and the file's own when stated (null before schema 8). */
	jsonx_add_str(o, "captured_from", m->captured_from);
	jsonx_add_str(o, "file_time", m->file_time);
	jsonx_add_str(o, "file_time_from", m->file_time_from);
	jsonx_add_str(o, "stored_at", m->stored_at);
	jsonx_add_str(o, "added_by", m->added_by);
	jsonx_add_str(o, "device", m->device);
	jsonx_add_id(o, "ledger_seq", m->ledger_seq);
	return o;
}

/* Returns 1 when SUBJECT names a record of X, or an attachment of one
 * (its entry carries the file's name), that C's acting officer may not read
 * (perm_record_readable): its entry's body is then left out. */
static int export_json_sealed(cli *c, const export_file *x, const char *subject)
{
	long long id;
	int i, k;

	if (sscanf(subject, "media:%lld", &id) == 1) {
		for (i = 0; i < x->n; i++)
			for (k = 0; k < x->nmedia[i]; k++)
				if (x->media[i][k].id == id)
					return perm_record_readable(c->j, &x->rows[i]) != 1;
		return 0;
	}
	if (sscanf(subject, "record:%lld", &id) != 1)
		return 0;
	for (i = 0; i < x->n; i++)
		if (x->rows[i].id == id)
			return perm_record_readable(c->j, &x->rows[i]) != 1;
	return 0;
}

static cJSON *export_json_record(cli *c, const export_file *x, int i)
{
	const record_row *r = &x->rows[i];
	const form *f = formset_find_for(c->j->forms, r->form, r->form_version);
	const export_entry *e = export_entry_find(x, r->ledger_seq);
	cJSON *o = show_record_json(c->j, r), *list, *ledger;
	int k;

	if (!o)
		return NULL;
	jsonx_add_str(o, "form_title", f ? form_text_get(&f->title, c->lang) : NULL);
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
		jsonx_add_id(fault, "seq", x->rep.fault_seq);
		jsonx_add_str(fault, "req", m->req);
		jsonx_add_str(fault, "where", m->where);
		jsonx_add_str(fault, "zh", m->zh);
		jsonx_add_str(fault, "en", m->en);
	}
	return o;
}

jl_status export_json(cli *c, const export_file *x, buf *out)
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
		if (export_json_sealed(c, x, e->subject))
			/* R20.2: a confidential record's entry holds its reason. */
			cJSON_AddStringToObject(item, "sealed", PERM_RECORD_SEALED_ZH);
		else
			cJSON_AddStringToObject(item, "body", e->body);
		cJSON_AddItemToArray(ledger, item);
	}
	cJSON_AddItemToObject(o, "verify", export_json_verify(x));
	jsonx_add_str(o, "exported_at", x->exported_at);
	/* Valid JSON for any stored bytes: a name that is not UTF-8 (only a
	 * store written behind jilu's back holds one) gets U+FFFD, and control
	 * and bidi characters are \u escapes (core/text.h). */
	s = text_json_print(o, 1);
	if (!s)
		goto done;
	buf_puts(out, s);
	buf_puts(out, "\n");
	rc = out->oom ? JL_ENOMEM : JL_OK;
done:
	free(s);
	cJSON_Delete(o);
	return rc;
}
