// The Picture step's two study settings, each applying to every clip alike and so changeable only
// until the first clip is made: one uniform picture for every clip, and a fixed coding window (a
// start and a length) cut at de-identification. Core refuses what cannot be (setup/picture,
// setup/codingWindow); these forms show the refusal where the person saved.
import { useState } from 'react';
import type { CodingWindowView, UniformPictureView } from '../../../../electron/common/contract';
import { call } from '../../api';
import { SaveFeedback } from '../../components/SaveFeedback';
import { useSave } from '../../hooks/useSave';

const SIZES: readonly (readonly [number, number])[] = [
  [1920, 1080],
  [1280, 720],
  [854, 480],
  [640, 480],
];
const FRAME_RATES: readonly number[] = [25, 30];
const DEFAULT: UniformPictureView = { width: 1280, height: 720, fps: 25 };

export function describePicture(picture: UniformPictureView | null): string {
  return picture ? `${picture.width}×${picture.height} at ${picture.fps} fps` : "each recording's own picture";
}

const sizeKey = (p: { width: number; height: number }) => `${p.width}x${p.height}`;

export function PictureSetting({ current, made, onSaved }: { current: UniformPictureView | null; made: number; onSaved: () => void }) {
  const [uniform, setUniform] = useState(current !== null);
  const [size, setSize] = useState(sizeKey(current ?? DEFAULT));
  const [fps, setFps] = useState(current?.fps ?? DEFAULT.fps);
  const save = useSave();
  if (made > 0) {
    return (
      <div className="picture-setting">
        <p>
          Clips coders see: <strong>{current ? `every clip ${describePicture(current)}` : describePicture(current)}</strong>.
        </p>
        <p className="muted">
          {made} clip{made === 1 ? ' is' : 's are'} already de-identified with this setting. It applies to every clip alike, so it can no longer change.
        </p>
      </div>
    );
  }
  // A setting made elsewhere (the CLI's --picture) is offered too, even if it is not in the lists.
  const sizes = current && !SIZES.some(([w, h]) => w === current.width && h === current.height) ? [...SIZES, [current.width, current.height] as const] : SIZES;
  const rates = current && !FRAME_RATES.includes(current.fps) ? [...FRAME_RATES, current.fps] : FRAME_RATES;
  const [width, height] = size.split('x').map(Number) as [number, number];
  const chosen: UniformPictureView | null = uniform ? { width, height, fps } : null;
  const unchanged = describePicture(chosen) === describePicture(current);
  const saveChosen = () =>
    save.run(async () => {
      await call('setup.setPicture', { picture: chosen });
      onSaved();
      return chosen ? `Saved: every clip will be made ${describePicture(chosen)}.` : "Saved: each clip keeps its recording's own picture.";
    });
  return (
    <div className="picture-setting step-body">
      <fieldset className="inline">
        <legend>Clips coders will see</legend>
        <label className="choice">
          <input type="radio" name="picture-choice" checked={!uniform} onChange={() => setUniform(false)} /> Keep each recording's own picture
        </label>
        <label className="choice">
          <input type="radio" name="picture-choice" checked={uniform} onChange={() => setUniform(true)} /> Make every clip the same picture
        </label>
      </fieldset>
      {uniform && (
        <div className="row">
          <label htmlFor="picture-size">Picture size</label>
          <select id="picture-size" value={size} onChange={(e) => setSize(e.target.value)}>
            {sizes.map(([w, h]) => (
              <option key={`${w}x${h}`} value={`${w}x${h}`}>
                {w}×{h}
              </option>
            ))}
          </select>
          <label htmlFor="picture-fps">Frame rate</label>
          <select id="picture-fps" value={fps} onChange={(e) => setFps(Number(e.target.value))}>
            {rates.map((r) => (
              <option key={r} value={r}>
                {r} fps
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="muted">
        {uniform
          ? 'Every clip is re-encoded: scaled to fit, letter-boxed to the exact size, at a constant frame rate, with stereo audio. This takes longer than a copy.'
          : "Each clip is copied with its camera's size and frame rate, which is fastest."}{' '}
        The setting applies to every clip alike, so it can be changed only until the first clip is de-identified.
      </p>
      <div className="row">
        <button type="button" className="primary" disabled={save.busy || unchanged} onClick={() => void saveChosen()}>
          Save picture setting
        </button>
      </div>
      <SaveFeedback save={save} />
    </div>
  );
}

function describeWindow(window: CodingWindowView | null): string {
  return window ? `${window.lengthSeconds} s of every recording, from ${window.startSeconds} s` : 'the whole of every recording';
}

/** "Code a fixed window": start and length, cut at de-identification so every clip is equally long. */
export function CodingWindowSetting({ current, made, onSaved }: { current: CodingWindowView | null; made: number; onSaved: () => void }) {
  const [fixed, setFixed] = useState(current !== null);
  const [start, setStart] = useState(String(current?.startSeconds ?? 0));
  const [length, setLength] = useState(String(current?.lengthSeconds ?? 600));
  const save = useSave();
  if (made > 0) {
    return (
      <p className="muted">
        Coders see {describeWindow(current)}; {made} clip{made === 1 ? ' is' : 's are'} already made, so this can no longer change.
      </p>
    );
  }
  const chosen: CodingWindowView | null = fixed ? { startSeconds: Number(start), lengthSeconds: Number(length) } : null;
  const valid = !chosen || (Number.isFinite(chosen.startSeconds) && chosen.startSeconds >= 0 && Number.isFinite(chosen.lengthSeconds) && chosen.lengthSeconds >= 1);
  const saveChosen = () =>
    save.run(async () => {
      await call('setup.setCodingWindow', { window: chosen });
      onSaved();
      return `Saved: coders will see ${describeWindow(chosen)}.`;
    });
  return (
    <div className="picture-setting step-body">
      <fieldset className="inline">
        <legend>Part of each recording coders see</legend>
        <label className="choice">
          <input type="radio" name="window-choice" checked={!fixed} onChange={() => setFixed(false)} /> The whole recording
        </label>
        <label className="choice">
          <input type="radio" name="window-choice" checked={fixed} onChange={() => setFixed(true)} /> Code a fixed window
        </label>
      </fieldset>
      {fixed && (
        <div className="row">
          <label htmlFor="window-start">Start (seconds)</label>
          <input id="window-start" type="number" min={0} value={start} onChange={(e) => setStart(e.target.value)} />
          <label htmlFor="window-length">Length (seconds)</label>
          <input id="window-length" type="number" min={1} value={length} onChange={(e) => setLength(e.target.value)} />
        </div>
      )}
      <p className="muted">
        A fixed window (e.g. the first 10 minutes of free play) is cut at de-identification, so every clip coders see is equally long; clips are then re-encoded. It
        applies to every clip alike and can be changed only until the first clip is de-identified.
      </p>
      <div className="row">
        <button type="button" className="primary" disabled={save.busy || !valid || describeWindow(chosen) === describeWindow(current)} onClick={() => void saveChosen()}>
          Save coding window
        </button>
      </div>
      <SaveFeedback save={save} />
    </div>
  );
}
