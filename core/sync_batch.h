/* core/sync_batch.h — a batch of ledger entries as HQ takes it: read
 * straight from the message's text when it has the form jilu writes, from
 * a cJSON tree otherwise; the same entries either way. */
#ifndef CORE_SYNC_BATCH_H
#define CORE_SYNC_BATCH_H

#include <cJSON.h>
#include <stddef.h>

/* One entry of a batch. A member that is missing, or not of its type (a
 * string; seq an integer), is NULL (has_seq 0): HQ refuses such an entry
 * as malformed. The strings belong to the sync_batch (or the cJSON tree)
 * they came from. */
typedef struct {
	int has_seq;
	long long seq;
	const char *kind, *subject, *body, *prev_hash, *hash;
	const char *data;  /* the record's data, or NULL */
	size_t data_len;   /* strlen(data) */
} sync_entry;

/* The entries of one batch, and the memory their strings live in; kept
 * from batch to batch so that a session allocates only when a batch is
 * larger than any before it. */
typedef struct {
	sync_entry *v;
	size_t n, cap;
	char *text;        /* the decoded strings */
	size_t text_cap;
} sync_batch;

#define SYNC_BATCH_INIT {NULL, 0, 0, NULL, 0}

/*
 * Reads LINE (LEN bytes, no newline) when it is a batch exactly as jilu's
 * device writes it: {"t":"batch","entries":[{…},…]} with no spaces, each
 * entry an object of string members and an integer seq, nothing escaped
 * that is not valid UTF-8 once decoded. That is every batch of a real
 * sync; reading it without building a cJSON tree (a node and a copy per
 * member, every one freed again) was a sixth of HQ's time. Returns 1 with
 * B filled; 0 when LINE is anything else (B's entries then mean nothing:
 * parse it with cJSON and use sync_batch_from_json, whose verdict is the
 * one that counts); -1 when out of memory. LINE is not changed.
 */
int sync_batch_read(sync_batch *b, const char *line, size_t len);

/* Fills B from the array ENTRIES of a parsed batch (its strings stay in
 * ENTRIES). Returns 0, or -1 when out of memory. */
int sync_batch_from_json(sync_batch *b, const cJSON *entries);

/* Frees what B holds. Safe to call twice. */
void sync_batch_free(sync_batch *b);

#endif
