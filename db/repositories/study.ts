import type { Db } from '../open';

export interface StudyRow {
  readonly name: string;
  readonly createdAt: string;
  readonly settings: Record<string, unknown>;
}

export function insertStudy(db: Db, name: string, createdAt: string): void {
  db.prepare('INSERT INTO study (id, name, created_at) VALUES (1, ?, ?)').run(name, createdAt);
}

export function getStudy(db: Db): StudyRow | undefined {
  const row = db.prepare('SELECT name, created_at, settings FROM study WHERE id = 1').get() as
    | { name: string; created_at: string; settings: string }
    | undefined;
  return row && { name: row.name, createdAt: row.created_at, settings: JSON.parse(row.settings) as Record<string, unknown> };
}

/** The study's name alone (settings unread: a backup being checked may carry any). */
export function studyName(db: Db): string | undefined {
  return (db.prepare('SELECT name FROM study WHERE id = 1').get() as { name: string } | undefined)?.name;
}

/** Merges top-level keys into the study's settings JSON. */
export function updateStudySettings(db: Db, patch: Record<string, unknown>): void {
  const current = getStudy(db)?.settings ?? {};
  db.prepare('UPDATE study SET settings = ? WHERE id = 1').run(JSON.stringify({ ...current, ...patch }));
}
