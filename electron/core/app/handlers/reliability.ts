// Handlers of the reliability lead's entries: they unwrap the contract's inputs and call
// reliability/study (which reads and writes the study) and reliability/export (pure rendering).
// Media for re-watching goes out as a short-lived token URL for the blinded file, as for coders.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assignedClipIds, latestRatingsOf } from '../../../../db/repositories/reliability';
import { listUsers } from '../../../../db/repositories/users';
import { appendAudit } from '../../audit/chain';
import { studyDimensions } from '../../coding/dimensions';
import type { CallInput, PairReport, ReliabilityReportFormat } from '../../../common/contract';
import { blandAltmanSvg, driftSvg, heatmapSvg, reliabilityCsv, reliabilityHtml, reliabilityPairsCsv } from '../../reliability/export';
import type { PairQuery } from '../../reliability/study';
import {
  assignTraining,
  certificationStatus,
  certifyTrainee,
  clipForReview,
  consensusExportCsv,
  consensusExportRows,
  consensusHistoryOf,
  doubleCodedPairs,
  goldStandard,
  recordConsensus,
  reliabilityForPair,
  reliabilitySettings,
  reliabilitySummary,
  setReliabilitySettings,
} from '../../reliability/study';
import { CoreError } from '../../../common/result';
import { asUser, must, type CoreContext, type HandlerGroup } from './context';

type ReliabilityCalls =
  | 'reliability.overview'
  | 'reliability.summary'
  | 'reliability.report'
  | 'reliability.clip'
  | 'reliability.consensusHistory'
  | 'reliability.recordConsensus'
  | 'reliability.setSettings'
  | 'reliability.training'
  | 'reliability.assignTraining'
  | 'reliability.certify'
  | 'reliability.exportReport';

type PairQuestion = CallInput<'reliability.report'>;

function pairQuery(q: PairQuestion): PairQuery {
  return {
    a: q.a,
    b: 'gold' in q.b ? { gold: true } : { coder: q.b.coder },
    dimension: q.dimension,
    ...(q.clips ? { clips: q.clips } : {}),
    from: q.from ?? null,
    to: q.to ?? null,
    ...(q.disagreementSize === undefined ? {} : { disagreementSize: q.disagreementSize }),
  };
}

const svgUrl = (svg: string): string => `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;

/** A file name from names a lead typed: letters, digits, dot, dash and underscore only. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'rater';
}

const EXTENSION: Record<ReliabilityReportFormat, string> = { pdf: 'pdf', csv: 'csv', pairs_csv: 'csv', consensus_csv: 'csv' };
const SUFFIX: Record<ReliabilityReportFormat, string> = { pdf: '', csv: '', pairs_csv: '-pairs', consensus_csv: '-consensus' };
const TITLE: Record<ReliabilityReportFormat, string> = {
  pdf: 'Save the reliability report (PDF)',
  csv: 'Save the reliability statistics (CSV)',
  pairs_csv: 'Save the rated pairs with notes (CSV)',
  consensus_csv: 'Save the original ratings with consensus scores (CSV)',
};

async function reportFile(ctx: CoreContext, report: PairReport, format: ReliabilityReportFormat): Promise<Buffer | string> {
  switch (format) {
    case 'pdf':
      return ctx.host.renderPdf(reliabilityHtml(report, { studyName: ctx.study.name }));
    case 'csv':
      return reliabilityCsv(report);
    case 'pairs_csv':
      return reliabilityPairsCsv(report);
    case 'consensus_csv':
      return consensusExportCsv(consensusExportRows(ctx.study.db, [report.dimension.id]));
  }
}

export const reliabilityHandlers: HandlerGroup<ReliabilityCalls> = {
  'reliability.overview': (ctx) => {
    const db = ctx.study.db;
    return {
      dimensions: studyDimensions(db),
      coders: listUsers(db, 'coder').map((u) => u.name),
      pairs: doubleCodedPairs(db, 'outcome'),
      goldClips: goldStandard(db).length,
      settings: reliabilitySettings(db),
    };
  },
  'reliability.summary': (ctx) => reliabilitySummary(ctx.study.db),
  'reliability.report': (ctx, _caller, input) => {
    const report = reliabilityForPair(ctx.study.db, pairQuery(input));
    const raters = { a: report.raterA, b: report.raterB };
    const { criterion } = report.verdict;
    return {
      report,
      charts: {
        heatmap: svgUrl(heatmapSvg(report.confusion, raters)),
        blandAltman: svgUrl(blandAltmanSvg(report.blandAltman, report.dimension, raters)),
        drift: svgUrl(driftSvg(report.drift, criterion.threshold, criterion.weights)),
      },
    };
  },
  'reliability.clip': (ctx, caller, input) => {
    const session = must(caller);
    const clip = clipForReview(ctx.study.db, input.code);
    const file = path.join(ctx.study.paths.blindedMedia, path.basename(clip.mediaFile));
    const token = ctx.mediaTokens.issue({ sessionKey: caller.sessionKey, userId: session.userId, file, contentType: 'video/mp4' });
    return { code: clip.code, mediaUrl: `${ctx.mediaBaseUrl}${token}`, durationSeconds: clip.durationSeconds, frameRate: clip.frameRate };
  },
  'reliability.consensusHistory': (ctx, _caller, input) => consensusHistoryOf(ctx.study.db, input.clip, input.dimension),
  'reliability.recordConsensus': (ctx, caller, input) => recordConsensus(ctx.study.db, asUser(caller), input),
  'reliability.setSettings': (ctx, caller, input) => setReliabilitySettings(ctx.study.db, input.patch, must(caller).name),
  'reliability.training': (ctx) => {
    const db = ctx.study.db;
    return {
      goldClips: goldStandard(db),
      trainees: listUsers(db, 'coder').map((u) => ({
        name: u.name,
        assigned: assignedClipIds(db, u.id, 'training').size,
        submitted: latestRatingsOf(db, u.id, 'training').length,
        certifications: certificationStatus(db, u.name).map((c) => ({
          dimension: c.dimension,
          master: c.master,
          n: c.n,
          weights: c.weights,
          kappa: c.kappa,
          ciLow: c.ciLow,
          ciHigh: c.ciHigh,
          threshold: c.threshold,
          basis: c.basis,
          verdict: c.verdict,
          decidedBy: c.decidedBy,
          decidedAt: c.decidedAt,
        })),
      })),
    };
  },
  'reliability.assignTraining': (ctx, caller, input) =>
    assignTraining(ctx.study.db, input.trainee, must(caller).name, input.clips && input.clips.length > 0 ? { clips: input.clips } : {}),
  'reliability.certify': (ctx, caller, input) =>
    certifyTrainee(ctx.study.db, input.trainee, must(caller).name, {
      record: input.record,
      ...(input.masterCoder ? { master: { coder: input.masterCoder } } : {}),
      ...(input.dimensions ? { dimensions: input.dimensions } : {}),
    }),
  'reliability.exportReport': async (ctx, caller, input) => {
    const lead = must(caller);
    const report = reliabilityForPair(ctx.study.db, pairQuery(input.question));
    const name = `reliability-${report.dimension.id}-${fileSafe(report.raterA)}-vs-${fileSafe(report.raterB)}${SUFFIX[input.format]}.${EXTENSION[input.format]}`;
    const chosen = await ctx.host.chooseSavePath({ title: TITLE[input.format], defaultName: name });
    if (chosen === null) return { path: null };
    const content = await reportFile(ctx, report, input.format);
    try {
      await writeFile(chosen, content);
    } catch {
      throw new CoreError('conflict', 'The report could not be written there; choose another place');
    }
    appendAudit(ctx.study.db, {
      actor: lead.name,
      action: 'reliability.export',
      detail: { format: input.format, dimension: report.dimension.id, a: report.raterA, b: report.raterB, n: report.n, from: report.range.from, to: report.range.to },
    });
    return { path: chosen };
  },
};
