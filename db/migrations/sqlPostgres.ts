// PostgreSQL SQL shared by several migrations: the PL/pgSQL form of sql.ts's triggers. Frozen like
// sql.ts: the text generated here is part of every migration that uses it, and shipped migrations
// never change — add a new function if the pattern must change.
//
// SQLite writes a guard as `CREATE TRIGGER t BEFORE op ON table WHEN cond BEGIN SELECT RAISE(ABORT,
// 'msg'); END`. PostgreSQL runs a trigger function instead, and forbids subqueries in a trigger's
// WHEN clause, so the condition moves into the function body. Each trigger gets a function of its
// own name, so `\df` and `\dS table` show the guard under the name the SQLite schema uses. The
// message is the same text (core and tests read it); the SQLSTATE is 23000,
// integrity_constraint_violation, the class SQLite reports a RAISE(ABORT) in
// (SQLITE_CONSTRAINT_TRIGGER).
//
// TRUNCATE is PostgreSQL's own and skips row triggers: every table SQLite protects from DELETE, or
// freezes at the lock, also gets a BEFORE TRUNCATE statement trigger (`<prefix>_no_truncate`,
// `<table>_locked_truncate`) with the same message.

const NAME = /^[a-z_][a-z0-9_]*$/;

export type GuardEvent = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

export interface Guard {
  /** The trigger's name, as in the SQLite migration; also its function's name. */
  readonly name: string;
  readonly table: string;
  readonly event: GuardEvent;
  /** The RAISE(ABORT, …) text, exactly. */
  readonly message: string;
  /** The SQLite WHEN condition as a PL/pgSQL expression over NEW/OLD; always raises when absent. */
  readonly when?: string;
}

function checkName(kind: string, name: string): void {
  if (!NAME.test(name)) throw new Error(`not a ${kind} name: ${name}`);
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The function and BEFORE trigger that refuse a change with `message` (when `when` holds). */
export function guardTriggerPostgres(guard: Guard): string {
  checkName('trigger', guard.name);
  checkName('table', guard.table);
  const raise = `RAISE EXCEPTION USING MESSAGE = ${literal(guard.message)}, ERRCODE = 'integrity_constraint_violation';`;
  const body = guard.when === undefined ? `  ${raise}` : `  IF ${guard.when} THEN\n    ${raise}\n  END IF;`;
  // A BEFORE row trigger that returns NULL silently skips the row: return the row it was given.
  const row = guard.event === 'TRUNCATE' ? 'NULL' : guard.event === 'DELETE' ? 'OLD' : 'NEW';
  const level = guard.event === 'TRUNCATE' ? 'STATEMENT' : 'ROW';
  return `
CREATE FUNCTION ${guard.name}() RETURNS trigger LANGUAGE plpgsql AS $guard$
BEGIN
${body}
  RETURN ${row};
END
$guard$;
CREATE TRIGGER ${guard.name} BEFORE ${guard.event} ON ${guard.table} FOR EACH ${level} EXECUTE FUNCTION ${guard.name}();`;
}

/**
 * A table whose rows can never be deleted: SQLite's `<prefix>_no_delete` and, for TRUNCATE,
 * `<prefix>_no_truncate`, with the same message.
 */
export function noDeletePostgres(prefix: string, table: string, message: string): string {
  return [
    guardTriggerPostgres({ name: `${prefix}_no_delete`, table, event: 'DELETE', message }),
    guardTriggerPostgres({ name: `${prefix}_no_truncate`, table, event: 'TRUNCATE', message }),
  ].join('\n');
}

/**
 * lockTriggersSql's counterpart: any INSERT, UPDATE, DELETE — or TRUNCATE — of the table raises
 * while a `study_lock` row exists, with sql.ts's message.
 */
export function lockTriggersPostgres(table: string): string {
  checkName('table', table);
  const message = `the study is locked: ${table} can no longer change`;
  return (['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'] as const)
    .map((event) => guardTriggerPostgres({ name: `${table}_locked_${event.toLowerCase()}`, table, event, message, when: 'EXISTS (SELECT 1 FROM study_lock)' }))
    .join('\n');
}
