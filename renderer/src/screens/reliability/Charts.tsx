// The report's three charts — confusion heatmap, Bland–Altman, drift — as the SVG the core drew
// (the same as in the printed report), each with its numbers as a table for screen readers and
// for anyone who wants the values rather than the picture.
import type { PairReportView, Statistic } from '../../../../electron/common/contract';
import { f3, interval, scaleValue, when } from './format';

function LimitRow({ name, value, interval: ci }: { name: string; value: Statistic<number>; interval?: Statistic<readonly [number, number]> }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className="num">{value.defined ? f3(value.value) : 'undefined'}</td>
      <td>
        {!value.defined ? value.message : ci === undefined ? '' : ci.defined ? `95% CI ${interval(ci.value)}` : `95% CI undefined: ${ci.message}`}
      </td>
    </tr>
  );
}

export function ConfusionChart({ view }: { view: PairReportView }) {
  const { report, charts } = view;
  const { confusion, raterA, raterB } = report;
  return (
    <section className="rel-chart" aria-labelledby="rel-confusion-title">
      <h3 id="rel-confusion-title">Confusion matrix</h3>
      <img
        src={charts.heatmap}
        alt={`Heatmap of the confusion matrix: rows ${raterA}, columns ${raterB}, ${confusion.values.length} scale points; the table below gives every count.`}
      />
      <details>
        <summary>Confusion matrix as a table</summary>
        <div className="rel-scroll">
          <table className="rel-table rel-matrix" data-testid="confusion-table">
            <caption>
              Rows: {raterA}; columns: {raterB}. The diagonal is exact agreement.
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  {raterA} ↓ / {raterB} →
                </th>
                {confusion.values.map((v) => (
                  <th key={v} scope="col" className="num">
                    {scaleValue(v)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {confusion.counts.map((row, i) => (
                <tr key={confusion.values[i]}>
                  <th scope="row">{scaleValue(confusion.values[i]!)}</th>
                  {row.map((count, j) => (
                    <td key={j} className={`num${i === j ? ' rel-diagonal' : ''}`}>
                      {count}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

export function BlandAltmanChart({ view }: { view: PairReportView }) {
  const { report, charts } = view;
  const ba = report.blandAltman;
  const { raterA, raterB } = report;
  return (
    <section className="rel-chart" aria-labelledby="rel-ba-title">
      <h3 id="rel-ba-title">Bland–Altman</h3>
      <img
        src={charts.blandAltman}
        alt={`Bland–Altman plot of the difference ${raterA} − ${raterB} against the mean of the two ratings, with the bias and the 95% limits of agreement given in the table below.`}
      />
      {ba.bias.defined ? (
        <table className="rel-table" data-testid="bland-altman-table">
          <caption>
            Bland &amp; Altman (1986): differences {raterA} − {raterB}
          </caption>
          <tbody>
            <LimitRow name="Bias (mean difference)" value={ba.bias} interval={ba.biasCi95} />
            <LimitRow name="SD of the differences" value={ba.sd} />
            <LimitRow name="Lower limit of agreement (bias − 1.96 SD)" value={ba.lower} interval={ba.lowerCi95} />
            <LimitRow name="Upper limit of agreement (bias + 1.96 SD)" value={ba.upper} interval={ba.upperCi95} />
          </tbody>
        </table>
      ) : (
        <p data-testid="bland-altman-table">Bland–Altman: undefined — {ba.bias.message}.</p>
      )}
      <details>
        <summary>Every plotted clip as a table</summary>
        <table className="rel-table">
          <caption>Mean and difference per clip</caption>
          <thead>
            <tr>
              <th scope="col">Clip</th>
              <th scope="col" className="num">
                {raterA}
              </th>
              <th scope="col" className="num">
                {raterB}
              </th>
              <th scope="col" className="num">
                Mean
              </th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {ba.points.map((p) => (
              <tr key={p.label}>
                <td className="code">{p.label}</td>
                <td className="num">{scaleValue(p.a)}</td>
                <td className="num">{scaleValue(p.b)}</td>
                <td className="num">{scaleValue(p.mean)}</td>
                <td className="num">{scaleValue(p.difference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

export function DriftChart({ view }: { view: PairReportView }) {
  const { report, charts } = view;
  const { criterion } = report.verdict;
  const { batchSize, step } = report.driftOptions;
  return (
    <section className="rel-chart" aria-labelledby="rel-drift-title">
      <h3 id="rel-drift-title">Drift</h3>
      <img
        src={charts.drift}
        alt={`Drift plot: ${criterion.weights} weighted kappa with 95% CI for each of ${report.drift.length} batches of double-coded clips, against the threshold ${criterion.threshold}; the table below gives every batch.`}
      />
      {report.driftNote ? (
        <p className="rel-drift-note" data-testid="drift-note">
          {report.driftNote}
        </p>
      ) : null}
      <table className="rel-table" data-testid="drift-table">
        <caption>
          {criterion.weights} weighted kappa per batch of {batchSize} clips{step < batchSize ? ` (rolling, step ${step})` : ''}, in the order the second rating was
          submitted; threshold {criterion.threshold}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Batch
            </th>
            <th scope="col" className="num">
              Clips
            </th>
            <th scope="col">Submitted</th>
            <th scope="col" className="num">
              κ
            </th>
            <th scope="col" className="num">
              95% CI
            </th>
            <th scope="col">Against the threshold</th>
          </tr>
        </thead>
        <tbody>
          {report.drift.length === 0 ? (
            <tr>
              <td colSpan={6}>No batches: there are no pairs to compare.</td>
            </tr>
          ) : null}
          {report.drift.map((b) => (
            <tr key={b.index}>
              <td className="num">
                {b.index}
                {b.partial ? ' (partial)' : ''}
              </td>
              <td className="num">
                {b.first}–{b.last}
              </td>
              <td>
                {when(b.from)} to {when(b.to)}
              </td>
              <td className="num">{b.kappa.defined ? f3(b.kappa.value.kappa) : 'undefined'}</td>
              <td className="num">{b.kappa.defined ? interval(b.kappa.value.ci95) : ''}</td>
              <td>{b.meetsThreshold === null ? (b.kappa.defined ? '' : b.kappa.message) : b.meetsThreshold ? 'meets' : 'below'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
