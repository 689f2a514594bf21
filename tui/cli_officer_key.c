/*
 * tui/cli_officer_key.c — `jilu officer key OFFICER PUBKEYFILE`.
 *
 * Headquarters or a field terminal runs a stock OpenSSH sshd; one account's
 * authorized_keys holds one line per officer:
 *
 *   command="/usr/local/bin/jilu --db /srv/jilu/jilu.db --as zhang",restrict,pty ssh-ed25519 AAAA… 张三
 *
 * so the key, not the laptop, says who acts: whatever the client asks to
 * run, sshd runs the screens as that officer (restrict takes away
 * forwarding, agent and X11; pty gives the screens their terminal back).
 */
#include "tui/cli_officer_key.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/officer.h"

static const cli_command officer_key_command = {
	"key", cli_officer_key, "officer key OFFICER PUBKEYFILE",
	"打印 authorized_keys 的一行：该执法人员的 SSH 密钥登录即以其身份打开操作界面",
	"print the authorized_keys line with which this officer's SSH key opens the screens "
	"as that officer"};

/* Returns 1 when S may stand inside command="…" of authorized_keys:
 * printable, no quote, no backslash. */
static int key_quotable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* Reads the one public key of PATH into *KEY (caller frees): "TYPE BASE64
 * [COMMENT]" on one line. Returns NULL, or what is wrong (static). */
static const char *key_read(const char *path, char **key)
{
	static const char *const types[] = {
		"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
		"ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
		"sk-ecdsa-sha2-nistp256@openssh.com", NULL};
	FILE *fp = fopen(path, "r");
	char line[16384], *p, *sp;
	size_t n, i;
	int ok = 0, extra;

	*key = NULL;
	if (!fp)
		return "无法读取 / cannot be read";
	if (!fgets(line, sizeof line, fp)) {
		fclose(fp);
		return "文件为空 / the file is empty";
	}
	extra = fgetc(fp) != EOF;
	fclose(fp);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	for (i = 0; types[i] && !ok; i++)
		ok = strncmp(line, types[i], strlen(types[i])) == 0 && line[strlen(types[i])] == ' ';
	if (!ok)
		return "不是 OpenSSH 公钥（ssh-ed25519 AAAA… 之类；不可带选项；不是私钥） / not an OpenSSH "
		       "public key (ssh-ed25519 AAAA…; no options; not the private key)";
	if (extra)
		return "须只含一个公钥（一行） / one public key, one line";
	sp = strchr(line, ' ') + 1;
	for (p = sp; *p && *p != ' '; p++)
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '/' && *p != '=')
			return "密钥数据不是 base64 / the key data is not base64";
	if (p == sp)
		return "缺少密钥数据 / the key data is missing";
	for (p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "含控制字符 / holds a control character";
	*key = strdup(line);
	return *key ? NULL : "内存不足 / out of memory";
}

int cli_officer_key(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &officer_key_command;
	const char *officer = NULL, *path = NULL, *why;
	char exe[PATH_MAX], store[PATH_MAX], *key = NULL;
	officer_row o;
	ssize_t len;
	jl_status rc;
	int i;

	for (i = 0; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
		if (argv[i][0] == '-' || (officer && path))
			return cli_usage(c, cmd, "参数有误", "bad argument");
		if (!officer)
			officer = argv[i];
		else
			path = argv[i];
	}
	if (!officer || !path)
		return cli_usage(c, cmd, "须给出 OFFICER 和 PUBKEYFILE", "OFFICER and PUBKEYFILE are required");
	rc = cli_open(c, CLI_READ);
	if (rc != JL_OK)
		return cli_finish(c, rc);
	if (officer_get(c->j, officer, &o) != JL_OK) {
		msglist_addf(&c->msgs, NULL, "OFFICER", "没有执法人员 %s（用 jilu officer list 查看）",
			     "no officer %s (see jilu officer list)", officer);
		return cli_finish(c, JL_EUSAGE);
	}
	officer_row_free(&o);
	if ((why = key_read(path, &key)) != NULL) {
		/* WHY is "中文 / English". */
		const char *slash = strstr(why, " / ");
		buf zh = BUF_INIT;
		buf_append(&zh, why, slash ? (size_t)(slash - why) : strlen(why));
		msglist_addf(&c->msgs, NULL, "PUBKEYFILE", "%1$s: %2$s%3$.0s", "%2$.0s%1$s: %3$s", path, buf_str(&zh),
			     slash ? slash + 3 : why);
		buf_free(&zh);
		return cli_finish(c, JL_EINVALID);
	}
	/* Absolute paths: sshd runs the command in the account's home. */
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0) {
		snprintf(exe, sizeof exe, "jilu");
	} else {
		exe[len] = '\0';
	}
	if (!realpath(c->db_path, store)) {
		msglist_addf(&c->msgs, NULL, "--db", "%s: 无法解析路径", "%s: cannot resolve the path",
			     c->db_path);
		free(key);
		return cli_finish(c, JL_EINVALID);
	}
	if (!key_quotable(exe) || !key_quotable(store)) {
		msglist_add(&c->msgs, NULL, "--db", "程序或数据库路径含引号、反斜杠或控制字符，无法写入 authorized_keys",
			    "the program's or the store's path holds a quote, backslash or control character: "
			    "it cannot go into authorized_keys");
		free(key);
		return cli_finish(c, JL_EINVALID);
	}
	printf("command=\"%s --db %s --as %s\",restrict,pty %s\n", exe, store, officer, key);
	free(key);
	return cli_finish(c, JL_OK);
}
