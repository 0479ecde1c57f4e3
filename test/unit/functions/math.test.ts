// Numeric functions, pinned on the documentation's examples (page cited per block).
import { describe, expect, it } from 'vitest';
import { mathFunctions, roundTo } from '../../../src/functions/scalar/math.js';
import { parseDateTime } from '../../../src/values/datetime.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR } from '../../../src/types.js';
import { call, callRows, callVector, fn, resultTypeOf } from './call.js';

const f = (name: string) => fn(mathFunctions, name);
const dt = (s: string) => parseDateTime(s)!;

describe('bin / floor', () => {
  // bin-function.md
  it('numbers', () => {
    expect(call(f('bin'), ['real', 'long'], [4.5, 1])).toBe(4);
    expect(call(f('bin'), ['long', 'long'], [-7, 5])).toBe(-10);
    expect(call(f('floor'), ['long', 'long'], [17, 5])).toBe(15);
    expect(call(f('bin'), ['real', 'real'], [2.15, 1])).toBe(2);
    expect(call(f('bin'), ['long', 'long'], [7, 0])).toBeNull();
    expect(call(f('bin'), ['long', 'long'], [7, -1])).toBeNull();
    expect(call(f('bin'), ['long', 'long'], [null, 1])).toBeNull();
  });
  it('result types (analyzer: Widest, int promoted to long)', () => {
    expect(resultTypeOf(f('bin'), ['int', 'int'])).toBe('long');
    expect(resultTypeOf(f('bin'), ['real', 'long'])).toBe('real');
    expect(resultTypeOf(f('bin'), ['timespan', 'timespan'])).toBe('timespan');
    expect(resultTypeOf(f('bin'), ['datetime', 'timespan'])).toBe('datetime');
  });
  it('timespans and datetimes', () => {
    expect(call(f('bin'), ['timespan', 'timespan'], [16 * TICKS_PER_DAY, 7 * TICKS_PER_DAY])).toBe(14 * TICKS_PER_DAY);
    expect(call(f('bin'), ['datetime', 'timespan'], [dt('1970-05-11 13:45:07'), TICKS_PER_DAY])).toBe(dt('1970-05-11'));
    // before the epoch: floor, not truncation
    expect(call(f('bin'), ['datetime', 'timespan'], [dt('1969-12-31 13:00'), TICKS_PER_DAY])).toBe(dt('1969-12-31'));
    // exact on ticks
    expect(call(f('bin'), ['datetime', 'timespan'], [dt('2020-01-01') + 12_345n, 100])).toBe(dt('2020-01-01') + 12_300n);
    expect(call(f('bin'), ['datetime', 'timespan'], [dt('2020-01-01'), 0])).toBeNull();
  });
  it('datetime vector kernel (whole-millisecond sizes) matches the row path', () => {
    const ts = [dt('2020-01-01 10:59:59.9999999'), null, dt('1969-12-31 23:30'), dt('2020-01-01 11:00')];
    const r = callRows(f('bin'), ['datetime', 'timespan'], [ts, { const: TICKS_PER_HOUR }]);
    expect(r.values).toEqual([dt('2020-01-01 10:00'), null, dt('1969-12-31 23:00'), dt('2020-01-01 11:00')]);
    const sub = callRows(f('bin'), ['datetime', 'timespan'], [ts, { const: 3 }]);
    const t0 = dt('2020-01-01 10:59:59.9999999');
    expect(sub.values[0]).toBe((t0 / 3n) * 3n); // sub-millisecond sizes: exact, row by row
    const rowSizes = callRows(f('bin'), ['datetime', 'timespan'], [ts, [TICKS_PER_HOUR, TICKS_PER_HOUR, TICKS_PER_DAY, TICKS_PER_DAY]]);
    expect(rowSizes.values).toEqual([dt('2020-01-01 10:00'), null, dt('1969-12-31'), dt('2020-01-01')]);
  });
});

describe('bin_at', () => {
  // bin-at-function.md
  it('docs examples', () => {
    expect(call(f('bin_at'), ['real', 'real', 'long'], [6.5, 2.5, 7])).toBe(4.5);
    expect(call(f('bin_at'), ['timespan', 'timespan', 'timespan'], [TICKS_PER_HOUR, TICKS_PER_DAY, 12 * TICKS_PER_HOUR])).toBe(-12 * TICKS_PER_HOUR);
    expect(call(f('bin_at'), ['datetime', 'timespan', 'datetime'], [dt('2017-05-15 10:20'), TICKS_PER_DAY, dt('1970-01-01 12:00')])).toBe(dt('2017-05-14 12:00'));
    expect(call(f('bin_at'), ['datetime', 'timespan', 'datetime'], [dt('2017-05-17 10:20'), 7 * TICKS_PER_DAY, dt('2017-06-04')])).toBe(dt('2017-05-14'));
    expect(call(f('bin_at'), ['datetime', 'timespan', 'datetime'], [dt('2018-02-23T16:14'), TICKS_PER_DAY, dt('2018-02-24 15:14')])).toBe(dt('2018-02-23T15:14'));
    expect(resultTypeOf(f('bin_at'), ['long', 'long', 'long'])).toBe('long');
  });
});

describe('rounding', () => {
  // round-function.md
  it('round', () => {
    expect(call(f('round'), ['real', 'long'], [2.98765, 3])).toBe(2.988);
    expect(call(f('round'), ['real', 'long'], [2.15, 1])).toBe(2.2);
    expect(call(f('round'), ['real'], [2.15])).toBe(2);
    expect(call(f('round'), ['real', 'long'], [-50.55, -2])).toBe(-100);
    expect(call(f('round'), ['real', 'long'], [21.5, -1])).toBe(20);
    expect(call(f('round'), ['real'], [2.5])).toBe(3);
    expect(call(f('round'), ['real'], [-2.5])).toBe(-3);
    expect(call(f('round'), ['long', 'long'], [1234, -2])).toBe(1200);
    expect(call(f('round'), ['long', 'long'], [1234, 2])).toBe(1234);
    expect(roundTo(NaN, 2)).toBeNaN();
    expect(resultTypeOf(f('round'), ['int'])).toBe('int');
  });
  // ceiling-function.md
  it('ceiling', () => {
    expect(call(f('ceiling'), ['real'], [-1.1])).toBe(-1);
    expect(call(f('ceiling'), ['long'], [0])).toBe(0);
    expect(call(f('ceiling'), ['real'], [0.9])).toBe(1);
    expect(Object.is(call(f('ceiling'), ['real'], [-0.5]), -0)).toBe(false);
  });
  // abs-function.md
  it('abs', () => {
    expect(call(f('abs'), ['long'], [-5])).toBe(5);
    expect(call(f('abs'), ['timespan'], [-TICKS_PER_HOUR])).toBe(TICKS_PER_HOUR);
    expect(resultTypeOf(f('abs'), ['int'])).toBe('long');
    expect(resultTypeOf(f('abs'), ['real'])).toBe('real');
    expect(resultTypeOf(f('abs'), ['decimal'])).toBe('decimal');
  });
});

describe('real functions', () => {
  it('docs examples', () => {
    expect(call(f('exp'), ['long'], [2])).toBeCloseTo(7.389056, 6); // exp-function.md
    expect(call(f('log'), ['long'], [5])).toBe(1.6094379124341003); // log-function.md
    expect(call(f('log10'), ['long'], [5])).toBe(0.69897000433601886); // log10-function.md
    expect(call(f('log2'), ['long'], [5])).toBe(2.3219280948873622); // log2-function.md
    expect(call(f('pow'), ['long', 'long'], [2, 3])).toBe(8); // pow-function.md
    expect(call(f('sqrt'), ['long'], [16])).toBe(4);
    expect(call(f('sqrt'), ['long'], [-1])).toBeNull(); // sqrt-function.md: null for negative input
    expect(call(f('log'), ['real'], [-1])).toBeNull(); // log-function.md
    expect(call(f('log'), ['real'], [0])).toBe(-Infinity);
    expect(call(f('exp2'), ['long'], [10])).toBe(1024);
    expect(call(f('exp10'), ['long'], [3])).toBe(1000);
  });
  // sign-function.md
  it('sign', () => {
    expect(call(f('sign'), ['long'], [-42])).toBe(-1);
    expect(call(f('sign'), ['long'], [0])).toBe(0);
    expect(call(f('sign'), ['real'], [11.2])).toBe(1);
  });
  // isnan-function.md, isinf-function.md, isfinite-function.md
  it('isnan / isinf / isfinite', () => {
    const xs = [-Infinity, NaN, Infinity, -1];
    expect(xs.map((x) => call(f('isnan'), ['real'], [x]))).toEqual([false, true, false, false]);
    expect(xs.map((x) => call(f('isinf'), ['real'], [x]))).toEqual([true, false, true, false]);
    expect(xs.map((x) => call(f('isfinite'), ['real'], [x]))).toEqual([false, false, false, true]);
    expect(call(f('isnan'), ['real'], [null])).toBeNull();
  });
});

describe('min_of / max_of', () => {
  // max-of-function.md, min-of-function.md
  it('docs examples', () => {
    expect(call(f('max_of'), ['long', 'long', 'long', 'long'], [10, 1, -3, 17])).toBe(17);
    expect(call(f('min_of'), ['long', 'long', 'long', 'long'], [10, 1, -3, 17])).toBe(-3);
    const r = callRows(f('max_of'), ['int', 'int'], [[1, 8, null, 1, null], [6, 1, 2, null, null]]);
    expect(r.values).toEqual([6, 8, 2, 1, null]); // non-null values take precedence
  });
  it('datetimes and strings; result type Common', () => {
    expect(call(f('max_of'), ['datetime', 'datetime'], [dt('2024-12-15 07:15:22'), dt('2024-12-15 07:15:24')])).toBe(dt('2024-12-15 07:15:24'));
    expect(callVector(f('min_of'), ['string', 'string'], ['b', 'a'])).toBe('a');
    expect(resultTypeOf(f('min_of'), ['int', 'real'])).toBe('real');
    expect(resultTypeOf(f('min_of'), ['int', 'int'])).toBe('int');
  });
});
