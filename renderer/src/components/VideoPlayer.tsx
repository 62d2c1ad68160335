// video.js mounted as its React guide says: the <video-js> element is created imperatively inside a
// wrapper React does not manage, and disposed on unmount — safe under StrictMode's double effects.
import { useEffect, useRef, useState } from 'react';
import videojs from 'video.js';
import type Player from 'video.js/dist/types/player';

export interface VideoPlayerProps {
  readonly src: string;
  readonly frameRate: number;
  readonly label: string;
}

function formatTime(seconds: number, frameRate: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  const frame = Math.floor(seconds * frameRate + 1e-6);
  return `${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')} · frame ${frame}`;
}

export function VideoPlayer({ src, frameRate, label }: VideoPlayerProps) {
  const holder = useRef<HTMLDivElement>(null);
  const playerRef = useRef<Player | null>(null);
  const [time, setTime] = useState(0);

  useEffect(() => {
    const host = holder.current;
    if (!host) return;
    const element = document.createElement('video-js');
    element.classList.add('vjs-big-play-centered');
    element.setAttribute('aria-label', label);
    host.appendChild(element);
    const player = videojs(element, {
      controls: true,
      preload: 'auto',
      playbackRates: [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2],
      controlBar: { pictureInPictureToggle: false },
      sources: [{ src, type: 'video/mp4' }],
    });
    player.on('timeupdate', () => setTime(player.currentTime() ?? 0));
    player.on('seeked', () => setTime(player.currentTime() ?? 0));
    playerRef.current = player;
    return () => {
      if (!player.isDisposed()) player.dispose();
      playerRef.current = null;
      host.replaceChildren();
    };
  }, [src, label]);

  return (
    <div className="player">
      <div data-vjs-player ref={holder} />
      <div className="timecode" aria-live="off" data-testid="timecode">
        {formatTime(time, frameRate)}
      </div>
    </div>
  );
}
