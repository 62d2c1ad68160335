import type { Migration } from '../migrate';

// The close-out asks whether the key changed since a seal (entries of some kinds written after a
// time) and whether it holds entries of a kind at all: with one recording entry per clip, each was a
// scan of the whole key (about 40 ms at 6,000 clips in tests/bench/scale.ts). An index by kind and
// time makes both a search.
export const sealedEntriesByKind: Migration = {
  version: 9,
  name: 'sealed entries searched by kind and time',
  sql: `
CREATE INDEX sealed_entries_by_kind ON sealed_entries (kind, created_at);
`,
  postgres: `
CREATE INDEX sealed_entries_by_kind ON sealed_entries (kind, created_at);
`,
};
