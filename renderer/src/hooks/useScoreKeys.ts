// The coder's scoring keys, anywhere on the clip page except in a text field: a digit scores the
// active dimension (the highlighted one: where the focus is in the form, else the first not yet
// scored), `.` or `+` straight after it the half point, Tab / Shift+Tab the next or previous
// dimension (native: one tab stop per scale), Ctrl+Enter submits from anywhere. The player's keys
// stay the player's while a scale has the focus (playerKeys: keysOverScales), so one clip is
// scored in 4–6 keys (7 Tab 7 Ctrl+Enter; 5 . Tab 4 . Ctrl+Enter).
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Draft, ScaleDimension } from '../../../electron/common/contract';
import { isTyping } from '../components/playerKeys';
import { pointId, scoreForKey } from '../components/scoreKeys';

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

export const SCORE_KEYS_HINT = 'Keys: 1–7 score the highlighted scale, then . or + for the half point · Tab next scale · Ctrl+Enter submit';

export interface ScoreKeysOptions {
  readonly dimensions: readonly ScaleDimension[];
  readonly draft: Draft;
  readonly enabled: boolean;
  readonly onChange: (next: Draft) => void;
  readonly onSubmit: () => void;
  readonly form: RefObject<HTMLElement | null>;
}

export function useScoreKeys(o: ScoreKeysOptions): string | null {
  const firstOpen = () => (o.dimensions.find((d) => typeof o.draft.scores[d.id] !== 'number') ?? o.dimensions[0])?.id ?? null;
  const [activeId, setActiveId] = useState<string | null>(firstOpen);
  const latest = useRef(o);
  const afterDigit = useRef<number | null>(null);
  useEffect(() => {
    latest.current = o;
  });

  // Focus in a scale makes it the active one (Tab, Shift+Tab, a click).
  const form = o.form;
  useEffect(() => {
    const el = form.current;
    if (!el) return;
    const onFocus = (event: FocusEvent) => {
      const group = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-dimension]') : null;
      if (group?.dataset['dimension']) setActiveId(group.dataset['dimension']);
    };
    el.addEventListener('focusin', onFocus);
    return () => el.removeEventListener('focusin', onFocus);
  }, [form]);

  const onKey = useCallback(
    (event: KeyboardEvent) => {
      const { dimensions, draft, enabled, onChange, onSubmit, form: formRef } = latest.current;
      if (MODIFIERS.has(event.key)) return;
      const chained = afterDigit.current;
      afterDigit.current = null;
      if (!enabled || event.defaultPrevented) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        // Inside the form its own handler submits (RatingPanel); elsewhere on the page, this one.
        if (formRef.current && event.target instanceof Node && formRef.current.contains(event.target)) return;
        event.preventDefault();
        onSubmit();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const d = dimensions.find((x) => x.id === activeId) ?? dimensions[0];
      if (!d) return;
      const current = draft.scores[d.id];
      const score = scoreForKey(d, event.key, chained, typeof current === 'number' ? current : null);
      if (score === null) return;
      event.preventDefault();
      if (/^[0-9]$/.test(event.key)) afterDigit.current = score;
      onChange({ ...draft, scores: { ...draft.scores, [d.id]: score } });
      // The focus goes to the scale just scored, so Tab moves on to the next one.
      document.getElementById(pointId(d.id, score))?.focus();
    },
    [activeId],
  );

  useEffect(() => {
    // Capture: before the player's keys (a `.` straight after a digit is the half point, not a frame step).
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [onKey]);

  return activeId;
}
