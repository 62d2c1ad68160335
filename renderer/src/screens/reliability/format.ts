// How the reliability screens print numbers: three decimals like the printed report, percentages to
// one, and scale values as the scale writes them (5.5, not 5.50).
export const f3 = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(3).replace('-', '−');

export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export const interval = (ci: readonly [number, number]): string => `${f3(ci[0])} to ${f3(ci[1])}`;

export const scaleValue = (x: number): string => Number(x.toPrecision(6)).toString().replace('-', '−');

/** The points of a scale, computed by index so that 0.1 steps print exactly. */
export function scalePoints(d: { readonly min: number; readonly max: number; readonly step: number }): number[] {
  const k = Math.round((d.max - d.min) / d.step) + 1;
  return Array.from({ length: k }, (_, i) => Number((d.min + i * d.step).toPrecision(12)));
}

/** An ISO UTC time as the app shows every time: local, with the zone (renderer/src/time.ts). */
export { localTime as when } from '../../time';
