// Every statistic of a two-rater report with its interval, and where a statistic (or its z, or its
// interval) is undefined, the reason in words. The numbers are the core's; this only lays them out.
import type { ReactNode } from 'react';
import type { IccEstimate, KappaResult, ReliabilityReport, Statistic } from '../../../../electron/common/contract';
import { f3, interval, pct, scaleValue } from './format';

interface Row {
  readonly id: string;
  readonly name: string;
  readonly estimate: ReactNode;
  readonly se?: ReactNode;
  readonly ci?: ReactNode;
  readonly z?: ReactNode;
  readonly note?: ReactNode;
}

const UNDEFINED = <span className="rel-undefined">undefined</span>;

function kappaRow(id: string, name: string, k: KappaResult): Row {
  if (!k.defined) return { id, name, estimate: UNDEFINED, note: k.message };
  const e = k.value;
  const notes: string[] = [];
  if (e.clipped) notes.push('95% CI clipped to [−1, 1]');
  if (!e.z.defined) notes.push(`z undefined: ${e.z.message}`);
  return {
    id,
    name,
    estimate: f3(e.kappa),
    se: f3(e.se),
    ci: `${interval(e.ci95)}${e.clipped ? ' *' : ''}`,
    z: e.z.defined ? `${f3(e.z.value)} (SE₀ ${f3(e.se0)})` : '—',
    note: notes.join('; '),
  };
}

function scalarRow(id: string, name: string, s: Statistic<number>, format: (x: number) => string = f3, note = ''): Row {
  return s.defined ? { id, name, estimate: format(s.value), note } : { id, name, estimate: UNDEFINED, note: s.message };
}

function iccRow(id: string, name: string, s: Statistic<IccEstimate>): Row {
  if (!s.defined) return { id, name, estimate: UNDEFINED, note: s.message };
  const ci = s.value.ci95;
  return ci.defined
    ? { id, name, estimate: f3(s.value.value), ci: interval(ci.value) }
    : { id, name, estimate: f3(s.value.value), ci: '—', note: `CI undefined: ${ci.message}` };
}

/** The dichotomised counts as the 2 × 2 table they are: rows coder A, columns coder B. */
function CutoffTable({ cutoff, table, raters }: { cutoff: number; table: readonly (readonly number[])[]; raters: { a: string; b: string } }) {
  const v = scaleValue(cutoff);
  const [[bothBelow, onlyB], [onlyA, bothAbove]] = table as [[number, number], [number, number]];
  return (
    <table className="rel-cutoff" data-testid={`cutoff-table-${cutoff}`}>
      <caption>Clips below and at or above {v}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">
            {raters.b} &lt; {v}
          </th>
          <th scope="col">
            {raters.b} ≥ {v}
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">
            {raters.a} &lt; {v}
          </th>
          <td className="num">{bothBelow}</td>
          <td className="num">{onlyB}</td>
        </tr>
        <tr>
          <th scope="row">
            {raters.a} ≥ {v}
          </th>
          <td className="num">{onlyA}</td>
          <td className="num">{bothAbove}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function StatisticsTable({ statistics, raters }: { statistics: ReliabilityReport; raters: { a: string; b: string } }) {
  const s = statistics;
  const noInterval = 'no interval computed';
  const rows: Row[] = [
    scalarRow('agreement-exact', 'Exact agreement', s.agreement.exact, pct),
    scalarRow('agreement-half', 'Agreement within ±0.5 point', s.agreement.withinHalf, pct),
    scalarRow('agreement-one', 'Agreement within ±1 point', s.agreement.withinOne, pct),
    kappaRow('kappa-unweighted', "Cohen's kappa (unweighted)", s.kappa.unweighted),
    kappaRow('kappa-linear', 'Weighted kappa, linear (Cicchetti–Allison)', s.kappa.linear),
    kappaRow('kappa-quadratic', 'Weighted kappa, quadratic (Fleiss–Cohen)', s.kappa.quadratic),
    ...s.cutoffs.map((c) => {
      const row = kappaRow(`kappa-cutoff-${c.cutoff}`, `Kappa at the cut-off ≥ ${scaleValue(c.cutoff)}`, c.kappa);
      if (s.n === 0) return row;
      return {
        ...row,
        note: (
          <>
            {row.note ? <span className="rel-note">{row.note}</span> : null}
            <CutoffTable cutoff={c.cutoff} table={c.table} raters={raters} />
          </>
        ),
      };
    }),
    iccRow('icc21', 'ICC(2,1): absolute agreement, random raters', s.icc21),
    iccRow('icc31', 'ICC(3,1): consistency, fixed raters', s.icc31),
    scalarRow('alpha-ordinal', "Krippendorff's alpha, ordinal", s.alphaOrdinal, f3, noInterval),
    scalarRow('alpha-interval', "Krippendorff's alpha, interval", s.alphaInterval, f3, noInterval),
    scalarRow('ac1', "Gwet's AC1", s.ac1, f3, noInterval),
    scalarRow('ac2-linear', "Gwet's AC2, linear weights", s.ac2Linear, f3, noInterval),
    scalarRow('ac2-quadratic', "Gwet's AC2, quadratic weights", s.ac2Quadratic, f3, noInterval),
  ];
  return (
    <>
      <table className="rel-table rel-stats">
        <caption>
          Statistics over {s.n} pair{s.n === 1 ? '' : 's'}; kappa and Gwet&apos;s AC over all {s.categories.values.length} points of the scale
        </caption>
        <thead>
          <tr>
            <th scope="col">Statistic</th>
            <th scope="col" className="num">
              Estimate
            </th>
            <th scope="col" className="num">
              SE
            </th>
            <th scope="col" className="num">
              95% CI
            </th>
            <th scope="col" className="num">
              z
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`stat-${r.id}`}>
              <th scope="row">{r.name}</th>
              <td className="num" data-cell="estimate">
                {r.estimate}
              </td>
              <td className="num" data-cell="se">
                {r.se ?? ''}
              </td>
              <td className="num" data-cell="ci">
                {r.ci ?? ''}
              </td>
              <td className="num" data-cell="z">
                {r.z ?? ''}
              </td>
              <td className="rel-note-cell">{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Kappa standard errors of Fleiss, Cohen &amp; Everitt (1969), CI = κ ± 1.96·SE; z = κ / SE₀ under κ = 0. ICC intervals from the F distribution (Shrout &amp;
        Fleiss 1979). * marks an interval clipped to [−1, 1].
      </p>
    </>
  );
}
