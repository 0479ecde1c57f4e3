import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { joinTicks, splitTicks } from '../../../src/exec/vector.js';
import {
  civilFromDays,
  datePartsFromMs,
  datePartsFromTicks,
  daysFromCivil,
  formatDateTime,
  formatDateTimeJson,
  MAX_DATETIME_TICKS,
  MIN_DATETIME_TICKS,
  msToTicks,
  parseDateTime,
  parseDateTimeInto,
  parseDateTimeLiteral,
  parseDateTimeSplit,
  startOfDayTicks,
  startOfMonthTicks,
  startOfWeekTicks,
  startOfYearTicks,
  ticksFromParts,
  ticksFromPartsChecked,
  ticksToMs,
} from '../../../src/values/datetime.js';

/** parse → Kusto's 7-digit text, or null */
const p = (s: string): string | null => {
  const t = parseDateTime(s);
  return t === null ? null : formatDateTime(t);
};

describe('parseDateTime', () => {
  it('reads the ISO 8601 forms of scalar-data-types/datetime.md', () => {
    expect(p('2014-05-25T08:20:03.123456Z')).toBe('2014-05-25T08:20:03.1234560Z');
    expect(p('2014-05-25T08:20:03.123456')).toBe('2014-05-25T08:20:03.1234560Z');
    expect(p('2014-05-25T08:20')).toBe('2014-05-25T08:20:00.0000000Z');
    expect(p('2014-11-08 15:55:55.123456Z')).toBe('2014-11-08T15:55:55.1234560Z');
    expect(p('2014-11-08 15:55:55')).toBe('2014-11-08T15:55:55.0000000Z');
    expect(p('2014-11-08 15:55')).toBe('2014-11-08T15:55:00.0000000Z');
    expect(p('2014-11-08')).toBe('2014-11-08T00:00:00.0000000Z');
    // the literal examples on the same page
    expect(p('2015-12-31 23:59:59.9')).toBe('2015-12-31T23:59:59.9000000Z');
    expect(p('2015-12-31')).toBe('2015-12-31T00:00:00.0000000Z');
  });

  it('reads the RFC 822 and RFC 850 forms (scalar-data-types/datetime.md)', () => {
    const want = '2014-11-08T15:05:02.0000000Z';
    expect(p('Sat, 8 Nov 14 15:05:02 GMT')).toBe(want);
    expect(p('Sat, 8 Nov 14 15:05:02')).toBe(want);
    expect(p('Sat, 8 Nov 14 15:05')).toBe('2014-11-08T15:05:00.0000000Z');
    expect(p('Sat, 8 Nov 14 15:05 GMT')).toBe('2014-11-08T15:05:00.0000000Z');
    expect(p('8 Nov 14 15:05:02 GMT')).toBe(want);
    expect(p('8 Nov 14 15:05')).toBe('2014-11-08T15:05:00.0000000Z');
    expect(p('Saturday, 08-Nov-14 15:05:02 GMT')).toBe(want);
    expect(p('Saturday, 08-Nov-14 15:05')).toBe('2014-11-08T15:05:00.0000000Z');
    expect(p('08-Nov-14 15:05:02 GMT')).toBe(want);
    expect(p('08-Nov-14 15:05')).toBe('2014-11-08T15:05:00.0000000Z');
    // RFC 1123 with a four-digit year and a numeric zone
    expect(p('Sat, 08 Nov 2014 15:05:02 +0100')).toBe('2014-11-08T14:05:02.0000000Z');
    expect(p('Sat, 08 Nov 2014 15:05:02 EST')).toBe('2014-11-08T20:05:02.0000000Z');
  });

  it('reads the "sortable" forms with one-digit parts and zone names (scalar-data-types/datetime.md)', () => {
    expect(p('2014-11-08 15:05:25')).toBe('2014-11-08T15:05:25.0000000Z');
    expect(p('2014-11-08 15:05:25 GMT')).toBe('2014-11-08T15:05:25.0000000Z');
    expect(p('2014-11-08T15:05 GMT')).toBe('2014-11-08T15:05:00.0000000Z');
    expect(p('2014-1-8T5:05:25')).toBe('2014-01-08T05:05:25.0000000Z');
  });

  it('converts offsets to UTC (KUSTO-SEMANTICS rule 16; duckdb-kql test_datetime_traps.py, measured)', () => {
    expect(p('2022-12-02T13:45:56+02:00')).toBe('2022-12-02T11:45:56.0000000Z');
    expect(p('2022-12-02T13:45:56-05:00')).toBe('2022-12-02T18:45:56.0000000Z');
    expect(p('2022-12-02T13:45:56+0530')).toBe('2022-12-02T08:15:56.0000000Z');
    expect(p('2022-12-02T00:30:00+01:00')).toBe('2022-12-01T23:30:00.0000000Z');
  });

  it('reads the formats the emulator accepts (duckdb-kql test_datetime_traps.py, measured)', () => {
    expect(p('2022-12-02')).toBe('2022-12-02T00:00:00.0000000Z');
    expect(p('2022-12-02 13:45:56')).toBe('2022-12-02T13:45:56.0000000Z');
    expect(p('2022-12-02T13:45:56Z')).toBe('2022-12-02T13:45:56.0000000Z');
    expect(p('2022/12/02')).toBe('2022-12-02T00:00:00.0000000Z');
    // ambiguous day/month is MM-DD-YYYY: todatetime('12-02-2022') == datetime('12-02-2022') (todatetime-function.md)
    expect(p('12-02-2022')).toBe('2022-12-02T00:00:00.0000000Z');
    expect(p('12/02/2022')).toBe('2022-12-02T00:00:00.0000000Z');
    expect(p('12.02.2022')).toBe('2022-12-02T00:00:00.0000000Z');
    expect(p('2 Dec 2022')).toBe('2022-12-02T00:00:00.0000000Z');
    expect(p('Dec 2, 2022')).toBe('2022-12-02T00:00:00.0000000Z');
    expect(p('Fri, 02 Dec 2022 13:45:56 GMT')).toBe('2022-12-02T13:45:56.0000000Z');
    expect(p('20221202')).toBe('2022-12-02T00:00:00.0000000Z');
    expect(p('12-02-2022 13:45:56')).toBe('2022-12-02T13:45:56.0000000Z');
    expect(p('2/3/2022')).toBe('2022-02-03T00:00:00.0000000Z');
  });

  it('returns null for what the emulator rejects (duckdb-kql test_datetime_traps.py) and other junk', () => {
    for (const s of ['not a date', '', '13-01-2022', 'x12-02-2022', '   ', '2015-02-29', '2015-13-01',
      '2015-12-31T24:00', '2015-12-31T23:60', '2015-12-31T23:59:60', '2015-12-31T23:59:59.', '2015-12-31X',
      'Sat, 8 Foo 14 15:05', '2015-12-31 10:00 XYZ', '0000-12-31', '1/2/3']) {
      expect(parseDateTime(s), s).toBeNull();
    }
  });

  it('honours leap years in the proleptic Gregorian calendar', () => {
    expect(p('2024-02-29')).toBe('2024-02-29T00:00:00.0000000Z');
    expect(p('2000-02-29')).toBe('2000-02-29T00:00:00.0000000Z');
    expect(parseDateTime('1900-02-29')).toBeNull();
    expect(p('0004-02-29')).toBe('0004-02-29T00:00:00.0000000Z');
  });

  it('keeps 7 fraction digits and rounds an 8th (doubt: Kusto may truncate instead)', () => {
    expect(p('2024-06-17T08:36:32.0962391Z')).toBe('2024-06-17T08:36:32.0962391Z');
    expect(p('2024-06-17T08:36:32.1Z')).toBe('2024-06-17T08:36:32.1000000Z');
    expect(p('2014-05-25T08:20:03.123456789Z')).toBe('2014-05-25T08:20:03.1234568Z');
    expect(p('2014-05-25T08:20:03.99999996Z')).toBe('2014-05-25T08:20:04.0000000Z');
  });

  it('bounds results to 0001-01-01 … 9999-12-31T23:59:59.9999999 (scalar-data-types/datetime.md)', () => {
    expect(parseDateTime('0001-01-01')).toBe(MIN_DATETIME_TICKS);
    expect(parseDateTime('9999-12-31T23:59:59.9999999Z')).toBe(MAX_DATETIME_TICKS);
    expect(parseDateTime('9999-12-31T23:59:59.99999995')).toBeNull(); // rounds past the end
    expect(parseDateTime('0001-01-01T00:30:00+01:00')).toBeNull(); // before year 1 in UTC
    expect(parseDateTime('9999-12-31T23:30:00-01:00')).toBeNull();
  });

  it('pins the epoch and the .NET tick origin', () => {
    expect(parseDateTime('1970-01-01T00:00:00Z')).toBe(0n);
    // scalar-data-types/datetime.md: .NET ticks 31241376000000000 is 0100-01-01
    expect(parseDateTime('0100-01-01')! - MIN_DATETIME_TICKS).toBe(31241376000000000n);
  });

  it('reads min and max in datetime(...) literals (Kusto.Language GetDateTimeValue)', () => {
    expect(parseDateTimeLiteral('min')).toBe(MIN_DATETIME_TICKS);
    expect(parseDateTimeLiteral('max')).toBe(MAX_DATETIME_TICKS);
    expect(parseDateTimeLiteral(' 2015-12-31 ')).toBe(parseDateTime('2015-12-31'));
    expect(parseDateTimeLiteral("'12-02-2022'")).toBe(parseDateTime('2022-12-02')); // todatetime-function.md
    expect(parseDateTimeLiteral('"2015-12-31"')).toBe(parseDateTime('2015-12-31'));
  });
});

describe('formatting', () => {
  it('tostring has 7 fraction digits and Z (KUSTO-SEMANTICS rule 17)', () => {
    expect(formatDateTime(parseDateTime('2020-01-01')!)).toBe('2020-01-01T00:00:00.0000000Z');
    // duckdb-kql test_tostring.py, measured
    expect(formatDateTime(parseDateTime('2020-01-02 03:04:05.6')!)).toBe('2020-01-02T03:04:05.6000000Z');
    expect(formatDateTime(MIN_DATETIME_TICKS)).toBe('0001-01-01T00:00:00.0000000Z');
    expect(formatDateTime(MAX_DATETIME_TICKS)).toBe('9999-12-31T23:59:59.9999999Z');
    expect(formatDateTime(-1n)).toBe('1969-12-31T23:59:59.9999999Z');
  });

  it('JSON form trims the fraction', () => {
    expect(formatDateTimeJson(parseDateTime('2020-01-01')!)).toBe('2020-01-01T00:00:00Z');
    expect(formatDateTimeJson(parseDateTime('2015-12-31 23:59:59.9')!)).toBe('2015-12-31T23:59:59.9Z');
    expect(formatDateTimeJson(1n)).toBe('1970-01-01T00:00:00.0000001Z');
    expect(formatDateTimeJson(MAX_DATETIME_TICKS)).toBe('9999-12-31T23:59:59.9999999Z');
  });
});

describe('parts and conversions', () => {
  it('takes apart a datetime', () => {
    expect(datePartsFromTicks(parseDateTime('2024-06-17T08:36:32.0962391Z')!)).toEqual({
      year: 2024, month: 6, day: 17, hour: 8, minute: 36, second: 32, ticksInSecond: 962391, dayOfWeek: 1, dayOfYear: 169,
    });
    const first = datePartsFromTicks(MIN_DATETIME_TICKS);
    expect([first.year, first.month, first.day, first.dayOfWeek, first.dayOfYear]).toEqual([1, 1, 1, 1, 1]); // a Monday
    const last = datePartsFromTicks(MAX_DATETIME_TICKS);
    expect([last.year, last.month, last.day, last.hour, last.ticksInSecond, last.dayOfWeek, last.dayOfYear])
      .toEqual([9999, 12, 31, 23, 9_999_999, 5, 365]);
    expect(datePartsFromTicks(parseDateTime('2024-12-31')!).dayOfYear).toBe(366);
  });

  it('agrees between the ticks and the ms + sub layouts', () => {
    fc.assert(
      fc.property(fc.bigInt(MIN_DATETIME_TICKS, MAX_DATETIME_TICKS), (t) => {
        const ms = ticksToMs(t);
        const sub = Number(t - BigInt(ms) * 10_000n);
        expect(sub).toBeGreaterThanOrEqual(0);
        expect(sub).toBeLessThan(10_000);
        expect(datePartsFromMs(ms, sub)).toEqual(datePartsFromTicks(t));
      }),
    );
  });

  it('matches JS Date on the days it can represent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const d = new Date(ms);
        const parts = datePartsFromMs(ms);
        expect([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.dayOfWeek]).toEqual([
          d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCDay(),
        ]);
        expect(msToTicks(ms)).toBe(BigInt(ms) * 10_000n);
        expect(ticksToMs(msToTicks(ms))).toBe(ms);
      }),
    );
  });

  it('round-trips days and civil dates', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1, 1, 1)).toBe(-719162);
    fc.assert(fc.property(fc.integer({ min: -719162, max: 2932896 }), (d) => {
      const [y, m, day] = civilFromDays(d);
      expect(daysFromCivil(y, m, day)).toBe(d);
    }));
  });

  it('builds ticks from parts', () => {
    expect(ticksFromParts(2020, 1, 1)).toBe(parseDateTime('2020-01-01'));
    expect(ticksFromParts(2020, 1, 1, 1, 2, 3, 4)).toBe(parseDateTime('2020-01-01T01:02:03.0000004'));
    expect(ticksFromPartsChecked(2020, 2, 30)).toBeNull();
    expect(ticksFromPartsChecked(10000, 1, 1)).toBeNull();
    expect(ticksFromPartsChecked(9999, 12, 31, 23, 59, 59, 9_999_999)).toBe(MAX_DATETIME_TICKS);
  });

  it('floors ms toward −∞', () => {
    expect(ticksToMs(-1n)).toBe(-1);
    expect(ticksToMs(9_999n)).toBe(0);
    expect(msToTicks(1.5)).toBe(15_000n);
  });
});

describe('start of day/week/month/year', () => {
  const d = (s: string) => parseDateTime(s)!;
  it('truncates', () => {
    const t = d('2024-06-19T10:11:12.1234567Z'); // a Wednesday
    expect(formatDateTime(startOfDayTicks(t))).toBe('2024-06-19T00:00:00.0000000Z');
    expect(formatDateTime(startOfWeekTicks(t))).toBe('2024-06-16T00:00:00.0000000Z'); // Sunday (startofweek-function.md)
    expect(formatDateTime(startOfMonthTicks(t))).toBe('2024-06-01T00:00:00.0000000Z');
    expect(formatDateTime(startOfYearTicks(t))).toBe('2024-01-01T00:00:00.0000000Z');
  });
  it('works before the epoch and at the edges', () => {
    expect(formatDateTime(startOfDayTicks(d('1969-12-31T23:59:59.9999999')))).toBe('1969-12-31T00:00:00.0000000Z');
    expect(formatDateTime(startOfWeekTicks(d('1970-01-01')))).toBe('1969-12-28T00:00:00.0000000Z');
    expect(formatDateTime(startOfWeekTicks(d('2024-06-16T05:00')))).toBe('2024-06-16T00:00:00.0000000Z');
    expect(formatDateTime(startOfYearTicks(MAX_DATETIME_TICKS))).toBe('9999-01-01T00:00:00.0000000Z');
    expect(startOfMonthTicks(MIN_DATETIME_TICKS)).toBe(MIN_DATETIME_TICKS);
  });
});

describe('properties', () => {
  it('parse ∘ format is the identity on the whole range', () => {
    fc.assert(
      fc.property(fc.bigInt(MIN_DATETIME_TICKS, MAX_DATETIME_TICKS), (t) => {
        expect(parseDateTime(formatDateTime(t))).toBe(t);
        expect(parseDateTime(formatDateTimeJson(t))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });
  it('parses straight into the vector layout (ms + sub) exactly', () => {
    fc.assert(
      fc.property(fc.bigInt(MIN_DATETIME_TICKS, MAX_DATETIME_TICKS), (t) => {
        const text = formatDateTime(t);
        expect(parseDateTimeSplit(text)).toEqual(splitTicks(t));
        const ms = new Float64Array(1);
        const sub = new Uint16Array(1);
        expect(parseDateTimeInto(text, ms, sub, 0)).toBe(true);
        expect(joinTicks(ms[0]!, sub[0]!)).toBe(t);
      }),
    );
    expect(parseDateTimeSplit('nope')).toBeNull();
    expect(parseDateTimeInto('nope', new Float64Array(1), null, 0)).toBe(false);
  });
});
