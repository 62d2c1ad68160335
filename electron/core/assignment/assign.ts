// Assigning clips to coders. Pure: the caller passes a seeded CSPRNG (its seed lives in the sealed
// key), so the same seed and input reproduce the same assignment.
//
// 1. Primary coder: within each stratum (arm × timepoint) the clips are shuffled and dealt to the
//    coders with the fewest clips of that stratum, ties broken by fewest clips overall, then at
//    random — so each coder receives a similar mix of arms × timepoints.
// 2. Reliability: round(fraction × N) clips in all, spread over the strata by the largest-remainder
//    method (each stratum gets the floor or ceiling of its share), chosen at random within each
//    stratum; second coders are dealt so that reliability load stays balanced, never the primary.
// 3. Each coder's new clips are shuffled and appended after the work they already have, so adding
//    recordings later never reorders a queue.
import { randomInt, shuffle, type RandomSource } from '../random';

export interface AssignableClip {
  readonly code: string;
  /** arm × timepoint (or any blocking key); never leaves this module except as counts. */
  readonly stratum: string;
}

export interface ExistingAssignment {
  readonly code: string;
  readonly coder: string;
  readonly position: number;
  readonly purpose: 'primary' | 'reliability';
  readonly stratum: string;
}

export interface PlannedAssignment {
  readonly code: string;
  readonly coder: string;
  readonly position: number;
  readonly purpose: 'primary' | 'reliability';
}

export interface AssignmentOptions {
  readonly coders: readonly string[];
  readonly doubleFraction: number;
  readonly random: RandomSource;
  readonly existing?: readonly ExistingAssignment[];
  /** Last queue position per coder over all their work (training or audit clips included). */
  readonly positionsAfter?: ReadonlyMap<string, number>;
}

function pickLeast<T>(random: RandomSource, items: readonly T[], ...keys: ((t: T) => number)[]): T {
  let best: T[] = [];
  let bestKey: number[] | null = null;
  for (const item of items) {
    const key = keys.map((k) => k(item));
    const cmp = bestKey === null ? -1 : key.reduce((acc, v, i) => (acc !== 0 ? acc : Math.sign(v - bestKey![i]!)), 0);
    if (cmp < 0) {
      best = [item];
      bestKey = key;
    } else if (cmp === 0) best.push(item);
  }
  return best[randomInt(random, best.length)]!;
}

/** Largest-remainder allocation of `total` over strata proportional to their sizes. */
export function apportion(sizes: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const n = [...sizes.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (n === 0) return out;
  const shares = [...sizes].map(([k, size]) => ({ k, size, exact: (total * size) / n }));
  for (const s of shares) out.set(s.k, Math.floor(s.exact));
  let left = total - [...out.values()].reduce((a, b) => a + b, 0);
  const byRemainder = [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || (a.k < b.k ? -1 : 1));
  for (const s of byRemainder) {
    if (left <= 0) break;
    if (out.get(s.k)! < s.size) {
      out.set(s.k, out.get(s.k)! + 1);
      left--;
    }
  }
  return out;
}

/** Moves reliability clips along shortest augmenting paths until loads differ by at most one. */
function rebalance(
  coders: readonly string[],
  chosen: readonly AssignableClip[],
  primary: ReadonlyMap<string, string>,
  reliability: Map<string, string>,
  count: Map<string, number>,
  random: RandomSource,
): void {
  for (let guard = 0; guard < chosen.length * coders.length; guard++) {
    const loads = coders.map((c) => count.get(c)!);
    const max = Math.max(...loads);
    const min = Math.min(...loads);
    if (max - min <= 1) return;
    const sources = coders.filter((c) => count.get(c) === max);
    const targets = new Set(coders.filter((c) => count.get(c) === min));
    // BFS from the most loaded coders; an edge u → v exists when some clip of u may go to v.
    const previous = new Map<string, { from: string; code: string }>();
    const queue = [...sources];
    const seen = new Set(sources);
    let reached: string | undefined;
    while (queue.length > 0 && !reached) {
      const u = queue.shift()!;
      const movable = chosen.filter((c) => reliability.get(c.code) === u);
      for (const v of coders) {
        if (seen.has(v)) continue;
        const candidates = movable.filter((c) => primary.get(c.code) !== v);
        if (candidates.length === 0) continue;
        previous.set(v, { from: u, code: candidates[randomInt(random, candidates.length)]!.code });
        seen.add(v);
        if (targets.has(v)) {
          reached = v;
          break;
        }
        queue.push(v);
      }
    }
    if (!reached) return; // no path: the primaries make a closer balance impossible
    for (let v = reached; previous.has(v); ) {
      const step = previous.get(v)!;
      reliability.set(step.code, v);
      count.set(v, count.get(v)! + 1);
      count.set(step.from, count.get(step.from)! - 1);
      v = step.from;
    }
  }
}

export function planAssignment(clips: readonly AssignableClip[], options: AssignmentOptions): PlannedAssignment[] {
  const { coders, random } = options;
  if (coders.length === 0) throw new RangeError('At least one coder is needed');
  if (new Set(coders).size !== coders.length) throw new RangeError('A coder is listed twice');
  if (!(options.doubleFraction >= 0 && options.doubleFraction <= 1)) throw new RangeError('The double-coding fraction must be between 0 and 1');
  if (options.doubleFraction > 0 && coders.length < 2) throw new RangeError('Double coding needs at least two coders');
  const existing = options.existing ?? [];
  const already = new Set(existing.map((e) => e.code));
  const fresh = [...clips].filter((c) => !already.has(c.code)).sort((a, b) => (a.code < b.code ? -1 : 1));

  const perStratum = new Map<string, Map<string, number>>();
  const total = new Map<string, number>(coders.map((c) => [c, 0]));
  const reliabilityCount = new Map<string, number>(coders.map((c) => [c, 0]));
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const stratumCount = (stratum: string, coder: string) => perStratum.get(stratum)?.get(coder) ?? 0;
  for (const e of existing) {
    if (!total.has(e.coder)) continue;
    if (!perStratum.has(e.stratum)) perStratum.set(e.stratum, new Map());
    bump(perStratum.get(e.stratum)!, e.coder);
    bump(total, e.coder);
    if (e.purpose === 'reliability') bump(reliabilityCount, e.coder);
  }

  const strata = new Map<string, AssignableClip[]>();
  for (const clip of fresh) strata.set(clip.stratum, [...(strata.get(clip.stratum) ?? []), clip]);
  const strataKeys = [...strata.keys()].sort();

  // 1. primary coders
  const primary = new Map<string, string>();
  for (const key of strataKeys) {
    if (!perStratum.has(key)) perStratum.set(key, new Map());
    for (const clip of shuffle(random, strata.get(key)!)) {
      const coder = pickLeast(random, coders, (c) => stratumCount(key, c), (c) => total.get(c)!);
      primary.set(clip.code, coder);
      bump(perStratum.get(key)!, coder);
      bump(total, coder);
    }
  }

  // 2. concealed reliability clips
  const reliability = new Map<string, string>();
  if (options.doubleFraction > 0) {
    const sizes = new Map(strataKeys.map((k) => [k, strata.get(k)!.length]));
    const quota = apportion(sizes, Math.round(options.doubleFraction * fresh.length));
    // Within each stratum, draw clips so the primary coders whose work is double-checked stay
    // balanced too: each draw takes a clip from the coder with the fewest clips drawn so far.
    const drawnFrom = new Map<string, number>(coders.map((c) => [c, 0]));
    const chosen: AssignableClip[] = [];
    for (const key of strataKeys) {
      let pool = shuffle(random, strata.get(key)!);
      for (let k = 0; k < (quota.get(key) ?? 0); k++) {
        const clip = pickLeast(random, pool, (c) => drawnFrom.get(primary.get(c.code)!)!);
        pool = pool.filter((c) => c !== clip);
        bump(drawnFrom, primary.get(clip.code)!);
        chosen.push(clip);
      }
    }
    // Deal second coders greedily (fewest reliability clips first, never the primary), then even
    // the load out along augmenting paths: a clip moves u → v only if v is not its primary coder.
    for (const clip of shuffle(random, chosen)) {
      const coder = pickLeast(random, coders.filter((c) => c !== primary.get(clip.code)), (c) => reliabilityCount.get(c)!, (c) => total.get(c)!);
      reliability.set(clip.code, coder);
      bump(reliabilityCount, coder);
    }
    rebalance(coders, chosen, primary, reliability, reliabilityCount, random);
    for (const coder of reliability.values()) bump(total, coder);
  }

  // 3. each coder's new work, shuffled, after what they already have
  const next = new Map<string, number>(coders.map((c) => [c, 0]));
  for (const e of existing) next.set(e.coder, Math.max(next.get(e.coder) ?? 0, e.position));
  for (const [coder, position] of options.positionsAfter ?? []) if (next.has(coder)) next.set(coder, Math.max(next.get(coder)!, position));
  const plan: PlannedAssignment[] = [];
  for (const coder of coders) {
    const mine = [
      ...fresh.filter((c) => primary.get(c.code) === coder).map((c) => ({ code: c.code, purpose: 'primary' as const })),
      ...fresh.filter((c) => reliability.get(c.code) === coder).map((c) => ({ code: c.code, purpose: 'reliability' as const })),
    ];
    let position = next.get(coder)!;
    for (const item of shuffle(random, mine)) plan.push({ code: item.code, coder, position: ++position, purpose: item.purpose });
  }
  return plan;
}

/**
 * Mixes a round's new clips into each coder's work not yet begun, so a queue never tells later waves
 * (often later timepoints) by their place at its end. Work already begun (a draft or a rating)
 * keeps its position; everything else of that coder is shuffled over the positions the two sets
 * hold between them. Returns the final position of every item it was given.
 */
export function interleaveQueues(
  untouched: readonly { readonly code: string; readonly coder: string; readonly position: number }[],
  plan: readonly PlannedAssignment[],
  random: RandomSource,
): Map<string, number> {
  const key = (code: string, coder: string) => `${coder}\u0000${code}`;
  const out = new Map<string, number>();
  const coders = [...new Set([...plan.map((p) => p.coder), ...untouched.map((u) => u.coder)])].sort();
  for (const coder of coders) {
    const items = [
      ...untouched.filter((u) => u.coder === coder).sort((a, b) => a.position - b.position),
      ...plan.filter((p) => p.coder === coder).sort((a, b) => a.position - b.position),
    ];
    const positions = items.map((i) => i.position).sort((a, b) => a - b);
    shuffle(random, items).forEach((item, i) => out.set(key(item.code, coder), positions[i]!));
  }
  return out;
}
