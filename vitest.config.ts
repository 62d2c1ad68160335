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

// Not run again on PostgreSQL, by what they test: SQLite's file itself (page-copy backups), or what
// no engine changes — media processing (de-identification, audio), the role × entry matrix of
// dispatch, the CLI's parsing, HTTP and TLS — where the store is only incidental and a second run
// would double their minutes for nothing. The suites that write, refuse, lock, recover and verify
// (closeout, crash, reliability, server faults/idempotency/load, bad input, accounts, writers,
// import, fidelity set-up, output shapes) run on both.
const SQLITE_ONLY = [
  'tests/unit/db/**', // both engines side by side already (schemaEngines, postgresTriggers, postgresDb)
  'tests/integration/backup/**', // SQLite's page-copy backups (PostgreSQL's dumps: tests/integration/postgres)
  'tests/integration/postgres/**', // moves, serving and dumps between the engines: each starts its own cluster
  'tests/integration/cli/**', // the CLI's parsing and dispatch
  'tests/integration/server/http.test.ts', // HTTP, TLS and path handling
  'tests/integration/access/matrix.test.ts', // which role may call which entry: dispatch's rules
  'tests/integration/deidentify/**', // media processing
  'tests/integration/setup/deidentify.test.ts', // media processing
  'tests/integration/setup/pipeline.test.ts', // the CLI's set-up pipeline, media-bound (its leak check: setup/ on both via badinput)
  'tests/integration/fidelity/audio.test.ts', // audio processing
  'tests/integration/fidelity/pipeline.test.ts', // media-bound; fidelity's storage: fidelity/setupHandlers, import
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
