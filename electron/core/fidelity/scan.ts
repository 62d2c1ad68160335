// Scanning a folder of intervention-session recordings before import. The folder walk, the checks
// of each file (empty, unreadable, truncated, no streams, symlinks leaving the folder, the same
// content twice, files missing from or absent in the manifest) and the file-name pattern matcher
// are setup/import's scanRecordings, run with video not required. Sessions are described in its
// vocabulary — family as participant, session number as timepoint, clinician as task — and the
// answers translated back; what differs is checked here: a session needs sound, a whole session
// number, and one recording per family and session number.
import { compileFilenamePattern, scanRecordings, type ManifestRow, type MediaSummary, type RecordingPreview } from '../setup/import';
import { listInWords, quote } from '../setup/import/problems';
import { checkSessionNumber, sorted, type SessionImportProblem, type SessionManifestRow } from './manifest';

export type SessionsMapping =
  | { readonly kind: 'manifest'; readonly manifest: readonly SessionManifestRow[] }
  | { readonly kind: 'pattern'; readonly pattern: string };

export interface SessionPreview {
  /** Relative to the sessions folder, '/' separators. */
  readonly file: string;
  readonly clinician: string;
  readonly family: string;
  readonly sessionNumber: number;
  /** yyyy-mm-dd */
  readonly date: string | null;
  readonly manifestRow: number | null;
  readonly size: number;
  readonly sha256: string | null;
  readonly media: MediaSummary | null;
}

export interface SessionsScan {
  readonly preview: SessionPreview[];
  readonly problems: SessionImportProblem[];
  readonly ignored: string[];
}

/** Session placeholders → the recordings matcher's. {participant} is accepted for {family}. */
const TO_RECORDINGS: Readonly<Record<string, string>> = {
  clinician: 'task',
  family: 'participant',
  participant: 'participant',
  session: 'timepoint',
  date: 'date',
};
const FROM_RECORDINGS: readonly (readonly [string, string])[] = [
  ['task', 'clinician'],
  ['participant', 'family'],
  ['timepoint', 'session'],
];
const EXAMPLE: Readonly<Record<string, string>> = { clinician: 'AnnaB', family: 'F012', participant: 'F012', session: '3', date: '2024-03-27' };

/**
 * The rules of a session file-name pattern, for the UI beside the pattern field: those of study/
 * import's patterns (see its pattern.ts) with the placeholders {clinician}, {family}, {session} and
 * {date}; {clinician}, {family} and {session} are required, {session} must read as a whole number.
 * Values cannot contain spaces, '_', '.' or '/': use a manifest for clinicians named "Anna de Vries".
 */
export const SESSION_PATTERN_HELP =
  'Placeholders: {clinician}, {family}, {session} (a whole number) and optionally {date} (yyyy-mm-dd or yyyymmdd); ' +
  "'*' matches anything within a name. Example: {clinician}/{family}_s{session}_{date}.m4a";

export type SessionPatternCheck = { readonly ok: true; readonly translated: string } | { readonly ok: false; readonly problems: SessionImportProblem[] };

export function translateSessionPattern(pattern: string): SessionPatternCheck {
  const written = pattern.trim().normalize('NFC');
  const names: string[] = [];
  const unknown: string[] = [];
  const translated = written.replace(/\{([^{}]*)\}/g, (whole, inner: string) => {
    const name = inner.trim().toLowerCase();
    const mapped = TO_RECORDINGS[name];
    if (mapped === undefined) {
      unknown.push(whole);
      return whole;
    }
    names.push(name === 'participant' ? 'family' : name);
    return `{${mapped}}`;
  });
  const reasons: string[] = [];
  for (const u of unknown) reasons.push(`${u} is not a placeholder we know; use {clinician}, {family}, {session} or {date}`);
  for (const required of ['clinician', 'family', 'session']) {
    if (unknown.length === 0 && !names.includes(required)) reasons.push(`it has no {${required}}, so the files cannot be told apart by ${required === 'session' ? 'session number' : required}`);
  }
  if (reasons.length > 0) {
    return { ok: false, problems: reasons.map((r) => ({ code: 'bad_pattern', message: `The file-name pattern ${quote(written)} cannot be used: ${r}.` })) };
  }
  const compiled = compileFilenamePattern(translated);
  if (!compiled.ok) return { ok: false, problems: compiled.problems.map((p) => ({ ...p, message: inSessionWords(p.message, written) })) };
  return { ok: true, translated };
}

/** A message of the recordings matcher, in the words of a session pattern. */
function inSessionWords(message: string, pattern: string): string {
  let text = message;
  for (const [from, to] of FROM_RECORDINGS) text = text.split(`{${from}}`).join(`{${to}}`).split(`${from} "`).join(`${to} "`);
  const example = pattern.replace(/\{([^{}]*)\}/g, (_, inner: string) => EXAMPLE[inner.trim().toLowerCase()] ?? '').replace(/\*/g, 'x');
  return text.replace(/\(a matching name looks like "[^"]*"\)/, `(a matching name looks like "${example}")`);
}

// Sessions have no allocation list to check families against: every family is known.
class EveryFamily extends Set<string> {
  override has(): boolean {
    return true;
  }
}

export async function scanSessions(
  folder: string,
  mapping: SessionsMapping,
  options: { readonly onProgress?: (done: number, total: number) => void; readonly concurrency?: number } = {},
): Promise<SessionsScan> {
  let written = '';
  let recordingsMapping: Parameters<typeof scanRecordings>[1];
  if (mapping.kind === 'pattern') {
    const checked = translateSessionPattern(mapping.pattern);
    if (!checked.ok) return { preview: [], problems: checked.problems, ignored: [] };
    written = mapping.pattern.trim().normalize('NFC');
    recordingsMapping = { kind: 'pattern', pattern: checked.translated };
  } else {
    const manifest: ManifestRow[] = mapping.manifest.map((r) => ({
      file: r.file,
      participant: r.family,
      timepoint: String(r.sessionNumber),
      task: r.clinician,
      date: r.date,
      row: r.row,
    }));
    recordingsMapping = { kind: 'manifest', manifest };
  }
  const scan = await scanRecordings(folder, recordingsMapping, new EveryFamily(), { ...options, videoRequired: false });
  const problems: SessionImportProblem[] = scan.problems
    // Duplicates are judged by family and session number below, in session words.
    .filter((p) => p.code !== 'duplicate_mapping')
    .map((p) => (mapping.kind === 'pattern' && (p.code === 'no_pattern_match' || p.code === 'ambiguous_file_name') ? { ...p, message: inSessionWords(p.message, written) } : p));
  const preview: SessionPreview[] = [];
  for (const p of scan.preview) {
    const session = toSession(p);
    if ('problem' in session) problems.push(session.problem);
    else preview.push(session);
    // A file with neither sound nor picture is already reported (no_media_streams).
    if (p.media && p.media.durationSeconds > 0 && p.media.audio === null && p.media.video !== null) {
      problems.push({
        code: 'no_audio_stream',
        file: p.file,
        ...(p.manifestRow === null ? {} : { row: p.manifestRow }),
        message: `${quote(p.file, 120)} has no sound. Fidelity is audited from a session's audio; check the recorder's microphone setting and copy the file again.`,
      });
    }
  }
  problems.push(...duplicateSessions(preview));
  return { preview, problems: sorted(problems), ignored: scan.ignored };
}

function toSession(p: RecordingPreview): SessionPreview | { problem: SessionImportProblem } {
  const number = checkSessionNumber(p.timepoint ?? '');
  if (!number.ok) {
    return {
      problem: {
        code: 'bad_session_number',
        file: p.file,
        message: `${quote(p.file, 120)}: the session number ${quote(p.timepoint ?? '')} ${number.reason}.`,
      },
    };
  }
  return {
    file: p.file,
    clinician: p.task ?? '',
    family: p.participant,
    sessionNumber: number.value,
    date: p.date,
    manifestRow: p.manifestRow,
    size: p.size,
    sha256: p.sha256,
    media: p.media,
  };
}

/** One recording per family and session number, whoever the clinician. */
export function duplicateSessions(preview: readonly SessionPreview[]): SessionImportProblem[] {
  const groups = new Map<string, SessionPreview[]>();
  for (const p of preview) {
    const key = JSON.stringify([p.family, p.sessionNumber]);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const problems: SessionImportProblem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group[0] as SessionPreview;
    const files = group.map((g) => (g.manifestRow === null ? quote(g.file, 120) : `${quote(g.file, 120)} (row ${g.manifestRow})`));
    const message = `${files.length} files are session ${first.sessionNumber} of family ${quote(first.family)}: ${listInWords(files)}. Each family's session may have one recording; remove the extra ones or correct their names.`;
    for (const g of group) problems.push({ code: 'duplicate_mapping', file: g.file, ...(g.manifestRow === null ? {} : { row: g.manifestRow }), message });
  }
  return problems;
}
