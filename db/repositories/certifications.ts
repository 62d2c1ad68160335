// Certification decisions: one immutable row per trainee × dimension × decision (migration 5).
import type { Db } from '../open';

export interface CertificationRow {
  readonly id: number;
  readonly traineeId: number;
  readonly trainee: string;
  readonly dimension: string;
  readonly master: string;
  readonly n: number;
  readonly weights: 'linear' | 'quadratic';
  readonly kappa: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly threshold: number;
  readonly basis: 'estimate' | 'ci_lower';
  readonly verdict: 'certified' | 'not_yet';
  readonly detail: Readonly<Record<string, unknown>>;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export function insertCertification(db: Db, row: Omit<CertificationRow, 'id' | 'trainee'>): number {
  const info = db
    .prepare(
      `INSERT INTO certifications (trainee_id, dimension, master, n, weights, kappa, ci_low, ci_high, threshold, basis, verdict, detail, decided_by, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      row.traineeId,
      row.dimension,
      row.master,
      row.n,
      row.weights,
      row.kappa,
      row.ciLow,
      row.ciHigh,
      row.threshold,
      row.basis,
      row.verdict,
      JSON.stringify(row.detail),
      row.decidedBy,
      row.decidedAt,
    );
  return Number(info.lastInsertRowid);
}

/** Every decision, oldest first; optionally for one trainee. */
export function listCertifications(db: Db, traineeId?: number): CertificationRow[] {
  const sql = `SELECT k.id, k.trainee_id AS traineeId, u.name AS trainee, k.dimension, k.master, k.n, k.weights, k.kappa, k.ci_low AS ciLow,
                      k.ci_high AS ciHigh, k.threshold, k.basis, k.verdict, k.detail, k.decided_by AS decidedBy, k.decided_at AS decidedAt
                 FROM certifications k JOIN users u ON u.id = k.trainee_id`;
  const rows = (traineeId === undefined ? db.prepare(`${sql} ORDER BY k.id`).all() : db.prepare(`${sql} WHERE k.trainee_id = ? ORDER BY k.id`).all(traineeId)) as (Omit<
    CertificationRow,
    'detail'
  > & { detail: string })[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
