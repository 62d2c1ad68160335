// The first screen when no study is named: open a study on this computer (a folder, or the demo
// study) or connect to a study server. The page (renderer/public/choose.html) asks main over the
// app scheme — GET what to offer, POST the choice — and main answers until a choice holds: a folder
// that is no study, an address that is not HTTPS or a server whose certificate the person did not
// trust is said on the page, and the page stays. Once chosen the routes are gone (404), so nothing
// loaded later can choose again. Recent folders are remembered in the user-data folder; the servers
// offered are the ones already trusted (./client.ts pins them).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Dialog } from 'electron';
import { PINS_FILE, trustServer, type TrustOutcome } from './client';
import type { PinnedCertificate } from './remote';
import { demoStudy, notAStudy, parseServerAddress } from './startup';

export const RECENT_FILE = 'recent-studies.json';
const RECENT_KEPT = 5;

export type Chosen =
  | { readonly kind: 'open' | 'demo'; readonly dir: string }
  | { readonly kind: 'server'; readonly origin: string; readonly pin: PinnedCertificate };

export interface ChooserOffer {
  readonly recentStudies: readonly string[];
  readonly trustedServers: readonly string[];
}

type Answer = { readonly ok: true } | { readonly ok: false; readonly message: string };

function readJson<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

export function recentStudies(userData: string): string[] {
  const list = readJson<unknown>(path.join(userData, RECENT_FILE), []);
  return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string' && notAStudy(d, '') === null) : [];
}

/** Puts a study folder first in the recent list (kept short, written whole). */
export function rememberStudy(userData: string, dir: string): void {
  const list = [dir, ...recentStudies(userData).filter((d) => d !== dir)].slice(0, RECENT_KEPT);
  mkdirSync(userData, { recursive: true });
  const file = path.join(userData, RECENT_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(list, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function offer(userData: string): ChooserOffer {
  const pins = readJson<Record<string, unknown>>(path.join(userData, PINS_FILE), {});
  return { recentStudies: recentStudies(userData), trustedServers: Object.keys(pins).filter((o) => parseServerAddress(o).ok) };
}

const json = (status: number, value: unknown) =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });

export interface ChooserDeps {
  readonly userData: string;
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBox'>;
  /** Certificate trust for a server (./client.ts); injectable for the unit test. */
  readonly trust?: (origin: string) => Promise<TrustOutcome>;
}

/**
 * The chooser's routes and the choice they settle. `handle` answers the page's requests to
 * CHOOSER_PATHS; `chosen` resolves once one choice holds.
 */
export function createChooser(deps: ChooserDeps): { handle(request: Request): Promise<Response>; readonly chosen: Promise<Chosen> } {
  let settle!: (choice: Chosen) => void;
  const chosen = new Promise<Chosen>((resolve) => (settle = resolve));
  let done = false;
  let busy = false;
  const trust = deps.trust ?? ((origin: string) => trustServer(origin, null, deps.userData, deps.dialog));

  async function choose(body: unknown): Promise<Answer> {
    const choice = (body ?? {}) as { kind?: unknown; dir?: unknown; server?: unknown };
    if (choice.kind === 'demo') {
      settle(demoStudy(deps.userData));
      return { ok: true };
    }
    if (choice.kind === 'folder' || choice.kind === 'recent') {
      let dir: string;
      if (choice.kind === 'recent') {
        if (typeof choice.dir !== 'string' || !recentStudies(deps.userData).includes(choice.dir)) return { ok: false, message: 'That study is no longer in the recent list. Choose its folder instead.' };
        dir = choice.dir;
      } else {
        const picked = await deps.dialog.showOpenDialog({ title: 'Open a study folder', properties: ['openDirectory'] });
        if (picked.canceled || picked.filePaths.length === 0) return { ok: false, message: '' };
        dir = path.resolve(picked.filePaths[0]!);
      }
      const refusal = notAStudy(dir, 'The folder');
      if (refusal !== null) return { ok: false, message: refusal };
      rememberStudy(deps.userData, dir);
      settle({ kind: 'open', dir });
      return { ok: true };
    }
    if (choice.kind === 'server') {
      if (typeof choice.server !== 'string' || choice.server.trim() === '') return { ok: false, message: "Type the study server's address, such as https://blindfold.example.org:8443." };
      const address = parseServerAddress(choice.server);
      if (!address.ok) return address;
      const trusted = await trust(address.origin);
      if (!trusted.ok) return trusted;
      settle({ kind: 'server', origin: address.origin, pin: trusted.pin });
      return { ok: true };
    }
    return { ok: false, message: 'Choose a study on this computer or a study server.' };
  }

  async function handle(request: Request): Promise<Response> {
    if (done) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
    const { pathname } = new URL(request.url);
    if (pathname === CHOOSER_PATHS.offer && request.method === 'GET') return json(200, offer(deps.userData));
    if (pathname === CHOOSER_PATHS.choose && request.method === 'POST') {
      if (request.headers.get('content-type')?.split(';')[0]?.trim() !== 'application/json') return json(415, { ok: false, message: 'The choice must be sent as JSON.' });
      // One question at a time: a second click while a dialog is open is told to wait.
      if (busy) return json(409, { ok: false, message: 'Answer the open question first.' });
      busy = true;
      try {
        let body: unknown;
        try {
          body = await request.json();
        } catch {
          return json(400, { ok: false, message: 'The choice could not be read.' });
        }
        const answer = await choose(body);
        if (answer.ok) done = true;
        return json(200, answer);
      } finally {
        busy = false;
      }
    }
    return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }

  return { handle, chosen };
}

export const CHOOSER_PATHS = { offer: '/start/offer.json', choose: '/start/choose' } as const;
