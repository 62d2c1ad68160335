import type { Migration } from '../migrate';

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
};
