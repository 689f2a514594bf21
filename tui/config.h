/* tui/config.h — $XDG_CONFIG_HOME/jilu/config: the store, the officer and
 * the language a device uses, so that they need not be typed each time. */
#ifndef TUI_CONFIG_H
#define TUI_CONFIG_H

/* What the file says; NULL for what it does not. */
typedef struct {
	char *path;      /* the file read, or NULL when there is none */
	char *store;     /* "store = PATH" */
	char *officer;   /* "officer = ID" */
	char *language;  /* "language = zh|en" */
} config;

/*
 * Reads the config file ($XDG_CONFIG_HOME/jilu/config, else
 * ~/.config/jilu/config) into *CF. Lines are "key = value"; blank lines and
 * lines beginning with # are skipped. A missing file is no error. Returns 0;
 * -1 after printing to stderr (in LANG) which line of which file is wrong
 * (an unknown key, a line without "=", a key given twice, a language other
 * than zh or en, a NUL byte, a line that is not UTF-8 or holds a control or
 * invisible character: core/text.h TEXT_LINE). Free with config_free.
 */
int config_read(config *cf, const char *lang);
void config_free(config *cf);

#endif
