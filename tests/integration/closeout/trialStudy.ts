// Builds the published trial (publishedTrial.ts) as a real study without media: the sealed key
// (allocation and recordings, through putSealed), clips, users, assignments, a seal, and ratings
// submitted through core's own coding functions — amendments, second codings, blinding guesses,
// and a consensus when the database has the table. Fast: no ffmpeg, and a cheap scrypt for the key.
import { createHash } from 'node:crypto';
import { utcNow } from '../../../db/open';
import { insertAssignment } from '../../../db/repositories/assignments';
import { insertClip } from '../../../db/repositories/clips';
import { hasConsensusTable } from '../../../db/repositories/outcomeWork';
import { updateStudySettings } from '../../../db/repositories/study';
import { addUser } from '../../../electron/core/auth/users';
import { newClipCode } from '../../../electron/core/blinding/codes';
import { createStudyKey, putSealed } from '../../../electron/core/blinding/sealedKey';
import { amendRating, recordBlindingGuess, saveDraft, submitRating } from '../../../electron/core/coding/ratings';
import { sealStudy } from '../../../electron/core/setup';
import { createStudy } from '../../../electron/core/study/study';
import { ARM_I, CLIPS, DIMENSIONS, PARTICIPANTS, TIMEPOINTS, type TrialClip } from './publishedTrial';

export const PASSPHRASE = 'closeout test passphrase';
export const MANAGER = { name: 'maria', password: 'maria-manager-pw' } as const;
export const CODERS = [
  { name: 'ann', password: 'ann-coder-pw' },
  { name: 'bob', password: 'bob-coder-pw' },
  { name: 'cem', password: 'cem-coder-pw' },
] as const;

export interface BuiltClip extends TrialClip {
  readonly code: string;
  readonly primary: 'ann' | 'bob';
  readonly index: number;
}

export interface Guess {
  readonly code: string;
  readonly trueArm: 'intervention' | 'control';
  readonly guess: 'intervention' | 'control' | 'dont_know';
  readonly timepoint: string;
}

export interface BuiltTrial {
  readonly clips: readonly BuiltClip[];
  readonly codeOf: (participant: string, timepoint: string) => string;
  /** Clips second-coded by cem (all submitted but one: the lock exception). */
  readonly reliability: readonly string[];
  readonly exception: { readonly code: string; readonly coder: 'cem' };
  readonly amended: { readonly code: string; readonly original: number; readonly final: number };
  readonly guesses: readonly Guess[];
  /** The consensus recorded, or null when the study's database has no consensus table. */
  readonly consensus: { readonly code: string; readonly dimension: 'sensitivity'; readonly score: number } | null;
}

export function guessFor(clip: BuiltClip): Guess['guess'] {
  if (clip.arm === ARM_I) return (['intervention', 'dont_know', 'control'] as const)[clip.index % 3]!;
  return (['intervention', 'control', 'dont_know', 'dont_know'] as const)[clip.index % 4]!;
}

/**
 * `leaveForImport` clips get a primary assignment but no rating: the test imports those ratings
 * through `import-ratings`. Everything else is coded here, before the lock.
 */
export async function buildTrialStudy(dir: string, options: { leaveForImport?: (clip: BuiltClip) => boolean } = {}): Promise<BuiltTrial> {
  const study = createStudy(dir, 'Published trial', 'test');
  try {
    const db = study.db;
    const keyring = await createStudyKey(db, PASSPHRASE, { N: 2 ** 10, r: 8, p: 1 });
    updateStudySettings(db, { dimensions: DIMENSIONS, blindingCheck: { enabled: true, timepoints: [...TIMEPOINTS] } });
    const users = new Map<string, number>();
    for (const c of CODERS) users.set(c.name, await addUser(db, { name: c.name, role: 'coder', password: c.password }, 'test'));
    users.set(MANAGER.name, await addUser(db, { name: MANAGER.name, role: 'manager', password: MANAGER.password }, 'test'));

    const taken = new Set<string>();
    const clips: BuiltClip[] = CLIPS.map((c, index) => {
      const code = newClipCode(taken);
      taken.add(code);
      return { ...c, code, index, primary: index % 2 === 0 ? 'ann' : 'bob' };
    });
    const reliability = clips.filter((c) => c.index % 10 === 0 && c.scores !== null).map((c) => c.code);
    const exceptionClip = clips.find((c) => c.index === 5)!;
    const now = utcNow();
    const clipIds = new Map<string, number>();
    db.transaction(() => {
      putSealed(db, keyring, 'allocation', { rows: PARTICIPANTS.map((p) => ({ participant: p.id, arm: p.arm, stratum: p.stratum })) });
      for (const c of clips) {
        const sourceFile = `${c.participant}_${c.timepoint}_freeplay.mp4`;
        putSealed(db, keyring, 'recording', {
          code: c.code,
          participant: c.participant,
          timepoint: c.timepoint,
          task: null,
          date: null,
          sourcePath: `/recordings/${sourceFile}`,
          sourceFile,
          sourceSha256: createHash('sha256').update(sourceFile).digest('hex'),
        });
        clipIds.set(
          c.code,
          insertClip(db, { code: c.code, kind: 'outcome', mediaFile: `${c.code}.mp4`, sha256: 'a'.repeat(64), durationSeconds: 60, frameRate: 25, width: 320, height: 240, createdAt: now }),
        );
      }
      const positions = new Map<string, number>();
      const assign = (code: string, coder: string, purpose: 'primary' | 'reliability') => {
        const position = (positions.get(coder) ?? 0) + 1;
        positions.set(coder, position);
        insertAssignment(db, { clipId: clipIds.get(code)!, coderId: users.get(coder)!, position, purpose, createdAt: now });
      };
      for (const c of clips) assign(c.code, c.primary, 'primary');
      for (const code of [...reliability, exceptionClip.code]) assign(code, 'cem', 'reliability');
    })();
    sealStudy(db, keyring, 'test');

    const coder = (name: string) => ({ id: users.get(name)!, name });
    const content = (scores: Record<string, number>, unscorable = false) => ({
      scores,
      notes: {},
      overallNote: '',
      unscorable: unscorable ? { reason: 'video_quality' as const, detail: '' } : null,
    });
    const guesses: Guess[] = [];
    const amendedClip = clips.find((c) => c.participant === 'PX-I03' && c.timepoint === 'post')!;
    const amended = { code: amendedClip.code, original: 2, final: amendedClip.scores!.sensitivity };
    for (const c of clips) {
      if (options.leaveForImport?.(c)) continue;
      if (c.code === amended.code) {
        submitRating(db, coder(c.primary), c.code, content({ ...c.scores!, sensitivity: amended.original }), 120);
        // The amendment marks two moments (a note with quotes and a pipe, one without): the exports'
        // readers must read the markers cell back as written.
        const markers = [
          { seconds: 12.5, frame: 312, note: 'turns away, "no" | back at 0:14' },
          { seconds: 40, frame: 1000, note: '' },
        ];
        amendRating(db, coder(c.primary), c.code, { ...content({ ...c.scores! }), markers }, 'Re-watched the second episode: scored the wrong segment', 45);
      } else {
        submitRating(db, coder(c.primary), c.code, c.scores ? content({ ...c.scores }) : content({}, true), 90 + (c.index % 7));
      }
      if (c.timepoint !== 'pre') {
        const guess = guessFor(c);
        recordBlindingGuess(db, coder(c.primary), c.code, guess, 'post');
        guesses.push({ code: c.code, trueArm: c.arm === ARM_I ? 'intervention' : 'control', guess, timepoint: c.timepoint });
      }
    }
    for (const code of reliability) submitRating(db, coder('cem'), code, content({ sensitivity: 1, quality: 0 }), 60);
    saveDraft(db, users.get('cem')!, exceptionClip.code, { scores: { sensitivity: 4, quality: null }, notes: {}, overallNote: '', unscorable: null }, 30);

    let consensus: BuiltTrial['consensus'] = null;
    if (hasConsensusTable(db)) {
      const target = clips.find((c) => c.participant === 'PX-I01' && c.timepoint === 'pre')!;
      db.prepare(
        `INSERT INTO consensus (clip_id, dimension, version, supersedes_id, score, reason, ratings, decided_by, decided_at)
         VALUES (?, 'sensitivity', 1, NULL, 7, 'Both coders re-watched; agreed on 7', '[]', ?, ?)`,
      ).run(clipIds.get(target.code)!, users.get(MANAGER.name)!, utcNow());
      consensus = { code: target.code, dimension: 'sensitivity', score: 7 };
    }
    return {
      clips,
      codeOf: (participant, timepoint) => clips.find((c) => c.participant === participant && c.timepoint === timepoint)!.code,
      reliability,
      exception: { code: exceptionClip.code, coder: 'cem' },
      amended,
      guesses,
      consensus,
    };
  } finally {
    study.close();
  }
}
