// The fidelity summary for auditors and the manager: of the sampled sessions, how many are scored,
// the % with acceptable adherence with its Clopper–Pearson exact 95% CI, mean and range — overall,
// by clinician and by session number — as a table and a plot, the rules that produced the numbers,
// agreement between auditors, and CSV export. Clinicians are pseudonyms unless main says the
// caller may see names (a manager who opened the sealed key); this component only shows what comes.
import { localDate } from '../../time';
import { useState } from 'react';
import type { FidelityGroupRow, FidelityReportView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { useCall } from '../../hooks/useCall';
import { SummaryPlot } from './SummaryPlot';
import './auditor.css';

export interface FidelitySummaryProps {
  /** The level of the summary's own heading in the page it is mounted in (default 2). */
  readonly headingLevel?: 2 | 3;
}

export const ROUNDING_RULE =
  'Shown here: percentages and confidence limits to one decimal place, mean adherence to two. The CSV keeps percentages to two decimals and means to three.';

export const percent = (p: number): string => `${(p * 100).toFixed(1)}%`;
export const interval = (ci: NonNullable<FidelityGroupRow['ci']>): string => `${(ci.lower * 100).toFixed(1)}–${(ci.upper * 100).toFixed(1)}%`;
const DASH = '—';

function GroupRows({ title, rows }: { title?: string; rows: readonly FidelityGroupRow[] }) {
  if (rows.length === 0) return null;
  return (
    <tbody>
      {title && (
        <tr className="group-title">
          <th colSpan={8} scope="rowgroup">
            {title}
          </th>
        </tr>
      )}
      {rows.map((r) => (
        <tr key={`${r.level}-${r.group}`} data-testid={`fidelity-row-${r.group}`}>
          <th scope="row">{r.group}</th>
          <td>{r.sampled}</td>
          <td>{r.scored}</td>
          <td>{r.acceptable}</td>
          <td>{r.proportionAcceptable === null ? DASH : percent(r.proportionAcceptable)}</td>
          <td>{r.ci === null ? DASH : interval(r.ci)}</td>
          <td>{r.meanAdherence === null ? DASH : r.meanAdherence.toFixed(2)}</td>
          <td>{r.minAdherence === null || r.maxAdherence === null ? DASH : `${r.minAdherence}–${r.maxAdherence}`}</td>
        </tr>
      ))}
    </tbody>
  );
}

function agreementLine(a: FidelityReportView['agreement']): string {
  if (a.pairs === 0) return 'Auditor agreement: no sampled session has been scored by two auditors yet.';
  const parts = [`${a.pairs} double-scored session${a.pairs === 1 ? '' : 's'}`];
  if (a.exactAgreement !== null) parts.push(`exact agreement ${percent(a.exactAgreement)}`);
  if (a.acceptableAgreement !== null) parts.push(`same side of “acceptable” ${percent(a.acceptableAgreement)}`);
  const k = a.adherence?.quadratic;
  if (k) {
    parts.push(
      k.kappa === null
        ? `quadratic weighted κ not defined${k.message ? ` (${k.message})` : ''}`
        : `quadratic weighted κ = ${k.kappa.toFixed(2)}${k.ci95 ? ` (95% CI ${k.ci95[0].toFixed(2)} to ${k.ci95[1].toFixed(2)})` : ''}`,
    );
  }
  return `Auditor agreement: ${parts.join('; ')}.`;
}

function SummaryBody({ report, Heading }: { report: FidelityReportView; Heading: 'h2' | 'h3' }) {
  const [exported, setExported] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    setError('');
    setExported('');
    try {
      const { path } = await call('fidelity.exportSummary', {});
      setExported(path === null ? 'Export cancelled.' : `Saved to ${path}`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const notYet = report.sampled - report.overall.scored - report.unscorable;
  const latest = report.rounds[report.rounds.length - 1];
  const Sub = Heading === 'h2' ? 'h3' : 'h4';
  return (
    <>
      <p className="summary-counts" data-testid="summary-counts">
        {report.sampled} of {report.imported} session recordings sampled · {report.overall.scored} scored · {report.unscorable} unscorable
        {notYet > 0 ? ` · ${notYet} not yet scored` : ''}
      </p>
      <dl className="summary-rules">
        <div>
          <dt>Sampling rule</dt>
          <dd data-testid="sampling-rule">{report.samplingRule ?? 'No sample has been drawn yet.'}</dd>
        </div>
        {latest && (
          <div>
            <dt>Sample</dt>
            <dd>
              {report.rounds.length} round{report.rounds.length === 1 ? '' : 's'}; the latest drawn {localDate(latest.drawnAt)}, stratified by{' '}
              {latest.stratifiedBy.replace(/_/g, ' ')}; commitment <code>{latest.commitment.slice(0, 16)}…</code>
            </dd>
          </div>
        )}
        <div>
          <dt>Acceptable</dt>
          <dd>
            {report.acceptableRule}; % acceptable is of the scored sessions, with a Clopper–Pearson exact 95% confidence interval.
          </dd>
        </div>
        <div>
          <dt>Rounding</dt>
          <dd data-testid="rounding-rule">{ROUNDING_RULE}</dd>
        </div>
        <div>
          <dt>Clinicians</dt>
          <dd>
            {report.clinicianNames === 'names'
              ? 'Shown by name: the sealed key is open in this session.'
              : 'Shown by pseudonym (Clinician A, B, …). A manager who has opened the sealed key sees names.'}
          </dd>
        </div>
      </dl>
      <table className="fidelity-table">
        <caption>Adherence of the sampled sessions</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Sampled</th>
            <th scope="col">Scored</th>
            <th scope="col">Acceptable</th>
            <th scope="col">% acceptable</th>
            <th scope="col">95% CI</th>
            <th scope="col">Mean</th>
            <th scope="col">Range</th>
          </tr>
        </thead>
        <GroupRows rows={[report.overall]} />
        <GroupRows title="By clinician" rows={report.byClinician} />
        <GroupRows title="By session number" rows={report.bySessionNumber} />
      </table>
      <SummaryPlot
        sections={[
          { title: 'Overall', rows: [report.overall] },
          { title: 'By clinician', rows: report.byClinician },
          { title: 'By session number', rows: report.bySessionNumber },
        ]}
      />
      {report.items.length > 0 && (
        <>
          <Sub>Study items</Sub>
          <table className="fidelity-table">
            <caption className="visually-hidden">Study-defined fidelity items</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Scored</th>
                <th scope="col">Mean</th>
                <th scope="col">Range</th>
                <th scope="col" className="text">
                  Categories
                </th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{item.label}</th>
                  <td>{item.scored}</td>
                  <td>{item.mean === null ? DASH : item.mean.toFixed(2)}</td>
                  <td>{item.min === null || item.max === null ? DASH : `${item.min}–${item.max}`}</td>
                  <td className="text">{item.categories.map((c) => `${c.label}: ${c.count}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="agreement" data-testid="auditor-agreement">
        {agreementLine(report.agreement)}
      </p>
      <div className="row">
        <button type="button" onClick={() => void exportCsv()} disabled={busy}>
          Export CSV…
        </button>
        <span className="muted" role="status">
          {exported}
        </span>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </>
  );
}

export function FidelitySummary({ headingLevel = 2 }: FidelitySummaryProps) {
  const [report] = useCall('fidelity.summary', {});
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="fidelity-summary" aria-labelledby="fidelity-summary-heading">
      <Heading id="fidelity-summary-heading">Fidelity summary</Heading>
      {report.state === 'loading' ? (
        <div aria-busy="true" />
      ) : report.state === 'error' ? (
        <p role="alert" className="error">{report.message}</p>
      ) : (
        <SummaryBody report={report.value} Heading={Heading} />
      )}
    </section>
  );
}
