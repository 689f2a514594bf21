/* core/sync_pull_kinds.h — the device's side of kinds.json from
 * headquarters (docs/sync.md, "Headquarters → device"). */
#ifndef CORE_SYNC_PULL_KINDS_H
#define CORE_SYNC_PULL_KINDS_H

#include <cJSON.h>

#include "core/jl.h"
#include "core/msg.h"

/*
 * kinds.json K of a push ({"sha256","json"}), inside the caller's
 * transaction: its text must hash to its SHA-256 and pass the checker of
 * `jilu forms check` against J->forms (the definitions of the same push
 * added already); then it replaces J->forms's kinds.json and is kept in
 * pushed_kinds (NOW: when received). Returns 0 (stored), 3 (the newest kept
 * already), 1 (problems in ERR, nothing changed) or -1 on a store error.
 */
int sync_pull_kinds(jl *j, const cJSON *k, const char *now, msglist *err);

#endif
