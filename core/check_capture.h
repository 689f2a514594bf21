/* core/check_capture.h — R19.2 on the capture times of an action's
 * attachments: a stated time the file contradicts, or one after the record
 * was finalised. */
#ifndef CORE_CHECK_CAPTURE_H
#define CORE_CHECK_CAPTURE_H

#include "core/check_order.h"
#include "core/jl.h"
#include "core/record.h"

/*
 * Reports through ADD (with CTX), as findings of R19.2 on record RECS[I], the
 * attachments of RECS[I] and of the records it corrects (among the N RECS)
 * whose capture time was stated (`media add --captured-at`) and
 *   - differs from the time the file itself records (EXIF DateTimeOriginal,
 *     MP4 creation time) by more than an hour — not from its modification
 *     time, which a copy resets — or
 *   - is later than the finalisation of the record it is attached to.
 * Each finding names the attachment, both times and where the file's came
 * from. Documents are not audio-visual and never count. Returns JL_OK, or
 * JL_ESTORE when the store could not be read.
 */
jl_status check_capture(jl *j, const record_row *recs, int n, int i, check_order_add add, void *ctx);

#endif
