// Which two raters, on which dimension, over which dates: two coders who double-coded outcome
// clips, or a coder (trainee) against the gold standard's master scores of the training clips.
import { useState } from 'react';
import type { ReliabilityOverview } from '../../../../electron/common/contract';
import type { PairQuestion } from './ReportView';

const GOLD = '\u0000gold';

interface Props {
  readonly overview: ReliabilityOverview;
  readonly question: PairQuestion | null;
  readonly onQuestion: (q: PairQuestion) => void;
}

export function PairPicker({ overview, question, onQuestion }: Props) {
  const [a, setA] = useState(question?.a ?? overview.pairs[0]?.a ?? overview.coders[0] ?? '');
  const [b, setB] = useState(question ? ('gold' in question.b ? GOLD : question.b.coder) : (overview.pairs[0]?.b ?? ''));
  const [dimension, setDimension] = useState(question?.dimension ?? overview.dimensions[0]?.id ?? '');
  const [from, setFrom] = useState(question?.from ?? '');
  const [to, setTo] = useState(question?.to ?? '');
  const ready = a !== '' && b !== '' && dimension !== '' && a !== b;

  const show = (next: { a: string; b: string }) =>
    onQuestion({
      a: next.a,
      b: next.b === GOLD ? { gold: true } : { coder: next.b },
      dimension,
      from: from || null,
      to: to || null,
    });

  return (
    <section aria-labelledby="rel-pick-title" className="rel-picker">
      <h2 id="rel-pick-title">Compare two raters</h2>
      {overview.pairs.length > 0 ? (
        <table className="rel-table rel-pairs">
          <caption>Coders who double-coded outcome clips</caption>
          <thead>
            <tr>
              <th scope="col">Coders</th>
              <th scope="col" className="num">
                Shared clips
              </th>
              <th scope="col" className="num">
                Submitted by both
              </th>
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.pairs.map((p) => (
              <tr key={`${p.a}|${p.b}`}>
                <td>
                  {p.a} and {p.b}
                </td>
                <td className="num">{p.assigned}</td>
                <td className="num">{p.submitted}</td>
                <td>
                  <button
                    type="button"
                    disabled={dimension === ''}
                    onClick={() => {
                      setA(p.a);
                      setB(p.b);
                      show({ a: p.a, b: p.b });
                    }}
                  >
                    Compare {p.a} and {p.b}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No two coders share outcome clips yet.</p>
      )}
      <form
        className="rel-pick-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) show({ a, b });
        }}
      >
        <div>
          <label htmlFor="rel-a">Coder A</label>
          <select id="rel-a" value={a} onChange={(e) => setA(e.target.value)}>
            {overview.coders.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rel-b">Compared with</label>
          <select id="rel-b" value={b} onChange={(e) => setB(e.target.value)}>
            <option value="">Choose…</option>
            {overview.coders
              .filter((c) => c !== a)
              .map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            <option value={GOLD} disabled={overview.goldClips === 0}>
              Gold standard (master scores, training clips)
            </option>
          </select>
        </div>
        <div>
          <label htmlFor="rel-dimension">Dimension</label>
          <select id="rel-dimension" value={dimension} onChange={(e) => setDimension(e.target.value)}>
            {overview.dimensions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rel-from">Submitted from (optional)</label>
          <input id="rel-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div>
          <label htmlFor="rel-to">Submitted until (optional)</label>
          <input id="rel-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="rel-pick-go">
          <button type="submit" className="primary" disabled={!ready}>
            Show agreement
          </button>
        </div>
      </form>
    </section>
  );
}
