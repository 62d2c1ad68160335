// Connecting to a study server: its certificate is shown once — SHA-256 fingerprint, subject, expiry
// — and trusted only when the user confirms it (or it equals BLINDFOLD_SERVER_FINGERPRINT), then
// pinned in the user-data folder; a later start refuses a server whose certificate changed, and
// says so, rather than sending a password to it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Dialog } from 'electron';
import { normaliseFingerprint, probeCertificate, type PinnedCertificate } from './remote';

export const PINS_FILE = 'trusted-servers.json';

type Pins = Record<string, PinnedCertificate>;

function readPins(userData: string): Pins {
  const file = path.join(userData, PINS_FILE);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Pins;
  } catch {
    return {};
  }
}

function writePins(userData: string, pins: Pins): void {
  const file = path.join(userData, PINS_FILE);
  mkdirSync(userData, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(pins, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export type TrustOutcome = { readonly ok: true; readonly pin: PinnedCertificate } | { readonly ok: false; readonly message: string };

export async function trustServer(origin: string, configured: string | null, userData: string, dialog: Pick<Dialog, 'showMessageBox'>): Promise<TrustOutcome> {
  let presented: PinnedCertificate;
  try {
    presented = await probeCertificate(origin);
  } catch (error) {
    return { ok: false, message: `The study server ${origin} cannot be reached (${(error as Error).message}). Check the address and the connection, then start Blindfold again.` };
  }
  const pins = readPins(userData);
  const pinned = pins[origin];
  if (pinned) {
    if (pinned.fingerprint === presented.fingerprint) return { ok: true, pin: pinned };
    return {
      ok: false,
      message:
        `The study server ${origin} now presents a different certificate (SHA-256 ${presented.fingerprint}) from the one you trusted (${pinned.fingerprint}). ` +
        `Nothing was sent to it. If the study's administrator renewed the certificate, ask them for the new fingerprint and remove ${origin} from ${PINS_FILE} in Blindfold's user-data folder.`,
    };
  }
  if (configured !== null) {
    const wanted = normaliseFingerprint(configured);
    if (!wanted) return { ok: false, message: `BLINDFOLD_SERVER_FINGERPRINT is not a SHA-256 fingerprint (64 hexadecimal digits): "${configured}".` };
    if (wanted !== presented.fingerprint) {
      return { ok: false, message: `The study server ${origin} presents a certificate with SHA-256 ${presented.fingerprint}, not the ${wanted} you were given. Nothing was sent to it.` };
    }
  } else {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      title: 'Trust this study server?',
      message: `Connect to the study server ${origin}?`,
      detail:
        `Its certificate's SHA-256 fingerprint is\n${presented.fingerprint}\n\nIssued to ${presented.subject}, valid until ${presented.validTo}.\n\n` +
        'Compare it with the fingerprint your study manager gave you. Trust it only if they are the same: Blindfold will then accept this certificate, and only this one, from this server.',
      buttons: ['Cancel', 'Trust and connect'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    if (response !== 1) return { ok: false, message: `You did not trust ${origin}; nothing was sent to it.` };
  }
  writePins(userData, { ...pins, [origin]: presented });
  return { ok: true, pin: presented };
}
