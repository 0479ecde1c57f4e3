import { describe, expect, it } from 'vitest';
import { inferType, loadValue, LoadValueError } from '../../../src/values/load.js';
import { parseDateTime } from '../../../src/values/datetime.js';
import { toJsValue } from '../../../src/values/json-out.js';
import { TICKS_PER_DAY, TICKS_PER_MS } from '../../../src/types.js';

const fails = (f: () => unknown) => expect(f).toThrow(LoadValueError);

describe('loadValue', () => {
  it('reads nulls', () => {
    expect(loadValue('long', null)).toBeNull();
    expect(loadValue('datetime', undefined)).toBeNull();
    expect(loadValue('string', null)).toBe(''); // strings are never null (KUSTO-SEMANTICS rule 5)
    expect(loadValue('dynamic', undefined)).toBeNull();
  });

  it('reads numbers', () => {
    expect(loadValue('int', 5)).toBe(5);
    expect(loadValue('int', '-7')).toBe(-7);
    fails(() => loadValue('int', 2 ** 31));
    fails(() => loadValue('int', 1.5));
    expect(loadValue('long', 2 ** 53 - 1)).toBe(2 ** 53 - 1);
    expect(loadValue('long', 12n)).toBe(12);
    expect(loadValue('long', '12')).toBe(12);
    // beyond 2^53 a long is exact (a bigint): the double's own value, a bigint, or integer text
    expect(loadValue('long', 2 ** 53)).toBe(2n ** 53n);
    expect(loadValue('long', 2n ** 60n)).toBe(2n ** 60n);
    expect(loadValue('long', '9223372036854775807')).toBe(9223372036854775807n);
    expect(loadValue('long', -(2n ** 63n))).toBe(-(2n ** 63n));
    fails(() => loadValue('long', 2n ** 63n));
    fails(() => loadValue('long', '9223372036854775808'));
    fails(() => loadValue('long', 2 ** 63));
    fails(() => loadValue('long', 'abc'));
    fails(() => loadValue('long', true));
    expect(loadValue('real', 1.5)).toBe(1.5);
    expect(loadValue('real', '1e3')).toBe(1000);
    expect(loadValue('real', NaN)).toBeNaN();
    expect(loadValue('decimal', 3n)).toBe(3);
    fails(() => loadValue('real', 'x'));
  });

  it('reads bools', () => {
    expect(loadValue('bool', true)).toBe(true);
    expect(loadValue('bool', ' FALSE ')).toBe(false);
    fails(() => loadValue('bool', 1));
    fails(() => loadValue('bool', 'yes'));
  });

  it('reads strings, stringifying scalars and objects', () => {
    expect(loadValue('string', 'x')).toBe('x');
    expect(loadValue('string', 1.5)).toBe('1.5');
    expect(loadValue('string', false)).toBe('false');
    expect(loadValue('string', { a: [1] })).toBe('{"a":[1]}');
    expect(loadValue('string', new Date(0))).toBe('1970-01-01T00:00:00.0000000Z');
    fails(() => loadValue('string', Symbol('s')));
  });

  it('reads datetimes from Dates and text, refusing numbers', () => {
    expect(loadValue('datetime', new Date('2020-01-01T00:00:00.123Z'))).toBe(parseDateTime('2020-01-01T00:00:00.123Z'));
    expect(loadValue('datetime', '2020-01-01 10:00')).toBe(parseDateTime('2020-01-01T10:00'));
    expect(loadValue('datetime', 'Sat, 08 Nov 2014 15:05:02 GMT')).toBe(parseDateTime('2014-11-08T15:05:02'));
    fails(() => loadValue('datetime', 1577836800000));
    fails(() => loadValue('datetime', new Date(NaN)));
    fails(() => loadValue('datetime', 'yesterday'));
    fails(() => loadValue('datetime', new Date(Date.UTC(10000, 0, 1))));
    try {
      loadValue('datetime', 5);
    } catch (e) {
      expect((e as LoadValueError).reason).toMatch(/new Date/);
      expect((e as Error).message).toMatch(/^cannot load 5 as datetime/);
    }
  });

  it('reads timespans as milliseconds or text', () => {
    expect(loadValue('timespan', 1500)).toBe(1500 * TICKS_PER_MS);
    expect(loadValue('timespan', '1.02:03:04')).toBe(937_840_000_000);
    expect(loadValue('timespan', '1.5h')).toBe(54_000_000_000);
    fails(() => loadValue('timespan', 'soon'));
    fails(() => loadValue('timespan', Infinity));
    // round-trips with toJsValue
    expect(loadValue('timespan', toJsValue('timespan', TICKS_PER_DAY + 1))).toBe(TICKS_PER_DAY + 1);
  });

  it('reads guids', () => {
    expect(loadValue('guid', '{74BE27DE-1E4E-49D9-B579-FE0B331D3642}')).toBe('74be27de-1e4e-49d9-b579-fe0b331d3642');
    fails(() => loadValue('guid', 'nope'));
  });

  it('reads dynamics', () => {
    expect(loadValue('dynamic', { a: [1, { b: new Date(0) }], u: undefined })).toEqual({ a: [1, { b: '1970-01-01T00:00:00.0000000Z' }] });
    expect(loadValue('dynamic', 5)).toBe(5);
    expect(loadValue('dynamic', 7n)).toBe(7);
    // a long beyond 2^53 stays exact inside a dynamic (by hand: 2^53 + 1), as object member or JSON text;
    // wider than 64 bits it is a double
    expect(loadValue('dynamic', { a: [9007199254740993n] })).toEqual({ a: [9007199254740993n] });
    expect(loadValue('dynamic', '{"a": [9007199254740993]}')).toEqual({ a: [9007199254740993n] });
    expect(loadValue('dynamic', 2n ** 64n)).toBe(18446744073709551616);
    expect(loadValue('dynamic', '{"a":1}')).toEqual({ a: 1 });
    expect(loadValue('dynamic', ' [1,2]')).toEqual([1, 2]);
    expect(loadValue('dynamic', '42')).toBe('42'); // only objects/arrays are parsed from text
    expect(loadValue('dynamic', '{not json')).toBe('{not json');
    fails(() => loadValue('dynamic', new Map()));
    fails(() => loadValue('dynamic', () => 1));
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    fails(() => loadValue('dynamic', cyclic));
  });
});

describe('inferType', () => {
  it('infers from JS values', () => {
    expect(inferType([true, null, false])).toBe('bool');
    expect(inferType([1, 2, undefined])).toBe('long');
    expect(inferType([1, 2.5])).toBe('real');
    expect(inferType([2 ** 60])).toBe('real');
    expect(inferType([1n])).toBe('long');
    expect(inferType([new Date()])).toBe('datetime');
    expect(inferType(['2020-01-01'])).toBe('string'); // strings are never guessed as datetimes
    expect(inferType([{ a: 1 }, [1]])).toBe('dynamic');
    expect(inferType([1, 'a'])).toBe('dynamic');
    expect(inferType([null, undefined])).toBe('string');
    expect(inferType([])).toBe('string');
  });
});
