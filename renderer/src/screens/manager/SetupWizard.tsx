// The manager's set-up as numbered steps: a rail on the left shows every step's state (done, to
// do, warning, optional) and which step it waits for; the step chosen is shown beside it. When the
// open step is done, the next one opens. The steps themselves are ./SetupSteps, ./PictureStep and
// ./AssignSteps; what counts as done is ./wizardSteps.
import { useState, type ReactNode } from 'react';
import { useCall } from '../../hooks/useCall';
import { AssignStep, SealStep, UsersStep } from './AssignSteps';
import { PictureStep, usePictureCheck } from './PictureStep';
import { AllocationStep, DeidentifyStep, MasksStep, RecordingsStep, UnlockStep } from './SetupSteps';
import type { SetupStatus } from '../../../../electron/common/contract';
import { WatchAsCoder } from './WatchAsCoder';
import { firstOpenStep, wizardSteps, type StepId, type StepState, type WizardStep } from './wizardSteps';

const STATE_WORD: Record<StepState, string> = { done: 'done', todo: 'to do', warning: 'warning', optional: 'optional' };
const STATE_MARK: Record<StepState, string> = { done: '✓', todo: '', warning: '!', optional: '' };

function Rail({ steps, active, onChoose }: { steps: readonly WizardStep[]; active: StepId; onChoose: (id: StepId) => void }) {
  return (
    <nav aria-label="Set-up steps" className="wizard-rail">
      <ol>
        {steps.map((s) => {
          const state = s.waitsFor ? `waits for step ${s.waitsFor.n}` : STATE_WORD[s.state];
          return (
            <li key={s.id} className={`rail-step rail-${s.state}${s.waitsFor ? ' rail-waiting' : ''}`} data-testid={`rail-${s.id}`}>
              <button type="button" aria-current={s.id === active ? 'step' : undefined} onClick={() => onChoose(s.id)}>
                <span className="step-n" aria-hidden="true">
                  {STATE_MARK[s.state] || s.n}
                </span>
                <span className="rail-text">
                  <span className="rail-title">
                    {s.n}. {s.title}
                  </span>
                  <span className="rail-state">
                    {state}
                    {s.waitsFor ? '' : ` · ${s.summary}`}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function Step({ step, next, onNext, children }: { step: WizardStep; next: WizardStep | null; onNext: () => void; children: ReactNode }) {
  return (
    <section className={`card step step-${step.state}`} aria-labelledby={`step-${step.id}`}>
      <h2 id={`step-${step.id}`}>
        <span className="step-n">{step.n}</span> {step.title}
        {step.id === 'masks' ? ' (optional)' : ''} <span className={`step-check step-state-${step.state}`}>{STATE_WORD[step.state]}</span>
      </h2>
      {step.waitsFor ? (
        <p className="step-wait" data-testid="step-waits">
          This step waits for step {step.waitsFor.n}, {step.waitsFor.title}: finish that first.
        </p>
      ) : (
        children
      )}
      {next && !step.waitsFor && step.state !== 'todo' ? (
        <p>
          <button type="button" className="primary" onClick={onNext}>
            Next: {next.n}. {next.title}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** A check's differences no recorded reason explains (core/setup/blindingGuard: unexplained). */
function unexplainedTells(check: 'picture' | 'length', tells: readonly string[], status: SetupStatus): string[] {
  const covered = new Set<string>(status.blindingExceptions.filter((e) => e.check === check).flatMap((e) => e.tells));
  return tells.filter((t) => !covered.has(t));
}

export function SetupWizard() {
  const [status, reloadStatus] = useCall('setup.status', {});
  const unlocked = status.state === 'ready' && status.value.unlocked;
  const [jobs, reloadJobs] = useCall(unlocked ? 'setup.pendingJobs' : 'setup.status', {});
  const [picture, reloadPicture] = usePictureCheck(status.state === 'ready' ? status.value : null);
  const [chosen, setChosen] = useState<StepId | null>(null);
  const jobList = unlocked && jobs.state === 'ready' && Array.isArray(jobs.value) ? jobs.value : [];
  const masked = status.state === 'ready' && (status.value.studyMasks.length > 0 || jobList.some((j) => j.masks.length > 0));
  const unexplained = {
    picture: status.state === 'ready' && picture.state === 'ready' ? unexplainedTells('picture', picture.value.tells, status.value) : [],
    length: status.state === 'ready' && picture.state === 'ready' ? unexplainedTells('length', picture.value.length.tells, status.value) : [],
  };
  const steps = status.state === 'ready' ? wizardSteps(status.value, picture, masked, unexplained) : null;
  const active = chosen ?? (steps ? firstOpenStep(steps) : 'key');
  const activeIndex = steps ? steps.findIndex((s) => s.id === active) : -1;
  const activeState = steps?.[activeIndex]?.state;

  // The step first opened stays open until the manager chooses another (state adjusted while
  // rendering, React's pattern for state derived from props). Opening the key has nothing to read
  // afterwards, so the allocation opens; every other done step stays open, its receipt on screen,
  // with a button to the next.
  if (chosen === null && steps) setChosen(firstOpenStep(steps));
  else if (active === 'key' && activeState === 'done') setChosen('allocation');

  const reload = () => {
    reloadStatus();
    reloadJobs();
  };
  if (status.state !== 'ready' || !steps) return <p role={status.state === 'error' ? 'alert' : undefined}>{status.state === 'error' ? status.message : 'Loading…'}</p>;
  const s = status.value;
  const step = steps[activeIndex]!;
  const next = steps[activeIndex + 1] ?? null;
  const body: Record<StepId, () => ReactNode> = {
    key: () => (s.unlocked ? <p className="step-body">The sealed key is open for this session.</p> : <UnlockStep onDone={reload} />),
    allocation: () => <AllocationStep status={s} onDone={reload} />,
    recordings: () => <RecordingsStep onDone={reload} />,
    masks: () => <MasksStep jobs={jobList} onDone={reload} />,
    picture: () => <PictureStep status={s} check={picture} unexplained={unexplained} onSaved={reloadPicture} onExplained={reload} />,
    deidentify: () => (
      <>
        <DeidentifyStep status={s} jobs={jobList} onDone={reload} />
        {s.clips > 0 ? <WatchAsCoder /> : null}
      </>
    ),
    coders: () => <UsersStep status={s} onDone={reload} />,
    assign: () => <AssignStep status={s} onDone={reload} />,
    seal: () => <SealStep status={s} onDone={reload} />,
  };
  return (
    <div className="wizard">
      <Rail steps={steps} active={active} onChoose={setChosen} />
      <Step key={step.id} step={step} next={next} onNext={() => next && setChosen(next.id)}>
        {body[step.id]()}
      </Step>
    </div>
  );
}
