/* core/record.h — records: drafts, finalisation, amendments (R4.2, R22.3). */
#ifndef CORE_RECORD_H
#define CORE_RECORD_H

#include <cJSON.h>

#include "core/buf.h"
#include "core/jl.h"

/* The field every record may carry: true when it touches state or trade
 * secrets or personal privacy (R20.2); such records are never copied (R21.1). */
#define RECORD_CONFIDENTIAL "confidential"

typedef struct {
	long long id, action_id, amends, ledger_seq; /* amends, ledger_seq: 0 = none */
	char *form;
	int form_version;
	char *state;        /* "draft" or "final" */
	char *data;         /* canonical JSON object */
	char *author, *device, *created_at, *updated_at, *finalized_at, *finalized_by;
	char *reason;       /* the amendment's reason, or NULL */
	long long amended_by; /* the record that corrects this one, 0 = none */
} record_row;

/*
 * Creates a draft of FORM_ID in action ACTION_ID with VALUES (an object of
 * field → value; NULL for none), and with FINALIZE finalises it in the same
 * transaction. *ID gets the new id. Returns JL_OK; JL_EINVALID (a value of the
 * wrong shape, an unknown field); JL_EREFUSED (a rule of the Measures); ...
 */
jl_status record_create(jl *j, long long action_id, const char *form_id,
			const cJSON *values, int finalize, long long *id, msglist *out);

/* Sets VALUES on draft ID (a null value clears a field). JL_EFINAL on a final record. */
jl_status record_set(jl *j, long long id, const cJSON *values, msglist *out);

/* Runs every rule over draft ID; when all pass makes it final with one ledger
 * entry, in one transaction. JL_EREFUSED with every problem otherwise. */
jl_status record_finalize(jl *j, long long id, msglist *out);

/* Makes a new final record that corrects final record ID: its data with VALUES
 * applied, REASON kept. *NEW_ID gets its id. */
jl_status record_amend(jl *j, long long id, const char *reason, const cJSON *values,
		       long long *new_id, msglist *out);

/* Fills *R (free with record_row_free); JL_ENOTFOUND when there is none. */
jl_status record_get(jl *j, long long id, record_row *r);

/* Lists the records of ACTION_ID in id order (free with record_rows_free). */
jl_status record_list(jl *j, long long action_id, record_row **rows, int *n);

void record_row_free(record_row *r);
void record_rows_free(record_row *rows, int n);

/* What a record's ledger entry vouches for beside the record itself: its
 * action, and the names and certificates of who entered and finalised it. */
typedef struct {
	const char *action_kind, *action_title, *action_device;
	const char *action_opened_by, *action_opened_at;
	const char *author_name, *author_cert;
	const char *finalizer_name, *finalizer_cert;
	const char *data_sha256; /* R's data's SHA-256 when the caller has it; NULL: hashed here */
} record_ledger_ctx;

/* Appends the canonical ledger body for R ("finalize" or "amend") in the
 * context X, entry SEQ. It holds R's data by its SHA-256 ("data_sha256").
 * Returns 0, or -1 when the data could not be hashed (the body then holds
 * null for it, which vouches for nothing). */
int record_ledger_body(buf *out, long long seq, const char *kind, const char *device,
			const record_row *r, const record_ledger_ctx *x);

/*
 * Runs the rules of F over DATA as if record R were being finalised: required
 * fields, conditions, shapes, checks, record links and the named cross-record
 * rules. Appends each problem to OUT. Returns the number of problems; -1 on
 * a store error; -2 when an expression of F could not be evaluated (a limit
 * hit: OUT names the form, the field or check, and the limit) or out of
 * memory (OUT->oom).
 */
int record_validate(jl *j, const form *f, const record_row *r, cJSON *data, msglist *out);

#endif
