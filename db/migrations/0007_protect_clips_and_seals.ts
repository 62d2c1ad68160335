import type { Migration } from '../migrate';
import { guardTriggerPostgres, noDeletePostgres } from './sqlPostgres';

// What the sealed key and its commitments rest on may not be rewritten: a clip's file and checksum,
// the published seals, and the sealed entries themselves (migration 2 already refuses updates).
export const protectClipsAndSeals: Migration = {
  version: 7,
  name: 'protect clips, seals and sealed entries',
  sql: `
CREATE TRIGGER clips_no_update BEFORE UPDATE ON clips
BEGIN
  SELECT RAISE(ABORT, 'a clip cannot be changed once recorded');
END;

CREATE TRIGGER clips_no_delete BEFORE DELETE ON clips
BEGIN
  SELECT RAISE(ABORT, 'a clip cannot be deleted');
END;

CREATE TRIGGER seals_no_update BEFORE UPDATE ON seals
BEGIN
  SELECT RAISE(ABORT, 'a seal is a published commitment and cannot change');
END;

CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals
BEGIN
  SELECT RAISE(ABORT, 'a seal is a published commitment and cannot be deleted');
END;

CREATE TRIGGER sealed_entries_no_delete BEFORE DELETE ON sealed_entries
BEGIN
  SELECT RAISE(ABORT, 'sealed entries cannot be deleted');
END;
`,
  postgres: `
${guardTriggerPostgres({ name: 'clips_no_update', table: 'clips', event: 'UPDATE', message: 'a clip cannot be changed once recorded' })}
${noDeletePostgres('clips', 'clips', 'a clip cannot be deleted')}
${guardTriggerPostgres({ name: 'seals_no_update', table: 'seals', event: 'UPDATE', message: 'a seal is a published commitment and cannot change' })}
${noDeletePostgres('seals', 'seals', 'a seal is a published commitment and cannot be deleted')}
${noDeletePostgres('sealed_entries', 'sealed_entries', 'sealed entries cannot be deleted')}
`,
};
