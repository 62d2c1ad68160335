// The fidelity audit's clear tables (migration 4): sampling rounds in counts, and the sampled
// sessions by code, pseudonymous clinician label and session number — plus the queries that join
// them to auditors' assignments and ratings for the summary.
import type { Db } from '../open';

export type StratifiedBy = 'clinician' | 'clinician and session number';

export interface SamplingRoundRow {
  readonly round: number;
  readonly fraction: number;
  readonly stratifiedBy: StratifiedBy;
  readonly rule: string;
  /** Sessions imported when the round was drawn. */
  readonly sessions: number;
  readonly newSessions: number;
  /** Picks in the sample after this round (earlier ones included). */
  readonly picked: number;
  readonly newlyPicked: number;
  readonly commitment: string;
  readonly drawnAt: string;
  readonly drawnBy: string;
}

export interface SampledSessionRow {
  readonly code: string;
  readonly round: number;
  readonly clinicianLabel: string;
  readonly sessionNumber: number;
}

export function insertSamplingRound(db: Db, row: SamplingRoundRow): void {
  db.prepare(
    `INSERT INTO fidelity_rounds (round, fraction, stratified_by, rule, sessions, new_sessions, picked, newly_picked, commitment, drawn_at, drawn_by)
     VALUES (@round, @fraction, @stratifiedBy, @rule, @sessions, @newSessions, @picked, @newlyPicked, @commitment, @drawnAt, @drawnBy)`,
  ).run(row);
}

export function samplingRounds(db: Db): SamplingRoundRow[] {
  return db
    .prepare(
      `SELECT round, fraction, stratified_by AS stratifiedBy, rule, sessions, new_sessions AS newSessions, picked,
              newly_picked AS newlyPicked, commitment, drawn_at AS drawnAt, drawn_by AS drawnBy
         FROM fidelity_rounds ORDER BY round`,
    )
    .all() as SamplingRoundRow[];
}

export function insertSampledSession(db: Db, row: SampledSessionRow): void {
  db.prepare('INSERT INTO fidelity_sessions (code, round, clinician_label, session_number) VALUES (@code, @round, @clinicianLabel, @sessionNumber)').run(row);
}

export function sampledSessions(db: Db): SampledSessionRow[] {
  return db
    .prepare('SELECT code, round, clinician_label AS clinicianLabel, session_number AS sessionNumber FROM fidelity_sessions ORDER BY code')
    .all() as SampledSessionRow[];
}

export function findSampledSession(db: Db, code: string): SampledSessionRow | undefined {
  return db
    .prepare('SELECT code, round, clinician_label AS clinicianLabel, session_number AS sessionNumber FROM fidelity_sessions WHERE code = ?')
    .get(code) as SampledSessionRow | undefined;
}

/** One auditor's latest submitted rating of a session clip (null fields when not yet submitted). */
export interface SessionRatingRow {
  readonly code: string;
  readonly auditor: string;
  readonly purpose: 'primary' | 'reliability';
  readonly scores: Record<string, number> | null;
  readonly unscorable: boolean;
}

/** Every assignment of a session clip with its latest rating version, if any. */
export function sessionRatings(db: Db): SessionRatingRow[] {
  const rows = db
    .prepare(
      `SELECT c.code AS code, u.name AS auditor, a.purpose AS purpose, r.scores AS scores, r.unscorable_reason AS unscorable
         FROM assignments a
         JOIN clips c ON c.id = a.clip_id AND c.kind = 'session'
         JOIN users u ON u.id = a.coder_id
         LEFT JOIN ratings r ON r.assignment_id = a.id
              AND r.version = (SELECT MAX(version) FROM ratings r2 WHERE r2.assignment_id = a.id)
        ORDER BY c.code, a.purpose, u.name`,
    )
    .all() as { code: string; auditor: string; purpose: 'primary' | 'reliability'; scores: string | null; unscorable: string | null }[];
  return rows.map((r) => ({
    code: r.code,
    auditor: r.auditor,
    purpose: r.purpose,
    scores: r.scores === null ? null : (JSON.parse(r.scores) as Record<string, number>),
    unscorable: r.unscorable !== null,
  }));
}

/** Whether any rating of a session clip has been submitted (the fidelity items are then fixed). */
export function anySessionRating(db: Db): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id
          WHERE c.kind = 'session' LIMIT 1`,
      )
      .get() !== undefined
  );
}

/** A de-identified session clip of the sample, with its clinician's pseudonymous label. */
export interface SessionClipRow {
  readonly id: number;
  readonly code: string;
  readonly stratum: string;
}

/** The sample's de-identified session clips, by code. */
export function sessionClips(db: Db): SessionClipRow[] {
  return db
    .prepare("SELECT c.id, c.code, f.clinician_label AS stratum FROM clips c JOIN fidelity_sessions f ON f.code = c.code WHERE c.kind = 'session' ORDER BY c.code")
    .all() as SessionClipRow[];
}

/** How many sampled sessions have been de-identified into clips. */
export function countSessionClips(db: Db): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM clips c JOIN fidelity_sessions f ON f.code = c.code WHERE c.kind = 'session'").get() as { n: number }).n;
}

/** An auditor's assignment of a session clip, as the planner takes earlier rounds. */
export interface SessionAssignmentRow {
  readonly code: string;
  readonly coder: string;
  readonly position: number;
  readonly purpose: 'primary' | 'reliability';
  readonly stratum: string;
}

/** Every assignment of a sampled session clip (earlier auditor rounds). */
export function sessionAssignments(db: Db): SessionAssignmentRow[] {
  return db
    .prepare(
      `SELECT c.code, u.name AS coder, a.position, a.purpose, f.clinician_label AS stratum
         FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id
         JOIN fidelity_sessions f ON f.code = c.code
        WHERE c.kind = 'session'`,
    )
    .all() as SessionAssignmentRow[];
}
