import { lockTriggersSql } from './sql';
import type { Migration } from '../migrate';

// The fidelity audit (issue 6): which intervention-session recordings were sampled for auditing.
// Session recordings themselves (clinician, family, session number, date, source file) are sealed
// ('session_recording'), as is each sampling round's draw ('sampling_seed': seed, the sessions
// considered, the picks by name). These tables hold what auditors' work and the summary need
// without the passphrase: per sampled session its opaque code, its session number and a
// pseudonymous clinician label ("Clinician C", handed out in random order so the letter says
// nothing about the name); per round its counts, rule and the commitment to the sealed draw.
// Sessions are de-identified (audio, `<code>.m4a`) and become clips only once sampled: a session
// nobody will audit is never processed. Picks are never redrawn, so both tables are append-only.
export const fidelity: Migration = {
  version: 4,
  name: 'fidelity',
  sql: `
CREATE TABLE fidelity_rounds (
  round INTEGER PRIMARY KEY CHECK (round >= 1),
  fraction REAL NOT NULL CHECK (fraction > 0 AND fraction <= 1),
  stratified_by TEXT NOT NULL CHECK (stratified_by IN ('clinician', 'clinician and session number')),
  rule TEXT NOT NULL CHECK (length(trim(rule)) > 0),
  sessions INTEGER NOT NULL CHECK (sessions >= 0),
  new_sessions INTEGER NOT NULL CHECK (new_sessions >= 0),
  picked INTEGER NOT NULL CHECK (picked >= 0),
  newly_picked INTEGER NOT NULL CHECK (newly_picked >= 0),
  commitment TEXT NOT NULL CHECK (length(commitment) = 64),
  drawn_at TEXT NOT NULL,
  drawn_by TEXT NOT NULL
) STRICT;

CREATE TABLE fidelity_sessions (
  code TEXT PRIMARY KEY REFERENCES deid_jobs(code),
  round INTEGER NOT NULL REFERENCES fidelity_rounds(round),
  clinician_label TEXT NOT NULL CHECK (length(trim(clinician_label)) > 0),
  session_number INTEGER NOT NULL CHECK (session_number >= 0 AND session_number <= 999)
) STRICT;

CREATE TRIGGER fidelity_rounds_no_update BEFORE UPDATE ON fidelity_rounds
BEGIN
  SELECT RAISE(ABORT, 'sampling rounds are a permanent record');
END;

CREATE TRIGGER fidelity_rounds_no_delete BEFORE DELETE ON fidelity_rounds
BEGIN
  SELECT RAISE(ABORT, 'sampling rounds are a permanent record');
END;

CREATE TRIGGER fidelity_sessions_no_update BEFORE UPDATE ON fidelity_sessions
BEGIN
  SELECT RAISE(ABORT, 'sampled sessions are never redrawn');
END;

CREATE TRIGGER fidelity_sessions_no_delete BEFORE DELETE ON fidelity_sessions
BEGIN
  SELECT RAISE(ABORT, 'sampled sessions are never redrawn');
END;
${lockTriggersSql('fidelity_rounds')}
${lockTriggersSql('fidelity_sessions')}
`,
};
