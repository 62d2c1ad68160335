// Listing the recordings folder: every file under it, recursively, skipping hidden entries (".DS_Store",
// "._P01.mp4" from macOS, ".Trash"). Symlinks are followed only while they stay inside the folder
// (checked on the real path): a link to a participant's folder elsewhere on the disk would import
// files the manager never put in the study's folder.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside, toRelative } from './paths';
import { quote, type ImportProblem } from './problems';

export interface FoundFile {
  /** The path to open: under the folder as given (a symlink is opened through the link). */
  readonly absolute: string;
  /** Relative to the folder, '/' separators, NFC. */
  readonly relative: string;
}

export interface FolderListing {
  readonly files: readonly FoundFile[];
  /** Entries already reported (symlinks that leave the folder, broken links): not "missing". */
  readonly reported: ReadonlySet<string>;
  readonly problems: readonly ImportProblem[];
}

export async function listFolder(folder: string): Promise<FolderListing> {
  const root = path.resolve(folder);
  const files: FoundFile[] = [];
  const reported = new Set<string>();
  const problems: ImportProblem[] = [];
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    if (!(await stat(realRoot)).isDirectory()) throw new Error('not a folder');
  } catch {
    return { files, reported, problems: [{ code: 'folder_unreadable', message: 'The recordings folder does not exist or cannot be opened.' }] };
  }
  const visited = new Set<string>([realRoot]);

  const visit = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      const relative = toRelative(root, dir);
      reported.add(relative);
      problems.push({ code: 'folder_unreadable', file: relative, message: `The folder ${quote(relative, 120)} cannot be opened (check its permissions).` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolute = path.join(dir, entry.name);
      const relative = toRelative(root, absolute);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(absolute);
        } catch {
          reported.add(relative);
          problems.push({ code: 'broken_symlink', file: relative, message: `${quote(relative, 120)} is a link to something that no longer exists.` });
          continue;
        }
        if (!isInside(realRoot, target)) {
          reported.add(relative);
          problems.push({
            code: 'symlink_outside_folder',
            file: relative,
            message: `${quote(relative, 120)} is a link to a place outside the recordings folder. Copy the recording into the folder instead of linking to it.`,
          });
          continue;
        }
        const info = await stat(target);
        if (info.isDirectory()) {
          if (!visited.has(target)) {
            visited.add(target);
            await visit(absolute);
          }
        } else if (info.isFile()) {
          files.push({ absolute, relative });
        }
      } else if (entry.isDirectory()) {
        const real = await realpath(absolute);
        if (!visited.has(real)) {
          visited.add(real);
          await visit(absolute);
        }
      } else if (entry.isFile()) {
        files.push({ absolute, relative });
      }
    }
  };
  await visit(root);
  return { files, reported, problems };
}
