// The analysis report as core shaped it: the study's state, then one section per part (completion,
// each dimension, blinding) with its tables and figures. Figures are core's SVGs as images, each
// with its content in words beside it. Nothing here computes; it lays out what it is given.
import { localTime } from '../../time';
import { useState } from 'react';
import type { AnalysisView, ReportFigureView, ReportTableView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';

function ReportTable({ table }: { table: ReportTableView }) {
  return (
    <>
      <table className="closeout-table report-table">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {table.notes.map((n) => (
        <p key={n} className="hint">
          {n}
        </p>
      ))}
    </>
  );
}

function Figure({ figure }: { figure: ReportFigureView }) {
  return (
    <figure className="report-figure">
      <img src={figure.dataUrl} alt={figure.title} />
      <figcaption>
        <strong>{figure.title}.</strong>
        <ul className="plain">
          {figure.description.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function SaveButtons({ arms }: { arms: [string, string] }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (format: 'pdf' | 'text') => {
    setBusy(true);
    setMessage('');
    try {
      const saved = await call('closeout.saveReport', { format, arms });
      setMessage(saved ? `Saved the ${format === 'pdf' ? 'PDF' : 'text'} report (${Math.max(1, Math.round(saved.bytes / 1024))} kB) to ${saved.file}` : 'Cancelled: nothing was saved.');
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="step-body">
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void save('pdf')}>
          Save as PDF…
        </button>
        <button type="button" disabled={busy} onClick={() => void save('text')}>
          Save as text…
        </button>
      </div>
      {message && (
        <p aria-live="polite" data-testid="report-saved">
          {message}
        </p>
      )}
    </div>
  );
}

export function ReportView({ view, arms }: { view: AnalysisView; arms: [string, string] }) {
  return (
    <article className="analysis-report" aria-labelledby="report-title">
      <h3 id="report-title">
        Analysis report — {view.report.study} <span className="muted">(generated {localTime(view.report.generated_at.replace(' ', 'T') + (view.report.generated_at.endsWith('Z') ? '' : 'Z'))})</span>
      </h3>
      <SaveButtons arms={arms} />
      <dl className="facts">
        {view.facts.map((f) => (
          <div key={f.term} className="fact">
            <dt>{f.term}</dt>
            <dd>{f.detail}</dd>
          </div>
        ))}
      </dl>
      {view.sections.map((s) => (
        <section key={s.id} className="report-section" aria-labelledby={`report-${s.id}`} data-testid={`report-${s.id}`}>
          <h4 id={`report-${s.id}`}>{s.heading}</h4>
          {s.tables.map((t) => (
            <ReportTable key={t.caption} table={t} />
          ))}
          {s.figures.length > 0 && (
            <div className="figures">
              {s.figures.map((f) => (
                <Figure key={f.file} figure={f} />
              ))}
            </div>
          )}
        </section>
      ))}
      <details className="report-text">
        <summary>The report as text</summary>
        <pre>{view.text}</pre>
      </details>
    </article>
  );
}
