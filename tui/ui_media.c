/* tui/ui_media.c — attach files from a directory, with progress. */
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

int ui_media_attach(long long record_id)
{
	char cwd[4096], *dir, **names;
	int n = 0, i, done = 0, want = 0, k;
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
		const char **paths = calloc((size_t)n, sizeof *paths);
		long long *ids = calloc((size_t)n, sizeof *ids);
		buf *bufs = calloc((size_t)n, sizeof *bufs);
		msglist err = MSGLIST_INIT;
		ui_progress_ctx pc = {"正在导入音像文件", "importing the media files", 0};
		media_add_opts opts;
		jl_status rc;

		for (i = 0; i < l.n; i++)
			want += l.rows[i].mark;
		if (want == 0)
			l.rows[l.cur].mark = 1;
		for (i = 0, k = 0; paths && ids && bufs && i < l.n; i++) {
			if (!l.rows[i].mark)
				continue;
			buf_printf(&bufs[k], "%s/%s", dir, names[l.rows[i].tag]);
			paths[k] = buf_str(&bufs[k]);
			k++;
		}
		/* All the files or none, streamed with the bytes shown as they
		 * are copied; q cancels and nothing is stored. */
		memset(&opts, 0, sizeof opts);
		opts.progress = ui_progress;
		opts.ctx = &pc;
		rc = paths && ids && bufs ? media_add(ui_g.j, record_id, paths, k, &opts, ids, &err) : JL_ENOMEM;
		if (rc == JL_OK) {
			done = k;
			ui_say(0, "已添加 %d 个文件", "%d files attached", done);
		} else if (rc == JL_ECANCELED) {
			ui_say(1, "已取消：未添加任何文件", "cancelled: nothing attached");
		} else if (err.n) {
			ui_say_msgs(&err);
		} else {
			ui_say(1, "%s", "%s", jl_status_text(rc, ui_g.lang));
		}
		for (i = 0; bufs && i < k; i++)
			buf_free(&bufs[i]);
		free(bufs);
		free(paths);
		free(ids);
		msglist_free(&err);
	}
	ui_list_free(&l);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return done;
}
