// Markers: moments of a clip a coder ties a note to (issue 16, point 6). The contract bounds their
// shape (time, frame, a short note, how many); what only the clip knows is checked here — that each
// lies within the clip and that its frame is the frame at its time — so a marker can never point
// past the end of what the coder was shown. They are returned in time order.
import type { Marker } from '../../common/contract';
import { CoreError } from '../../common/result';

export interface MarkedClip {
  readonly durationSeconds: number;
  /** Frames per second as the player counts them (the clip view's frame rate). */
  readonly frameRate: number;
}

/** "1:02:05.250" / "0:03.200": how a marker's time is named in an error. */
export function markerTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The markers checked against the clip and sorted by time (a stable sort: equal times keep their order). */
export function checkMarkers(clip: MarkedClip, markers: readonly Marker[]): Marker[] {
  // The player can stand on the last frame, a little past the duration the container states.
  const end = clip.durationSeconds + 1 / clip.frameRate;
  markers.forEach((m, i) => {
    const which = `Marker ${i + 1} (${markerTime(m.seconds)})`;
    if (m.seconds > end) throw new CoreError('bad_input', `${which} is after the end of the clip (${markerTime(clip.durationSeconds)})`);
    const expected = Math.floor(m.seconds * clip.frameRate + 1e-6);
    if (Math.abs(m.frame - expected) > 1) throw new CoreError('bad_input', `${which} names frame ${m.frame}, but the frame at that time is ${expected}`);
  });
  return markers.map((m) => ({ seconds: m.seconds, frame: m.frame, note: m.note.trim() })).sort((a, b) => a.seconds - b.seconds);
}

/** A rating's markers as one CSV cell: "0:03.200 (frame 80): turns away | 0:07.000 (frame 175)". */
export function markersCell(markers: readonly Marker[]): string {
  return markers.map((m) => `${markerTime(m.seconds)} (frame ${m.frame})${m.note ? `: ${m.note}` : ''}`).join(' | ');
}
