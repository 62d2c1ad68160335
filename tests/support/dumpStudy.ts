// A study database's whole content as text, on either engine, for "a refused input changes
// nothing" checks: the schema's objects and every table's rows (in a stable order of their own).
import type { Db } from '../../db/engine';

export function schemaObjects(db: Db): { type: string; name: string; sql: string }[] {
  if (db.engine === 'sqlite') {
    return db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all() as { type: string; name: string; sql: string }[];
  }
  return db
    .prepare(
      `SELECT 'table' AS type, table_name AS name, '' AS sql FROM information_schema.tables WHERE table_schema = current_schema()
       UNION ALL SELECT 'trigger', tgname::text, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
       UNION ALL SELECT 'index', indexname::text, indexdef FROM pg_indexes WHERE schemaname = current_schema()
       ORDER BY 1, 2`,
    )
    .all() as { type: string; name: string; sql: string }[];
}

export function tableNames(db: Db): string[] {
  return schemaObjects(db)
    .filter((o) => o.type === 'table')
    .map((o) => o.name)
    .sort();
}

/** Every row of every table (the audit log's rows filtered by `auditWhere`), rows sorted. */
export function dumpDb(db: Db, auditWhere?: string): string {
  const rows = (t: string): string[] =>
    (db.prepare(`SELECT * FROM ${t}${t === 'audit_log' && auditWhere ? ` WHERE ${auditWhere}` : ''}`).all() as unknown[])
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
  return [JSON.stringify(schemaObjects(db)), ...tableNames(db).map((t) => `${t}:${rows(t).join(',')}`)].join('\n');
}
