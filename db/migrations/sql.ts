// SQL shared by several migrations. Frozen: the text it generates is part of every migration that
// uses it, and shipped migrations never change — add a new function if the pattern must change.
// Migrations import this and the Migration type only, never another migration.

/**
 * The SQL that freezes a table once the study is locked: any INSERT, UPDATE or DELETE on it raises
 * while a `study_lock` row exists. Core checks the lock too (closeout/lock.ts) so that callers
 * get a readable error; these triggers are the guarantee that no code path — ours, a later one, or
 * a SQLite tool — can change coded data after the lock.
 *
 * A table added by a later migration freezes the same way, in that migration's own SQL:
 *
 *   sql: `CREATE TABLE consensus (…); ${lockTriggersSql('consensus')}`
 *
 * The generated text is part of every migration that uses it, so never change it: add a new
 * function if the pattern must change.
 */
export function lockTriggersSql(table: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  const raise = `SELECT RAISE(ABORT, 'the study is locked: ${table} can no longer change');`;
  return ['INSERT', 'UPDATE', 'DELETE']
    .map(
      (op) => `
CREATE TRIGGER ${table}_locked_${op.toLowerCase()} BEFORE ${op} ON ${table}
WHEN EXISTS (SELECT 1 FROM study_lock)
BEGIN
  ${raise}
END;`,
    )
    .join('\n');
}
