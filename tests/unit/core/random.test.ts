import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RandomSource } from '../../../electron/core/random';
import {
  createSeededRandomSource,
  randomInt,
  sampleWithoutReplacement,
  shuffle,
} from '../../../electron/core/random';

function take(source: RandomSource, count: number): number[] {
  return Array.from({ length: count }, () => source.nextUint32());
}

function scripted(values: readonly number[]): RandomSource {
  let i = 0;
  return {
    nextUint32: () => {
      const v = values[i++];
      if (v === undefined) throw new Error('script exhausted');
      return v;
    },
  };
}

/** Pearson's χ² statistic of observed counts against equal expected counts. */
function chiSquare(observed: readonly number[]): number {
  const total = observed.reduce((s, v) => s + v, 0);
  const expected = total / observed.length;
  return observed.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
}

// Upper 0.1% points of χ²: df 2 → 13.82, df 5 → 20.52, df 9 → 27.88. With fixed seeds these tests
// are deterministic; the thresholds only guard against a gross bias being introduced.
const CHI2_999 = { 2: 13.82, 5: 20.52, 9: 27.88 } as const;

describe('createSeededRandomSource (HMAC-SHA256 counter mode)', () => {
  it('is deterministic for a seed', () => {
    expect(take(createSeededRandomSource('trial-2025'), 50)).toEqual(take(createSeededRandomSource('trial-2025'), 50));
    expect(take(createSeededRandomSource(new Uint8Array([1, 2, 3])), 20)).toEqual(
      take(createSeededRandomSource(new Uint8Array([1, 2, 3])), 20),
    );
  });

  it('gives different streams for different seeds and contexts', () => {
    const a = take(createSeededRandomSource('trial-2025'), 16);
    expect(take(createSeededRandomSource('trial-2026'), 16)).not.toEqual(a);
    expect(take(createSeededRandomSource('trial-2025', 'round 2'), 16)).not.toEqual(a);
  });

  it('matches the specified construction: HMAC(seed, len(context) ‖ context ‖ counter)', () => {
    const block = (counter: number, context: string): Buffer => {
      const c = Buffer.from(context, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(c.length, 0);
      const counterBytes = Buffer.alloc(8);
      counterBytes.writeBigUInt64BE(BigInt(counter), 0);
      return createHmac('sha256', 'seed').update(Buffer.concat([length, c, counterBytes])).digest();
    };
    const words = (b: Buffer): number[] => Array.from({ length: 8 }, (_, i) => b.readUInt32BE(i * 4));
    expect(take(createSeededRandomSource('seed'), 16)).toEqual([...words(block(0, '')), ...words(block(1, ''))]);
    expect(take(createSeededRandomSource('seed', 'fidelity'), 8)).toEqual(words(block(0, 'fidelity')));
  });

  it('refuses an empty seed', () => {
    expect(() => createSeededRandomSource('')).toThrow(RangeError);
  });

  it('produces uint32 values', () => {
    for (const v of take(createSeededRandomSource('range'), 1000)) {
      expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    }
  });
});

describe('randomInt', () => {
  it('rejects draws from the incomplete top block instead of folding them in', () => {
    // bound 3: 2³² mod 3 = 1, so only 2³² − 1 is rejected.
    expect(randomInt(scripted([2 ** 32 - 1, 7]), 3)).toBe(1);
    // bound 3·2³⁰: the top quarter of the range is rejected.
    expect(randomInt(scripted([3 * 2 ** 30, 2 ** 32 - 1, 5]), 3 * 2 ** 30)).toBe(5);
  });

  it('handles the extreme bounds', () => {
    expect(randomInt(scripted([123]), 1)).toBe(0);
    expect(randomInt(scripted([2 ** 32 - 1]), 2 ** 32)).toBe(2 ** 32 - 1);
  });

  it('rejects bad bounds and bad sources', () => {
    expect(() => randomInt(scripted([1]), 0)).toThrow(RangeError);
    expect(() => randomInt(scripted([1]), 2.5)).toThrow(RangeError);
    expect(() => randomInt(scripted([1]), 2 ** 32 + 1)).toThrow(RangeError);
    expect(() => randomInt(scripted([-1]), 6)).toThrow(RangeError);
    expect(() => randomInt(scripted([0.5]), 6)).toThrow(RangeError);
  });

  it('is uniform for a small bound (χ², 60,000 draws)', () => {
    const random = createSeededRandomSource('dice');
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[randomInt(random, 6)]! += 1;
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[5]);
  });

  it('is uniform where plain modulo would be badly biased (bound 3·2³⁰)', () => {
    // x % (3·2³⁰) on raw uint32s would put half of all draws in the first third.
    const random = createSeededRandomSource('thirds');
    const thirds = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) thirds[Math.floor(randomInt(random, 3 * 2 ** 30) / 2 ** 30)]! += 1;
    expect(chiSquare(thirds)).toBeLessThan(CHI2_999[2]);
  });
});

describe('shuffle and sampleWithoutReplacement', () => {
  it('makes all 6 orderings of 3 items equally likely (χ²)', () => {
    const random = createSeededRandomSource('permutations');
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = shuffle(random, ['a', 'b', 'c']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()])).toBeLessThan(CHI2_999[5]);
  });

  it('includes each item with probability k/n (χ², 3 of 10)', () => {
    const random = createSeededRandomSource('inclusion');
    const items = Array.from({ length: 10 }, (_, i) => i);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const picked = sampleWithoutReplacement(random, items, 3);
      expect(new Set(picked).size).toBe(3);
      for (const p of picked) counts[p]! += 1;
    }
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[9]);
  });

  it('does not modify its input and handles k = 0 and k = n', () => {
    const items = Object.freeze([1, 2, 3, 4]);
    const random = createSeededRandomSource('edges');
    expect(sampleWithoutReplacement(random, items, 0)).toEqual([]);
    expect(sampleWithoutReplacement(random, items, 4).sort()).toEqual([1, 2, 3, 4]);
    expect(shuffle(random, [])).toEqual([]);
    expect(items).toEqual([1, 2, 3, 4]);
  });

  it('refuses to draw more than there are', () => {
    expect(() => sampleWithoutReplacement(createSeededRandomSource('x'), [1, 2], 3)).toThrow(RangeError);
    expect(() => sampleWithoutReplacement(createSeededRandomSource('x'), [1, 2], -1)).toThrow(RangeError);
  });
});
