/* core/officer_pin.h — an officer's PIN: proof of who acts (R4.2, R5.1).
 *
 * A PIN is kept only as a salted, deliberately slow hash
 * (PBKDF2-HMAC-SHA256, OFFICER_PIN_ITER rounds, 16 random bytes of salt),
 * in the store's meta table under "pin:ID" as
 * "pbkdf2-sha256$ROUNDS$SALT_HEX$HASH_HEX". Wrong PINs in a row are counted
 * under "pin_fail:ID" as "COUNT LOCKED_UNTIL" (seconds since the epoch by
 * the real clock, CLOCK_REALTIME: never JILU_NOW, which any user may set),
 * so a lock survives restarts. A lock found ending further off than its
 * length (the clock set back) lasts its length from now. Its length is
 * OFFICER_PIN_LOCK unless an admin set another (officer_pin_lock_set, meta
 * "pin_lock_seconds"): tests use a short one and really wait; whoever could
 * write that value behind jilu's back could as well clear the count.
 * Neither travels in the ledger. The PIN of an officer of headquarters'
 * roster is HQ's (docs/sync.md, "PINs"): its hash travels from HQ on each
 * sync, the device notes under "pin_hq:ID" what HQ last sent of it (the
 * hash, or "" for none) and refuses to set it itself; an officer the device
 * added itself keeps a PIN of the device alone.
 *
 * For the screens and every other caller: choose the officer, ask
 * officer_pin_has; when 1, ask the officer for the PIN and pass it to
 * jl_act_as_pin (core/jl.h), which verifies it and counts failures.
 */
#ifndef CORE_OFFICER_PIN_H
#define CORE_OFFICER_PIN_H

#include "core/jl.h"

#define OFFICER_PIN_ITER 200000 /* about 0.1 s a try on the bureau's machines */
#define OFFICER_PIN_TRIES 5     /* wrong PINs in a row before the lock */
#define OFFICER_PIN_LOCK 900    /* seconds locked: 15 minutes (the default) */
#define OFFICER_PIN_LOCK_MIN 1  /* the shortest lock an admin may set (tests) */
#define OFFICER_PIN_LOCK_MAX 86400
#define OFFICER_PIN_MIN 4       /* characters */
#define OFFICER_PIN_MAX 64

/* The meta key prefix under which a device notes HQ's last word on an
 * officer's PIN ("pin_hq:ID"): the officer is HQ's, and so is his PIN. */
#define OFFICER_PIN_HQ "pin_hq"

/* Returns 1 when officer ID has a PIN, 0 when not, -1 on a store error. */
int officer_pin_has(jl *j, const char *id);

/*
 * Sets officer ID's PIN to PIN (OFFICER_PIN_MIN to OFFICER_PIN_MAX
 * characters, no control characters). The acting officer must be ID himself
 * (proven as the store demands: jl_act_as_pin) or an admin (PERM_ROSTER).
 * Clears ID's count of wrong PINs and any lock. Returns JL_OK, JL_EINVALID
 * (a bad PIN), JL_ENOTFOUND (no such officer), JL_EDENIED, JL_EUSAGE
 * (nobody acts), JL_EREFUSED (ID is an officer of headquarters' roster, whose
 * PIN is set at HQ: OFFICER_PIN_HQ) or JL_ESTORE, with the reason in ERR.
 */
jl_status officer_pin_set(jl *j, const char *id, const char *pin, msglist *err);

/* Returns the store's lock length in seconds: the admin's setting, else
 * OFFICER_PIN_LOCK. */
long officer_pin_lock_seconds(jl *j);

/*
 * Sets the store's lock length to SECONDS (OFFICER_PIN_LOCK_MIN to
 * OFFICER_PIN_LOCK_MAX); needs an acting admin (PERM_ROSTER). Locks already
 * running keep their end. Returns JL_OK, JL_EINVALID, JL_EUSAGE, JL_EDENIED
 * or JL_ESTORE, with the reason in ERR.
 */
jl_status officer_pin_lock_set(jl *j, long seconds, msglist *err);

/*
 * Checks PIN (NULL: none given) against officer ID's. Returns JL_OK when ID
 * has no PIN or PIN is right (the count of wrong ones is cleared). Else
 * JL_EDENIED with the reason in ERR: no PIN given, a wrong one (counted and
 * committed at once; the OFFICER_PIN_TRIES-th in a row locks ID for
 * officer_pin_lock_seconds) or ID locked (even a right PIN is refused
 * then, and not counted). JL_ESTORE on a store error.
 */
jl_status officer_pin_verify(jl *j, const char *id, const char *pin, msglist *err);

/*
 * How officer ID stands: *FAILS the wrong PINs in a row so far, *UNTIL the
 * end of a lock (seconds since the epoch; 0 when not locked, or when the
 * lock has passed). For a caller that words a refusal itself (the screens:
 * "N tries left", "locked until 09:15"). Returns 0; a state that cannot
 * be read counts as none (the next try, verified by core, tells).
 */
int officer_pin_state(jl *j, const char *id, int *fails, long long *until);

#endif
