import type { Migration } from './index';

// Reserved for issue6; filled in by the work that needs it.
export const fidelity: Migration = {
  version: 4,
  name: 'fidelity',
  sql: '',
};
