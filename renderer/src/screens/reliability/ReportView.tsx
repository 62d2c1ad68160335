// The two-rater report on screen: n, the verdict against the study's threshold, every statistic
// with its CI, the three charts, the disagreements, and saving the report as PDF or CSV.
import { useState } from 'react';
import type { CallInput, PairReport, ReliabilityReportFormat } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { useCall } from '../../hooks/useCall';
import { BlandAltmanChart, ConfusionChart, DriftChart } from './Charts';
import { Disagreements } from './Disagreements';
import { StatisticsTable } from './StatisticsTable';
import { f3, scaleValue, when } from './format';

export type PairQuestion = CallInput<'reliability.report'>;

const VERDICT_WORD = { pass: 'Pass', fail: 'Fail', insufficient: 'No verdict yet' } as const;

function Summary({ report }: { report: PairReport }) {
  const v = report.verdict;
  const c = v.criterion;
  const ex = report.exclusions;
  const left: string[] = [];
  if (ex.unscorable > 0) left.push(`${ex.unscorable} marked unscorable`);
  if (ex.missingScore > 0) left.push(`${ex.missingScore} without a score on this dimension`);
  if (ex.pending > 0) left.push(`${ex.pending} not yet submitted by both`);
  return (
    <div className="rel-summary">
      <p className={`rel-verdict rel-${v.outcome}`} data-testid="verdict">
        <strong>{VERDICT_WORD[v.outcome]}</strong>: {v.message}.
      </p>
      <p className="muted">
        Criterion: {c.weights} weighted kappa{c.basis === 'ci_lower' ? ' (lower end of its 95% CI)' : ''} ≥ {f3(c.threshold)}, with at least {c.minPairs} pairs
        {report.clipKind === 'training' ? ' (the certification criterion)' : ''}.
      </p>
      <p data-testid="pair-count">
        <strong>n = {report.n}</strong> {report.clipKind === 'training' ? 'training' : 'double-coded'} clip{report.n === 1 ? '' : 's'} on a {scaleValue(report.dimension.min)}–
        {scaleValue(report.dimension.max)} scale in steps of {scaleValue(report.dimension.step)}
        {report.period ? `, second ratings submitted ${when(report.period.first)} to ${when(report.period.last)}` : ''}.
        {left.length > 0 ? ` Left out: ${left.join('; ')}.` : ''}
      </p>
    </div>
  );
}

const EXPORTS: readonly (readonly [ReliabilityReportFormat, string])[] = [
  ['pdf', 'Save PDF report'],
  ['csv', 'Save statistics (CSV)'],
  ['pairs_csv', 'Save pairs with notes (CSV)'],
  ['consensus_csv', 'Save originals and consensus (CSV)'],
];

function Exports({ question }: { question: PairQuestion }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = async (format: ReliabilityReportFormat) => {
    setBusy(true);
    setMessage(null);
    try {
      const saved = await call('reliability.exportReport', { question, format });
      setMessage(saved.path === null ? { kind: 'ok', text: 'Not saved.' } : { kind: 'ok', text: `Saved to ${saved.path}` });
    } catch (error) {
      setMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="rel-export-title">
      <h3 id="rel-export-title">Report</h3>
      <div className="row">
        {EXPORTS.map(([format, label]) => (
          <button key={format} type="button" disabled={busy} onClick={() => void save(format)}>
            {label}
          </button>
        ))}
      </div>
      {busy ? <p className="muted">Saving…</p> : null}
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'rel-ok'} data-testid="export-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

export function ReportView({ question, onQuestion }: { question: PairQuestion; onQuestion: (q: PairQuestion) => void }) {
  const [loaded, reload] = useCall('reliability.report', question);
  if (loaded.state === 'loading') return <p aria-busy="true">Computing…</p>;
  if (loaded.state === 'error') {
    return (
      <p role="alert" className="error">
        {loaded.message}
      </p>
    );
  }
  const view = loaded.value;
  const { report } = view;
  return (
    <article className="rel-report" aria-labelledby="rel-report-title">
      <h2 id="rel-report-title">
        {report.dimension.label}: {report.raterA} vs {report.raterB}
      </h2>
      <Summary report={report} />
      <StatisticsTable statistics={report.statistics} raters={{ a: report.raterA, b: report.raterB }} />
      <div className="rel-charts">
        <ConfusionChart view={view} />
        <BlandAltmanChart view={view} />
      </div>
      <DriftChart view={view} />
      <Disagreements report={report} onSizeChange={(size) => onQuestion({ ...question, disagreementSize: size })} onRecorded={reload} />
      <Exports question={question} />
    </article>
  );
}
