// Copying a study folder for a test that works on its own copy of a built study. A SQLite study is
// its folder; a PostgreSQL one links to a database, which is copied too (the copy's link names the
// copy), so the copies never share data.
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { copyDatabase } from '../../db/postgres/admin';
import { readPostgresLink } from '../../electron/core/study/study';
import { studyPaths } from '../../electron/core/study/paths';

export function copyStudyFolder(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const link = studyPaths(to).postgresLink;
  if (!existsSync(link)) return;
  const url = copyDatabase(readPostgresLink(studyPaths(from))!);
  writeFileSync(link, `${JSON.stringify({ engine: 'postgres', url }, null, 2)}\n`);
}
