/* core/check_order.h — findings of order and plausibility across an
 * action's records: dates that cannot be in that order, a document number
 * used twice, records entered long after the event (Arts. 3, 10, 14). */
#ifndef CORE_CHECK_ORDER_H
#define CORE_CHECK_ORDER_H

#include <time.h>

#include <cJSON.h>

#include "core/jl.h"
#include "core/record.h"

/* Receives one finding (DEADLINE 0) or deadline (1, due at DUE): its
 * requirement id, the record (0: the action) and field it is about, and its
 * text in zh and en (the callee copies what it keeps). */
typedef void (*check_order_add)(void *ctx, int deadline, const char *req, long long record,
				const char *field, time_t due, const char *zh, const char *en);

/*
 * Reports through ADD (with CTX) the order findings on the N records RECS of
 * one action, DATA[i] the parsed data of RECS[i] (NULL when unparsable):
 *   - a service receipt served before the document it serves was dated (R14.1);
 *   - a penalty decision made before its rights notice's reply period ended (R10.1);
 *   - a decision whose document number another current decision of the same
 *     form carries, in any action of the store (R14.1's document, R8.1);
 *   - a record entered more than 24 hours after the event it records (R3.1, Art. 3: 实时).
 * Returns JL_OK, or JL_ESTORE when the store could not be read.
 */
jl_status check_order(jl *j, const record_row *recs, cJSON *const *data, int n, check_order_add add,
		      void *ctx);

/*
 * When record DATA says its event happened: the end of it where there is one
 * (ended_at, executed_at, served_at …), else its moment. Returns the field's
 * name (static) with *T set and *VALUE the stored text (DATA's), or NULL when
 * DATA names no parseable time.
 */
const char *check_order_event(const cJSON *data, time_t *t, const char **value);

/*
 * When an action of KIND ended by its records (R19.1), whether or not anyone
 * closed it: the first finalisation of the step that ends it — a penalty
 * decision served (a receipt serving it), a licence decided, a fee
 * collected, an inspection with no issue, an execution done or applied to
 * the court for. Returns 1 with *END, *WHAT_ZH and *WHAT_EN (static text of
 * that step), or 0 when no such step is final.
 */
int check_order_end(const char *kind, const record_row *recs, cJSON *const *data, int n, time_t *end,
		    const char **what_zh, const char **what_en);

/*
 * R19.1 through ADD: a deadline to archive within 30 calendar days of the
 * action's end — CLOSED_AT (NULL: open) or check_order_end's step, whichever
 * came first — or, with an archive.casefile, a finding when it was archived
 * before the end or later than 30 days after it.
 */
void check_order_archive(const char *kind, const char *closed_at, const record_row *recs,
			 cJSON *const *data, int n, check_order_add add, void *ctx);

#endif
