// A study database for reliability tests, built row by row through the repositories: no media
// and no password hashing (users get a placeholder hash), so each test builds exactly its case.
import { utcNow, type Db } from '../../../db/open';
import { insertAssignment } from '../../../db/repositories/assignments';
import { insertClip } from '../../../db/repositories/clips';
import { insertGoldClip } from '../../../db/repositories/gold';
import { insertRating, ratingHistory } from '../../../db/repositories/ratings';
import { insertUser } from '../../../db/repositories/users';
import { newClipCode } from '../../../electron/core/blinding/codes';
import type { Role, Unscorable } from '../../../electron/common/contract';
import { createStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';

export interface Fixture {
  readonly study: Study;
  readonly db: Db;
  readonly dir: string;
  user(name: string, role?: Role): number;
  clip(kind?: 'outcome' | 'training'): { id: number; code: string };
  goldClip(label: string): { id: number; code: string };
  assign(clipId: number, coderId: number, purpose?: 'primary' | 'reliability'): number;
  rate(assignmentId: number, scores: Record<string, number>, opts?: RateOptions): number;
  close(): void;
}

export interface RateOptions {
  readonly at?: string;
  readonly notes?: Record<string, string>;
  readonly overallNote?: string;
  readonly unscorable?: Unscorable | null;
  readonly amendmentReason?: string;
}

export function reliabilityFixture(): Fixture {
  const { dir, cleanup } = tempDir('blindfold-reliability-');
  const study = createStudy(dir, 'Reliability fixture', 'test');
  const db = study.db;
  const taken = new Set<string>();
  const positions = new Map<number, number>();
  const clip = (kind: 'outcome' | 'training' = 'outcome') => {
    const code = newClipCode(taken);
    taken.add(code);
    const id = insertClip(db, {
      code,
      kind,
      mediaFile: `${code}.mp4`,
      sha256: 'a'.repeat(64),
      durationSeconds: 60,
      frameRate: 25,
      width: 320,
      height: 240,
      createdAt: utcNow(),
    });
    return { id, code };
  };
  return {
    study,
    db,
    dir,
    user: (name, role = 'coder') => insertUser(db, { name, role, passwordHash: 'scrypt$1$1$1$x$y', createdAt: utcNow() }),
    clip,
    goldClip: (label) => {
      const c = clip('training');
      insertGoldClip(db, { clipId: c.id, label, addedBy: 'test', addedAt: utcNow() });
      return c;
    },
    assign: (clipId, coderId, purpose = 'primary') => {
      const position = (positions.get(coderId) ?? 0) + 1;
      positions.set(coderId, position);
      return insertAssignment(db, { clipId, coderId, position, purpose, createdAt: utcNow() });
    },
    rate: (assignmentId, scores, opts = {}) => {
      const history = ratingHistory(db, assignmentId);
      const latest = history[history.length - 1];
      return insertRating(db, {
        assignmentId,
        version: (latest?.version ?? 0) + 1,
        amendsId: latest?.id ?? null,
        amendmentReason: latest ? (opts.amendmentReason ?? 'corrected') : null,
        scores,
        notes: opts.notes ?? {},
        overallNote: opts.overallNote ?? '',
        unscorable: opts.unscorable ?? null,
        submittedAt: opts.at ?? utcNow(),
        secondsSpent: 30,
      });
    },
    close: () => {
      study.close();
      cleanup();
    },
  };
}

/** 2026-02-01 plus `day` days (and `hour` hours), as the app writes times. */
export function day(d: number, hour = 9): string {
  return new Date(Date.UTC(2026, 1, 1 + d, hour)).toISOString();
}
