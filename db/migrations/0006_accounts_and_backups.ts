import type { Migration } from './index';

// Reserved for issue8; filled in by the work that needs it.
export const accountsAndBackups: Migration = {
  version: 6,
  name: 'accounts and backups',
  sql: '',
};
