// Adding gold-standard training clips to a study: each recording goes through the same
// de-identification as an outcome recording (no tags, chapters or extra tracks; named by a fresh
// opaque code), then becomes a clips row of kind 'training' with its training-set label beside it.
// Training recordings are not trial data, but a trainee still sees only a code: nothing marks a
// training clip's media as different from an outcome clip's.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { utcNow, type Db } from '../../../../db/open';
import { insertClip } from '../../../../db/repositories/clips';
import { findGoldClip, insertGoldClip } from '../../../../db/repositories/gold';
import { appendAudit } from '../../audit/chain';
import { newClipCode } from '../../blinding/codes';
import { runDeidentification, type DeidentifyProgress } from '../../blinding/deidentify';
import { studyDimensions } from '../../coding/dimensions';
import { isOnScale } from '../../coding/scales';
import type { GoldImportView } from '../../../common/contract';
import { CoreError } from '../../../common/result';
import { studyPicture } from '../../setup/picture';
import { assertStudyUnlocked } from '../../study/lockState';
import { takenCodes } from '../../setup/recordings';
import { parseGoldManifest, recordGoldScores } from './gold';

export interface GoldClipSource {
  /** Path of the training recording. Never stored: only its label is. */
  readonly file: string;
  readonly label: string;
}

export async function importGoldClips(
  db: Db,
  mediaFolder: string,
  sources: readonly GoldClipSource[],
  actor: string,
  options: { readonly jobs?: number; readonly signal?: AbortSignal; readonly onProgress?: (e: DeidentifyProgress) => void } = {},
): Promise<Pick<GoldImportView, 'added' | 'failed'>> {
  const labels = new Set<string>();
  for (const s of sources) {
    const label = s.label.trim();
    if (label === '') throw new CoreError('bad_input', 'Every gold-standard clip needs a label');
    if (labels.has(label)) throw new CoreError('bad_input', `The label "${label}" appears twice`);
    if (findGoldClip(db, label)) throw new CoreError('conflict', `The study already has a gold-standard clip "${label}"`);
    labels.add(label);
  }
  const taken = takenCodes(db);
  // The study's uniform picture applies to training clips too, so their picture never sets them apart.
  const picture = studyPicture(db);
  const jobs = sources.map((s) => {
    const code = newClipCode(taken);
    taken.add(code);
    return { code, label: s.label.trim(), sourceFile: path.resolve(s.file), outputDir: mediaFolder };
  });
  const report = await runDeidentification(
    jobs.map(({ code, sourceFile, outputDir }) => ({ code, sourceFile, outputDir, ...(picture ? { picture } : {}) })),
    {
      ...(options.jobs ? { concurrency: options.jobs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  const labelOf = new Map(jobs.map((j) => [j.code, j.label]));
  const added = report.results.map((r) => ({ code: r.code, label: labelOf.get(r.code)! }));
  db.transaction(() => {
    const now = utcNow();
    for (const r of report.results) {
      const clipId = insertClip(db, {
        code: r.code,
        kind: 'training',
        mediaFile: path.basename(r.outputFile),
        sha256: r.outputSha256,
        durationSeconds: r.durationSeconds,
        frameRate: r.frameRate || null,
        width: r.width || null,
        height: r.height || null,
        createdAt: now,
      });
      insertGoldClip(db, { clipId, label: labelOf.get(r.code)!, addedBy: actor, addedAt: now });
    }
    appendAudit(db, { actor, action: 'training.clips', detail: { added: added.length, failed: report.failures.length, cancelled: report.cancelled } });
  })();
  return { added, failed: report.failures.map((f) => ({ label: labelOf.get(f.code) ?? f.code, message: f.error.message })) };
}

const MANIFEST_COLUMNS = ['file', 'label'];

function unknownColumns(text: string, dimensionIds: readonly string[]): string[] {
  const header = Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { preview: 1, skipEmptyLines: 'greedy' }).data[0] ?? [];
  return header.map((h) => h.trim()).filter((h) => h !== '' && !MANIFEST_COLUMNS.includes(h) && !dimensionIds.includes(h));
}

/**
 * A whole gold standard from one manifest (see parseGoldManifest): the recordings are
 * de-identified and added, then their master scores recorded under `source`. File paths are
 * relative to the manifest's folder. Clips whose de-identification failed get no scores.
 */
export async function importGoldManifest(
  db: Db,
  mediaFolder: string,
  manifest: { readonly text: string; readonly folder: string },
  source: string,
  actor: string,
  options: { readonly jobs?: number; readonly signal?: AbortSignal; readonly onProgress?: (e: DeidentifyProgress) => void } = {},
): Promise<GoldImportView> {
  if (source.trim() === '') throw new CoreError('bad_input', 'Say whose master scores these are (the source)');
  assertStudyUnlocked(db, 'gold-standard clips');
  const dimensions = studyDimensions(db);
  const dimensionIds = dimensions.map((d) => d.id);
  // A column that is neither file, label nor a dimension is refused: a misspelt dimension would
  // otherwise lose its scores without a word.
  const unknown = unknownColumns(manifest.text, dimensionIds);
  if (unknown.length > 0) {
    throw new CoreError(
      'bad_input',
      `The manifest has column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')} that ${unknown.length === 1 ? 'is' : 'are'} not file, label or a dimension (${dimensionIds.join(', ')})`,
    );
  }
  const rows = parseGoldManifest(manifest.text, dimensionIds);
  // Every recording must be readable before any is processed, so a missing one changes nothing.
  const missing: string[] = [];
  for (const r of rows) {
    try {
      await access(path.resolve(manifest.folder, r.file), constants.R_OK);
    } catch {
      missing.push(`row ${r.row}: the recording "${path.basename(r.file)}" could not be read`);
    }
  }
  if (missing.length > 0) throw new CoreError('not_found', missing.slice(0, 20).join('; '));
  // Every score is checked before any recording is processed, so a typo costs no transcoding.
  const offScale = rows.flatMap((r) =>
    Object.entries(r.scores)
      .filter(([id, score]) => !isOnScale(dimensions.find((d) => d.id === id)!, score))
      .map(([id, score]) => `row ${r.row}: ${score} is not on the ${id} scale`),
  );
  if (offScale.length > 0) throw new CoreError('bad_input', offScale.slice(0, 20).join('; '));
  const clips = await importGoldClips(
    db,
    mediaFolder,
    rows.map((r) => ({ file: path.resolve(manifest.folder, r.file), label: r.label })),
    actor,
    options,
  );
  const ok = new Set(clips.added.map((a) => a.label));
  const entries = rows
    .filter((r) => ok.has(r.label))
    .flatMap((r) => Object.entries(r.scores).map(([dimension, score]) => ({ clip: r.label, dimension, score })));
  const scores = entries.length > 0 ? recordGoldScores(db, entries, { source }, actor) : { added: 0, corrected: 0, unchanged: 0 };
  return { ...clips, scores };
}
