// Creating and opening a study folder.
import { existsSync, mkdirSync } from 'node:fs';
import { openDatabase, utcNow, type Db } from '../../../db/open';
import { getStudy, insertStudy } from '../../../db/repositories/study';
import { appendAudit } from '../audit/chain';
import { CoreError } from '../../common/result';
import { studyPaths, type StudyPaths } from './paths';

export interface Study {
  readonly paths: StudyPaths;
  readonly db: Db;
  readonly name: string;
  close(): void;
}

export function createStudy(dir: string, name: string, actor = 'system'): Study {
  const paths = studyPaths(dir);
  if (existsSync(paths.database)) throw new CoreError('conflict', `A study already exists in ${paths.dir}`);
  mkdirSync(paths.blindedMedia, { recursive: true });
  const db = openDatabase(paths.database);
  db.transaction(() => {
    insertStudy(db, name.trim(), utcNow());
    appendAudit(db, { actor, action: 'study.create', detail: { name: name.trim() } });
  })();
  return { paths, db, name: name.trim(), close: () => db.close() };
}

export function openStudy(dir: string): Study {
  const paths = studyPaths(dir);
  if (!existsSync(paths.database)) throw new CoreError('not_found', `No study found in ${paths.dir}`);
  mkdirSync(paths.blindedMedia, { recursive: true });
  const db = openDatabase(paths.database);
  const row = getStudy(db);
  if (!row) {
    db.close();
    throw new CoreError('not_found', `The database in ${paths.dir} holds no study`);
  }
  return { paths, db, name: row.name, close: () => db.close() };
}
