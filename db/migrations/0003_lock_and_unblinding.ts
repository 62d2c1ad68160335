import type { Migration } from '../migrate';
import { lockTriggersSql } from './sql';

// The end of a study: the data lock, the full unblinding and emergency unblindings of single clips.
// None of these tables holds an arm, a participant or a timepoint: unblinding opens the sealed key
// in memory, and what it reveals leaves only in exports and reports the manager writes elsewhere.
// Each row records who, when and why; all are append-only.
export const lockAndUnblinding: Migration = {
  version: 3,
  name: 'lock and unblinding',
  sql: `
-- The data lock: one row, forever. 'exceptions' lists the assignments that were not submitted when
-- the manager locked (clip code, coder, purpose), as confirmed by the manager.
CREATE TABLE study_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  locked_at TEXT NOT NULL,
  locked_by TEXT NOT NULL CHECK (length(trim(locked_by)) > 0),
  exceptions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exceptions) AND json_type(exceptions) = 'array')
) STRICT;

CREATE TRIGGER study_lock_no_update BEFORE UPDATE ON study_lock
BEGIN
  SELECT RAISE(ABORT, 'the data lock cannot be changed');
END;

CREATE TRIGGER study_lock_no_delete BEFORE DELETE ON study_lock
BEGIN
  SELECT RAISE(ABORT, 'the data lock cannot be lifted');
END;
${lockTriggersSql('ratings')}
${lockTriggersSql('drafts')}
${lockTriggersSql('blinding_guesses')}
${lockTriggersSql('assignments')}

-- The full unblinding: once, after the lock, with the commitment of the key that was opened (equal
-- to the latest seal's, checked by core before this row is written).
CREATE TABLE unblinding (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  unblinded_at TEXT NOT NULL,
  unblinded_by TEXT NOT NULL CHECK (length(trim(unblinded_by)) > 0),
  reason TEXT NOT NULL CHECK (length(trim(reason)) >= 10),
  commitment TEXT NOT NULL CHECK (length(commitment) = 64)
) STRICT;

CREATE TRIGGER unblinding_after_lock BEFORE INSERT ON unblinding
WHEN NOT EXISTS (SELECT 1 FROM study_lock)
BEGIN
  SELECT RAISE(ABORT, 'lock the study before unblinding it');
END;

CREATE TRIGGER unblinding_no_update BEFORE UPDATE ON unblinding
BEGIN
  SELECT RAISE(ABORT, 'the unblinding record cannot be changed');
END;

CREATE TRIGGER unblinding_no_delete BEFORE DELETE ON unblinding
BEGIN
  SELECT RAISE(ABORT, 'the unblinding record cannot be deleted');
END;

-- Emergency unblinding of one clip before the lock (e.g. a safety concern). What was revealed is
-- shown to the manager only; the row says which clip, who, when and why.
CREATE TABLE emergency_unblindings (
  id INTEGER PRIMARY KEY,
  clip_id INTEGER NOT NULL REFERENCES clips(id),
  unblinded_at TEXT NOT NULL,
  unblinded_by TEXT NOT NULL CHECK (length(trim(unblinded_by)) > 0),
  reason TEXT NOT NULL CHECK (length(trim(reason)) >= 10)
) STRICT;

CREATE TRIGGER emergency_unblindings_before_lock BEFORE INSERT ON emergency_unblindings
WHEN EXISTS (SELECT 1 FROM study_lock)
BEGIN
  SELECT RAISE(ABORT, 'the study is locked: unblind the whole study instead');
END;

CREATE TRIGGER emergency_unblindings_no_update BEFORE UPDATE ON emergency_unblindings
BEGIN
  SELECT RAISE(ABORT, 'emergency unblindings are a permanent record');
END;

CREATE TRIGGER emergency_unblindings_no_delete BEFORE DELETE ON emergency_unblindings
BEGIN
  SELECT RAISE(ABORT, 'emergency unblindings are a permanent record');
END;
`,
};
