// PairReport inputs without a database: paired scores with times, notes and consensus.
import { DEFAULT_CRITERION } from '../../../electron/core/reliability/criterion';
import type { DimensionScale, PairedScores, PairReportInput } from '../../../electron/core/reliability/pairReport';
import type { Pair } from './naiveReference';

export const SENSITIVITY: DimensionScale = {
  id: 'sensitivity',
  label: 'EAS maternal sensitivity',
  min: 1,
  max: 7,
  step: 0.5,
  categories: [
    { from: 1, label: 'not sensitive' },
    { from: 5.5, label: 'sensitive' },
  ],
};

export function paired(pairs: readonly Pair[], opts: { notes?: (i: number) => [string, string]; start?: number } = {}): PairedScores[] {
  const start = opts.start ?? Date.UTC(2026, 1, 1);
  return pairs.map(([a, b], i) => {
    const at = new Date(start + i * 86_400_000).toISOString();
    const [noteA, noteB] = opts.notes?.(i) ?? ['', ''];
    return {
      clip: `C${String(i).padStart(3, '0')}-TEST`,
      a: { score: a, note: noteA, overallNote: '', markers: [], sourceId: 2 * i + 1, version: 1, submittedAt: at },
      b: { score: b, note: noteB, overallNote: '', markers: [], sourceId: 2 * i + 2, version: 1, submittedAt: at },
      at,
      consensus: null,
    };
  });
}

export function input(pairs: PairedScores[], over: Partial<PairReportInput> = {}): PairReportInput {
  return {
    dimension: SENSITIVITY,
    raterA: 'coder1',
    raterB: 'coder2',
    clipKind: 'outcome',
    range: { from: null, to: null },
    pairs,
    exclusions: { unscorable: 1, missingScore: 0, pending: 2 },
    criterion: DEFAULT_CRITERION,
    drift: { batchSize: 10, step: 10 },
    disagreementSize: 1,
    generatedAt: '2026-03-01T12:00:00.000Z',
    ...over,
  };
}
