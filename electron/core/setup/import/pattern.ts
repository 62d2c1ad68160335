// File-name patterns that say which recording is which: "{participant}_{timepoint}_*.mp4".
//
// The rules (shown to the user beside the pattern field):
// - A pattern without '/' is matched against the file's base name, wherever the file sits under the
//   recordings folder; a pattern with '/' is matched against the whole relative path ("{timepoint}/
//   {participant}.mp4").
// - {participant}, {timepoint}, {task} match one or more characters other than '_', '.', '/' and
//   white space. The hyphen is allowed, because trial ids ("VIPP-012") and dates contain it.
//   {date} matches yyyy-mm-dd or yyyymmdd and must be a real calendar date.
// - '*' matches any run of characters (possibly none) except '/'.
// - Everything else matches itself, ignoring letter case (cameras write ".MP4").
// - A placeholder may appear twice ("{participant}/{participant}_*.mp4"): both must be equal.
// - A name that the pattern can split in more than one way ("VIPP-01-T1.mp4" against
//   "{participant}-{timepoint}.mp4") is reported as ambiguous, never guessed: we compare the split
//   that makes every placeholder as long as possible with the one that makes each as short as
//   possible.
import { checkFileNameDate } from './dates';
import { quote, type ImportProblem } from './problems';

export const PLACEHOLDERS = ['participant', 'timepoint', 'task', 'date'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface FileIdentity {
  readonly participant: string;
  /** null when the pattern has no {timepoint} (a single-timepoint set of recordings). */
  readonly timepoint: string | null;
  readonly task: string | null;
  /** yyyy-mm-dd */
  readonly date: string | null;
}

export type PatternMatch =
  | { readonly ok: true; readonly value: FileIdentity }
  | { readonly ok: false; readonly code: 'no_pattern_match' | 'ambiguous_file_name' | 'bad_date'; readonly message: string };

export interface FilenameMatcher {
  readonly pattern: string;
  /** What the pattern is matched against. */
  readonly scope: 'name' | 'path';
  readonly placeholders: readonly Placeholder[];
  /** A relative path under the recordings folder, '/' separators. */
  match(relativePath: string): PatternMatch;
}

export type CompiledPattern = { readonly ok: true; readonly matcher: FilenameMatcher } | { readonly ok: false; readonly problems: ImportProblem[] };

const VALUE = '[^/_.\\s]+';
const DATE = '\\d{4}-?\\d{2}-?\\d{2}';
const EXAMPLE: Readonly<Record<Placeholder, string>> = { participant: 'P001', timepoint: 'T1', task: 'play', date: '2024-03-27' };

type Token = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'star' } | { readonly kind: 'placeholder'; readonly name: Placeholder };

export function compileFilenamePattern(pattern: string): CompiledPattern {
  const written = pattern.trim().normalize('NFC');
  const tokens = tokenize(written);
  if (!Array.isArray(tokens)) return { ok: false, problems: [badPattern(written, tokens.reason)] };
  const names = tokens.flatMap((t) => (t.kind === 'placeholder' ? [t.name] : []));
  const reasons: string[] = [];
  if (!names.includes('participant')) reasons.push('it has no {participant}, so no file could be linked to a participant');
  if (written.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(written)) reasons.push('it starts at the root of the disk; write it relative to the recordings folder');
  if (written.includes('\\')) reasons.push('it contains "\\"; separate folders with "/"');
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.kind === 'placeholder' && next?.kind === 'placeholder' && t.name !== 'date' && next.name !== 'date') {
      reasons.push(`{${t.name}} and {${next.name}} touch, so nothing tells where one ends; put a separator such as "_" between them`);
    }
  });
  if (reasons.length > 0) return { ok: false, problems: reasons.map((r) => badPattern(written, r)) };

  const greedy = toRegExp(tokens, false);
  const lazy = toRegExp(tokens, true);
  const scope = written.includes('/') ? 'path' : 'name';
  const example = tokens.map((t) => (t.kind === 'literal' ? t.text : t.kind === 'star' ? 'x' : EXAMPLE[t.name])).join('');
  const placeholders = PLACEHOLDERS.filter((p) => names.includes(p));

  return {
    ok: true,
    matcher: {
      pattern: written,
      scope,
      placeholders,
      match(relativePath) {
        const normalized = relativePath.normalize('NFC');
        const subject = scope === 'name' ? (normalized.split('/').pop() ?? '') : normalized;
        const long = greedy.exec(subject)?.groups;
        const short = lazy.exec(subject)?.groups;
        if (!long || !short) {
          return { ok: false, code: 'no_pattern_match', message: `${quote(subject, 120)} does not match the pattern ${quote(written)} (a matching name looks like "${example}").` };
        }
        const differs = placeholders.filter((p) => long[p] !== short[p]);
        if (differs.length > 0) {
          const reading = (g: Record<string, string | undefined>): string => placeholders.map((p) => `${p} ${quote(g[p] ?? '')}`).join(', ');
          return {
            ok: false,
            code: 'ambiguous_file_name',
            message: `${quote(subject, 120)} can be read in more than one way with the pattern ${quote(written)}: ${reading(long)}, or ${reading(short)}. Rename the file or use a separator that cannot occur in the values, such as "_".`,
          };
        }
        let date: string | null = null;
        if (long['date'] !== undefined) {
          const checked = checkFileNameDate(long['date']);
          if (!checked.ok) return { ok: false, code: 'bad_date', message: `${quote(subject, 120)}: the date ${quote(long['date'])} ${checked.reason}` };
          date = checked.date;
        }
        return {
          ok: true,
          value: { participant: long['participant'] ?? '', timepoint: long['timepoint'] ?? null, task: long['task'] ?? null, date },
        };
      },
    },
  };
}

function tokenize(pattern: string): Token[] | { reason: string } {
  if (pattern === '') return { reason: 'it is empty' };
  const tokens: Token[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      flush();
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '{') {
      const close = pattern.indexOf('}', i);
      const inner = close === -1 ? null : pattern.slice(i + 1, close);
      if (inner === null || inner.includes('{')) return { reason: `the "{" at position ${i + 1} is never closed with "}"` };
      const name = inner.trim().toLowerCase();
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        return { reason: `{${inner}} is not a placeholder we know; use {participant}, {timepoint}, {task} or {date}` };
      }
      flush();
      tokens.push({ kind: 'placeholder', name: name as Placeholder });
      i = close;
    } else if (ch === '}') {
      return { reason: `the "}" at position ${i + 1} has no matching "{"` };
    } else {
      literal += ch;
    }
  }
  flush();
  return tokens;
}

function toRegExp(tokens: readonly Token[], lazy: boolean): RegExp {
  const seen = new Set<Placeholder>();
  const q = lazy ? '?' : '';
  const source = tokens
    .map((t) => {
      if (t.kind === 'literal') return escapeRegExp(t.text);
      if (t.kind === 'star') return `[^/]*${q}`;
      if (seen.has(t.name)) return `\\k<${t.name}>`;
      seen.add(t.name);
      return `(?<${t.name}>${t.name === 'date' ? DATE : `${VALUE}${q}`})`;
    })
    .join('');
  return new RegExp(`^${source}$`, 'iu');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function badPattern(pattern: string, reason: string): ImportProblem {
  return { code: 'bad_pattern', message: `The file-name pattern ${quote(pattern)} cannot be used: ${reason}.` };
}
