// Keyboard control of the player, active anywhere on the page except while typing in a text field.
// On the coder's page the player keeps its keys while a scale has the focus too (scores are chosen by
// digits there: hooks/useScoreKeys); the auditor's radio groups keep their native arrows and Space.
// A checkbox keeps Space (it is how it is ticked).
import type Player from 'video.js/dist/types/player';

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2] as const;

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Space / K', 'play or pause'],
  ['J / ←', 'back 5 s'],
  ['L / →', 'forward 5 s'],
  [', / .', 'one frame back / forward (paused)'],
  ['[ / ]', 'slower / faster'],
  ['Home / 0', 'jump to start'],
  ['F', 'full screen'],
  ['T', 'theatre: the video large, a scoring strip under it'],
  ['M', 'mute'],
  ['B', 'add a marker at this moment (time and frame), with an optional note'],
  ['1 – 7', 'score the highlighted scale'],
  ['. or + after a digit', 'the half point (5 . → 5.5)'],
  ['Tab / Shift+Tab', 'next / previous scale'],
  ['R', 'go to the first scale not scored'],
  ['Ctrl+Enter', 'submit the rating'],
];

/** On a scale the keys above stay the player's: arrows seek and Space plays; only text fields take keys. */
export const SHORTCUTS_NOTE = 'Arrows, Space and the frame keys work while a scale has the focus; only text fields take keys.';

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'range'].includes(target.type);
  return false;
}

/** Moves exactly one frame: lands in the middle of the neighbouring frame so the decoder shows it. */
export function frameStep(player: Player, frameRate: number, direction: 1 | -1): void {
  if (!player.paused()) player.pause();
  const current = player.currentTime() ?? 0;
  const frame = Math.floor(current * frameRate + 1e-6);
  const target = Math.max(0, frame + direction);
  const duration = player.duration() ?? Infinity;
  player.currentTime(Math.min((target + 0.5) / frameRate, duration));
}

export function seekBy(player: Player, seconds: number): void {
  const duration = player.duration() ?? Infinity;
  player.currentTime(Math.min(Math.max(0, (player.currentTime() ?? 0) + seconds), duration));
}

/**
 * The rate the media element has now. Player.playbackRate() answers from a cache that is updated
 * only by the (asynchronous) ratechange event, so two quick key presses would both read the old rate.
 */
export function currentRate(player: Player): number {
  const media = player.el().querySelector('video, audio');
  return media instanceof HTMLMediaElement ? media.playbackRate : (player.playbackRate() ?? 1);
}

/** One step slower or faster along `speeds`, from the element's current rate (1× if off the list). */
export function stepSpeed(player: Player, speeds: readonly number[], direction: 1 | -1): void {
  const rate = currentRate(player);
  const index = speeds.findIndex((s) => Math.abs(s - rate) < 1e-9);
  const from = index === -1 ? speeds.findIndex((s) => s === 1) : index;
  player.playbackRate(speeds[Math.min(speeds.length - 1, Math.max(0, from + direction))]!);
}

function togglePlay(player: Player): void {
  if (player.paused()) void player.play();
  else player.pause();
}

/** What a medium's keys can do: video steps frames and goes full screen; audio skips further with Shift. */
export interface KeyOptions {
  readonly speeds: readonly number[];
  /** Frames per second for `,` and `.`; none for audio. */
  readonly frameRate?: number;
  readonly fullscreen: boolean;
  /** Seconds a skip covers with Shift held; without it Shift changes nothing. */
  readonly shiftSkip?: number;
  /**
   * Whether the player keeps its keys while a rating scale (a radio of ScoreForm's, in a
   * [data-dimension] group) has the focus (default false: the scale's native arrows and Space). Other
   * radio groups — the blinding check's, say — always keep theirs.
   */
  readonly keysOverScales?: boolean;
}

/** Handles one key press for a player; true when the key was the player's (the caller prevents default). */
export function handleMediaKey(event: KeyboardEvent, player: Player, options: KeyOptions): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return false;
  const t = event.target;
  const onScale = t instanceof HTMLInputElement && t.type === 'radio' && t.closest('[data-dimension]') !== null;
  const choosing = t instanceof HTMLInputElement && (t.type === 'checkbox' || (t.type === 'radio' && !(onScale && options.keysOverScales === true)));
  const skip = event.shiftKey && options.shiftSkip ? options.shiftSkip : 5;
  switch (event.key) {
    case ' ':
      if (choosing || event.target instanceof HTMLButtonElement) return false;
      togglePlay(player);
      return true;
    case 'k':
    case 'K':
      togglePlay(player);
      return true;
    case 'j':
    case 'J':
      seekBy(player, -skip);
      return true;
    case 'l':
    case 'L':
      seekBy(player, skip);
      return true;
    case 'ArrowLeft':
      if (choosing) return false;
      seekBy(player, -skip);
      return true;
    case 'ArrowRight':
      if (choosing) return false;
      seekBy(player, skip);
      return true;
    case ',':
    case '.':
      if (!options.frameRate) return false;
      frameStep(player, options.frameRate, event.key === '.' ? 1 : -1);
      return true;
    case '[':
      stepSpeed(player, options.speeds, -1);
      return true;
    case ']':
      stepSpeed(player, options.speeds, 1);
      return true;
    case 'Home':
    case '0':
      player.currentTime(0);
      return true;
    case 'f':
    case 'F':
      if (!options.fullscreen) return false;
      if (player.isFullscreen()) void player.exitFullscreen();
      else void player.requestFullscreen();
      return true;
    case 'm':
    case 'M':
      player.muted(!player.muted());
      return true;
    default:
      return false;
  }
}

/** The coder's video keys. */
export function handlePlayerKey(event: KeyboardEvent, player: Player, frameRate: number): boolean {
  return handleMediaKey(event, player, { speeds: SPEEDS, frameRate, fullscreen: true, keysOverScales: true });
}
