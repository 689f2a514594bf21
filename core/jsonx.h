/* core/jsonx.h — canonical JSON and small cJSON helpers. */
#ifndef CORE_JSONX_H
#define CORE_JSONX_H

#include <cJSON.h>

#include "core/buf.h"

/*
 * Sorts the keys of every object in V (recursively, byte order) in place and
 * returns its unformatted text: the canonical form stored and hashed.
 * Caller frees with free(); NULL on allocation failure.
 */
char *jsonx_canonical(cJSON *v);

/* Appends S as a JSON string literal (quotes and escapes); NULL → null. */
void jsonx_quote(buf *b, const char *s);

/* Returns the string member KEY of OBJ, or NULL when absent or not a string. */
const char *jsonx_str(const cJSON *obj, const char *key);

#endif
