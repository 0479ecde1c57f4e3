// hash() and hash_xxhash64(): XXH64 (seed 0) of a value's bytes, as an exact 64-bit long.
//
// hash-function.md: "The function calculates hashes using the xxhash64 algorithm"; its examples pin
// the bytes for two types — a string hashes its UTF-8 bytes (hash("World") = 1846988464401551951)
// and a datetime its .NET ticks (since 0001-01-01) as 8 little-endian bytes
// (hash(datetime("2015-01-01")) = 1380966698541616202). Doubt (undocumented, chosen to match those):
// long, timespan → the 8 little-endian bytes of the integer; int → 4; real, decimal → the IEEE 754
// double's 8 bytes; bool → one byte 0/1; guid → the 16 bytes of .NET's Guid.ToByteArray(). A dynamic value
// is refused, as the analyzer's catalog refuses it (hash_combine, which takes any scalar, hashes one as the
// UTF-8 of its JSON text). The docs recommend hash() only within one query, so only equal inputs giving
// equal hashes matters there.
//
// hash(x, mod): "the output value is between 0 and mod - 1": the hash read as an unsigned 64-bit
// integer, modulo mod (hash("World", 100) = 51). Doubt: a mod ≤ 0 gives null.
//
// hash_combine and hash_many: the docs give their values (hash_combine(hash("Hello"), hash("World")) =
// -1440138333540407281, and hash_many("Hello", "World") the same, so hash_many is hash_combine over hash())
// but not the combining formula, and none of the usual ones yields that value. Checked with exact 64-bit
// arithmetic (session 4), both argument orders each:
//  - a*k + b, a*k ^ b, (a ^ b)*k, (a + b)*k, (k + a)*k + b, (17k + a)*k + b for k in 17, 31, 33, 37, 397,
//    486187739, 1000003, 16777619, 0x100000001b3, 0x9e3779b97f4a7c15 and XXH64's five primes (solving
//    a*k + b = result for k gives no recognisable constant either);
//  - boost's seed ^= h + 0x9e3779b9 (or 0x9e3779b97f4a7c15) + (seed << 6) + (seed >> 2), from seed 0 or h1,
//    signed and unsigned shifts; boost 1.81's hash_mix combine; .NET Tuple's ((a << 5) + a) ^ b, rotl(a, 5);
//  - XXH64 of the two hashes' 16 bytes (little and big endian, seeds 0, 1, 17, 31, PRIME64_1), of one hash
//    seeded with the other, of their decimal text with separators (UTF-8 and UTF-16); XXH64's round and
//    merge-round steps; XXH3-64 of the 16 bytes; CityHash's Hash128to64, MurmurHash64A's mixing step (with
//    and without its finalizer), Murmur3's fmix64 and XXH64's avalanche around xor / sum;
//  - a 2025-way grid: each hash first transformed (identity, XXH64 of its bytes or text, fmix64, avalanche,
//    a round, times a prime), combined (xor, +, -, 31*, tuple, boost, merge, round, XXH64, rotations),
//    and the result transformed again, also as a fold from seeds 0, 1, 17, PRIME64_5, FNV's offset.
// The catalog's hidden __hash_many_crc32 suggests a CRC-based variant exists as well; CRC-64 (ECMA, ISO,
// Jones, NVMe polynomials, either bit order) of the 16 bytes does not give it either (session 7).
// So this engine combines with a formula of its own: XXH64 of the arguments' 64-bit values, 8
// little-endian bytes each, in order. hash-many-function.md warns that the algorithm "may change" and
// recommends the functions only "within a single query where all invocations of the function will use
// the same algorithm"; what such a query relies on holds here (equal arguments give equal hashes, the
// order matters, hash_many(a, b) = hash_combine(hash(a), hash(b))), but the values differ from Kusto's
// (README, Known differences).
import type { KqlType, Scalar } from '../../types.js';
import { MIN_DATETIME_TICKS } from '../../values/datetime.js';
import { stringifyDynamic } from '../../values/dynamic.js';
import { boxLong, longToBigInt } from '../../values/long.js';
import { xxh64 } from '../../values/xxhash64.js';
import { defineScalar, INTEGER, p, type RowFn, type ScalarFunctionDef } from '../define.js';

let buf = new Uint8Array(256);
const encoder = new TextEncoder();
const view = () => new DataView(buf.buffer);
let dv = view();
const OUT = new Uint32Array(2);

function ensure(n: number): void {
  if (buf.length < n) {
    buf = new Uint8Array(Math.max(n, buf.length * 2));
    dv = view();
  }
}

/** UTF-8 of a string into buf → its byte count. */
function utf8(s: string): number {
  // ASCII (the usual case) byte by byte; anything else through TextEncoder
  const n = s.length;
  ensure(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      ensure(n * 3);
      return encoder.encodeInto(s, buf).written;
    }
    buf[i] = c;
  }
  return n;
}

/** A 64-bit integer's little-endian bytes into buf → 8. */
function int64(x: bigint | number): number {
  dv.setBigInt64(0, BigInt.asIntN(64, typeof x === 'bigint' ? x : longToBigInt(x)), true);
  return 8;
}

/** A guid's bytes as .NET's Guid.ToByteArray orders them (first three groups little-endian). */
function guidBytes(g: string): number {
  const hex = g.replace(/-/g, '');
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  for (let k = 0; k < 16; k++) buf[k] = Number.parseInt(hex.slice(order[k]! * 2, order[k]! * 2 + 2), 16);
  return 16;
}

/** The bytes hashed for a non-null value of type t, written into buf → their count. */
function bytesOf(t: KqlType, v: Scalar): number {
  switch (t) {
    case 'string':
      return utf8(v as string);
    case 'datetime':
      return int64((v as bigint) - MIN_DATETIME_TICKS);
    case 'long':
    case 'timespan':
      return int64(v as number | bigint);
    case 'int':
      dv.setInt32(0, v as number, true);
      return 4;
    case 'real':
    case 'decimal':
      dv.setFloat64(0, Number(v), true); // a decimal no double holds: its nearest double
      return 8;
    case 'bool':
      buf[0] = v ? 1 : 0;
      return 1;
    case 'guid':
      return guidBytes(v as string);
    case 'dynamic':
      return utf8(typeof v === 'string' ? JSON.stringify(v) : stringifyDynamic(v));
  }
}

/** The last XXH64 as a signed long, boxed (values/long.ts). */
function signedResult(): number | bigint {
  const hi = OUT[0]! | 0;
  const lo = OUT[1]!;
  if (hi > -2097153 && hi < 2097152) {
    const x = hi * 4294967296 + lo;
    if (Number.isSafeInteger(x)) return x;
  }
  return boxLong((BigInt(hi) << 32n) + BigInt(lo));
}

/** The last XXH64 as unsigned, modulo m (m > 0). */
function unsignedMod(m: number | bigint): number | bigint {
  const hi = OUT[0]!;
  const lo = OUT[1]!;
  if (typeof m === 'number' && m <= 2097152) return ((hi % m) * 4294967296 + lo) % m; // below 2^53 throughout
  return boxLong(((BigInt(hi) << 32n) + BigInt(lo)) % longToBigInt(m));
}

function hashDef(name: string, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    exactLong: true,
    // the analyzer's catalog: any scalar but dynamic
    signatures: [{ params: [p('source', ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid']), p('mod', INTEGER, { optional: true })], returns: 'long' }],
    doc: 'The xxhash64 hash of a value as a long; with mod, the unsigned hash modulo mod (0 to mod - 1).',
    example,
    implement: (args) => {
      const t = args[0]!.type;
      // strings are never null in KQL: '' hashes as zero bytes; a null of another type gives null
      const hash = (v: Scalar): boolean => {
        if (v === null) {
          if (t !== 'string') return false;
          v = '';
        }
        xxh64(buf, bytesOf(t, v), OUT);
        return true;
      };
      const fn: RowFn =
        args.length === 1
          ? (v) => (hash(v) ? signedResult() : null)
          : (v, m) => {
              if (m === null || (m as number | bigint) <= 0) return null;
              return hash(v) ? unsignedMod(m as number | bigint) : null;
            };
      return { kind: 'row', fn, nullPropagating: false };
    },
  });
}

const hash = hashDef('hash', `print a = hash("World"), b = hash("World", 100), c = hash(datetime("2015-01-01"))`);
const hashXxhash64 = hashDef('hash_xxhash64', `print a = hash_xxhash64("World"), b = hash_xxhash64("World", 100)`);

/** One argument's 64-bit value for hash_combine: an int or long itself; any other value its hash(). */
function combineInput(t: KqlType, v: Scalar): bigint | null {
  if (t === 'long' || t === 'int') return typeof v === 'bigint' ? v : longToBigInt(v as number);
  if (v === null) {
    if (t !== 'string') return null;
    v = '';
  }
  xxh64(buf, bytesOf(t, v), OUT);
  return (BigInt(OUT[0]!) << 32n) | BigInt(OUT[1]!);
}

/** XXH64 of the values' little-endian bytes, as a signed long; null when any value is null. */
function combine(values: (bigint | null)[]): Scalar {
  ensure(values.length * 8);
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    if (x === null || x === undefined) return null;
    dv.setBigInt64(k * 8, BigInt.asIntN(64, x), true);
  }
  xxh64(buf, values.length * 8, OUT);
  return signedResult();
}

const hashCombine = defineScalar({
  name: 'hash_combine',
  exactLong: true,
  // the analyzer's catalog: hash_combine(source: scalar, ...), 2 to 32767 arguments, returns long
  signatures: [{ params: [p('h1', 'any'), p('h2', 'any', { repeatable: true })], returns: 'long' }],
  doc: "Combines hash values (longs; another value counts as its hash()) into one long; order matters. Not Kusto's formula (unpublished): same-query use only, as the docs advise.",
  example: `print h = hash_combine(hash("Hello"), hash("World"))`,
  implement: (args) => {
    const types = args.map((a) => a.type);
    const fn: RowFn = (...vs) => combine(vs.map((v, k) => (v === null ? null : combineInput(types[k]!, v))));
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const hashMany = defineScalar({
  name: 'hash_many',
  exactLong: true,
  // the analyzer's catalog: hash_many(source: scalar but not dynamic, ...), 1 to 32767 arguments
  signatures: [{ params: [p('source', ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid'], { repeatable: true })], returns: 'long' }],
  doc: "hash_combine of the hash() of each value (hash-many-function.md); a null that is not a string gives null. Not Kusto's values (formula unpublished).",
  example: `print h = hash_many("Hello", "World")`,
  implement: (args) => {
    const types = args.map((a) => a.type);
    const fn: RowFn = (...vs) => {
      const hs: (bigint | null)[] = [];
      for (let k = 0; k < vs.length; k++) {
        let v = vs[k]!;
        if (v === null) {
          if (types[k] !== 'string') return null;
          v = '';
        }
        xxh64(buf, bytesOf(types[k]!, v), OUT);
        hs.push((BigInt(OUT[0]!) << 32n) | BigInt(OUT[1]!));
      }
      return combine(hs);
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

export const hashFunctions: ScalarFunctionDef[] = [hash, hashXxhash64, hashCombine, hashMany];
