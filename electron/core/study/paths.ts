// A study is a folder that can be backed up and moved: the database and the blinded media beside it.
import path from 'node:path';

export interface StudyPaths {
  readonly dir: string;
  readonly database: string;
  readonly blindedMedia: string;
}

export function studyPaths(dir: string): StudyPaths {
  const root = path.resolve(dir);
  return { dir: root, database: path.join(root, 'study.sqlite'), blindedMedia: path.join(root, 'media') };
}
