// The draggable split between the video and the form on the clip page, remembered per coder on this
// computer (localStorage, keyed by the coder's name: a layout preference, nothing about any clip).
import { useCallback, useState, type KeyboardEvent, type PointerEvent } from 'react';

const MIN = 35;
const MAX = 80;
const DEFAULT = 66;

const keyOf = (coder: string) => `blindfold.clipSplit.${coder}`;

function stored(coder: string): number {
  const value = Number(window.localStorage.getItem(keyOf(coder)));
  return Number.isFinite(value) && value >= MIN && value <= MAX ? value : DEFAULT;
}

/** The video column's share of the width (percent), and the splitter's handlers. */
export function useSplit(coder: string) {
  const [percent, setPercent] = useState(() => stored(coder));
  const keep = useCallback(
    (value: number) => {
      const next = Math.round(Math.min(MAX, Math.max(MIN, value)) * 10) / 10;
      setPercent(next);
      window.localStorage.setItem(keyOf(coder), String(next));
    },
    [coder],
  );
  const onPointerDown = (event: PointerEvent<HTMLElement>) => {
    const container = event.currentTarget.parentElement;
    if (!container) return;
    event.preventDefault();
    const box = container.getBoundingClientRect();
    const move = (e: globalThis.PointerEvent) => keep(((e.clientX - box.left) / box.width) * 100);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  // Arrow keys on the focused splitter move it (and are not the player's seek keys there).
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const step = event.shiftKey ? 10 : 2;
    if (event.key === 'ArrowLeft') keep(percent - step);
    else if (event.key === 'ArrowRight') keep(percent + step);
    else if (event.key === 'Home') keep(MIN);
    else if (event.key === 'End') keep(MAX);
    else return;
    event.preventDefault();
  };
  return { percent, min: MIN, max: MAX, onPointerDown, onKeyDown };
}
