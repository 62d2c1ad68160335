// vitest globalSetup of the `postgres` project: one throwaway cluster for the run (tests/support/
// postgres.ts), its server URL provided to every test file; stopped and deleted at the end.
import type { TestProject } from 'vitest/node';
import { startCluster } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresServer: string;
  }
}

export default function setup(project: TestProject): () => void {
  const cluster = startCluster();
  project.provide('postgresServer', cluster.url('postgres'));
  return () => cluster.stop();
}
