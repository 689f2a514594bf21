/* core/record_discard.h — removing a draft that should not have been made. */
#ifndef CORE_RECORD_DISCARD_H
#define CORE_RECORD_DISCARD_H

#include "core/jl.h"

/*
 * Deletes draft ID. A final record is never removed (JL_EFINAL: correct it
 * with an amendment); nor is a draft with attachments (JL_EREFUSED: each
 * attachment has its ledger entry, which must keep its record). Needs an
 * acting officer. Returns JL_OK, those, JL_EINVALID (no such record) or
 * JL_ESTORE, with the reason in OUT. Allocates nothing the caller frees.
 */
jl_status record_discard(jl *j, long long id, msglist *out);

#endif
