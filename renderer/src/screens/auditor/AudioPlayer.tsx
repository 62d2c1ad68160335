// The auditor's player: video.js in audio-only mode (only its control bar, with the seek bar), the
// recording's waveform, skips of ±5 s and ±15 s, speeds 0.5–2× and keyboard control. Mounted as the
// coder's VideoPlayer is — the <video-js> element created imperatively in a wrapper React does not
// manage, disposed on unmount — which is safe under StrictMode's double effects.
import { useEffect, useRef, useState } from 'react';
import videojs from 'video.js';
import type Player from 'video.js/dist/types/player';
import type { Waveform as WaveformData } from '../../../../electron/common/contract';
import { seekBy } from '../../components/playerKeys';
import { AUDIO_SHORTCUTS, AUDIO_SPEEDS, handleAudioKey, SKIPS } from './audioKeys';
import { Waveform } from './Waveform';

export interface AudioPlayerProps {
  readonly src: string;
  readonly contentType: string;
  readonly label: string;
  /** The duration the study recorded, until the media reports its own. */
  readonly durationSeconds: number;
  readonly peaks: WaveformData | null;
}

const SKIP_KEYS: Readonly<Record<(typeof SKIPS)[number], string>> = { [-15]: 'Shift+J or Shift+←', [-5]: 'J or ←', [5]: 'L or →', [15]: 'Shift+L or Shift+→' };

export function clock(seconds: number): string {
  const whole = Math.max(0, seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = (whole - h * 3600 - m * 60).toFixed(1).padStart(4, '0');
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${s}`;
}

export function AudioPlayer({ src, contentType, label, durationSeconds, peaks }: AudioPlayerProps) {
  const holder = useRef<HTMLDivElement>(null);
  const [player, setPlayer] = useState<Player | null>(null);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(durationSeconds);
  const [rate, setRate] = useState(1);
  const [playing, setPlaying] = useState(false);
  // Where the player was when its source changed (a new media link after logging in again).
  const resume = useRef<{ time: number; rate: number; playing: boolean } | null>(null);

  useEffect(() => {
    const host = holder.current;
    if (!host) return;
    const element = document.createElement('video-js');
    element.setAttribute('aria-label', label);
    host.appendChild(element);
    const created = videojs(element, {
      controls: true,
      preload: 'auto',
      audioOnlyMode: true,
      userActions: { hotkeys: false },
      controlBar: { pictureInPictureToggle: false, fullscreenToggle: false },
      sources: [{ src, type: contentType }],
    });
    const from = resume.current;
    if (from) {
      created.one('loadedmetadata', () => {
        created.currentTime(from.time);
        created.playbackRate(from.rate);
        if (from.playing) void created.play();
      });
    }
    const update = () => setTime(created.currentTime() ?? 0);
    created.on(['timeupdate', 'seeked', 'seeking'], update);
    created.on(['loadedmetadata', 'durationchange'], () => {
      const d = created.duration();
      if (typeof d === 'number' && Number.isFinite(d) && d > 0) setDuration(d);
    });
    created.on('ratechange', () => setRate(created.playbackRate() ?? 1));
    created.on(['play', 'pause', 'ended'], () => setPlaying(!created.paused()));
    setPlayer(created);
    return () => {
      if (!created.isDisposed()) {
        resume.current = { time: created.currentTime() ?? 0, rate: created.playbackRate() ?? 1, playing: !created.paused() };
        created.dispose();
      }
      setPlayer(null);
      host.replaceChildren();
    };
  }, [src, contentType, label]);

  // timeupdate comes about four times a second; follow the play position smoothly while playing.
  useEffect(() => {
    if (!player || !playing) return;
    let frame = requestAnimationFrame(function tick() {
      if (!player.isDisposed()) setTime(player.currentTime() ?? 0);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [player, playing]);

  useEffect(() => {
    if (!player) return;
    const onKey = (event: KeyboardEvent) => {
      if (handleAudioKey(event, player)) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [player]);

  return (
    <div className="audio-player">
      <Waveform peaks={peaks} currentTime={time} duration={duration} onSeek={(s) => player?.currentTime(s)} />
      <div data-vjs-player ref={holder} />
      <div className="audio-bar">
        <span className="audio-time" data-testid="audio-time">
          {clock(time)} / {clock(duration)}
        </span>
        <div className="audio-skips" role="group" aria-label="Skip">
          {SKIPS.map((s) => (
            <button
              key={s}
              type="button"
              onClick={() => player && seekBy(player, s)}
              title={SKIP_KEYS[s]}
            >
              {s < 0 ? `Back ${-s} s` : `Forward ${s} s`}
            </button>
          ))}
        </div>
        <label className="audio-speed">
          Speed
          <select value={rate} onChange={(e) => player?.playbackRate(Number(e.target.value))}>
            {AUDIO_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      </div>
      <details className="shortcuts">
        <summary>Keyboard shortcuts</summary>
        <dl>
          {AUDIO_SHORTCUTS.map(([keys, what]) => (
            <div key={keys}>
              <dt>{keys}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}
