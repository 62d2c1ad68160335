import { lockTriggersSql } from './sql';
import { guardTriggerPostgres, lockTriggersPostgres, noDeletePostgres } from './sqlPostgres';
import type { Migration } from '../migrate';

// Reliability (issue 5): consensus scores, gold-standard training clips with their master scores,
// and coder certifications. Like ratings, every row here is immutable: a later consensus or a
// corrected master score is a new version that points to the one it replaces and carries a reason,
// so the history of every judgement stays readable and the originals are never touched.
//
// Consensus after the data lock: migration 3 freezes a table while a `study_lock` row exists;
// lockTriggersSql('consensus') refuses a new consensus after the lock (core checks first, for a
// readable error: core/reliability/study/settings.ts refuseAfterLock). Gold scores and
// certifications are about training, not outcome data, and stay open.
export const reliabilityConsensus: Migration = {
  version: 5,
  name: 'reliability consensus',
  sql: `
-- A reliability lead's consensus score for one clip on one dimension, after re-watching a
-- disagreement. The coders' ratings stay as they are; 'ratings' lists the rating versions
-- (ratings.id) the lead had in front of them.
CREATE TABLE consensus (
  id INTEGER PRIMARY KEY,
  clip_id INTEGER NOT NULL REFERENCES clips(id),
  dimension TEXT NOT NULL CHECK (dimension GLOB '[a-z]*' AND length(dimension) <= 40),
  version INTEGER NOT NULL CHECK (version >= 1),
  supersedes_id INTEGER REFERENCES consensus(id),
  score REAL NOT NULL,
  reason TEXT NOT NULL CHECK (length(trim(reason)) >= 3),
  ratings TEXT NOT NULL CHECK (json_valid(ratings) AND json_type(ratings) = 'array'),
  decided_by INTEGER NOT NULL REFERENCES users(id),
  decided_at TEXT NOT NULL,
  UNIQUE (clip_id, dimension, version),
  CHECK ((version = 1 AND supersedes_id IS NULL) OR (version > 1 AND supersedes_id IS NOT NULL))
) STRICT;

CREATE TRIGGER consensus_supersedes_latest BEFORE INSERT ON consensus
WHEN NEW.version > 1 AND NOT EXISTS (
  SELECT 1 FROM consensus c
   WHERE c.id = NEW.supersedes_id AND c.clip_id = NEW.clip_id AND c.dimension = NEW.dimension AND c.version = NEW.version - 1)
BEGIN
  SELECT RAISE(ABORT, 'a new consensus must point to the latest consensus for the same clip and dimension');
END;

CREATE TRIGGER consensus_outcome_only BEFORE INSERT ON consensus
WHEN (SELECT kind FROM clips WHERE id = NEW.clip_id) IS NOT 'outcome'
BEGIN
  SELECT RAISE(ABORT, 'a consensus score is recorded for outcome clips only');
END;

CREATE TRIGGER consensus_no_update BEFORE UPDATE ON consensus
BEGIN
  SELECT RAISE(ABORT, 'consensus scores are immutable: record a new consensus instead');
END;

CREATE TRIGGER consensus_no_delete BEFORE DELETE ON consensus
BEGIN
  SELECT RAISE(ABORT, 'consensus scores are immutable: they cannot be deleted');
END;

CREATE INDEX consensus_by_clip ON consensus (clip_id, dimension, version);
${lockTriggersSql('consensus')}

-- Gold-standard training clips: a clips row of kind 'training' plus the name the training set
-- gives it, so master scores can be matched to it. Training clips are not trial recordings; the
-- label never reaches a coder (coder views read codes only).
CREATE TABLE gold_clips (
  clip_id INTEGER PRIMARY KEY REFERENCES clips(id),
  label TEXT NOT NULL UNIQUE CHECK (length(trim(label)) > 0),
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER gold_clips_training_only BEFORE INSERT ON gold_clips
WHEN (SELECT kind FROM clips WHERE id = NEW.clip_id) IS NOT 'training'
BEGIN
  SELECT RAISE(ABORT, 'a gold-standard clip must be a training clip');
END;

CREATE TRIGGER gold_clips_no_update BEFORE UPDATE ON gold_clips
BEGIN
  SELECT RAISE(ABORT, 'gold-standard clips are immutable');
END;

CREATE TRIGGER gold_clips_no_delete BEFORE DELETE ON gold_clips
BEGIN
  SELECT RAISE(ABORT, 'gold-standard clips are immutable');
END;

-- Master scores of gold-standard clips, per dimension. 'source' names whose scores they are (the
-- scale's trainers, or a master coder). A correction is a new version with a reason.
CREATE TABLE gold_scores (
  id INTEGER PRIMARY KEY,
  clip_id INTEGER NOT NULL REFERENCES gold_clips(clip_id),
  dimension TEXT NOT NULL CHECK (dimension GLOB '[a-z]*' AND length(dimension) <= 40),
  version INTEGER NOT NULL CHECK (version >= 1),
  supersedes_id INTEGER REFERENCES gold_scores(id),
  score REAL NOT NULL,
  source TEXT NOT NULL CHECK (length(trim(source)) > 0),
  reason TEXT,
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  UNIQUE (clip_id, dimension, version),
  CHECK ((version = 1 AND supersedes_id IS NULL AND reason IS NULL)
      OR (version > 1 AND supersedes_id IS NOT NULL AND length(trim(coalesce(reason, ''))) >= 3))
) STRICT;

CREATE TRIGGER gold_scores_supersedes_latest BEFORE INSERT ON gold_scores
WHEN NEW.version > 1 AND NOT EXISTS (
  SELECT 1 FROM gold_scores g
   WHERE g.id = NEW.supersedes_id AND g.clip_id = NEW.clip_id AND g.dimension = NEW.dimension AND g.version = NEW.version - 1)
BEGIN
  SELECT RAISE(ABORT, 'a corrected master score must point to the latest score for the same clip and dimension');
END;

CREATE TRIGGER gold_scores_no_update BEFORE UPDATE ON gold_scores
BEGIN
  SELECT RAISE(ABORT, 'master scores are immutable: record a correction instead');
END;

CREATE TRIGGER gold_scores_no_delete BEFORE DELETE ON gold_scores
BEGIN
  SELECT RAISE(ABORT, 'master scores are immutable: they cannot be deleted');
END;

-- A trainee's certification decision per dimension, with the numbers it rested on. Each decision
-- is also in the audit log; a later decision is a new row, the earlier ones stay.
CREATE TABLE certifications (
  id INTEGER PRIMARY KEY,
  trainee_id INTEGER NOT NULL REFERENCES users(id),
  dimension TEXT NOT NULL,
  master TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  weights TEXT NOT NULL CHECK (weights IN ('linear', 'quadratic')),
  kappa REAL,
  ci_low REAL,
  ci_high REAL,
  threshold REAL NOT NULL,
  basis TEXT NOT NULL CHECK (basis IN ('estimate', 'ci_lower')),
  verdict TEXT NOT NULL CHECK (verdict IN ('certified', 'not_yet')),
  detail TEXT NOT NULL CHECK (json_valid(detail)),
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER certifications_no_update BEFORE UPDATE ON certifications
BEGIN
  SELECT RAISE(ABORT, 'certifications are immutable: certify again instead');
END;

CREATE TRIGGER certifications_no_delete BEFORE DELETE ON certifications
BEGIN
  SELECT RAISE(ABORT, 'certifications are immutable');
END;

CREATE INDEX certifications_by_trainee ON certifications (trainee_id, dimension, id);
`,
  postgres: `
CREATE TABLE consensus (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  clip_id bigint NOT NULL REFERENCES clips(id),
  dimension text COLLATE "C" NOT NULL CHECK (glob('[a-z]*', dimension) AND length(dimension) <= 40),
  version bigint NOT NULL CHECK (version >= 1),
  supersedes_id bigint REFERENCES consensus(id),
  score double precision NOT NULL,
  reason text COLLATE "C" NOT NULL CHECK (length(trim(reason)) >= 3),
  ratings text COLLATE "C" NOT NULL CHECK (json_valid(ratings) AND json_type(ratings) = 'array'),
  decided_by bigint NOT NULL REFERENCES users(id),
  decided_at text COLLATE "C" NOT NULL,
  UNIQUE (clip_id, dimension, version),
  CHECK ((version = 1 AND supersedes_id IS NULL) OR (version > 1 AND supersedes_id IS NOT NULL))
);
${guardTriggerPostgres({
  name: 'consensus_supersedes_latest',
  table: 'consensus',
  event: 'INSERT',
  message: 'a new consensus must point to the latest consensus for the same clip and dimension',
  when: `NEW.version > 1 AND NOT EXISTS (
    SELECT 1 FROM consensus c
     WHERE c.id = NEW.supersedes_id AND c.clip_id = NEW.clip_id AND c.dimension = NEW.dimension AND c.version = NEW.version - 1)`,
})}
${guardTriggerPostgres({
  name: 'consensus_outcome_only',
  table: 'consensus',
  event: 'INSERT',
  message: 'a consensus score is recorded for outcome clips only',
  when: `(SELECT kind FROM clips WHERE id = NEW.clip_id) IS DISTINCT FROM 'outcome'`,
})}
${guardTriggerPostgres({ name: 'consensus_no_update', table: 'consensus', event: 'UPDATE', message: 'consensus scores are immutable: record a new consensus instead' })}
${noDeletePostgres('consensus', 'consensus', 'consensus scores are immutable: they cannot be deleted')}

CREATE INDEX consensus_by_clip ON consensus (clip_id, dimension, version);
${lockTriggersPostgres('consensus')}

CREATE TABLE gold_clips (
  clip_id bigint PRIMARY KEY REFERENCES clips(id),
  label text COLLATE "C" NOT NULL UNIQUE CHECK (length(trim(label)) > 0),
  added_by text COLLATE "C" NOT NULL,
  added_at text COLLATE "C" NOT NULL
);
${guardTriggerPostgres({
  name: 'gold_clips_training_only',
  table: 'gold_clips',
  event: 'INSERT',
  message: 'a gold-standard clip must be a training clip',
  when: `(SELECT kind FROM clips WHERE id = NEW.clip_id) IS DISTINCT FROM 'training'`,
})}
${guardTriggerPostgres({ name: 'gold_clips_no_update', table: 'gold_clips', event: 'UPDATE', message: 'gold-standard clips are immutable' })}
${noDeletePostgres('gold_clips', 'gold_clips', 'gold-standard clips are immutable')}

CREATE TABLE gold_scores (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  clip_id bigint NOT NULL REFERENCES gold_clips(clip_id),
  dimension text COLLATE "C" NOT NULL CHECK (glob('[a-z]*', dimension) AND length(dimension) <= 40),
  version bigint NOT NULL CHECK (version >= 1),
  supersedes_id bigint REFERENCES gold_scores(id),
  score double precision NOT NULL,
  source text COLLATE "C" NOT NULL CHECK (length(trim(source)) > 0),
  reason text COLLATE "C",
  entered_by text COLLATE "C" NOT NULL,
  entered_at text COLLATE "C" NOT NULL,
  UNIQUE (clip_id, dimension, version),
  CHECK ((version = 1 AND supersedes_id IS NULL AND reason IS NULL)
      OR (version > 1 AND supersedes_id IS NOT NULL AND length(trim(coalesce(reason, ''))) >= 3))
);
${guardTriggerPostgres({
  name: 'gold_scores_supersedes_latest',
  table: 'gold_scores',
  event: 'INSERT',
  message: 'a corrected master score must point to the latest score for the same clip and dimension',
  when: `NEW.version > 1 AND NOT EXISTS (
    SELECT 1 FROM gold_scores g
     WHERE g.id = NEW.supersedes_id AND g.clip_id = NEW.clip_id AND g.dimension = NEW.dimension AND g.version = NEW.version - 1)`,
})}
${guardTriggerPostgres({ name: 'gold_scores_no_update', table: 'gold_scores', event: 'UPDATE', message: 'master scores are immutable: record a correction instead' })}
${noDeletePostgres('gold_scores', 'gold_scores', 'master scores are immutable: they cannot be deleted')}

CREATE TABLE certifications (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  trainee_id bigint NOT NULL REFERENCES users(id),
  dimension text COLLATE "C" NOT NULL,
  master text COLLATE "C" NOT NULL,
  n bigint NOT NULL CHECK (n >= 0),
  weights text COLLATE "C" NOT NULL CHECK (weights IN ('linear', 'quadratic')),
  kappa double precision,
  ci_low double precision,
  ci_high double precision,
  threshold double precision NOT NULL,
  basis text COLLATE "C" NOT NULL CHECK (basis IN ('estimate', 'ci_lower')),
  verdict text COLLATE "C" NOT NULL CHECK (verdict IN ('certified', 'not_yet')),
  detail text COLLATE "C" NOT NULL CHECK (json_valid(detail)),
  decided_by text COLLATE "C" NOT NULL,
  decided_at text COLLATE "C" NOT NULL
);
${guardTriggerPostgres({ name: 'certifications_no_update', table: 'certifications', event: 'UPDATE', message: 'certifications are immutable: certify again instead' })}
${noDeletePostgres('certifications', 'certifications', 'certifications are immutable')}

CREATE INDEX certifications_by_trainee ON certifications (trainee_id, dimension, id);
`,
};
