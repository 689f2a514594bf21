/* core/sync_parts.c — a push too large for one message, in parts: split at
 * HQ, joined on the device (docs/sync.md, "A push in parts"). */
#include "core/sync_parts.h"

#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"

/* A part of a push at most: under SYNC_LINE_MAX with room for its own
 * members ("t", "part", "parts") and the newline. */
#define SYNC_PARTS_BYTES (SYNC_LINE_MAX - 4096)

/* Reports a problem with the parts HQ sent, at HQ:WHERE. */
static void sync_parts_problem(msglist *err, const char *where, const char *zh, const char *en)
{
	buf w = BUF_INIT;

	buf_printf(&w, "HQ:%s", where);
	msglist_add(err, NULL, buf_str(&w), zh, en);
	buf_free(&w);
}

/* One piece of a push as it is split: a member ("calendar", "kinds",
 * "roster") or one definition of "forms", and its size printed. */
typedef struct {
	const char *member;
	cJSON *item;
	size_t size;
	int part;
} sync_parts_unit;

/* HQ's side: see core/sync_parts.h. */
int sync_parts_send(sync_io *io, cJSON *push, buf *zh, buf *en)
{
	static const char *const members[] = {"calendar", "kinds", "roster"};
	sync_parts_unit *u = NULL;
	cJSON *forms = cJSON_GetObjectItemCaseSensitive(push, "forms"), *e, *pm = NULL, *arr;
	size_t n = 0, used = 0, i;
	int parts = 0, k, rc = -1;
	char *text;

	u = calloc((size_t)cJSON_GetArraySize(forms) + 4, sizeof *u);
	if (!u) {
		io->fail = SYNC_IO_BROKEN;
		return -1;
	}
	cJSON_ArrayForEach(e, forms)
		u[n++] = (sync_parts_unit){"forms", e, 0, 0};
	for (i = 0; i < 3; i++)
		if ((e = cJSON_GetObjectItemCaseSensitive(push, members[i])) != NULL)
			u[n++] = (sync_parts_unit){members[i], e, 0, 0};
	/* Greedy, in order: a part is full when the next piece would pass the
	 * limit. The sizes are exact (the same printer writes the parts). */
	for (i = 0; i < n; i++) {
		text = cJSON_PrintUnformatted(u[i].item);
		if (!text) {
			io->fail = SYNC_IO_BROKEN;
			goto done;
		}
		u[i].size = strlen(text) + strlen(u[i].member) + 8;
		free(text);
		if (u[i].size > SYNC_PARTS_BYTES) {
			buf_printf(zh, "总部下发的%s %s 有 %zu 字节，超出一条消息的上限（%u 字节）",
				   u[i].member, jsonx_str(u[i].item, "id") ? jsonx_str(u[i].item, "id") : "",
				   u[i].size, SYNC_LINE_MAX);
			buf_printf(en, "headquarters' %s %s is %zu bytes, over a message's limit (%u bytes)",
				   u[i].member, jsonx_str(u[i].item, "id") ? jsonx_str(u[i].item, "id") : "",
				   u[i].size, SYNC_LINE_MAX);
			rc = 1;
			goto done;
		}
		if (!parts || used + u[i].size > SYNC_PARTS_BYTES) {
			parts++;
			used = 0;
		}
		used += u[i].size;
		u[i].part = parts;
	}
	if (parts > SYNC_PUSH_PARTS) {
		buf_printf(zh, "总部下发的内容须分 %d 条消息，超出上限 %d 条", parts, SYNC_PUSH_PARTS);
		buf_printf(en, "what headquarters sends would take %d messages, over the limit of %d",
			   parts, SYNC_PUSH_PARTS);
		rc = 1;
		goto done;
	}
	for (k = 1, i = 0; k <= parts; k++) {
		pm = cJSON_CreateObject();
		if (!pm) {
			io->fail = SYNC_IO_BROKEN;
			goto done;
		}
		cJSON_AddStringToObject(pm, "t", "push");
		cJSON_AddNumberToObject(pm, "part", k);
		cJSON_AddNumberToObject(pm, "parts", parts);
		arr = NULL;
		for (; i < n && u[i].part == k; i++) {
			if (strcmp(u[i].member, "forms") != 0)
				cJSON_AddItemReferenceToObject(pm, u[i].member, u[i].item);
			else if (arr || (arr = cJSON_AddArrayToObject(pm, "forms")) != NULL)
				cJSON_AddItemReferenceToArray(arr, u[i].item);
		}
		if (sync_io_write_msg(io, pm) != 0)
			goto done;
		cJSON_Delete(pm); /* the references only: PUSH keeps its items */
		pm = NULL;
	}
	rc = 0;
done:
	cJSON_Delete(pm);
	free(u);
	return rc;
}

jl_status sync_parts_join(cJSON *whole, cJSON *part, msglist *err)
{
	static const char *const members[] = {"calendar", "kinds", "roster"};
	cJSON *forms = cJSON_GetObjectItemCaseSensitive(part, "forms"), *all, *e;
	size_t i;

	if (forms && !cJSON_IsArray(forms)) {
		sync_parts_problem(err, "push", "forms 须为数组", "forms must be an array");
		return JL_EREFUSED;
	}
	all = cJSON_GetObjectItemCaseSensitive(whole, "forms");
	if (forms && !all && !(all = cJSON_AddArrayToObject(whole, "forms")))
		return JL_ENOMEM;
	if (all && !cJSON_IsArray(all)) {
		sync_parts_problem(err, "push", "forms 须为数组", "forms must be an array");
		return JL_EREFUSED;
	}
	/* Moved, not copied: a push may be hundreds of megabytes. */
	while (forms && (e = cJSON_DetachItemFromArray(forms, 0)) != NULL)
		cJSON_AddItemToArray(all, e);
	for (i = 0; i < sizeof members / sizeof *members; i++) {
		e = cJSON_DetachItemFromObjectCaseSensitive(part, members[i]);
		if (!e)
			continue;
		if (cJSON_GetObjectItemCaseSensitive(whole, members[i])) {
			cJSON_Delete(e);
			sync_parts_problem(err, members[i], "在多段下发中出现了两次",
					  "came twice in the parts of one push");
			return JL_EREFUSED;
		}
		cJSON_AddItemToObject(whole, members[i], e);
	}
	return JL_OK;
}
