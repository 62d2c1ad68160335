// Which engine a new study lands on: SQLite in its folder by default; on the `postgres` project's
// cluster when BLINDFOLD_POSTGRES_SERVER names one (so the suites that run on both really do).
import { existsSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { createStudy, openStudy } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

it('puts a new study on the engine the environment names, and opens it there again', () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const onPostgres = Boolean(process.env['BLINDFOLD_POSTGRES_SERVER']);
  const study = createStudy(t.dir, 'Engine check');
  expect(study.db.engine).toBe(onPostgres ? 'postgres' : 'sqlite');
  expect(existsSync(study.paths.database)).toBe(!onPostgres);
  expect(existsSync(study.paths.postgresLink)).toBe(onPostgres);
  study.close();
  const again = openStudy(t.dir);
  expect(again.db.engine).toBe(study.db.engine);
  expect(again.name).toBe('Engine check');
  again.close();
  expect(() => createStudy(t.dir, 'Twice')).toThrow(/already exists/);
});
