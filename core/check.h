/* core/check.h — `jilu check` and `jilu deadlines`: what the Measures still
 * want of an action (R22.1), by article. */
#ifndef CORE_CHECK_H
#define CORE_CHECK_H

#include <time.h>

#include "core/jl.h"

typedef enum {
	CHECK_MISSING,  /* a record the kind of action requires is not there */
	CHECK_FINDING,  /* something recorded falls short of the Measures */
	CHECK_DEADLINE, /* something is due by a time (overdue or not) */
} check_type;

typedef struct {
	check_type type;
	char *req;
	long long action;
	long long record;   /* 0 when about the action */
	char *form;         /* the record's form id, or NULL */
	char *field;        /* may be NULL */
	char *wants;        /* CHECK_MISSING: the form whose final record would
			     * satisfy it (the screens open it), or NULL */
	char *zh, *en;
	time_t due;         /* CHECK_DEADLINE: when it is due */
	int sealed;         /* R20.2: about a record the acting officer may not
			     * read: its words are sealed, and its due time
			     * (which may be the record's own deadline) is
			     * for ordering and "overdue" only, never shown */
} check_item;

typedef struct {
	check_item *items;
	int n, cap;
} check_list;

/*
 * Appends to OUT everything action ACTION still lacks, every finding on its
 * final records, and its open deadlines, as of NOW. Returns JL_OK (OUT may be
 * empty: nothing is missing), JL_ENOTFOUND, or JL_ESTORE (reason in ERR).
 */
jl_status check_action(jl *j, long long action, time_t now, check_list *out, msglist *err);

/* Appends every open deadline of every action, the earliest due first. */
jl_status check_deadlines(jl *j, time_t now, check_list *out, msglist *err);

void check_list_free(check_list *l);

/* Returns how many items of L are wrong at NOW: a record missing, a
 * finding, or a deadline overdue — what `jilu check` exits 1 for. A
 * deadline still running is listed but is not wrong. */
int check_list_wrong(const check_list *l, time_t now);

#endif
