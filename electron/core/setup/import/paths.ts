// Relative paths inside the recordings folder, one spelling everywhere: '/' separators, no '.'
// segments, Unicode NFC (macOS hands out decomposed names; a manifest typed on Windows is composed).
import path from 'node:path';

export type RelativePath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: 'empty' | 'absolute' | 'escapes' };

/**
 * Checks a path written in a manifest. Backslashes are read as separators because manifests are
 * often typed on Windows ("T1\P01.mp4"); a path may use '..' only if it stays inside the folder.
 */
export function relativeInsideFolder(written: string): RelativePath {
  const slashed = written.trim().normalize('NFC').replace(/\\/g, '/');
  if (slashed === '') return { ok: false, reason: 'empty' };
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed) || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(slashed)) return { ok: false, reason: 'absolute' };
  const normalized = path.posix.normalize(slashed);
  if (normalized === '..' || normalized.startsWith('../')) return { ok: false, reason: 'escapes' };
  if (normalized === '.' || normalized.endsWith('/')) return { ok: false, reason: 'empty' };
  return { ok: true, path: normalized };
}

/** A path found on disk, relative to the folder, in the same spelling as relativeInsideFolder's. */
export function toRelative(folder: string, file: string): string {
  return path.relative(folder, file).split(path.sep).join('/').normalize('NFC');
}

/** Whether a real (symlink-resolved) path lies inside a real folder. */
export function isInside(realFolder: string, realPath: string): boolean {
  const rel = path.relative(realFolder, realPath);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}
