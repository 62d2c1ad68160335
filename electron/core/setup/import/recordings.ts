// Scanning the recordings folder before import: which file is which participant/timepoint/task (by
// manifest or by file-name pattern), and whether each is a complete, readable, unique recording of
// a participant in the allocation list. Reads the folder; writes nothing anywhere. The caller shows
// the preview and the problems, and imports only when there are no problems.
import path from 'node:path';
import type { FileFingerprint } from '../../media/hash';
import type { ManifestRow } from './manifest';
import { inspectRecording, type Inspection, type MediaSummary } from './media';
import { compileFilenamePattern, type FileIdentity } from './pattern';
import { listInWords, quote, sortProblems, type ImportProblem } from './problems';
import { listFolder, type FoundFile } from './walk';

export type RecordingsMapping =
  | { readonly kind: 'manifest'; readonly manifest: readonly ManifestRow[] }
  | { readonly kind: 'pattern'; readonly pattern: string };

export interface ScanOptions {
  /** Default true (outcome clips are coded from video); false for audio-only session recordings. */
  readonly videoRequired?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Files inspected at once (hash + ffprobe each). Default 2. */
  readonly concurrency?: number;
}

export interface RecordingPreview {
  /** Relative to the recordings folder, '/' separators. */
  readonly file: string;
  readonly participant: string;
  readonly timepoint: string | null;
  readonly task: string | null;
  /** yyyy-mm-dd */
  readonly date: string | null;
  /** The manifest row that named the file; null with a pattern. */
  readonly manifestRow: number | null;
  readonly size: number;
  readonly sha256: string | null;
  readonly fingerprint: FileFingerprint | null;
  /** null when the file is empty or unreadable (a problem says why). */
  readonly media: MediaSummary | null;
}

export interface RecordingsScan {
  readonly preview: RecordingPreview[];
  readonly problems: ImportProblem[];
  /** Files under the folder that are neither media nor in the manifest (notes, exports): not imported. */
  readonly ignored: string[];
}

/** Extensions of the recordings we look for (cameras, phones, audio recorders). */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp4', 'm4v', 'mov', 'qt', 'mkv', 'avi', 'webm', 'mts', 'm2ts', 'ts', 'mpg', 'mpeg', 'wmv', '3gp', 'ogv', 'mxf', 'dv',
  'm4a', 'wav', 'mp3', 'aac', 'flac', 'ogg', 'oga', 'opus', 'wma', 'aif', 'aiff', 'amr',
]);

interface Mapped {
  readonly found: FoundFile;
  readonly identity: FileIdentity;
  readonly manifestRow: number | null;
}

export async function scanRecordings(
  folder: string,
  mapping: RecordingsMapping,
  knownParticipants: ReadonlySet<string>,
  options: ScanOptions = {},
): Promise<RecordingsScan> {
  const listing = await listFolder(folder);
  const problems: ImportProblem[] = [...listing.problems];
  const isMedia = (f: FoundFile): boolean => MEDIA_EXTENSIONS.has(path.posix.extname(f.relative).slice(1).toLowerCase());

  let mapped: Mapped[];
  let ignored: string[];
  if (mapping.kind === 'pattern') {
    const compiled = compileFilenamePattern(mapping.pattern);
    if (!compiled.ok) return { preview: [], problems: [...problems, ...compiled.problems], ignored: [] };
    mapped = [];
    for (const found of listing.files.filter(isMedia)) {
      const m = compiled.matcher.match(found.relative);
      if (m.ok) mapped.push({ found, identity: m.value, manifestRow: null });
      else problems.push({ code: m.code, file: found.relative, message: m.message });
    }
    ignored = listing.files.filter((f) => !isMedia(f)).map((f) => f.relative);
  } else {
    const byPath = new Map(listing.files.map((f) => [f.relative, f]));
    const listed = new Set<string>();
    mapped = [];
    for (const row of mapping.manifest) {
      listed.add(row.file);
      const found = byPath.get(row.file);
      if (found) {
        mapped.push({ found, identity: row, manifestRow: row.row });
      } else if (!listing.reported.has(row.file)) {
        problems.push({ code: 'manifest_file_missing', row: row.row, file: row.file, message: missingMessage(row, listing.files) });
      }
    }
    for (const f of listing.files) {
      if (isMedia(f) && !listed.has(f.relative)) {
        problems.push({ code: 'not_in_manifest', file: f.relative, message: `${quote(f.relative, 120)} is in the recordings folder but not in the manifest. Add a row for it, or move it out of the folder.` });
      }
    }
    ignored = listing.files.filter((f) => !isMedia(f) && !listed.has(f.relative)).map((f) => f.relative);
  }

  if (listing.files.filter(isMedia).length === 0 && mapped.length === 0 && !problems.some((p) => p.code === 'folder_unreadable')) {
    problems.push({ code: 'no_recordings', message: `No recordings found in the folder (looked for ${[...MEDIA_EXTENSIONS].map((e) => `.${e}`).join(', ')}).` });
  }
  for (const m of mapped) {
    const problem = unknownParticipant(m, knownParticipants);
    if (problem) problems.push(problem);
  }
  problems.push(...duplicateMappings(mapped));

  const inspections = await inspectAll(mapped, options);
  const preview = mapped.map((m, i): RecordingPreview => {
    const inspection = inspections[i] as Inspection;
    problems.push(...inspection.problems.map((p) => (m.manifestRow === null ? p : { ...p, row: m.manifestRow })));
    return {
      file: m.found.relative,
      participant: m.identity.participant,
      timepoint: m.identity.timepoint,
      task: m.identity.task,
      date: m.identity.date,
      manifestRow: m.manifestRow,
      size: inspection.size,
      sha256: inspection.sha256,
      fingerprint: inspection.fingerprint,
      media: inspection.media,
    };
  });
  problems.push(...duplicateContent(preview));
  return { preview, problems: sortProblems(problems), ignored };
}

async function inspectAll(mapped: readonly Mapped[], options: ScanOptions): Promise<Inspection[]> {
  const videoRequired = options.videoRequired ?? true;
  const results: Inspection[] = new Array<Inspection>(mapped.length);
  let next = 0;
  let done = 0;
  options.onProgress?.(0, mapped.length);
  const worker = async (): Promise<void> => {
    for (let i = next++; i < mapped.length; i = next++) {
      const m = mapped[i] as Mapped;
      results[i] = await inspectRecording(m.found.absolute, m.found.relative, { videoRequired });
      options.onProgress?.(++done, mapped.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return results;
}

function missingMessage(row: ManifestRow, files: readonly FoundFile[]): string {
  const base = `Row ${row.row}: the file ${quote(row.file, 120)} is not in the recordings folder.`;
  const folded = row.file.toLowerCase();
  const sameButCase = files.find((f) => f.relative.toLowerCase() === folded);
  if (sameButCase) return `${base} There is ${quote(sameButCase.relative, 120)}, which differs only in letter case; write the name exactly.`;
  const name = path.posix.basename(row.file);
  const elsewhere = files.filter((f) => path.posix.basename(f.relative) === name);
  if (elsewhere.length > 0) return `${base} A file with that name is at ${listInWords(elsewhere.map((f) => quote(f.relative, 120)))}; correct the folder in the manifest.`;
  return base;
}

function unknownParticipant(m: Mapped, known: ReadonlySet<string>): ImportProblem | null {
  const participant = m.identity.participant;
  if (known.has(participant)) return null;
  const folded = participant.toLowerCase();
  const near = [...known].find((k) => k.toLowerCase() === folded);
  const where = m.manifestRow === null ? quote(m.found.relative, 120) : `Row ${m.manifestRow} (${quote(m.found.relative, 120)})`;
  return {
    code: 'unknown_participant',
    file: m.found.relative,
    ...(m.manifestRow === null ? {} : { row: m.manifestRow }),
    message:
      `${where}: participant ${quote(participant)} is not in the allocation list.` +
      (near === undefined ? ' Import the allocation first, or correct the id.' : ` Did you mean ${quote(near)}? Ids must match exactly, including letter case.`),
  };
}

function duplicateMappings(mapped: readonly Mapped[]): ImportProblem[] {
  const groups = new Map<string, Mapped[]>();
  for (const m of mapped) {
    const key = JSON.stringify([m.identity.participant, m.identity.timepoint, m.identity.task]);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const problems: ImportProblem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group[0] as Mapped;
    const what = [`participant ${quote(first.identity.participant)}`];
    if (first.identity.timepoint !== null) what.push(`timepoint ${quote(first.identity.timepoint)}`);
    if (first.identity.task !== null) what.push(`task ${quote(first.identity.task)}`);
    const files = group.map((g) => (g.manifestRow === null ? quote(g.found.relative, 120) : `${quote(g.found.relative, 120)} (row ${g.manifestRow})`));
    const message = `${files.length} files are ${what.join(', ')}: ${listInWords(files)}. Each participant, timepoint and task may have one recording; remove the extra ones or correct their names.`;
    for (const g of group) problems.push({ code: 'duplicate_mapping', file: g.found.relative, ...(g.manifestRow === null ? {} : { row: g.manifestRow }), message });
  }
  return problems;
}

function duplicateContent(preview: readonly RecordingPreview[]): ImportProblem[] {
  const groups = new Map<string, RecordingPreview[]>();
  for (const p of preview) if (p.sha256 !== null) groups.set(p.sha256, [...(groups.get(p.sha256) ?? []), p]);
  const problems: ImportProblem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const p of group) {
      const others = group.filter((o) => o !== p).map((o) => quote(o.file, 120));
      problems.push({
        code: 'duplicate_content',
        file: p.file,
        ...(p.manifestRow === null ? {} : { row: p.manifestRow }),
        message: `${quote(p.file, 120)} has exactly the same content as ${listInWords(others)}: the same recording is in the folder twice. Keep one.`,
      });
    }
  }
  return problems;
}
