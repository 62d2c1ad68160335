// The shared parts of the contract: roles, the entry shape, and common input schemas.
import { z } from 'zod';

export const ROLES = ['manager', 'coder', 'reliability', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Entries anyone may call, with or without a session (logging in, the study's name). */
export const PUBLIC = 'public' as const;

export interface Entry<I extends z.ZodType, O> {
  readonly input: I;
  readonly roles: readonly Role[] | typeof PUBLIC;
  readonly summary: string;
  /** Phantom: carries the result type; never set at runtime. */
  readonly _result?: O;
}

export function call<O>() {
  return <I extends z.ZodType>(def: { input: I; roles: readonly Role[] | typeof PUBLIC; summary: string }): Entry<I, O> => def;
}

/** Opaque clip codes: two groups of four from an alphabet without 0/O, 1/I/L, U (see blinding/codes). */
export const CLIP_CODE = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;
export const clipCode = z.string().regex(CLIP_CODE, 'not a clip code');
export const none = z.object({}).strict();
export const dimensionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'not a dimension id');
