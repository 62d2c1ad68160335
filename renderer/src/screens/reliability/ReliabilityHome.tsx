// The reliability lead's screens: the overview of every pair, agreement between two raters (statistics, charts, disagreements,
// consensus, report), training and certification, and the study's reliability settings.
import { useState } from 'react';
import { useCall } from '../../hooks/useCall';
import { OverviewPanel } from './OverviewPanel';
import { PairPicker } from './PairPicker';
import { ReportView, type PairQuestion } from './ReportView';
import { SettingsPanel } from './SettingsPanel';
import { TrainingPanel } from './TrainingPanel';
import './reliability.css';

const TABS = [
  ['overview', 'Overview'],
  ['agreement', 'Agreement'],
  ['training', 'Training & certification'],
  ['settings', 'Settings'],
] as const;

type Tab = (typeof TABS)[number][0];

export function ReliabilityHome() {
  const [tab, setTab] = useState<Tab>('overview');
  const [overview, reload] = useCall('reliability.overview', {});
  // Kept here so that the chosen pair survives a visit to another tab.
  const [question, setQuestion] = useState<PairQuestion | null>(null);

  return (
    <main className="page wide reliability">
      <h1>Reliability</h1>
      <div role="tablist" aria-label="Reliability" className="tabs">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {overview.state === 'loading' ? (
          <p aria-busy="true">Loading…</p>
        ) : overview.state === 'error' ? (
          <p role="alert" className="error">
            {overview.message}
          </p>
        ) : tab === 'overview' ? (
          <OverviewPanel
            onOpen={(q) => {
              setQuestion(q);
              setTab('agreement');
            }}
          />
        ) : tab === 'agreement' ? (
          <>
            <PairPicker overview={overview.value} question={question} onQuestion={setQuestion} />
            {question ? <ReportView key={JSON.stringify(question)} question={question} onQuestion={setQuestion} /> : null}
          </>
        ) : tab === 'training' ? (
          <TrainingPanel dimensions={overview.value.dimensions} coders={overview.value.coders} />
        ) : (
          <SettingsPanel settings={overview.value.settings} onSaved={reload} />
        )}
      </div>
    </main>
  );
}
