/* tui/cli_sync.c — `jilu sync`, `jilu sync setup`, `jilu sync trust`. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/sync_conf.h"
#include "core/sync_send.h"
#include "core/text.h"
#include "tui/sync_job.h"
#include "tui/sync_ssh.h"
#include "core/file.h"
#include "tui/cli.h"

static const cli_command sync_commands[] = {
	{"sync", NULL, "sync [--remote ssh://USER@HOST[:PORT]] [--identity FILE] [--known-hosts FILE]",
	 "把本设备的存证链和音像文件同步到总部", "send this device's ledger and media to headquarters"},
	{"setup", NULL, "sync setup --remote ssh://USER@HOST[:PORT] --identity FILE [--known-hosts FILE] [--auto yes|no]",
	 "保存同步设置（$XDG_CONFIG_HOME/jilu/sync.conf）",
	 "save the sync settings ($XDG_CONFIG_HOME/jilu/sync.conf)"},
	{"status", NULL, "sync status", "上次同步的时间，以及尚待同步的存证链条目数",
	 "when the last sync succeeded and how many entries wait"},
	{"probe", NULL, "sync probe [--remote …] [--identity FILE] [--known-hosts FILE]",
	 "只试连接：连接、核对主机密钥、认证、启动总部的接收程序，然后断开",
	 "try the link only: connect, check the host key, authenticate, start HQ's side, hang up"},
	{"trust", NULL, "sync trust FINGERPRINT [--remote …] [--known-hosts FILE]",
	 "信任总部出示的主机密钥（指纹须与总部出示的一致）",
	 "trust the host key headquarters presents (only when it has this fingerprint)"},
};

/* Parses the options of CMD from ARGV; a positional argument goes to *ARG
 * (when ARG is not NULL). Returns 0, or the exit code of a usage error. */
static int sync_parse(cli *c, const cli_command *cmd, int argc, char **argv, sync_opts *o,
		      const char **arg)
{
	int i, took;

	memset(o, 0, sizeof *o);
	for (i = 0; i < argc; i++) {
		const char *was_r = o->remote, *was_i = o->identity, *was_k = o->known_hosts;
		if ((took = cli_opt(c, cmd, argc, argv, &i, "--remote", &o->remote)) ||
		    (took = cli_opt(c, cmd, argc, argv, &i, "--identity", &o->identity)) ||
		    (took = cli_opt(c, cmd, argc, argv, &i, "--known-hosts", &o->known_hosts)) ||
		    (cmd == &sync_commands[1] &&
		     (took = cli_opt(c, cmd, argc, argv, &i, "--auto", &o->autosync)))) {
			if (took < 0)
				return 2;
			if ((was_r && o->remote != was_r) || (was_i && o->identity != was_i) ||
			    (was_k && o->known_hosts != was_k))
				return cli_usage(c, cmd, "同一选项给了两次", "an option given twice");
			continue;
		}
		if (arg && !*arg && argv[i][0] != '-') {
			*arg = argv[i];
			continue;
		}
		return cli_usage(c, cmd, "多余的参数", "unexpected argument");
	}
	return 0;
}

typedef struct {
	int tty, drawn;
	struct timespec start, last;
} sync_bar;

static double sync_secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* The progress bar: entries, bytes, rate, time left; at most 10 a second. */
static int sync_bar_draw(void *ctx, const sync_progress *p)
{
	sync_bar *b = ctx;
	struct timespec now;
	double el, rate, frac, left = 0;
	int i, fill;
	char bar[21];

	if (!b->tty)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (sync_secs(&b->last, &now) < 0.1 && p->entries_done < p->entries_total)
		return 0;
	b->last = now;
	b->drawn = 1;
	el = sync_secs(&b->start, &now);
	frac = p->bytes_total + (unsigned long long)p->entries_total == 0 ? 1.0
	       : p->bytes_total ? (double)p->bytes_done / (double)p->bytes_total
				: (double)p->entries_done / (double)p->entries_total;
	if (frac > 1)
		frac = 1;
	fill = (int)(frac * 20);
	for (i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[20] = '\0';
	rate = el > 0 ? (double)p->bytes_done / el / 1e6 : 0;
	if (frac > 0 && frac < 1)
		left = el / frac - el;
	fprintf(stderr, "\r[%s] %lld/%lld  %.1f/%.1f MB  %.1f MB/s  %d:%02d   ", bar, p->entries_done,
		p->entries_total, (double)p->bytes_done / 1e6, (double)p->bytes_total / 1e6, rate,
		(int)left / 60, (int)left % 60);
	fflush(stderr);
	return 0;
}

static int sync_do(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &sync_commands[0];
	sync_opts o;
	sync_where w;
	sync_result res = {0};
	sync_bar bar = {0};
	jl_status rc;
	int u;

	if ((u = sync_parse(c, cmd, argc, argv, &o, NULL)) != 0)
		return u;
	rc = sync_where_load(&o, 1, &w, &c->msgs);
	if (rc != JL_OK)
		goto done;
	/* Opened for writing (and so brought to the current schema): what HQ
	 * sends back is stored (core/sync_pull.h). The form definitions are
	 * read only when HQ sends some: reading and checking every form file
	 * was a few ms of each sync with nothing to send. Nobody acts. */
	rc = cli_open(c, CLI_SYNC);
	if (rc != JL_OK)
		goto done;
	bar.tty = isatty(2);
	clock_gettime(CLOCK_MONOTONIC, &bar.start);
	/* The same function the screens' sync key calls (tui/sync_job.h). */
	rc = sync_job_sync(c->j, &w.t, sync_bar_draw, &bar, &res, &c->msgs);
	if (bar.tty && bar.drawn)
		fputc('\n', stderr);
	if (rc == JL_OK)
		printf("%s %lld %s, %lld %s (%.1f MB); %s %lld\n",
		       CLI_T(c, "已同步：", "synced:"), res.sent, CLI_T(c, "条存证链条目", "entries"),
		       res.media_sent, CLI_T(c, "个音像文件", "media"), (double)res.media_bytes / 1e6,
		       CLI_T(c, "总部已确认至第", "HQ holds up to entry"), res.hq_seq);
	if (rc == JL_OK && res.pushed)
		printf("%s %d %s, %d %s, %d %s, %d %s\n", CLI_T(c, "总部下发：", "from headquarters:"),
		       res.forms_in, CLI_T(c, "个表单定义", "form definitions"), res.calendar_in,
		       CLI_T(c, "个日历", "calendar"), res.kinds_in,
		       CLI_T(c, "个执法类别要求（kinds.json）", "kinds.json"), res.officers_in,
		       CLI_T(c, "项名册变更", "roster changes"));
done:
	sync_result_free(&res);
	sync_where_free(&w);
	return cli_finish(c, rc);
}

/* Makes DIR and its parents when missing. Returns 0 or -1 with errno. */
static int sync_mkdir(const char *dir)
{
	char *p = strdup(dir), *s;
	int rc = 0;

	if (!p)
		return -1;
	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char was = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = was;
		if (!was)
			break;
	}
	free(p);
	return rc;
}

static int sync_setup(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &sync_commands[1];
	sync_opts o;
	sync_conf conf = {0};
	char *dir = NULL, *user = NULL, *host = NULL, abs_id[PATH_MAX];
	buf path = BUF_INIT, text = BUF_INIT;
	jl_status rc;
	int port, u;

	if ((u = sync_parse(c, cmd, argc, argv, &o, NULL)) != 0)
		return u;
	if (!o.remote || !o.identity)
		return cli_usage(c, cmd, "须给出 --remote 和 --identity", "--remote and --identity are needed");
	if (o.autosync && strcmp(o.autosync, "yes") != 0 && strcmp(o.autosync, "no") != 0)
		return cli_usage(c, cmd, "--auto 须为 yes 或 no", "--auto must be yes or no");
	/* What sync.conf's reader refuses (core/sync_conf.c: one line of plain
	 * UTF-8) is refused here, not written for the next sync to trip on. */
	if (!text_check(o.remote, strlen(o.remote), TEXT_LINE, &c->msgs, NULL, "--remote") ||
	    !text_check(o.identity, strlen(o.identity), TEXT_LINE, &c->msgs, NULL, "--identity") ||
	    (o.known_hosts && !text_check(o.known_hosts, strlen(o.known_hosts), TEXT_LINE, &c->msgs,
					  NULL, "--known-hosts"))) {
		rc = JL_EINVALID;
		goto done;
	}
	rc = sync_remote_parse(o.remote, &user, &host, &port, &c->msgs);
	if (rc != JL_OK)
		goto done;
	if (!realpath(o.identity, abs_id) || access(abs_id, R_OK) != 0) {
		msglist_addf(&c->msgs, NULL, "--identity", "无法读取私钥文件 %s：%s",
			     "cannot read the key file %s: %s", o.identity, strerror(errno));
		rc = JL_EINVALID;
		goto done;
	}
	dir = sync_conf_dir();
	if (!dir) {
		msglist_add(&c->msgs, NULL, NULL, "未设置 HOME 或 XDG_CONFIG_HOME",
			    "neither HOME nor XDG_CONFIG_HOME is set");
		rc = JL_EUSAGE;
		goto done;
	}
	if (sync_mkdir(dir) != 0) {
		msglist_addf(&c->msgs, NULL, dir, "无法创建目录：%s", "cannot create the directory: %s",
			     strerror(errno));
		rc = JL_ESTORE;
		goto done;
	}
	conf.remote = strdup(o.remote);
	conf.identity = strdup(abs_id);
	conf.autosync = o.autosync && strcmp(o.autosync, "yes") == 0;
	if (o.known_hosts) {
		char abs_kh[PATH_MAX];
		/* The file need not exist yet: its directory must. */
		buf_puts(&path, o.known_hosts);
		conf.known_hosts = strdup(o.known_hosts[0] == '/' ? o.known_hosts
					  : getcwd(abs_kh, sizeof abs_kh) ? abs_kh : o.known_hosts);
		if (o.known_hosts[0] != '/' && conf.known_hosts) {
			buf full = BUF_INIT;
			buf_printf(&full, "%s/%s", conf.known_hosts, o.known_hosts);
			free(conf.known_hosts);
			conf.known_hosts = buf_steal(&full);
		}
		buf_reset(&path);
	}
	buf_printf(&path, "%s/sync.conf", dir);
	sync_conf_text(&conf, &text);
	rc = file_write_atomic(buf_str(&path), text.data, text.len, FILE_REPLACE, &c->msgs);
	if (rc == JL_OK)
		printf("%s %s\n", CLI_T(c, "已保存同步设置：", "sync settings saved:"), buf_str(&path));
done:
	free(dir);
	free(user);
	free(host);
	sync_conf_free(&conf);
	buf_free(&path);
	buf_free(&text);
	return cli_finish(c, rc);
}

static int sync_trust(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &sync_commands[4];
	sync_opts o;
	sync_where w;
	const char *fp = NULL;
	char *dir = NULL;
	int already = 0, u;
	jl_status rc;

	if ((u = sync_parse(c, cmd, argc, argv, &o, &fp)) != 0)
		return u;
	if (!fp)
		return cli_usage(c, cmd, "须给出总部主机密钥的指纹（SHA256:…）",
				 "the fingerprint of headquarters' host key is needed (SHA256:…)");
	rc = sync_where_load(&o, 0, &w, &c->msgs);
	if (rc != JL_OK)
		goto done;
	dir = sync_conf_dir();
	if (dir && w.kh && strcmp(w.t.known_hosts, w.kh) == 0 && sync_mkdir(dir) != 0) {
		msglist_addf(&c->msgs, NULL, dir, "无法创建目录：%s", "cannot create the directory: %s",
			     strerror(errno));
		rc = JL_ESTORE;
		goto done;
	}
	rc = sync_ssh_trust(&w.t, fp, &already, &c->msgs);
	if (rc == JL_OK)
		printf("%s %s (%s)\n",
		       already ? CLI_T(c, "已信任：", "already trusted:") : CLI_T(c, "已信任总部主机密钥：", "trusted headquarters' host key:"),
		       fp, w.t.known_hosts);
done:
	sync_where_free(&w);
	free(dir);
	return cli_finish(c, rc);
}

static int sync_probe(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &sync_commands[3];
	sync_opts o;
	sync_where w;
	sync_ssh *ssh = NULL;
	cJSON *greeting = NULL;
	jl_status rc;
	int u;

	if ((u = sync_parse(c, cmd, argc, argv, &o, NULL)) != 0)
		return u;
	rc = sync_where_load(&o, 1, &w, &c->msgs);
	if (rc == JL_OK)
		rc = sync_ssh_open(&w.t, "jilu hq ingest", &ssh, &c->msgs);
	if (rc == JL_OK) {
		/* HQ's greeting, or the end of whatever HQ runs: then hang up. */
		sync_io_read_msg(sync_ssh_io(ssh), &greeting);
		printf("%s\n", greeting ? CLI_T(c, "连接正常：总部已应答", "link OK: headquarters answered")
					 : CLI_T(c, "连接正常（总部未发问候）", "link OK (no greeting from headquarters)"));
	}
	cJSON_Delete(greeting);
	sync_ssh_close(ssh);
	sync_where_free(&w);
	return cli_finish(c, rc);
}

static int sync_status_cmd(cli *c, int argc, char **argv)
{
	sync_state st;
	jl_status rc;

	(void)argv;
	if (argc > 0)
		return cli_usage(c, &sync_commands[2], "多余的参数", "unexpected argument");
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK)
		rc = sync_state_read(c->j, &st, &c->msgs);
	if (rc == JL_OK) {
		printf("%s %s\n%s %lld\n", CLI_T(c, "上次同步：", "last sync:"),
		       st.last_at ? st.last_at : CLI_T(c, "从未", "never"),
		       CLI_T(c, "待同步的存证链条目：", "entries waiting:"), st.waiting);
		sync_state_free(&st);
	}
	return cli_finish(c, rc);
}

int cli_sync(cli *c, int argc, char **argv)
{
	if (argc > 0 && cli_is_help(argv[0])) {
		for (size_t i = 0; i < sizeof sync_commands / sizeof sync_commands[0]; i++)
			printf("usage: jilu %s\n    %s\n", sync_commands[i].usage,
			       CLI_T(c, sync_commands[i].zh, sync_commands[i].en));
		return 0;
	}
	if (argc > 0 && strcmp(argv[0], "setup") == 0) {
		if (argc > 1 && cli_is_help(argv[1]))
			return cli_help(c, &sync_commands[1]);
		return sync_setup(c, argc - 1, argv + 1);
	}
	if (argc > 0 && strcmp(argv[0], "status") == 0) {
		if (argc > 1 && cli_is_help(argv[1]))
			return cli_help(c, &sync_commands[2]);
		return sync_status_cmd(c, argc - 1, argv + 1);
	}
	if (argc > 0 && strcmp(argv[0], "probe") == 0) {
		if (argc > 1 && cli_is_help(argv[1]))
			return cli_help(c, &sync_commands[3]);
		return sync_probe(c, argc - 1, argv + 1);
	}
	if (argc > 0 && strcmp(argv[0], "trust") == 0) {
		if (argc > 1 && cli_is_help(argv[1]))
			return cli_help(c, &sync_commands[4]);
		return sync_trust(c, argc - 1, argv + 1);
	}
	return sync_do(c, argc, argv);
}
