// File names and durable writes for outputs. A clip exists under its final name only once it has
// been verified and flushed; until then it is a dot-file that no listing of codes would pick up.
import { basename, dirname, join, resolve } from 'node:path';
import { open, rename, unlink } from 'node:fs/promises';
import type { DeidentifyOutput } from './types';

/** Codes are the opaque clip codes of ../codes; anything that could climb out of the folder is refused. */
const SAFE_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isSafeCode(code: string): boolean {
  return SAFE_CODE.test(code);
}

const EXTENSIONS: Readonly<Record<DeidentifyOutput, string>> = { video: 'mp4', audio: 'm4a' };

export function finalName(code: string, output: DeidentifyOutput = 'video'): string {
  return `${code}.${EXTENSIONS[output]}`;
}

export function partialName(code: string, output: DeidentifyOutput = 'video'): string {
  return `.${code}.partial.${EXTENSIONS[output]}`;
}

export function outputPaths(outputDir: string, code: string, output: DeidentifyOutput = 'video'): { final: string; partial: string } {
  const dir = resolve(outputDir);
  return { final: join(dir, finalName(code, output)), partial: join(dir, partialName(code, output)) };
}

export async function removeIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    await handle.close();
    return true;
  } catch {
    return false;
  }
}

/** fsync the file, rename it over the final name, fsync the folder so the rename survives a crash. */
export async function commit(partial: string, final: string): Promise<void> {
  const handle = await open(partial, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, final);
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const folder = await open(dirname(final), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/**
 * An error message fit for the manager's screen: the source's path and name (which usually carry the
 * participant id) and any other quoted absolute path replaced by placeholders.
 */
export function scrubPaths(message: string, sourceFile: string, outputDir: string): string {
  const source = resolve(sourceFile);
  const replacements: [string, string][] = [
    [source, '<source>'],
    [sourceFile, '<source>'],
    [resolve(outputDir), '<output folder>'],
    [outputDir, '<output folder>'],
    [basename(sourceFile), '<source>'],
    [dirname(source), '<source folder>'],
  ];
  let scrubbed = message;
  for (const [from, to] of replacements) if (from.length > 1) scrubbed = scrubbed.split(from).join(to);
  scrubbed = scrubbed.replace(/(['"])(?:[A-Za-z]:)?[\\/][^'"]*\1/g, '<path>');
  return scrubbed.length > 500 ? `${scrubbed.slice(0, 500)}…` : scrubbed;
}
