/* core/ref.h — how a record, an action or an attachment is named on the
 * command line: `42` (this store's own) or `DEVICE:42` (that device's),
 * the same everywhere (issue 8 item 1). */
#ifndef CORE_REF_H
#define CORE_REF_H

#include "core/buf.h"
#include "core/msg.h"
#include "core/status.h"

/* The longest device id a name may carry, in bytes (HQ's file names allow
 * 64; the identifier rule of `init --device` allows more, never this much
 * in practice). */
#define REF_DEVICE_MAX 128

/* The example every refusal shows. */
#define REF_EXAMPLE "CL-T01:42"

typedef struct {
	char device[REF_DEVICE_MAX + 1]; /* normalised as `init --device` stores
					  * it; "" when the name gave none */
	long long id;                    /* 1 … 9223372036854775807 */
} ref;

/*
 * Parses S, `ID` or `DEVICE:ID` (the separator may be typed full-width, as
 * a Chinese keyboard does: `：`). ID is ASCII digits only, 1 to
 * 9223372036854775807; DEVICE follows the identifier rule of `init
 * --device` (core/text.h TEXT_ID, normalised by text_ident). Returns JL_OK
 * with *OUT filled, or JL_EUSAGE with one message in ERR saying what is
 * wrong (an empty part, a character that is not a digit, a number too
 * large, an invisible character, a bad device id) and showing the example
 * REF_EXAMPLE. Allocates nothing but the message.
 */
jl_status ref_parse(const char *s, ref *out, msglist *err);

/* Appends DEVICE:ID to OUT, or ID alone when DEVICE is NULL or empty. */
void ref_format(buf *out, const char *device, long long id);

#endif
