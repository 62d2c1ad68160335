// Value types as the database stores them, for the repositories' signatures. db imports nothing of
// core or common (ARCHITECTURE.md): these follow the tables' CHECK constraints (migration 0001), and
// tests/unit/db/storedTypes.test.ts proves they are the contract's views, both ways, so neither can
// drift from the other unnoticed.

/** users.role */
export type StoredRole = 'manager' | 'coder' | 'reliability' | 'auditor';

/** ratings.unscorable_reason */
export type StoredUnscorableReason = 'video_quality' | 'wrong_task' | 'too_short' | 'other';

export interface StoredUnscorable {
  readonly reason: StoredUnscorableReason;
  readonly detail: string;
}

/** One element of ratings.markers (JSON, migration 0010) and of drafts.draft's markers. */
export interface StoredMarker {
  readonly seconds: number;
  readonly frame: number;
  readonly note: string;
}

/** A rating's content: ratings.scores, notes (JSON), overall_note, unscorable_*, markers (JSON). */
export interface StoredRatingContent {
  readonly scores: Readonly<Record<string, number>>;
  readonly notes: Readonly<Record<string, string>>;
  readonly overallNote: string;
  readonly unscorable: StoredUnscorable | null;
  readonly markers: readonly StoredMarker[];
}

/** drafts.draft (JSON): scores may be missing. */
export interface StoredDraft {
  readonly scores: Readonly<Record<string, number | null>>;
  readonly notes: Readonly<Record<string, string>>;
  readonly overallNote: string;
  readonly unscorable: StoredUnscorable | null;
  readonly markers: readonly StoredMarker[];
}
