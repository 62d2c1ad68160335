// The manager's close-out entries: status, the data lock, unblinding (emergency, one clip, before the
// lock; the whole study after it), ratings imported from CSV, exports, and the analysis report.
// The manager is unblinded: these views may carry participant ids and arms, and never reach another
// role. The views are declared in ./closeout/ (views, the analysis report's published JSON, and its
// screen form), each once, as the schema its entry's output is checked with.
import { z } from 'zod';
import { call, clipCode, none, nothing } from './base';
import { analysisView } from './closeout/analysisView';
import {
  closeoutStatusView,
  emergencyRevealView,
  exportLayout,
  exportReceiptView,
  lockView,
  ratingsImported,
  savedAnalysisReport,
  unblindReceiptView,
} from './closeout/views';
import { importReport } from './setup';

export * from './closeout/analysisView';
export * from './closeout/report';
export * from './closeout/views';

const secret = z.string().min(1).max(1024);
const reason = z.string().max(2000);
const armLabel = z.string().trim().min(1).max(100);
const analysisOptions = {
  /** [intervention, control]; needed unless the allocation's labels are "intervention" and "control". */
  arms: z.tuple([armLabel, armLabel]).optional(),
  timepoints: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
};

export const closeoutEntries = {
  'closeout.status': call({
    input: none,
    output: closeoutStatusView,
    roles: ['manager'],
    summary: 'Where the close-out stands: lock, unsubmitted assignments, emergency unblindings, seal, unblinding.',
  }),
  'closeout.lock': call({
    input: z
      .object({
        confirmedExceptions: z.array(z.object({ code: clipCode, coder: z.string().trim().min(1).max(63) }).strict()).max(100_000),
        /** Needed when a reliability pair fails or a disagreement has no consensus: why the study locks anyway (audited, printed in the analysis report). */
        reliabilityReason: reason.optional(),
      })
      .strict(),
    output: lockView,
    roles: ['manager'],
    summary: 'Lock the study; unsubmitted assignments must be confirmed as exceptions, failing reliability with a reason. After this no rating can change.',
  }),
  'closeout.emergencyUnblind': call({
    input: z.object({ code: clipCode, password: secret, passphrase: secret, reason }).strict(),
    output: emergencyRevealView,
    roles: ['manager'],
    summary: 'Before the lock, reveal one clip in an emergency, with a logged reason.',
  }),
  'closeout.unblind': call({
    input: z.object({ password: secret, passphrase: secret, reason }).strict(),
    output: unblindReceiptView,
    roles: ['manager'],
    summary: "After the lock, unblind the study with the manager's password, the passphrase and a reason.",
  }),
  'closeout.openKey': call({
    input: z.object({ passphrase: secret }).strict(),
    output: nothing,
    roles: ['manager'],
    summary: 'Open the key of an already unblinded study for this session (unblinded exports and analysis).',
  }),
  'closeout.importRatings': call({
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: importReport(ratingsImported),
    roles: ['manager'],
    summary: 'Import ratings coded elsewhere from CSV: all rows or none.',
  }),
  'closeout.export': call({
    input: z.object({ layout: exportLayout, unblinded: z.boolean(), bom: z.boolean().optional(), timepoints: analysisOptions.timepoints }).strict(),
    output: exportReceiptView.nullable(),
    roles: ['manager'],
    summary: 'Export the ratings (blinded at any time, unblinded after unblinding) with a data dictionary and R, SPSS, Stata and SAS readers, where the manager chooses.',
  }),
  'closeout.analysis': call({
    input: z.object(analysisOptions).strict(),
    output: analysisView,
    roles: ['manager'],
    summary: 'The analysis report of the unblinded study: tables, figures and text.',
  }),
  'closeout.saveReport': call({
    input: z.object({ format: z.enum(['pdf', 'text']), ...analysisOptions }).strict(),
    output: savedAnalysisReport.nullable(),
    roles: ['manager'],
    summary: 'Save the analysis report as PDF or text where the manager chooses.',
  }),
} as const;
