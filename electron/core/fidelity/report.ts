// The fidelity summary as the app and the command line show it: summary.ts's numbers over the
// sampled sessions and their primary auditors' adherence scores, the study's items, and agreement
// between two auditors from the reliability module — plus its CSV export.
//
// Decisions:
// - A session's score is its primary auditor's latest submitted version; the second auditor's score
//   of a double-scored session is used only for agreement. A session its primary auditor marked
//   unscorable counts as sampled, not scored (and is counted apart).
// - Clinicians appear under their pseudonymous labels unless the caller passes the unlocked key
//   (a manager): the auditor's view never has names.
import type { Db } from '../../../db/open';
import { countSessionClips, sampledSessions, samplingRounds, sessionRatings } from '../../../db/repositories/fidelity';
import { countSealed } from '../../../db/repositories/sealed';
import type { Keyring } from '../blinding/sealedKey';
import { categoryOf } from '../coding/scales';
import { toCsv } from '../csv';
import { reliabilityReport, reportToJson } from '../reliability';
import { ADHERENCE_ID, fidelityItems } from './dimensions';
import type { SessionRecording } from './sampling';
import { clinicianLabelsOf, sampleRoundsOf } from './sealed';
import { ACCEPTABLE_ADHERENCE, ADHERENCE_MAX, ADHERENCE_MIN, summarizeAdherence, type AdherenceSummary } from './summary';
import type { FidelityGroupRow, FidelityItemRow, FidelityReportView } from '../../common/contract';

export interface FidelityReportOptions {
  /** The unlocked study key: clinicians are then shown by name. */
  readonly keyring?: Keyring;
  readonly confidenceLevel?: number;
}

function groupRow(level: FidelityGroupRow['level'], group: string, s: AdherenceSummary): FidelityGroupRow {
  const p = s.acceptableProportion;
  const m = s.meanAdherence;
  const r = s.adherenceRange;
  return {
    level,
    group,
    sampled: s.sampled,
    scored: s.scored,
    acceptable: s.acceptable,
    proportionAcceptable: p.kind === 'value' ? p.proportion : null,
    ci: p.kind === 'value' ? { lower: p.ci.lower, upper: p.ci.upper, level: p.ci.level } : null,
    meanAdherence: m.kind === 'value' ? m.value : null,
    minAdherence: r.kind === 'value' ? r.min : null,
    maxAdherence: r.kind === 'value' ? r.max : null,
  };
}

export function fidelityReport(db: Db, options: FidelityReportOptions = {}): FidelityReportView {
  const sampled = sampledSessions(db);
  const names = options.keyring ? new Map([...clinicianLabelsOf(sampleRoundsOf(db, options.keyring))].map(([name, label]) => [label, name])) : undefined;
  const clinicianOf = (label: string): string => names?.get(label) ?? label;
  const sessions: SessionRecording[] = sampled.map((s) => ({ id: s.code, clinician: clinicianOf(s.clinicianLabel), sessionNumber: s.sessionNumber }));
  const sampledCodes = new Set(sampled.map((s) => s.code));

  const ratings = sessionRatings(db).filter((r) => sampledCodes.has(r.code));
  const primary = ratings.filter((r) => r.purpose === 'primary');
  const scoredPrimary = primary.filter((r) => r.scores !== null && !r.unscorable && typeof r.scores[ADHERENCE_ID] === 'number');
  const summary = summarizeAdherence(
    sessions,
    scoredPrimary.map((r) => ({ sessionId: r.code, adherence: r.scores![ADHERENCE_ID]! })),
    options.confidenceLevel,
  );

  const items: FidelityItemRow[] = fidelityItems(db).map((item) => {
    const values = primary.flatMap((r) => (r.scores && !r.unscorable && typeof r.scores[item.id] === 'number' ? [r.scores[item.id]!] : []));
    const counts = new Map(item.categories.map((c) => [c.label, 0]));
    for (const v of values) counts.set(categoryOf(item, v), (counts.get(categoryOf(item, v)) ?? 0) + 1);
    return {
      id: item.id,
      label: item.label,
      scored: values.length,
      mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      min: values.length ? Math.min(...values) : null,
      max: values.length ? Math.max(...values) : null,
      categories: [...counts].map(([label, count]) => ({ label, count })),
    };
  });

  const adherenceOf = (r: (typeof ratings)[number]): number | undefined => (r.scores && !r.unscorable ? r.scores[ADHERENCE_ID] : undefined);
  const pairs: [number, number][] = [];
  for (const second of ratings.filter((r) => r.purpose === 'reliability')) {
    const b = adherenceOf(second);
    const first = primary.find((r) => r.code === second.code);
    const a = first && adherenceOf(first);
    if (a !== undefined && b !== undefined) pairs.push([a, b]);
  }
  const scale = { min: ADHERENCE_MIN, max: ADHERENCE_MAX, step: 1 };
  const report = pairs.length > 0 ? reliabilityReport(pairs, scale, { cutoffs: [ACCEPTABLE_ADHERENCE] }) : null;
  const share = (test: (a: number, b: number) => boolean): number | null => (pairs.length ? pairs.filter(([a, b]) => test(a, b)).length / pairs.length : null);

  const rounds = samplingRounds(db);
  const imported = countSealed(db, 'session_recording');
  const deidentified = countSessionClips(db);
  return {
    clinicianNames: names ? 'names' : 'pseudonyms',
    acceptableRule: summary.rule,
    samplingRule: rounds[rounds.length - 1]?.rule ?? null,
    rounds: rounds.map((r) => ({
      round: r.round,
      fraction: r.fraction,
      stratifiedBy: r.stratifiedBy,
      rule: r.rule,
      sessions: r.sessions,
      picked: r.picked,
      newlyPicked: r.newlyPicked,
      drawnAt: r.drawnAt,
      commitment: r.commitment,
    })),
    imported,
    sampled: sampled.length,
    deidentified,
    assigned: new Set(primary.map((r) => r.code)).size,
    unscorable: primary.filter((r) => r.unscorable).length,
    overall: groupRow('overall', 'All sampled sessions', summary.overall),
    byClinician: summary.byClinician.map((c) => groupRow('clinician', c.clinician, c)),
    bySessionNumber: summary.bySessionNumber.map((s) => groupRow('session_number', `Session ${s.sessionNumber}`, s)),
    items,
    agreement: {
      pairs: pairs.length,
      adherence: report && report.ok ? reportToJson(report.value, { scale, skipped: 0 }) : null,
      exactAgreement: share((a, b) => a === b),
      acceptableAgreement: share((a, b) => (a >= ACCEPTABLE_ADHERENCE) === (b >= ACCEPTABLE_ADHERENCE)),
    },
  };
}

const CSV_COLUMNS = [
  'level',
  'group',
  'sampled',
  'scored',
  'acceptable',
  'percent_acceptable',
  'ci95_lower_percent',
  'ci95_upper_percent',
  'mean_adherence',
  'min_adherence',
  'max_adherence',
] as const;

const percent = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 10000) / 100);
const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);

/** The summary as CSV: one row for all sessions, then per clinician, then per session number. */
export function fidelityReportCsv(report: FidelityReportView): string {
  const rows = [report.overall, ...report.byClinician, ...report.bySessionNumber].map((r) =>
    [
      r.level,
      r.group,
      r.sampled,
      r.scored,
      r.acceptable,
      percent(r.proportionAcceptable),
      percent(r.ci?.lower),
      percent(r.ci?.upper),
      round3(r.meanAdherence),
      r.minAdherence,
      r.maxAdherence,
    ],
  );
  return toCsv(CSV_COLUMNS, rows);
}
