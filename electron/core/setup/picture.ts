// The study's picture: whether every clip is made to one size and frame rate, and whether the
// pictures coders will see could tell them which timepoint or arm a clip belongs to.
//
// Recordings keep their camera's picture through a stream copy. When the follow-up visits used a
// new camera, or one site filmed on phones, the picture size or frame rate differs by timepoint or
// arm — and a coder sees both (the player, the frame counter). A crop mask changes the size too. The check below cross-tabulates the
// clips' pictures by timepoint and by arm (manager only: it needs the opened key), and the setting
// makes every clip alike (blinding/deidentify: UniformPicture).
import type { Db } from '../../../db/open';
import { clipsOfKind, countClips } from '../../../db/repositories/clips';
import { listJobs } from '../../../db/repositories/deidJobs';
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import { appendAudit } from '../audit/chain';
import type { PictureCheckView, PictureGroupView, RegionMask } from '../../common/contract';
import type { UniformPicture } from '../blinding/deidentify';
import { maskChain } from '../blinding/deidentify/masks';
import { canCopyVideo, windowedDuration } from '../blinding/deidentify/plan';
import { inspectSource, uprightSize, type SourceFacts } from '../blinding/deidentify/source';
import type { Keyring } from '../blinding/sealedKey';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';
import { lengthBand, lengthBandSeconds } from './clipLength';
import { endsBefore, studyCodingWindow, type EndsBeforeWindow } from './codingWindow';
import { allocationOf, recordingsOf } from './sealedRecords';

/** The blur and crop rectangles set for every recording of the study. */
export function studyMasks(db: Db): RegionMask[] {
  return ((getStudy(db)?.settings['masks'] as RegionMask[] | undefined) ?? []).slice();
}

export function studyPicture(db: Db): UniformPicture | null {
  const value = getStudy(db)?.settings['picture'] as UniformPicture | null | undefined;
  return value ?? null;
}

function same(a: UniformPicture | null, b: UniformPicture | null): boolean {
  return a === b || (a !== null && b !== null && a.width === b.width && a.height === b.height && a.fps === b.fps);
}

/**
 * Sets (or clears) the uniform picture. Every clip must be made alike, so once any outcome or
 * training clip exists the setting can no longer change.
 */
export function setStudyPicture(db: Db, picture: UniformPicture | null, actor: string): void {
  assertStudyUnlocked(db, 'change the picture setting');
  db.transaction(() => {
    const current = studyPicture(db);
    if (same(current, picture)) return;
    const made = countClips(db, ['outcome', 'training']);
    if (made > 0) {
      throw new CoreError(
        'conflict',
        `${made} clip(s) are already de-identified with ${describe(current)}; the picture setting applies to every clip alike, so it cannot change now`,
      );
    }
    updateStudySettings(db, { picture });
    appendAudit(db, { actor, action: 'setup.picture', detail: { picture } });
  })();
}

export function describe(picture: UniformPicture | null): string {
  return picture ? `${picture.width}×${picture.height} at ${picture.fps} fps` : "each recording's own picture";
}

function pictureLabel(width: number | null, height: number | null, fps: number | null): string {
  const rate = fps === null ? '? fps' : `${nameRate(fps)} fps`;
  return `${width ?? '?'}×${height ?? '?'}, ${rate}`;
}

function grouped(rows: readonly { level: string; picture: string }[]): PictureGroupView[] {
  const groups = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const counts = groups.get(row.level) ?? {};
    counts[row.picture] = (counts[row.picture] ?? 0) + 1;
    groups.set(row.level, counts);
  }
  return [...groups.entries()].sort(([a], [b]) => naturalCompare(a, b)).map(([level, counts]) => ({ level, counts }));
}

/** Text with its numbers compared as numbers: "640×480" before "1920×1080", "week 2" before "week 10". */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

const UNREADABLE = 'unreadable';

/**
 * Whether a picture gives a factor away: some picture's share of the clips differs by more than
 * 20 percentage points between two levels (19 of 20 clips in 1080p at one timepoint and 1 of 20 at
 * the other tells a coder almost as much as all or none), or a picture found at some levels only
 * accounts for two clips or more. One odd recording, or an unreadable one, is not a pattern.
 */
export function tells(groups: readonly PictureGroupView[], pictures: readonly string[]): boolean {
  const seen = pictures.filter((p) => p !== UNREADABLE);
  if (groups.length < 2 || seen.length < 2) return false;
  const totals = groups.map((g) => seen.reduce((n, p) => n + (g.counts[p] ?? 0), 0));
  return seen.some((p) => {
    const shares = groups.map((g, i) => ((totals[i] ?? 0) > 0 ? (g.counts[p] ?? 0) / (totals[i] ?? 1) : undefined)).filter((x): x is number => x !== undefined);
    if (shares.length < 2) return false;
    if (Math.max(...shares) - Math.min(...shares) > 0.2) return true;
    const counts = groups.map((g) => g.counts[p] ?? 0);
    return counts.some((n) => n === 0) && counts.reduce((a, b) => a + b, 0) >= 2;
  });
}

const COMMON_RATES = [23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60];

/** A measured frame rate as people name it: a common rate within 1%, else one decimal (phones record variable rates). */
function nameRate(fps: number): number {
  const common = COMMON_RATES.find((r) => Math.abs(fps - r) / r < 0.01);
  return common ?? Math.round(fps * 10) / 10;
}

/** The size de-identification will give a recording: its own on a stream copy, else after masks (a crop) and trimming to even sides. */
function outputSize(facts: SourceFacts, masks: readonly RegionMask[]): { width: number; height: number } {
  const upright = uprightSize(facts.video);
  if (canCopyVideo(facts, masks)) return upright;
  try {
    const chain = maskChain(masks, upright.width, upright.height);
    return { width: chain.width, height: chain.height };
  } catch {
    return upright; // an invalid mask fails the job itself, with its own message
  }
}

/**
 * What coders will see: a made clip's picture, or for a recording not yet de-identified, the study's
 * uniform picture if one is set and otherwise the source's own (upright) picture, probed.
 */
export async function pictureCheck(db: Db, keyring: Keyring, onProgress?: (done: number, total: number) => void): Promise<PictureCheckView> {
  return (await pictureSurvey(db, keyring, onProgress)).check;
}

/**
 * The picture check, and what the same probes found besides: the recordings still to de-identify
 * that end before the study's coding window starts (their clips would be empty), so that
 * de-identification can refuse them before it starts (./blindingGuard) without probing twice.
 */
export async function pictureSurvey(
  db: Db,
  keyring: Keyring,
  onProgress?: (done: number, total: number) => void,
): Promise<{ readonly check: PictureCheckView; readonly endBeforeWindow: readonly EndsBeforeWindow[] }> {
  const endBeforeWindow: EndsBeforeWindow[] = [];
  const picture = studyPicture(db);
  const window = studyCodingWindow(db);
  const outcomeClips = clipsOfKind(db, 'outcome');
  const made = new Map(outcomeClips.map((c) => [c.code, pictureLabel(c.width, c.height, c.frameRate)]));
  const madeLength = new Map(outcomeClips.map((c) => [c.code, c.durationSeconds]));
  const jobs = listJobs(db, 'outcome');
  const outcome = new Set(jobs.map((j) => j.code));
  const jobMasks = new Map<string, readonly RegionMask[]>(jobs.map((j) => [j.code, j.masks]));
  const forStudy = studyMasks(db);
  const allocation = allocationOf(db, keyring);
  const rows: { picture: string; length: string; timepoint: string; arm: string }[] = [];
  // Each length band's middle in seconds: bands in order of length, not of their names.
  const lengthOrder = new Map<string, number>();
  const recordings = recordingsOf(db, keyring).filter((r) => outcome.has(r.code) || made.has(r.code));
  for (const [i, recording] of recordings.entries()) {
    onProgress?.(i, recordings.length);
    let label = made.get(recording.code);
    let seconds = made.has(recording.code) ? madeLength.get(recording.code) : null;
    if (!made.has(recording.code)) {
      // A recording still to de-identify: probed for its length, and for its picture unless the
      // study's uniform picture decides that.
      try {
        const facts = await inspectSource(recording.sourcePath);
        if (window && endsBefore(facts.durationSeconds, window)) endBeforeWindow.push({ sourceFile: recording.sourceFile, seconds: facts.durationSeconds });
        seconds = windowedDuration(facts.durationSeconds, window ?? undefined);
        if (picture) label = pictureLabel(picture.width, picture.height, picture.fps);
        else {
          const size = outputSize(facts, [...forStudy, ...(jobMasks.get(recording.code) ?? [])]);
          label = pictureLabel(size.width, size.height, facts.video.frameRate || null);
        }
      } catch {
        label = picture ? pictureLabel(picture.width, picture.height, picture.fps) : UNREADABLE;
      }
    }
    const length = lengthBand(seconds);
    if (length !== null) lengthOrder.set(length, lengthBandSeconds(seconds)!);
    rows.push({
      picture: label ?? UNREADABLE,
      length: length ?? UNREADABLE,
      timepoint: recording.timepoint ?? '(no timepoint)',
      arm: allocation.get(recording.participant)?.arm ?? '(not allocated)',
    });
  }
  const factors = (value: (r: (typeof rows)[number]) => string, compare: (a: string, b: string) => number) => {
    const values = [...new Set(rows.map(value))].sort((a, b) => Number(a === UNREADABLE) - Number(b === UNREADABLE) || compare(a, b));
    const byTimepoint = grouped(rows.map((r) => ({ level: r.timepoint, picture: value(r) })));
    const byArm = grouped(rows.map((r) => ({ level: r.arm, picture: value(r) })));
    const told = [...(tells(byTimepoint, values) ? (['timepoint'] as const) : []), ...(tells(byArm, values) ? (['arm'] as const) : [])];
    return { values, byTimepoint, byArm, tells: told };
  };
  const pictures = factors((r) => r.picture, naturalCompare);
  const lengths = factors((r) => r.length, (a, b) => lengthOrder.get(a)! - lengthOrder.get(b)!);
  const check: PictureCheckView = {
    picture,
    clips: rows.length,
    pictures: pictures.values,
    byTimepoint: pictures.byTimepoint,
    byArm: pictures.byArm,
    tells: pictures.tells,
    length: { window, lengths: lengths.values, byTimepoint: lengths.byTimepoint, byArm: lengths.byArm, tells: lengths.tells },
  };
  return { check, endBeforeWindow };
}
