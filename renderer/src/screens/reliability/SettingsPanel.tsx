// The study's reliability settings, editable by the lead: the pass/fail criterion for coder pairs,
// the certification criterion for trainees, drift batches and the disagreement size. Every change
// is audit-logged by the core with the values before and after.
import { useState } from 'react';
import type { ReliabilityCriterion, ReliabilitySettings } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';

interface CriterionText {
  weights: 'linear' | 'quadratic';
  basis: 'estimate' | 'ci_lower';
  threshold: string;
  minPairs: string;
}

const asText = (c: ReliabilityCriterion): CriterionText => ({ weights: c.weights, basis: c.basis, threshold: String(c.threshold), minPairs: String(c.minPairs) });

function CriterionFields({ id, legend, value, onChange }: { id: string; legend: string; value: CriterionText; onChange: (c: CriterionText) => void }) {
  return (
    <fieldset className="rel-fieldset">
      <legend>{legend}</legend>
      <div>
        <label htmlFor={`${id}-weights`}>Weights</label>
        <select id={`${id}-weights`} value={value.weights} onChange={(e) => onChange({ ...value, weights: e.target.value as CriterionText['weights'] })}>
          <option value="linear">linear (Cicchetti–Allison)</option>
          <option value="quadratic">quadratic (Fleiss–Cohen)</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-threshold`}>Threshold (weighted κ at least)</label>
        <input id={`${id}-threshold`} type="number" min={-1} max={1} step={0.01} value={value.threshold} onChange={(e) => onChange({ ...value, threshold: e.target.value })} />
      </div>
      <div>
        <label htmlFor={`${id}-basis`}>Compared with the threshold</label>
        <select id={`${id}-basis`} value={value.basis} onChange={(e) => onChange({ ...value, basis: e.target.value as CriterionText['basis'] })}>
          <option value="estimate">the estimate</option>
          <option value="ci_lower">the lower end of the 95% CI</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-min`}>Fewest pairs for a verdict</label>
        <input id={`${id}-min`} type="number" min={1} step={1} value={value.minPairs} onChange={(e) => onChange({ ...value, minPairs: e.target.value })} />
      </div>
    </fieldset>
  );
}

const toCriterion = (c: CriterionText): ReliabilityCriterion => ({ weights: c.weights, basis: c.basis, threshold: Number(c.threshold), minPairs: Number(c.minPairs) });

export function SettingsPanel({ settings, onSaved }: { settings: ReliabilitySettings; onSaved: () => void }) {
  const [criterion, setCriterion] = useState(asText(settings.criterion));
  const [certification, setCertification] = useState(asText(settings.certification));
  const [batch, setBatch] = useState(String(settings.driftBatchSize));
  const [step, setStep] = useState(String(settings.driftStep));
  const [size, setSize] = useState(String(settings.disagreementSize));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const fields = [criterion.threshold, criterion.minPairs, certification.threshold, certification.minPairs, batch, step, size];
    if (fields.some((f) => f.trim() === '' || !Number.isFinite(Number(f)))) {
      setMessage({ kind: 'error', text: 'Fill in every number.' });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      const saved = await call('reliability.setSettings', {
        patch: {
          criterion: toCriterion(criterion),
          certification: toCriterion(certification),
          driftBatchSize: Number(batch),
          driftStep: Number(step),
          disagreementSize: Number(size),
        },
      });
      setMessage({ kind: 'ok', text: `Saved: pass at ${saved.criterion.weights} weighted κ ≥ ${saved.criterion.threshold}; drift in batches of ${saved.driftBatchSize}.` });
      onSaved();
    } catch (error) {
      setMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="rel-settings"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>Reliability settings</h2>
      <CriterionFields id="rel-criterion" legend="Two coders pass when" value={criterion} onChange={setCriterion} />
      <CriterionFields id="rel-cert" legend="A trainee is certified when (against the master)" value={certification} onChange={setCertification} />
      <fieldset className="rel-fieldset">
        <legend>Drift and disagreements</legend>
        <div>
          <label htmlFor="rel-batch">Drift batch size (clips)</label>
          <input id="rel-batch" type="number" min={2} step={1} value={batch} onChange={(e) => setBatch(e.target.value)} />
        </div>
        <div>
          <label htmlFor="rel-step">Next batch starts after (clips; less than the batch size for a rolling window)</label>
          <input id="rel-step" type="number" min={1} step={1} value={step} onChange={(e) => setStep(e.target.value)} />
        </div>
        <div>
          <label htmlFor="rel-disagreement">List disagreements of at least (scale points)</label>
          <input id="rel-disagreement" type="number" min={0} step={0.5} value={size} onChange={(e) => setSize(e.target.value)} />
        </div>
      </fieldset>
      <button type="submit" className="primary" disabled={saving}>
        Save settings
      </button>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'rel-ok'}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
