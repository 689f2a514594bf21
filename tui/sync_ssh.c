/* tui/sync_ssh.c — libssh: strict host keys, one identity, deadlines. */
#include "tui/sync_ssh.h"

#include <libssh/libssh.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SYNC_SSH_CIPHERS "aes128-gcm@openssh.com,aes256-gcm@openssh.com," \
			 "chacha20-poly1305@openssh.com,aes256-ctr,aes128-ctr"

struct sync_ssh {
	ssh_session session;
	ssh_channel channel;
	sync_io io;
	const _Atomic int *cancel;
};

jl_status sync_remote_parse(const char *remote, char **user, char **host, int *port,
			    msglist *err)
{
	const char *p, *at, *h, *end, *colon;
	long v;
	char *stop;

	*user = *host = NULL;
	*port = 22;
	if (!remote || strncmp(remote, "ssh://", 6) != 0)
		goto bad;
	p = remote + 6;
	at = strchr(p, '@');
	if (!at || at == p || strchr(at + 1, '@') || strchr(p, '/'))
		goto bad;
	h = at + 1;
	if (*h == '[') {
		end = strchr(h, ']');
		if (!end || end == h + 1)
			goto bad;
		colon = end[1] == ':' ? end + 1 : NULL;
		if (!colon && end[1])
			goto bad;
		*host = strndup(h + 1, (size_t)(end - h - 1));
	} else {
		colon = strchr(h, ':');
		end = colon ? colon : h + strlen(h);
		if (end == h)
			goto bad;
		*host = strndup(h, (size_t)(end - h));
	}
	if (colon) {
		v = strtol(colon + 1, &stop, 10);
		if (!colon[1] || *stop || v < 1 || v > 65535)
			goto bad;
		*port = (int)v;
	}
	*user = strndup(p, (size_t)(at - p));
	if (!*user || !*host) {
		free(*user);
		free(*host);
		*user = *host = NULL;
		return JL_ENOMEM;
	}
	return JL_OK;
bad:
	free(*host);
	*host = NULL;
	msglist_addf(err, NULL, "--remote", "远端地址须为 ssh://用户@主机[:端口]（现为 %s）",
		     "the remote must be ssh://USER@HOST[:PORT] (got %s)", remote ? remote : "");
	return JL_EUSAGE;
}

/* Appends the SHA-256 fingerprint ("SHA256:…") of the key the server
 * presented. Returns 0, or -1 when there is none. */
static int sync_ssh_fingerprint(ssh_session session, buf *out)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp = NULL;
	int rc = -1;

	if (ssh_get_server_publickey(session, &key) != SSH_OK)
		goto done;
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0)
		goto done;
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	if (!fp)
		goto done;
	buf_puts(out, fp);
	rc = 0;
done:
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return rc;
}

/* Connects and exchanges keys (the host key is not yet judged). Returns
 * JL_OK with *OUT, or JL_ELINK / JL_EUSAGE with the reason in ERR. */
static jl_status sync_ssh_connect(const sync_target *t, ssh_session *out, msglist *err)
{
	char *user = NULL, *host = NULL;
	int port = 22, no = 0, yes = 1;
	long timeout = t->timeout_s > 0 ? t->timeout_s : 30;
	ssh_session s = NULL;
	jl_status rc;

	*out = NULL;
	rc = sync_remote_parse(t->remote, &user, &host, &port, err);
	if (rc != JL_OK)
		goto done;
	rc = JL_ENOMEM;
	s = ssh_new();
	if (!s)
		goto done;
	/* No ssh config file is read and no other known-hosts file consulted:
	 * what this device trusts is the one file jilu keeps. */
	if (ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_HOST, host) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_USER, user) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_PORT, &port) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, t->known_hosts) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes) != 0 ||
	    /* AES-GCM first: with AES instructions (x86-64, ARMv8) it moves
	     * media several times faster than ChaCha20; both are offered. */
	    ssh_options_set(s, SSH_OPTIONS_CIPHERS_C_S, SYNC_SSH_CIPHERS) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_CIPHERS_S_C, SYNC_SSH_CIPHERS) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout) != 0) {
		msglist_addf(err, NULL, "--remote", "无法设置 SSH 连接参数：%s",
			     "cannot set up the SSH connection: %s", ssh_get_error(s));
		rc = JL_ELINK;
		goto done;
	}
	if (ssh_connect(s) != SSH_OK) {
		msglist_addf(err, NULL, NULL, "无法连接总部 %s 端口 %d：%s",
			     "cannot connect to headquarters %s port %d: %s", host, port,
			     ssh_get_error(s));
		rc = JL_ELINK;
		goto done;
	}
	*out = s;
	s = NULL;
	rc = JL_OK;
done:
	if (s)
		ssh_free(s);
	free(user);
	free(host);
	return rc;
}

static void sync_ssh_end(ssh_session s)
{
	if (!s)
		return;
	ssh_disconnect(s);
	ssh_free(s);
}

/* Judges the host key against the known-hosts file. Returns JL_OK when it
 * is known and unchanged; else JL_ELINK with the fingerprint in ERR. */
static jl_status sync_ssh_check_host(ssh_session s, const sync_target *t, msglist *err)
{
	buf fp = BUF_INIT;
	jl_status rc = JL_ELINK;
	enum ssh_known_hosts_e k;

	if (sync_ssh_fingerprint(s, &fp) != 0) {
		msglist_add(err, NULL, NULL, "总部未出示主机密钥", "headquarters showed no host key");
		goto done;
	}
	k = ssh_session_is_known_server(s);
	switch (k) {
	case SSH_KNOWN_HOSTS_OK:
		rc = JL_OK;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		msglist_addf(err, NULL, t->known_hosts,
			     /* The fingerprint first: the screens' one-line message
			      * must show it at 80 columns. */
			     "主机密钥已改变 %s：可能有人冒充总部，拒绝连接；"
			     "确认总部确实更换了密钥后运行 jilu sync trust %s",
			     "host key CHANGED %s: someone may be posing as headquarters; "
			     "refused. Once HQ confirms it changed its key, run "
			     "jilu sync trust %s",
			     buf_str(&fp), buf_str(&fp));
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		msglist_addf(err, NULL, t->known_hosts,
			     "未知主机 %s：总部的主机密钥不在受信任列表中，拒绝连接；"
			     "向总部核实指纹后运行 jilu sync trust %s",
			     "unknown host %s: headquarters' host key is not trusted; refused. "
			     "Check the fingerprint with HQ, then run jilu sync trust %s",
			     buf_str(&fp), buf_str(&fp));
		break;
	default:
		msglist_addf(err, NULL, t->known_hosts, "无法读取受信任主机文件：%s",
			     "cannot read the known-hosts file: %s", ssh_get_error(s));
		break;
	}
done:
	buf_free(&fp);
	return rc;
}

static long sync_ssh_read(void *ctx, void *p, size_t n, int timeout_ms)
{
	sync_ssh *s = ctx;
	int got;

	int waited = 0, slice;

	if (n > 1u << 30)
		n = 1u << 30;
	/* In slices, so that a cancel is seen while HQ is slow to answer. */
	for (;;) {
		slice = s->cancel && timeout_ms - waited > 200 ? 200 : timeout_ms - waited;
		got = ssh_channel_read_timeout(s->channel, p, (uint32_t)n, 0, slice);
		if (got == SSH_ERROR)
			return -1;
		if (got != 0 || ssh_channel_is_eof(s->channel) || !ssh_channel_is_open(s->channel))
			return got;
		/* libssh returns 0 for a timeout too */
		if (s->cancel && atomic_load(s->cancel))
			return -1;
		waited += slice;
		if (waited >= timeout_ms)
			return -2;
	}
}

static int sync_ssh_write(void *ctx, const void *p, size_t n, int timeout_ms)
{
	sync_ssh *s = ctx;
	const char *c = p;
	int put;

	(void)timeout_ms; /* the session's timeout (SSH_OPTIONS_TIMEOUT) bounds each wait */
	while (n > 0) {
		uint32_t part = n > (1u << 20) ? (1u << 20) : (uint32_t)n;
		put = ssh_channel_write(s->channel, c, part);
		if (put == SSH_ERROR || put <= 0)
			return ssh_is_connected(s->session) ? -2 : -1;
		c += put;
		n -= (size_t)put;
	}
	return 0;
}

jl_status sync_ssh_open(const sync_target *t, const char *command, sync_ssh **out, msglist *err)
{
	sync_ssh *s = NULL;
	ssh_session session = NULL;
	ssh_key key = NULL;
	jl_status rc;
	int auth;

	*out = NULL;
	rc = sync_ssh_connect(t, &session, err);
	if (rc != JL_OK)
		goto done;
	rc = sync_ssh_check_host(session, t, err);
	if (rc != JL_OK)
		goto done;
	rc = JL_ELINK;
	if (ssh_pki_import_privkey_file(t->identity, NULL, NULL, NULL, &key) != SSH_OK) {
		msglist_addf(err, NULL, "--identity", "无法读取设备私钥 %s（须为无口令的私钥文件）",
			     "cannot read the device's private key %s (a key file without passphrase)",
			     t->identity);
		goto done;
	}
	auth = ssh_userauth_publickey(session, NULL, key);
	if (auth != SSH_AUTH_SUCCESS) {
		msglist_addf(err, NULL, "--identity",
			     "总部拒绝了设备密钥 %s（未登记或已撤销：jilu hq enroll）",
			     "headquarters refused the device's key %s (not enrolled or revoked: "
			     "jilu hq enroll)",
			     t->identity);
		goto done;
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		rc = JL_ENOMEM;
		goto done;
	}
	s->session = session;
	session = NULL;
	s->channel = ssh_channel_new(s->session);
	if (!s->channel || ssh_channel_open_session(s->channel) != SSH_OK ||
	    ssh_channel_request_exec(s->channel, command) != SSH_OK) {
		msglist_addf(err, NULL, NULL, "总部未能启动接收程序：%s",
			     "headquarters could not start its receiver: %s",
			     ssh_get_error(s->session));
		goto done;
	}
	s->cancel = t->cancel;
	sync_io_init(&s->io, sync_ssh_read, sync_ssh_write, s,
		     (t->timeout_s > 0 ? t->timeout_s : 30) * 1000);
	*out = s;
	s = NULL;
	rc = JL_OK;
done:
	ssh_key_free(key);
	sync_ssh_close(s);
	sync_ssh_end(session);
	return rc;
}

sync_io *sync_ssh_io(sync_ssh *s)
{
	return &s->io;
}

void sync_ssh_stderr(sync_ssh *s, buf *out)
{
	char tmp[512];
	int got, total = 0;

	while (total < 4096 &&
	       (got = ssh_channel_read_timeout(s->channel, tmp, sizeof tmp, 1, 500)) > 0) {
		buf_append(out, tmp, (size_t)got);
		total += got;
	}
	while (out->len > 0 && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == '\r'))
		out->data[--out->len] = '\0';
}

void sync_ssh_close(sync_ssh *s)
{
	if (!s)
		return;
	if (s->channel) {
		if (ssh_channel_is_open(s->channel)) {
			ssh_channel_send_eof(s->channel);
			ssh_channel_close(s->channel);
		}
		ssh_channel_free(s->channel);
	}
	sync_io_free(&s->io);
	sync_ssh_end(s->session);
	free(s);
}

jl_status sync_ssh_trust(const sync_target *t, const char *fingerprint, int *already, msglist *err)
{
	ssh_session session = NULL;
	buf fp = BUF_INIT;
	const char *want = fingerprint, *have;
	jl_status rc;

	*already = 0;
	rc = sync_ssh_connect(t, &session, err);
	if (rc != JL_OK)
		goto done;
	rc = JL_ELINK;
	if (sync_ssh_fingerprint(session, &fp) != 0) {
		msglist_add(err, NULL, NULL, "总部未出示主机密钥", "headquarters showed no host key");
		goto done;
	}
	have = buf_str(&fp);
	if (strncmp(want, "SHA256:", 7) == 0)
		want += 7;
	if (strncmp(have, "SHA256:", 7) == 0)
		have += 7;
	if (strcmp(want, have) != 0) {
		/* Only the key the officer was told about is ever trusted. */
		msglist_addf(err, NULL, NULL,
			     "总部出示的主机密钥指纹为 SHA256:%s，与给出的 %s 不符，未添加",
			     "headquarters presents host key SHA256:%s, not the %s given: not added",
			     have, fingerprint);
		goto done;
	}
	if (ssh_session_is_known_server(session) == SSH_KNOWN_HOSTS_OK) {
		*already = 1;
		rc = JL_OK;
		goto done;
	}
	if (ssh_session_update_known_hosts(session) != SSH_OK) {
		msglist_addf(err, NULL, t->known_hosts, "无法写入受信任主机文件：%s",
			     "cannot write the known-hosts file: %s", ssh_get_error(session));
		rc = JL_ESTORE;
		goto done;
	}
	rc = JL_OK;
done:
	buf_free(&fp);
	sync_ssh_end(session);
	return rc;
}
