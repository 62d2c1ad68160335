import type { Migration } from './index';

// Reserved for issue7; filled in by the work that needs it.
export const lockAndUnblinding: Migration = {
  version: 3,
  name: 'lock and unblinding',
  sql: '',
};
