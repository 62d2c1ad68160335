// Running the analysis of an unblinded study: open the key (checked against the commitment recorded
// at unblinding), gather, compute, log. Writing the figures is the one file-system edge, and it
// refuses the study folder, which must never hold the allocation.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import type { Keyring } from '../blinding/sealedKey';
import { CoreError } from '../../common/result';
import { isInside } from './export';
import { openUnblindedKey } from './unblind';
import type { AnalysisOptions } from '../analysis/input';
import { gatherAnalysisInput } from './analysisInput';
import { analysisPlots, type Plot } from '../analysis/plots';
import { buildAnalysisReport } from '../analysis/report';
import type { AnalysisReport } from '../../common/contract';

export function analyseStudy(db: Db, keyring: Keyring, actor: string, options: AnalysisOptions = {}): AnalysisReport {
  const key = openUnblindedKey(db, keyring);
  const report = buildAnalysisReport(gatherAnalysisInput(db, key, options));
  db.transaction(() =>
    appendAudit(db, {
      actor,
      action: 'analysis.run',
      detail: { dimensions: report.outcomes.length === 0 ? 0 : new Set(report.outcomes.map((o) => o.dimension)).size, timepoints: report.timepoints.length },
    }),
  )();
  return report;
}

/** Writes every figure as an SVG file into `dir` (created if needed); returns the paths. */
export async function writeAnalysisPlots(report: AnalysisReport, dir: string, studyDir: string): Promise<string[]> {
  const target = path.resolve(dir);
  if (isInside(studyDir, target)) throw new CoreError('bad_input', 'Write the figures outside the study folder: it must never hold the allocation');
  const plots: Plot[] = analysisPlots(report);
  try {
    await mkdir(target, { recursive: true });
    for (const p of plots) await writeFile(path.join(target, p.file), p.svg, 'utf8');
  } catch (error) {
    throw new CoreError('bad_input', `Could not write the figures: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return plots.map((p) => path.join(target, p.file));
}
