// Exact 64-bit longs (values/long.ts) and XXH64 (values/xxhash64.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxLong, compareLongs, longArith, parseLongText } from '../../../src/values/long.js';
import { xxh64 } from '../../../src/values/xxhash64.js';
import { allocVector, gather, getScalar, setScalar, type LongVector } from '../../../src/exec/vector.js';

const hex = (s: string) => {
  const b = new TextEncoder().encode(s);
  const out = new Uint32Array(2);
  xxh64(b, b.length, out);
  return out[0]!.toString(16).padStart(8, '0') + out[1]!.toString(16).padStart(8, '0');
};

describe('xxh64', () => {
  it('gives the published XXH64 values (seed 0)', () => {
    // the xxHash specification's empty-input value and widely published test vectors
    expect(hex('')).toBe('ef46db3751d8e999');
    expect(hex('a')).toBe('d24ec4f1a98c6e5b');
    expect(hex('abc')).toBe('44bc2cf5ad770999');
    expect(hex('Nobody inspects the spammish repetition')).toBe('fbcea83c8a378bf1'); // > 32 bytes: the stripe loop
  });
});

describe('long values', () => {
  it('box as numbers while safe and as bigints beyond 2^53', () => {
    expect(boxLong(9007199254740991n)).toBe(9007199254740991);
    expect(boxLong(9007199254740992n)).toBe(9007199254740992n);
    expect(boxLong(-9007199254740992n)).toBe(-9007199254740992n);
  });

  it('wrap on overflow and keep Kusto modulo non-negative', () => {
    expect(longArith('+', 2n ** 63n - 1n, 1n)).toBe(-(2n ** 63n));
    expect(longArith('*', 2n ** 62n, 2n)).toBe(-(2n ** 63n));
    expect(longArith('/', 7n, 0n)).toBeNull();
    expect(longArith('/', -7n, 2n)).toBe(-3);
    expect(longArith('%', -14n, 12n)).toBe(10); // numerical-operators.md
  });

  it('agree with BigInt arithmetic over the whole range', () => {
    const big = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);
    fc.assert(
      fc.property(big, big, (a, b) => {
        expect(longArith('+', a, b)).toBe(boxLong(BigInt.asIntN(64, a + b)));
        expect(compareLongs(boxLong(a), boxLong(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { seed: 64, numRuns: 300 },
    );
  });

  it('parse integer text exactly', () => {
    expect(parseLongText(' 9223372036854775807 ', -(2n ** 63n), 2n ** 63n - 1n)).toBe(9223372036854775807n);
    expect(parseLongText('9223372036854775808', -(2n ** 63n), 2n ** 63n - 1n)).toBeNull();
    expect(parseLongText('0x7fffffffffffffff', -(2n ** 63n), 2n ** 63n - 1n)).toBe(9223372036854775807n);
    expect(parseLongText('12', -(2n ** 63n), 2n ** 63n - 1n)).toBe(12);
  });

  it('survive a vector round trip, gather included', () => {
    const v = allocVector('long', 3) as LongVector;
    setScalar(v, 0, 9007199254740993n);
    setScalar(v, 1, 5);
    setScalar(v, 2, -(2n ** 63n));
    expect(v.data[0]).toBe(9007199254740992); // the double every kernel reads
    const g = gather(v, [2, 0, 1, -1]);
    expect([0, 1, 2, 3].map((i) => getScalar(g, i))).toEqual([-(2n ** 63n), 9007199254740993n, 5, null]);
  });
});
