import type { Migration } from '../migrate';

// The sealed key and the set-up pipeline. Everything that links a clip to a participant, arm,
// timepoint, source file or recording date is stored only as AES-256-GCM ciphertext in
// sealed_entries, under a data key that is itself wrapped by a key derived from the manager's
// unblinding passphrase (core/blinding/sealedKey). Opening this file with a SQLite tool shows
// codes, counts and ciphertext — never the allocation.
export const sealedKey: Migration = {
  version: 2,
  name: 'sealed key and de-identification jobs',
  sql: `
CREATE TABLE study_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kdf TEXT NOT NULL CHECK (json_valid(kdf)),
  wrapped_key BLOB NOT NULL,
  created_at TEXT NOT NULL,
  changed_at TEXT
) STRICT;

CREATE TABLE sealed_entries (
  id INTEGER PRIMARY KEY,
  entry_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('allocation', 'recording', 'assignment_seed', 'session_recording', 'sampling_seed')),
  nonce BLOB NOT NULL CHECK (length(nonce) = 12),
  ciphertext BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER sealed_entries_no_update BEFORE UPDATE ON sealed_entries
BEGIN
  SELECT RAISE(ABORT, 'sealed entries are immutable');
END;

-- One job per imported recording, named only by its opaque code. Jobs are created in a shuffled
-- order so that neither row order nor file times follow the source folder's order.
CREATE TABLE deid_jobs (
  code TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('outcome', 'session')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
  masks TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(masks)),
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Every sealing: its SHA-256 commitment to the key as it stood, published to the audit log too.
CREATE TABLE seals (
  id INTEGER PRIMARY KEY,
  commitment TEXT NOT NULL CHECK (length(commitment) = 64),
  clips INTEGER NOT NULL,
  sealed_at TEXT NOT NULL,
  sealed_by TEXT NOT NULL
) STRICT;
`,
};
