// Parses, formats and takes apart KQL datetimes: bigint 100-ns ticks since the Unix epoch, always UTC.

const TPS = 10_000_000n;
const TPD = 864_000_000_000n;
const TPMS = 10_000n;
const SECONDS_PER_DAY = 86_400;

/** 0001-01-01T00:00:00Z, Kusto's (and .NET's) smallest datetime. */
export const MIN_DATETIME_TICKS = -621_355_968_000_000_000n;
/** 9999-12-31T23:59:59.9999999Z, the largest. */
export const MAX_DATETIME_TICKS = 2_534_023_007_999_999_999n;

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!);

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse of `daysFromCivil` → [year, month 1–12, day 1–31]. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

// ---- conversions -------------------------------------------------------------------------------

/** Unix milliseconds (a JS `Date` value; fractions kept to the tick) → ticks. */
export function msToTicks(ms: number): bigint {
  const whole = Math.floor(ms);
  const sub = Math.round((ms - whole) * 10_000);
  return BigInt(whole) * TPMS + BigInt(sub);
}

/** ticks → Unix milliseconds, rounding down (toward −∞) to a whole millisecond. */
export function ticksToMs(ticks: bigint): number {
  let ms = ticks / TPMS;
  if (ticks % TPMS < 0n) ms -= 1n;
  return Number(ms);
}

/** [whole seconds since the epoch, ticks 0..9_999_999 inside that second] — both plain numbers. */
function splitSeconds(ticks: bigint): [number, number] {
  let sec = ticks / TPS;
  let rem = ticks % TPS;
  if (rem < 0n) {
    rem += TPS;
    sec -= 1n;
  }
  return [Number(sec), Number(rem)];
}

export interface DateParts {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
  hour: number;
  minute: number;
  second: number;
  ticksInSecond: number; // 0..9_999_999
  dayOfWeek: number; // 0 = Sunday … 6 = Saturday (.NET DayOfWeek)
  dayOfYear: number; // 1–366
}

function partsFromSeconds(sec: number, ticksInSecond: number): DateParts {
  const days = Math.floor(sec / SECONDS_PER_DAY);
  let secOfDay = sec - days * SECONDS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const hour = Math.floor(secOfDay / 3600);
  secOfDay -= hour * 3600;
  const minute = Math.floor(secOfDay / 60);
  const second = secOfDay - minute * 60;
  const dayOfWeek = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const dayOfYear = days - daysFromCivil(year, 1, 1) + 1;
  return { year, month, day, hour, minute, second, ticksInSecond, dayOfWeek, dayOfYear };
}

/** Calendar parts of a datetime, by integer arithmetic (proleptic Gregorian, years 1–9999 and beyond). */
export function datePartsFromTicks(ticks: bigint): DateParts {
  const [sec, rem] = splitSeconds(ticks);
  return partsFromSeconds(sec, rem);
}

/** Same, from the vector layout (whole Unix ms + sub-ms ticks) without BigInt. */
export function datePartsFromMs(ms: number, subTicks = 0): DateParts {
  const sec = Math.floor(ms / 1000);
  return partsFromSeconds(sec, (ms - sec * 1000) * 10_000 + subTicks);
}

/** Calendar parts → ticks. No validation: out-of-range parts roll over arithmetically (month must be 1–12). */
export function ticksFromParts(
  year: number, month: number, day: number,
  hour = 0, minute = 0, second = 0, ticksInSecond = 0,
): bigint {
  const sec = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  return BigInt(sec) * TPS + BigInt(ticksInSecond);
}

/** Calendar parts → ticks, or null when a part is out of range or the result leaves 0001..9999. */
export function ticksFromPartsChecked(
  year: number, month: number, day: number,
  hour = 0, minute = 0, second = 0, ticksInSecond = 0,
): bigint | null {
  return build(year, month, day, hour, minute, second, ticksInSecond, 0) ? boxTicks() : null;
}

export const inDateTimeRange = (ticks: bigint): boolean => ticks >= MIN_DATETIME_TICKS && ticks <= MAX_DATETIME_TICKS;

// ---- truncation --------------------------------------------------------------------------------

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
};

export const startOfDayTicks = (ticks: bigint): bigint => floorDiv(ticks, TPD) * TPD;

export function startOfMonthTicks(ticks: bigint): bigint {
  const [y, m] = civilFromDays(Number(floorDiv(ticks, TPD)));
  return BigInt(daysFromCivil(y, m, 1)) * TPD;
}

export function startOfYearTicks(ticks: bigint): bigint {
  const [y] = civilFromDays(Number(floorDiv(ticks, TPD)));
  return BigInt(daysFromCivil(y, 1, 1)) * TPD;
}

/** Midnight of the Sunday on or before `ticks` (Kusto's `startofweek`). */
export function startOfWeekTicks(ticks: bigint): bigint {
  const days = Number(floorDiv(ticks, TPD));
  const dow = (((days + 4) % 7) + 7) % 7;
  return BigInt(days - dow) * TPD;
}

// ---- formatting --------------------------------------------------------------------------------

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));
const pad4 = (n: number): string => (n >= 1000 ? String(n) : String(n).padStart(4, '0'));

function formatBase(p: DateParts): string {
  return (
    pad4(p.year) + '-' + pad2(p.month) + '-' + pad2(p.day) +
    'T' + pad2(p.hour) + ':' + pad2(p.minute) + ':' + pad2(p.second)
  );
}

/** Kusto's `tostring(datetime)`: always 7 fractional digits, e.g. `2020-01-01T00:00:00.0000000Z`. */
export function formatDateTime(ticks: bigint): string {
  const p = datePartsFromTicks(ticks);
  return formatBase(p) + '.' + String(p.ticksInSecond).padStart(7, '0') + 'Z';
}

/** ISO 8601 UTC for JSON output: trailing fraction zeros trimmed, fraction omitted when zero. */
export function formatDateTimeJson(ticks: bigint): string {
  const p = datePartsFromTicks(ticks);
  if (p.ticksInSecond === 0) return formatBase(p) + 'Z';
  return formatBase(p) + '.' + String(p.ticksInSecond).padStart(7, '0').replace(/0+$/, '') + 'Z';
}

// ---- parsing -----------------------------------------------------------------------------------

// The parsers below leave their result in these two scratch slots and return true, or return
// false; callers box it as a bigint or as the vector's ms + sub pair without allocating twice.
let outSec = 0; // whole seconds since the epoch
let outFrac = 0; // ticks 0..9_999_999 within the second

const MIN_SECONDS = -62_135_596_800; // 0001-01-01
const MAX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59

/** Validates parts into the scratch slots (offset in minutes east of UTC is subtracted); false if invalid. */
function build(
  y: number, mo: number, d: number, h: number, mi: number, s: number, frac: number, offsetMinutes: number,
): boolean {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  if (h > 23 || mi > 59 || s > 59) return false;
  let sec = daysFromCivil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + s - offsetMinutes * 60;
  if (frac >= 10_000_000) {
    // a rounded 8th fraction digit carried into the next second
    frac -= 10_000_000;
    sec += 1;
  }
  if (sec < MIN_SECONDS || sec > MAX_SECONDS) return false;
  outSec = sec;
  outFrac = frac;
  return true;
}

const boxTicks = (): bigint => BigInt(outSec) * TPS + BigInt(outFrac);

/** digit at i, or -1 (also past the end: NaN comparisons fail) */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Fraction digits → ticks: the first 7 digits exactly, the 8th rounds half up (as .NET's parser
 * rounds; doubt: Kusto may truncate). The result may be 10_000_000 (carry into the next second).
 */
function fractionToTicks(s: string, start: number, end: number): number {
  let t = 0;
  for (let i = 0; i < 7; i++) t = t * 10 + (start + i < end ? s.charCodeAt(start + i) - 48 : 0);
  if (end - start > 7 && s.charCodeAt(start + 7) - 48 >= 5) t += 1;
  return t;
}

/**
 * The common ISO shape `yyyy-MM-dd[(T| )HH:mm[:ss[.f…]]][Z|±HH[:]mm]`, by hand (this runs on
 * millions of values at load). Returns 1 (parsed into the scratch slots), 0 (this shape but invalid),
 * or -1 when `s` has another shape, for the general parser.
 */
function parseIsoFast(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const mo = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0) return -1;
  const y = y1 * 100 + y2;
  if (n === 10) return build(y, mo, d, 0, 0, 0, 0, 0) ? 1 : 0;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 116 && sep !== 32) || n < 16 || s.charCodeAt(13) !== 58) return -1; // T t ' ' ':'
  const h = twoDigits(s, 11);
  const mi = twoDigits(s, 14);
  if (h < 0 || mi < 0) return -1;
  let i = 16;
  let sec = 0;
  let frac = 0;
  if (i < n && s.charCodeAt(i) === 58) {
    sec = twoDigits(s, i + 1);
    if (sec < 0) return -1;
    i += 3;
    if (i < n && s.charCodeAt(i) === 46) {
      const start = ++i;
      while (i < n && digitAt(s, i) >= 0) i++;
      if (i === start) return -1;
      frac = fractionToTicks(s, start, i);
    }
  }
  let offset = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 90 || c === 122) i++; // Z z
    else if (c === 43 || c === 45) {
      // ±HH[:]mm or ±HH
      const oh = twoDigits(s, i + 1);
      if (oh < 0) return -1;
      i += 3;
      let om = 0;
      if (i < n) {
        if (s.charCodeAt(i) === 58) i++;
        om = twoDigits(s, i);
        if (om < 0) return -1;
        i += 2;
      }
      if (oh > 14 || om > 59) return 0;
      offset = (oh * 60 + om) * (c === 45 ? -1 : 1);
    } else return -1;
  }
  if (i !== n) return -1;
  return build(y, mo, d, h, mi, sec, frac, offset) ? 1 : 0;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, sept: 9,
  september: 9, october: 10, november: 11, december: 12,
};

const WEEKDAYS = new Set([
  'sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat',
  'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
]);

/** Zone names RFC 822 defines → minutes east of UTC. */
const ZONES: Record<string, number> = {
  z: 0, gmt: 0, ut: 0, utc: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

// Shared pieces of the general patterns (capture groups: time = 5, zone = 1).
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:\s*([AaPp][Mm]))?`;
const ZONE = String.raw`(?:\s*([Zz]|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,4}))?`;

/** yyyy-M-d / yyyy/M/d [time] [zone] (ISO with one-digit parts, "sortable" forms with a zone name) */
const YMD = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:[Tt]|\s+)${TIME})?${ZONE}$`);
/** M/d/yyyy, M-d-yyyy or M.d.yyyy [time] [zone] — month first, as invariant culture (KUSTO-SEMANTICS rule 16) */
const MDY = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:(?:[Tt]|\s+)${TIME})?${ZONE}$`);
/** RFC 822 / 1123 / 850: [weekday,] d Mon yy[yy] [time] [zone], with spaces or dashes */
const RFC = new RegExp(String.raw`^(?:([A-Za-z]+),?\s+)?(\d{1,2})([-\s]+)([A-Za-z]+)\3(\d{4}|\d{2})(?:\s+${TIME})?${ZONE}$`);
/** [weekday,] Mon d[,] yyyy [time] [zone] */
const MONTH_FIRST = new RegExp(String.raw`^(?:([A-Za-z]+),?\s+)?([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})(?:\s+${TIME})?${ZONE}$`);

/** yyyyMMdd (measured: `todatetime('20221202')` is 2022-12-02, duckdb-kql test_datetime_traps.py) */
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Reads the time and zone captures starting at group `k`; builds ticks. */
function fromMatch(m: RegExpExecArray, k: number, y: number, mo: number, d: number): boolean {
  let h = 0;
  let mi = 0;
  let s = 0;
  let frac = 0;
  if (m[k] !== undefined) {
    h = Number(m[k]);
    mi = Number(m[k + 1]);
    if (m[k + 2] !== undefined) s = Number(m[k + 2]);
    const f = m[k + 3];
    if (f !== undefined) frac = fractionToTicks(f, 0, f.length);
    const ampm = m[k + 4];
    if (ampm !== undefined) {
      if (h < 1 || h > 12) return false;
      const pm = ampm[0] === 'p' || ampm[0] === 'P';
      h = (h % 12) + (pm ? 12 : 0);
    }
  }
  let offset = 0;
  const z = m[k + 5];
  if (z !== undefined) {
    const c = z.charCodeAt(0);
    if (c === 43 || c === 45) {
      const digits = z.replace(':', '');
      const oh = Number(digits.slice(1, 3));
      const om = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
      if (oh > 14 || om > 59) return false;
      offset = (oh * 60 + om) * (c === 45 ? -1 : 1);
    } else {
      const zone = ZONES[z.toLowerCase()];
      if (zone === undefined) return false;
      offset = zone;
    }
  }
  return build(y, mo, d, h, mi, s, frac, offset);
}

/** Two-digit years as .NET reads them (TwoDigitYearMax 2049): 00–49 → 20xx, 50–99 → 19xx. */
const expandYear = (text: string): number => {
  const y = Number(text);
  return text.length > 2 ? y : y < 50 ? 2000 + y : 1900 + y;
};

const weekdayOk = (w: string | undefined): boolean => w === undefined || WEEKDAYS.has(w.toLowerCase());

function parseGeneral(text: string): boolean {
  const s = text.trim();
  if (s.length === 0) return false;
  const fast = parseIsoFast(s);
  if (fast >= 0) return fast === 1;
  let m = YMD.exec(s);
  if (m !== null) return fromMatch(m, 5, Number(m[1]), Number(m[3]), Number(m[4]));
  m = MDY.exec(s);
  if (m !== null) return fromMatch(m, 5, Number(m[4]), Number(m[1]), Number(m[3]));
  m = COMPACT.exec(s);
  if (m !== null) return build(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0, 0);
  m = RFC.exec(s);
  if (m !== null) {
    const mo = MONTHS[m[4]!.toLowerCase()];
    if (mo === undefined || !weekdayOk(m[1])) return false;
    return fromMatch(m, 6, expandYear(m[5]!), mo, Number(m[2]));
  }
  m = MONTH_FIRST.exec(s);
  if (m !== null) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    if (mo === undefined || !weekdayOk(m[1])) return false;
    return fromMatch(m, 5, Number(m[4]), mo, Number(m[3]));
  }
  return false;
}

/** Parses into the scratch slots: the exact ISO fast path first, untrimmed, then everything else. */
function parseInto(text: string): boolean {
  const fast = parseIsoFast(text);
  return fast >= 0 ? fast === 1 : parseGeneral(text);
}

/**
 * Text → datetime ticks as Kusto's `datetime(...)` literal and `todatetime()` read it, or null.
 * ISO 8601 (`T` or space, optional seconds/fraction, `Z` or ±hh:mm offsets converted to UTC;
 * fractions past 7 digits rounded), date only, RFC 822/1123/850, M/d/yyyy and M-d-yyyy (month
 * first; also M.d.yyyy), yyyyMMdd, `Mon d, yyyy`. Results outside 0001-01-01 … 9999-12-31T23:59:59.9999999 are null.
 * The weekday name, when present, is not checked against the date (doubt: .NET checks it).
 */
export function parseDateTime(text: string): bigint | null {
  return parseInto(text) ? boxTicks() : null;
}

/**
 * `parseDateTime` straight into the vector layout (exec/vector.ts): writes whole Unix milliseconds
 * to `ms[i]` and the sub-millisecond ticks (0..9999) to `sub[i]`, returning false (writing nothing)
 * when the text is not a datetime. No BigInt: this is the loader's hot path.
 */
export function parseDateTimeInto(text: string, ms: Float64Array, sub: Uint16Array | null, i: number): boolean {
  if (!parseInto(text)) return false;
  const subMs = outFrac % 10_000;
  ms[i] = outSec * 1000 + (outFrac - subMs) / 10_000;
  if (sub !== null) sub[i] = subMs;
  return true;
}

/** Like `parseDateTimeInto`, as a pair [whole Unix ms, sub-ms ticks 0..9999], or null. */
export function parseDateTimeSplit(text: string): [ms: number, sub: number] | null {
  if (!parseInto(text)) return null;
  const subMs = outFrac % 10_000;
  return [outSec * 1000 + (outFrac - subMs) / 10_000, subMs];
}

/**
 * The text inside a `datetime(...)` literal: `min`/`max` as Kusto.Language reads them, a quoted
 * string (`datetime('12-02-2022')`, todatetime-function.md) unquoted, else `parseDateTime`.
 */
export function parseDateTimeLiteral(text: string): bigint | null {
  let t = text.trim();
  const q = t[0];
  if ((q === "'" || q === '"') && t.length >= 2 && t[t.length - 1] === q) t = t.slice(1, -1);
  if (t === 'min') return MIN_DATETIME_TICKS;
  if (t === 'max') return MAX_DATETIME_TICKS;
  // datetime(2025, 6, 14[, h, m, s]): the comma form (startofweek-function.md uses it; the analyzer accepts it)
  const parts = /^(\d{1,4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\.(\d{1,7}))?)?)?)?$/.exec(t);
  if (parts) {
    const n = (k: number) => (parts[k] === undefined ? 0 : Number(parts[k]));
    const frac = parts[7] === undefined ? 0 : Number(parts[7].padEnd(7, '0'));
    return ticksFromPartsChecked(n(1), n(2), n(3), n(4), n(5), n(6), frac);
  }
  return parseDateTime(t);
}

/** ticks as a JS Date (millisecond precision, rounded down). */
export const ticksToDate = (ticks: bigint): Date => new Date(ticksToMs(ticks));

