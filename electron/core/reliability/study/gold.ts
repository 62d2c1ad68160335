// Master scores of gold-standard training clips. Decision: they live in their own table
// (gold_scores), not as a "master" user's ratings. Master scores usually come from the scale's
// trainers as a list, not from someone coding in this app; a table keyed by clip × dimension says
// whose scores they are (`source`), can be corrected with a reason (a new version), and — because
// no coder assignment holds them — cannot surface in any coder's queue or clip view. A study that
// prefers a designated master coder compares against that coder's ratings instead (RaterRef).
import Papa from 'papaparse';
import { utcNow, type Db } from '../../../../db/open';
import { findGoldClip, goldScoreHistory, insertGoldScore, latestGoldScores, listGoldClips } from '../../../../db/repositories/gold';
import { appendAudit } from '../../audit/chain';
import { studyDimensions } from '../../coding/dimensions';
import { isOnScale } from '../../coding/scales';
import type { GoldClipView, GoldImportView } from '../../../common/contract';
import { CoreError } from '../../../common/result';
import { findDimension } from './settings';

export interface GoldScoreEntry {
  /** The clip's code or its gold-standard label. */
  readonly clip: string;
  readonly dimension: string;
  readonly score: number;
}

const MAX_PROBLEMS = 20;

function fail(problems: readonly string[]): never {
  const shown = problems.slice(0, MAX_PROBLEMS).join('; ');
  throw new CoreError('bad_input', problems.length > MAX_PROBLEMS ? `${shown}; and ${problems.length - MAX_PROBLEMS} more` : shown);
}

/**
 * Records master scores, all or none. A score equal to the current one is left alone; a different
 * one is a correction and needs a reason.
 */
export function recordGoldScores(
  db: Db,
  entries: readonly GoldScoreEntry[],
  options: { readonly source: string; readonly reason?: string | null },
  actor: string,
): GoldImportView['scores'] {
  const source = options.source.trim();
  if (source === '') throw new CoreError('bad_input', 'Say whose master scores these are (the source)');
  const reason = options.reason?.trim() || null;
  const problems: string[] = [];
  const resolved = entries.flatMap((e, i) => {
    const clip = findGoldClip(db, e.clip);
    if (!clip) {
      problems.push(`entry ${i + 1}: there is no gold-standard clip "${e.clip}"`);
      return [];
    }
    let dimension;
    try {
      dimension = findDimension(db, e.dimension);
    } catch (error) {
      problems.push(`entry ${i + 1}: ${(error as Error).message}`);
      return [];
    }
    if (!isOnScale(dimension, e.score)) {
      problems.push(`entry ${i + 1} (${clip.label}): ${e.score} is not on the ${dimension.label} scale`);
      return [];
    }
    return [{ clip, dimension: dimension.id, score: e.score }];
  });
  const seen = new Set<string>();
  for (const r of resolved) {
    const key = `${r.clip.clipId}|${r.dimension}`;
    if (seen.has(key)) problems.push(`${r.clip.label} has two scores for ${r.dimension}`);
    seen.add(key);
  }
  if (problems.length > 0) fail(problems);

  return db.transaction(() => {
    let added = 0;
    let corrected = 0;
    let unchanged = 0;
    const at = utcNow();
    for (const r of resolved) {
      const history = goldScoreHistory(db, r.clip.clipId, r.dimension);
      const latest = history[history.length - 1];
      if (latest && latest.score === r.score) {
        unchanged++;
        continue;
      }
      if (latest && (reason === null || reason.length < 3)) {
        throw new CoreError('bad_input', `${r.clip.label} already has a master ${r.dimension} score (${latest.score}); changing it to ${r.score} needs a reason`);
      }
      insertGoldScore(db, {
        clipId: r.clip.clipId,
        dimension: r.dimension,
        version: (latest?.version ?? 0) + 1,
        supersedesId: latest?.id ?? null,
        score: r.score,
        source,
        reason: latest ? reason : null,
        enteredBy: actor,
        enteredAt: at,
      });
      if (latest) corrected++;
      else added++;
    }
    appendAudit(db, { actor, action: 'training.gold_scores', detail: { source, added, corrected, unchanged }, reason: corrected > 0 ? reason : null });
    return { added, corrected, unchanged };
  })();
}

/** The gold standard as the reliability lead sees it. Never for coders: it holds the master scores. */
export function goldStandard(db: Db): GoldClipView[] {
  const scores = new Map<number, Record<string, number>>();
  for (const d of studyDimensions(db)) {
    for (const g of latestGoldScores(db, d.id)) scores.set(g.clipId, { ...scores.get(g.clipId), [d.id]: g.score });
  }
  return listGoldClips(db).map((c) => ({ code: c.code, label: c.label, scores: scores.get(c.clipId) ?? {} }));
}

export interface GoldManifestRow {
  /** 1-based row number after the header. */
  readonly row: number;
  readonly file: string;
  readonly label: string;
  readonly scores: Readonly<Record<string, number>>;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A gold-standard manifest: a `file` column (path of the training recording), an optional `label`
 * column (the training set's name for it; default the file name without extension) and one column
 * per dimension id holding the master score (empty: no master score on that dimension).
 */
export function parseGoldManifest(text: string, dimensionIds: readonly string[]): GoldManifestRow[] {
  const csv = Papa.parse<Record<string, string | undefined>>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const fields = csv.meta.fields ?? [];
  if (!fields.includes('file')) throw new CoreError('bad_input', `The manifest needs a "file" column; its columns are: ${fields.join(', ')}`);
  const scoreColumns = fields.filter((f) => dimensionIds.includes(f));
  if (scoreColumns.length === 0) throw new CoreError('bad_input', `The manifest has no column named after a dimension (${dimensionIds.join(', ')})`);
  const problems: string[] = [];
  const labels = new Set<string>();
  const rows = csv.data.map((raw, i) => {
    const file = (raw['file'] ?? '').trim();
    if (file === '') problems.push(`row ${i + 1}: no file`);
    const base = file.split(/[\\/]/).pop() ?? file;
    const label = (raw['label'] ?? '').trim() || base.replace(/\.[^.]+$/, '');
    if (labels.has(label)) problems.push(`row ${i + 1}: the label "${label}" appears twice`);
    labels.add(label);
    const scores: Record<string, number> = {};
    for (const column of scoreColumns) {
      const cell = (raw[column] ?? '').trim();
      if (cell === '') continue;
      if (!NUMBER.test(cell)) problems.push(`row ${i + 1}: "${cell}" in column ${column} is not a number`);
      else scores[column] = Number(cell);
    }
    return { row: i + 1, file, label, scores };
  });
  if (problems.length > 0) fail(problems);
  return rows;
}
