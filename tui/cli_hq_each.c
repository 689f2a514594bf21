/* tui/cli_hq_each.c — at headquarters, a read run on each device's store
 * in turn (tui/cli_hq_read.c tells why one connection each). */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/form.h"
#include "core/form_pushed.h"
#include "core/hq_device.h"
#include "core/ref.h"
#include "core/text.h"
#include "tui/cli_hq_act.h"
#include "tui/cli_hq_each.h"

/* Adds to FS what HQ (its registry at HQ_PATH) published: the versions and
 * calendar its devices were sent. Returns JL_OK (also when HQ's registry
 * cannot be read: the lists say so themselves), or a status. */
static jl_status cli_hq_each_published(const char *hq_path, formset *fs, msglist *problems)
{
	msglist ignored = MSGLIST_INIT;
	db *d = NULL;
	jl_status rc = JL_OK;

	if (db_open(hq_path, DB_OPEN_READ, &d, &ignored) == JL_OK) {
		rc = form_pushed_load_published(d, fs, problems);
		db_close(d);
	}
	msglist_free(&ignored);
	return rc;
}

jl_status cli_hq_each(cli *c, const char *hq_path, const char *only, int forms, cli_hq_each_fn fn,
		      void *ctx)
{
	hq_list_row *devs = NULL;
	formset *shared = NULL;
	msglist problems = MSGLIST_INIT;
	int n = 0, i;
	char *dir = NULL;
	jl_status rc, worst = JL_OK;

	/* Who acts is HQ's to say, once for every device (tui/cli_hq_act.h). */
	rc = cli_hq_act(c, hq_path);
	if (rc == JL_OK)
		rc = hq_list_devices(hq_path, &devs, &n, &c->msgs);
	if (rc != JL_OK)
		goto done;
	/* The definitions are HQ's, the same for every store: read once, not
	 * once a device (most of the time a list took with many devices). */
	if (forms) {
		rc = (dir = form_default_dir()) ? formset_load(dir, &shared, &problems) : JL_ENOMEM;
		if (rc == JL_OK)
			rc = cli_hq_each_published(hq_path, shared, &problems);
		if (rc != JL_OK) {
			msglist_take(&c->msgs, &problems);
			goto done;
		}
	}
	for (i = 0; i < n; i++) {
		char *path;

		if (only && strcmp(only, devs[i].device) != 0)
			continue;
		path = hq_device_path(hq_path, devs[i].device);
		if (!path) {
			worst = JL_ENOMEM;
			break;
		}
		rc = jl_open(path, DB_OPEN_READ, NULL, &c->j, &c->msgs, NULL);
		if (rc == JL_OK)
			rc = cli_hq_act_lend(c, c->j);
		if (rc == JL_OK) {
			c->j->forms = shared; /* lent: taken back before jl_close frees */
			rc = fn(c, devs[i].device, &devs[i], ctx);
			c->j->forms = NULL;
		} else
			msglist_addf(&c->msgs, NULL, NULL, "设备 %s 的数据无法读取",
				     "device %s: its store cannot be read", devs[i].device);
		jl_close(c->j);
		c->j = NULL;
		free(path);
		if (rc != JL_OK && (worst == JL_OK || jl_status_exit(rc) > jl_status_exit(worst)))
			worst = rc;
		if (rc == JL_ENOMEM)
			break;
	}
	rc = worst;
done:
	hq_list_free(devs, n);
	formset_free(shared);
	msglist_free(&problems);
	free(dir);
	return rc;
}

int cli_hq_each_json_arg(cli *c, const cli_command *cmd, int argc, char **argv, int *json)
{
	int i;

	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, cmd, argv[i], "--json", json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, cmd, "参数有误", "bad argument");
	}
	return -1;
}

void cli_hq_each_add_ref(cJSON *o, const char *name, const char *device, long long id)
{
	buf b = BUF_INIT;

	ref_format(&b, device, id);
	cJSON_AddStringToObject(o, name, buf_str(&b));
	buf_free(&b);
}

void cli_hq_each_item_refs(cJSON *o, const char *device, const check_item *it)
{
	cJSON_AddStringToObject(o, "device", device);
	cli_hq_each_add_ref(o, "action_ref", device, it->action);
	if (it->record)
		cli_hq_each_add_ref(o, "record_ref", device, it->record);
}

