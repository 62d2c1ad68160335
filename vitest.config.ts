import { defineConfig } from 'vitest/config';

// Two projects. `sqlite`: every unit and integration test, on the embedded default engine.
// `postgres`: the suites that exercise storage — db, core and integration — again, with every study
// they create on a throwaway PostgreSQL cluster (tests/support/postgresGlobal.ts). A machine
// without PostgreSQL runs the SQLite half alone: `npx vitest run --project sqlite`.
const POSTGRES_SUITES = [
  'tests/unit/audit/**/*.test.ts',
  'tests/unit/auth/**/*.test.ts',
  'tests/unit/assignment/**/*.test.ts',
  'tests/unit/closeout/**/*.test.ts',
  'tests/unit/core/**/*.test.ts',
  'tests/unit/fidelity/**/*.test.ts',
  'tests/unit/blinding/**/*.test.ts',
  'tests/unit/study/**/*.test.ts',
  'tests/integration/**/*.test.ts',
];

// SQLite-only by what they test: the file format itself (WAL checkpoints to scan the file's bytes,
// page-copy backups, PRAGMA checks), or the packaged app. Each says why in its own header.
const SQLITE_ONLY = [
  'tests/integration/backup/**', // SQLite's page-copy backups (PostgreSQL's: tests/integration/postgres)
  'tests/integration/cli/**', // the CLI's parsing and dispatch, engine-blind
  'tests/integration/server/http.test.ts', // HTTP, TLS and path handling, engine-blind
  'tests/unit/db/**', // both engines side by side already (schemaEngines, postgresTriggers, postgresDb)
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: POSTGRES_SUITES,
          exclude: SQLITE_ONLY,
          globalSetup: ['tests/support/postgresGlobal.ts'],
          setupFiles: ['tests/support/postgresEnv.ts'],
        },
      },
    ],
  },
});
