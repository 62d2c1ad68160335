// The recording's waveform as SVG: one bar per slice from its lowest to its highest sample, the part
// already heard drawn in the accent colour, and the play position as a line. A click seeks there.
// Pointer only: the player's seek bar and the keys are the keyboard route to the same thing.
import { useId, useMemo } from 'react';
import type { Waveform as WaveformData } from '../../../../electron/common/contract';

const HEIGHT = 100;

function barsPath(peaks: WaveformData): string {
  const mid = HEIGHT / 2;
  const parts: string[] = [];
  for (let i = 0; i < peaks.bins; i++) {
    // At least a hairline, so silence still shows as a line rather than a gap.
    const top = Math.min(mid - 0.5, mid - (peaks.max[i] ?? 0) * mid);
    const bottom = Math.max(mid + 0.5, mid - (peaks.min[i] ?? 0) * mid);
    parts.push(`M${i} ${top.toFixed(1)}h1V${bottom.toFixed(1)}h-1Z`);
  }
  return parts.join('');
}

export function Waveform({
  peaks,
  currentTime,
  duration,
  onSeek,
}: {
  peaks: WaveformData | null;
  currentTime: number;
  duration: number;
  onSeek: (seconds: number) => void;
}) {
  // useId's characters are not all valid in a url(#…) reference.
  const clipId = `heard-${useId().replace(/[^\w-]/g, '')}`;
  const path = useMemo(() => (peaks ? barsPath(peaks) : ''), [peaks]);
  const width = peaks?.bins ?? 1000;
  const x = duration > 0 ? Math.min(1, Math.max(0, currentTime / duration)) * width : 0;

  const seek = (event: React.MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width <= 0 || duration <= 0) return;
    onSeek(Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)) * duration);
  };

  return (
    <div className="waveform" onClick={seek} data-testid="waveform" title="Click to play from here">
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <defs>
          <clipPath id={clipId}>
            <rect x="0" y="0" width={x} height={HEIGHT} />
          </clipPath>
        </defs>
        <line className="waveform-axis" x1="0" x2={width} y1={HEIGHT / 2} y2={HEIGHT / 2} />
        {peaks && (
          <>
            <path className="waveform-bars" d={path} />
            <path className="waveform-heard" d={path} clipPath={`url(#${clipId})`} />
          </>
        )}
        <line className="waveform-cursor" x1={x} x2={x} y1="0" y2={HEIGHT} />
      </svg>
      {!peaks && <span className="waveform-loading muted">Drawing the waveform…</span>}
    </div>
  );
}
