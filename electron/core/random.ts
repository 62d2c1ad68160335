// Seeded, reproducible randomness for sampling and shuffling. Computations take a RandomSource as an
// argument (never Math.random), so a published seed reproduces an audit sample exactly, and tests
// can script the stream.

import { createHmac } from 'node:crypto';

/** A stream of independent, uniformly distributed integers in [0, 2³²). */
export interface RandomSource {
  nextUint32(): number;
}

const UINT32_RANGE = 0x1_0000_0000;
const WORDS_PER_BLOCK = 8; // one SHA-256 output = 32 bytes = 8 × 32-bit words

/**
 * A deterministic CSPRNG: HMAC-SHA256 (RFC 2104) keyed by the seed, used as a PRF in counter mode
 * (as in NIST SP 800-108r1, §4.1, KDF in counter mode). Block i is
 *
 *   HMAC-SHA256(key = seed, message = len(context) as uint32 BE ‖ context ‖ i as uint64 BE)
 *
 * read as eight big-endian uint32 words. The same seed and context always give the same stream;
 * different contexts give independent streams from one seed (e.g. one per sampling round). Without
 * the seed the stream is unpredictable, so an auditor cannot foresee which sessions will be drawn.
 */
export function createSeededRandomSource(seed: string | Uint8Array, context = ''): RandomSource {
  const key = typeof seed === 'string' ? Buffer.from(seed, 'utf8') : Buffer.from(seed);
  if (key.length === 0) throw new RangeError('a random seed must not be empty');
  const contextBytes = Buffer.from(context, 'utf8');
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(contextBytes.length, 0);
  let counter = 0n;
  let block: Buffer = Buffer.alloc(0);
  let word = WORDS_PER_BLOCK;
  return {
    nextUint32(): number {
      if (word === WORDS_PER_BLOCK) {
        const counterBytes = Buffer.alloc(8);
        counterBytes.writeBigUInt64BE(counter, 0);
        counter += 1n;
        block = createHmac('sha256', key).update(prefix).update(contextBytes).update(counterBytes).digest();
        word = 0;
      }
      const value = block.readUInt32BE(word * 4);
      word += 1;
      return value;
    },
  };
}

/**
 * A uniform integer in [0, bound), 1 ≤ bound ≤ 2³². Unbiased by rejection: draws that fall in the
 * incomplete top block [2³² − (2³² mod bound), 2³²) are discarded and redrawn, so every residue is
 * equally likely (the method of OpenBSD's arc4random_uniform; see Lemire 2019, "Fast random integer
 * generation in an interval", ACM TOMACS 29(1):3, §2). Plain `x % bound` would favour small values.
 */
export function randomInt(random: RandomSource, bound: number): number {
  if (!(Number.isInteger(bound) && bound >= 1 && bound <= UINT32_RANGE)) {
    throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
  }
  const limit = UINT32_RANGE - (UINT32_RANGE % bound);
  for (;;) {
    const x = random.nextUint32();
    if (!(Number.isInteger(x) && x >= 0 && x < UINT32_RANGE)) {
      throw new RangeError(`RandomSource.nextUint32 returned ${x}, not an integer in [0, 2^32)`);
    }
    if (x < limit) return x % bound;
  }
}

/**
 * k items drawn uniformly without replacement, in draw order: the first k steps of the
 * Fisher–Yates shuffle (Durstenfeld 1964, CACM 7:420, Algorithm 235; Knuth, TAOCP vol. 2, 3rd ed.,
 * §3.4.2, Algorithm P), which makes every ordered k-subset equally likely. Input is not modified.
 */
export function sampleWithoutReplacement<T>(random: RandomSource, items: readonly T[], k: number): T[] {
  if (!(Number.isInteger(k) && k >= 0 && k <= items.length)) {
    throw new RangeError(`cannot draw ${k} of ${items.length} items`);
  }
  const pool = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(random, pool.length - i);
    const picked = pool[j] as T;
    pool[j] = pool[i] as T;
    pool[i] = picked;
  }
  return pool.slice(0, k);
}

/** A uniformly random permutation (full Fisher–Yates). Input is not modified. */
export function shuffle<T>(random: RandomSource, items: readonly T[]): T[] {
  return sampleWithoutReplacement(random, items, items.length);
}
