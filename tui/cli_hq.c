/* tui/cli_hq.c — headquarters: `jilu hq ingest` (the forced command of each
 * device's key) and `jilu hq enroll`. */
#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hq.h"
#include "core/hq_enroll.h"
#include "core/hq_device.h"
#include "core/db.h"
#include "core/form.h"
#include "core/hq_publish.h"
#include "core/hq_push.h"
#include "core/hq_verify.h"
#include "tui/cli.h"
#include "tui/cli_hq_audit.h"

static int hq_ingest_cmd(cli *c, int argc, char **argv);
static int hq_enroll_cmd(cli *c, int argc, char **argv);
/*
 * Reads the arguments of CMD: --db once, into *DBP, and, when POS is not
 * NULL, one argument that is not an option, into *POS. Returns -1 when they
 * are good; otherwise the exit status the command returns (the usage
 * error said). Allocates nothing.
 */
static int hq_db_args(cli *c, const cli_command *cmd, int argc, char **argv, const char **dbp,
		      const char **pos)
{
	int i, took;

	for (i = 0; i < argc; i++) {
		const char *was = *dbp;
		if ((took = cli_opt(c, cmd, argc, argv, &i, "--db", dbp))) {
			if (took < 0)
				return 2;
			if (was)
				return cli_usage(c, cmd, "同一选项给了两次", "an option given twice");
			continue;
		}
		if (pos && !*pos && argv[i][0] != '-') {
			*pos = argv[i];
			continue;
		}
		return cli_usage(c, cmd, "多余的参数", "unexpected argument");
	}
	return -1;
}

static int hq_verify_cmd(cli *c, int argc, char **argv);
static int hq_deadlines_cmd(cli *c, int argc, char **argv);
static int hq_actions_cmd(cli *c, int argc, char **argv);
static int hq_publish_cmd(cli *c, int argc, char **argv);

static const cli_command hq_commands[] = {
	{"ingest", hq_ingest_cmd, "hq ingest --db PATH --device ID",
	 "总部接收一台设备的同步（authorized_keys 中的强制命令；协议走标准输入输出）",
	 "headquarters receives one device's sync (the forced command in authorized_keys; "
	 "the protocol runs on stdin and stdout)"},
	{"enroll", hq_enroll_cmd, "hq enroll DEVICE --key PUBKEYFILE [--db PATH]",
	 "打印登记设备密钥的 authorized_keys 行", "print the authorized_keys line that enrols a device's key"},
	{"verify", hq_verify_cmd, "hq verify [--db PATH]",
	 "核验总部保存的每台设备的存证链和音像文件",
	 "check every device's chain and media as headquarters holds them"},
	{"deadlines", hq_deadlines_cmd, "hq deadlines [--json]",
	 "同 deadlines：总部每台设备未完成的期限，已逾期的在前（单台用 --device ID）",
	 "the same as deadlines: every device's open deadlines at headquarters, overdue first "
	 "(one device: --device ID)"},
	{"actions", hq_actions_cmd, "hq actions [--kind KIND] [--open|--closed] [--json]",
	 "同 action list：总部每台设备的执法活动（单台用 --device ID）",
	 "the same as action list: every device's actions at headquarters (one device: --device ID)"},
	{"publish", hq_publish_cmd, "hq publish [DIR] [--db PATH]",
	 "检查并发布表单定义与日历，设备下次同步时收到（DIR 默认为表单定义目录）",
	 "check and publish the form definitions and calendar; devices get them on their next "
	 "sync (DIR: the form definitions folder by default)"},
	/* What a stolen device key is held to and what it did (tui/cli_hq_audit.c). */
	{"limits", cli_hq_limits, "hq limits [--media-max SIZE] [--hold-max SIZE] [--min-rate SIZE]",
	 "总部对音像文件的限额", "HQ's limits on media"},
	{"refusals", cli_hq_refusals, "hq refusals [--device ID] [--since TIME] [--json]",
	 "总部记录的每次拒绝", "every refusal HQ recorded"},
	{"received", cli_hq_received, "hq received --device ID [--since TIME] [--json]",
	 "总部在某时刻之后从一台设备收到的条目", "a device's entries HQ received after a time"},
};

/* `hq deadlines` and `hq actions` were the first lists across devices:
 * kept as names of `deadlines` and `action list`, which at HQ go across
 * every device themselves (tui/cli_hq_read.c). Returns the exit code. */
static int hq_alias(cli *c, const cli_command *self, const char *cmd, const char *sub, int argc,
		    char **argv)
{
	char **args;
	int n = 0, rc, i;

	for (i = 0; i < argc; i++)
		if (cli_is_help(argv[i]))
			return cli_help(c, self);
	args = calloc((size_t)argc + 3, sizeof *args);
	if (!args)
		return cli_finish(c, JL_ENOMEM);
	args[n++] = (char *)cmd;
	if (sub)
		args[n++] = (char *)sub;
	memcpy(args + n, argv, (size_t)argc * sizeof *args);
	rc = cli_hq_read(c, argc + n, args);
	if (rc < 0) {
		msglist_addf(&c->msgs, NULL, c->db_path, "不是总部数据库", "not a headquarters store");
		rc = cli_finish(c, JL_ESTORE);
	}
	free(args);
	return rc;
}

static int hq_deadlines_cmd(cli *c, int argc, char **argv)
{
	return hq_alias(c, &hq_commands[3], "deadlines", NULL, argc, argv);
}

static int hq_actions_cmd(cli *c, int argc, char **argv)
{
	return hq_alias(c, &hq_commands[4], "action", "list", argc, argv);
}

static int hq_verify_cmd(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &hq_commands[2];
	const char *dbp = NULL;
	char *forms;
	hq_verify_report rep;
	jl_status rc;
	int i;

	if ((i = hq_db_args(c, cmd, argc, argv, &dbp, NULL)) >= 0)
		return i;
	forms = form_default_dir();
	rc = hq_verify(dbp ? dbp : c->db_path, forms, &rep, &c->msgs);
	free(forms);
	if (rc == JL_OK)
		printf("%s %lld %s, %lld %s, %lld %s\n", CLI_T(c, "总部数据完好：", "headquarters' store holds:"),
		       rep.devices, CLI_T(c, "台设备", "devices"), rep.entries, CLI_T(c, "条存证链条目", "entries"),
		       rep.media, CLI_T(c, "个音像文件", "media"));
	return cli_finish(c, rc);
}

static int hq_ingest_cmd(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &hq_commands[0];
	const char *dbp = NULL, *device = NULL, *timeout = getenv("JILU_SYNC_TIMEOUT");
	jl_status rc;
	int i, took;

	for (i = 0; i < argc; i++) {
		const char *was_db = dbp, *was_dev = device;
		if ((took = cli_opt(c, cmd, argc, argv, &i, "--db", &dbp)) ||
		    (took = cli_opt(c, cmd, argc, argv, &i, "--device", &device))) {
			if (took < 0)
				return 2;
			if ((was_db && dbp != was_db) || (was_dev && device != was_dev))
				return cli_usage(c, cmd, "同一选项给了两次", "an option given twice");
			continue;
		}
		return cli_usage(c, cmd, "多余的参数", "unexpected argument");
	}
	if (!device)
		return cli_usage(c, cmd, "须给出 --device", "--device is needed");
	if (!dbp)
		dbp = c->db_path;
	/* stdout carries the protocol: nothing else is ever printed there. */
	rc = hq_ingest(dbp, device, 0, 1, timeout && atoi(timeout) > 0 ? atoi(timeout) : 60, &c->msgs);
	return cli_finish(c, rc);
}

static int hq_publish_cmd(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &hq_commands[5];
	const char *dbp = NULL, *dir = NULL;
	char *def = NULL;
	hq_publish_report rep;
	jl_status rc;
	int i;

	if ((i = hq_db_args(c, cmd, argc, argv, &dbp, &dir)) >= 0)
		return i;
	if (!dir)
		dir = def = form_default_dir();
	rc = dir ? hq_publish(dbp ? dbp : c->db_path, dir, &rep, &c->msgs) : JL_ENOMEM;
	if (rc == JL_OK)
		printf("%s %d %s, %d %s, %s, %s\n", CLI_T(c, "已发布：", "published:"), rep.forms_new,
		       CLI_T(c, "个新表单定义", "new form definitions"), rep.forms_same,
		       CLI_T(c, "个未变", "unchanged"),
		       rep.calendar_new ? CLI_T(c, "日历已更新", "calendar updated")
					: CLI_T(c, "日历未变", "calendar unchanged"),
		       rep.kinds_new ? CLI_T(c, "执法类别要求已更新", "kinds.json updated")
				     : CLI_T(c, "执法类别要求未变", "kinds.json unchanged"));
	free(def);
	/* A directory with problems exits 2, as `jilu forms check` does. */
	if (rc == JL_EINVALID) {
		cli_finish(c, rc);
		return 2;
	}
	return cli_finish(c, rc);
}

/* Appends DB as an absolute path (its directory need exist, the file not). */
static int hq_abs_db(const char *dbp, buf *out)
{
	char *copy = strdup(dbp), *copy2 = strdup(dbp), dir[PATH_MAX];
	int rc = -1;

	if (copy && copy2 && realpath(dirname(copy), dir)) {
		buf_printf(out, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, basename(copy2));
		rc = 0;
	}
	free(copy);
	free(copy2);
	return rc;
}

static int hq_enroll_cmd(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &hq_commands[1];
	const char *key = NULL, *dbp = NULL, *device = NULL;
	char self[PATH_MAX], line[16384];
	buf out = BUF_INIT, dbabs = BUF_INIT;
	FILE *fp;
	jl_status rc = JL_EINVALID;
	int i, took;
	ssize_t n;

	for (i = 0; i < argc; i++) {
		const char *was_key = key, *was_db = dbp;
		if ((took = cli_opt(c, cmd, argc, argv, &i, "--key", &key)) ||
		    (took = cli_opt(c, cmd, argc, argv, &i, "--db", &dbp))) {
			if (took < 0)
				return 2;
			if ((was_key && key != was_key) || (was_db && dbp != was_db))
				return cli_usage(c, cmd, "同一选项给了两次", "an option given twice");
			continue;
		}
		if (!device && argv[i][0] != '-') {
			device = argv[i];
			continue;
		}
		return cli_usage(c, cmd, "多余的参数", "unexpected argument");
	}
	if (!device || !key)
		return cli_usage(c, cmd, "须给出设备编号和 --key", "DEVICE and --key are needed");
	if (!dbp)
		dbp = c->db_path;
	if (hq_abs_db(dbp, &dbabs) != 0) {
		msglist_addf(&c->msgs, NULL, "--db", "数据库所在目录不存在：%s",
			     "the database's directory does not exist: %s", dbp);
		goto done;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		msglist_add(&c->msgs, NULL, NULL, "无法确定 jilu 程序的路径", "cannot tell where jilu is");
		rc = JL_ESTORE;
		goto done;
	}
	self[n] = '\0';
	fp = fopen(key, "re");
	if (!fp) {
		msglist_addf(&c->msgs, NULL, "--key", "无法读取公钥文件 %s：%s",
			     "cannot read the public key file %s: %s", key, strerror(errno));
		goto done;
	}
	if (!fgets(line, sizeof line, fp))
		line[0] = '\0';
	if (strstr(line, "PRIVATE KEY")) { /* -----BEGIN OPENSSH PRIVATE KEY----- and PEM */
		fclose(fp);
		msglist_add(&c->msgs, NULL, "--key",
			    "不是 SSH 公钥而是私钥：请给出公钥文件（.pub），私钥不得离开设备",
			    "not an SSH public key but a private key: give the public key file "
			    "(.pub); a private key never leaves the device");
		goto done;
	}
	/* One key, one line: a second key (or a line longer than LINE, cut)
	 * would be left out without a word. */
	if (line[0] && !strchr(line, '\n') && !feof(fp)) {
		fclose(fp);
		msglist_add(&c->msgs, NULL, "--key", "公钥文件的行太长", "the key file's line is too long");
		goto done;
	}
	for (int ch; (ch = fgetc(fp)) != EOF;) {
		if (ch != '\n' && ch != '\r' && ch != ' ' && ch != '\t') {
			fclose(fp);
			msglist_add(&c->msgs, NULL, "--key", "公钥文件只能有一把公钥（一行）",
				    "the key file may hold one public key only (one line)");
			goto done;
		}
	}
	fclose(fp);
	rc = hq_enroll_line(self, buf_str(&dbabs), device, line, &out, &c->msgs);
	if (rc == JL_OK)
		printf("%s\n", buf_str(&out));
done:
	buf_free(&out);
	buf_free(&dbabs);
	return cli_finish(c, rc);
}

int cli_hq_device(cli *c, const char *device, char **path)
{
	*path = NULL;
	if (!hq_device_valid(device)) {
		msglist_addf(&c->msgs, NULL, "--device", "设备编号无效：%s", "not a device id: %s", device);
		return cli_finish(c, JL_EUSAGE);
	}
	*path = hq_device_path(c->db_path, device);
	if (!*path)
		return cli_finish(c, JL_ENOMEM);
	if (access(*path, F_OK) != 0) {
		msglist_addf(&c->msgs, NULL, "--device", "总部没有设备 %s 的数据（%s）",
			     "headquarters holds nothing of device %s (%s)", device, *path);
		return cli_finish(c, JL_ESTORE);
	}
	/* The lists at HQ narrow to this device (tui/cli_hq_read.c). */
	c->hq_path = c->db_path;
	c->hq_device = device;
	c->db_path = *path;
	return 0;
}

int cli_hq(cli *c, int argc, char **argv)
{
	return cli_dispatch(c, "hq", hq_commands, (int)(sizeof hq_commands / sizeof hq_commands[0]),
			    argc, argv);
}
