// Training and certification: the gold-standard clips with their master scores (and adding more from
// a manifest), each trainee's training clips and latest certification, and for one trainee:
// assigning gold clips, and a certification verdict previewed before it is recorded (and
// audit-logged by the core).
import { useEffect, useState } from 'react';
import type { ScaleDimension, TraineeView, TrainingOverview } from '../../../../electron/common/contract';
import { useCall } from '../../hooks/useCall';
import { GoldImportCard } from './GoldImportCard';
import { TraineeActions } from './TraineeActions';
import { f3, scaleValue, when } from './format';

function CertificationCell({ trainee, dimension }: { trainee: TraineeView; dimension: string }) {
  const c = trainee.certifications.find((x) => x.dimension === dimension);
  if (!c) return <span className="muted">not decided</span>;
  return (
    <span>
      <strong className={c.verdict === 'certified' ? 'rel-certified' : 'rel-not-yet'}>{c.verdict === 'certified' ? 'Certified' : 'Not yet'}</strong>{' '}
      <span className="muted">
        {c.kappa === null ? `κ undefined (n = ${c.n})` : `κ ${f3(c.kappa)}, n = ${c.n}`}, {when(c.decidedAt)}
      </span>
    </span>
  );
}

function GoldClips({ training, dimensions }: { training: TrainingOverview; dimensions: readonly ScaleDimension[] }) {
  if (training.goldClips.length === 0) return <p className="muted">The study has no gold-standard clips yet (add them below, or with `blindfold import-gold`).</p>;
  return (
    <table className="rel-table">
      <caption>Gold-standard clips and their master scores (never shown to coders)</caption>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Clip</th>
          {dimensions.map((d) => (
            <th key={d.id} scope="col" className="num">
              {d.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {training.goldClips.map((g) => (
          <tr key={g.code}>
            <td>{g.label}</td>
            <td className="code">{g.code}</td>
            {dimensions.map((d) => (
              <td key={d.id} className="num">
                {g.scores[d.id] === undefined ? '—' : scaleValue(g.scores[d.id]!)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrainingPanel({ dimensions, coders }: { dimensions: readonly ScaleDimension[]; coders: readonly string[] }) {
  const [loaded, reload] = useCall('reliability.training', {});
  const [selected, setSelected] = useState<string | null>(null);
  // Trainees code while the lead watches: keep their progress current without a manual refresh.
  useEffect(() => {
    const timer = setInterval(reload, 5_000);
    window.addEventListener('focus', reload);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', reload);
    };
  }, [reload]);
  if (loaded.state === 'loading') return <p aria-busy="true">Loading…</p>;
  if (loaded.state === 'error') {
    return (
      <p role="alert" className="error">
        {loaded.message}
      </p>
    );
  }
  const training = loaded.value;
  const trainee = training.trainees.find((t) => t.name === selected) ?? null;
  return (
    <div className="rel-training">
      <h2>Training and certification</h2>
      <GoldClips training={training} dimensions={dimensions} />
      <GoldImportCard onImported={reload} />
      <table className="rel-table" data-testid="trainees">
        <caption>Trainees: gold-standard clips coded and the latest certification per dimension</caption>
        <thead>
          <tr>
            <th scope="col">Coder</th>
            <th scope="col" className="num">
              Training clips submitted
            </th>
            {dimensions.map((d) => (
              <th key={d.id} scope="col">
                {d.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {training.trainees.map((t) => (
            <tr key={t.name} data-testid={`trainee-${t.name}`} className={t.name === selected ? 'rel-selected' : undefined}>
              <th scope="row">{t.name}</th>
              <td className="num">
                {t.submitted} of {t.assigned}
              </td>
              {dimensions.map((d) => (
                <td key={d.id}>
                  <CertificationCell trainee={t} dimension={d.id} />
                </td>
              ))}
              <td>
                <button type="button" onClick={() => setSelected(t.name)} aria-label={`Train and certify ${t.name}`}>
                  Train and certify
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {trainee ? (
        <TraineeActions
          key={trainee.name}
          trainee={trainee}
          goldClips={training.goldClips}
          masterCoders={coders.filter((c) => c !== trainee.name)}
          onChanged={reload}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </div>
  );
}
