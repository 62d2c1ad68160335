// Drawing blur/crop rectangles on a frame of a recording. Rectangles are kept in source pixels
// (of the upright picture), whatever size the frame is shown at.
import { useRef, useState } from 'react';
import type { RegionMask } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { useCall } from '../../hooks/useCall';

export function MaskEditor({ code, initial, onSaved }: { code: string; initial: readonly RegionMask[]; onSaved: () => void }) {
  const [seconds, setSeconds] = useState(1);
  const [frame] = useCall('setup.previewFrame', { code, seconds });
  const [masks, setMasks] = useState<readonly RegionMask[]>(initial);
  const [kind, setKind] = useState<'blur' | 'crop'>('blur');
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [message, setMessage] = useState('');
  const box = useRef<HTMLDivElement>(null);

  if (frame.state !== 'ready') return <p aria-busy={frame.state === 'loading'}>{frame.state === 'error' ? frame.message : 'Loading a frame…'}</p>;
  const { dataUrl, width, height } = frame.value;
  const toSource = (clientX: number, clientY: number) => {
    const r = box.current!.getBoundingClientRect();
    return {
      x: Math.max(0, Math.min(width, Math.round(((clientX - r.left) / r.width) * width))),
      y: Math.max(0, Math.min(height, Math.round(((clientY - r.top) / r.height) * height))),
    };
  };
  const pct = (m: { x: number; y: number; width: number; height: number }) => ({
    left: `${(m.x / width) * 100}%`,
    top: `${(m.y / height) * 100}%`,
    width: `${(m.width / width) * 100}%`,
    height: `${(m.height / height) * 100}%`,
  });
  const rectOf = (d: { x0: number; y0: number; x1: number; y1: number }) => ({
    x: Math.min(d.x0, d.x1),
    y: Math.min(d.y0, d.y1),
    width: Math.abs(d.x1 - d.x0),
    height: Math.abs(d.y1 - d.y0),
  });
  const save = async (scope: 'study' | 'recording') => {
    try {
      await call('setup.setMasks', { code: scope === 'study' ? null : code, masks: [...masks] });
      setMessage(scope === 'study' ? 'Saved for every recording of the study.' : 'Saved for this recording.');
      onSaved();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <div className="mask-editor">
      <div className="row">
        <label htmlFor="frame-seconds">Frame at (s)</label>
        <input id="frame-seconds" type="number" min={0} step={1} value={seconds} onChange={(e) => setSeconds(Math.max(0, Number(e.target.value)))} />
        <label className="choice">
          <input type="radio" name="mask-kind" checked={kind === 'blur'} onChange={() => setKind('blur')} /> Blur
        </label>
        <label className="choice">
          <input type="radio" name="mask-kind" checked={kind === 'crop'} onChange={() => setKind('crop')} /> Crop (keep only)
        </label>
      </div>
      <div
        ref={box}
        className="frame"
        onPointerDown={(e) => {
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          const p = toSource(e.clientX, e.clientY);
          setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, ...(() => { const p = toSource(e.clientX, e.clientY); return { x1: p.x, y1: p.y }; })() })}
        onPointerUp={() => {
          if (drag) {
            const r = rectOf(drag);
            if (r.width >= 4 && r.height >= 4) setMasks([...masks, { kind, ...r }]);
          }
          setDrag(null);
        }}
      >
        <img src={dataUrl} alt={`Frame of the recording at ${seconds} s`} draggable={false} />
        {masks.map((m, i) => (
          <div key={i} className={`mask mask-${m.kind}`} style={pct(m)} />
        ))}
        {drag && <div className={`mask mask-${kind}`} style={pct(rectOf(drag))} />}
      </div>
      <ul className="mask-list">
        {masks.map((m, i) => (
          <li key={i}>
            {m.kind} {m.width}×{m.height} at ({m.x}, {m.y}){' '}
            <button type="button" onClick={() => setMasks(masks.filter((_, j) => j !== i))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={() => void save('recording')}>
          Save for this recording
        </button>
        <button type="button" onClick={() => void save('study')}>
          Save for every recording
        </button>
      </div>
      {message && <p aria-live="polite">{message}</p>}
    </div>
  );
}
