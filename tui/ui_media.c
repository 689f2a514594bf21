/* tui/ui_media.c — attach files from a directory, copied in the background. */
#include "tui/ui_media.h"

#include <curses.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/media.h"
#include "core/media_import.h"
#include "tui/ui.h"
#include "tui/ui_edit.h"
#include "tui/ui_job.h"
#include "tui/ui_list.h"

static int ui_media_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the regular files of DIR by name (caller frees each and the
 * array), or NULL with *N 0. */
static char **ui_media_files(const char *dir, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		buf path = BUF_INIT;
		int regular;

		if (e->d_name[0] == '.')
			continue;
		buf_printf(&path, "%s/%s", dir, e->d_name);
		regular = lstat(buf_str(&path), &st) == 0 && S_ISREG(st.st_mode);
		buf_free(&path);
		if (!regular)
			continue;
		if (*n == cap) {
			char **p;
			cap = cap ? cap * 2 : 32;
			p = realloc(names, (size_t)cap * sizeof *p);
			if (!p)
				break;
			names = p;
		}
		names[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, (size_t)*n, sizeof *names, ui_media_cmp);
	return names;
}

/* One background import: what ui_media_job_run needs, owned by the job
 * and freed by ui_media_job_end. */
typedef struct {
	long long record_id;
	char **paths;
	int n;
} ui_media_job;

/* The job (worker thread, its own connection): every file or none. */
static int ui_media_job_run(void *arg, ui_job_progress *p)
{
	ui_media_job *mj = arg;
	long long *ids = calloc((size_t)mj->n, sizeof *ids);
	media_add_opts opts;
	jl_status rc;

	if (!ids)
		return JL_ENOMEM;
	memset(&opts, 0, sizeof opts);
	opts.progress = ui_job_progress_cb;
	opts.ctx = p;
	rc = media_add(p->j, mj->record_id, (const char *const *)mj->paths, mj->n, &opts, ids, &p->msgs);
	if (rc == JL_OK)
		ui_job_say(p, "已添加 %d 个文件", "%d files attached", mj->n);
	else if (rc == JL_ECANCELED)
		ui_job_say(p, "未添加任何文件", "nothing attached");
	free(ids);
	return rc;
}

/* Frees the job's ARG; the runner says the result. Returns 0. */
static int ui_media_job_end(int rc, ui_job_progress *p, void *arg)
{
	ui_media_job *mj = arg;
	int i;

	(void)rc;
	(void)p;
	if (!mj)
		return 0;
	for (i = 0; mj->paths && i < mj->n; i++)
		free(mj->paths[i]);
	free(mj->paths);
	free(mj);
	return 0;
}

int ui_media_attach(long long record_id)
{
	char cwd[4096], *dir, **names;
	int n = 0, i, done = 0, want = 0;
	ui_list l;

	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, ".");
	dir = ui_edit_run(UI_T("音像文件所在目录（如已挂载的执法记录仪）",
			       "Directory of the files (e.g. a mounted body camera)"),
			  cwd, 0, 0, NULL, NULL);
	if (!dir)
		return 0;
	names = ui_media_files(dir, &n);
	if (n == 0) {
		ui_say(1, "%s：没有文件", "%s: no files", dir);
		free(dir);
		return 0;
	}
	memset(&l, 0, sizeof l);
	l.screen = UI_S_PICK;
	l.multi = 1;
	ui_list_set_heading(&l, UI_T("空格勾选要添加的文件，Enter 开始添加", "Space marks files, Enter attaches them"));
	for (i = 0; i < n; i++) {
		struct stat st;
		buf path = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, names[i]);
		if (stat(buf_str(&path), &st) != 0)
			st.st_size = 0;
		ui_list_addf(&l, i, "%-40s %10lld KB", names[i], (long long)(st.st_size + 1023) / 1024);
		buf_free(&path);
	}
	if (ui_list_run(&l, UI_T("添加音像", "Attach media")) == UI_REQ_CHOOSE) {
		ui_media_job *mj = calloc(1, sizeof *mj);

		for (i = 0; i < l.n; i++)
			want += l.rows[i].mark;
		if (want == 0)
			l.rows[l.cur].mark = 1;
		if (mj) {
			mj->record_id = record_id;
			mj->paths = calloc((size_t)l.n, sizeof *mj->paths);
		}
		for (i = 0; mj && mj->paths && i < l.n; i++) {
			buf b = BUF_INIT;

			if (!l.rows[i].mark)
				continue;
			buf_printf(&b, "%s/%s", dir, names[l.rows[i].tag]);
			mj->paths[mj->n++] = buf_steal(&b);
		}
		/* The copy runs in the background: the screens stay usable,
		 * x cancels it, and the result comes to the message bar. */
		if (!mj || !mj->paths) {
			ui_media_job_end(JL_ENOMEM, NULL, mj);
			ui_say(1, "%s", "%s", jl_status_text(JL_ENOMEM, ui_g.lang));
		} else if (ui_job_start_then("导入音像文件", "importing media files", ui_media_job_run, mj,
					     ui_media_job_end) != 0) {
			ui_media_job_end(JL_ECANCELED, NULL, mj);
		} else {
			done = mj->n;
		}
	}
	ui_list_free(&l);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return done;
}
