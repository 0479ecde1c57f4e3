// A small, fast seeded PRNG (sfc32, seeded through splitmix32) with the helpers the data generators use.

const HEX_CODE = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));
const CODES = new Uint8Array(128);
const ascii = new TextDecoder();

/**
 * One flat string from ASCII codes. Built this way rather than by `+` (the readable form), because
 * concatenation leaves trees of cons strings that cost several times the memory when millions of ids are
 * kept, and TextDecoder is the fastest flat builder measured (about 2x `String.fromCharCode.apply`).
 */
export function asciiString(codes: Uint8Array): string {
  return ascii.decode(codes);
}

/** Mixes a 32-bit value into a well-spread 32-bit value (splitmix32 finaliser). */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes a label into a 32-bit stream id, so `rng.fork('alerts')` is stable across code changes elsewhere. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Deterministic random numbers: the same seed always yields the same sequence. Not for cryptography. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.a = mix32(this.seed);
    this.b = mix32(this.a);
    this.c = mix32(this.b);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** An independent stream derived from this generator's seed and a label (does not advance this one). */
  fork(label: string): Rng {
    return new Rng(mix32(this.seed ^ hashLabel(label)));
  }

  /** A uniform 32-bit unsigned integer (sfc32). */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `n` lowercase hex digits, as one flat string. */
  hex(n: number): string {
    const codes = n <= CODES.length ? CODES.subarray(0, n) : new Uint8Array(n);
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 7) === 0) bits = this.u32();
      codes[i] = HEX_CODE[(bits >>> ((i & 7) << 2)) & 15] as number;
    }
    return asciiString(codes);
  }

  /** A random version-4 GUID, lowercase, in the canonical 8-4-4-4-12 form, as one flat string. */
  guid(): string {
    const codes = CODES.subarray(0, 36);
    let bits = 0;
    let nibble = 0;
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        codes[i] = 45; // '-'
        continue;
      }
      if ((nibble & 7) === 0) bits = this.u32();
      let v = (bits >>> ((nibble & 7) << 2)) & 15;
      nibble++;
      if (i === 14) v = 4; // version 4
      else if (i === 19) v = 8 | (v & 3); // variant 10xx
      codes[i] = HEX_CODE[v] as number;
    }
    return asciiString(codes);
  }
}

/**
 * Picks from weighted entries in O(log n); build once, call per row.
 * `weighted([['a', 3], ['b', 1]])(rng)` returns 'a' three times as often as 'b'.
 */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    if (!(weight > 0)) continue;
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  if (values.length === 0) throw new RangeError('weighted() needs at least one positive weight');
  return (rng: Rng): T => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return values[lo] as T;
  };
}
