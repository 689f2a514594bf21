/* core/sync_pull_kinds.c — kinds.json as headquarters sends it: checked
 * against the device's forms, kept, put in use (docs/sync.md). */
#include "core/sync_pull_kinds.h"

#include <string.h>

#include "core/form.h"
#include "core/form_pushed.h"
#include "core/form_read.h"
#include "core/jsonx.h"
#include "core/ledger.h"

/* See core/sync_pull_kinds.h. */
int sync_pull_kinds(jl *j, const cJSON *k, const char *now, msglist *err)
{
	const char *json = jsonx_str(k, "json"), *hash = jsonx_str(k, "sha256");
	char sha[LEDGER_HASH_LEN + 1];
	cJSON *kinds;

	if (!json || !hash) {
		msglist_add(err, NULL, "HQ:kinds", "须有 sha256 与 json", "expected sha256 and json");
		return 1;
	}
	ledger_sha256_hex(json, strlen(json), sha);
	if (strcmp(sha, hash) != 0) {
		msglist_add(err, NULL, "HQ:kinds.json", "内容与其 SHA-256 不符（传输损坏）",
			    "the text does not match its SHA-256 (damaged in transit)");
		return 1;
	}
	{
		/* Only a refusal's problems count: one naming a form this device
		 * left out for its own problems is said where that form is. */
		msglist problems = MSGLIST_INIT;
		kinds = kinds_parse("HQ:kinds.json", json, strlen(json), j->forms, &problems);
		if (!kinds) {
			msglist_take(err, &problems);
			return 1;
		}
		msglist_free(&problems);
	}
	formset_set_kinds(j->forms, kinds);
	return form_pushed_keep(j->db, FORM_PUSHED_KINDS_INSERT, hash, json, now);
}
