/* tui/cli_ref.c — which store a DEVICE:ID reads: at headquarters, that
 * device's (core/hq_device.h); on a device, its own only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/access.h"
#include "core/hq.h"
#include "core/hq_access.h"
#include "core/hq_device.h"
#include "core/hq_list.h"
#include "tui/cli.h"

/* Appends "T01、T02" (or "T01, T02") — the devices HQ at PATH holds — to
 * OUT, or "（无）" / "(none)". */
static void ref_devices_words(cli *c, const char *path, buf *out)
{
	msglist quiet = MSGLIST_INIT;
	hq_list_row *rows = NULL;
	int n = 0, i;

	if (hq_list_devices(path, &rows, &n, &quiet) == JL_OK)
		for (i = 0; i < n; i++)
			buf_printf(out, "%s%s", i ? CLI_T(c, "、", ", ") : "", rows[i].device);
	if (n == 0)
		buf_puts(out, CLI_T(c, "（无）", "(none)"));
	hq_list_free(rows, n);
	msglist_free(&quiet);
}

/* Refuses a command that writes at HQ. Returns JL_EUSAGE. */
static jl_status ref_write_refused(cli *c)
{
	msglist_add(&c->msgs, NULL, NULL, "总部只查阅设备的记录，不在总部修改（请在设备上操作）",
		    "headquarters reads a device's records and never changes them (do it on the device)");
	return JL_EUSAGE;
}

jl_status cli_ref_store(cli *c, int mode)
{
	buf devs = BUF_INIT;
	jl_status rc = JL_OK;

	/* HQ holds what devices vouched for; it writes nothing of its own
	 * into a device's chain (the device's next sync would be refused as
	 * a rewritten history). */
	if ((mode == CLI_WRITE || mode == CLI_SYNC) && c->hq_device)
		return ref_write_refused(c);
	/* Only a command given an id asks, so the others pay for no probe. */
	if (!c->ref_device[0] && !c->ref_plain)
		return JL_OK;
	if (c->hq_device || !c->db_path || !hq_list_is_hq(c->db_path))
		return JL_OK;
	if (mode == CLI_WRITE)
		return ref_write_refused(c);
	if (!c->ref_device[0]) {
		ref_devices_words(c, c->db_path, &devs);
		msglist_addf(&c->msgs, NULL, NULL,
			     "总部数据库存有多台设备的数据：请写 设备:编号（例如 " REF_EXAMPLE
			     "），或用 --device 指明设备；总部有设备：%s",
			     "headquarters holds many devices: write DEVICE:ID (e.g. " REF_EXAMPLE
			     "), or name the device with --device; devices at headquarters: %s",
			     buf_str(&devs));
		rc = JL_EUSAGE;
		goto done;
	}
	if (hq_device_valid(c->ref_device) && !(c->ref_path = hq_device_path(c->db_path, c->ref_device))) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (!c->ref_path || access(c->ref_path, F_OK) != 0) {
		ref_devices_words(c, c->db_path, &devs);
		msglist_addf(&c->msgs, NULL, NULL, "总部没有设备 %s 的数据；总部有设备：%s",
			     "headquarters holds nothing of device %s; devices at headquarters: %s",
			     c->ref_device, buf_str(&devs));
		free(c->ref_path);
		c->ref_path = NULL;
		rc = JL_ESTORE;
		goto done;
	}
	c->hq_path = c->db_path;
	c->hq_device = c->ref_device;
	c->db_path = c->ref_path;
done:
	buf_free(&devs);
	return rc;
}

jl_status cli_ref_check(cli *c)
{
	const char *own = c->j ? c->j->device : NULL;

	if (!c->ref_device[0] || (own && strcmp(own, c->ref_device) == 0))
		return JL_OK;
	msglist_addf(&c->msgs, NULL, NULL,
		     "此数据库只存有设备 %s 的数据，没有设备 %s 的（本设备的编号可直接写数字，或写 %s:编号）",
		     "this store holds only device %s, not device %s (name this device's own by its "
		     "number alone, or as %s:ID)",
		     own ? own : "?", c->ref_device, own ? own : "?");
	return JL_EUSAGE;
}

jl_status cli_access_log(cli *c, const char *what, long long action, const long long *records, int n,
			 const char *sha256)
{
	if (!c->hq_device)
		return access_log(c->j, what, action, records, n, sha256, &c->msgs);
	return hq_access_log(c->hq_path, c->hq_device, c->j->officer ? c->j->officer : c->officer, what,
			     action, records, n, sha256, &c->msgs);
}

char *cli_ref_str(const cli *c, long long id, char *out, size_t n)
{
	if (c->hq_device)
		snprintf(out, n, "%s:%lld", c->hq_device, id);
	else
		snprintf(out, n, "%lld", id);
	return out;
}
