// Where each set-up step stands, for the wizard's rail: done, to do, a warning (done, but look), or
// optional; and which earlier step a step waits for. A step waits for the first earlier step that
// is still to do — an optional step never holds the next one up, and a warning does not either
// (the step says what it found; the manager decides). A picture or length difference that no
// recorded reason explains is not a warning but still to do: core refuses de-identification then
// (core/setup/blindingGuard), so the steps after it wait. Pure: the wizard renders what this returns.
import type { PictureCheckView, SetupStatus } from '../../../../electron/common/contract';
import type { Loaded } from '../../hooks/useCall';

export type StepId = 'key' | 'allocation' | 'recordings' | 'masks' | 'picture' | 'deidentify' | 'coders' | 'assign' | 'seal';
export type StepState = 'done' | 'todo' | 'warning' | 'optional';

export interface WizardStep {
  readonly id: StepId;
  /** 1-based, as the rail and the heading number it. */
  readonly n: number;
  readonly title: string;
  readonly state: StepState;
  /** What the state means here, in a few words ("3 participants", "gives the timepoint away"). */
  readonly summary: string;
  /** The earlier step this one waits for; null when it can be taken now. */
  readonly waitsFor: { readonly n: number; readonly title: string } | null;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The differences each check found that no recorded reason explains. */
export interface Unexplained {
  readonly picture: readonly string[];
  readonly length: readonly string[];
}

export function wizardSteps(s: SetupStatus, picture: Loaded<PictureCheckView>, masked: boolean, unexplained: Unexplained = { picture: [], length: [] }): WizardStep[] {
  const recordings = s.recordings.pending + s.recordings.done + s.recordings.failed;
  const coders = s.users.filter((u) => u.role === 'coder').length;
  const away = (tells: readonly string[]) => `gives the ${tells.join(' and ')} away`;
  const pictureState: [StepState, string] =
    recordings === 0
      ? ['todo', 'needs recordings']
      : picture.state !== 'ready'
        ? ['todo', picture.state === 'error' ? 'check failed' : 'checking…']
        : unexplained.picture.length > 0
          ? ['todo', `the picture ${away(unexplained.picture)}: fix it or record why not`]
          : unexplained.length.length > 0
            ? ['todo', `the length ${away(unexplained.length)}: code a fixed window or record why not`]
            : picture.value.tells.length > 0 || picture.value.length.tells.length > 0
              ? ['warning', 'differences accepted with a reason']
              : ['done', picture.value.picture ? 'one picture for every clip' : 'no picture or length tells'];
  const rows: [StepId, string, StepState, string][] = [
    ['key', 'Open the sealed key', s.unlocked ? 'done' : 'todo', s.unlocked ? 'open for this session' : 'needs the passphrase'],
    ['allocation', 'Allocation', (s.participants ?? 0) > 0 ? 'done' : 'todo', (s.participants ?? 0) > 0 ? plural(s.participants ?? 0, 'participant') : 'import the CSV'],
    ['recordings', 'Recordings', recordings > 0 ? 'done' : 'todo', recordings > 0 ? plural(recordings, 'recording') : 'import a folder'],
    ['masks', 'Masks', masked ? 'done' : 'optional', masked ? 'masks drawn' : 'only for burned-in text'],
    ['picture', 'Picture and length', ...pictureState],
    [
      'deidentify',
      'De-identify',
      s.recordings.failed > 0 ? 'warning' : s.recordings.done > 0 && s.recordings.pending === 0 ? 'done' : 'todo',
      s.recordings.failed > 0 ? `${s.recordings.failed} failed` : `${s.recordings.done} of ${recordings} done`,
    ],
    ['coders', 'Coders', coders > 0 ? 'done' : 'todo', coders > 0 ? plural(coders, 'coder') : 'add at least one coder'],
    ['assign', 'Assign', s.clips > 0 && s.unassigned === 0 ? 'done' : 'todo', s.clips > 0 ? `${s.assigned} of ${s.clips} clips assigned` : 'needs clips'],
    ['seal', 'Seal', s.seals.length > 0 ? 'done' : 'todo', s.seals.length > 0 ? plural(s.seals.length, 'seal') : 'commit to the key'],
  ];
  let blocker: { n: number; title: string } | null = null;
  return rows.map(([id, title, state, summary], i) => {
    const step: WizardStep = { id, n: i + 1, title, state, summary, waitsFor: state === 'done' ? null : blocker };
    if (state === 'todo' && blocker === null) blocker = { n: i + 1, title };
    return step;
  });
}

/** The step to open first: the first one to do that does not wait, else the first warning, else the last. */
export function firstOpenStep(steps: readonly WizardStep[]): StepId {
  return (steps.find((s) => s.state === 'todo' && s.waitsFor === null) ?? steps.find((s) => s.state === 'warning') ?? steps[steps.length - 1]!).id;
}
