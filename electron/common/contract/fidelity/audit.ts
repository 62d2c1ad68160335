// What an auditor receives for one of their session clips: the clip with its audio link and the
// fidelity form, and the waveform of its de-identified audio. Nothing here carries a family id, a
// recording date, a source file or a clinician (ARCHITECTURE.md, "The one rule"); the session
// number is what adherence is judged against, and is all the auditor learns of the session.
import { z } from 'zod';
import { list, view } from '../base';
import { queuePlaceShape, scaleDimension, workOnClipShape } from '../coding';

export const SESSION_AUDIO_TYPE = 'audio/mp4' as const;

/** One session clip as its auditor receives it. */
export const auditClipView = view({
  ...queuePlaceShape,
  /** A short-lived link to `<code>.m4a` (AAC in MP4), served as audio/mp4. */
  mediaUrl: z.string(),
  mediaType: z.literal(SESSION_AUDIO_TYPE),
  durationSeconds: z.number(),
  /** The manual's session the recording is of: what adherence is judged against. */
  sessionNumber: z.number().int(),
  /** Adherence first (1–5), then the study's items. */
  dimensions: list(scaleDimension),
  /** Adherence at or above this is acceptable fidelity. */
  acceptableFrom: z.number(),
  ...workOnClipShape,
});
export type AuditClipView = z.output<typeof auditClipView>;

export const WAVEFORM_BINS = { default: 1000, max: 4000 } as const;

/** Loudness of a session recording in `bins` equal slices: the lowest and highest sample, −1…1. */
export const waveform = view({
  bins: z.number().int(),
  durationSeconds: z.number(),
  min: list(z.number()),
  max: list(z.number()),
});
export type Waveform = z.output<typeof waveform>;
