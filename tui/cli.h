/* tui/cli.h — the command line: shared state and output helpers. */
#ifndef TUI_CLI_H
#define TUI_CLI_H

#include <cJSON.h>
#include <stdio.h>

#include "core/check.h"
#include "core/jl.h"
#include "core/msg.h"
#include "core/ref.h"
#include "core/status.h"

typedef struct {
	const char *lang;     /* "zh" or "en" */
	const char *db_path;  /* --db, JILU_DB, or the default */
	const char *officer;  /* --as, JILU_OFFICER, or NULL */
	int as_given;         /* the officer was named by --as, not by
			       * JILU_OFFICER or the config file */
	int by_key;           /* the officer was named by an SSH key's forced
			       * command (tui/cli_pin.h): proof enough */
	jl *j;                /* opened by cli_open */
	msglist msgs;         /* what went wrong, printed by cli_finish */
	const char *bad_id;   /* an argument cli_id refused: cli_usage says why */
	int unlogged;         /* CLI_READ_LOGGED on a store that cannot be
			       * written (tui/cli_readonly.h) */
	/* Names given as DEVICE:ID (core/ref.h, tui/cli_ref.c): */
	char ref_device[REF_DEVICE_MAX + 1]; /* the device they name, or "" */
	int ref_plain;        /* an id was given without a device */
	int ref_mixed;        /* ids of two devices in one command */
	char *ref_path;       /* at HQ: the store ref_device chose (main frees) */
	const char *hq_path;  /* at HQ with --device: HQ's own store */
	const char *hq_device; /* … and that device */
	jl *hq_roster;        /* at HQ: HQ's own store, where the acting officer
			       * was proven (tui/cli_hq_act.h; main closes it) */
} cli;

/* One command: NAME, its handler, its usage line and description. */
typedef struct {
	const char *name;
	int (*run)(cli *c, int argc, char **argv);
	const char *usage;
	const char *zh;
	const char *en;
} cli_command;

/* Picks zh or en text by the command line's language. */
#define CLI_T(c, zh, en) (strcmp((c)->lang, "en") == 0 ? (en) : (zh))

/* How a command uses the store (cli_open). */
enum {
	CLI_READ = 0,   /* reads only: --as / JILU_OFFICER are ignored */
	CLI_CREATE = 1, /* `init`: made when missing; nobody need act */
	CLI_WRITE = 2,  /* writes: the store must have its device id (else "run
			 * jilu init"), and --as / JILU_OFFICER, when given, must
			 * name an officer of the store */
	CLI_READ_NO_FORMS = 3, /* reads, and needs no form definition (`verify`):
				* works with no forms folder at all */
	CLI_READ_LOGGED = 4, /* shows records' content (show, export, copy): opened
			      * for writing, as the read is logged (core/access.h);
			      * acts as --as like CLI_READ */
	CLI_SYNC = 5,   /* `sync`: opened for writing (what HQ sends back is
			 * stored), no form definitions, nobody acts */
};

/* Opens the store for MODE (CLI_READ, CLI_CREATE or CLI_WRITE) and, for
 * CLI_WRITE, acts as the --as officer when one is given.
 * Returns JL_OK or a status with its messages in C->msgs. */
jl_status cli_open(cli *c, int mode);

/* Prints C->msgs to stderr, one line each, and returns the exit code of RC. */
int cli_finish(cli *c, jl_status rc);

/* Returns 1 when ARG is --help or -h. */
int cli_is_help(const char *arg);
/* Prints the usage and description of CMD to stdout; returns 0. */
int cli_help(cli *c, const cli_command *cmd);
/* Reports a usage error for CMD ("what" in both languages); returns exit 2. */
int cli_usage(cli *c, const cli_command *cmd, const char *zh, const char *en);

/* Reports "OPT needs a value" (and CMD's usage when CMD is not NULL); returns exit 2. */
int cli_missing_value(cli *c, const cli_command *cmd, const char *opt);

/*
 * For every command's option loop: when ARGV[*I] is the option NAME, sets
 * *VALUE to the argument after it, moves *I onto that argument and returns 1.
 * Returns 0 when ARGV[*I] is not NAME. When NAME has no value (it ends the
 * line, or another --option follows it), or was given before (*VALUE is no
 * longer NULL: the last one silently winning would hide a mistake), it
 * reports so with CMD's usage and returns -1: the caller returns 2.
 */
int cli_opt(cli *c, const cli_command *cmd, int argc, char **argv, int *i, const char *name,
	    const char **value);

/* The same for an option without a value (--json, --force): sets *FLAG to 1
 * and returns 1; 0 when ARG is not NAME; -1 (reported) when given twice. */
int cli_flag(cli *c, const cli_command *cmd, const char *arg, const char *name, int *flag);

/* Returns 1 when ARG looks like an option (--json, -o), not like a number
 * (-1 is an id given wrong, to be refused as such by cli_id). */
int cli_is_option(const char *arg);

/* Reports "OPT given twice" with CMD's usage (CMD may be NULL); returns exit 2. */
int cli_twice(cli *c, const cli_command *cmd, const char *opt);

/*
 * Parses an id, `ID` or `DEVICE:ID` (core/ref.h ref_parse: ID a whole number
 * from 1 to 9223372036854775807, digits only). Returns it, or 0 when S is
 * NULL or not such a name; then S is kept in C->bad_id so that cli_usage
 * says what is wrong with it. A device named is kept in C->ref_device;
 * cli_open then reads that device's store at HQ, and refuses it on a store
 * of another device (tui/cli_ref.c).
 */
long long cli_id(cli *c, const char *s);

/* tui/cli_ref.c: before the store at C->db_path is opened for MODE, points
 * it at the device's store a DEVICE:ID chose at HQ, or refuses a plain id
 * at HQ (listing the devices) and any write there. Returns JL_OK or a status
 * with the reason in C->msgs. */
jl_status cli_ref_store(cli *c, int mode);
/* tui/cli_ref.c: once the store is open, refuses a DEVICE:ID of another
 * device than the store's own. Returns JL_OK or JL_EUSAGE (C->msgs). */
jl_status cli_ref_check(cli *c);

/* tui/cli_ref.c: ID as it is shown — DEVICE:ID at HQ (where the store is a
 * device's, chosen by --device or DEVICE:ID), so that it can be pasted
 * back; ID alone elsewhere. Writes into OUT (N bytes) and returns OUT. */
char *cli_ref_str(const cli *c, long long id, char *out, size_t n);

/* tui/cli_ref.c: logs a read (core/access.h access_log) before anything is
 * shown: in the store's own chain, or at HQ in HQ's registry (a device's
 * chain at HQ is the device's alone: core/hq_access.h). Returns JL_OK or
 * a status with the reason in C->msgs (then nothing is shown). */
jl_status cli_access_log(cli *c, const char *what, long long action, const long long *records, int n,
			 const char *sha256);

/* tui/cli_hq_read.c: at HQ, the read commands that go across every device
 * (action list, deadlines, check without an ACTION, verify, status), or the
 * one --device names. Returns their exit code, or -1 when ARGV is not such
 * a command at HQ (the command then runs as everywhere). */
int cli_hq_read(cli *c, int argc, char **argv);

/* tui/cli_check.c: one item of `check`/`deadlines` as its line (appended
 * to OUT), naming the action (WITH_ACTION) and record as DEVICE:ID when
 * DEVICE is not NULL; and as JSON (caller deletes; NULL out of memory). */
void cli_check_item_text(cli *c, const check_item *it, time_t now, int with_action,
			 const char *device, buf *out);
cJSON *cli_check_item_json(const check_item *it, time_t now);

/*
 * Parses FIELD=TEXT and FIELD:=JSON arguments into an object (caller frees).
 * Returns NULL with the reason in C->msgs on a malformed one.
 */
cJSON *cli_values(cli *c, int argc, char **argv);

/* Display width of UTF-8 text in terminal columns (张三 is 4). */
int cli_width(const char *s);
/* Prints S as one line's cell, escaped (core/text.h: a control or bidi
 * character from the store never reaches the terminal raw), padded with
 * spaces to COLS display columns. */
void cli_pad(FILE *fp, const char *s, int cols);
/* Prints one line to FP: FMT formatted, everything in it escaped as
 * text_escape does (a line break in a value shows as "\n" and cannot forge
 * a line), then a newline. */
void cli_linef(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints V (then deletes it) as JSON on stdout, escaped as text_json_print
 * does; NULL V is out of memory. Returns JL_OK or JL_ENOMEM. */
jl_status cli_print_json(cJSON *v);

/* Labels of the kinds of action and of media, in C's language. */
const char *cli_kind_label(cli *c, const char *kind);
const char *cli_media_kind_label(cli *c, const char *kind);

/* On a terminal (stderr), prints one line of what was stored (RECORD, or
 * ACTION when RECORD is 0) and what `check` still wants of its action.
 * Prints nothing otherwise (tui/cli_after.c). */
void cli_after_write(cli *c, long long record, long long action);

/* Sub-command tables, one per file. */
int cli_officer(cli *c, int argc, char **argv);
int cli_action(cli *c, int argc, char **argv);

/*
 * Prints one line of an action list on stdout, each cell padded, two
 * spaces apart: DEVICE (NULL: no such column; HQ names one), ID in ID_COLS
 * columns, KIND, STATE, OPENED, RECS, then TITLE escaped. The heading is
 * such a line too. Allocates nothing. (tui/cli_action.c)
 */
void cli_action_line(const char *device, const char *id, int id_cols, const char *kind,
		     const char *state, const char *opened, const char *recs, const char *title);
int cli_record(cli *c, int argc, char **argv);
int cli_forms(cli *c, int argc, char **argv);
int cli_verify(cli *c, int argc, char **argv);
int cli_init(cli *c, int argc, char **argv);
int cli_media(cli *c, int argc, char **argv);
int cli_check(cli *c, int argc, char **argv);
int cli_deadlines(cli *c, int argc, char **argv);
int cli_export(cli *c, int argc, char **argv);
int cli_log(cli *c, int argc, char **argv);
int cli_copy(cli *c, int argc, char **argv);
int cli_status(cli *c, int argc, char **argv);
int cli_sync(cli *c, int argc, char **argv);
int cli_hq(cli *c, int argc, char **argv);
/* At HQ, `--device ID`: points C->db_path at that device's store beside
 * HQ's (*PATH, freed by the caller). Returns 0, or the exit code of an error
 * it reported (no such device at HQ). */
int cli_hq_device(cli *c, const char *device, char **path);

/* Runs the sub-command ARGV[0] of TABLE (N entries) named GROUP. */
int cli_dispatch(cli *c, const char *group, const cli_command *table, int n, int argc,
		 char **argv);

#endif
