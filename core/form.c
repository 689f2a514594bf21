/* core/form.c — the set of forms: loading a directory, finding a form. */
#include "core/form.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/cond.h"
#include "core/file.h"
#include "core/form_read.h"
#include "core/jsonx.h"
#include "core/ledger.h"

struct formset {
	form **forms;
	int n;
	cond_env *cond;
	cJSON *kinds; /* kinds.json: what `jilu check` requires of each kind */
	calendar *cal; /* calendar.json: working days; NULL = weekends only */
	char **left_out; /* ids whose ID.json was there but had problems */
	int nleft;
	form **older; /* versions superseded by a newer one of the same id */
	int nolder;
};

#define FORM_KINDS_FILE "kinds.json"

static int form_cmp(const void *a, const void *b)
{
	return strcmp((*(form *const *)a)->id, (*(form *const *)b)->id);
}

static int form_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Notes that ID.json (ID: the file name without .json) was left out. */
static jl_status formset_leave_out(formset *fs, const char *id, size_t len)
{
	char **p = realloc(fs->left_out, (size_t)(fs->nleft + 1) * sizeof *p);

	if (!p)
		return JL_ENOMEM;
	fs->left_out = p;
	if (!(p[fs->nleft] = strndup(id, len)))
		return JL_ENOMEM;
	fs->nleft++;
	return JL_OK;
}

jl_status formset_load(const char *dir, formset **out, msglist *problems)
{
	formset *fs = calloc(1, sizeof *fs);
	DIR *dp = NULL;
	struct dirent *de;
	char **names = NULL;
	int nnames = 0, cap = 0, i;
	jl_status rc = JL_OK;

	*out = NULL;
	if (!fs || cond_open(&fs->cond) != JL_OK) {
		rc = JL_ENOMEM;
		goto done;
	}
	dp = opendir(dir);
	if (!dp) {
		msglist_addf(problems, NULL, dir, "无法读取表单定义目录：%s",
			     "cannot read the form definitions: %s", strerror(errno));
		rc = JL_ESTORE;
		goto done;
	}
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n <= 5 || strcmp(de->d_name + n - 5, ".json") != 0 || de->d_name[0] == '.' ||
		    strcmp(de->d_name, FORM_KINDS_FILE) == 0 || strcmp(de->d_name, "calendar.json") == 0)
			continue;
		if (nnames == cap) {
			char **p;
			cap = cap ? cap * 2 : 32;
			p = realloc(names, (size_t)cap * sizeof *p);
			if (!p) {
				rc = JL_ENOMEM;
				goto done;
			}
			names = p;
		}
		names[nnames++] = strdup(de->d_name);
	}
	if (nnames == 0) {
		/* Nothing to record with: said plainly, not as "no form X" later. */
		msglist_add(problems, NULL, dir, "表单定义目录中没有任何表单定义（*.json）",
			    "the form definitions folder holds no definition (*.json)");
		rc = JL_ESTORE;
		goto done;
	}
	qsort(names, (size_t)nnames, sizeof *names, form_name_cmp);
	fs->forms = calloc((size_t)nnames + 1, sizeof *fs->forms);
	if (!fs->forms) {
		rc = JL_ENOMEM;
		goto done;
	}
	for (i = 0; i < nnames; i++) {
		buf path = BUF_INIT;
		size_t len = 0;
		char *text;
		int err = 0;
		form *f;

		buf_printf(&path, "%s/%s", dir, names[i]);
		text = form_slurp(buf_str(&path), &len, &err);
		if (text) {
			f = form_read(buf_str(&path), text, len, fs->cond, problems);
			if (f)
				ledger_sha256_hex(text, len, f->sha256);
			free(text);
		} else {
			if (err == FILE_ETOOBIG)
				msglist_addf(problems, NULL, buf_str(&path),
					     "无法读取：文件超过 %d 字节，不是表单定义",
					     "cannot read: larger than %d bytes, not a form definition",
					     FORM_MAX_SIZE);
			else
				file_msg(problems, buf_str(&path), "无法读取", "cannot read", err);
			f = NULL;
		}
		buf_free(&path);
		if (f)
			fs->forms[fs->n++] = f;
		else if ((rc = formset_leave_out(fs, names[i], strlen(names[i]) - 5)) != JL_OK)
			goto done;
	}
	qsort(fs->forms, (size_t)fs->n, sizeof *fs->forms, form_cmp);
	/* A record field naming a form that is not there (or was left out) leaves
	 * its definition out too; that may strand another, so until none does. */
	for (int again = 1; again;) {
		again = 0;
		for (i = 0; i < fs->n; i++) {
			form *f = fs->forms[i];
			int bad = 0;
			for (int k = 0; k < f->nfields; k++) {
				const char *target = f->fields[k].form;
				if (target && !formset_find(fs, target)) {
					buf where = BUF_INIT;
					buf_printf(&where, "%s: $.fields[%d].form", f->file, k);
					msglist_addf(problems, NULL, buf_str(&where), "没有表单 %s",
						     "no form %s", target);
					buf_free(&where);
					bad = 1;
				}
			}
			if (bad) {
				if ((rc = formset_leave_out(fs, f->id, strlen(f->id))) != JL_OK)
					goto done;
				form_free(f);
				memmove(&fs->forms[i], &fs->forms[i + 1],
					(size_t)(fs->n - i - 1) * sizeof *fs->forms);
				fs->n--;
				i--;
				again = 1;
			}
		}
	}
	fs->kinds = kinds_read(dir, fs, problems);
	fs->cal = calendar_read(dir, problems);
done:
	if (dp)
		closedir(dp);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (rc != JL_OK) {
		formset_free(fs);
		return rc;
	}
	*out = fs;
	return JL_OK;
}

void formset_free(formset *fs)
{
	int i;

	if (!fs)
		return;
	for (i = 0; i < fs->n; i++)
		form_free(fs->forms[i]);
	free(fs->forms);
	cond_close(fs->cond);
	cJSON_Delete(fs->kinds);
	calendar_free(fs->cal);
	for (i = 0; i < fs->nleft; i++)
		free(fs->left_out[i]);
	free(fs->left_out);
	for (i = 0; i < fs->nolder; i++)
		form_free(fs->older[i]);
	free(fs->older);
	free(fs);
}

const form *formset_find_version(const formset *fs, const char *id, int version)
{
	const form *f = formset_find(fs, id);
	int i;

	if (f && f->version == version)
		return f;
	for (i = 0; f && i < fs->nolder; i++)
		if (fs->older[i]->version == version && strcmp(fs->older[i]->id, id) == 0)
			return fs->older[i];
	return NULL;
}

const form *formset_find_for(const formset *fs, const char *id, int version)
{
	const form *f = formset_find_version(fs, id, version);

	return f ? f : formset_find(fs, id);
}

int formset_older_count(const formset *fs) { return fs->nolder; }
const form *formset_older_at(const formset *fs, int i) { return fs->older[i]; }

void formset_set_calendar(formset *fs, calendar *cal)
{
	calendar_free(fs->cal);
	fs->cal = cal;
}

/* Appends F to FS's older versions. Returns JL_OK or JL_ENOMEM (F not kept). */
static jl_status formset_keep_older(formset *fs, form *f)
{
	form **p = realloc(fs->older, (size_t)(fs->nolder + 1) * sizeof *p);

	if (!p)
		return JL_ENOMEM;
	fs->older = p;
	p[fs->nolder++] = f;
	return JL_OK;
}

jl_status formset_add(formset *fs, const char *where, const char *text, size_t len,
		      const form **added, msglist *problems)
{
	form *f, **p;
	const form *have;
	int i, bad = 0;

	if (added)
		*added = NULL;
	f = form_read(where, text, len, fs->cond, problems);
	if (!f)
		return JL_EINVALID;
	ledger_sha256_hex(text, len, f->sha256);
	for (i = 0; i < f->nfields; i++) {
		const char *target = f->fields[i].form;
		if (target && !formset_find(fs, target) && strcmp(target, f->id) != 0) {
			buf at = BUF_INIT;
			buf_printf(&at, "%s: $.fields[%d].form", where, i);
			msglist_addf(problems, NULL, buf_str(&at), "没有表单 %s", "no form %s", target);
			buf_free(&at);
			bad = 1;
		}
	}
	if (bad) {
		form_free(f);
		return JL_EINVALID;
	}
	have = formset_find(fs, f->id);
	if (have && formset_find_version(fs, f->id, f->version)) {
		form_free(f); /* the one held first stays */
		return JL_OK;
	}
	if (have && have->version > f->version) {
		if (formset_keep_older(fs, f) != JL_OK) {
			form_free(f);
			return JL_ENOMEM;
		}
	} else if (have) {
		/* The newest is what new records use: it takes the place of the
		 * one it supersedes, which stays for the records begun under it. */
		for (i = 0; fs->forms[i] != have; i++)
			;
		if (formset_keep_older(fs, fs->forms[i]) != JL_OK) {
			form_free(f);
			return JL_ENOMEM;
		}
		fs->forms[i] = f;
	} else {
		p = realloc(fs->forms, (size_t)(fs->n + 2) * sizeof *p);
		if (!p) {
			form_free(f);
			return JL_ENOMEM;
		}
		fs->forms = p;
		fs->forms[fs->n++] = f;
		qsort(fs->forms, (size_t)fs->n, sizeof *fs->forms, form_cmp);
	}
	if (added)
		*added = f;
	return JL_OK;
}

const calendar *formset_calendar(const formset *fs)
{
	return fs->cal;
}

const cJSON *formset_kinds(const formset *fs)
{
	return fs->kinds;
}

void formset_set_kinds(formset *fs, cJSON *kinds)
{
	cJSON_Delete(fs->kinds);
	fs->kinds = kinds;
}

cond_env *formset_cond(const formset *fs)
{
	return fs->cond;
}

const form *formset_find(const formset *fs, const char *id)
{
	int lo = 0, hi = fs->n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(fs->forms[mid]->id, id);
		if (c == 0)
			return fs->forms[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

int formset_left_out(const formset *fs, const char *id)
{
	int i;

	for (i = 0; id && i < fs->nleft; i++)
		if (strcmp(fs->left_out[i], id) == 0)
			return 1;
	return 0;
}

int formset_count(const formset *fs) { return fs->n; }
const form *formset_at(const formset *fs, int i) { return fs->forms[i]; }

const form_field *form_field_find(const form *f, const char *id)
{
	int i;

	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].id && strcmp(f->fields[i].id, id) == 0)
			return &f->fields[i];
	return NULL;
}

int form_allows_kind(const form *f, const char *kind)
{
	int i;

	for (i = 0; i < f->nkinds; i++)
		if (strcmp(f->kinds[i], "*") == 0 || strcmp(f->kinds[i], kind) == 0)
			return 1;
	return 0;
}

int form_has_rule(const form *f, const char *name)
{
	int i;

	for (i = 0; i < f->nrules; i++)
		if (strcmp(f->rules[i], name) == 0)
			return 1;
	return 0;
}

const char *form_text_get(const form_text *t, const char *lang)
{
	int en = lang && strcmp(lang, "en") == 0;
	const char *s = en ? t->en : t->zh;

	return s ? s : (en ? t->zh : t->en);
}

const char *form_choice_label(const form_field *field, const char *id, const char *lang)
{
	int i;

	for (i = 0; i < field->nchoices; i++)
		if (strcmp(field->choices[i].id, id) == 0)
			return form_text_get(&field->choices[i].label, lang);
	return id;
}

char *form_default_dir(void)
{
	const char *env = getenv("JILU_FORMS");
	char exe[PATH_MAX];
	ssize_t n;
	buf b = BUF_INIT;

	if (env && *env)
		return strdup(env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* build-asan/jilu sits one level below the tree. */
			static const char *const rel[] = {"/forms", "/../forms",
							  "/../share/jilu/forms", NULL};
			for (int i = 0; rel[i]; i++) {
				buf_reset(&b);
				buf_printf(&b, "%s%s", exe, rel[i]);
				if (access(buf_str(&b), R_OK) == 0)
					return buf_steal(&b);
			}
		}
	}
	buf_free(&b);
	return strdup("/usr/local/share/jilu/forms");
}
