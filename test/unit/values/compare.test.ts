import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareDynamic, compareNumbers, compareScalars, compareStrings, scalarEquals } from '../../../src/values/compare.js';
import type { Scalar } from '../../../src/types.js';

const sorted = (xs: Scalar[], cmp: (a: Scalar, b: Scalar) => number) => [...xs].sort(cmp);

describe('compareScalars', () => {
  it('puts nulls first (KUSTO-SEMANTICS rule 20)', () => {
    expect(sorted([3, null, 1, null, 2], (a, b) => compareScalars('long', a, b))).toEqual([null, null, 1, 2, 3]);
    expect(sorted([2n, null, -1n], (a, b) => compareScalars('datetime', a, b))).toEqual([null, -1n, 2n]);
    expect(compareScalars('bool', null, null)).toBe(0);
  });

  it('orders strings ordinally, case-sensitive, by UTF-16 code units', () => {
    expect(sorted(['b', 'B', 'a', '', 'ä', 'A'], (a, b) => compareScalars('string', a, b))).toEqual(['', 'A', 'B', 'a', 'b', 'ä']);
    expect(compareStrings('\u{1F600}', '\uFFFF')).toBe(-1); // a surrogate pair sorts below U+FFFF
  });

  it('orders bools false < true and reals with NaN lowest (doubt: .NET CompareTo order)', () => {
    expect(sorted([true, false, null], (a, b) => compareScalars('bool', a, b))).toEqual([null, false, true]);
    expect(sorted([1, NaN, -Infinity, null, Infinity, -0], (a, b) => compareScalars('real', a, b)))
      .toEqual([null, NaN, -Infinity, -0, 1, Infinity]);
    expect(compareNumbers(NaN, NaN)).toBe(0);
    expect(compareNumbers(0, -0)).toBe(0);
  });

  it('is a consistent total order on reals', () => {
    const real = fc.oneof(fc.double(), fc.constant(null));
    fc.assert(fc.property(real, real, real, (a, b, c) => {
      const cmp = (x: Scalar, y: Scalar) => compareScalars('real', x, y);
      expect(Math.sign(cmp(a, b)) + Math.sign(cmp(b, a))).toBe(0);
      if (cmp(a, b) <= 0 && cmp(b, c) <= 0) expect(cmp(a, c)).toBeLessThanOrEqual(0);
    }));
  });
});

describe('compareDynamic', () => {
  it('ranks kinds null < bool < number < string < array < bag', () => {
    const xs: unknown[] = [{ a: 1 }, [1], 'x', 2, true, null];
    expect([...xs].sort(compareDynamic)).toEqual([null, true, 2, 'x', [1], { a: 1 }]);
  });
  it('orders arrays and bags structurally', () => {
    expect(compareDynamic([1, 2], [1, 3])).toBe(-1);
    expect(compareDynamic([1, 2], [1])).toBe(1);
    expect(compareDynamic({ a: 1 }, { b: 0 })).toBe(-1);
    expect(compareDynamic({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(0);
    expect(compareDynamic({ a: 2 }, { a: 1 })).toBe(1);
  });
  it('is antisymmetric and agrees with equality', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      expect(Math.sign(compareDynamic(a, b)) + Math.sign(compareDynamic(b, a))).toBe(0);
      if (scalarEquals('dynamic', a as Scalar, b as Scalar)) expect(compareDynamic(a, b)).toBe(0);
    }));
  });
});

describe('scalarEquals', () => {
  it('null never equals anything, itself included (KUSTO-SEMANTICS rule 6)', () => {
    expect(scalarEquals('long', null, null)).toBe(false);
    expect(scalarEquals('long', null, 0)).toBe(false);
    expect(scalarEquals('dynamic', null, null)).toBe(false);
  });
  it('compares by value', () => {
    expect(scalarEquals('string', '', '')).toBe(true); // strings are never null
    expect(scalarEquals('string', 'a', 'A')).toBe(false);
    expect(scalarEquals('datetime', 5n, 5n)).toBe(true);
    expect(scalarEquals('real', NaN, NaN)).toBe(false);
    expect(scalarEquals('dynamic', { a: [1] }, { a: [1] })).toBe(true);
  });
});
