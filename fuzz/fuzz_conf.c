/* fuzz/fuzz_conf.c — the two settings files a device reads: the config file
 * (config_read, tui/config.c: store, officer, language) and sync.conf
 * (sync_conf_load, core/sync_conf.c: remote, identity, known_hosts).
 *
 * Input: the file's bytes, written as both files (XDG_CONFIG_HOME points at
 * a scratch directory made once per process).
 *
 * Properties:
 *   - read or refused, never a crash, a leak or a hang; a refusal of
 *     sync.conf says where (PATH:LINE);
 *   - every value taken is the value of one whole line of the file, written
 *     `key = value` (not the tail of a comment or of an overlong line, not
 *     cut at a NUL);
 *   - every value taken is one line of valid UTF-8 with nothing a terminal
 *     acts on (core/text.h TEXT_LINE), and the language is zh or en. */
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sync_conf.h"
#include "core/text.h"
#include "fuzz/fuzz.h"
#include "tui/config.h"

static char fuzz_dir[1024], fuzz_cfg[PATH_MAX], fuzz_sync[PATH_MAX];

/* At the end of a run the scratch files go. */
static void fuzz_bye(void)
{
	char jdir[1100];

	remove(fuzz_cfg);
	remove(fuzz_sync);
	snprintf(jdir, sizeof jdir, "%s/jilu", fuzz_dir);
	rmdir(jdir);
	rmdir(fuzz_dir);
}

static void fuzz_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char jdir[1100];

	if (fuzz_dir[0])
		return;
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/fuzz-conf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_ASSERT(mkdtemp(fuzz_dir), "a scratch directory");
	snprintf(jdir, sizeof jdir, "%s/jilu", fuzz_dir);
	FUZZ_ASSERT(mkdir(jdir, 0700) == 0, "its jilu directory");
	snprintf(fuzz_cfg, sizeof fuzz_cfg, "%s/config", jdir);
	snprintf(fuzz_sync, sizeof fuzz_sync, "%s/sync.conf", jdir);
	setenv("XDG_CONFIG_HOME", fuzz_dir, 1);
	atexit(fuzz_bye);
}

static void fuzz_put(const char *path, const uint8_t *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	FUZZ_ASSERT(fp && fwrite(p, 1, n, fp) == n && fclose(fp) == 0, "the file is written");
}

static int fuzz_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Returns 1 when some whole line of DATA reads `KEY = VAL` (spaces and tabs
 * around each, a CR before the newline). */
static int fuzz_from_line(const uint8_t *data, size_t size, const char *key, const char *val)
{
	const char *p = (const char *)data, *end = p + size, *nl, *a, *b;
	size_t kl = strlen(key), vl = strlen(val);

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		a = p;
		b = nl;
		while (a < b && fuzz_space(*a))
			a++;
		while (b > a && fuzz_space(b[-1]))
			b--;
		if (memchr(a, '\0', (size_t)(b - a)) || (size_t)(b - a) < kl || memcmp(a, key, kl) != 0)
			continue;
		a += kl;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		if (a == b || *a != '=')
			continue;
		a++;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		if ((size_t)(b - a) == vl && memcmp(a, val, vl) == 0)
			return 1;
	}
	return 0;
}

static void fuzz_value(const uint8_t *data, size_t size, const char *key, const char *val)
{
	if (!val)
		return;
	FUZZ_ASSERT(fuzz_from_line(data, size, key, val), "a value taken is a whole line's value");
	FUZZ_ASSERT(text_check(val, strlen(val), TEXT_LINE, NULL, NULL, NULL),
		    "a value taken is one line of UTF-8 with nothing a terminal acts on");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	config cf;
	sync_conf sc;
	msglist err = MSGLIST_INIT;
	jl_status rc;

	fuzz_setup();
	fuzz_put(fuzz_cfg, data, size);
	fuzz_put(fuzz_sync, data, size);
	if (config_read(&cf, "en") == 0) {
		fuzz_value(data, size, "store", cf.store);
		fuzz_value(data, size, "officer", cf.officer);
		fuzz_value(data, size, "language", cf.language);
		if (cf.language)
			FUZZ_ASSERT(strcmp(cf.language, "zh") == 0 || strcmp(cf.language, "en") == 0,
				    "the language is zh or en");
	}
	config_free(&cf);
	rc = sync_conf_load(fuzz_sync, &sc, &err);
	if (rc == JL_OK) {
		FUZZ_ASSERT(err.n == 0, "settings read leave no message");
		fuzz_value(data, size, "remote", sc.remote);
		fuzz_value(data, size, "identity", sc.identity);
		fuzz_value(data, size, "known_hosts", sc.known_hosts);
	} else {
		FUZZ_ASSERT(err.n > 0 || err.oom, "refused settings say why");
		if (err.n > 0)
			FUZZ_ASSERT(err.items[0].where && strncmp(err.items[0].where, fuzz_sync,
								  strlen(fuzz_sync)) == 0,
				    "a refusal says which file and line");
		FUZZ_ASSERT(!sc.remote && !sc.identity && !sc.known_hosts, "refused settings keep nothing");
	}
	sync_conf_free(&sc);
	msglist_free(&err);
	return 0;
}
