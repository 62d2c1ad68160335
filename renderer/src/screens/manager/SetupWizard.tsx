import { useCall } from '../../hooks/useCall';
import { AssignStep, SealStep, UsersStep } from './AssignSteps';
import { PictureStep, usePictureCheck } from './PictureStep';
import { AllocationStep, DeidentifyStep, MasksStep, RecordingsStep, UnlockStep } from './SetupSteps';
import type { ReactNode } from 'react';
import type { SetupStatus } from '../../../../electron/common/contract';

/**
 * One step of the wizard. A step whose earlier step is not done yet says what it waits for instead of
 * offering its action (core refuses the actions out of order too: de-identification while the picture
 * check warns, a seal before allocation, clips and assignments).
 */
function Step({ n, title, done, waitsFor = null, children }: { n: number; title: string; done: boolean; waitsFor?: string | null; children: ReactNode }) {
  return (
    <section className={`card step${done ? ' step-done' : ''}${waitsFor ? ' step-waiting' : ''}`} aria-labelledby={`step-${n}`}>
      <h2 id={`step-${n}`}>
        <span className="step-n">{n}</span> {title} {done && <span className="step-check">✓ done</span>}
      </h2>
      {waitsFor ? <p className="muted step-waits">Waits for {waitsFor}.</p> : children}
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
  const reload = () => {
    reloadStatus();
    reloadJobs();
  };
  if (status.state !== 'ready') return <p role={status.state === 'error' ? 'alert' : undefined}>{status.state === 'error' ? status.message : 'Loading…'}</p>;
  const s = status.value;
  const jobList = unlocked && jobs.state === 'ready' && Array.isArray(jobs.value) ? jobs.value : [];
  const allocated = (s.participants ?? 0) > 0;
  const imported = s.recordings.pending + s.recordings.done + s.recordings.failed > 0;
  const unexplained = {
    picture: picture.state === 'ready' ? unexplainedTells('picture', picture.value.tells, s) : [],
    length: picture.state === 'ready' ? unexplainedTells('length', picture.value.length.tells, s) : [],
  };
  const pictureOk = picture.state === 'ready' && picture.value.clips > 0 && unexplained.picture.length === 0 && unexplained.length.length === 0;
  const hasCoder = s.users.some((u) => u.role === 'coder');
  return (
    <div className="wizard">
      {!s.unlocked && (
        <Step n={0} title="Open the sealed key" done={false}>
          <UnlockStep onDone={reload} />
        </Step>
      )}
      {s.unlocked && (
        <>
          <Step n={1} title="Allocation" done={allocated}>
            <AllocationStep status={s} onDone={reload} />
          </Step>
          <Step n={2} title="Recordings" done={imported} waitsFor={allocated ? null : 'step 1: import the allocation'}>
            <RecordingsStep onDone={reload} />
          </Step>
          <Step n={3} title="Masks (optional)" done={false} waitsFor={imported ? null : 'step 2: import the recordings'}>
            <MasksStep jobs={jobList} onDone={reload} />
          </Step>
          <Step n={4} title="Picture and length" done={pictureOk} waitsFor={imported ? null : 'step 2: import the recordings'}>
            <PictureStep status={s} check={picture} unexplained={unexplained} onSaved={reloadPicture} onExplained={reload} />
          </Step>
          <Step
            n={5}
            title="De-identify"
            done={s.recordings.done > 0 && s.recordings.pending + s.recordings.failed === 0}
            waitsFor={!imported ? 'step 2: import the recordings' : pictureOk ? null : 'step 4: the picture and length checks must pass, or a reason be recorded there'}
          >
            <DeidentifyStep status={s} jobs={jobList} onDone={reload} />
          </Step>
          <Step n={6} title="Coders" done={hasCoder} waitsFor={s.clips > 0 ? null : 'step 5: de-identify the recordings'}>
            <UsersStep status={s} onDone={reload} />
          </Step>
          <Step n={7} title="Assign" done={s.clips > 0 && s.unassigned === 0} waitsFor={s.clips === 0 ? 'step 5: de-identify the recordings' : hasCoder ? null : 'step 6: add a coder'}>
            <AssignStep status={s} onDone={reload} />
          </Step>
          <Step
            n={8}
            title="Seal"
            done={s.seals.length > 0}
            waitsFor={!allocated ? 'step 1: import the allocation' : s.clips === 0 ? 'step 5: de-identify the recordings' : s.assigned === 0 ? 'step 7: assign the clips' : null}
          >
            <SealStep status={s} onDone={reload} />
          </Step>
        </>
      )}
    </div>
  );
}
