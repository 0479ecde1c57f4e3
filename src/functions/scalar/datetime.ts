// Datetime functions: now, ago, datetime_diff/add/part, startof*/endof*, calendar parts, unixtime_*,
// make_datetime, make_timespan. Datetimes are bigint ticks; results outside 0001..9999 are null.
import type { Scalar } from '../../types.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../types.js';
import { allocVector, getScalar, isConst, setScalar, type Value } from '../../exec/vector.js';
import { convertTo } from '../../values/convert.js';
import {
  civilFromDays, datePartsFromTicks, daysFromCivil, daysInMonth, inDateTimeRange,
  startOfDayTicks, startOfMonthTicks, startOfWeekTicks, startOfYearTicks, ticksFromPartsChecked,
} from '../../values/datetime.js';
import {
  defineScalar, INTEGER, NUMBER, p, STRING,
  type ArgInfo, type KernelContext, type RowFn, type ScalarFunctionDef, type VectorKernel,
} from '../define.js';

const TPD = BigInt(TICKS_PER_DAY);
const TPS = BigInt(TICKS_PER_SECOND);

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
};

/** A datetime result, or null when it left Kusto's range. */
const inRange = (t: bigint): bigint | null => (inDateTimeRange(t) ? t : null);

/** Months since year 0 → ticks of day `day` in that month, the day clamped to the month's end (.NET AddMonths). */
function addMonths(ticks: bigint, months: number): bigint | null {
  const dayTicks = floorDiv(ticks, TPD);
  const timeOfDay = ticks - dayTicks * TPD;
  const [y, m, d] = civilFromDays(Number(dayTicks));
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  if (ny < 1 || ny > 9999) return null;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return inRange(BigInt(daysFromCivil(ny, nm, nd)) * TPD + timeOfDay);
}

// ───────────────────────────── now / ago ─────────────────────────────

/** Applies `f(now, arg)` to a timespan argument, keeping constants constant. */
function nowKernel(f: (now: bigint, span: number) => bigint | null): VectorKernel {
  return (args: Value[], n: number, sel: Int32Array | null, ctx: KernelContext): Value => {
    const span = args[0];
    if (span === undefined) return { kind: 'const', type: 'datetime', value: ctx.now };
    if (isConst(span)) {
      return { kind: 'const', type: 'datetime', value: span.value === null ? null : f(ctx.now, span.value as number) };
    }
    const out = allocVector('datetime', n);
    const count = sel === null ? n : sel.length;
    for (let k = 0; k < count; k++) {
      const i = sel === null ? k : sel[k]!;
      const s = getScalar(span, i);
      setScalar(out, i, s === null ? null : f(ctx.now, s as number));
    }
    return out;
  };
}

const now = defineScalar({
  name: 'now',
  signatures: [{ params: [p('offset', ['timespan'], { optional: true })], returns: 'datetime' }],
  doc: 'The current UTC time, the same for the whole query, optionally offset by a timespan.',
  example: `print a = now(), b = now(-2d)`,
  foldable: false,
  implement: () => ({ kind: 'vector', kernel: nowKernel((t, s) => inRange(t + BigInt(Math.round(s)))) }),
});

const ago = defineScalar({
  name: 'ago',
  signatures: [{ params: [p('timespan', ['timespan'])], returns: 'datetime' }],
  doc: 'now() minus a timespan.',
  example: `print a = ago(1h), b = ago(1d) < now()`,
  foldable: false,
  implement: () => ({ kind: 'vector', kernel: nowKernel((t, s) => inRange(t - BigInt(Math.round(s)))) }),
});

// ───────────────────────────── parts ─────────────────────────────

const PERIODS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond'];

/** Ticks per fixed-length unit, for the units datetime_diff counts by floor division. */
const UNIT_TICKS: Record<string, bigint> = {
  day: TPD,
  hour: BigInt(TICKS_PER_HOUR),
  minute: BigInt(TICKS_PER_MINUTE),
  second: TPS,
  millisecond: 10_000n,
  microsecond: 10n,
};

const quarterIndex = (t: bigint): number => {
  const p = datePartsFromTicks(t);
  return p.year * 4 + Math.floor((p.month - 1) / 3);
};
const monthIndex = (t: bigint): number => {
  const p = datePartsFromTicks(t);
  return p.year * 12 + p.month - 1;
};

/**
 * datetime_diff(period, a, b): the number of period boundaries crossed from b to a (calendar
 * counting, datetime-diff-function.md): year 2017-01-01 vs 2000-12-31 is 17, week counts
 * Sunday-starting weeks, smaller units count by floor division of ticks.
 */
function diffFor(period: string): ((a: bigint, b: bigint) => number) | null {
  switch (period) {
    case 'year':
      return (a, b) => datePartsFromTicks(a).year - datePartsFromTicks(b).year;
    case 'quarter':
      return (a, b) => quarterIndex(a) - quarterIndex(b);
    case 'month':
      return (a, b) => monthIndex(a) - monthIndex(b);
    case 'week':
      return (a, b) => Number((startOfWeekTicks(a) - startOfWeekTicks(b)) / (7n * TPD));
    case 'nanosecond':
      return (a, b) => Number((a - b) * 100n);
    default: {
      const unit = UNIT_TICKS[period];
      if (unit === undefined) return null;
      return (a, b) => Number(floorDiv(a, unit) - floorDiv(b, unit));
    }
  }
}

/** Resolves a (usually constant) period argument once; per row otherwise. */
function byPeriod<F>(arg: ArgInfo | undefined, resolve: (period: string) => F | null): (period: Scalar) => F | null {
  const c = arg?.constant?.value;
  if (typeof c === 'string') {
    const f = resolve(c.toLowerCase());
    return () => f;
  }
  return (period) => (typeof period === 'string' ? resolve(period.toLowerCase()) : null);
}

const datetimeDiff = defineScalar({
  name: 'datetime_diff',
  signatures: [
    {
      params: [p('part', STRING, { constant: true }), p('datetime1', ['datetime']), p('datetime2', ['datetime'])],
      returns: 'long',
    },
  ],
  doc: `The number of periods (${PERIODS.join(', ')}) between two datetimes: datetime1 - datetime2.`,
  example: `print years = datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31)), weeks = datetime_diff('week', datetime(2017-10-29), datetime(2017-09-30 23:59))`,
  implement: (args) => {
    const diff = byPeriod(args[0], diffFor);
    return (part, a, b) => {
      const f = diff(part);
      return f === null ? null : f(a as bigint, b as bigint);
    };
  },
});

/** datetime_add(period, amount, dt). */
function addFor(period: string): ((t: bigint, n: number) => bigint | null) | null {
  switch (period) {
    case 'year':
      return (t, n) => addMonths(t, n * 12);
    case 'quarter':
      return (t, n) => addMonths(t, n * 3);
    case 'month':
      return (t, n) => addMonths(t, n);
    case 'week':
      return (t, n) => inRange(t + BigInt(n) * 7n * TPD);
    case 'nanosecond':
      return (t, n) => inRange(t + BigInt(Math.trunc(n / 100)));
    default: {
      const unit = UNIT_TICKS[period];
      if (unit === undefined) return null;
      return (t, n) => inRange(t + BigInt(n) * unit);
    }
  }
}

const datetimeAdd = defineScalar({
  name: 'datetime_add',
  signatures: [
    {
      params: [p('part', STRING, { constant: true }), p('value', INTEGER), p('datetime', ['datetime'])],
      returns: 'datetime',
    },
  ],
  doc: `Adds a number of periods (${PERIODS.join(', ')}) to a datetime; months and years keep the day, clamped to the month's end.`,
  example: `print a = datetime_add('month', 1, datetime(2017-01-31)), b = datetime_add('week', 100, make_datetime(2017, 1, 1))`,
  implement: (args) => {
    const add = byPeriod(args[0], addFor);
    return (part, n, t) => {
      const f = add(part);
      return f === null || !Number.isFinite(n as number) ? null : f(t as bigint, n as number);
    };
  },
});

/** ISO 8601 week number: the week (Monday-based) containing the year's first Thursday is week 1. */
export function isoWeekOfYear(ticks: bigint): number {
  const days = Number(floorDiv(ticks, TPD));
  const isoDow = ((((days + 3) % 7) + 7) % 7) + 1; // Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday)
  const thursday = days - isoDow + 4;
  const [y] = civilFromDays(thursday);
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

function partFor(part: string): ((t: bigint) => number) | null {
  switch (part) {
    case 'year':
      return (t) => datePartsFromTicks(t).year;
    case 'quarter':
      return (t) => Math.floor((datePartsFromTicks(t).month - 1) / 3) + 1;
    case 'month':
      return (t) => datePartsFromTicks(t).month;
    case 'week_of_year':
      return isoWeekOfYear;
    case 'day':
      return (t) => datePartsFromTicks(t).day;
    case 'dayofyear':
      return (t) => datePartsFromTicks(t).dayOfYear;
    case 'hour':
      return (t) => datePartsFromTicks(t).hour;
    case 'minute':
      return (t) => datePartsFromTicks(t).minute;
    case 'second':
      return (t) => datePartsFromTicks(t).second;
    case 'millisecond':
      return (t) => Math.floor(datePartsFromTicks(t).ticksInSecond / 10_000);
    case 'microsecond':
      return (t) => Math.floor(datePartsFromTicks(t).ticksInSecond / 10);
    case 'nanosecond':
      return (t) => datePartsFromTicks(t).ticksInSecond * 100;
    default:
      return null;
  }
}

const datetimePart = defineScalar({
  name: 'datetime_part',
  aliases: ['datepart'],
  signatures: [{ params: [p('part', STRING, { constant: true }), p('date', ['datetime'])], returns: 'int' }],
  doc: 'One part of a datetime as an int: year, quarter, month, week_of_year (ISO 8601), day, dayofyear, hour, minute, second, millisecond, microsecond, nanosecond.',
  example: `print month = datetime_part("month", datetime(2017-10-30 01:02:03.7654321)), week = datetime_part("week_of_year", datetime(2017-10-30))`,
  implement: (args) => {
    const part = byPeriod(args[0], partFor);
    return (name, t) => {
      const f = part(name);
      return f === null ? null : f(t as bigint);
    };
  },
});

/** A one-datetime function returning a calendar number. */
function datePart(name: string, doc: string, example: string, f: (t: bigint) => number, aliases?: string[]) {
  return defineScalar({
    name,
    ...(aliases ? { aliases } : {}),
    signatures: [{ params: [p('date', ['datetime'])], returns: 'int' }],
    doc,
    example,
    implement: () => (t) => f(t as bigint),
  });
}

const dayofmonth = datePart('dayofmonth', 'The day of the month, 1–31.', `print dayofmonth(datetime(2015-12-14))`, (t) => datePartsFromTicks(t).day);
const dayofyear = datePart('dayofyear', 'The day of the year, 1–366.', `print dayofyear(datetime(2015-12-14))`, (t) => datePartsFromTicks(t).dayOfYear);
const getyear = datePart('getyear', 'The year of a datetime.', `print year = getyear(datetime(2015-10-12))`, (t) => datePartsFromTicks(t).year);
const getmonth = datePart('getmonth', 'The month of a datetime, 1–12.', `print month = getmonth(datetime(2015-10-12))`, (t) => datePartsFromTicks(t).month, ['monthofyear']);
const hourofday = datePart('hourofday', 'The hour of the day, 0–23.', `print hour = hourofday(datetime(2015-12-14 18:54))`, (t) => datePartsFromTicks(t).hour);
const weekOfYear = datePart('week_of_year', 'The ISO 8601 week number of a datetime.', `print week_of_year(datetime(2020-12-31))`, isoWeekOfYear);

const dayofweek = defineScalar({
  name: 'dayofweek',
  signatures: [{ params: [p('date', ['datetime'])], returns: 'timespan' }],
  doc: 'The days since the preceding Sunday, as a timespan (Monday is 1.00:00:00).',
  example: `print a = dayofweek(datetime(1970-05-11)), b = toint(dayofweek(datetime(1970-05-12)) / 1d)`,
  implement: () => (t) => datePartsFromTicks(t as bigint).dayOfWeek * TICKS_PER_DAY,
});

// ───────────────────────────── startof / endof ─────────────────────────────

/** startof<unit>(date[, offset]): the unit's start, moved by offset whole units. */
function startOf(unit: 'day' | 'week' | 'month' | 'year', t: bigint, offset: number): bigint | null {
  switch (unit) {
    case 'day':
      return inRange(startOfDayTicks(t) + BigInt(offset) * TPD);
    case 'week':
      return inRange(startOfWeekTicks(t) + BigInt(offset) * 7n * TPD);
    case 'month':
      return addMonths(startOfMonthTicks(t), offset);
    case 'year':
      return addMonths(startOfYearTicks(t), offset * 12);
  }
}

function boundary(unit: 'day' | 'week' | 'month' | 'year', end: boolean, aliasDoc: string, example: string) {
  const name = (end ? 'endof' : 'startof') + unit;
  return defineScalar({
    name,
    signatures: [{ params: [p('date', ['datetime']), p('offset', ['long'], { optional: true })], returns: 'datetime' }],
    doc: aliasDoc,
    example,
    implement: (): RowFn => (t, offset) => {
      const o = (offset as number | undefined) ?? 0;
      if (!Number.isInteger(o)) return null;
      const start = startOf(unit, t as bigint, o);
      if (!end || start === null) return start;
      return lastTickOf(unit, start);
    },
  });
}

/** The last tick of the unit starting at `start`, for units that end at the edge of the datetime range. */
function lastTickOf(unit: 'day' | 'week' | 'month' | 'year', start: bigint): bigint | null {
  const p = datePartsFromTicks(start);
  switch (unit) {
    case 'day':
      return inRange(start + TPD - 1n);
    case 'week':
      return inRange(start + 7n * TPD - 1n);
    case 'month':
      return inRange(start + BigInt(daysInMonth(p.year, p.month)) * TPD - 1n);
    case 'year':
      return inRange(start + BigInt(daysFromCivil(p.year + 1, 1, 1) - daysFromCivil(p.year, 1, 1)) * TPD - 1n);
  }
}

const startofday = boundary('day', false, 'Midnight of the day of a datetime, optionally offset by whole days.', `print startofday(datetime(2017-01-01 10:10:17), -1)`);
const startofweek = boundary('week', false, 'The start of the (Sunday-based) week of a datetime, optionally offset by whole weeks.', `print startofweek(datetime(2017-01-01 10:10:17), 1)`);
const startofmonth = boundary('month', false, 'The first day of the month of a datetime, optionally offset by whole months.', `print startofmonth(datetime(2017-01-01 10:10:17), -1)`);
const startofyear = boundary('year', false, 'The first day of the year of a datetime, optionally offset by whole years.', `print startofyear(datetime(2017-01-01 10:10:17), 1)`);
const endofday = boundary('day', true, 'The last tick of the day of a datetime, optionally offset by whole days.', `print endofday(datetime(2017-01-01 10:10:17), 1)`);
const endofweek = boundary('week', true, 'The last tick of the (Sunday-based) week of a datetime, optionally offset by whole weeks.', `print endofweek(datetime(2017-01-01 10:10:17))`);
const endofmonth = boundary('month', true, 'The last tick of the month of a datetime, optionally offset by whole months.', `print endofmonth(datetime(2017-01-01 10:10:17), 1)`);
const endofyear = boundary('year', true, 'The last tick of the year of a datetime, optionally offset by whole years.', `print endofyear(datetime(2017-01-01 10:10:17))`);

// ───────────────────────────── unix time ─────────────────────────────

/** A number of `unitTicks`-long units since the Unix epoch → datetime (fractions rounded to the tick). */
function fromUnix(name: string, unitTicks: number, doc: string, example: string) {
  return defineScalar({
    name,
    signatures: [{ params: [p('number', NUMBER)], returns: 'datetime' }],
    doc,
    example,
    implement: () => (x) => {
      const v = x as number;
      if (!Number.isFinite(v)) return null;
      // Integers exactly (BigInt), fractions through a double.
      const ticks = Number.isInteger(v)
        ? unitTicks >= 1
          ? BigInt(v) * BigInt(unitTicks)
          : floorDiv(BigInt(v), BigInt(Math.round(1 / unitTicks)))
        : BigInt(Math.round(v * unitTicks));
      return inRange(ticks);
    },
  });
}

const unixSeconds = fromUnix('unixtime_seconds_todatetime', TICKS_PER_SECOND, 'Seconds since 1970-01-01 → datetime.', `print date_time = unixtime_seconds_todatetime(1546300800)`);
const unixMillis = fromUnix('unixtime_milliseconds_todatetime', 10_000, 'Milliseconds since 1970-01-01 → datetime.', `print date_time = unixtime_milliseconds_todatetime(1546300800000)`);
const unixMicros = fromUnix('unixtime_microseconds_todatetime', 10, 'Microseconds since 1970-01-01 → datetime.', `print date_time = unixtime_microseconds_todatetime(1546300800000000)`);
const unixNanos = fromUnix('unixtime_nanoseconds_todatetime', 0.01, 'Nanoseconds since 1970-01-01 → datetime.', `print date_time = unixtime_nanoseconds_todatetime(1546300800000000000)`);

// ───────────────────────────── make_datetime / make_timespan ─────────────────────────────

const makeDatetime = defineScalar({
  name: 'make_datetime',
  signatures: [
    {
      params: [
        p('year', NUMBER), p('month', NUMBER), p('day', NUMBER),
        p('hour', NUMBER, { optional: true }), p('minute', NUMBER, { optional: true }), p('second', NUMBER, { optional: true }),
      ],
      returns: 'datetime',
    },
    { params: [p('value', 'any')], returns: 'datetime' },
  ],
  doc: 'A datetime from year, month, day and optional hour, minute and (fractional) second; null when invalid.',
  example: `print a = make_datetime(2017, 10, 01), b = make_datetime(2017, 10, 01, 12, 11, 0.1234567)`,
  implement: (args) => {
    if (args.length === 1) {
      const t = args[0]!.type;
      return (v) => convertTo('datetime', t, v);
    }
    return (...vs) => {
      const [y, mo, d, h = 0, mi = 0, s = 0] = vs as number[];
      if (![y, mo, d, h, mi].every((x) => Number.isInteger(x))) return null;
      if (!Number.isFinite(s) || s < 0 || s >= 60) return null;
      const whole = Math.floor(s);
      const frac = Math.round((s - whole) * TICKS_PER_SECOND);
      return ticksFromPartsChecked(y!, mo!, d!, h, mi, whole, Math.min(frac, TICKS_PER_SECOND - 1));
    };
  },
});

const makeTimespan = defineScalar({
  name: 'make_timespan',
  signatures: [
    // make-timespan-function.md: the second is a real (0 to 59.9999999), e.g. make_timespan(1,12,30,55.123)
    { params: [p('days', INTEGER), p('hours', INTEGER), p('minutes', INTEGER), p('seconds', NUMBER)], returns: 'timespan' },
    { params: [p('hours', INTEGER), p('minutes', INTEGER), p('seconds', NUMBER, { optional: true })], returns: 'timespan' },
    { params: [p('value', 'any')], returns: 'timespan' },
  ],
  doc: 'A timespan from [days,] hours, minutes[, seconds].',
  example: `print a = make_timespan(1, 12, 30, 55), b = make_timespan(17, 30)`,
  implement: (args) => {
    if (args.length === 1) {
      const t = args[0]!.type;
      return (v) => convertTo('timespan', t, v);
    }
    return (...vs) => {
      const [d, h, m, s] = args.length === 4 ? (vs as number[]) : [0, ...(vs as number[])];
      // whole ticks: 55.123 s is 551230000 ticks, not the 551230000.0000001 a float product gives
      return (d ?? 0) * TICKS_PER_DAY + (h ?? 0) * TICKS_PER_HOUR + (m ?? 0) * TICKS_PER_MINUTE + Math.round((s ?? 0) * TICKS_PER_SECOND);
    };
  },
});

export const datetimeFunctions: ScalarFunctionDef[] = [
  now, ago, datetimeDiff, datetimeAdd, datetimePart,
  dayofweek, dayofmonth, dayofyear, getyear, getmonth, hourofday, weekOfYear,
  startofday, startofweek, startofmonth, startofyear, endofday, endofweek, endofmonth, endofyear,
  unixSeconds, unixMillis, unixMicros, unixNanos, makeDatetime, makeTimespan,
];
