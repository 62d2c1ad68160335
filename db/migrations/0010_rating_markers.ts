import type { Migration } from '../migrate';

// Evidence tied to a moment (issue 16, point 6): the markers a coder set on a clip — each a time in
// seconds, a frame number and a short note, as a JSON array — go with the rating they belong to.
// A column of the immutable ratings row, so an amendment carries its own markers and the original
// keeps its own; the triggers of 0001 and 0003 hold them as they hold the scores. Drafts keep theirs
// inside drafts.draft. Rows submitted before this migration had none: '[]'.
export const ratingMarkers: Migration = {
  version: 10,
  name: 'markers on ratings',
  sql: `
ALTER TABLE ratings ADD COLUMN markers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(markers) AND json_type(markers) = 'array');
`,
  postgres: `
ALTER TABLE ratings ADD COLUMN markers text COLLATE "C" NOT NULL DEFAULT '[]' CHECK (json_valid(markers) AND json_type(markers) = 'array');
`,
};
