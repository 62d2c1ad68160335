// Moments of a clip: times written in a coder's note ("0:03", "1:02:05", "12:30.5") found so they can
// be links that seek the video there, the one way a marker's moment is written, and where a new
// marker goes in the list. Pure: the components only render.
import type { Marker } from '../../../electron/common/contract';

/** A note cut into text and the times in it. */
export type NotePart = { readonly text: string; readonly seconds: null } | { readonly text: string; readonly seconds: number };

// m:ss or h:mm:ss, with an optional fraction of a second; not inside a longer number or a ratio
// ("10:30:45:12" is not a time, nor the "2:1" of a score ratio: seconds always have two digits).
const TIME = /(?<![\d:.])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?:\.(\d{1,3}))?(?![\d:]|\.\d)/g;

/** The times in `text`, in order, each with its place in the text. */
export function timesIn(text: string): { readonly text: string; readonly seconds: number; readonly index: number }[] {
  const found: { text: string; seconds: number; index: number }[] = [];
  for (const m of text.matchAll(TIME)) {
    const [whole, a, b, c, fraction] = m;
    const [h, min, s] = c === undefined ? [0, Number(a), Number(b)] : [Number(a), Number(b), Number(c)];
    // In h:mm:ss the minutes are two digits below 60; in m:ss any one or two digits are minutes.
    if (c !== undefined && min > 59) continue;
    const seconds = h * 3600 + min * 60 + s + (fraction ? Number(`0.${fraction}`) : 0);
    found.push({ text: whole, seconds, index: m.index });
  }
  return found;
}

/** `text` as plain parts and time parts, in order; joined they are the text again. */
export function noteParts(text: string): NotePart[] {
  const parts: NotePart[] = [];
  let at = 0;
  for (const t of timesIn(text)) {
    if (t.index > at) parts.push({ text: text.slice(at, t.index), seconds: null });
    parts.push({ text: t.text, seconds: t.seconds });
    at = t.index + t.text.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), seconds: null });
  return parts;
}

/** "0:03.200", "1:02:05.000": a marker's moment, to the millisecond (the same as the exports write). */
export function clockTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Inserts a marker in time order (after any at the same time); returns the list and its place. */
export function withMarker(markers: readonly Marker[], added: Marker): { markers: Marker[]; index: number } {
  const index = markers.findIndex((m) => m.seconds > added.seconds);
  const at = index === -1 ? markers.length : index;
  return { markers: [...markers.slice(0, at), added, ...markers.slice(at)], index: at };
}
