// Clip length as a blinding question: a coder sees how long a clip runs (the scrubber, the elapsed
// time at its end). When baseline visits were filmed for 6 minutes and follow-ups for 8, or one arm's
// sessions ran longer, the length alone tells. Lengths are put in bands about 10% wide (on a log
// scale, so 6 s and 8 s differ, and 10:00 and 10:20 mostly do not) and the bands are judged by the
// picture's rule (./picture: tells) — the same test for the same question.

const BAND = Math.log(1.1);

/** A length as a person reads it: "9.0 s", "1:06", "1:02:03". */
export function clock(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** The band a length falls in, named by its middle ("about 6.0 s", "about 10:03"); null when unknown. */
export function lengthBand(seconds: number | null | undefined): string | null {
  const k = bandIndex(seconds);
  return k === null ? null : `about ${clock(Math.exp(k * BAND))}`;
}

/** The middle of a length's band in seconds, to put bands in order (their names do not sort: "about 9.0 s", "about 1:05"). */
export function lengthBandSeconds(seconds: number | null | undefined): number | null {
  const k = bandIndex(seconds);
  return k === null ? null : Math.exp(k * BAND);
}

function bandIndex(seconds: number | null | undefined): number | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.round(Math.log(seconds) / BAND);
}
