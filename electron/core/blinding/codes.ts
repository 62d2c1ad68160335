// Opaque clip codes: random, non-sequential, from an alphabet without look-alikes (no 0/O, 1/I/L,
// no U), so a code read aloud or copied by hand is not mistaken. 8 symbols of 30 ≈ 39 bits.
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newClipCode(taken: ReadonlySet<string>, draw: (max: number) => number = randomInt): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    let raw = '';
    for (let i = 0; i < 8; i++) raw += CODE_ALPHABET[draw(CODE_ALPHABET.length)];
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    if (!taken.has(code)) return code;
  }
  throw new Error('Could not find an unused clip code');
}
