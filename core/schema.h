/* core/schema.h — the numbered migrations of the store. */
#ifndef CORE_SCHEMA_H
#define CORE_SCHEMA_H

#define DB_SCHEMA_VERSION_TEXT "2"

/* schema_migrations[i] takes the store from version i to i + 1. */
extern const char *const schema_migrations[];

#endif
