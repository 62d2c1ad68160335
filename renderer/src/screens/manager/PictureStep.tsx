// The set-up's picture step: whether the pictures coders will see (size, frame rate) could tell them
// a clip's timepoint or arm — a new camera at follow-up, one site filming on phones — and the study
// setting that makes every clip one picture. The check and the rule live in core
// (setup/picture); this step shows the one and offers the other (./PictureSettings).
import { useEffect, useRef, useState } from 'react';
import type { PictureCheckView, PictureGroupView, SetupStatus } from '../../../../electron/common/contract';
import { call } from '../../api';
import { SaveFeedback } from '../../components/SaveFeedback';
import { TaskProgress } from '../../components/TaskProgress';
import { useCall, type Loaded } from '../../hooks/useCall';
import { useSave } from '../../hooks/useSave';
import { useFollowedTask } from '../../hooks/useTaskProgress';
import { CodingWindowSetting, PictureSetting } from './PictureSettings';
import { Time } from '../../components/Time';

/** While the check probes the recordings: how many of them, and the time left. */
function PictureProgress() {
  const followed = useFollowedTask(true, 'picture');
  return (
    <div aria-busy="true">
      <p>Checking the recordings&apos; pictures…</p>
      {followed && !followed.progress.finished ? <TaskProgress followed={followed} label="Pictures checked" unit="recordings" /> : null}
    </div>
  );
}

/**
 * The picture check, while the key is open. It probes every recording not yet de-identified, so it
 * is fetched again only when the recordings, the allocation or the clips change, not on every reload.
 */
export function usePictureCheck(status: SetupStatus | null): [Loaded<PictureCheckView>, () => void] {
  const unlocked = status?.unlocked === true;
  const [loaded, reload] = useCall(unlocked ? 'setup.pictureCheck' : 'setup.status', {});
  const fingerprint =
    unlocked && status ? [status.participants, status.recordings.pending, status.recordings.done, status.recordings.failed, status.clips].join('/') : null;
  const seen = useRef(fingerprint);
  useEffect(() => {
    const before = seen.current;
    seen.current = fingerprint;
    if (before !== null && fingerprint !== null && before !== fingerprint) reload();
  }, [fingerprint, reload]);
  if (!unlocked || loaded.state !== 'ready') return [loaded.state === 'error' ? loaded : { state: 'loading' }, reload];
  return ['tells' in loaded.value ? { state: 'ready', value: loaded.value } : { state: 'loading' }, reload];
}

export function PictureStep({
  status,
  check,
  unexplained,
  onSaved,
  onExplained,
}: {
  status: SetupStatus;
  check: Loaded<PictureCheckView>;
  /** The differences found that no recorded reason explains: de-identification waits for them. */
  unexplained: { readonly picture: readonly string[]; readonly length: readonly string[] };
  onSaved: () => void;
  onExplained: () => void;
}) {
  return (
    <div className="step-body">
      <p>
        Coders see each clip's picture size and frame rate (the player, the frame counter). If the cameras changed between visits or differed between sites, the picture
        alone could tell a coder the timepoint or arm.
      </p>
      {check.state === 'loading' && <PictureProgress />}
      {check.state === 'error' && (
        <p role="alert" className="error">
          {check.message}
        </p>
      )}
      {check.state === 'ready' && (
        <>
          <PictureFindings check={check.value} made={status.clips} explained={unexplained.picture.length === 0} />
          <PictureSetting current={check.value.picture} made={status.clips} onSaved={onSaved} />
          {unexplained.picture.length > 0 && <ExplainDifference check="picture" told={unexplained.picture} onDone={onExplained} />}
          <LengthFindings check={check.value} explained={unexplained.length.length === 0} />
          <CodingWindowSetting current={check.value.length.window} made={status.clips} onSaved={onSaved} />
          {unexplained.length.length > 0 && <ExplainDifference check="length" told={unexplained.length} onDone={onExplained} />}
          <BlindingExceptions status={status} />
        </>
      )}
    </div>
  );
}

function PictureFindings({ check, made, explained }: { check: PictureCheckView; made: number; explained: boolean }) {
  if (check.clips === 0) return <p>No recordings yet: import them to see their pictures.</p>;
  const told = check.tells.join(' and ');
  return (
    <>
      {check.tells.length > 0 ? (
        <div className="warning" role={explained ? undefined : 'alert'}>
          <p>
            <strong>The picture gives the {told} away.</strong> A coder could tell the {told} apart by picture size or frame rate: clips from different{' '}
            {check.tells.map((t) => `${t}s`).join(', and from different ')} come in different pictures (see the tables).
          </p>
          <p>
            {explained
              ? `A reason why this cannot tell a coder the ${told} is recorded below; it is audited and printed in every later report.`
              : made > 0
                ? `The clips are already de-identified, so the picture setting can no longer change for this study. De-identification waits until you record below why the difference cannot tell a coder the ${told}.`
                : `Make every clip the same picture below before de-identifying — or, if the difference cannot tell a coder the ${told}, record why below. De-identification waits until then.`}
          </p>
        </div>
      ) : (
        <p className="picture-ok">
          {check.pictures.length === 1
            ? `Every clip coders will see is ${check.pictures[0]}: the picture cannot tell a coder the timepoint or arm.`
            : 'The pictures differ between recordings, but each is found at every timepoint and in every arm: the picture does not tell a coder the timepoint or arm.'}
        </p>
      )}
      <PictureTable caption="Pictures by timepoint" factor="Timepoint" groups={check.byTimepoint} pictures={check.pictures} tells={check.tells.includes('timepoint')} />
      <PictureTable caption="Pictures by arm" factor="Arm" groups={check.byArm} pictures={check.pictures} tells={check.tells.includes('arm')} />
    </>
  );
}

function PictureTable({
  caption,
  factor,
  groups,
  pictures,
  tells,
}: {
  caption: string;
  factor: string;
  groups: readonly PictureGroupView[];
  pictures: readonly string[];
  tells: boolean;
}) {
  return (
    <table className="preview picture-table">
      <caption>
        {caption} (clips){tells && <span className="error"> — gives the {factor.toLowerCase()} away</span>}
      </caption>
      <thead>
        <tr>
          <th scope="col">{factor}</th>
          {pictures.map((p) => (
            <th key={p} scope="col">
              {p}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.level}>
            <th scope="row">{g.level}</th>
            {pictures.map((p) => (
              <td key={p}>{g.counts[p] ?? 0}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The reasons recorded so far for differences the picture check found (audited; in every later report). */
function BlindingExceptions({ status }: { status: SetupStatus }) {
  const accepted = status.blindingExceptions;
  if (accepted.length === 0) return null;
  return (
    <div className="blinding-exceptions">
      <h3>Differences accepted with a reason</h3>
      <ul>
        {accepted.map((e) => (
          <li key={`${e.recordedAt}-${e.reason}`}>
            The {e.check} by {e.tells.join(' and by ')} — {e.recordedBy}, <Time iso={e.recordedAt} />: “{e.reason}”
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The manager's written reason why a picture difference cannot tell a coder the timepoint or arm. */
function ExplainDifference({ check, told, onDone }: { check: 'picture' | 'length'; told: readonly string[]; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const save = useSave();
  const record = () =>
    save.run(async () => {
      await call('setup.acceptBlindingDifference', { check, reason });
      setReason('');
      onDone();
      return '';
    });
  return (
    <div className="step-body explain-difference">
      <label htmlFor={`blinding-reason-${check}`}>
        {check === 'picture' ? 'Or record why the difference' : "Record why the clips' length difference"} cannot tell a coder the {told.join(' or the ')} (20 characters or more)
      </label>
      <textarea
        id={`blinding-reason-${check}`}
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={2000}
        aria-describedby={`blinding-reason-hint-${check}`}
      />
      <p id={`blinding-reason-hint-${check}`} className="hint">
        Kept in the audit log, shown here and printed in every later report (exports, the analysis report). De-identification waits until then.
      </p>
      <button type="button" disabled={save.busy || reason.trim().length < 20} onClick={() => void record()}>
        Record the reason
      </button>
      <SaveFeedback save={save} />
    </div>
  );
}

/** Whether the clips' lengths could tell a coder the timepoint or arm (the same rule as the picture's). */
function LengthFindings({ check, explained }: { check: PictureCheckView; explained: boolean }) {
  if (check.clips === 0) return null;
  const length = check.length;
  const told = length.tells.join(' and ');
  return (
    <div className="length-findings">
      <h3>Clip length</h3>
      {length.tells.length > 0 ? (
        <div className="warning" role={explained ? undefined : 'alert'}>
          <p>
            <strong>The clips' length gives the {told} away.</strong> A coder sees how long a clip runs: clips from different {length.tells.map((t) => `${t}s`).join(', and from different ')}{' '}
            run for different lengths (see the tables; lengths in bands about 10% wide).
          </p>
          <p>{explained ? `A reason why this cannot tell a coder the ${told} is recorded below.` : `De-identification waits until you record below why it cannot tell a coder the ${told}.`}</p>
        </div>
      ) : (
        <p className="picture-ok">The clips' lengths do not differ by timepoint or arm: the length does not tell a coder either.</p>
      )}
      {length.tells.length > 0 && (
        <>
          <PictureTable caption="Lengths by timepoint" factor="Timepoint" groups={length.byTimepoint} pictures={length.lengths} tells={length.tells.includes('timepoint')} />
          <PictureTable caption="Lengths by arm" factor="Arm" groups={length.byArm} pictures={length.lengths} tells={length.tells.includes('arm')} />
        </>
      )}
    </div>
  );
}

