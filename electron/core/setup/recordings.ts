// Importing recordings: scan and validate the folder (setup/import), check against what the study
// already holds, then create one de-identification job per recording under a fresh opaque code —
// in a random order, so that neither row order nor file times follow the source folder.
import { createHash, randomInt } from 'node:crypto';
import path from 'node:path';
import { utcNow, type Db } from '../../../db/open';
import { codesInUse, insertPendingJob } from '../../../db/repositories/deidJobs';
import type { RecordingsImported } from '../../common/contract';
import { appendAudit } from '../audit/chain';
import { newClipCode } from '../blinding/codes';
import { putSealed, type Keyring } from '../blinding/sealedKey';
import { quote, scanRecordings, type ImportProblem, type RecordingPreview, type RecordingsMapping, type RecordingsScan } from './import';
import type { ImportOutcome } from './allocation';
import { allocationOf, recordingsOf } from './sealedRecords';

const MIN_SIDE = 32;
const MAX_WIDTH = 7680;
const MAX_HEIGHT = 4320;

export function takenCodes(db: Db): Set<string> {
  return new Set(codesInUse(db));
}

function cryptoShuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface RecordingsPreview {
  readonly preview: readonly RecordingPreview[];
  readonly problems: readonly ImportProblem[];
}

/**
 * Files the manager chose to leave out of an import (a stray export, a test recording), by their
 * path in the folder: they are neither imported nor reported. The audit log records how many and a
 * SHA-256 of each path — a path can name a participant, and the log is kept beside the data — so
 * whoever holds the folder can still tell which files were left out.
 */
export type LeftOut = ReadonlySet<string>;

export function leftOutDigests(leftOut: LeftOut): string[] {
  return [...leftOut].sort().map((file) => createHash('sha256').update(file, 'utf8').digest('hex'));
}

/**
 * A file to leave out that the folder does not hold (a typing error, a path written from elsewhere):
 * refused, so that the audit log never records leaving out a file that was not there while the one
 * meant is imported.
 */
function unknownLeftOut(scan: RecordingsScan, leftOut: LeftOut): ImportProblem[] {
  if (leftOut.size === 0) return [];
  // The folder could not be listed or the pattern not used: nothing was seen to compare against.
  if (scan.problems.some((p) => p.file === undefined && (p.code === 'folder_unreadable' || p.code === 'bad_pattern'))) return [];
  const seen = new Set([...scan.preview.map((p) => p.file), ...scan.problems.flatMap((p) => p.file ?? []), ...scan.ignored]);
  return [...leftOut]
    .filter((file) => !seen.has(file))
    .sort()
    .map((file) => ({
      file,
      code: 'left_out_not_found' as const,
      message: `${quote(file, 120)} is to be left out, but the recordings folder holds no such file (name it by its path in the folder, with "/" between folders, as the problems do)`,
    }));
}

/** Scans and checks without writing anything: what the manager sees before committing. */
export async function previewRecordings(
  db: Db,
  keyring: Keyring,
  folder: string,
  mapping: RecordingsMapping,
  onProgress?: (done: number, total: number) => void,
  leftOut: LeftOut = new Set(),
): Promise<RecordingsPreview> {
  const allocation = allocationOf(db, keyring);
  const scan = await scanRecordings(folder, mapping, new Set(allocation.keys()), onProgress ? { onProgress } : {});
  const kept = (file: string | undefined) => file === undefined || !leftOut.has(file);
  const problems: ImportProblem[] = [...scan.problems.filter((p) => kept(p.file)), ...unknownLeftOut(scan, leftOut)];
  const scanned = scan.preview.filter((p) => kept(p.file));
  const known = recordingsOf(db, keyring);
  const bySha = new Map(known.map((r) => [r.sourceSha256, r]));
  const byKey = new Map(known.map((r) => [`${r.participant}\u0000${r.timepoint}\u0000${r.task}`, r]));
  for (const p of scanned) {
    const width = p.media?.video?.width ?? null;
    const height = p.media?.video?.height ?? null;
    // Camera video is at least a few dozen pixels and at most 8K; anything else is a wrong file.
    if (width !== null && height !== null && (width < MIN_SIDE || height < MIN_SIDE || width > MAX_WIDTH || height > MAX_HEIGHT)) {
      problems.push({
        file: p.file,
        code: 'implausible_dimensions',
        message: `${p.file} is ${width}×${height} pixels; recordings must be between ${MIN_SIDE}×${MIN_SIDE} and ${MAX_WIDTH}×${MAX_HEIGHT}`,
      });
    }
    const earlier = p.sha256 ? bySha.get(p.sha256) : undefined;
    if (earlier) {
      problems.push({ file: p.file, code: 'duplicate_content', message: `${p.file} has the same content as ${earlier.sourceFile}, imported earlier` });
    }
    const same = byKey.get(`${p.participant}\u0000${p.timepoint}\u0000${p.task}`);
    if (same) {
      problems.push({
        file: p.file,
        code: 'duplicate_mapping',
        message: `${p.file}: participant ${p.participant}${p.timepoint ? ` at ${p.timepoint}` : ''} already has a recording (${same.sourceFile})`,
      });
    }
  }
  return { preview: scanned, problems };
}

export async function importRecordings(
  db: Db,
  keyring: Keyring,
  folder: string,
  mapping: RecordingsMapping,
  actor: string,
  onProgress?: (done: number, total: number) => void,
  leftOut: LeftOut = new Set(),
): Promise<ImportOutcome<RecordingsImported>> {
  const { preview, problems } = await previewRecordings(db, keyring, folder, mapping, onProgress, leftOut);
  if (problems.length > 0) return { ok: false, problems };
  if (preview.length === 0) {
    return { ok: false, problems: [{ code: 'no_recordings', message: 'No recordings were found in that folder' }] };
  }
  const root = path.resolve(folder);
  const now = utcNow();
  db.transaction(() => {
    const taken = takenCodes(db);
    const coded = preview.map((p) => {
      const code = newClipCode(taken);
      taken.add(code);
      return { code, p };
    });
    // Two independent random orders, so that neither table's row order pairs with the other's.
    for (const { code } of cryptoShuffle(coded)) {
      insertPendingJob(db, { code, kind: 'outcome', createdAt: now });
    }
    for (const { code, p } of cryptoShuffle(coded)) {
      putSealed(db, keyring, 'recording', {
        code,
        participant: p.participant,
        timepoint: p.timepoint,
        task: p.task,
        date: p.date,
        sourcePath: path.join(root, p.file),
        sourceFile: p.file,
        sourceSha256: p.sha256,
        ...(p.fingerprint ? { sourceFingerprint: p.fingerprint } : {}),
      });
    }
    appendAudit(db, {
      actor,
      action: 'recordings.import',
      detail: { recordings: preview.length, ...(leftOut.size > 0 ? { leftOut: leftOut.size, leftOutSha256: leftOutDigests(leftOut) } : {}) },
    });
  })();
  return { ok: true, value: { recordings: preview.length } };
}
