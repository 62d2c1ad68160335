// How long work reads everywhere it runs: "12 of 40 clips · about 3 min left". The time left is
// the time taken so far scaled by what is left (a constant rate, which is what ffmpeg jobs and file
// scans roughly have); it is not shown until there is something to scale.

/** "about 3 min left", "about 40 s left", or null while too little is done to tell. */
export function timeLeft(fraction: number, elapsedMs: number): string | null {
  if (!(fraction > 0.02) || fraction >= 1 || elapsedMs < 1500) return null;
  const left = (elapsedMs * (1 - fraction)) / fraction;
  if (left < 55_000) return `about ${Math.max(5, Math.round(left / 5_000) * 5)} s left`;
  return `about ${Math.round(left / 60_000)} min left`;
}

/** "12 of 40 clips · about 3 min left". */
export function progressText(done: number, total: number, unit: string, fraction: number, elapsedMs: number): string {
  const left = timeLeft(fraction, elapsedMs);
  return `${done} of ${total} ${unit}${left ? ` · ${left}` : ''}`;
}

/** Per-item percents from the task board: how many items are finished (at 100). */
export function finishedItems(items: Readonly<Record<string, number>>): number {
  return Object.values(items).filter((p) => p >= 100).length;
}
