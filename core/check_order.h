/* core/check_order.h — findings of order and plausibility across an
 * action's records: dates that cannot be in that order, a document number
 * used twice, records entered long after the event (Arts. 3, 10, 14). */
#ifndef CORE_CHECK_ORDER_H
#define CORE_CHECK_ORDER_H

#include <cJSON.h>

#include "core/jl.h"
#include "core/record.h"

/* Receives one finding: its requirement id, the record and field it is
 * about, and its text in zh and en (the callee copies what it keeps). */
typedef void (*check_order_add)(void *ctx, const char *req, long long record, const char *field,
				const char *zh, const char *en);

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

#endif
