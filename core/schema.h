/* core/schema.h — the numbered migrations of the store. */
#ifndef CORE_SCHEMA_H
#define CORE_SCHEMA_H

#define DB_SCHEMA_VERSION_TEXT "9"

/* The oldest schema this program reads: stores of earlier versions hold the
 * ledger format before version 3 and are refused. */
#define DB_SCHEMA_OLDEST 3

/* schema_migrations[i] takes the store from version i to i + 1. */
extern const char *const schema_migrations[];

#endif
