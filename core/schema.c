/* core/schema.c — the numbered migrations. Never edit one that has shipped:
 * add the next. Each runs inside the migration transaction. */
#include "core/schema.h"

#include "core/db.h"

_Static_assert(DB_SCHEMA_VERSION == 9, "add the migration and DB_SCHEMA_VERSION_TEXT");

const char *const schema_migrations[] = {
/* 1: officers, actions, records, the ledger. */
"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
"CREATE TABLE officers("
"  id TEXT PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  cert TEXT NOT NULL UNIQUE,"
"  role TEXT NOT NULL CHECK (role IN ('officer','archivist','supervisor','head','admin')),"
"  created_at TEXT NOT NULL,"
"  created_by TEXT);"
"CREATE TABLE actions("
"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
"  kind TEXT NOT NULL CHECK (kind IN ('licensing','penalty','compulsory','inspection','fee')),"
"  title TEXT,"
"  device TEXT NOT NULL,"
"  opened_by TEXT NOT NULL,"
"  opened_at TEXT NOT NULL,"
"  closed_by TEXT,"
"  closed_at TEXT,"
"  ledger_seq INTEGER);"
"CREATE TABLE records("
"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
"  action_id INTEGER NOT NULL REFERENCES actions(id),"
"  form TEXT NOT NULL,"
"  form_version INTEGER NOT NULL,"
"  state TEXT NOT NULL CHECK (state IN ('draft','final')),"
"  data TEXT NOT NULL,"
"  author TEXT NOT NULL,"
"  device TEXT NOT NULL,"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL,"
"  finalized_at TEXT,"
"  finalized_by TEXT,"
"  amends INTEGER REFERENCES records(id),"
"  reason TEXT,"
"  ledger_seq INTEGER);"
"CREATE INDEX records_by_action ON records(action_id, form);"
"CREATE UNIQUE INDEX records_one_amendment ON records(amends) WHERE amends IS NOT NULL AND state = 'final';"
"CREATE TABLE ledger("
"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
"  device TEXT NOT NULL,"
"  kind TEXT NOT NULL,"
"  subject TEXT NOT NULL,"
"  body TEXT NOT NULL,"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL);"
/* The program never changes what is final; these make a bug of it fail loudly.
 * (Someone editing the file can drop them: `jilu verify` is what catches that.) */
"CREATE TRIGGER records_final_kept BEFORE UPDATE ON records WHEN old.state = 'final'"
"  BEGIN SELECT RAISE(ABORT, 'final record is immutable'); END;"
"CREATE TRIGGER records_final_not_deleted BEFORE DELETE ON records WHEN old.state = 'final'"
"  BEGIN SELECT RAISE(ABORT, 'final record is immutable'); END;"
"CREATE TRIGGER ledger_kept BEFORE UPDATE ON ledger"
"  BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;"
"CREATE TRIGGER ledger_not_deleted BEFORE DELETE ON ledger"
"  BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;"
"CREATE TRIGGER actions_closed_kept BEFORE UPDATE ON actions WHEN old.closed_at IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'closed action is immutable'); END;",

/* 2: media attachments (content-addressed files beside the store). */
"CREATE TABLE media("
"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
"  record_id INTEGER NOT NULL REFERENCES records(id),"
"  sha256 TEXT NOT NULL,"
"  name TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind IN ('photo','audio','video','surveillance')),"
"  size INTEGER NOT NULL,"
"  captured_at TEXT NOT NULL,"
"  stored_at TEXT NOT NULL,"
"  added_by TEXT NOT NULL,"
"  device TEXT NOT NULL,"
"  ledger_seq INTEGER);"
"CREATE INDEX media_by_record ON media(record_id);"
"CREATE TRIGGER media_kept BEFORE UPDATE ON media WHEN old.ledger_seq IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'media rows are immutable'); END;"
"CREATE TRIGGER media_not_deleted BEFORE DELETE ON media"
"  BEGIN SELECT RAISE(ABORT, 'media rows are immutable'); END;",

/* 3: the ledger format of DESIGN.md. A record's entry vouches for its data by
 * the data's SHA-256 (no second copy); the store's first entry names its
 * device and creation time; opening an action and every roster change are
 * entries too. Stores of versions 1 and 2 hold the old format and are
 * refused (db.c), so this only ever runs on a new store. */
"ALTER TABLE actions ADD COLUMN open_seq INTEGER;"
"ALTER TABLE officers ADD COLUMN changed_at TEXT;"
"ALTER TABLE officers ADD COLUMN changed_by TEXT;"
"ALTER TABLE officers ADD COLUMN ledger_seq INTEGER;"
/* What the ledger vouches for is changed only by a new entry: a roster row
 * keeps its entry's values unless the entry it names changes with it. */
"CREATE TRIGGER officers_vouched_kept BEFORE UPDATE ON officers"
"  WHEN old.ledger_seq IS NOT NULL AND new.ledger_seq IS old.ledger_seq"
"  BEGIN SELECT RAISE(ABORT, 'roster changes are ledger entries'); END;"
"CREATE TRIGGER officers_not_deleted BEFORE DELETE ON officers"
"  BEGIN SELECT RAISE(ABORT, 'officers are never deleted'); END;"
"CREATE TRIGGER actions_opened_kept BEFORE UPDATE ON actions"
"  WHEN new.kind IS NOT old.kind OR new.title IS NOT old.title OR new.device IS NOT old.device"
"    OR new.opened_by IS NOT old.opened_by OR new.opened_at IS NOT old.opened_at"
"    OR (old.open_seq IS NOT NULL AND new.open_seq IS NOT old.open_seq)"
"  BEGIN SELECT RAISE(ABORT, 'what opened an action is immutable'); END;",

/* 4: scans of paper (a test report, an appraisal opinion, a postal receipt)
 * are attachments of kind 'document' (R3.1): evidence, never audio-visual.
 * SQLite cannot change a CHECK in place, so the table is rebuilt with its
 * rows, ids, index and triggers; AUTOINCREMENT's high-water mark moves with
 * the rename. */
"CREATE TABLE media_v4("
"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
"  record_id INTEGER NOT NULL REFERENCES records(id),"
"  sha256 TEXT NOT NULL,"
"  name TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind IN ('photo','audio','video','surveillance','document')),"
"  size INTEGER NOT NULL,"
"  captured_at TEXT NOT NULL,"
"  stored_at TEXT NOT NULL,"
"  added_by TEXT NOT NULL,"
"  device TEXT NOT NULL,"
"  ledger_seq INTEGER);"
"INSERT INTO media_v4(id, record_id, sha256, name, kind, size, captured_at, stored_at, added_by,"
"  device, ledger_seq)"
"  SELECT id, record_id, sha256, name, kind, size, captured_at, stored_at, added_by, device,"
"  ledger_seq FROM media;"
"UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence"
"  WHERE name = 'media'), 0)) WHERE name = 'media_v4';"
"DROP TABLE media;"
"ALTER TABLE media_v4 RENAME TO media;"
"CREATE INDEX media_by_record ON media(record_id);"
"CREATE TRIGGER media_kept BEFORE UPDATE ON media WHEN old.ledger_seq IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'media rows are immutable'); END;"
"CREATE TRIGGER media_not_deleted BEFORE DELETE ON media"
"  BEGIN SELECT RAISE(ABORT, 'media rows are immutable'); END;",

/* 5: an action closed while `check` still found gaps keeps the officer's
 * reason (`action close --force --reason`); its close entry vouches for it. */
"ALTER TABLE actions ADD COLUMN close_reason TEXT;",

/* 6: an officer holds several roles (officers.roles, "officer,archivist" in
 * the order of core/perm.h; NULL: officers.role alone) and may be retired
 * (kept for the records that name him, no longer acting); a closed action
 * may be reopened by a head or a supervisor. Each reopening keeps the close
 * it undid, so that close's entry still verifies byte for byte; a closed
 * action's row changes only by such a reopening. */
"ALTER TABLE officers ADD COLUMN roles TEXT;"
"ALTER TABLE officers ADD COLUMN retired_at TEXT;"
"ALTER TABLE officers ADD COLUMN retired_by TEXT;"
"ALTER TABLE officers ADD COLUMN retired_reason TEXT;"
"CREATE TABLE reopenings("
"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
"  action_id INTEGER NOT NULL REFERENCES actions(id),"
"  reopened_at TEXT NOT NULL,"
"  reopened_by TEXT NOT NULL,"
"  reason TEXT NOT NULL,"
"  device TEXT NOT NULL,"
"  closed_at TEXT NOT NULL,"
"  closed_by TEXT NOT NULL,"
"  close_reason TEXT,"
"  close_seq INTEGER NOT NULL,"
"  ledger_seq INTEGER NOT NULL UNIQUE);"
"CREATE INDEX reopenings_by_action ON reopenings(action_id);"
"CREATE TRIGGER reopenings_kept BEFORE UPDATE ON reopenings"
"  BEGIN SELECT RAISE(ABORT, 'reopenings are immutable'); END;"
"CREATE TRIGGER reopenings_not_deleted BEFORE DELETE ON reopenings"
"  BEGIN SELECT RAISE(ABORT, 'reopenings are immutable'); END;"
"DROP TRIGGER actions_closed_kept;"
"CREATE TRIGGER actions_closed_kept BEFORE UPDATE ON actions WHEN old.closed_at IS NOT NULL"
"  AND NOT (new.closed_at IS NULL AND new.closed_by IS NULL AND new.ledger_seq IS NULL"
"    AND new.close_reason IS NULL AND EXISTS (SELECT 1 FROM reopenings r"
"      WHERE r.action_id = old.id AND r.close_seq = old.ledger_seq))"
"  BEGIN SELECT RAISE(ABORT, 'closed action is immutable'); END;",

/* 7: what headquarters sent (docs/sync.md, "Headquarters → device"): form
 * definitions, each version kept (a draft keeps the version it was begun
 * under), and calendars, the newest in use. */
"CREATE TABLE pushed_forms("
"  id TEXT NOT NULL,"
"  version INTEGER NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  json TEXT NOT NULL,"
"  received_at TEXT NOT NULL,"
"  PRIMARY KEY (id, version));"
"CREATE TABLE pushed_calendar("
"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
"  sha256 TEXT NOT NULL,"
"  json TEXT NOT NULL,"
"  received_at TEXT NOT NULL);",

/* 8: where an attachment's capture time came from (R19.2): captured_from is
 * given, exif, mp4 or mtime; when it was given, file_time and file_time_from
 * keep the time the file itself records, so `check` can say when the two
 * disagree. NULL on rows stored before; the entry vouches for them when set. */
"ALTER TABLE media ADD COLUMN captured_from TEXT;"
"ALTER TABLE media ADD COLUMN file_time TEXT;"
"ALTER TABLE media ADD COLUMN file_time_from TEXT;",

/* 9: kinds.json from headquarters (docs/sync.md, "Headquarters → device"):
 * kept as the calendar is, the newest in use. */
"CREATE TABLE pushed_kinds("
"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
"  sha256 TEXT NOT NULL,"
"  json TEXT NOT NULL,"
"  received_at TEXT NOT NULL);",
};
