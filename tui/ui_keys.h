/*
 * tui/ui_keys.h — every request a person can make of the screens, one row
 * each (tig's request.h). The key map, the bottom key bar and the `?` help
 * screen are all drawn from this table, so they never disagree.
 *
 * X(name, key1, key2, key label, screens, in bar, zh, en)
 *   key1, key2  what presses it (UI_KEY_FN(KEY_…) for curses codes; 0: none);
 *               key2 is always a plain key, so no function key is ever needed
 *   screens     the UI_S_… screens where it applies
 *   in bar      1 when the bottom key bar names it on those screens
 */
#ifndef TUI_UI_KEYS_H
#define TUI_UI_KEYS_H

#include <curses.h>

/* A key as ui_getkey returns it: a character, or a curses key code moved
 * above Unicode so the two never collide. */
#define UI_KEY_FN(k) (0x200000 + (k))
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ESC 27

/* The screens (bit masks). */
enum {
	UI_S_HOME = 1 << 0,
	UI_S_ACTION = 1 << 1,
	UI_S_FORM = 1 << 2,
	UI_S_LIST = 1 << 3,    /* deadlines, verify, help: read-only lists */
	UI_S_PICK = 1 << 4,    /* choose one or several from a list */
	UI_S_SUB = 1 << 5,     /* the entries of a party, officers, signatures */
	UI_S_EDIT = 1 << 6,    /* typing text (only keys that type nothing) */
	UI_S_ALL = 0x7f & ~(1 << 6),
};

#define UI_REQ_TABLE(X)                                                                        \
	X(HELP, '?', 0, "?", UI_S_ALL, 1, "帮助", "help")                                           \
	X(BACK, 'q', UI_KEY_ESC, "q/Esc", UI_S_ALL, 1, "返回", "back")                              \
	X(UP, UI_KEY_FN(KEY_UP), 'k', "↑/k", UI_S_ALL, 0, "上移", "move up")                        \
	X(DOWN, UI_KEY_FN(KEY_DOWN), 'j', "↓/j", UI_S_ALL, 0, "下移", "move down")                  \
	X(PGUP, UI_KEY_FN(KEY_PPAGE), 'b', "PgUp/b", UI_S_ALL, 0, "上一页", "page up")              \
	X(FIRST, UI_KEY_FN(KEY_HOME), 'g', "Home/g", UI_S_ALL, 0, "第一项", "first")                \
	X(LAST, UI_KEY_FN(KEY_END), 'G', "End/G", UI_S_ALL, 0, "最后一项", "last")                  \
	X(NEXT, '\t', 0, "Tab", UI_S_FORM, 0, "下一项", "next field")                              \
	X(PREV, UI_KEY_FN(KEY_BTAB), 0, "S-Tab", UI_S_FORM, 0, "上一项", "previous field")         \
	X(OPEN, '\n', '\r', "Enter", UI_S_HOME | UI_S_ACTION | UI_S_FORM | UI_S_SUB, 1, "打开/编辑",  \
	  "open/edit")                                                                            \
	X(CHOOSE, '\n', '\r', "Enter", UI_S_PICK, 1, "选定", "choose")                              \
	X(TOGGLE, ' ', 'x', "空格", UI_S_PICK | UI_S_SUB, 1, "勾选/切换", "mark/toggle")            \
	X(PGDN, UI_KEY_FN(KEY_NPAGE), ' ', "PgDn/空格", UI_S_ALL, 0, "下一页", "page down")             \
	X(NEW_ACTION, 'n', 0, "n", UI_S_HOME, 1, "新建执法活动", "new action")                      \
	X(SYNC, 'S', 0, "S", UI_S_HOME, 1, "同步", "sync")                                          \
	X(KIND, 'f', 0, "f", UI_S_HOME, 1, "按类别筛选", "filter by kind")                          \
	X(SEARCH, '/', 's', "/", UI_S_HOME, 1, "搜索", "search")                                    \
	X(CLOSED, 'c', 0, "c", UI_S_HOME, 1, "显示已结/未结", "closed/open")                        \
	X(DEADLINES, 'd', 0, "d", UI_S_HOME, 1, "期限", "deadlines")                                \
	X(VERIFY, 'v', 0, "v", UI_S_HOME, 1, "核验", "verify")                                      \
	X(NEW_RECORD, 'n', 0, "n", UI_S_ACTION, 1, "新建记录", "new record")                        \
	X(MEDIA, 'm', 0, "m", UI_S_ACTION, 1, "添加音像", "attach media")                           \
	X(EXPORT, 'e', 0, "e", UI_S_ACTION, 1, "导出案卷", "export")                                \
	X(CLOSE_ACTION, 'X', 0, "X", UI_S_ACTION, 1, "结案", "close action")                       \
	X(REOPEN, 'O', 0, "O", UI_S_ACTION, 1, "重新开启", "reopen")                                \
	X(AMEND, 'a', 0, "a", UI_S_ACTION | UI_S_FORM, 1, "更正", "amend")                          \
	X(NOW, 't', 0, "t", UI_S_FORM, 1, "现在/今天", "now/today")                                 \
	X(FINALIZE, 'F', 0, "F", UI_S_FORM, 1, "定稿", "finalise")                                  \
	X(ADD, 'a', 0, "a", UI_S_SUB, 1, "添加", "add")                                             \
	X(DELETE, 'd', 0, "d", UI_S_SUB, 1, "删除", "delete")                                       \
	X(REFRESH, 'r', UI_CTRL('l'), "r", UI_S_HOME | UI_S_ACTION | UI_S_LIST, 0, "刷新",          \
	  "refresh")                                                                              \
	X(CANCEL_JOB, 'x', 0, "x", UI_S_ALL, 1,                                                   \
	  "取消后台任务", "cancel the job")                                                      \
	X(EDIT_DONE, '\t', UI_KEY_ESC, "Tab/Esc", UI_S_EDIT, 1, "完成并保存", "done, saved")      \
	X(EDIT_NOW, UI_CTRL('t'), 0, "^T", UI_S_EDIT, 1, "填入现在", "now")                        \
	X(EDIT_HOME, UI_KEY_FN(KEY_HOME), UI_CTRL('a'), "Home/^A", UI_S_EDIT, 0, "行首",          \
	  "line start")                                                                           \
	X(EDIT_END, UI_KEY_FN(KEY_END), UI_CTRL('e'), "End/^E", UI_S_EDIT, 0, "行尾", "line end")  \
	X(EDIT_KILL, UI_CTRL('u'), 0, "^U", UI_S_EDIT, 0, "清空", "clear")                         \
	X(QUIT, UI_CTRL('c'), 0, "^C", UI_S_ALL | UI_S_EDIT, 0, "退出", "quit")

typedef enum {
	UI_REQ_NONE = 0,
#define UI_REQ_X(name, k1, k2, label, screens, bar, zh, en) UI_REQ_##name,
	UI_REQ_TABLE(UI_REQ_X)
#undef UI_REQ_X
	UI_REQ_COUNT
} ui_req;

#endif
