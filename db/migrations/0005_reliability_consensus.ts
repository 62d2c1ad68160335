import type { Migration } from './index';

// Reserved for issue5; filled in by the work that needs it.
export const reliabilityConsensus: Migration = {
  version: 5,
  name: 'reliability consensus',
  sql: '',
};
