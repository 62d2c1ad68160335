// Scoring by keys (issue 16, point 7): a digit picks that score on the active dimension, a `.` or `+`
// straight after it the half point above (5 . → 5.5), `+` on its own the half point above a whole
// score already chosen. Pure: the page (hooks/useScoreKeys) only routes keys to it.
import type { ScaleDimension } from '../../../electron/common/contract';

/** Whether `value` is one of the scale's points. */
export function isPoint(d: ScaleDimension, value: number): boolean {
  if (value < d.min - 1e-9 || value > d.max + 1e-9) return false;
  const steps = (value - d.min) / d.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/** The point a half-point key lands on from a whole `base`, if the scale has one between base and base + 1. */
function halfAbove(d: ScaleDimension, base: number | null): number | null {
  if (base === null || d.step >= 1) return null;
  const value = Number((base + 0.5).toFixed(10));
  return isPoint(d, value) ? value : null;
}

/**
 * The score `key` gives the active dimension, or null when the key is not a scoring key there (a
 * `.` not straight after a digit stays the player's frame step). `afterDigit` is the score the
 * previous key press chose by digit, if it was one; `current` the dimension's score now.
 */
export function scoreForKey(d: ScaleDimension, key: string, afterDigit: number | null, current: number | null): number | null {
  if (/^[1-9]$/.test(key)) {
    const value = Number(key);
    return isPoint(d, value) ? value : null;
  }
  if (key === '.') return halfAbove(d, afterDigit);
  if (key === '+') return halfAbove(d, afterDigit ?? (current !== null && Number.isInteger(current) ? current : null));
  return null;
}

/** The DOM id of a point's radio button (ScoreForm names them so). */
export function pointId(dimensionId: string, value: number): string {
  return `${dimensionId}-${String(value).replace('.', '_')}`;
}
