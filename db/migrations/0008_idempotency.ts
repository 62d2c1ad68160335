import type { Migration } from '../migrate';
import { guardTriggerPostgres } from './sqlPostgres';

// Write calls from network clients carry an idempotency key: the first call's result is kept with
// the key, in the transaction of the write itself, so a retry after a lost answer (a dropped
// connection, a server killed mid-reply) gets that result back and changes nothing. Keys are the
// client's, scoped to the user who sent them; a kept result is never changed.
export const idempotency: Migration = {
  version: 8,
  name: 'idempotency keys of write calls',
  sql: `
CREATE TABLE idempotency_keys (
  user_id INTEGER NOT NULL REFERENCES users(id),
  key TEXT NOT NULL CHECK (length(key) BETWEEN 16 AND 128),
  call TEXT NOT NULL,
  result TEXT NOT NULL CHECK (json_valid(result)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) STRICT;

CREATE TRIGGER idempotency_keys_no_update BEFORE UPDATE ON idempotency_keys
BEGIN
  SELECT RAISE(ABORT, 'a kept result cannot change');
END;
`,
  postgres: `
CREATE TABLE idempotency_keys (
  user_id bigint NOT NULL REFERENCES users(id),
  key text COLLATE "C" NOT NULL CHECK (length(key) BETWEEN 16 AND 128),
  call text COLLATE "C" NOT NULL,
  result text COLLATE "C" NOT NULL CHECK (json_valid(result)),
  created_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (user_id, key)
);
${guardTriggerPostgres({ name: 'idempotency_keys_no_update', table: 'idempotency_keys', event: 'UPDATE', message: 'a kept result cannot change' })}
`,
};
