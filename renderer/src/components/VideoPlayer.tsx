// video.js mounted as its React guide says: the <video-js> element is created imperatively inside a
// wrapper React does not manage, and disposed on unmount — safe under StrictMode's double effects.
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { createPortal } from 'react-dom';
import videojs from 'video.js';
import type Player from 'video.js/dist/types/player';
import { frameStep, handlePlayerKey, SHORTCUTS, SHORTCUTS_NOTE, SPEEDS } from './playerKeys';

/** A tick on the scrubber: a marker's moment ("a" / "b": whose, when two coders' are shown). */
export interface ScrubberTick {
  readonly seconds: number;
  readonly label: string;
  readonly tone?: 'a' | 'b';
}

/** What a page may ask of its player: where it stands (time and frame), and to go to a moment. */
export interface PlayerHandle {
  now(): { seconds: number; frame: number };
  /** Pauses and shows the frame at `seconds` (once the clip's metadata is in, if it is not yet). */
  seek(seconds: number): void;
}

export interface VideoPlayerProps {
  readonly src: string;
  readonly frameRate: number;
  readonly label: string;
  readonly ticks?: readonly ScrubberTick[];
  readonly handle?: Ref<PlayerHandle>;
}

/** The frame shown at `seconds` (frame 0 is the first). */
export function frameAt(seconds: number, frameRate: number): number {
  return Math.floor(seconds * frameRate + 1e-6);
}

export function formatTime(seconds: number, frameRate: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  const frame = frameAt(seconds, frameRate);
  const clock = `${h > 0 ? `${h}:` : ''}${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
  return `${clock} · frame ${frame}`;
}

export function VideoPlayer({ src, frameRate, label, ticks = [], handle }: VideoPlayerProps) {
  const holder = useRef<HTMLDivElement>(null);
  const [player, setPlayer] = useState<Player | null>(null);
  // Hosts inside video.js's control bar that React renders into: the ticks on the progress bar and
  // the elapsed time with the frame number beside it.
  const [hosts, setHosts] = useState<{ ticks: HTMLElement; time: HTMLElement } | null>(null);
  const [duration, setDuration] = useState(0);
  const [time, setTime] = useState(0);
  const [rate, setRate] = useState(1);
  // The clip's own shape (width / height), once its metadata is in; 16:9 until then.
  const [aspect, setAspect] = useState(16 / 9);
  // Where the player was when its source changed (a new media link after logging in again).
  const resume = useRef<{ time: number; playing: boolean } | null>(null);

  useEffect(() => {
    const host = holder.current;
    if (!host) return;
    const element = document.createElement('video-js');
    element.classList.add('vjs-big-play-centered');
    element.setAttribute('aria-label', label);
    host.appendChild(element);
    const created = videojs(element, {
      controls: true,
      preload: 'auto',
      playbackRates: [...SPEEDS],
      userActions: { hotkeys: false },
      // No time remaining in the control bar: a clip's length can tell its timepoint (issue 16); the
      // elapsed time and frame are shown under the player.
      controlBar: { pictureInPictureToggle: false, remainingTimeDisplay: false },
      sources: [{ src, type: 'video/mp4' }],
    });
    const from = resume.current;
    if (from) {
      created.one('loadedmetadata', () => {
        created.currentTime(from.time);
        if (from.playing) void created.play();
      });
    }
    const update = () => setTime(created.currentTime() ?? 0);
    created.on(['timeupdate', 'seeked', 'loadedmetadata'], update);
    created.on('loadedmetadata', () => {
      const media = created.el().querySelector('video');
      if (media && media.videoWidth > 0 && media.videoHeight > 0) setAspect(media.videoWidth / media.videoHeight);
    });
    created.on('ratechange', () => setRate(created.playbackRate() ?? 1));
    created.on(['durationchange', 'loadedmetadata'], () => setDuration(created.duration() ?? 0));
    const progress = created.el().querySelector('.vjs-progress-holder');
    const bar = created.el().querySelector('.vjs-control-bar');
    if (progress && bar) {
      const tickHost = document.createElement('div');
      tickHost.className = 'marker-ticks';
      progress.appendChild(tickHost);
      const timeHost = document.createElement('div');
      timeHost.className = 'vjs-control vjs-frame-time';
      bar.insertBefore(timeHost, bar.querySelector('.vjs-progress-control'));
      setHosts({ ticks: tickHost, time: timeHost });
    }
    setPlayer(created);
    return () => {
      if (!created.isDisposed()) {
        resume.current = { time: created.currentTime() ?? 0, playing: !created.paused() };
        created.dispose();
      }
      setPlayer(null);
      setHosts(null);
      host.replaceChildren();
    };
  }, [src, label]);

  useEffect(() => {
    if (!player) return;
    const onKey = (event: KeyboardEvent) => {
      if (handlePlayerKey(event, player, frameRate)) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [player, frameRate]);

  // A seek asked for before video.js is up (a lead's click that also opens the clip) waits for it.
  const pendingSeek = useRef<number | null>(null);
  useEffect(() => {
    if (!player || pendingSeek.current === null) return;
    const seconds = pendingSeek.current;
    pendingSeek.current = null;
    const go = () => {
      player.pause();
      player.currentTime(seconds);
    };
    if ((player.readyState() ?? 0) >= 1) go();
    else player.one('loadedmetadata', go);
  }, [player]);

  useImperativeHandle(
    handle,
    () => ({
      now() {
        const seconds = Math.round((player?.currentTime() ?? 0) * 1000) / 1000;
        return { seconds, frame: frameAt(seconds, frameRate) };
      },
      seek(seconds) {
        if (!player) {
          pendingSeek.current = seconds;
          return;
        }
        const go = () => {
          player.pause();
          player.currentTime(seconds);
        };
        if ((player.readyState() ?? 0) >= 1) go();
        else player.one('loadedmetadata', go);
      },
    }),
    [player, frameRate],
  );

  return (
    <div className="player" style={{ ['--video-aspect' as string]: String(aspect) }}>
      <div data-vjs-player className="player-frame" ref={holder} />
      {hosts &&
        createPortal(
          <span className="vjs-frame-time-text" data-testid="scrubber-time">
            {formatTime(time, frameRate)}
          </span>,
          hosts.time,
        )}
      {hosts &&
        duration > 0 &&
        createPortal(
          ticks.map((t, i) => (
            <span
              key={`${t.seconds}-${i}`}
              className={`marker-tick${t.tone ? ` tone-${t.tone}` : ''}`}
              data-testid="marker-tick"
              title={t.label}
              style={{ left: `${Math.min(100, (t.seconds / duration) * 100)}%` }}
            />
          )),
          hosts.ticks,
        )}
      <div className="player-bar">
        <span className="timecode" data-testid="timecode">
          {formatTime(time, frameRate)}
        </span>
        <span className="muted">{rate}×</span>
        <button type="button" onClick={() => player && frameStep(player, frameRate, -1)} aria-label="One frame back">
          ‹ frame
        </button>
        <button type="button" onClick={() => player && frameStep(player, frameRate, 1)} aria-label="One frame forward">
          frame ›
        </button>
      </div>
      <details className="shortcuts">
        <summary>Keyboard shortcuts</summary>
        <dl>
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys}>
              <dt>{keys}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p>{SHORTCUTS_NOTE}</p>
      </details>
    </div>
  );
}
