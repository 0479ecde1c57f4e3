// XXH64 (xxHash, 64-bit, seed 0) over bytes, in 32-bit halves: no BigInt in the loop, so hashing a
// column costs about as much as reading it. Written from the xxHash specification (doc/xxhash_spec.md:
// primes, 32-byte stripes of four lanes, 8/4/1-byte tail, avalanche); checked in the unit tests
// against the specification's empty-input value and a BigInt transcription of the same steps.

// The five 64-bit primes, as [high, low] 32-bit halves.
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;

// Results of the 64-bit helpers below, in a typed array: no allocation per operation (a module-level
// `let` holding a number beyond 2^31 would box it on every write).
const R = new Uint32Array(2);

/**
 * (ah, al) * (bh, bl) mod 2^64 → (R[0]!, R[1]!). The low halves' full product is built from two products
 * below 2^48 (exact doubles); the cross terms only matter mod 2^32 (Math.imul).
 */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const p0 = al * (bl & 0xffff);
  const p1 = al * (bl >>> 16);
  const lo = p0 + (p1 % 65536) * 65536;
  R[1]! = lo >>> 0;
  R[0]! = (Math.floor(lo / 4294967296) + Math.floor(p1 / 65536) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** (ah, al) + (bh, bl) mod 2^64 → (R[0]!, R[1]!). */
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  R[1]! = lo >>> 0;
  R[0]! = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** rotate left by r (0 < r < 64) → (R[0]!, R[1]!). */
function rotl(h: number, l: number, r: number): void {
  if (r >= 32) {
    const t = h;
    h = l;
    l = t;
    r -= 32;
  }
  if (r === 0) {
    R[0]! = h >>> 0;
    R[1]! = l >>> 0;
    return;
  }
  R[0]! = ((h << r) | (l >>> (32 - r))) >>> 0;
  R[1]! = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** round(acc, input) = rotl(acc + input * P2, 31) * P1 → (R[0]!, R[1]!). */
function round(acch: number, accl: number, inh: number, inl: number): void {
  mul(inh, inl, P2H, P2L);
  add(acch, accl, R[0]!, R[1]!);
  rotl(R[0]!, R[1]!, 31);
  mul(R[0]!, R[1]!, P1H, P1L);
}

/** (h ^ round(0, v)) * P1 + P4 → (R[0]!, R[1]!). */
function merge(hh: number, hl: number, vh: number, vl: number): void {
  round(0, 0, vh, vl);
  mul((hh ^ R[0]!) >>> 0, (hl ^ R[1]!) >>> 0, P1H, P1L);
  add(R[0]!, R[1]!, P4H, P4L);
}

const u32 = (b: Uint8Array, i: number): number => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** XXH64(bytes[0, n), seed 0) as [high, low] unsigned 32-bit halves, into `out`. */
export function xxh64(b: Uint8Array, n: number, out: Uint32Array): void {
  let i = 0;
  let hh: number;
  let hl: number;
  if (n >= 32) {
    // seed 0: v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1
    add(P1H, P1L, P2H, P2L);
    let v1h = R[0]!, v1l = R[1]!;
    let v2h = P2H, v2l = P2L;
    let v3h = 0, v3l = 0;
    add(~P1H >>> 0, ~P1L >>> 0, 0, 1);
    let v4h = R[0]!, v4l = R[1]!;
    while (i <= n - 32) {
      round(v1h, v1l, u32(b, i + 4), u32(b, i));
      v1h = R[0]!; v1l = R[1]!;
      round(v2h, v2l, u32(b, i + 12), u32(b, i + 8));
      v2h = R[0]!; v2l = R[1]!;
      round(v3h, v3l, u32(b, i + 20), u32(b, i + 16));
      v3h = R[0]!; v3l = R[1]!;
      round(v4h, v4l, u32(b, i + 28), u32(b, i + 24));
      v4h = R[0]!; v4l = R[1]!;
      i += 32;
    }
    rotl(v1h, v1l, 1);
    let ah = R[0]!, al = R[1]!;
    rotl(v2h, v2l, 7);
    add(ah, al, R[0]!, R[1]!);
    ah = R[0]!; al = R[1]!;
    rotl(v3h, v3l, 12);
    add(ah, al, R[0]!, R[1]!);
    ah = R[0]!; al = R[1]!;
    rotl(v4h, v4l, 18);
    add(ah, al, R[0]!, R[1]!);
    hh = R[0]!; hl = R[1]!;
    // merge each lane: h = (h ^ round(0, v)) * P1 + P4
    merge(hh, hl, v1h, v1l);
    merge(R[0]!, R[1]!, v2h, v2l);
    merge(R[0]!, R[1]!, v3h, v3l);
    merge(R[0]!, R[1]!, v4h, v4l);
    hh = R[0]!; hl = R[1]!;
  } else {
    hh = P5H;
    hl = P5L;
  }
  add(hh, hl, Math.floor(n / 4294967296), n >>> 0);
  hh = R[0]!; hl = R[1]!;
  while (i + 8 <= n) {
    round(0, 0, u32(b, i + 4), u32(b, i));
    rotl((hh ^ R[0]!) >>> 0, (hl ^ R[1]!) >>> 0, 27);
    mul(R[0]!, R[1]!, P1H, P1L);
    add(R[0]!, R[1]!, P4H, P4L);
    hh = R[0]!; hl = R[1]!;
    i += 8;
  }
  if (i + 4 <= n) {
    mul(0, u32(b, i), P1H, P1L);
    rotl((hh ^ R[0]!) >>> 0, (hl ^ R[1]!) >>> 0, 23);
    mul(R[0]!, R[1]!, P2H, P2L);
    add(R[0]!, R[1]!, P3H, P3L);
    hh = R[0]!; hl = R[1]!;
    i += 4;
  }
  while (i < n) {
    mul(0, b[i]!, P5H, P5L);
    rotl((hh ^ R[0]!) >>> 0, (hl ^ R[1]!) >>> 0, 11);
    mul(R[0]!, R[1]!, P1H, P1L);
    hh = R[0]!; hl = R[1]!;
    i++;
  }
  // avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
  hl = (hl ^ (hh >>> 1)) >>> 0;
  mul(hh, hl, P2H, P2L);
  hh = R[0]!; hl = R[1]!;
  hl = (hl ^ ((hl >>> 29) | (hh << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  mul(hh, hl, P3H, P3L);
  hh = R[0]!; hl = R[1]!;
  hl = (hl ^ hh) >>> 0;
  out[0] = hh;
  out[1] = hl;
}
