// The shared parts of the contract: roles, the entry shape, the helpers every view schema is built
// with, and common input schemas. Every entry declares its input AND its output as zod schemas; core's
// dispatch parses each result through the output schema before it leaves, so a field an entry does
// not declare never reaches a client (ARCHITECTURE.md, "The contract, in one place").
import { z } from 'zod';

export const ROLES = ['manager', 'coder', 'reliability', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** A role, as a schema. */
export const role = z.enum(ROLES);

/** A count: a non-negative whole number. */
export const count = z.number().int().nonnegative();

/** Entries anyone may call, with or without a session (logging in, the study's name). */
export const PUBLIC = 'public' as const;

export interface Entry<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  /** What the call returns, strict: an undeclared key, a missing key or a wrong type is an internal error. */
  readonly output: O;
  readonly roles: readonly Role[] | typeof PUBLIC;
  readonly summary: string;
}

export function call<I extends z.ZodType, O extends z.ZodType>(def: Entry<I, O>): Entry<I, O> {
  return def;
}

/** A view object: exactly these keys (unknown keys refused), read-only for whoever receives it. */
export function view<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape).readonly();
}

/** A read-only list of views. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).readonly();
}

/** A read-only map from string keys (dimension ids, say) to values. */
export function dict<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).readonly();
}

/** Calls that return nothing. */
export const nothing = z.null();

/** Opaque clip codes: two groups of four from an alphabet without 0/O, 1/I/L, U (see blinding/codes). */
export const CLIP_CODE = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;
export const clipCode = z.string().regex(CLIP_CODE, 'not a clip code');
export const none = z.object({}).strict();
export const dimensionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'not a dimension id');
