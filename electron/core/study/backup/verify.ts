// Checking a study database file on its own: SQLite's integrity check, the audit chain, and that it
// is a Blindfold study this version can open.
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../../db/migrations';
import { verifyAuditChain } from '../../audit/chain';
import { CoreError } from '../../../common/result';

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
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    throw new CoreError('bad_input', `${what} cannot be opened as a database`);
  }
  try {
    let integrity: string[];
    try {
      // A backup is one file: no -wal beside it to lose when it is copied.
      db.pragma('journal_mode = DELETE');
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch {
      throw new CoreError('bad_input', `${what} is not a readable SQLite database`);
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      throw new CoreError('bad_input', `${what} is damaged (SQLite integrity check: ${integrity.slice(0, 3).join('; ')})`);
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    if (!tables.has('study') || !tables.has('audit_log') || !tables.has('schema_migrations') || !tables.has('clips')) {
      throw new CoreError('bad_input', `${what} is not a Blindfold study`);
    }
    const schemaVersion = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    if (schemaVersion > MIGRATIONS.length) {
      throw new CoreError('conflict', `${what} was made by a newer version of Blindfold (schema ${schemaVersion}); update Blindfold first`);
    }
    const study = db.prepare('SELECT name FROM study WHERE id = 1').get() as { name: string } | undefined;
    if (!study) throw new CoreError('bad_input', `${what} holds no study`);
    const chain = verifyAuditChain(db);
    if (!chain.ok) throw new CoreError('bad_input', `${what} has a broken audit log: entry ${chain.seq} ${chain.problem}`);
    const clips = db.prepare('SELECT code, media_file AS mediaFile, sha256 FROM clips ORDER BY id').all() as StudyFileFacts['clips'];
    return { name: study.name, schemaVersion, auditEntries: chain.rows, auditHead: chain.head, clips };
  } finally {
    db.close();
  }
}
