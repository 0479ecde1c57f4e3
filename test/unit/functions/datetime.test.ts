// Datetime functions, pinned on the documentation's examples (page cited per block).
import { describe, expect, it } from 'vitest';
import { datetimeFunctions, isoWeekOfYear } from '../../../src/functions/scalar/datetime.js';
import { MAX_DATETIME_TICKS, parseDateTime } from '../../../src/values/datetime.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../../src/types.js';
import { call, callRows, callVector, fn, resultTypeOf } from './call.js';

const f = (name: string) => fn(datetimeFunctions, name);
const dt = (s: string) => {
  const t = parseDateTime(s);
  if (t === null) throw new Error(`bad datetime ${s}`);
  return t;
};

describe('now / ago', () => {
  const now = dt('2024-05-01T12:00:00Z');
  it('read ctx.now and stay constant', () => {
    expect(call(f('now'), [], [], { now })).toBe(now);
    expect(call(f('now'), ['timespan'], [-2 * TICKS_PER_DAY], { now })).toBe(dt('2024-04-29T12:00:00Z'));
    expect(call(f('ago'), ['timespan'], [TICKS_PER_HOUR], { now })).toBe(dt('2024-05-01T11:00:00Z'));
    expect(callVector(f('ago'), ['timespan'], [TICKS_PER_DAY], { now })).toBe(dt('2024-04-30T12:00:00Z'));
    expect(call(f('ago'), ['timespan'], [null], { now })).toBeNull();
    expect(f('now').foldable).toBe(false);
  });
});

describe('datetime_diff', () => {
  // datetime-diff-function.md
  it('docs example', () => {
    const d = (part: string, a: string, b: string) => call(f('datetime_diff'), ['string', 'datetime', 'datetime'], [part, dt(a), dt(b)]);
    expect(d('year', '2017-01-01', '2000-12-31')).toBe(17);
    expect(d('quarter', '2017-07-01', '2017-03-30')).toBe(2);
    expect(d('month', '2017-01-01', '2015-12-30')).toBe(13);
    expect(d('week', '2017-10-29 00:00', '2017-09-30 23:59')).toBe(5);
    expect(d('day', '2017-10-29 00:00', '2017-09-30 23:59')).toBe(29);
    expect(d('hour', '2017-10-31 01:00', '2017-10-30 23:59')).toBe(2);
    expect(d('minute', '2017-10-30 23:05:01', '2017-10-30 23:00:59')).toBe(5);
    expect(d('second', '2017-10-30 23:00:10.100', '2017-10-30 23:00:00.900')).toBe(10);
    expect(d('millisecond', '2017-10-30 23:00:00.200100', '2017-10-30 23:00:00.100900')).toBe(100);
    expect(d('microsecond', '2017-10-30 23:00:00.1009001', '2017-10-30 23:00:00.1008009')).toBe(100);
    expect(d('nanosecond', '2017-10-30 23:00:00.0000000', '2017-10-30 23:00:00.0000007')).toBe(-700);
    expect(d('Year', '2000-12-31', '2017-01-01')).toBe(-17); // case-insensitive
    expect(d('decade', '2000-12-31', '2017-01-01')).toBeNull();
  });
  it('non-constant part', () => {
    const r = callRows(f('datetime_diff'), ['string', 'datetime', 'datetime'], [['day', 'hour'], { const: dt('2020-01-02') }, { const: dt('2020-01-01') }], { constants: false });
    expect(r.values).toEqual([1, 24]);
  });
});

describe('datetime_add', () => {
  const add = (part: string, n: number, t: bigint) => call(f('datetime_add'), ['string', 'long', 'datetime'], [part, n, t]);
  // datetime-add-function.md
  it('docs examples', () => {
    const base = dt('2017-01-01');
    expect(add('year', 1, base)).toBe(dt('2018-01-01'));
    expect(add('quarter', 1, base)).toBe(dt('2017-04-01'));
    expect(add('month', 1, base)).toBe(dt('2017-02-01'));
    expect(add('week', 1, base)).toBe(dt('2017-01-08'));
    expect(add('day', 1, base)).toBe(dt('2017-01-02'));
    expect(add('hour', 1, base)).toBe(dt('2017-01-01 01:00'));
    expect(add('minute', 1, base)).toBe(dt('2017-01-01 00:01'));
    expect(add('second', 1, base)).toBe(dt('2017-01-01 00:00:01'));
    expect(add('year', -5, base)).toBe(dt('2012-01-01'));
    expect(add('quarter', 12, base)).toBe(dt('2020-01-01'));
    expect(add('month', -15, base)).toBe(dt('2015-10-01'));
    expect(add('week', 100, base)).toBe(dt('2018-12-02'));
  });
  it('clamps the day to the month end; out of range → null', () => {
    expect(add('month', 1, dt('2017-01-31 10:00'))).toBe(dt('2017-02-28 10:00'));
    expect(add('year', 1, dt('2016-02-29'))).toBe(dt('2017-02-28'));
    expect(add('millisecond', 5, dt('2017-01-01'))).toBe(dt('2017-01-01 00:00:00.005'));
    expect(add('nanosecond', 300, dt('2017-01-01'))).toBe(dt('2017-01-01') + 3n);
    expect(add('year', 9000, dt('2017-01-01'))).toBeNull();
  });
});

describe('datetime_part and calendar parts', () => {
  // datetime-part-function.md
  it('docs example', () => {
    const t = dt('2017-10-30 01:02:03.7654321');
    const part = (p: string) => call(f('datetime_part'), ['string', 'datetime'], [p, t]);
    expect([
      part('year'), part('quarter'), part('month'), part('week_of_year'), part('day'), part('dayOfYear'),
      part('hour'), part('minute'), part('second'), part('millisecond'), part('microsecond'), part('nanosecond'),
    ]).toEqual([2017, 4, 10, 44, 30, 303, 1, 2, 3, 765, 765432, 765432100]);
    expect(resultTypeOf(f('datetime_part'), ['string', 'datetime'])).toBe('int');
  });
  it('ISO week numbers at year edges', () => {
    expect(isoWeekOfYear(dt('2021-01-03'))).toBe(53); // Sunday, belongs to 2020-W53
    expect(isoWeekOfYear(dt('2021-01-04'))).toBe(1);
    expect(isoWeekOfYear(dt('2019-12-30'))).toBe(1); // Monday of 2020-W01
    expect(isoWeekOfYear(dt('2020-12-31'))).toBe(53);
  });
  // getyear-function.md, hour-of-day-function.md
  it('getyear, getmonth, dayofmonth, dayofyear, hourofday', () => {
    expect(call(f('getyear'), ['datetime'], [dt('2015-10-12')])).toBe(2015);
    expect(call(f('getmonth'), ['datetime'], [dt('2015-10-12')])).toBe(10);
    expect(call(f('monthofyear'), ['datetime'], [dt('2015-10-12')])).toBe(10);
    expect(call(f('dayofmonth'), ['datetime'], [dt('2015-12-14')])).toBe(14);
    expect(call(f('dayofyear'), ['datetime'], [dt('2015-12-14')])).toBe(348);
    expect(call(f('hourofday'), ['datetime'], [dt('2015-12-14 18:54')])).toBe(18);
    expect(call(f('hourofday'), ['datetime'], [null])).toBeNull();
  });
  // day-of-week-function.md: a timespan, Sunday = 0
  it('dayofweek', () => {
    expect(call(f('dayofweek'), ['datetime'], [dt('1947-11-30 10:00:05')])).toBe(0);
    expect(call(f('dayofweek'), ['datetime'], [dt('1970-05-11')])).toBe(TICKS_PER_DAY);
    expect(call(f('dayofweek'), ['datetime'], [dt('1970-05-12')])).toBe(2 * TICKS_PER_DAY);
    expect(resultTypeOf(f('dayofweek'), ['datetime'])).toBe('timespan');
  });
});

describe('startof / endof', () => {
  const base = dt('2017-01-01 10:10:17');
  const run = (name: string) => [-1, 0, 1].map((o) => call(f(name), ['datetime', 'long'], [base, o]));
  const last = (s: string) => dt(s) + 9_999_999n; // hh:mm:59.9999999
  // startofday-function.md … endofyear-function.md
  it('docs examples', () => {
    expect(run('startofday')).toEqual([dt('2016-12-31'), dt('2017-01-01'), dt('2017-01-02')]);
    expect(run('startofweek')).toEqual([dt('2016-12-25'), dt('2017-01-01'), dt('2017-01-08')]);
    expect(run('startofmonth')).toEqual([dt('2016-12-01'), dt('2017-01-01'), dt('2017-02-01')]);
    expect(run('startofyear')).toEqual([dt('2016-01-01'), dt('2017-01-01'), dt('2018-01-01')]);
    expect(run('endofday')).toEqual([last('2016-12-31 23:59:59'), last('2017-01-01 23:59:59'), last('2017-01-02 23:59:59')]);
    expect(run('endofweek')).toEqual([last('2016-12-31 23:59:59'), last('2017-01-07 23:59:59'), last('2017-01-14 23:59:59')]);
    expect(run('endofmonth')).toEqual([last('2016-12-31 23:59:59'), last('2017-01-31 23:59:59'), last('2017-02-28 23:59:59')]);
    expect(run('endofyear')).toEqual([last('2016-12-31 23:59:59'), last('2017-12-31 23:59:59'), last('2018-12-31 23:59:59')]);
  });
  it('without offset; at the end of the range', () => {
    expect(call(f('startofday'), ['datetime'], [base])).toBe(dt('2017-01-01'));
    expect(call(f('endofyear'), ['datetime'], [dt('9999-06-01')])).toBe(MAX_DATETIME_TICKS);
    expect(call(f('startofyear'), ['datetime', 'long'], [dt('9999-06-01'), 1])).toBeNull();
    expect(call(f('startofmonth'), ['datetime'], [dt('1969-12-31 23:00')])).toBe(dt('1969-12-01'));
  });
});

describe('unixtime and make_*', () => {
  // unixtime-seconds-todatetime-function.md, unixtime-milliseconds-todatetime-function.md
  it('unixtime_*_todatetime', () => {
    expect(call(f('unixtime_seconds_todatetime'), ['long'], [1546300800])).toBe(dt('2019-01-01'));
    expect(call(f('unixtime_milliseconds_todatetime'), ['long'], [1546300800000])).toBe(dt('2019-01-01'));
    expect(call(f('unixtime_microseconds_todatetime'), ['long'], [1546300800000000])).toBe(dt('2019-01-01'));
    expect(call(f('unixtime_nanoseconds_todatetime'), ['long'], [1546300800000000000])).toBe(dt('2019-01-01'));
    expect(call(f('unixtime_seconds_todatetime'), ['real'], [1.5])).toBe(15_000_000n);
    expect(call(f('unixtime_seconds_todatetime'), ['real'], [1e20])).toBeNull();
  });
  // make-datetime-function.md
  it('make_datetime', () => {
    const n = (xs: number[]) => call(f('make_datetime'), xs.map(() => 'long' as const), xs);
    expect(n([2017, 10, 1])).toBe(dt('2017-10-01'));
    expect(n([2017, 10, 1, 12, 10])).toBe(dt('2017-10-01 12:10'));
    expect(call(f('make_datetime'), ['long', 'long', 'long', 'long', 'long', 'real'], [2017, 10, 1, 12, 11, 0.1234567]))
      .toBe(dt('2017-10-01 12:11:00.1234567'));
    expect(n([2017, 13, 1])).toBeNull();
    expect(n([2017, 2, 30])).toBeNull();
  });
  it('make_timespan', () => {
    expect(call(f('make_timespan'), ['long', 'long', 'long', 'long'], [1, 12, 30, 55]))
      .toBe(TICKS_PER_DAY + 12 * TICKS_PER_HOUR + 30 * TICKS_PER_MINUTE + 55 * TICKS_PER_SECOND);
    expect(call(f('make_timespan'), ['long', 'long'], [17, 30])).toBe(17 * TICKS_PER_HOUR + 30 * TICKS_PER_MINUTE);
    expect(call(f('make_timespan'), ['long', 'long', 'long'], [1, 2, 3])).toBe(TICKS_PER_HOUR + 2 * TICKS_PER_MINUTE + 3 * TICKS_PER_SECOND);
    expect(call(f('make_timespan'), ['timespan'], [TICKS_PER_HOUR])).toBe(TICKS_PER_HOUR);
  });
});
