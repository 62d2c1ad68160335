// The disagreements of at least a chosen size, largest first, with both coders' notes; opening one
// shows the clip to re-watch and the consensus form.
import { useState } from 'react';
import type { PairReport } from '../../../../electron/common/contract';
import { DisagreementReview } from './DisagreementReview';
import { scaleValue } from './format';

interface Props {
  readonly report: PairReport;
  readonly onSizeChange: (size: number) => void;
  readonly onRecorded: () => void;
}

function joinNotes(note: string, overall: string): string {
  return [note, overall ? `Overall: ${overall}` : ''].filter(Boolean).join(' — ');
}

export function Disagreements({ report, onSizeChange, onRecorded }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const [size, setSize] = useState(String(report.disagreementSize));
  const raters = { a: report.raterA, b: report.raterB };
  const opened = report.disagreements.find((d) => d.clip === open) ?? null;
  const sizeValue = Number(size);
  const sizeOk = size.trim() !== '' && Number.isFinite(sizeValue) && sizeValue >= 0;

  return (
    <section aria-labelledby="rel-disagreements-title">
      <h3 id="rel-disagreements-title">Disagreements</h3>
      <form
        className="row rel-size"
        onSubmit={(event) => {
          event.preventDefault();
          if (sizeOk) onSizeChange(sizeValue);
        }}
      >
        <label htmlFor="rel-size">Show disagreements of at least (scale points)</label>
        <input id="rel-size" type="number" min={0} step={report.dimension.step} value={size} onChange={(e) => setSize(e.target.value)} />
        <button type="submit" disabled={!sizeOk}>
          Apply
        </button>
      </form>
      {report.disagreements.length === 0 ? (
        <p>
          No disagreement of {scaleValue(report.disagreementSize)} point{report.disagreementSize === 1 ? '' : 's'} or more.
        </p>
      ) : (
        <table className="rel-table" data-testid="disagreements">
          <caption>
            {report.disagreements.length} clip{report.disagreements.length === 1 ? '' : 's'} where |{raters.a} − {raters.b}| ≥ {scaleValue(report.disagreementSize)},
            largest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Clip</th>
              <th scope="col" className="num">
                {raters.a}
              </th>
              <th scope="col" className="num">
                {raters.b}
              </th>
              <th scope="col" className="num">
                A − B
              </th>
              <th scope="col">Notes of {raters.a}</th>
              <th scope="col">Notes of {raters.b}</th>
              <th scope="col">Consensus</th>
              <th scope="col">
                <span className="visually-hidden">Review</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {report.disagreements.map((d) => (
              <tr key={d.clip} data-testid={`disagreement-${d.clip}`} className={d.clip === open ? 'rel-selected' : undefined}>
                <td className="code">{d.clip}</td>
                <td className="num">{scaleValue(d.a.score)}</td>
                <td className="num">{scaleValue(d.b.score)}</td>
                <td className="num">{scaleValue(d.difference)}</td>
                <td className="rel-notes">{joinNotes(d.a.note, d.a.overallNote)}</td>
                <td className="rel-notes">{joinNotes(d.b.note, d.b.overallNote)}</td>
                <td>{d.consensus ? `${scaleValue(d.consensus.score)} (v${d.consensus.version})` : ''}</td>
                <td>
                  <button type="button" onClick={() => setOpen(d.clip)} aria-label={`Review clip ${d.clip}`}>
                    Review
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened ? (
        <DisagreementReview
          key={opened.clip}
          disagreement={opened}
          dimension={report.dimension}
          raters={raters}
          canReconcile={report.clipKind === 'outcome'}
          onRecorded={onRecorded}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </section>
  );
}
