import type { Migration } from '../migrate';
import { guardTriggerPostgres, noDeletePostgres } from './sqlPostgres';

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
  // PostgreSQL (issue 14): the same schema, with what SQLite gives built in created first.
  //
  // - Collation `nocase`: ICU at secondary strength, nondeterministic, so `=` and UNIQUE ignore
  //   case as SQLite's COLLATE NOCASE does. It is broader than SQLite's ASCII-only folding (É = é,
  //   a full-width letter equals its ASCII one, ignorable characters such as a soft hyphen are
  //   ignored) and sorts by ICU's order, not bytes ('coder_1' before 'coder-1'): stricter for
  //   uniqueness, and the order of names differs only where they hold punctuation or non-ASCII.
  //   Every other text column is COLLATE "C": SQLite's BINARY, byte order, whatever the
  //   database's default collation is — codes, names and ISO times sort as they do in SQLite.
  // - Functions SQLite has and PostgreSQL lacks, with SQLite's meaning for what the schema and the
  //   repositories use (all IMMUTABLE, STRICT: NULL in, NULL out, as in SQLite):
  //     json_valid(text) → boolean   well-formed JSON (RFC 8259: the json type's own parser)
  //     json_type(text) → text       SQLite's names: object, array, text, integer, real, true,
  //                                  false, null; raises on malformed JSON, as SQLite does
  //     json_extract(text, text) → text   paths '$', '$.key', '$[n]' and chains of them; a
  //                                  string comes back unquoted, true/false as '1'/'0', JSON null
  //                                  or a missing key as NULL, a number or a container as its
  //                                  JSON text (SQLite returns numbers typed: compare as text)
  //     glob(pattern, text) → boolean     SQLite's `text GLOB pattern` (*, ?, [...], [^...])
  // - INTEGER PRIMARY KEY, auto-assigned in SQLite, is an identity BY DEFAULT (an explicit id is
  //   still accepted, so a move from SQLite keeps its ids); a primary key that is also a foreign
  //   key (drafts, blinding_guesses) is a plain bigint, never generated.
  // - audit_log.rowid: SQLite's storage order, which allAuditRows reads (ORDER BY rowid), as an
  //   identity of its own — the one column PostgreSQL has that SQLite does not declare.
  postgres: String.raw`
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE FUNCTION json_valid(doc text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
BEGIN
  PERFORM doc::json;
  RETURN true;
EXCEPTION WHEN data_exception THEN
  RETURN false;
END
$fn$;

CREATE FUNCTION json_type(doc text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT CASE json_typeof(doc::json)
    WHEN 'object' THEN 'object'
    WHEN 'array' THEN 'array'
    WHEN 'string' THEN 'text'
    WHEN 'boolean' THEN doc::json #>> '{}'
    WHEN 'number' THEN CASE WHEN (doc::json #>> '{}') ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
    ELSE 'null'
  END
$fn$;

CREATE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  steps text[] := '{}';
  rest text := substr(path, 2);
  step text[];
  value json;
BEGIN
  IF left(path, 1) <> '$' THEN
    RAISE EXCEPTION 'bad JSON path: %', path;
  END IF;
  WHILE rest <> '' LOOP
    step := regexp_match(rest, '^\.([^.\[]+)');
    IF step IS NULL THEN
      step := regexp_match(rest, '^\[([0-9]+)\]');
      IF step IS NULL THEN
        RAISE EXCEPTION 'bad JSON path: %', path;
      END IF;
      rest := substr(rest, length(step[1]) + 3);
    ELSE
      rest := substr(rest, length(step[1]) + 2);
    END IF;
    steps := steps || step[1];
  END LOOP;
  value := doc::json #> steps;
  IF value IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN CASE json_typeof(value)
    WHEN 'null' THEN NULL
    WHEN 'string' THEN value #>> '{}'
    WHEN 'boolean' THEN CASE WHEN value #>> '{}' = 'true' THEN '1' ELSE '0' END
    ELSE value::text
  END;
END
$fn$;

CREATE FUNCTION glob(pattern text, string text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  re text := '^';
  i integer := 1;
  j integer;
  n integer := length(pattern);
  c text;
  class text;
BEGIN
  WHILE i <= n LOOP
    c := substr(pattern, i, 1);
    IF c = '*' THEN
      re := re || '.*';
    ELSIF c = '?' THEN
      re := re || '.';
    ELSIF c = '[' THEN
      -- As in SQLite: '^' first negates, a ']' first (after any '^') is a member, no escapes.
      j := i + 1;
      class := '';
      IF substr(pattern, j, 1) = '^' THEN
        class := '^';
        j := j + 1;
      END IF;
      IF substr(pattern, j, 1) = ']' THEN
        class := class || '\]';
        j := j + 1;
      END IF;
      WHILE j <= n AND substr(pattern, j, 1) <> ']' LOOP
        c := substr(pattern, j, 1);
        class := class || CASE WHEN c IN ('\', '[') THEN '\' || c ELSE c END;
        j := j + 1;
      END LOOP;
      IF j > n THEN
        RETURN false;
      END IF;
      re := re || '[' || class || ']';
      i := j;
    ELSIF strpos('.^$|()[]{}*+?\', c) > 0 THEN
      re := re || '\' || c;
    ELSE
      re := re || c;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN string ~ (re || '$');
END
$fn$;

CREATE TABLE study (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY CHECK (id = 1),
  name text COLLATE "C" NOT NULL CHECK (length(trim(name)) > 0),
  created_at text COLLATE "C" NOT NULL,
  settings text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(settings))
);

CREATE TABLE users (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name text COLLATE nocase NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  role text COLLATE "C" NOT NULL CHECK (role IN ('manager', 'coder', 'reliability', 'auditor')),
  -- SQLite's LIKE ignores ASCII case; ILIKE over a "C" column does the same.
  password_hash text COLLATE "C" NOT NULL CHECK (password_hash ILIKE 'scrypt$%'),
  created_at text COLLATE "C" NOT NULL,
  disabled_at text COLLATE "C"
);

CREATE TABLE clips (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code text COLLATE "C" NOT NULL UNIQUE,
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('outcome', 'session', 'training')),
  media_file text COLLATE "C" NOT NULL UNIQUE,
  sha256 text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
  duration_seconds double precision NOT NULL CHECK (duration_seconds > 0),
  frame_rate double precision CHECK (frame_rate IS NULL OR frame_rate > 0),
  width bigint,
  height bigint,
  created_at text COLLATE "C" NOT NULL
);

CREATE TABLE assignments (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  clip_id bigint NOT NULL REFERENCES clips(id),
  coder_id bigint NOT NULL REFERENCES users(id),
  position bigint NOT NULL CHECK (position >= 1),
  purpose text COLLATE "C" NOT NULL CHECK (purpose IN ('primary', 'reliability')),
  created_at text COLLATE "C" NOT NULL,
  UNIQUE (clip_id, coder_id),
  UNIQUE (coder_id, position)
);

CREATE TABLE drafts (
  assignment_id bigint PRIMARY KEY REFERENCES assignments(id),
  draft text COLLATE "C" NOT NULL CHECK (json_valid(draft)),
  seconds_spent double precision NOT NULL DEFAULT 0 CHECK (seconds_spent >= 0),
  updated_at text COLLATE "C" NOT NULL
);

CREATE TABLE ratings (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  assignment_id bigint NOT NULL REFERENCES assignments(id),
  version bigint NOT NULL CHECK (version >= 1),
  amends_id bigint REFERENCES ratings(id),
  amendment_reason text COLLATE "C",
  scores text COLLATE "C" NOT NULL CHECK (json_valid(scores) AND json_type(scores) = 'object'),
  notes text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(notes) AND json_type(notes) = 'object'),
  overall_note text COLLATE "C" NOT NULL DEFAULT '',
  unscorable_reason text COLLATE "C" CHECK (unscorable_reason IS NULL OR unscorable_reason IN ('video_quality', 'wrong_task', 'too_short', 'other')),
  unscorable_detail text COLLATE "C",
  submitted_at text COLLATE "C" NOT NULL,
  seconds_spent double precision CHECK (seconds_spent IS NULL OR seconds_spent >= 0),
  UNIQUE (assignment_id, version),
  CHECK (unscorable_reason IS NOT NULL OR scores <> '{}'),
  CHECK ((version = 1 AND amends_id IS NULL AND amendment_reason IS NULL)
      OR (version > 1 AND amends_id IS NOT NULL AND length(trim(coalesce(amendment_reason, ''))) > 0))
);
${guardTriggerPostgres({
  name: 'ratings_amend_latest',
  table: 'ratings',
  event: 'INSERT',
  message: 'an amendment must point to the latest version of the same rating',
  when: `NEW.version > 1 AND NOT EXISTS (
    SELECT 1 FROM ratings r WHERE r.id = NEW.amends_id AND r.assignment_id = NEW.assignment_id AND r.version = NEW.version - 1)`,
})}
${guardTriggerPostgres({ name: 'ratings_no_update', table: 'ratings', event: 'UPDATE', message: 'submitted ratings are immutable: record an amendment instead' })}
${noDeletePostgres('ratings', 'ratings', 'submitted ratings are immutable: they cannot be deleted')}

CREATE TABLE blinding_guesses (
  assignment_id bigint PRIMARY KEY REFERENCES assignments(id),
  arm_guess text COLLATE "C" NOT NULL CHECK (arm_guess IN ('intervention', 'control', 'dont_know')),
  timepoint_guess text COLLATE "C" NOT NULL,
  guessed_at text COLLATE "C" NOT NULL
);
${guardTriggerPostgres({ name: 'blinding_guesses_no_update', table: 'blinding_guesses', event: 'UPDATE', message: 'a blinding guess cannot be changed' })}

CREATE TABLE audit_log (
  seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at text COLLATE "C" NOT NULL,
  actor text COLLATE "C" NOT NULL,
  action text COLLATE "C" NOT NULL,
  detail text COLLATE "C" NOT NULL CHECK (json_valid(detail)),
  reason text COLLATE "C",
  prev_hash text COLLATE "C" NOT NULL CHECK (length(prev_hash) = 64),
  hash text COLLATE "C" NOT NULL CHECK (length(hash) = 64),
  rowid bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE
);
${guardTriggerPostgres({ name: 'audit_no_update', table: 'audit_log', event: 'UPDATE', message: 'the audit log is append-only' })}
${noDeletePostgres('audit', 'audit_log', 'the audit log is append-only')}

CREATE INDEX assignments_by_coder ON assignments (coder_id, position);
CREATE INDEX ratings_by_assignment ON ratings (assignment_id, version);
`,
};
