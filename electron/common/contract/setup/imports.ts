// What the manager's imports return: every problem found, as data, and what was imported. The
// allocation, outcome recordings, session recordings and ratings imports all report this way.
import { z } from 'zod';
import { dict, list, view } from '../base';

/** One thing wrong with an imported file: where (a spreadsheet row and column, or a file) and what. */
export const problem = view({
  /** 1-based line of the file as a spreadsheet user counts it: the header is row 1. */
  row: z.number().int().optional(),
  /** The column's name as written in the file's header (or the option that named it). */
  column: z.string().optional(),
  /** A path relative to the recordings folder, always with '/' separators. */
  file: z.string().optional(),
  /** What kind of problem, for a program (each import has its own codes). */
  code: z.string(),
  /** What is wrong and how to fix it, for a person. */
  message: z.string(),
});
export type Problem = z.output<typeof problem>;

/** An import lands whole or not at all: what it imported, or null and every problem found. */
export function importReport<T extends z.ZodType>(imported: T) {
  return view({ imported: imported.nullable(), problems: list(problem) });
}
export type ImportReport<T> = z.output<ReturnType<typeof importReport<z.ZodType<T>>>>;

export const allocationImported = view({
  participants: z.number().int(),
  /** Participants by arm. */
  arms: dict(z.number().int()),
});
export type AllocationImported = z.output<typeof allocationImported>;

/** How one file of a recordings folder maps, before import (manager only: it names participants). */
export const recordingRow = view({
  file: z.string(),
  participant: z.string(),
  timepoint: z.string().nullable(),
  task: z.string().nullable(),
  date: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  /** e.g. "h264 1920×1080"; null when the file has no readable picture. */
  video: z.string().nullable(),
});
export type RecordingRow = z.output<typeof recordingRow>;

export const recordingsImported = view({ recordings: z.number().int() });
export type RecordingsImported = z.output<typeof recordingsImported>;
