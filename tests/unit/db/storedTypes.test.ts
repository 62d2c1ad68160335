// db's stored value types and the contract's views are the same types, both ways: db may not import
// common, so this type-level check is what keeps the two from drifting. It fails to compile (and so
// `npm test`'s type-check fails) when one changes without the other; the runtime part checks the
// CHECK constraints' lists against the contract's enums.
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ROLES, UNSCORABLE_REASONS, type Draft, type RatingContent, type RegionMask, type Role, type UnscorableReason } from '../../../electron/common/contract';
import type { StoredRegionMask } from '../../../db/repositories/deidJobs';
import type { StoredDraft, StoredRatingContent, StoredRole, StoredUnscorableReason } from '../../../db/repositories/types';

describe('stored types are the contract views', () => {
  it('as types, both ways', () => {
    expectTypeOf<StoredRole>().toEqualTypeOf<Role>();
    expectTypeOf<StoredUnscorableReason>().toEqualTypeOf<UnscorableReason>();
    expectTypeOf<StoredRatingContent>().toMatchTypeOf<RatingContent>();
    expectTypeOf<RatingContent>().toMatchTypeOf<StoredRatingContent>();
    expectTypeOf<StoredDraft>().toMatchTypeOf<Draft>();
    expectTypeOf<Draft>().toMatchTypeOf<StoredDraft>();
    expectTypeOf<StoredRegionMask>().toMatchTypeOf<RegionMask>();
    expectTypeOf<RegionMask>().toMatchTypeOf<StoredRegionMask>();
  });

  it("as the tables' CHECK constraints", () => {
    const sql = readFileSync('db/migrations/0001_initial.ts', 'utf8');
    const listed = (column: string) => [...new RegExp(`${column} IN \\(([^)]*)\\)`).exec(sql)![1]!.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    expect(listed('role')).toEqual([...ROLES]);
    expect(listed('unscorable_reason')).toEqual([...UNSCORABLE_REASONS]);
  });
});
