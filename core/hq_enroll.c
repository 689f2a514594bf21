/* core/hq_enroll.c — the authorized_keys line for a device's key. */
#include "core/hq_enroll.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "core/hq.h"

/* Returns 1 when S can sit in the forced command unchanged: sshd hands that
 * command to the account's shell, so only characters no shell gives a
 * meaning to (letters, digits, / . _ - + , @ = : %). */
static int hq_quotable(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      strchr("/._-+,@=:%", *s)))
			return 0;
	return 1;
}

/* Returns 1 when BLOB (base64) is an SSH public key blob of type TYPE: a
 * run of fields, each a 4-byte length and its bytes, that fills it exactly,
 * the first being TYPE (RFC 4253 6.6; RSA, ECDSA, Ed25519 and the sk- keys
 * alike). A truncated or corrupted key, or a line whose type was edited, is
 * not. */
static int hq_key_blob_is(const char *blob, const char *type)
{
	size_t n = strlen(blob), tl = strlen(type), at = 0, len, first = 1;
	unsigned char *raw;
	int got, ok = 0;

	if (n == 0 || n % 4 != 0 || n > 65536)
		return 0;
	raw = malloc(n / 4 * 3 + 1);
	if (!raw)
		return 0;
	got = EVP_DecodeBlock(raw, (const unsigned char *)blob, (int)n);
	if (got < 0)
		goto done;
	/* EVP_DecodeBlock counts the padding as bytes. */
	len = (size_t)got - (blob[n - 1] == '=') - (blob[n - 2] == '=');
	while (at + 4 <= len) {
		size_t f = (size_t)raw[at] << 24 | (size_t)raw[at + 1] << 16 | (size_t)raw[at + 2] << 8 |
			   raw[at + 3];
		if (f > len - at - 4)
			goto done;
		if (first && (f != tl || memcmp(raw + at + 4, type, tl) != 0))
			goto done;
		first = 0;
		at += 4 + f;
	}
	ok = !first && at == len;
done:
	free(raw);
	return ok;
}

jl_status hq_enroll_line(const char *jilu, const char *db_path, const char *device,
			 const char *keyline, buf *out, msglist *err)
{
	char *type = NULL, *blob = NULL;
	int fields;

	if (!hq_device_valid(device)) {
		msglist_addf(err, NULL, "DEVICE", "设备编号须为 1 至 64 个字母、数字、. _ -（现为 %s）",
			     "a device id is 1 to 64 letters, digits, . _ - (got %s)", device);
		return JL_EINVALID;
	}
	if (!hq_quotable(jilu) || !hq_quotable(db_path)) {
		msglist_addf(err, NULL, "--db",
			     "路径只能由字母、数字和 / . _ - + , @ = : %% 组成（强制命令经 shell 执行）：%s",
			     "a path may hold only letters, digits and / . _ - + , @ = : %% (the forced "
			     "command goes through a shell): %s",
			     hq_quotable(jilu) ? db_path : jilu);
		return JL_EINVALID;
	}
	fields = sscanf(keyline, "%ms %ms", &type, &blob);
	/* The type is printed into authorized_keys and to the terminal: only
	 * the characters key types are made of (no ESC, no quote). */
	if (fields != 2 || (strncmp(type, "ssh-", 4) != 0 && strncmp(type, "ecdsa-", 6) != 0 &&
			    strncmp(type, "sk-", 3) != 0) ||
	    strspn(type, "abcdefghijklmnopqrstuvwxyz0123456789-.@") != strlen(type)) {
		msglist_add(err, NULL, "--key", "不是 SSH 公钥（应为 ssh-ed25519 AAAA… 这样的一行）",
			    "not an SSH public key (one line like ssh-ed25519 AAAA…)");
		free(type);
		free(blob);
		return JL_EINVALID;
	}
	for (const char *p = blob; *p; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '+' || *p == '/' || *p == '=')) {
			msglist_add(err, NULL, "--key", "公钥数据不是 base64", "the key data is not base64");
			free(type);
			free(blob);
			return JL_EINVALID;
		}
	}
	if (!hq_key_blob_is(blob, type)) {
		msglist_addf(err, NULL, "--key", "公钥数据不完整或已损坏（不是一把 %s 公钥）",
			     "the key data is truncated or corrupted (not an %s key)", type);
		free(type);
		free(blob);
		return JL_EINVALID;
	}
	/* The comment of the key is left out: it is the device's to say and
	 * could carry anything. */
	buf_printf(out, "command=\"%s hq ingest --db %s --device %s\",restrict %s %s jilu-%s", jilu,
		   db_path, device, type, blob, device);
	free(type);
	free(blob);
	return JL_OK;
}
