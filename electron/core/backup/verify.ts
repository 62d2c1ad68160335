// Checking a study database file on its own: SQLite's integrity check, the audit chain, and that it
// is a Blindfold study this version can open.
import type { Db } from '../../../db/open';
import { MIGRATIONS } from '../../../db/migrations';
import { listClips } from '../../../db/repositories/clips';
import { integrityCheck, openDatabaseFile, schemaVersion as schemaVersionOf, tableNames, useRollbackJournal } from '../../../db/repositories/integrity';
import { studyName } from '../../../db/repositories/study';
import { verifyAuditChain } from '../audit/chain';
import { CoreError } from '../../common/result';

export interface StudyFileFacts {
  readonly name: string;
  readonly schemaVersion: number;
  readonly auditEntries: number;
  readonly auditHead: string;
  readonly clips: readonly { readonly code: string; readonly mediaFile: string; readonly sha256: string }[];
}

/**
 * Opens `file` (which must not be live: a backup or a copy being restored), switches it to a
 * self-contained rollback journal, and checks it. Throws a CoreError saying what is wrong.
 */
export function verifyStudyFile(file: string, what = 'The backup'): StudyFileFacts {
  let db: Db;
  try {
    db = openDatabaseFile(file);
  } catch {
    throw new CoreError('bad_input', `${what} cannot be opened as a database`);
  }
  try {
    let integrity: string[];
    try {
      // A backup is one file: no -wal beside it to lose when it is copied.
      useRollbackJournal(db);
      integrity = integrityCheck(db);
    } catch {
      throw new CoreError('bad_input', `${what} is not a readable SQLite database`);
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      throw new CoreError('bad_input', `${what} is damaged (SQLite integrity check: ${integrity.slice(0, 3).join('; ')})`);
    }
    const tables = tableNames(db);
    if (!tables.has('study') || !tables.has('audit_log') || !tables.has('schema_migrations') || !tables.has('clips')) {
      throw new CoreError('bad_input', `${what} is not a Blindfold study`);
    }
    const schemaVersion = schemaVersionOf(db);
    if (schemaVersion > MIGRATIONS.length) {
      throw new CoreError('conflict', `${what} was made by a newer version of Blindfold (schema ${schemaVersion}); update Blindfold first`);
    }
    const name = studyName(db);
    if (name === undefined) throw new CoreError('bad_input', `${what} holds no study`);
    const chain = verifyAuditChain(db);
    if (!chain.ok) throw new CoreError('bad_input', `${what} has a broken audit log: entry ${chain.seq} ${chain.problem}`);
    const clips = listClips(db).map((c) => ({ code: c.code, mediaFile: c.mediaFile, sha256: c.sha256 }));
    return { name, schemaVersion, auditEntries: chain.rows, auditHead: chain.head, clips };
  } finally {
    db.close();
  }
}
