// Which study the app opens, and what to say when the demo study cannot be made on first start.
// BLINDFOLD_STUDY names a study folder that must already hold a study; BLINDFOLD_SERVER a study
// server to connect to (client mode, ./client.ts); without either the first screen asks
// (./chooser.ts): a study on this computer — a folder, or the demo study in the user-data folder,
// made there the first time (and only there: its passwords are published) — or a study server.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { studyPaths } from '../core/study/paths';

export type StudyChoice =
  | { readonly kind: 'open'; readonly dir: string }
  /** Client mode: a study server's origin, and the certificate fingerprint given with it, if any. */
  | { readonly kind: 'server'; readonly origin: string; readonly fingerprint: string | null }
  | { readonly kind: 'demo'; readonly dir: string }
  /** Neither variable set: the first screen asks. */
  | { readonly kind: 'choose' }
  | { readonly kind: 'refused'; readonly message: string };

export type ServerAddress = { readonly ok: true; readonly origin: string } | { readonly ok: false; readonly message: string };

/** A study server's address as a person types it: HTTPS, a host and perhaps a port, nothing more. */
export function parseServerAddress(text: string, what = 'The study server address'): ServerAddress {
  let url: URL | null;
  try {
    url = new URL(text.trim());
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    return { ok: false, message: `${what} must be a study server's HTTPS address, such as https://blindfold.example.org:8443 — not "${text}". Nothing was changed.` };
  }
  return { ok: true, origin: url.origin };
}

/** The demo study in the user-data folder: opened if it is there, else made first. */
export function demoStudy(userData: string): { readonly kind: 'open' | 'demo'; readonly dir: string } {
  const dir = path.join(userData, DEMO_FOLDER);
  return existsSync(studyPaths(dir).database) ? { kind: 'open', dir } : { kind: 'demo', dir };
}

/** Why a folder cannot be opened as a study, or null when it holds one. */
export function notAStudy(dir: string, named: string): string | null {
  if (existsSync(studyPaths(dir).database)) return null;
  return (
    `${named} ${dir}, which holds no Blindfold study (there is no study.sqlite in it).\n\n` +
    'Create the study first with "blindfold init <folder>" (see README.md), or choose the folder that holds it. Nothing was created.'
  );
}

export const DEMO_FOLDER = 'demo-study';

export function chooseStudy(env: NodeJS.ProcessEnv): StudyChoice {
  const named = env['BLINDFOLD_STUDY'];
  const server = env['BLINDFOLD_SERVER'];
  if (server !== undefined && server.trim() !== '') {
    if (named !== undefined && named.trim() !== '') {
      return { kind: 'refused', message: 'Both BLINDFOLD_STUDY and BLINDFOLD_SERVER are set: open a study on this computer or connect to a study server, not both.' };
    }
    const address = parseServerAddress(server, 'BLINDFOLD_SERVER');
    if (!address.ok) return { kind: 'refused', message: address.message };
    const fingerprint = env['BLINDFOLD_SERVER_FINGERPRINT']?.trim() || null;
    return { kind: 'server', origin: address.origin, fingerprint };
  }
  if (named !== undefined && named.trim() !== '') {
    const dir = path.resolve(named);
    const refusal = notAStudy(dir, 'BLINDFOLD_STUDY names');
    return refusal === null ? { kind: 'open', dir } : { kind: 'refused', message: `${refusal.replace(' Nothing was created.', '')} Or unset BLINDFOLD_STUDY to choose on the first screen. Nothing was created.` };
  }
  return { kind: 'choose' };
}

/** What a person can do about a failed first start, from what failed. */
export function demoFailureMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const ffmpeg = /ffmpeg|ffprobe|ENOENT|spawn/i.test(detail);
  const advice = ffmpeg
    ? 'Blindfold needs ffmpeg and ffprobe to make clips. Reinstall Blindfold, or point FFMPEG_PATH and FFPROBE_PATH at working copies, then start it again.'
    : 'Check that the user-data folder is writable and has free space, then start Blindfold again.';
  return `Blindfold could not make its demo study.\n\nWhat failed: ${detail}\n\n${advice}\n\nNothing half-made was kept: the next start tries again from the beginning.`;
}
