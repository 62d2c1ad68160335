// The rating state machine shared by the coder's clip page and the auditor's session page: a draft
// saved within a second of any change, submit (which locks), and amendment with a reason — over the
// coding.* or fidelity.* entries of the contract, which take the same inputs.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Draft, RatingContent, RatingVersion, ScaleDimension, SubmitReceipt } from '../../../electron/common/contract';
import { call, isSessionEnded, messageOf, sessionEvents } from '../api';
import { useActiveSeconds } from './useActiveSeconds';

// Drafts are saved this long after the last change: well within the promised second.
const AUTOSAVE_MS = 400;
export const EMPTY_DRAFT: Draft = { scores: {}, notes: {}, overallNote: '', unscorable: null, markers: [] };

export type RatingChannel = 'coding' | 'fidelity';
export type RatingMode = 'draft' | 'locked' | 'amending';

interface Calls {
  save(input: { code: string; draft: Draft; secondsSpent: number }): Promise<unknown>;
  submit(input: { code: string; rating: RatingContent; secondsSpent: number }): Promise<SubmitReceipt>;
  amend(input: { code: string; rating: RatingContent; reason: string; secondsSpent: number }): Promise<SubmitReceipt>;
}

const CALLS: Readonly<Record<RatingChannel, Calls>> = {
  coding: {
    save: (i) => call('coding.saveDraft', i),
    submit: (i) => call('coding.submit', i),
    amend: (i) => call('coding.amend', i),
  },
  fidelity: {
    save: (i) => call('fidelity.saveDraft', i),
    submit: (i) => call('fidelity.submit', i),
    amend: (i) => call('fidelity.amend', i),
  },
};

/** The scores and non-empty notes of a draft, as a submission. */
export function toContent(dimensions: readonly ScaleDimension[], draft: Draft): RatingContent {
  const scores: Record<string, number> = {};
  for (const d of dimensions) {
    const v = draft.scores[d.id];
    if (typeof v === 'number') scores[d.id] = v;
  }
  const notes = Object.fromEntries(Object.entries(draft.notes).filter(([, n]) => n.trim() !== ''));
  return { scores, notes, overallNote: draft.overallNote, unscorable: draft.unscorable, markers: draft.markers };
}

export interface RatingSessionOptions {
  readonly channel: RatingChannel;
  readonly code: string;
  readonly dimensions: readonly ScaleDimension[];
  readonly history: readonly RatingVersion[];
  readonly draft: Draft | null;
  readonly secondsSpent: number;
  /** After a first submission; return true when the page takes over (e.g. the blinding check). */
  readonly afterSubmit: (receipt: SubmitReceipt) => void;
  /** After an amendment: the page reloads the clip and its history. */
  readonly afterAmend: () => void;
}

export function useRatingSession(o: RatingSessionOptions) {
  const calls = CALLS[o.channel];
  const latest = o.history[o.history.length - 1];
  const [mode, setMode] = useState<RatingMode>(latest ? 'locked' : 'draft');
  const [draft, setDraft] = useState<Draft>(latest ?? o.draft ?? EMPTY_DRAFT);
  const [reason, setReason] = useState('');
  // 'pending': a change not yet sent. "Draft saved" shows only when nothing is waiting.
  const [saveState, setSaveState] = useState<'idle' | 'pending' | 'saving' | 'saved' | 'error'>(o.draft ? 'saved' : 'idle');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const seconds = useActiveSeconds(o.secondsSpent);
  const dirty = useRef(false);
  const latestDraft = useRef(draft);
  useEffect(() => {
    latestDraft.current = draft;
  }, [draft]);

  const saveNow = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    setSaveState('saving');
    try {
      await calls.save({ code: o.code, draft: latestDraft.current, secondsSpent: seconds() });
      // A change made while this save was on its way is still to be saved.
      setSaveState(dirty.current ? 'pending' : 'saved');
    } catch (e) {
      dirty.current = true;
      setSaveState('error');
      setError(isSessionEnded(e) ? 'Your session ended: log in again and this draft is saved.' : messageOf(e));
    }
  }, [calls, o.code, seconds]);

  // Back after the session ended (the shell asked for the password in place): what was entered
  // meanwhile, kept in this page, is saved now.
  useEffect(
    () =>
      sessionEvents.onRestored(() => {
        setError('');
        if (mode === 'draft') void saveNow();
      }),
    [mode, saveNow],
  );

  useEffect(() => {
    if (mode !== 'draft' || !dirty.current) return;
    const timer = setTimeout(() => void saveNow(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft, mode, saveNow]);

  const complete = draft.unscorable !== null || o.dimensions.every((d) => typeof draft.scores[d.id] === 'number');
  const reasonOk = mode !== 'amending' || reason.trim().length >= 3;

  const submit = async () => {
    if (!complete || !reasonOk || busy || mode === 'locked') return;
    setBusy(true);
    setError('');
    try {
      const rating = toContent(o.dimensions, draft);
      if (mode === 'amending') {
        await calls.amend({ code: o.code, rating, reason, secondsSpent: seconds() });
        o.afterAmend();
      } else {
        const receipt = await calls.submit({ code: o.code, rating, secondsSpent: seconds() });
        dirty.current = false;
        o.afterSubmit(receipt);
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return {
    mode,
    draft,
    latest,
    reason,
    saveState,
    error,
    busy,
    complete,
    reasonOk,
    setReason,
    update(next: Draft) {
      dirty.current = mode === 'draft';
      if (dirty.current) setSaveState('pending');
      setDraft(next);
    },
    /** Saves a pending draft before the page moves elsewhere. */
    async flush() {
      if (mode === 'draft') await saveNow();
    },
    startAmend: () => setMode('amending'),
    cancelAmend() {
      setMode('locked');
      setDraft(latest ?? EMPTY_DRAFT);
      setReason('');
      setError('');
    },
    submit,
    /** Ctrl+Enter anywhere in the form submits. */
    onFormKey(event: KeyboardEvent) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void submit();
      }
    },
  };
}

export type RatingSession = ReturnType<typeof useRatingSession>;

/** "R" takes the keyboard to the form: the first dimension not yet scored. */
export function useRateKey(form: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.key !== 'r' && event.key !== 'R') || event.ctrlKey || event.metaKey || event.altKey) return;
      const t = event.target;
      if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && !['radio', 'checkbox'].includes(t.type))) return;
      const groups = [...(form.current?.querySelectorAll<HTMLElement>('fieldset.dimension') ?? [])];
      const target = groups.find((g) => !g.querySelector('input[type="radio"]:checked')) ?? groups[0];
      const radio = target?.querySelector<HTMLInputElement>('input[type="radio"]:checked') ?? target?.querySelector<HTMLInputElement>('input[type="radio"]');
      if (radio && !radio.disabled) {
        event.preventDefault();
        radio.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [form]);
}
