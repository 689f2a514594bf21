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

/* Adds member KEY to OBJ: the string S, or null when S is NULL. */
void jsonx_add_str(cJSON *obj, const char *key, const char *s);
/* Adds member KEY to OBJ: the id ID, or null when ID is 0 (none). */
void jsonx_add_id(cJSON *obj, const char *key, long long id);

/*
 * Returns 1 and sets *OUT (when OUT is not NULL) when V is a JSON number that
 * is a whole number from MIN to MAX; else returns 0 and leaves *OUT alone.
 * The only safe way from a JSON number to an integer type: a double outside
 * the type's range cast to it is undefined behaviour, and cJSON's valueint
 * saturates silently.
 */
int jsonx_int(const cJSON *v, long long min, long long max, long long *out);

/* Returns the string member KEY of OBJ, or NULL when absent or not a string. */
const char *jsonx_str(const cJSON *obj, const char *key);

#endif
