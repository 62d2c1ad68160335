// Reading an H.264 NAL unit's payload bit by bit, as ITU-T H.264 §7.2 describes it: emulation
// prevention bytes removed (§7.4.1: 0x000003 → 0x0000), u(n), ue(v) and se(v) (§9.1), and the
// test that the payload ends exactly in rbsp_trailing_bits (§7.3.2.11) — a stop bit, zero bits to
// the byte boundary, and nothing after but zero bytes.

export class RbspError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RbspError';
  }
}

/** The RBSP of a NAL unit (its header byte dropped), emulation prevention bytes removed. */
export function rbspOf(nal: Buffer): Buffer {
  const out = Buffer.alloc(Math.max(0, nal.length - 1));
  let length = 0;
  let zeros = 0;
  for (let i = 1; i < nal.length; i++) {
    const byte = nal[i] as number;
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out[length++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, length);
}

export class BitReader {
  private bit = 0;
  /** Bit position just after the last 1 bit of the payload: where rbsp_trailing_bits' stop bit sits, plus one. */
  private readonly lastOne: number;

  constructor(private readonly data: Buffer) {
    let last = data.length - 1;
    while (last >= 0 && data[last] === 0) last--;
    const byte = last >= 0 ? (data[last] as number) : 0;
    let trailing = 0;
    while (last >= 0 && ((byte >> trailing) & 1) === 0) trailing++;
    this.lastOne = last >= 0 ? last * 8 + (8 - trailing) : 0;
  }

  get position(): number {
    return this.bit;
  }

  u(bits: number): number {
    let value = 0;
    for (let i = 0; i < bits; i++) {
      if (this.bit >= this.data.length * 8) throw new RbspError('the syntax runs past the end of the unit');
      value = value * 2 + (((this.data[this.bit >> 3] as number) >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  flag(): boolean {
    return this.u(1) === 1;
  }

  /** Exp-Golomb ue(v) (§9.1); at most 32 leading zeros (values below 2^32). */
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      if (++zeros > 32) throw new RbspError('an Exp-Golomb code is longer than 32 bits');
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  /** se(v) (§9.1.1): 1, −1, 2, −2, … for codeNum 1, 2, 3, 4, … */
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }

  /** more_rbsp_data() (§7.2): whether anything but rbsp_trailing_bits remains. */
  moreData(): boolean {
    return this.bit < this.lastOne - 1;
  }

  /** rbsp_trailing_bits(), and nothing after it but zero bytes. Throws RbspError otherwise. */
  trailingBits(): void {
    if (this.bit !== this.lastOne - 1) {
      throw new RbspError(this.bit < this.lastOne - 1 ? 'data follows the end of its syntax' : 'the unit ends without its stop bit');
    }
  }
}

/** A bounded count: a parse stops rather than loop over a crafted length. */
export function bounded(value: number, max: number, name: string): number {
  if (value > max) throw new RbspError(`${name} is ${value}, more than the ${max} H.264 allows`);
  return value;
}
