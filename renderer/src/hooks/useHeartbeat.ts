// Activity core cannot see: a clip or recording playing (media requests do not count, on purpose —
// electron/core/auth/sessions.ts) or the user typing. While either happens, a heartbeat goes every
// HEARTBEAT_MS, well inside the shortest idle limit a study may set (1 minute), so a coder watching a
// whole EAS session before scoring is not logged out under them. Nothing is sent while nothing happens.
import { useEffect } from 'react';
import { call } from '../api';

export const HEARTBEAT_MS = 15_000;

function mediaPlaying(): boolean {
  return [...document.querySelectorAll<HTMLMediaElement>('video, audio')].some((m) => !m.paused && !m.ended);
}

export function useHeartbeat(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let typed = false;
    const onTyping = () => {
      typed = true;
    };
    document.addEventListener('keydown', onTyping, true);
    document.addEventListener('input', onTyping, true);
    const timer = setInterval(() => {
      if (!typed && !mediaPlaying()) return;
      typed = false;
      // A refusal reaches the shell through sessionEvents (api.ts); nothing to do here.
      call('auth.heartbeat', {}).catch(() => undefined);
    }, HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      document.removeEventListener('keydown', onTyping, true);
      document.removeEventListener('input', onTyping, true);
    };
  }, [active]);
}
