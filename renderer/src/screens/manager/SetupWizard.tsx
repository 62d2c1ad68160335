import { useCall } from '../../hooks/useCall';
import { AssignStep, SealStep, UsersStep } from './AssignSteps';
import { PictureStep, usePictureCheck } from './PictureStep';
import { AllocationStep, DeidentifyStep, MasksStep, RecordingsStep, UnlockStep } from './SetupSteps';
import type { ReactNode } from 'react';

function Step({ n, title, done, children }: { n: number; title: string; done: boolean; children: ReactNode }) {
  return (
    <section className={`card step${done ? ' step-done' : ''}`} aria-labelledby={`step-${n}`}>
      <h2 id={`step-${n}`}>
        <span className="step-n">{n}</span> {title} {done && <span className="step-check">✓ done</span>}
      </h2>
      {children}
    </section>
  );
}

export function SetupWizard() {
  const [status, reloadStatus] = useCall('setup.status', {});
  const unlocked = status.state === 'ready' && status.value.unlocked;
  const [jobs, reloadJobs] = useCall(unlocked ? 'setup.pendingJobs' : 'setup.status', {});
  const [picture, reloadPicture] = usePictureCheck(status.state === 'ready' ? status.value : null);
  const reload = () => {
    reloadStatus();
    reloadJobs();
  };
  if (status.state !== 'ready') return <p role={status.state === 'error' ? 'alert' : undefined}>{status.state === 'error' ? status.message : 'Loading…'}</p>;
  const s = status.value;
  const jobList = unlocked && jobs.state === 'ready' && Array.isArray(jobs.value) ? jobs.value : [];
  return (
    <div className="wizard">
      {!s.unlocked && (
        <Step n={0} title="Open the sealed key" done={false}>
          <UnlockStep onDone={reload} />
        </Step>
      )}
      {s.unlocked && (
        <>
          <Step n={1} title="Allocation" done={(s.participants ?? 0) > 0}>
            <AllocationStep status={s} onDone={reload} />
          </Step>
          <Step n={2} title="Recordings" done={s.recordings.pending + s.recordings.done > 0}>
            <RecordingsStep onDone={reload} />
          </Step>
          <Step n={3} title="Masks (optional)" done={false}>
            <MasksStep jobs={jobList} onDone={reload} />
          </Step>
          <Step n={4} title="Picture" done={picture.state === 'ready' && picture.value.clips > 0 && picture.value.tells.length === 0}>
            <PictureStep status={s} check={picture} onSaved={reloadPicture} />
          </Step>
          <Step n={5} title="De-identify" done={s.recordings.done > 0 && s.recordings.pending + s.recordings.failed === 0}>
            <DeidentifyStep status={s} jobs={jobList} onDone={reload} />
          </Step>
          <Step n={6} title="Coders" done={s.users.some((u) => u.role === 'coder')}>
            <UsersStep status={s} onDone={reload} />
          </Step>
          <Step n={7} title="Assign" done={s.clips > 0 && s.unassigned === 0}>
            <AssignStep status={s} onDone={reload} />
          </Step>
          <Step n={8} title="Seal" done={s.seals.length > 0}>
            <SealStep status={s} onDone={reload} />
          </Step>
        </>
      )}
    </div>
  );
}
