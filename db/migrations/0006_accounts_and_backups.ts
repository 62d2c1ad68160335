import type { Migration } from '../migrate';

// Accounts and backups (issue 8).
//
// login_throttle counts failed logins per name as typed — whether or not an account of that name
// exists — so that a lock-out, its back-off and its message are the same for a real user and for a
// guessed name: being locked out reveals nothing about which names exist. A success deletes the row.
//
// backups records every backup taken (on demand or on the schedule): what the manager's screen lists
// and what the scheduler reads to know when the last one was.
export const accountsAndBackups: Migration = {
  version: 6,
  name: 'accounts and backups',
  sql: `
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

CREATE TABLE login_throttle (
  name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
  failures INTEGER NOT NULL CHECK (failures >= 1),
  locked_until TEXT,
  last_failure_at TEXT NOT NULL
) STRICT;

CREATE TABLE backups (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  folder TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  bytes INTEGER NOT NULL CHECK (bytes > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  media_files INTEGER CHECK (media_files IS NULL OR media_files >= 0),
  actor TEXT NOT NULL
) STRICT;

CREATE INDEX backups_by_time ON backups (finished_at);
`,
};
