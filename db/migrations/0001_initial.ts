import type { Migration } from '../migrate';

// The first schema. Submitted ratings and the audit log are append-only, enforced here by triggers
// so that no code path — ours or a SQLite tool's casual UPDATE — can rewrite them. Nothing in this
// file stores arm, participant, timepoint or a source file name: that link lives only in the sealed
// key (ARCHITECTURE.md, Data).
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE study (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  created_at TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings))
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  role TEXT NOT NULL CHECK (role IN ('manager', 'coder', 'reliability', 'auditor')),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  created_at TEXT NOT NULL,
  disabled_at TEXT
) STRICT;

CREATE TABLE clips (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('outcome', 'session', 'training')),
  media_file TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  duration_seconds REAL NOT NULL CHECK (duration_seconds > 0),
  frame_rate REAL CHECK (frame_rate IS NULL OR frame_rate > 0),
  width INTEGER,
  height INTEGER,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE assignments (
  id INTEGER PRIMARY KEY,
  clip_id INTEGER NOT NULL REFERENCES clips(id),
  coder_id INTEGER NOT NULL REFERENCES users(id),
  position INTEGER NOT NULL CHECK (position >= 1),
  purpose TEXT NOT NULL CHECK (purpose IN ('primary', 'reliability')),
  created_at TEXT NOT NULL,
  UNIQUE (clip_id, coder_id),
  UNIQUE (coder_id, position)
) STRICT;

-- Work in progress: one mutable row per assignment, replaced on every autosave.
CREATE TABLE drafts (
  assignment_id INTEGER PRIMARY KEY REFERENCES assignments(id),
  draft TEXT NOT NULL CHECK (json_valid(draft)),
  seconds_spent REAL NOT NULL DEFAULT 0 CHECK (seconds_spent >= 0),
  updated_at TEXT NOT NULL
) STRICT;

-- Submitted ratings: immutable. An amendment is a new row (version + 1) that points to the row it
-- replaces and carries a reason; the original stays.
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  amends_id INTEGER REFERENCES ratings(id),
  amendment_reason TEXT,
  scores TEXT NOT NULL CHECK (json_valid(scores) AND json_type(scores) = 'object'),
  notes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(notes) AND json_type(notes) = 'object'),
  overall_note TEXT NOT NULL DEFAULT '',
  unscorable_reason TEXT CHECK (unscorable_reason IS NULL OR unscorable_reason IN ('video_quality', 'wrong_task', 'too_short', 'other')),
  unscorable_detail TEXT,
  submitted_at TEXT NOT NULL,
  seconds_spent REAL CHECK (seconds_spent IS NULL OR seconds_spent >= 0),
  UNIQUE (assignment_id, version),
  CHECK (unscorable_reason IS NOT NULL OR scores <> '{}'),
  CHECK ((version = 1 AND amends_id IS NULL AND amendment_reason IS NULL)
      OR (version > 1 AND amends_id IS NOT NULL AND length(trim(coalesce(amendment_reason, ''))) > 0))
) STRICT;

CREATE TRIGGER ratings_amend_latest BEFORE INSERT ON ratings
WHEN NEW.version > 1 AND NOT EXISTS (
  SELECT 1 FROM ratings r WHERE r.id = NEW.amends_id AND r.assignment_id = NEW.assignment_id AND r.version = NEW.version - 1)
BEGIN
  SELECT RAISE(ABORT, 'an amendment must point to the latest version of the same rating');
END;

CREATE TRIGGER ratings_no_update BEFORE UPDATE ON ratings
BEGIN
  SELECT RAISE(ABORT, 'submitted ratings are immutable: record an amendment instead');
END;

CREATE TRIGGER ratings_no_delete BEFORE DELETE ON ratings
BEGIN
  SELECT RAISE(ABORT, 'submitted ratings are immutable: they cannot be deleted');
END;

-- The optional blinding check: the coder's guess of arm and timepoint after submitting, kept apart
-- from the ratings and never shown back.
CREATE TABLE blinding_guesses (
  assignment_id INTEGER PRIMARY KEY REFERENCES assignments(id),
  arm_guess TEXT NOT NULL CHECK (arm_guess IN ('intervention', 'control', 'dont_know')),
  timepoint_guess TEXT NOT NULL,
  guessed_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER blinding_guesses_no_update BEFORE UPDATE ON blinding_guesses
BEGIN
  SELECT RAISE(ABORT, 'a blinding guess cannot be changed');
END;

-- Append-only, hash-chained: each row stores the hash of the previous row (core/audit/chain).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL CHECK (json_valid(detail)),
  reason TEXT,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE INDEX assignments_by_coder ON assignments (coder_id, position);
CREATE INDEX ratings_by_assignment ON ratings (assignment_id, version);
`,
};
