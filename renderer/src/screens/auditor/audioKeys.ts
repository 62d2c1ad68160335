// Keyboard control of the auditor's audio player, active anywhere on the page except while typing in
// a text field. The coder's keys where they mean the same (Space/K, J/L and arrows ±5 s, [ ], Home,
// M); Shift makes a skip 15 s. No frame keys: there are no frames to step through in audio.
import type Player from 'video.js/dist/types/player';
import { handleMediaKey } from '../../components/playerKeys';

export const AUDIO_SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;
export const SKIPS = [-15, -5, 5, 15] as const;

export const AUDIO_SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Space / K', 'play or pause'],
  ['J / ←', 'back 5 s'],
  ['L / →', 'forward 5 s'],
  ['Shift+J / Shift+←', 'back 15 s'],
  ['Shift+L / Shift+→', 'forward 15 s'],
  ['[ / ]', 'slower / faster (0.5–2×)'],
  ['Home / 0', 'back to the start'],
  ['M', 'mute'],
  ['R', 'go to the audit form'],
  ['Ctrl+Enter', 'submit the audit'],
];

/** The auditor's audio keys: the coder's where they mean the same; Shift makes a skip 15 s. */
export function handleAudioKey(event: KeyboardEvent, player: Player): boolean {
  return handleMediaKey(event, player, { speeds: AUDIO_SPEEDS, fullscreen: false, shiftSkip: 15 });
}
