/* core/copy.c — what a copy for a party may hold. */
#include "core/copy.h"

#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "core/perm.h"
#include "core/perm_record.h"

jl_status copy_prepare(jl *j, long long request, record_row **rows, int *n, long long *action,
		       msglist *err)
{
	record_row q;
	cJSON *data = NULL, *e;
	const char *decision;
	jl_status rc;
	int k = 0;

	*rows = NULL;
	*n = 0;
	memset(&q, 0, sizeof q);
	if ((rc = perm_check(j, PERM_COPY_GIVE, err)) != JL_OK)
		return rc;
	rc = record_get(j, request, &q);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(err, NULL, "REQUEST", "没有记录 %lld", "no record %lld", request);
		return JL_EINVALID;
	}
	if (rc != JL_OK)
		return rc;
	rc = JL_EREFUSED;
	data = cJSON_Parse(q.data);
	decision = jsonx_str(data, "decision");
	if (strcmp(q.form, "copy.request") != 0) {
		msglist_addf(err, "R21.1", "REQUEST", "记录 %lld 不是复制申请（copy.request）",
			     "record %lld is not a copy request (copy.request)", request);
		goto done;
	}
	if (strcmp(q.state, "final") != 0 || !decision || strcmp(decision, "approved") != 0) {
		msglist_addf(err, "R21.1", "REQUEST", "复制申请 %lld 尚未定稿批准，不能提供复制件",
			     "copy request %lld is not final and approved: no copy is given", request);
		goto done;
	}
	if (q.amended_by) {
		msglist_addf(err, "R21.1", "REQUEST", "复制申请 %lld 已被记录 %lld 更正，请按更正后的申请",
			     "copy request %lld was corrected by record %lld: use the correction",
			     request, q.amended_by);
		goto done;
	}
	e = cJSON_GetObjectItemCaseSensitive(data, "records");
	*rows = calloc((size_t)cJSON_GetArraySize(e) + 1, sizeof **rows);
	if (!*rows) {
		rc = JL_ENOMEM;
		goto done;
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(data, "records")) {
		long long id = cJSON_IsString(e) ? atoll(e->valuestring) : 0;
		record_row *t = &(*rows)[k];
		cJSON *td;
		int secret;

		if (id <= 0 || record_get(j, id, t) != JL_OK) {
			msglist_addf(err, "R21.1", "records", "没有记录 %lld", "no record %lld", id);
			goto done;
		}
		k++;
		td = cJSON_Parse(t->data);
		secret = perm_record_secret(td);
		cJSON_Delete(td);
		if (secret) {
			msglist_addf(err, "R20.2", "records",
				     "记录 %lld 涉及秘密或个人隐私，不得提供复制件（第二十一条）",
				     "record %lld touches secrets or privacy and is never copied (Art. 21)", id);
			goto done;
		}
		if (strcmp(t->state, "final") != 0 || t->amended_by) {
			msglist_addf(err, "R21.1", "records", "记录 %lld 不是定稿的现行版本",
				     "record %lld is not a final record as it stands", id);
			goto done;
		}
	}
	*n = k;
	*action = q.action_id;
	rc = JL_OK;
done:
	if (rc != JL_OK) {
		record_rows_free(*rows, k);
		*rows = NULL;
	}
	cJSON_Delete(data);
	record_row_free(&q);
	return rc;
}
