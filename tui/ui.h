/*
 * tui/ui.h — the screens: terminal, views, the key loop. Only tui/ui*.c
 * include curses; the rest of the program knows no screen.
 *
 * A screen is a view: a struct of operations (tig's view.h). Views sit on a
 * stack; the top one gets the keys, every one from the last full-screen
 * view up is painted. A view that waits for an answer (a picker, an editor)
 * runs ui_run until it says it is done, so its caller reads like a function
 * call while resizing, the help screen and signals keep working.
 */
#ifndef TUI_UI_H
#define TUI_UI_H

#include "core/jl.h"
#include "tui/ui_keys.h"

typedef struct ui_view ui_view;

typedef struct {
	const char *name;   /* for the header: "" for none */
	int screen;         /* UI_S_… : which requests and key bar apply */
	int overlay;        /* 1: painted over the views below it */
	/* Paints the view into rows TOP..BOTTOM-1 (the header and the bars are
	 * not its). */
	void (*draw)(ui_view *v, int top, int bottom);
	/* Handles KEY (a character or UI_KEY_FN code) that maps to REQ
	 * (UI_REQ_NONE when the table names none). */
	void (*key)(ui_view *v, int key, ui_req req);
	/* Returns 0 when REQ does not apply now (amend on a draft, "now" on a
	 * text field), so the key bar leaves it out; NULL: every request of
	 * the screen applies. The ? screen still lists them all. */
	int (*offers)(ui_view *v, ui_req req);
} ui_view_ops;

struct ui_view {
	const ui_view_ops *ops;
	void *data;   /* the view's own state, owned by whoever pushed it */
	int done;     /* set by the view: ui_run returns */
	char title[160]; /* shown in the header */
};

/* The application: what every screen works on. */
typedef struct {
	jl *j;
	const char *lang;        /* "zh" or "en" */
	const char *db_path;
	char *officer;           /* the acting officer's id, or NULL */
	char *officer_label;     /* "张三 (13001)" for the header, or NULL */
	int quit;                /* set to leave every loop */
	int mono;                /* no colour */
	char status[512];        /* one line of news for the message bar */
	int status_error;        /* 1: STATUS is an error (bold) */
	int pasting;             /* inside a bracketed paste: keys are text */
	int by_key;              /* the officer given was named by an SSH key */
	unsigned jobs_ended;     /* counts background jobs ended: a view that
				  * shows what a job changes reloads when it moves */
} ui_app;

extern ui_app ui_g;

/* Picks zh or en by the screens' language. */
#define UI_T(zh, en) (ui_g.lang[0] == 'e' ? (en) : (zh))

/*
 * Runs the screens on the store DB_PATH as OFFICER (NULL: ask) in LANG;
 * BY_KEY: an SSH key's forced command named OFFICER (tui/act.h), proof
 * enough without a PIN. Returns the process exit code. Called by
 * tui/main.c when there is no command and stdin and stdout are terminals,
 * and for `jilu tui`.
 */
int ui_main(const char *db_path, const char *officer, const char *lang, int by_key);

/* Restores the terminal (end of curses). Safe to call twice and from
 * atexit; the crash handler does the async-signal-safe part itself. */
void ui_restore(void);

/* Pushes V on the view stack (V stays the caller's). */
void ui_push(ui_view *v);
/* Pops the top view. */
void ui_pop(void);

/*
 * Paints and reads keys, handing each to the top view, until V->done or
 * the application quits (ui_g.quit). Returns V->done (0 when quitting).
 */
int ui_run(ui_view *v);

/* Maps KEY to a request of SCREEN, or UI_REQ_NONE. */
ui_req ui_key_req(int screen, int key);

/* Sets the message bar: ERROR makes it stand out. Printf-style. */
void ui_say(int error, const char *zh_fmt, const char *en_fmt, ...)
	__attribute__((format(printf, 2, 4), format(printf, 3, 4)));
/* Shows the messages of L on the message bar (the first; the count). */
void ui_say_msgs(const msglist *l);

/* Asks a yes/no question on the message bar; returns 1 for yes. */
int ui_confirm(const char *zh, const char *en);

/* Attribute for something that must stand out without colour (overdue). */
int ui_attr_alert(void);
/* Attribute of the selected row. */
int ui_attr_cursor(void);
/* Attribute of a heading. */
int ui_attr_head(void);
/* Attribute of quiet text (help, hints). */
int ui_attr_dim(void);

/* Calls ROW for every request of the key table, in order (the help
 * screen draws from it). */
void ui_help_rows(void (*row)(void *ctx, const char *keys, const char *what, int screens),
		  void *ctx);

/* Paints the screen now (progress during long work). */
void ui_paint_now(void);
/* Returns 1 when a key waiting in the input asks to cancel (q, Esc, ^C);
 * other keys waiting are dropped. Never blocks. */
int ui_cancel_pressed(void);

/* What ui_progress shows: a label in both languages. */
typedef struct {
	const char *zh, *en;
	long long last_ms; /* when it last painted (it paints at most every 100 ms) */
} ui_progress_ctx;

/*
 * A progress callback for core's long work (file_progress_fn,
 * ledger_progress_fn): shows a bar with DONE of TOTAL and CTX's label on the
 * message bar, and returns 1 (cancel) when q, Esc or Ctrl-C was pressed.
 */
int ui_progress(void *ctx, long long done, long long total);

/*
 * For a view's draw: screen row Y shows item INDEX of the list whose
 * selected item is *CUR (a view's own int, alive while the view is shown).
 * A click on Y then sets *CUR to INDEX; a click on the row already selected,
 * or a double click, opens it as Enter does. Only the top view's rows count.
 */
void ui_mouse_row(int y, int *cur, int index);

#endif
