/* core/sync_parts.h — a push too large for one message (SYNC_LINE_MAX),
 * sent in parts: {"t":"push","part":K,"parts":N,…} for K = 1 … N, at most
 * SYNC_PUSH_PARTS (docs/sync.md). HQ splits it; the device joins the parts
 * and applies the whole as one push, after the last. */
#ifndef CORE_SYNC_PARTS_H
#define CORE_SYNC_PARTS_H

#include <cJSON.h>

#include "core/buf.h"
#include "core/msg.h"
#include "core/status.h"
#include "core/sync_io.h"

/*
 * HQ: sends PUSH ({"t":"push",…}, too large for one message) over IO as
 * parts of under SYNC_LINE_MAX each, in order, each with some of its
 * definitions (whole) and its calendar, kinds.json and roster (each whole,
 * in one part). The parts refer to PUSH's items: nothing is copied. Returns
 * 0; -1 with IO->fail set; or 1 when it cannot be split (one piece over the
 * limit, or more than SYNC_PUSH_PARTS parts), the reason appended to ZH/EN
 * and nothing sent.
 */
int sync_parts_send(sync_io *io, cJSON *push, buf *zh, buf *en);

/*
 * Adds PART, a later part of a push HQ sent in several messages (docs/sync.md),
 * to WHOLE, the first: its definitions join WHOLE's "forms"; its calendar,
 * kinds.json or roster (each in one part at most) move to WHOLE. Items are
 * moved out of PART, not copied. Returns JL_OK, JL_EREFUSED (a member twice,
 * or "forms" not an array: in ERR) or JL_ENOMEM.
 */
jl_status sync_parts_join(cJSON *whole, cJSON *part, msglist *err);

#endif
