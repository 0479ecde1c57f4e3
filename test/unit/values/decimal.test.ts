// Exact decimals (values/decimal.ts) and the decimal vector sidecar (exec/vector.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  boxDec, compareDecBoxes, decAdd, decDiv, decFromDouble, decFromText, decMul, decSub, decToString, parseDecimalText, unboxDec,
} from '../../../src/values/decimal.js';
import { formatDecimal } from '../../../src/values/real.js';
import { allocVector, broadcast, concatSelected, gather, getScalar, setScalar, type DecimalVector } from '../../../src/exec/vector.js';

const d = (s: string) => parseDecimalText(s)!;

describe('decimal values', () => {
  it('parse number text exactly and print canonical digits', () => {
    expect(decToString(d('1.2345678901234567890123'))).toBe('1.2345678901234567890123');
    expect(decToString(d('-.5'))).toBe('-0.5');
    expect(decToString(d('1e5'))).toBe('100000');
    expect(decToString(d('1.50'))).toBe('1.5');
    expect(decToString(d('-0.0'))).toBe('0');
    expect(decToString(d('1.5E-3'))).toBe('0.0015');
    expect(parseDecimalText('1,5')).toBeNull();
    expect(parseDecimalText('')).toBeNull();
    expect(parseDecimalText('.')).toBeNull();
    expect(parseDecimalText('1e39')).toBeNull(); // 40 integer digits: beyond SqlDecimal's 38
    expect(decToString(d('1e-39'))).toBe('0'); // at most 38 fraction digits
    expect(decToString(d('5e-38'))).toBe('0.00000000000000000000000000000000000005');
    expect(decToString(decMul(d('1e-30'), d('1e-30'))!)).toBe('0');
  });

  it('box as numbers when a double has the same shortest digits, else as the digits', () => {
    expect(boxDec(d('0.1'))).toBe(0.1);
    expect(boxDec(d('100000000000000000000'))).toBe(1e20);
    expect(boxDec(d('0.30000000000000000001'))).toBe('0.30000000000000000001');
    expect(boxDec(d('9007199254740993'))).toBe('9007199254740993');
    expect(decFromText('-0')).toBe(0);
    expect(Object.is(decFromText('-0'), -0)).toBe(false);
  });

  it('convert doubles with 15 significant digits, as .NET does', () => {
    expect(decFromDouble(0.1 + 0.2)).toBe(0.3);
    expect(decFromDouble(1 / 3)).toBe(0.333333333333333);
    expect(decFromDouble(NaN)).toBeNull();
    expect(decFromDouble(Infinity)).toBeNull();
  });

  it('add, subtract and multiply exactly; divide with SqlDecimal scale', () => {
    expect(decToString(decAdd(d('0.1'), d('0.2'))!)).toBe('0.3');
    expect(decToString(decSub(d('1'), d('0.00000000000000000001'))!)).toBe('0.99999999999999999999');
    expect(decToString(decMul(d('1.1'), d('1.1'))!)).toBe('1.21');
    expect(decToString(decDiv(d('1'), d('3'))!)).toBe('0.333333');
    expect(decToString(decDiv(d('10'), d('4'))!)).toBe('2.5');
    expect(decDiv(d('1'), d('0'))).toBeNull();
    expect(decMul(d('1e20'), d('1e20'))).toBeNull();
  });

  it('agrees with BigInt arithmetic on integers (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (a, b) => {
      const x = { m: a, s: 0 };
      const y = { m: b, s: 0 };
      expect(decToString(decAdd(x, y)!)).toBe(String(a + b));
      expect(decToString(decMul(x, y)!)).toBe(String(a * b));
      expect(Math.sign(compareDecBoxes(boxDec(x), boxDec(y)))).toBe(a < b ? -1 : a > b ? 1 : 0);
    }), { seed: 7, numRuns: 300 });
  });

  it('read a number box as its shortest round-trip digits (property)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const viaText = parseDecimalText(formatDecimal(x));
      const got = unboxDec(x);
      expect(got === null ? null : decToString(got)).toBe(viaText === null ? null : decToString(viaText));
    }), { seed: 11, numRuns: 500 });
  });

  it('order number and digit boxes exactly', () => {
    expect(compareDecBoxes(0.3, '0.30000000000000000001')).toBe(-1);
    expect(compareDecBoxes('0.30000000000000000001', 0.3)).toBe(1);
    expect(compareDecBoxes(0.1, 0.1)).toBe(0);
    expect(unboxDec(1e21)).toEqual({ m: 10n ** 21n, s: 0 });
  });
});

describe('decimal vectors', () => {
  it('keep exact digits in a sidecar through set, gather, concat and broadcast', () => {
    const v = allocVector('decimal', 3) as DecimalVector;
    setScalar(v, 0, 0.5);
    setScalar(v, 1, '0.30000000000000000001');
    setScalar(v, 2, null);
    expect(getScalar(v, 1)).toBe('0.30000000000000000001');
    expect(v.data[1]).toBeCloseTo(0.3);
    const g = gather(v, [1, 0, -1]);
    expect([getScalar(g, 0), getScalar(g, 1), getScalar(g, 2)]).toEqual(['0.30000000000000000001', 0.5, null]);
    const c = concatSelected('decimal', [v, v], [new Int32Array([1]), null], [3, 3]);
    expect([getScalar(c, 0), getScalar(c, 1), getScalar(c, 2)]).toEqual(['0.30000000000000000001', 0.5, '0.30000000000000000001']);
    setScalar(v, 1, 2);
    expect(getScalar(v, 1)).toBe(2);
    const b = broadcast({ kind: 'const', type: 'decimal', value: '1.2345678901234567890123' }, 2);
    expect(getScalar(b, 1)).toBe('1.2345678901234567890123');
  });
});

describe('decimal columns loaded with addTable', () => {
  it('keep the exact digits of text, read numbers as their shortest digits, refuse what is not a decimal', async () => {
    const { Database } = await import('../../../src/index.js');
    const db = new Database();
    // hand: text keeps all 22 fraction digits; 0.1 (a JS number) is 0.1; a bigint is exact
    db.addTable('T', [{ d: '1.2345678901234567890123' }, { d: 0.1 }, { d: 12345678901234567890n }, { d: null }], { d: 'decimal' });
    const r = await db.query('T | extend t = d * 2');
    expect(r.toJSON().rows).toEqual([
      ['1.2345678901234567890123', '2.4691357802469135780246'],
      [0.1, 0.2],
      ['12345678901234567890', '24691357802469135780'],
      [null, null],
    ]);
    expect(() => db.addTable('U', [{ d: NaN }], { d: 'decimal' })).toThrow(/decimal/);
    expect(() => db.addTable('U', [{ d: '1,5' }], { d: 'decimal' })).toThrow(/decimal/);
  });
});
