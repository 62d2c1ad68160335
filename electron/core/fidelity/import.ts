// Importing intervention-session recordings: scan and validate the folder (./scan), check against
// the sessions the study already holds, then seal each recording — clinician, family, session
// number, date, source — under a fresh opaque code. Nothing is de-identified yet: only the sessions
// the sample draws are (./sample, ./deidentify), so a session nobody will audit is never processed.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type Db } from '../../../db/open';
import { createSeededRandomSource, shuffle } from '../random';
import { appendAudit } from '../audit/chain';
import { newClipCode } from '../blinding/codes';
import { putSealed, type Keyring } from '../blinding/sealedKey';
import { assertStudyUnlocked } from '../study/lockState';
import { takenCodes } from '../setup/recordings';
import type { SessionImportProblem } from './manifest';
import { scanSessions, type SessionPreview, type SessionsMapping } from './scan';
import { sessionKey, sessionRecordingsOf, type SealedSessionRecording } from './sealed';

export interface SessionsPreview {
  readonly preview: readonly SessionPreview[];
  readonly problems: readonly SessionImportProblem[];
}

export type SessionsImport = { readonly ok: true; readonly value: { readonly sessions: number } } | { readonly ok: false; readonly problems: readonly SessionImportProblem[] };

/** Scans and checks without writing anything: what the manager sees before committing. */
export async function previewSessions(
  db: Db,
  keyring: Keyring,
  folder: string,
  mapping: SessionsMapping,
  onProgress?: (done: number, total: number) => void,
): Promise<SessionsPreview> {
  const scan = await scanSessions(folder, mapping, onProgress ? { onProgress } : {});
  const problems: SessionImportProblem[] = [...scan.problems];
  const known = sessionRecordingsOf(db, keyring);
  const bySha = new Map(known.map((r) => [r.sourceSha256, r]));
  const byKey = new Map(known.map((r) => [sessionKey(r), r]));
  for (const p of scan.preview) {
    const earlier = p.sha256 ? bySha.get(p.sha256) : undefined;
    if (earlier) problems.push({ file: p.file, code: 'duplicate_content', message: `${p.file} has the same content as ${earlier.sourceFile}, imported earlier` });
    const same = byKey.get(sessionKey(p));
    if (same) {
      problems.push({
        file: p.file,
        code: 'duplicate_mapping',
        message: `${p.file}: session ${p.sessionNumber} of family ${p.family} already has a recording (${same.sourceFile}, imported earlier)`,
      });
    }
  }
  return { preview: scan.preview, problems };
}

export async function importSessions(
  db: Db,
  keyring: Keyring,
  folder: string,
  mapping: SessionsMapping,
  actor: string,
  onProgress?: (done: number, total: number) => void,
): Promise<SessionsImport> {
  assertStudyUnlocked(db, 'import session recordings');
  const { preview, problems } = await previewSessions(db, keyring, folder, mapping, onProgress);
  if (problems.length > 0) return { ok: false, problems };
  if (preview.length === 0) return { ok: false, problems: [{ code: 'no_recordings', message: 'No session recordings were found in that folder' }] };
  const root = path.resolve(folder);
  // Sealed rows are written in a random order, so row order does not follow the folder's.
  const order = shuffle(createSeededRandomSource(randomBytes(32)), preview);
  db.transaction(() => {
    // Unsampled sessions have codes only in the sealed key, so those are taken too.
    const taken = takenCodes(db);
    for (const r of sessionRecordingsOf(db, keyring)) taken.add(r.code);
    for (const p of order) {
      const code = newClipCode(taken);
      taken.add(code);
      const sealed: SealedSessionRecording = {
        code,
        clinician: p.clinician,
        family: p.family,
        sessionNumber: p.sessionNumber,
        date: p.date,
        sourcePath: path.join(root, p.file),
        sourceFile: p.file,
        sourceSha256: p.sha256 ?? '',
      };
      putSealed(db, keyring, 'session_recording', sealed);
    }
    // Counts only: the audit log is readable by anyone holding the file.
    appendAudit(db, { actor, action: 'sessions.import', detail: { sessions: preview.length } });
  })();
  return { ok: true, value: { sessions: preview.length } };
}
