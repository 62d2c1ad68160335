import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';
import { openDatabase } from '../../../db/open';
import { tempDir } from '../../support/tempStudy';

const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));
function fresh() {
  const t = tempDir();
  temps.push(t.cleanup);
  return openDatabase(path.join(t.dir, 'study.sqlite'));
}

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys, a busy timeout and a page cache a large trial fits in', () => {
    const db = fresh();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-65536); // 64 MiB
    db.close();
  });

  it('records every migration once and is idempotent', () => {
    const db = fresh();
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('rolls a failing migration back whole, with its record', () => {
    const db = fresh();
    const next = MIGRATIONS.length + 1;
    const broken = [...MIGRATIONS, { version: next, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;', postgres: 'CREATE TABLE half_done (x integer); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(next)).toBeUndefined();
    db.close();
  });

  it('refuses migrations that skip a number', () => {
    const db = fresh();
    expect(() => migrate(db, [...MIGRATIONS, { version: MIGRATIONS.length + 2, name: 'gap', sql: '', postgres: '' }])).toThrow(/numbered/);
    db.close();
  });

  it('enforces foreign keys', () => {
    const db = fresh();
    expect(() =>
      db.prepare("INSERT INTO assignments (clip_id, coder_id, position, purpose, created_at) VALUES (99, 99, 1, 'primary', 'x')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
