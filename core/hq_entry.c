/* core/hq_entry.c — the checks of an entry that need no store. */
#include "core/hq_entry.h"

#include <limits.h>
#include <string.h>

#include "core/hq_store.h"
#include "core/jsonx.h"

int hq_entry_well_formed(const sync_entry *e)
{
	return e->has_seq && e->seq >= 1 && e->seq <= LLONG_MAX - 1 && e->kind && e->subject &&
	       e->body && hq_store_is_hash(e->prev_hash) && hq_store_is_hash(e->hash);
}

void hq_pre_free(hq_pre *p)
{
	hq_rows_free(&p->rows);
	buf_free(&p->zh);
	buf_free(&p->en);
	memset(p, 0, sizeof *p);
}

void hq_entry_pre(const char *device, const sync_entry *e, hq_pre *p)
{
	char want[LEDGER_HASH_LEN + 1];
	const char *bdev, *sha;
	cJSON *b = NULL, *bseq;
	long long seq = e->seq;

	buf_reset(&p->zh);
	buf_reset(&p->en);
	p->media_ok = 0;
	if (!hq_entry_well_formed(e)) {
		p->verdict = HQ_PRE_MALFORMED;
		return;
	}
	/* The link to the entry before is the store's to judge; the hash is
	 * of the link the entry names. */
	if (ledger_hash(e->prev_hash, e->body, want) != 0) {
		p->verdict = HQ_PRE_NOMEM;
		return;
	}
	p->verdict = HQ_PRE_BAD;
	if (strcmp(want, e->hash) != 0) {
		buf_printf(&p->zh, "第 %lld 条的哈希不符（条目被改动）", seq);
		buf_printf(&p->en, "entry %lld does not hash to its hash (it was changed)", seq);
		return;
	}
	b = cJSON_Parse(e->body);
	bdev = b ? jsonx_str(b, "device") : NULL;
	bseq = b ? cJSON_GetObjectItemCaseSensitive(b, "seq") : NULL;
	if (!cJSON_IsObject(b) || !bdev || strcmp(bdev, device) != 0) {
		buf_printf(&p->zh, "第 %lld 条不属于设备 %s", seq, device);
		buf_printf(&p->en, "entry %lld is not device %s's", seq, device);
		goto done;
	}
	if (bseq && !jsonx_int(bseq, seq, seq, NULL)) {
		buf_printf(&p->zh, "第 %lld 条的正文写的是另一个序号", seq);
		buf_printf(&p->en, "entry %lld's body names another sequence number", seq);
		goto done;
	}
	if (hq_store_check_data(b, e->data, &p->zh, &p->en)) {
		buf_printf(&p->zh, "（第 %lld 条）", seq);
		buf_printf(&p->en, " (entry %lld)", seq);
		goto done;
	}
	if (strcmp(e->kind, "media") == 0 && hq_store_body_media(b, &sha, &p->media_size) &&
	    hq_store_is_hash(sha)) {
		memcpy(p->media_sha, sha, LEDGER_HASH_LEN + 1);
		p->media_ok = 1;
	}
	p->verdict = hq_rows_take(&p->rows, e->kind, b) == 0 ? HQ_PRE_OK : HQ_PRE_NOMEM;
done:
	cJSON_Delete(b);
}
