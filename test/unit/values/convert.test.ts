import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  convertTo,
  INT_RANGE,
  LONG_RANGE,
  parseBoolText,
  parseGuidLenient,
  parseIntegerText,
  parseRealText,
  toStringValue,
} from '../../../src/values/convert.js';
import { MAX_DATETIME_TICKS, MIN_DATETIME_TICKS, parseDateTime } from '../../../src/values/datetime.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_SECOND } from '../../../src/types.js';
import type { KqlType, Scalar } from '../../../src/types.js';

const dt = (s: string) => parseDateTime(s)!;

describe('toStringValue', () => {
  it('prints each type', () => {
    expect(toStringValue('long', 123)).toBe('123'); // tostring-function.md: tostring(123)
    expect(toStringValue('int', -7)).toBe('-7');
    // .NET spelling, measured on the emulator (duckdb-kql test_tostring.py) — not `true`/`false`
    expect(toStringValue('bool', true)).toBe('True');
    expect(toStringValue('bool', false)).toBe('False');
    expect(toStringValue('real', 1.5)).toBe('1.5');
    expect(toStringValue('real', 1)).toBe('1');
    expect(toStringValue('real', NaN)).toBe('NaN');
    expect(toStringValue('decimal', 1e20)).toBe('100000000000000000000');
    expect(toStringValue('datetime', dt('2020-01-02'))).toBe('2020-01-02T00:00:00.0000000Z'); // rule 17
    expect(toStringValue('timespan', 3 * TICKS_PER_HOUR)).toBe('03:00:00'); // test_tostring.py
    expect(toStringValue('guid', '01234567-89ab-cdef-0123-456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(toStringValue('dynamic', true)).toBe('true'); // a dynamic bool prints lowercase (test_tostring.py)
    expect(toStringValue('dynamic', 'x')).toBe('x');
    expect(toStringValue('string', 'true')).toBe('true');
  });

  it('prints null as the empty string for every type (tostring-function.md; test_tostring.py)', () => {
    for (const t of ['bool', 'int', 'long', 'real', 'decimal', 'datetime', 'timespan', 'guid', 'dynamic'] as KqlType[])
      expect(toStringValue(t, null)).toBe('');
    expect(convertTo('string', 'long', null)).toBe('');
  });
});

describe('integer conversions (duckdb-kql test_type_conversions.py, measured on the emulator)', () => {
  it('reads strings in integer syntax only', () => {
    const rows: [string, number | null, number | null, number | null][] = [
      // text, tolong, toint, todouble
      ['5.7', null, null, 5.7],
      ['1e3', null, null, 1000],
      [' 7 ', 7, 7, 7],
      ['-3', -3, -3, -3],
      ['0x10', 16, 16, null],
      ['1,000', null, null, null],
      ['+4', 4, 4, 4],
      ['', null, null, null],
      ['9999999999', 9999999999, null, 9999999999],
      ['5.', null, null, 5],
    ];
    for (const [s, l, i, d] of rows) {
      expect(convertTo('long', 'string', s), `tolong(${s})`).toBe(l);
      expect(convertTo('int', 'string', s), `toint(${s})`).toBe(i);
      expect(convertTo('real', 'string', s), `todouble(${s})`).toBe(d);
    }
    expect(convertTo('long', 'string', '123')).toBe(123); // tolong-function.md
    expect(convertTo('int', 'string', '123')).toBe(123); // toint-function.md
    expect(convertTo('int', 'string', 'abc')).toBeNull();
    expect(convertTo('real', 'string', '123.4')).toBe(123.4); // toreal-function.md
  });

  it('wraps longs to int and saturates reals', () => {
    expect(convertTo('int', 'long', 9999999999)).toBe(1410065407);
    expect(convertTo('int', 'long', -9999999999)).toBe(-1410065407);
    expect(convertTo('int', 'long', 2147483648)).toBe(-2147483648);
    expect(convertTo('int', 'long', 4294967296)).toBe(0);
    const reals: [number, number | bigint | null, number | null][] = [
      [5.7, 5, 5], [-5.7, -5, -5], [1e10, 10000000000, 2147483647], [-1e10, -10000000000, -2147483648],
      [1e30, 9223372036854775807n, 2147483647], [NaN, null, null],
    ];
    for (const [x, l, i] of reals) {
      expect(convertTo('long', 'real', x), `tolong(${x})`).toBe(l);
      expect(convertTo('int', 'real', x), `toint(${x})`).toBe(i);
    }
    expect(convertTo('int', 'real', 2.3)).toBe(2); // toint-function.md: truncates
  });

  it('turns timespans and datetimes into ticks', () => {
    expect(convertTo('long', 'timespan', TICKS_PER_DAY)).toBe(864000000000);
    expect(convertTo('int', 'timespan', TICKS_PER_DAY)).toBe(711573504);
    expect(convertTo('real', 'timespan', TICKS_PER_DAY)).toBe(864000000000);
    expect(convertTo('real', 'timespan', 1.5 * TICKS_PER_SECOND)).toBe(15000000);
    expect(convertTo('long', 'timespan', -2 * TICKS_PER_HOUR)).toBe(-72000000000);
    expect(convertTo('long', 'datetime', dt('2020-01-01'))).toBe(637134336000000000n); // exact (tolong of a datetime: .NET ticks)
    expect(convertTo('int', 'datetime', dt('2020-01-01'))).toBe(-1954807808);
  });

  it('converts a dynamic by its content', () => {
    const rows: [unknown, number | null, number | null, number | null][] = [
      [5.7, 5, 5, 5.7], ['5.7', null, null, 5.7], [9999999999, 9999999999, 1410065407, 9999999999],
      [' 7 ', 7, 7, 7], [true, 1, 1, 1], [[1], null, null, null],
    ];
    for (const [d, l, i, r] of rows) {
      expect(convertTo('long', 'dynamic', d as Scalar)).toBe(l);
      expect(convertTo('int', 'dynamic', d as Scalar)).toBe(i);
      expect(convertTo('real', 'dynamic', d as Scalar)).toBe(r);
    }
  });
});

describe('tobool (duckdb-kql test_countof_tobool.py, measured)', () => {
  it('reads text', () => {
    const rows: [string, boolean | null][] = [
      ['true', true], ['TRUE', true], ['True', true], ['false', false], ['FALSE', false], [' true ', true],
      ['TrUe ', true], ['\ttrue', true], ['1', true], ['0', false], ['2', true], ['-1', true], ['+1', true],
      ['0002', true], [' 2 ', true], ['1.5', null], ['0.0', null], ['yes', null], ['no', null], ['y', null],
      ['n', null], ['t', null], ['f', null], ['on', null], ['off', null], ['abc', null], ['', null],
      ['99999999999999999999', null],
    ];
    for (const [s, b] of rows) expect(convertTo('bool', 'string', s), s).toBe(b);
    expect(parseBoolText('true')).toBe(true);
  });
  it('reads numbers by non-zero-ness (tobool-function.md: tobool(123) == true)', () => {
    expect(convertTo('bool', 'long', 1)).toBe(true);
    expect(convertTo('bool', 'long', 0)).toBe(false);
    expect(convertTo('bool', 'long', 123)).toBe(true);
    expect(convertTo('bool', 'long', -1)).toBe(true);
    expect(convertTo('bool', 'real', 1.5)).toBe(true);
    expect(convertTo('bool', 'real', 0)).toBe(false);
    expect(convertTo('bool', 'bool', true)).toBe(true);
  });
  it('reads dynamics by content', () => {
    expect(convertTo('bool', 'dynamic', true)).toBe(true);
    expect(convertTo('bool', 'dynamic', 'true')).toBe(true);
    expect(convertTo('bool', 'dynamic', 1)).toBe(true);
    expect(convertTo('bool', 'dynamic', null)).toBeNull();
    expect(convertTo('bool', 'dynamic', { a: 1 })).toBeNull();
  });
});

describe('todatetime / totimespan / toguid / todynamic', () => {
  it('todatetime', () => {
    expect(convertTo('datetime', 'string', '2015-12-31 23:59:59.9')).toBe(dt('2015-12-31T23:59:59.9')); // todatetime-function.md
    expect(convertTo('datetime', 'string', 'garbage')).toBeNull();
    expect(convertTo('datetime', 'datetime', dt('2020-01-02'))).toBe(dt('2020-01-02')); // a no-op, measured
    expect(convertTo('datetime', 'dynamic', '2020-01-02')).toBe(dt('2020-01-02'));
    // doubt (undocumented): a long reads as .NET ticks, the inverse of tolong(datetime)
    expect(convertTo('datetime', 'long', 637134336000000000)).toBe(dt('2020-01-01'));
    expect(convertTo('datetime', 'long', -1)).toBeNull();
    expect(convertTo('datetime', 'bool', true)).toBeNull();
  });

  it('totimespan', () => {
    expect(convertTo('timespan', 'string', '0.00:01:00')).toBe(600_000_000); // totimespan-function.md == time(1min)
    expect(convertTo('timespan', 'string', '4.00:00:00')).toBe(4 * TICKS_PER_DAY); // rule 16
    expect(convertTo('timespan', 'string', 'nope')).toBeNull();
    // doubt (undocumented): numbers are ticks, like dynamic([1d]) holding 864000000000 (measured)
    expect(convertTo('timespan', 'long', 864000000000)).toBe(TICKS_PER_DAY);
    expect(convertTo('timespan', 'dynamic', 864000000000)).toBe(TICKS_PER_DAY);
    expect(convertTo('timespan', 'dynamic', '1.00:00:00')).toBe(TICKS_PER_DAY);
  });

  it('toguid takes the first 32 hex digits (toguid-function.md)', () => {
    expect(convertTo('guid', 'string', '0123456789abcdef0123456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(convertTo('guid', 'string', '0123456789ab-cdef-0123-456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(convertTo('guid', 'string', 'a string that is not a guid')).toBeNull();
    expect(parseGuidLenient('0123456789ABCDEF0123456789ABCDEFxyz')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(parseGuidLenient('{01234567-89ab-cdef-0123-456789abcdef}')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(parseGuidLenient('0123')).toBeNull();
    expect(convertTo('guid', 'long', 1)).toBeNull();
  });

  it('todynamic parses strings and wraps other scalars', () => {
    expect(convertTo('dynamic', 'string', '{"a":1}')).toEqual({ a: 1 });
    expect(convertTo('dynamic', 'string', 'abc')).toBe('abc');
    expect(convertTo('dynamic', 'dynamic', [1])).toEqual([1]);
    expect(convertTo('dynamic', 'long', 5)).toBe(5);
    expect(convertTo('dynamic', 'timespan', TICKS_PER_DAY)).toBe('1.00:00:00'); // pack_array(1d), measured
    expect(convertTo('dynamic', 'datetime', dt('2020-01-01'))).toBe('2020-01-01T00:00:00.0000000Z');
  });

  it('propagates null to every non-string target', () => {
    for (const t of ['bool', 'int', 'long', 'real', 'decimal', 'datetime', 'timespan', 'guid', 'dynamic'] as KqlType[])
      expect(convertTo(t, 'long', null)).toBeNull();
  });
});

describe('text readers', () => {
  it('parseIntegerText checks ranges exactly', () => {
    expect(parseIntegerText('9223372036854775807', ...LONG_RANGE)).toBe(9223372036854775807);
    expect(parseIntegerText('9223372036854775808', ...LONG_RANGE)).toBeNull();
    expect(parseIntegerText('-2147483648', ...INT_RANGE)).toBe(-2147483648);
    expect(parseIntegerText('-0', -10n, 10n)).toBe(0);
    expect(parseIntegerText('2147483648', ...INT_RANGE)).toBeNull();
    expect(parseIntegerText('0x7fffffffffffffff', ...LONG_RANGE)).toBe(9223372036854775807);
    expect(parseIntegerText('0x8000000000000000', ...LONG_RANGE)).toBeNull();
  });
  it('parseRealText accepts .NET double forms', () => {
    expect(parseRealText('.5')).toBe(0.5);
    expect(Number.isNaN(parseRealText('NaN'))).toBe(true);
    expect(parseRealText('-Infinity')).toBe(-Infinity);
    expect(parseRealText('1e')).toBeNull();
  });
  it('never throws, whatever the input', () => {
    const types: KqlType[] = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic'];
    fc.assert(fc.property(fc.string(), fc.constantFrom(...types), (s, t) => {
      expect(() => convertTo(t, 'string', s)).not.toThrow();
      expect(() => convertTo(t, 'dynamic', s)).not.toThrow();
    }));
    fc.assert(fc.property(fc.double(), fc.constantFrom(...types), (x, t) => {
      expect(() => convertTo(t, 'real', x)).not.toThrow();
    }));
    fc.assert(fc.property(fc.bigInt(MIN_DATETIME_TICKS, MAX_DATETIME_TICKS), fc.constantFrom(...types), (x, t) => {
      expect(() => convertTo(t, 'datetime', x)).not.toThrow();
    }));
  });
  it('tostring then back is the identity for longs, reals, datetimes, timespans', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (x) => {
      expect(convertTo('real', 'string', toStringValue('real', x))).toBe(x === 0 ? x : x);
    }));
    fc.assert(fc.property(fc.maxSafeInteger(), (x) => {
      expect(convertTo('long', 'string', toStringValue('long', x))).toBe(x + 0);
    }));
    fc.assert(fc.property(fc.bigInt(MIN_DATETIME_TICKS, MAX_DATETIME_TICKS), (t) => {
      expect(convertTo('datetime', 'string', toStringValue('datetime', t))).toBe(t);
    }));
  });
});
