// setupFiles of the `postgres` project: every study a test creates goes to the run's cluster, each
// in a database of its own (electron/core/study/study.ts, BLINDFOLD_POSTGRES_SERVER). Set per test
// file's worker, so the `sqlite` project's workers never see it.
import { inject } from 'vitest';

process.env['BLINDFOLD_POSTGRES_SERVER'] = inject('postgresServer');
