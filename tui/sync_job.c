/* tui/sync_job.c — one sync with headquarters as a function (sync_job.h). */
#include "tui/sync_job.h"

#include <stdlib.h>
#include <string.h>


jl_status sync_where_load(const sync_opts *o, int need_identity, sync_where *w, msglist *err)
{
	char *dir = sync_conf_dir();
	buf path = BUF_INIT;
	const char *timeout = getenv("JILU_SYNC_TIMEOUT");
	jl_status rc = JL_OK;

	memset(w, 0, sizeof *w);
	if (dir) {
		buf_printf(&path, "%s/sync.conf", dir);
		rc = sync_conf_load(buf_str(&path), &w->conf, err);
		if (rc != JL_OK)
			goto done;
		buf_reset(&path);
		buf_printf(&path, "%s/known_hosts", dir);
		w->kh = buf_steal(&path);
	}
	w->t.remote = o->remote ? o->remote : w->conf.remote;
	w->t.identity = o->identity ? o->identity : w->conf.identity;
	w->t.known_hosts = o->known_hosts ? o->known_hosts
			   : w->conf.known_hosts ? w->conf.known_hosts : w->kh;
	w->t.timeout_s = timeout && atoi(timeout) > 0 ? atoi(timeout) : 30;
	if (!w->t.remote || !w->t.known_hosts) {
		msglist_add(err, NULL, "--remote",
			    "未设置总部地址：先运行 jilu sync setup --remote ssh://用户@主机 --identity 私钥文件",
			    "no headquarters set: run jilu sync setup --remote ssh://USER@HOST --identity KEYFILE");
		rc = JL_EUSAGE;
	} else if (need_identity && !w->t.identity) {
		msglist_add(err, NULL, "--identity", "未设置设备私钥（--identity 或 jilu sync setup）",
			    "no device key set (--identity or jilu sync setup)");
		rc = JL_EUSAGE;
	}
done:
	free(dir);
	buf_free(&path);
	return rc;
}

void sync_where_free(sync_where *w)
{
	sync_conf_free(&w->conf);
	free(w->kh);
	memset(w, 0, sizeof *w);
}

jl_status sync_job_sync(jl *j, const sync_target *t, sync_progress_fn progress, void *ctx,
			sync_result *res, msglist *err)
{
	sync_ssh *ssh = NULL;
	buf remote_err = BUF_INIT;
	jl_status rc;

	memset(res, 0, sizeof *res);
	rc = jl_need_device(j, err);
	if (rc != JL_OK)
		goto done;
	rc = sync_ssh_open(t, "jilu hq ingest", &ssh, err);
	if (rc != JL_OK)
		goto done;
	rc = sync_run(j, sync_ssh_io(ssh), progress, ctx, res, err);
	if (res->warn_zh)
		msglist_add(err, NULL, NULL, res->warn_zh, res->warn_en);
	if (rc == JL_ELINK) {
		/* What HQ's side said about a stream that ended early. */
		sync_ssh_stderr(ssh, &remote_err);
		if (remote_err.len)
			msglist_addf(err, NULL, NULL, "总部：%s", "headquarters: %s",
				     buf_str(&remote_err));
	}
done:
	sync_ssh_close(ssh);
	buf_free(&remote_err);
	return rc;
}
