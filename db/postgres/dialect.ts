// The repositories' SQL, written once for SQLite, made PostgreSQL's: mechanical changes only, so a
// query means the same on both engines (the db suites run on both to prove it).
//   ?  and  @name / :name / $name      →  $1, $2…  (a name used twice is one value)
//   INSERT OR IGNORE INTO … (…)         →  INSERT INTO … ON CONFLICT DO NOTHING
//   AS camelCase                        →  AS "camelCase"   (PostgreSQL folds unquoted names)
//   CAST(… AS REAL)                     →  CAST(… AS double precision)  (SQLite's REAL is 8 bytes)
//   INSERT into a table with an identity id gets RETURNING id, for lastInsertRowid.
// Anything else SQLite-only in a repository is an error on PostgreSQL that the tests catch; the
// few SQLite functions the schema and repositories use exist on PostgreSQL through migration 0001.

export interface Translated {
  readonly text: string;
  /** For each $n, where its value comes from: a position in the arguments, or a name. */
  readonly slots: readonly (number | string)[];
  readonly insertInto: string | null;
}

const cache = new Map<string, Translated>();

export function translate(sql: string): Translated {
  let hit = cache.get(sql);
  if (!hit) {
    hit = translateUncached(sql);
    if (cache.size > 2000) cache.clear();
    cache.set(sql, hit);
  }
  return hit;
}

function translateUncached(sql: string): Translated {
  const slots: (number | string)[] = [];
  const byName = new Map<string, number>();
  let positional = 0;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      slots.push(positional++);
      out += `$${slots.length}`;
      i++;
    } else if ((c === '@' || c === '$' || (c === ':' && sql[i + 1] !== ':' && sql[i - 1] !== ':')) && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let n = byName.get(name);
      if (n === undefined) {
        slots.push(name);
        n = slots.length;
        byName.set(name, n);
      }
      out += `$${n}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  out = outsideLiterals(out, (part) =>
    part
      .replace(/\bAS\s+([a-z][A-Za-z0-9_]*[A-Z][A-Za-z0-9_]*)\b/g, 'AS "$1"')
      .replace(/\bAS\s+REAL\b/gi, 'AS double precision'),
  );
  let insertInto: string | null = null;
  const orIgnore = /^\s*INSERT\s+OR\s+IGNORE\s+INTO\b/i;
  if (orIgnore.test(out)) {
    out = out.replace(orIgnore, 'INSERT INTO').replace(/;?\s*$/, ' ON CONFLICT DO NOTHING');
  }
  if (/^\s*INSERT\s+OR\s+(REPLACE|ABORT|FAIL|ROLLBACK)\b/i.test(out)) {
    throw new Error(`This statement has no PostgreSQL translation (INSERT OR …): ${sql.slice(0, 120)}`);
  }
  const insert = /^\s*INSERT\s+INTO\s+([a-z_][a-z0-9_]*)/i.exec(out);
  if (insert && !/\bRETURNING\b/i.test(out)) insertInto = insert[1]!.toLowerCase();
  return { text: out, slots, insertInto };
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Applies `fn` to the SQL outside string literals and quoted names. */
function outsideLiterals(sql: string, fn: (part: string) => string): string {
  let out = '';
  let i = 0;
  let from = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      out += fn(sql.slice(from, i));
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      from = i;
    } else i++;
  }
  return out + fn(sql.slice(from));
}

/** The values for a translated statement from better-sqlite3-style arguments. */
export function bindValues(translated: Translated, args: readonly unknown[], sql: string): unknown[] {
  const positional: unknown[] = [];
  let named: Record<string, unknown> | null = null;
  for (const arg of args) {
    if (Array.isArray(arg)) positional.push(...(arg as unknown[]));
    else if (arg !== null && typeof arg === 'object' && !(arg instanceof Uint8Array)) named = arg as Record<string, unknown>;
    else positional.push(arg);
  }
  const values = translated.slots.map((slot) => {
    if (typeof slot === 'number') {
      if (slot >= positional.length) throw new RangeError(`Too few parameter values were provided (${sql.slice(0, 80)})`);
      return value(positional[slot]);
    }
    if (!named || !(slot in named) || named[slot] === undefined) throw new RangeError(`Missing named parameter "${slot}"`);
    return value(named[slot]);
  });
  const used = translated.slots.filter((s) => typeof s === 'number').length;
  if (positional.length > used) throw new RangeError(`Too many parameter values were provided (${sql.slice(0, 80)})`);
  return values;
}

/** SQLite's rules for a bound value: numbers, strings, bigints, buffers, null — nothing else. */
function value(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || v instanceof Uint8Array) return v;
  if (typeof v === 'bigint') return v.toString();
  throw new TypeError(`SQLite3 can only bind numbers, strings, bigints, buffers, and null (got ${typeof v})`);
}
