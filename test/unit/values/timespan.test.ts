import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatTimespan,
  MAX_TIMESPAN_TICKS,
  MIN_TIMESPAN_TICKS,
  parseTimespanLiteral,
  parseTimespanText,
} from '../../../src/values/timespan.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../../src/types.js';

describe('parseTimespanLiteral', () => {
  it('reads the table of scalar-data-types/timespan.md', () => {
    expect(parseTimespanLiteral('2d')).toBe(2 * TICKS_PER_DAY);
    expect(parseTimespanLiteral('1.5h')).toBe(1.5 * TICKS_PER_HOUR);
    expect(parseTimespanLiteral('30m')).toBe(30 * TICKS_PER_MINUTE);
    expect(parseTimespanLiteral('10s')).toBe(10 * TICKS_PER_SECOND);
    expect(parseTimespanLiteral('0.1s')).toBe(TICKS_PER_SECOND / 10);
    expect(parseTimespanLiteral('100ms')).toBe(1_000_000);
    expect(parseTimespanLiteral('10microsecond')).toBe(100);
    expect(parseTimespanLiteral('1tick')).toBe(1);
    expect(parseTimespanLiteral('15 seconds')).toBe(15 * TICKS_PER_SECOND); // time(15 seconds)
  });

  it('reads every suffix of Kusto.Language TokenParser.TimespanSuffixes', () => {
    const cases: [string, number][] = [
      ['day', TICKS_PER_DAY], ['days', TICKS_PER_DAY],
      ['hr', TICKS_PER_HOUR], ['hrs', TICKS_PER_HOUR], ['hour', TICKS_PER_HOUR], ['hours', TICKS_PER_HOUR],
      ['min', TICKS_PER_MINUTE], ['minute', TICKS_PER_MINUTE], ['minutes', TICKS_PER_MINUTE],
      ['sec', TICKS_PER_SECOND], ['second', TICKS_PER_SECOND], ['seconds', TICKS_PER_SECOND],
      ['milli', 10_000], ['millis', 10_000], ['millisec', 10_000], ['millisecond', 10_000], ['milliseconds', 10_000],
      ['micro', 10], ['micros', 10], ['microsec', 10], ['microsecond', 10], ['microseconds', 10],
      ['tick', 1], ['ticks', 1],
    ];
    for (const [unit, ticks] of cases) expect(parseTimespanLiteral(`2${unit}`), unit).toBe(2 * ticks);
    expect(parseTimespanLiteral('100nanoseconds')).toBe(1);
    expect(parseTimespanLiteral('1milli')).toBe(10_000); // tolong(1milli) = 10000 (duckdb-kql, measured)
    expect(parseTimespanLiteral('10ticks')).toBe(10);
  });

  it('rejects unknown units and non-numbers', () => {
    for (const s of ['', '5', '5x', 'd', '1.2.3d', '5D', 'abc', '5 d s']) expect(parseTimespanLiteral(s), s).toBeNull();
  });

  it('handles min/max and negatives', () => {
    expect(parseTimespanLiteral('min')).toBe(MIN_TIMESPAN_TICKS);
    expect(parseTimespanLiteral('max')).toBe(MAX_TIMESPAN_TICKS);
    expect(parseTimespanLiteral('-2h')).toBe(-2 * TICKS_PER_HOUR);
  });
});

describe('parseTimespanText', () => {
  it('reads .NET TimeSpan text', () => {
    expect(parseTimespanText('4.00:00:00')).toBe(4 * TICKS_PER_DAY); // KUSTO-SEMANTICS rule 16
    expect(parseTimespanText('0.00:01:00')).toBe(TICKS_PER_MINUTE); // totimespan-function.md
    expect(parseTimespanText('0.12:34:56.7')).toBe(12 * TICKS_PER_HOUR + 34 * TICKS_PER_MINUTE + 56.7 * TICKS_PER_SECOND); // timespan.md
    expect(parseTimespanText('1.02:03:04')).toBe(937_840_000_000); // tolong(time(1.02:03:04)), measured
    expect(parseTimespanText('-1.00:00:00')).toBe(-864_000_000_000); // measured
    expect(parseTimespanText('2')).toBe(1_728_000_000_000); // time(2) = 2 days (timespan.md; measured)
    expect(parseTimespanText('00:01:00')).toBe(TICKS_PER_MINUTE);
    expect(parseTimespanText('01:02')).toBe(TICKS_PER_HOUR + 2 * TICKS_PER_MINUTE);
    expect(parseTimespanText(' 00:00:00.0000001 ')).toBe(1);
    expect(parseTimespanText('00:00:01.12345678')).toBe(11_234_567); // 8th digit truncated (doubt: .NET rejects)
  });

  it('also accepts the literal forms', () => {
    expect(parseTimespanText('1.5h')).toBe(1.5 * TICKS_PER_HOUR);
    expect(parseTimespanText('1min')).toBe(TICKS_PER_MINUTE);
  });

  it('rejects out-of-range parts and junk', () => {
    for (const s of ['24:00', '23:60', '00:00:60', '1.2', 'abc', '', ':', '1:2:3:4', '1.:02:03', '00:00:00.'])
      expect(parseTimespanText(s), s).toBeNull();
  });
});

describe('formatTimespan', () => {
  it('prints as Kusto does (duckdb-kql test_type_conversions.py, measured)', () => {
    const cases: [number, string][] = [
      [TICKS_PER_DAY, '1.00:00:00'],
      [937_845_000_000, '1.02:03:04.5000000'],
      [-2 * TICKS_PER_HOUR, '-02:00:00'],
      [0, '00:00:00'],
      [90 * TICKS_PER_MINUTE, '01:30:00'],
      [10_000, '00:00:00.0010000'],
      [15_000_000, '00:00:01.5000000'],
      [100 * TICKS_PER_DAY, '100.00:00:00'],
      [-1.5 * TICKS_PER_DAY, '-1.12:00:00'],
      [10, '00:00:00.0000010'],
      [3 * TICKS_PER_HOUR, '03:00:00'], // test_tostring.py
      [4 * TICKS_PER_DAY, '4.00:00:00'],
      [20 * TICKS_PER_SECOND, '00:00:20'],
      [-15_000_000, '-00:00:01.5000000'],
      [1, '00:00:00.0000001'],
      [-0, '00:00:00'],
    ];
    for (const [t, s] of cases) expect(formatTimespan(t), s).toBe(s);
  });

  it('round-trips through parseTimespanText', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (t) => {
        expect(parseTimespanText(formatTimespan(t))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });
});
