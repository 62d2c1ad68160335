// The lead's overview: every coder pair (and every coder against the gold standard) on every
// dimension against the study's criterion, each row opening that pair's full report; then each
// coder's bias from their co-coders and from the master scores. The numbers are the core's.
import type { CoderBias, ReliabilitySummary, Statistic, SummaryRow } from '../../../../electron/common/contract';
import { Time } from '../../components/Time';
import { useCall } from '../../hooks/useCall';
import { localRange } from '../../time';
import { f3, interval } from './format';
import type { PairQuestion } from './ReportView';

const OUTCOME = { pass: 'Pass', fail: 'Fail', insufficient: 'No verdict yet' } as const;

const signed = (x: number): string => (x > 0 ? `+${f3(x)}` : f3(x));

function Undefined({ message }: { message: string }) {
  return <span className="rel-undefined">undefined: {message}</span>;
}

function KappaCell({ s }: { s: SummaryRow['statistic'] }) {
  if (!s.defined) return <Undefined message={s.message} />;
  return (
    <span>
      {f3(s.value.kappa)} <span className="muted">({interval(s.value.ci95)})</span>
    </span>
  );
}

function BiasCell({ bias, against }: { bias: CoderBias | null; against: string }) {
  if (bias === null) return <span className="muted">no training clips</span>;
  if (!bias.mean.defined) return <Undefined message={bias.n === 0 ? `no clips rated with ${against} (n = 0)` : bias.mean.message} />;
  const ci: Statistic<readonly [number, number]> = bias.ci95;
  return (
    <span>
      {signed(bias.mean.value)} {ci.defined ? <span className="muted">({interval(ci.value)})</span> : <span className="rel-undefined">95% CI undefined: {ci.message}</span>}
      <span className="muted">, n = {bias.n}</span>
    </span>
  );
}

function criterionText(c: ReliabilitySummary['criterion']): string {
  return `${c.weights} weighted kappa${c.basis === 'ci_lower' ? ' (lower end of its 95% CI)' : ''} ≥ ${f3(c.threshold)} with at least ${c.minPairs} pairs`;
}

function PairRows({ summary, onOpen }: { summary: ReliabilitySummary; onOpen: (q: PairQuestion) => void }) {
  if (summary.rows.length === 0) {
    return (
      <p className="muted" data-testid="overview-empty">
        No two raters share clips yet. Pairs appear here once the manager assigns double-coded (reliability) clips, or you give a coder gold-standard clips under
        Training &amp; certification.
      </p>
    );
  }
  return (
    <table className="rel-table" data-testid="overview-table">
      <caption>Every pair on every dimension against the criterion</caption>
      <thead>
        <tr>
          <th scope="col">Raters</th>
          <th scope="col">Dimension</th>
          <th scope="col" className="num">
            n
          </th>
          <th scope="col">Weighted kappa (95% CI)</th>
          <th scope="col">Verdict</th>
          <th scope="col">Second ratings submitted</th>
          <th scope="col">
            <span className="visually-hidden">Report</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.rows.map((r) => {
          const name = `${r.a} and ${r.b}`;
          return (
            <tr key={`${r.a}|${r.b}|${r.dimension}`} data-testid={`overview-${r.a}-${r.gold ? 'gold' : r.b}-${r.dimension}`}>
              <th scope="row">
                {r.a} and {r.b}
                {r.gold ? <span className="muted"> (training clips)</span> : null}
              </th>
              <td>{r.dimensionLabel}</td>
              <td className="num">
                {r.n}
                {r.pending > 0 ? <span className="muted"> (+{r.pending} pending)</span> : null}
              </td>
              <td data-cell="kappa">
                <KappaCell s={r.statistic} />
              </td>
              <td data-cell="verdict">
                <strong className={`rel-outcome rel-outcome-${r.outcome}`}>{OUTCOME[r.outcome]}</strong>
                {r.outcome === 'insufficient' ? <span className="muted"> ({r.verdict})</span> : null}
              </td>
              <td>
                {r.period ? (
                  <time dateTime={`${r.period.first}/${r.period.last}`} title={`${r.period.first} to ${r.period.last} (UTC)`}>
                    {localRange(r.period.first, r.period.last)}
                  </time>
                ) : (
                  <span className="muted">none yet</span>
                )}
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Open report: ${name}, ${r.dimensionLabel}`}
                  onClick={() => onOpen({ a: r.a, b: r.gold ? { gold: true } : { coder: r.b }, dimension: r.dimension, from: null, to: null })}
                >
                  Open report
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function BiasRows({ summary }: { summary: ReliabilitySummary }) {
  if (summary.bias.length === 0) return null;
  const anyGold = summary.bias.some((b) => b.gold !== null);
  return (
    <table className="rel-table" data-testid="bias-table">
      <caption>Per-coder bias: mean difference in scale points (positive: scores higher), with its 95% CI</caption>
      <thead>
        <tr>
          <th scope="col">Coder</th>
          <th scope="col">Dimension</th>
          <th scope="col">From all co-coders (outcome clips)</th>
          {anyGold ? <th scope="col">From the gold standard (training clips)</th> : null}
        </tr>
      </thead>
      <tbody>
        {summary.bias.map((b) => (
          <tr key={`${b.coder}|${b.dimension}`} data-testid={`bias-${b.coder}-${b.dimension}`}>
            <th scope="row">{b.coder}</th>
            <td>{b.dimensionLabel}</td>
            <td data-cell="co-coders">
              <BiasCell bias={b.coCoders} against="another coder" />
            </td>
            {anyGold ? (
              <td data-cell="gold">
                <BiasCell bias={b.gold} against="the gold standard" />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OverviewPanel({ onOpen }: { onOpen: (q: PairQuestion) => void }) {
  const [loaded] = useCall('reliability.summary', {});
  if (loaded.state === 'loading') return <p aria-busy="true">Computing…</p>;
  if (loaded.state === 'error') {
    return (
      <p role="alert" className="error">
        {loaded.message}
      </p>
    );
  }
  const summary = loaded.value;
  return (
    <section aria-labelledby="rel-overview-title" className="rel-overview">
      <h2 id="rel-overview-title">Overview</h2>
      <p className="muted">
        Coder pairs: {criterionText(summary.criterion)}. Against the gold standard (certification): {criterionText(summary.certification)}. Below the minimum
        there is no kappa to report; open a row for every statistic.
      </p>
      <PairRows summary={summary} onOpen={onOpen} />
      <h3>Per-coder bias</h3>
      <p className="muted">
        Per clip, the coder&apos;s score minus the mean of the other coders&apos; scores (or the master score); averaged over clips, with a t interval. A coder who
        scores half a point above everyone shows about +0.5 here even when kappa passes.
      </p>
      <BiasRows summary={summary} />
      <p className="muted">
        Computed <Time iso={summary.generatedAt} />.
      </p>
    </section>
  );
}
