// A study is a folder that can be backed up and moved: the database and the blinded media beside it.
import path from 'node:path';

export interface StudyPaths {
  readonly dir: string;
  /** The SQLite database (the default engine). */
  readonly database: string;
  /** For a study on PostgreSQL, instead: where its database is (study.postgres.json). */
  readonly postgresLink: string;
  readonly blindedMedia: string;
}

export function studyPaths(dir: string): StudyPaths {
  const root = path.resolve(dir);
  return { dir: root, database: path.join(root, 'study.sqlite'), postgresLink: path.join(root, 'study.postgres.json'), blindedMedia: path.join(root, 'media') };
}
