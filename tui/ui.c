/* tui/ui.c — the terminal, the view stack, the key loop, the bars. */
#include "tui/ui.h"

#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tui/ui_help.h"
#include "tui/ui_job.h"
#include "tui/ui_start.h"
#include "tui/ui_text.h"

ui_app ui_g;

#define UI_STACK_MAX 32
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* Bracketed paste (xterm mode 2004): the terminal wraps pasted text in
 * these, which curses reports as two key codes of our own. */
#define UI_PASTE_BEGIN (KEY_MAX + 1)
#define UI_PASTE_END (KEY_MAX + 2)

static ui_view *ui_stack[UI_STACK_MAX];
static int ui_depth;
static int ui_active;          /* curses is running */
/* Where a click lands, rebuilt at every paint (ui_mouse_row): the rows of
 * the top view's list and the items of the key bar. */
static struct {
	int *cur, index;
} ui_mouse_rows[256];
static struct {
	int x0, x1, req;
} ui_mouse_bar[UI_REQ_COUNT];
static int ui_mouse_nbar;
static volatile sig_atomic_t ui_signal;

/* For the crash handler, which may call nothing but write/tcsetattr. */
static struct termios ui_tio;
static int ui_tio_saved;
static char ui_reset_seq[128];
static size_t ui_reset_len;

static const struct {
	int key1, key2, screens, bar;
	const char *label, *zh, *en;
} ui_reqs[] = {
	{0, 0, 0, 0, "", "", ""},
#define UI_REQ_X(name, k1, k2, label, screens, bar, zh, en) {k1, k2, screens, bar, label, zh, en},
	UI_REQ_TABLE(UI_REQ_X)
#undef UI_REQ_X
};

ui_req ui_key_req(int screen, int key)
{
	int i;

	if (key == 0)
		return UI_REQ_NONE;
	for (i = 1; i < UI_REQ_COUNT; i++)
		if ((ui_reqs[i].screens & screen) && (ui_reqs[i].key1 == key || ui_reqs[i].key2 == key))
			return (ui_req)i;
	if (key == UI_KEY_FN(KEY_ENTER))
		return ui_key_req(screen, '\n');
	return UI_REQ_NONE;
}

void ui_help_rows(void (*row)(void *ctx, const char *keys, const char *what, int screens),
		  void *ctx)
{
	int i;

	for (i = 1; i < UI_REQ_COUNT; i++)
		row(ctx, ui_reqs[i].label, UI_T(ui_reqs[i].zh, ui_reqs[i].en), ui_reqs[i].screens);
}

void ui_restore(void)
{
	if (!ui_active)
		return;
	ui_active = 0;
	curs_set(1);
	endwin();
	fputs("\033[?2004l", stdout); /* bracketed paste off */
	fflush(stdout);
}

static void ui_on_signal(int sig)
{
	ui_signal = sig;
}

/* A crash: put the terminal back as it was, then die of the same signal
 * (so a core dump and the exit status still say what happened). */
static void ui_on_crash(int sig)
{
	if (ui_tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &ui_tio);
	if (ui_reset_len) {
		ssize_t w = write(STDOUT_FILENO, ui_reset_seq, ui_reset_len);
		(void)w;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Keeps the sequences that leave the alternate screen and show the cursor. */
static void ui_keep_reset_seq(void)
{
	const char *caps[] = {"sgr0", "cnorm", "rmcup"};
	size_t i;

	memcpy(ui_reset_seq, "\033[?2004l", 8); /* bracketed paste off */
	ui_reset_len = 8;
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		char *s = tigetstr((char *)caps[i]);
		size_t n;
		if (!s || s == (char *)-1)
			continue;
		n = strlen(s);
		if (ui_reset_len + n >= sizeof ui_reset_seq)
			break;
		memcpy(ui_reset_seq + ui_reset_len, s, n);
		ui_reset_len += n;
	}
}

static void ui_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = ui_on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
}

static int ui_start_curses(void)
{
	if (tcgetattr(STDIN_FILENO, &ui_tio) == 0)
		ui_tio_saved = 1;
	/* Handlers before initscr: curses then leaves them alone. */
	ui_signals();
	set_escdelay(25);
	/* newterm, not initscr: an unknown TERM is an error we report, not an
	 * exit inside curses. */
	if (!newterm(NULL, stdout, stdin))
		return -1;
	ui_active = 1;
	atexit(ui_restore);
	ui_keep_reset_seq();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	ui_g.mono = !has_colors() || getenv("NO_COLOR") != NULL;
	if (!ui_g.mono) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_CYAN, -1);
	}
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED, NULL);
	mouseinterval(200);
	/* A paste is text, never keys: a newline pasted into a one-line field
	 * must not leave it and let the rest act on the form (F finalises). */
	define_key("\033[200~", UI_PASTE_BEGIN);
	define_key("\033[201~", UI_PASTE_END);
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	return 0;
}

int ui_attr_alert(void)
{
	/* Reverse and bold carry the meaning; colour only adds. */
	return A_BOLD | A_REVERSE | (ui_g.mono ? 0 : COLOR_PAIR(2));
}

int ui_attr_cursor(void)
{
	return A_REVERSE;
}

int ui_attr_head(void)
{
	return A_BOLD | (ui_g.mono ? A_REVERSE : COLOR_PAIR(1));
}

int ui_attr_dim(void)
{
	return ui_g.mono ? A_NORMAL : COLOR_PAIR(3);
}

void ui_mouse_row(int y, int *cur, int index)
{
	if (y >= 0 && y < (int)(sizeof ui_mouse_rows / sizeof ui_mouse_rows[0])) {
		ui_mouse_rows[y].cur = cur;
		ui_mouse_rows[y].index = index;
	}
}

/* A mouse event: what key it stands for (a key-bar item: its key; a second
 * click on a selected row, or a double click: Enter), or 0 when it only
 * selected a row or hit nothing. */
static int ui_mouse_key(void)
{
	MEVENT me;
	int i;

	if (getmouse(&me) != OK || !(me.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return 0;
	if (me.y == LINES - 1) {
		for (i = 0; i < ui_mouse_nbar; i++)
			if (me.x >= ui_mouse_bar[i].x0 && me.x < ui_mouse_bar[i].x1)
				return ui_reqs[ui_mouse_bar[i].req].key1;
		return 0;
	}
	if (me.y < 0 || me.y >= (int)(sizeof ui_mouse_rows / sizeof ui_mouse_rows[0]) ||
	    !ui_mouse_rows[me.y].cur)
		return 0;
	if (*ui_mouse_rows[me.y].cur == ui_mouse_rows[me.y].index || (me.bstate & BUTTON1_DOUBLE_CLICKED)) {
		*ui_mouse_rows[me.y].cur = ui_mouse_rows[me.y].index;
		return '\n';
	}
	*ui_mouse_rows[me.y].cur = ui_mouse_rows[me.y].index;
	return 0;
}

void ui_push(ui_view *v)
{
	if (ui_depth < UI_STACK_MAX)
		ui_stack[ui_depth++] = v;
}

void ui_pop(void)
{
	if (ui_depth > 0)
		ui_depth--;
}

void ui_say(int error, const char *zh_fmt, const char *en_fmt, ...)
{
	va_list ap;

	va_start(ap, en_fmt);
	vsnprintf(ui_g.status, sizeof ui_g.status, UI_T(zh_fmt, en_fmt), ap);
	va_end(ap);
	ui_g.status_error = error;
}

void ui_say_msgs(const msglist *l)
{
	buf line = BUF_INIT;

	if (l->n == 0)
		return;
	msg_format(&l->items[0], ui_g.lang, &line);
	if (l->n > 1)
		buf_printf(&line, UI_T("（另有 %zu 条）", " (and %zu more)"), l->n - 1);
	snprintf(ui_g.status, sizeof ui_g.status, "%s", buf_str(&line));
	ui_g.status_error = 1;
	buf_free(&line);
}

static int ui_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
}

/* Keys pressed since the terminal became too small: they change nothing,
 * and the notice counts them, so that whoever types sees each one taken
 * (and a test can wait for it rather than guess). */
static int ui_small_keys;

/* Under 80×24: a notice instead of a garbled screen; the work stays in the
 * views and comes back when the terminal grows. */
static void ui_paint_small(void)
{
	char line[128];

	erase();
	snprintf(line, sizeof line, "%dx%d", COLS, LINES);
	ui_text_put(0, 0, "终端太小 / terminal too small", COLS, 0);
	ui_text_put(1, 0, UI_T("请将终端调整到至少 80×24", "please make it at least 80x24"), COLS, 0);
	ui_text_put(2, 0, line, COLS, 0);
	ui_text_put(3, 0, UI_T("（已输入的内容保留）", "(what you typed is kept)"), COLS, 0);
	if (ui_small_keys) {
		snprintf(line, sizeof line,
			 UI_T("已忽略 %d 次按键（终端太小时按键不起作用）",
			      "%d key(s) ignored (keys do nothing while it is too small)"),
			 ui_small_keys);
		ui_text_put(4, 0, line, COLS, 0);
	}
	refresh();
}

static void ui_paint_bars(ui_view *top)
{
	char head[256];
	int i, x = 0, w;
	const char *who = ui_g.officer_label ? ui_g.officer_label : UI_T("（未选择）", "(none)");

	attron(ui_attr_head());
	move(0, 0);
	for (i = 0; i < COLS; i++)
		addch(' ');
	snprintf(head, sizeof head, "jilu 记录 │ %s", top ? top->title : "");
	ui_text_put(0, 1, head, COLS - 2, 0);
	snprintf(head, sizeof head, "%s%s", UI_T("执法人员：", "Officer: "), who);
	w = ui_text_width(head);
	if (w < COLS - 30)
		ui_text_put(0, COLS - w - 1, head, w, 0);
	attroff(ui_attr_head());

	if (ui_g.status[0]) {
		if (ui_g.status_error)
			attron(A_BOLD);
		ui_text_put(LINES - 2, 0, ui_g.status, COLS, 1);
		if (ui_g.status_error)
			attroff(A_BOLD);
	}
	move(LINES - 1, 0);
	clrtoeol();
	ui_mouse_nbar = 0;
	for (i = 1; top && i < UI_REQ_COUNT; i++) {
		const char *what;
		if (!ui_reqs[i].bar || !(ui_reqs[i].screens & top->ops->screen))
			continue;
		if (i == UI_REQ_CANCEL_JOB && !ui_job_running())
			continue; /* named only while there is a job to cancel */
		if (top->ops->offers && !top->ops->offers(top, (ui_req)i))
			continue;
		what = UI_T(ui_reqs[i].zh, ui_reqs[i].en);
		w = ui_text_width(ui_reqs[i].label) + ui_text_width(what) + 2;
		if (x + w > COLS)
			break;
		ui_mouse_bar[ui_mouse_nbar].x0 = x;
		ui_mouse_bar[ui_mouse_nbar].x1 = x + w - 1;
		ui_mouse_bar[ui_mouse_nbar++].req = i;
		attron(A_REVERSE);
		ui_text_put(LINES - 1, x, ui_reqs[i].label, COLS - x, 0);
		attroff(A_REVERSE);
		x += ui_text_width(ui_reqs[i].label) + 1;
		ui_text_put(LINES - 1, x, what, COLS - x, 0);
		x += ui_text_width(what) + 1;
	}
}

static void ui_paint(void)
{
	int from, i, job;
	char line[512];

	if (ui_too_small()) {
		ui_paint_small();
		return;
	}
	ui_small_keys = 0;
	erase();
	curs_set(0);
	for (from = ui_depth - 1; from > 0 && ui_stack[from]->ops->overlay; from--)
		;
	/* A running job takes the row above the message bar on every screen. */
	job = ui_job_line(line, sizeof line);
	for (i = from < 0 ? 0 : from; i < ui_depth; i++) {
		/* Only the top view's rows take clicks. */
		memset(ui_mouse_rows, 0, sizeof ui_mouse_rows);
		ui_stack[i]->ops->draw(ui_stack[i], 1, LINES - 2 - job);
	}
	/* The bars last, but the editor puts the cursor back where it types. */
	{
		int cy, cx;
		getyx(stdscr, cy, cx);
		ui_paint_bars(ui_depth ? ui_stack[ui_depth - 1] : NULL);
		if (job) {
			move(LINES - 3, 0);
			clrtoeol();
			attron(A_REVERSE);
			ui_text_put(LINES - 3, 0, line, COLS, 1);
			attroff(A_REVERSE);
		}
		move(cy, cx);
	}
	refresh();
}

/* Returns 1 when input is waiting to be read (a paste still arriving).
 * Reading with a zero timeout instead would be wrong: curses, finding half
 * of a UTF-8 character, drops it and then the characters after it (2,001
 * pasted characters arrived as 682 under load). */
static int ui_input_waiting(void)
{
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};

	return poll(&p, 1, 0) > 0;
}

/* Reads one key: a character, a UI_KEY_FN code, or -1 on timeout. */
static int ui_getkey(int wait_ms)
{
	wint_t wc;
	int r;

	timeout(wait_ms);
	r = get_wch(&wc);
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES)
		return UI_KEY_FN((int)wc);
	return (int)wc;
}

void ui_paint_now(void)
{
	ui_paint();
}

int ui_cancel_pressed(void)
{
	int key;

	while (ui_input_waiting() && (key = ui_getkey(100)) >= 0)
		if (key == 'q' || key == UI_KEY_ESC || key == UI_CTRL('c'))
			return 1;
	return ui_signal != 0;
}

int ui_progress(void *ctx, long long done, long long total)
{
	ui_progress_ctx *p = ctx;
	struct timespec ts;
	long long now_ms;
	char bar[24];
	int i, fill;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (p->last_ms && now_ms - p->last_ms < 100 && done < total)
		return ui_cancel_pressed();
	p->last_ms = now_ms;
	fill = total > 0 ? (int)(done * 20 / total) : 0;
	for (i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[20] = '\0';
	ui_say(0, "%s [%s] %lld%%（q 取消）", "%s [%s] %lld%% (q cancels)", UI_T(p->zh, p->en), bar,
	       total > 0 ? done * 100 / total : 0LL);
	ui_paint_now();
	return ui_cancel_pressed();
}

int ui_run(ui_view *v)
{
	int pending = 0;

	while (!v->done && !ui_g.quit) {
		ui_view *top;
		int key;
		ui_req req;

		if (ui_signal) {
			ui_g.quit = 1;
			break;
		}
		if (!pending)
			ui_paint();
		/* While a job runs the screens look at it ten times a second. */
		key = ui_getkey(ui_job_running() ? 100 : 250);
		if (ui_job_running())
			ui_job_poll();
		if (key < 0) {
			pending = 0;
			continue;
		}
		/* Keys already waiting (a paste) are all taken before the next
		 * paint: a long text arrives whole and fast. */
		pending = ui_input_waiting();
		if (key == UI_KEY_FN(KEY_RESIZE)) {
			pending = 0;
			continue;
		}
		top = ui_depth ? ui_stack[ui_depth - 1] : v;
		if (key == UI_KEY_FN(UI_PASTE_BEGIN) || key == UI_KEY_FN(UI_PASTE_END)) {
			ui_g.pasting = key == UI_KEY_FN(UI_PASTE_BEGIN);
			continue;
		}
		if (ui_g.pasting) {
			/* Pasted text goes to an editor as text, or nowhere. */
			if (top->ops->screen == UI_S_EDIT && !ui_too_small())
				top->ops->key(top, key, UI_REQ_NONE);
			continue;
		}
		if (key == UI_KEY_FN(KEY_MOUSE)) {
			/* A click is a key of the bar, Enter on a row, or only
			 * a new selection (painted next). */
			if (ui_too_small() || (key = ui_mouse_key()) == 0) {
				pending = 0;
				continue;
			}
		}
		req = ui_key_req(top->ops->screen, key);
		if (req == UI_REQ_QUIT) {
			if (!ui_job_quit_ok())
				continue;
			ui_g.quit = 1;
			break;
		}
		/* While a job runs, x cancels it on every screen but an editor
		 * (where it is a letter), even where x otherwise marks a row. */
		if (ui_job_running() && key == 'x' && top->ops->screen != UI_S_EDIT)
			req = UI_REQ_CANCEL_JOB;
		if (req == UI_REQ_CANCEL_JOB) {
			if (ui_job_running())
				ui_job_cancel();
			else
				ui_say(0, "没有正在进行的后台任务", "no job is running");
			continue;
		}
		if (ui_too_small()) {
			ui_small_keys++; /* nothing changes while it cannot be seen */
			continue;
		}
		if (req == UI_REQ_HELP) {
			ui_help_show(top->ops->screen);
			pending = 0;
			continue;
		}
		ui_g.status[0] = '\0';
		top->ops->key(top, key, req);
	}
	return ui_g.quit ? 0 : v->done;
}

/* The yes/no question: an overlay that only paints the message bar. */
typedef struct {
	const char *zh, *en;
	int yes;
} ui_confirm_state;

static void ui_confirm_draw(ui_view *v, int top, int bottom)
{
	ui_confirm_state *s = v->data;
	char line[512];

	(void)top;
	(void)bottom;
	snprintf(ui_g.status, sizeof ui_g.status, "%s", "");
	snprintf(line, sizeof line, "%s %s", UI_T(s->zh, s->en), UI_T("(y 是 / n 否)", "(y/n)"));
	attron(A_BOLD | A_REVERSE);
	ui_text_put(LINES - 2, 0, line, COLS, 1);
	attroff(A_BOLD | A_REVERSE);
}

static void ui_confirm_key(ui_view *v, int key, ui_req req)
{
	ui_confirm_state *s = v->data;

	if (key == 'y' || key == 'Y') {
		s->yes = 1;
		v->done = 1;
	} else if (key == 'n' || key == 'N' || req == UI_REQ_BACK) {
		v->done = 1;
	}
}

static const ui_view_ops ui_confirm_ops = {"", UI_S_LIST, 1, ui_confirm_draw, ui_confirm_key};

int ui_confirm(const char *zh, const char *en)
{
	ui_confirm_state s = {zh, en, 0};
	ui_view v = {&ui_confirm_ops, &s, 0, ""};

	if (ui_depth)
		snprintf(v.title, sizeof v.title, "%s", ui_stack[ui_depth - 1]->title);
	ui_push(&v);
	ui_run(&v);
	ui_pop();
	return s.yes;
}

int ui_main(const char *db_path, const char *officer, const char *lang, int by_key)
{
	int rc, sig;

	memset(&ui_g, 0, sizeof ui_g);
	ui_g.lang = lang && strcmp(lang, "en") == 0 ? "en" : "zh";
	ui_g.db_path = db_path;
	ui_g.by_key = by_key && officer;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "jilu: %s\n",
			UI_T("操作界面需要终端（命令行用法见 jilu --help）",
			     "the screens need a terminal (jilu --help for the command line)"));
		return 2;
	}
	if (ui_start_curses() != 0) {
		const char *term = getenv("TERM");
		fprintf(stderr, "jilu: %s%s\n",
			UI_T("无法初始化终端：TERM=", "cannot start the terminal: TERM="), term ? term : "");
		return 2;
	}
	rc = ui_start(officer);
	/* A signal or a quit with a job still running: it is cancelled and
	 * waited for, so it stores nothing half and its connection closes. */
	ui_job_stop();
	ui_restore();
	jl_close(ui_g.j);
	ui_g.j = NULL;
	free(ui_g.officer);
	free(ui_g.officer_label);
	sig = ui_signal;
	if (sig) {
		/* Restored; now end as the signal asked, so a parent sees why. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return rc;
}
