/* core/officer_pin.c — an officer's PIN, kept as a slow salted hash. */
#include "core/officer_pin.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/officer.h"
#include "core/perm.h"
#include "core/text.h"

#define PIN_SALT 16
#define PIN_HASH 32

static void pin_hex(buf *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(out, "%02x", p[i]);
}

/* Reads N bytes of hex S into P; returns 0, or -1 when S is not that. */
static int pin_unhex(const char *s, unsigned char *p, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		p[i] = (unsigned char)v;
	}
	return 0;
}

/*
 * Returns the real clock's "now" in seconds (CLOCK_REALTIME). Never
 * JILU_NOW: that is a test and demo override any user can set, and a lock
 * counted by it would end whenever the user said so. A lock is stored as
 * the real time it ends, so it survives restarts; the system clock itself
 * only root can set.
 */
static time_t pin_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return time(NULL);
	return ts.tv_sec;
}

static void pin_key(buf *out, const char *prefix, const char *id)
{
	buf_reset(out);
	buf_printf(out, "%s:%s", prefix, id);
}

int officer_pin_has(jl *j, const char *id)
{
	buf key = BUF_INIT;
	char *v;

	pin_key(&key, "pin", id);
	v = db_meta_get(j->db, buf_str(&key));
	buf_free(&key);
	free(v);
	return v != NULL;
}

static int pin_derive(const char *pin, const unsigned char *salt, int iter, unsigned char *out)
{
	return PKCS5_PBKDF2_HMAC(pin, (int)strlen(pin), salt, PIN_SALT, iter, EVP_sha256(),
				 PIN_HASH, out) == 1 ? 0 : -1;
}

long officer_pin_lock_seconds(jl *j)
{
	char *v = db_meta_get(j->db, "pin_lock_seconds"), *end = NULL;
	long n = v ? strtol(v, &end, 10) : 0;

	if (!v || !end || *end || n < OFFICER_PIN_LOCK_MIN || n > OFFICER_PIN_LOCK_MAX)
		n = OFFICER_PIN_LOCK; /* unset, or not jilu's writing: the default */
	free(v);
	return n;
}

jl_status officer_pin_lock_set(jl *j, long seconds, msglist *err)
{
	buf v = BUF_INIT;
	jl_status rc;

	if ((rc = jl_need_officer(j, err)) != JL_OK)
		return rc;
	if (seconds < OFFICER_PIN_LOCK_MIN || seconds > OFFICER_PIN_LOCK_MAX) {
		msglist_addf(err, NULL, "SECONDS", "锁定时长须为 %d 至 %d 秒",
			     "the lock lasts %d to %d seconds", OFFICER_PIN_LOCK_MIN, OFFICER_PIN_LOCK_MAX);
		return JL_EINVALID;
	}
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, err, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	if ((rc = perm_check(j, PERM_ROSTER, err)) != JL_OK) {
		db_rollback(j->db);
		return rc;
	}
	buf_printf(&v, "%ld", seconds);
	if (db_meta_set(j->db, "pin_lock_seconds", buf_str(&v)) != JL_OK || db_commit(j->db) != JL_OK) {
		db_error(j->db, err, "无法保存锁定时长", "cannot store the lock's length");
		db_rollback(j->db);
		rc = JL_ESTORE;
	}
	buf_free(&v);
	return rc;
}

/* Appends LOCK seconds in words: "15 分钟" / "15 minutes", or seconds. */
static void pin_span(buf *zh, buf *en, long lock)
{
	if (lock % 60 == 0) {
		buf_printf(zh, "%ld 分钟", lock / 60);
		buf_printf(en, "%ld minutes", lock / 60);
	} else {
		buf_printf(zh, "%ld 秒", lock);
		buf_printf(en, "%ld seconds", lock);
	}
}

jl_status officer_pin_set(jl *j, const char *id, const char *pin, msglist *err)
{
	unsigned char salt[PIN_SALT], hash[PIN_HASH];
	buf key = BUF_INIT, val = BUF_INIT;
	officer_row o;
	jl_status rc;
	size_t n;

	memset(&o, 0, sizeof o);
	if ((rc = jl_need_officer(j, err)) != JL_OK)
		return rc;
	if ((rc = officer_get(j, id, &o)) != JL_OK) {
		if (rc == JL_ENOTFOUND)
			msglist_addf(err, NULL, "ID", "没有执法人员 %s", "no officer %s", id);
		return rc;
	}
	officer_row_free(&o);
	/* One's own PIN, or an admin's doing (R5.1). */
	if (strcmp(j->officer, id) != 0 && (rc = perm_check(j, PERM_ROSTER, err)) != JL_OK)
		return rc;
	/* HQ's officer: a PIN set here would be replaced by HQ's at the next
	 * sync, or hold on this device alone. One PIN, kept at HQ. */
	pin_key(&key, OFFICER_PIN_HQ, id);
	{
		char *hq = db_meta_get(j->db, buf_str(&key));

		if (hq) {
			free(hq);
			buf_free(&key);
			msglist_addf(err, "R5.1", "ID",
				     "%s 是总部名册中的执法人员，其 PIN 由总部设置（jilu --db 总部数据库 "
				     "officer pin %s），下次同步时到达本设备；本设备未作更改",
				     "%s is an officer of headquarters' roster, whose PIN is set at "
				     "headquarters (jilu --db HQ.db officer pin %s) and reaches this device "
				     "on its next sync; nothing was changed here",
				     id, id);
			return JL_EREFUSED;
		}
	}
	n = 0; /* characters, not bytes */
	for (const char *c = pin; c && *c; c++)
		n += ((unsigned char)*c & 0xC0) != 0x80;
	if (n < OFFICER_PIN_MIN || n > OFFICER_PIN_MAX ||
	    !text_check(pin, strlen(pin), TEXT_LINE, NULL, NULL, NULL)) {
		msglist_addf(err, NULL, "PIN", "PIN 须为 %d 至 %d 个字符，不含控制字符",
			     "a PIN is %d to %d characters, without control characters",
			     OFFICER_PIN_MIN, OFFICER_PIN_MAX);
		rc = JL_EINVALID;
		goto done;
	}
	rc = JL_ESTORE;
	if (RAND_bytes(salt, sizeof salt) != 1 || pin_derive(pin, salt, OFFICER_PIN_ITER, hash) != 0) {
		msglist_add(err, NULL, NULL, "无法计算 PIN 的散列", "cannot hash the PIN");
		goto done;
	}
	buf_printf(&val, "pbkdf2-sha256$%d$", OFFICER_PIN_ITER);
	pin_hex(&val, salt, sizeof salt);
	buf_puts(&val, "$");
	pin_hex(&val, hash, sizeof hash);
	if (val.oom)
		goto done;
	if (db_begin(j->db) != JL_OK)
		goto store;
	pin_key(&key, "pin", id);
	if (db_meta_set(j->db, buf_str(&key), buf_str(&val)) != JL_OK) {
		db_rollback(j->db);
		goto store;
	}
	pin_key(&key, "pin_fail", id);
	if (db_meta_set(j->db, buf_str(&key), "0 0") != JL_OK || db_commit(j->db) != JL_OK) {
		db_rollback(j->db);
		goto store;
	}
	rc = JL_OK;
	goto done;
store:
	db_error(j->db, err, "无法保存 PIN", "cannot store the PIN");
done:
	OPENSSL_cleanse(hash, sizeof hash);
	buf_free(&key);
	buf_free(&val);
	return rc;
}

/* Stores ID's count of wrong PINs and lock (its own transaction: a refused
 * command stores nothing else). Returns JL_OK or JL_ESTORE. */
static jl_status pin_count(jl *j, const char *id, long n, long long until)
{
	buf key = BUF_INIT, val = BUF_INIT;
	jl_status rc = JL_ESTORE;

	pin_key(&key, "pin_fail", id);
	buf_printf(&val, "%ld %lld", n, until);
	if (db_begin(j->db) == JL_OK) {
		if (db_meta_set(j->db, buf_str(&key), buf_str(&val)) == JL_OK &&
		    db_commit(j->db) == JL_OK)
			rc = JL_OK;
		else
			db_rollback(j->db);
	}
	buf_free(&key);
	buf_free(&val);
	return rc;
}

jl_status officer_pin_verify(jl *j, const char *id, const char *pin, msglist *err)
{
	unsigned char salt[PIN_SALT], want[PIN_HASH], got[PIN_HASH];
	buf key = BUF_INIT;
	char *stored = NULL, *fails = NULL, *p, *s, *h;
	long n = 0;
	long long until = 0;
	int iter;
	time_t now = pin_now();
	long lock = officer_pin_lock_seconds(j);
	jl_status rc = JL_EDENIED;
	buf zh = BUF_INIT, en = BUF_INIT;

	pin_key(&key, "pin", id);
	stored = db_meta_get(j->db, buf_str(&key));
	if (!stored) {
		rc = JL_OK; /* no PIN: claiming is all there is (README) */
		goto done;
	}
	pin_key(&key, "pin_fail", id);
	fails = db_meta_get(j->db, buf_str(&key));
	if (fails && sscanf(fails, "%ld %lld", &n, &until) != 2)
		n = 0, until = 0;
	/* A lock ending further off than its length: the clock was set back
	 * since. It lasts its length from now, no longer. */
	if (until > (long long)now + lock)
		until = (long long)now + lock;
	if (until > (long long)now) {
		long long left = (until - (long long)now + 59) / 60;
		msglist_addf(err, "R4.2", "PIN", "%s 连续输错 PIN %d 次，已锁定，约 %lld 分钟后再试",
			     "%s entered a wrong PIN %d times in a row and is locked; try again in about %lld minutes",
			     id, OFFICER_PIN_TRIES, left);
		goto done;
	}
	if (!pin) {
		msglist_addf(err, "R4.2", "PIN", "%s 设有 PIN：请在终端输入，或由 JILU_PIN 给出",
			     "%s has a PIN: type it on the terminal or give it in JILU_PIN", id);
		goto done;
	}
	/* "pbkdf2-sha256$ROUNDS$SALT$HASH" */
	p = strchr(stored, '$');
	s = p ? strchr(p + 1, '$') : NULL;
	h = s ? strchr(s + 1, '$') : NULL;
	if (!h || strncmp(stored, "pbkdf2-sha256$", 14) != 0 || (iter = atoi(p + 1)) < 1000) {
		msglist_addf(err, NULL, "PIN", "%s 的 PIN 记录已损坏：请系统管理员重设",
			     "%s's stored PIN is damaged: an admin must set it again", id);
		goto done;
	}
	*s = '\0';
	*h = '\0';
	if (pin_unhex(s + 1, salt, sizeof salt) != 0 || pin_unhex(h + 1, want, sizeof want) != 0) {
		msglist_addf(err, NULL, "PIN", "%s 的 PIN 记录已损坏：请系统管理员重设",
			     "%s's stored PIN is damaged: an admin must set it again", id);
		goto done;
	}
	if (pin_derive(pin, salt, iter, got) != 0) {
		rc = JL_ESTORE;
		goto done;
	}
	if (CRYPTO_memcmp(got, want, sizeof got) == 0) {
		rc = (n || until) ? pin_count(j, id, 0, 0) : JL_OK;
		if (rc != JL_OK)
			db_error(j->db, err, "无法保存 PIN 状态", "cannot store the PIN's state");
		goto done;
	}
	n++;
	until = n >= OFFICER_PIN_TRIES ? (long long)now + lock : 0;
	if (pin_count(j, id, n >= OFFICER_PIN_TRIES ? 0 : n, until) != JL_OK) {
		db_error(j->db, err, "无法保存 PIN 状态", "cannot store the PIN's state");
		rc = JL_ESTORE;
		goto done;
	}
	if (until) {
		buf_printf(&zh, "%s 的 PIN 错误，已连续 %ld 次：锁定 ", id, n);
		buf_printf(&en, "wrong PIN for %s, %ld times in a row: locked for ", id, n);
		pin_span(&zh, &en, lock);
		msglist_add(err, "R4.2", "PIN", buf_str(&zh), buf_str(&en));
	}
	else
		msglist_addf(err, "R4.2", "PIN", "%s 的 PIN 错误（连续第 %ld 次，%d 次即锁定）",
			     "wrong PIN for %s (%ld in a row; %d lock the officer)", id, n,
			     OFFICER_PIN_TRIES);
done:
	OPENSSL_cleanse(got, sizeof got);
	buf_free(&zh);
	buf_free(&en);
	buf_free(&key);
	free(stored);
	free(fails);
	return rc;
}

int officer_pin_state(jl *j, const char *id, int *fails, long long *until)
{
	buf key = BUF_INIT;
	char *v;
	long n = 0;
	long long u = 0;

	*fails = 0;
	*until = 0;
	pin_key(&key, "pin_fail", id);
	v = db_meta_get(j->db, buf_str(&key));
	buf_free(&key);
	if (v && sscanf(v, "%ld %lld", &n, &u) != 2)
		n = 0, u = 0;
	free(v);
	/* A lock stores the count as 0 (pin_count): it is the lock that says five. */
	*fails = u > (long long)pin_now() ? OFFICER_PIN_TRIES : (int)n;
	*until = u > (long long)pin_now() ? u : 0;
	return 0;
}
