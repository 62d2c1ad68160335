// Importing a folder of recordings, shared by the set-up's outcome recordings and the fidelity
// audit's session recordings: a folder, a mapping (file-name pattern or manifest CSV), a preview of
// how each file maps, then an import of all or none, with progress and every problem in a table.
// A changed folder or mapping needs a new preview before importing.
import { useState, type ReactNode } from 'react';
import type { ImportReport, Problem } from '../../../../electron/common/contract';
import { messageOf } from '../../api';
import { ProblemsTable } from '../../components/ProblemsTable';
import { TaskProgress } from '../../components/TaskProgress';
import { useFollowedTask } from '../../hooks/useTaskProgress';
import { PathField } from './PathField';

export type FolderMapping = { readonly kind: 'pattern'; readonly pattern: string } | { readonly kind: 'manifest'; readonly manifestPath: string };

export interface FolderImportInput {
  readonly folder: string;
  readonly mapping: FolderMapping;
  readonly leaveOut?: string[];
}

export interface FolderImportCalls<Row, Done> {
  readonly preview: (input: FolderImportInput) => Promise<ImportReport<readonly Row[]>>;
  readonly commit: (input: FolderImportInput) => Promise<ImportReport<Done>>;
  /** Whether a file with a problem can be left out of the import (the call takes `leaveOut`). */
  readonly canLeaveOut?: boolean;
  /** The message once imported (the step's own next step in it). */
  readonly imported: (done: Done) => string;
  readonly onDone: () => void;
}

export interface FolderImportText {
  /** Element ids: `${ids}-folder`, `${ids}-pattern`, `${ids}-manifest`; radio group `${ids}-mapping`. */
  readonly ids: string;
  readonly folderLabel: string;
  readonly mapLegend: string;
  readonly patternLabel: string;
  readonly patternHint?: ReactNode;
  readonly manifestLabel: string;
  /** "recordings", "session recordings". */
  readonly noun: string;
  /** The problems table's caption. */
  readonly caption: string;
  readonly defaultPattern: string;
}

export function FolderImport<Row, Done>({
  text,
  calls,
  children,
}: {
  text: FolderImportText;
  calls: FolderImportCalls<Row, Done>;
  /** Renders the preview's rows; `problemsOf` gives a file's problems, to mark its row. */
  children: (rows: readonly Row[], problemsOf: (file: string) => readonly string[]) => ReactNode;
}) {
  const [folder, setFolder] = useState('');
  const [kind, setKind] = useState<'pattern' | 'manifest'>('pattern');
  const [pattern, setPattern] = useState(text.defaultPattern);
  const [manifestPath, setManifestPath] = useState('');
  const [rows, setRows] = useState<readonly Row[] | null>(null);
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const followed = useFollowedTask(busy);
  const mapping: FolderMapping = kind === 'pattern' ? { kind, pattern } : { kind, manifestPath };
  const [leftOut, setLeftOut] = useState<readonly string[]>([]);
  const run = async (commit: boolean, leaving: readonly string[] = leftOut) => {
    setBusy(true);
    setMessage('');
    const input: FolderImportInput = { folder, mapping, ...(calls.canLeaveOut && leaving.length > 0 ? { leaveOut: [...leaving] } : {}) };
    try {
      if (commit) {
        const report = await calls.commit(input);
        setProblems(report.problems);
        if (report.imported) {
          setMessage(calls.imported(report.imported) + (input.leaveOut ? ` Left out: ${input.leaveOut.join(', ')} (recorded in the audit log).` : ''));
          setRows(null);
          setLeftOut([]);
          calls.onDone();
        }
      } else {
        const report = await calls.preview(input);
        setRows(report.imported);
        setProblems(report.problems);
      }
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const edited = (apply: () => void) => {
    apply();
    setRows(null);
    setLeftOut([]);
  };
  const byFile = new Map<string, string[]>();
  for (const p of problems) if (p.file !== undefined) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.message]);
  const problemsOf = (file: string): readonly string[] => byFile.get(file) ?? [];
  const leave = (next: readonly string[]) => {
    setLeftOut(next);
    void run(false, next);
  };
  const hintId = `${text.ids}-pattern-hint`;
  return (
    <>
      <PathField id={`${text.ids}-folder`} label={text.folderLabel} kind="folder" value={folder} onChange={(v) => edited(() => setFolder(v))} />
      <fieldset className="inline">
        <legend>{text.mapLegend}</legend>
        <label className="choice">
          <input type="radio" name={`${text.ids}-mapping`} checked={kind === 'pattern'} onChange={() => edited(() => setKind('pattern'))} /> a file-name pattern
        </label>
        <label className="choice">
          <input type="radio" name={`${text.ids}-mapping`} checked={kind === 'manifest'} onChange={() => edited(() => setKind('manifest'))} /> a manifest CSV
        </label>
      </fieldset>
      {kind === 'pattern' ? (
        <>
          <label htmlFor={`${text.ids}-pattern`}>{text.patternLabel}</label>
          <input
            id={`${text.ids}-pattern`}
            value={pattern}
            onChange={(e) => edited(() => setPattern(e.target.value))}
            spellCheck={false}
            {...(text.patternHint ? { 'aria-describedby': hintId } : {})}
          />
          {text.patternHint && (
            <p className="hint" id={hintId}>
              {text.patternHint}
            </p>
          )}
        </>
      ) : (
        <PathField id={`${text.ids}-manifest`} label={text.manifestLabel} kind="file" value={manifestPath} onChange={(v) => edited(() => setManifestPath(v))} />
      )}
      <div className="row">
        <button type="button" disabled={!folder || busy} onClick={() => void run(false)}>
          Preview
        </button>
        <button type="button" className="primary" disabled={!folder || busy || rows === null || rows.length === 0 || problems.length > 0} onClick={() => void run(true)}>
          Import {rows ? rows.length : ''} {text.noun}
        </button>
      </div>
      {busy && followed && <TaskProgress followed={followed} label={followed.progress.task} unit={text.noun} />}
      {message && <p aria-live="polite">{message}</p>}
      <ProblemsTable problems={problems} caption={text.caption} />
      {calls.canLeaveOut && byFile.size > 0 ? (
        <table className="preview leave-out" data-testid="problem-files">
          <caption>Files with problems: fix them, or leave them out of this import</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Problem</th>
              <th scope="col">
                <span className="visually-hidden">Leave out</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...byFile].map(([file, messages]) => (
              <tr key={file} className="row-problem">
                <td>{file}</td>
                <td>{messages.join(' ')}</td>
                <td>
                  <button type="button" disabled={busy} onClick={() => leave([...leftOut, file])}>
                    Leave {file} out
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {leftOut.length > 0 ? (
        <div className="left-out" data-testid="left-out">
          <p>
            Left out of this import ({leftOut.length}); the import records how many in the audit log:
          </p>
          <ul>
            {leftOut.map((file) => (
              <li key={file}>
                {file}{' '}
                <button type="button" disabled={busy} onClick={() => leave(leftOut.filter((f) => f !== file))}>
                  Put {file} back
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {rows && rows.length === 0 && problems.length === 0 && <p>No {text.noun} were found in that folder.</p>}
      {rows && rows.length > 0 && children(rows, problemsOf)}
    </>
  );
}
