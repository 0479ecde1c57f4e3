import { describe, expect, it } from 'vitest';
import { toJsonValue, toJsValue } from '../../../src/values/json-out.js';
import { parseDateTime } from '../../../src/values/datetime.js';
import { TICKS_PER_DAY } from '../../../src/types.js';

describe('toJsonValue', () => {
  it('renders each type as JSON', () => {
    expect(toJsonValue('datetime', parseDateTime('2020-01-01')!)).toBe('2020-01-01T00:00:00Z');
    expect(toJsonValue('datetime', parseDateTime('2015-12-31 23:59:59.9')!)).toBe('2015-12-31T23:59:59.9Z');
    expect(toJsonValue('timespan', 4 * TICKS_PER_DAY)).toBe('4.00:00:00');
    expect(toJsonValue('real', NaN)).toBe('NaN');
    expect(toJsonValue('real', Infinity)).toBe('Infinity');
    expect(toJsonValue('real', -Infinity)).toBe('-Infinity');
    expect(toJsonValue('real', 1.5)).toBe(1.5);
    expect(toJsonValue('long', 3)).toBe(3);
    expect(toJsonValue('bool', false)).toBe(false);
    expect(toJsonValue('string', '')).toBe('');
    expect(toJsonValue('guid', '01234567-89ab-cdef-0123-456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(toJsonValue('dynamic', { a: [1] })).toEqual({ a: [1] });
    for (const t of ['long', 'datetime', 'timespan', 'dynamic', 'guid'] as const) expect(toJsonValue(t, null)).toBeNull();
  });
});

describe('toJsValue', () => {
  it('gives Dates for datetimes and milliseconds for timespans', () => {
    const d = toJsValue('datetime', parseDateTime('2020-01-01T00:00:00.0019999Z')!);
    expect(d).toBeInstanceOf(Date);
    expect((d as Date).toISOString()).toBe('2020-01-01T00:00:00.001Z'); // rounded down to the ms
    expect(toJsValue('timespan', TICKS_PER_DAY)).toBe(86_400_000);
    expect(toJsValue('timespan', 1)).toBe(0.0001);
    expect(toJsValue('real', NaN)).toBeNaN();
    expect(toJsValue('dynamic', [1])).toEqual([1]);
    expect(toJsValue('datetime', null)).toBeNull();
  });
});

describe('toJsonValue of dynamic longs beyond 2^53', () => {
  it('writes them as digit strings (so JSON.stringify works) and copies only what holds one', () => {
    const safe = { a: [1, 'x'], b: { c: true } };
    expect(toJsonValue('dynamic', safe)).toBe(safe);
    const big = { a: [1, 9007199254740993n], b: { c: -9223372036854775808n }, s: 'x' };
    const out = toJsonValue('dynamic', big);
    expect(out).toEqual({ a: [1, '9007199254740993'], b: { c: '-9223372036854775808' }, s: 'x' });
    expect(JSON.stringify(out)).toBe('{"a":[1,"9007199254740993"],"b":{"c":"-9223372036854775808"},"s":"x"}');
    expect(big.a[1]).toBe(9007199254740993n); // the value itself is untouched
  });
});
