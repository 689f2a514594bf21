/* fuzz/replay.c — runs one harness over kept inputs, without libFuzzer.
 *
 * Usage: replay_NAME PATH...   (each PATH a file, or a directory whose files
 * are replayed, in name order, not recursing). Built with the normal compiler
 * so that `make asan` replays every kept input under gcc's ASan and UBSan.
 * Prints "replayed N inputs" and exits 0 when every input ran through; a
 * broken property aborts (FUZZ_ASSERT), a sanitizer stops the process. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fuzz.h"

/* Reads PATH whole into a new buffer (caller frees); NULL when it cannot. */
static uint8_t *replay_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *p = NULL, *q;
	size_t cap = 0, n = 0, got;

	if (!fp)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			q = realloc(p, cap);
			if (!q)
				goto fail;
			p = q;
		}
		got = fread(p + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp))
		goto fail;
	fclose(fp);
	*len = n;
	return p;
fail:
	free(p);
	fclose(fp);
	return NULL;
}

static int replay_file(const char *path, long *count)
{
	size_t len = 0;
	uint8_t *data = replay_slurp(path, &len);

	if (!data) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* Named before it runs: a sanitizer's report then follows its input. */
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	(*count)++;
	return 0;
}

static int replay_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the regular files of directory DIR in name order. */
static int replay_dir(const char *dir, long *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **grown;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(names, cap * sizeof *names);
			if (!grown) {
				rc = -1;
				goto done;
			}
			names = grown;
		}
		if (!(names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2))) {
			rc = -1;
			goto done;
		}
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	qsort(names, n, sizeof *names, replay_name_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			rc = replay_file(names[i], count);
	}
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	long count = 0;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;
		int rc;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		rc = S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) : replay_file(argv[i], &count);
		if (rc != 0)
			return 1;
	}
	printf("replayed %ld inputs\n", count);
	return 0;
}
