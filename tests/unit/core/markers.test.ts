// Markers (issue 16, point 6): their shape is the contract's (time, frame, a short note — nothing
// else, bounded), what only the clip knows is core's (within the clip, the frame at that time), and a
// rating keeps its own: drafts, submissions and amendments, through core's dispatch.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKER_NOTE_MAX, MARKERS_MAX, saveDraftInput, submitInput } from '../../../electron/common/contract';
import { createCore, type Core } from '../../../electron/core/app/core';
import { createDemoStudy } from '../../../electron/core/app/demo';
import { checkMarkers, markerTime } from '../../../electron/core/coding/markers';
import type { ClipView, CoderQueue } from '../../../electron/common/contract';
import { tempDir } from '../../support/tempStudy';

const CODE = 'ABCD-EFGH';
const content = (markers: unknown) => ({ scores: {}, notes: {}, overallNote: '', unscorable: null, markers });

describe('the contract’s marker schema', () => {
  it('takes time, frame and a short note, and nothing else', () => {
    const ok = saveDraftInput.parse({ code: CODE, draft: content([{ seconds: 3.2, frame: 80, note: 'turns away' }]), secondsSpent: 1 });
    expect(ok.draft.markers).toEqual([{ seconds: 3.2, frame: 80, note: 'turns away' }]);
    // Anything about the clip's origin has no place in a marker.
    expect(saveDraftInput.safeParse({ code: CODE, draft: content([{ seconds: 1, frame: 25, note: '', arm: 'control' }]), secondsSpent: 1 }).success).toBe(false);
    expect(saveDraftInput.safeParse({ code: CODE, draft: content([{ seconds: 1, frame: 25, note: '', timepoint: 'baseline' }]), secondsSpent: 1 }).success).toBe(false);
  });

  it('leaving markers out means none (clients and stores from before markers)', () => {
    const parsed = submitInput.parse({ code: CODE, rating: { scores: { sensitivity: 5 }, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 1 });
    expect(parsed.rating.markers).toEqual([]);
  });

  it('bounds the note, the count, the time and the frame, with messages that say which', () => {
    const issues = (markers: unknown) => {
      const r = saveDraftInput.safeParse({ code: CODE, draft: content(markers), secondsSpent: 1 });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues([{ seconds: 1, frame: 25, note: 'x'.repeat(MARKER_NOTE_MAX) }])).toEqual([]);
    expect(issues([{ seconds: 1, frame: 25, note: 'x'.repeat(MARKER_NOTE_MAX + 1) }])).toEqual([`A marker's note is at most ${MARKER_NOTE_MAX} characters`]);
    expect(issues(Array.from({ length: MARKERS_MAX + 1 }, () => ({ seconds: 0, frame: 0, note: '' })))).toEqual([`At most ${MARKERS_MAX} markers on one clip`]);
    expect(issues([{ seconds: -1, frame: 0, note: '' }])).toEqual(['A marker cannot be before the start of the clip']);
    expect(issues([{ seconds: 1, frame: 2.5, note: '' }])).toHaveLength(1);
    expect(issues([{ seconds: Number.NaN, frame: 0, note: '' }])).toHaveLength(1);
  });
});

describe('checkMarkers, against the clip', () => {
  const clip = { durationSeconds: 20, frameRate: 10 };
  it('sorts by time and trims notes', () => {
    expect(
      checkMarkers(clip, [
        { seconds: 12, frame: 120, note: ' b ' },
        { seconds: 3.05, frame: 30, note: 'a' },
      ]),
    ).toEqual([
      { seconds: 3.05, frame: 30, note: 'a' },
      { seconds: 12, frame: 120, note: 'b' },
    ]);
  });

  it('refuses a marker after the clip’s end, or a frame that is not the frame at its time', () => {
    expect(checkMarkers(clip, [{ seconds: 20.05, frame: 200, note: '' }])).toHaveLength(1); // on the last frame
    expect(() => checkMarkers(clip, [{ seconds: 0, frame: 0, note: '' }, { seconds: 21, frame: 210, note: '' }])).toThrow(
      'Marker 2 (0:21.000) is after the end of the clip (0:20.000)',
    );
    expect(() => checkMarkers(clip, [{ seconds: 5, frame: 70, note: '' }])).toThrow('Marker 1 (0:05.000) names frame 70, but the frame at that time is 50');
  });

  it('names times as the exports write them', () => {
    expect(markerTime(3.2)).toBe('0:03.200');
    expect(markerTime(3725.25)).toBe('1:02:05.250');
    expect(markerTime(59.9996)).toBe('1:00.000');
  });
});

describe('markers through core', () => {
  let core: Core;
  let cleanup: () => void;
  let clip: ClipView;

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const studyDir = path.join(t.dir, 'study');
    (await createDemoStudy(studyDir, { clipSeconds: 2 })).close();
    core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined });
    expect((await core.invoke('m', 'auth.login', { name: 'coder2', password: 'demo-coder2' })).ok).toBe(true);
    const queue = (await core.invoke('m', 'coding.queue', {})) as { ok: true; value: CoderQueue };
    clip = ((await core.invoke('m', 'coding.clip', { code: queue.value.items[0]!.code })) as { ok: true; value: ClipView }).value;
  });
  afterAll(() => {
    core.close();
    cleanup();
  });

  const at = (seconds: number, note = '') => ({ seconds, frame: Math.floor(seconds * clip.frameRate + 1e-6), note });
  const reload = async () => ((await core.invoke('m', 'coding.clip', { code: clip.code })) as { ok: true; value: ClipView }).value;

  it('a draft keeps its markers in time order; one past the clip is refused and nothing changes', async () => {
    const saved = await core.invoke('m', 'coding.saveDraft', { code: clip.code, draft: content([at(1.5, 'second'), at(0.4, 'first')]), secondsSpent: 3 });
    expect(saved.ok).toBe(true);
    expect((await reload()).draft?.markers).toEqual([at(0.4, 'first'), at(1.5, 'second')]);
    const late = await core.invoke('m', 'coding.saveDraft', { code: clip.code, draft: content([at(clip.durationSeconds + 5)]), secondsSpent: 3 });
    expect(late).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/after the end of the clip/) } });
    expect((await reload()).draft?.markers).toEqual([at(0.4, 'first'), at(1.5, 'second')]);
  });

  it('a submission and an amendment each keep their own markers', async () => {
    const rating = (markers: unknown) => ({ scores: { sensitivity: 5, non_intrusiveness: 4 }, notes: {}, overallNote: 'bid at 0:01', unscorable: null, markers });
    expect((await core.invoke('m', 'coding.submit', { code: clip.code, rating: rating([at(0.4, 'first')]), secondsSpent: 5 })).ok).toBe(true);
    expect((await core.invoke('m', 'coding.amend', { code: clip.code, rating: rating([at(0.4, 'first'), at(1, 'added')]), reason: 'one more', secondsSpent: 5 })).ok).toBe(
      true,
    );
    const history = (await reload()).history;
    expect(history.map((v) => v.markers)).toEqual([[at(0.4, 'first')], [at(0.4, 'first'), at(1, 'added')]]);
  });
});
