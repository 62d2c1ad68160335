// A temporary folder per test file, removed afterwards; media fixtures are generated into it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export function useWorkspace(prefix: string): { dir: () => string; path: (...parts: string[]) => string } {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `blindfold-${prefix}-`));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  return { dir: () => root, path: (...parts) => join(root, ...parts) };
}

/** The names in a folder, hidden ones included, sorted. */
export async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
