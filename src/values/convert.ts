// Kusto's conversion functions (tostring, tobool, toint, tolong, toreal, todecimal, todatetime,
// totimespan, toguid, todynamic) over boxed scalars: null on failure, never a throw.
import type { KqlType, Scalar } from '../types.js';
import { formatDateTime, MAX_DATETIME_TICKS, MIN_DATETIME_TICKS, parseDateTime } from './datetime.js';
import { dynamicToString, parseJson } from './dynamic.js';
import { formatDecimal, formatReal } from './real.js';
import { formatTimespan, MAX_TIMESPAN_TICKS, MIN_TIMESPAN_TICKS, parseTimespanText } from './timespan.js';
import { boxLong, parseLongText } from './long.js';
import { decFromDouble, decFromLong, decFromText, decTrunc, formatDecBox, unboxDec, type DecBox } from './decimal.js';

export { formatReal, formatDecimal };

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -9223372036854775808; // as doubles: ±2^63
const LONG_MAX = 9223372036854775807;
export const INT_RANGE: [bigint, bigint] = [-2147483648n, 2147483647n];
export const LONG_RANGE: [bigint, bigint] = [-9223372036854775808n, 9223372036854775807n];

/**
 * Kusto's `tostring(value)`: null → `""`; bool → `True`/`False` (.NET spelling, measured on the
 * emulator by duckdb-kql test_tostring.py — a dynamic `true` prints lowercase); int/long → digits;
 * real → `formatReal`; decimal → positional digits; datetime → `2020-01-01T00:00:00.0000000Z`
 * (KUSTO-SEMANTICS rule 17); timespan → `formatTimespan`; guid → lowercase; dynamic → `dynamicToString`.
 */
export function toStringValue(type: KqlType, v: Scalar): string {
  if (v === null) return '';
  switch (type) {
    case 'string':
    case 'guid':
      return v as string;
    case 'bool':
      return v ? 'True' : 'False';
    case 'int':
    case 'long':
      return typeof v === 'bigint' || Number.isInteger(v) ? String(v) : formatReal(v as number);
    case 'real':
      return formatReal(v as number);
    case 'decimal':
      return formatDecBox(v as DecBox);
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as number);
    case 'dynamic':
      return dynamicToString(v);
  }
}

// ---- text readers ------------------------------------------------------------------------------

const INTEGER_TEXT = /^[+-]?\d+$/;
const HEX_TEXT = /^0[xX][0-9a-fA-F]+$/;
const REAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Integer text as `tolong` reads it → a number within [min, max], or null: optional sign and
 * digits, surrounding whitespace trimmed, or `0x` hex; no fractions, exponents or separators
 * (`'5.7'`, `'1e3'`, `'1,000'` → null; `' 7 '` → 7; `'0x10'` → 16 — duckdb-kql
 * test_type_conversions.py). Out of range → null. Values past 2^53 are rounded to doubles.
 */
export function parseIntegerText(text: string, min: bigint, max: bigint): number | null {
  const s = text.trim();
  if (INTEGER_TEXT.test(s)) {
    if (s.length < 16) {
      // Exact as a double: compare directly.
      const n = Number(s);
      return n < Number(min) || n > Number(max) ? null : n + 0; // + 0 turns -0 into 0
    }
  } else if (!HEX_TEXT.test(s)) return null;
  const b = BigInt(s);
  return b < min || b > max ? null : Number(b);
}

const SPECIAL_REALS: Record<string, number> = {
  nan: NaN, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, '∞': Infinity, '-∞': -Infinity,
};

/**
 * Real text as `toreal` reads it (.NET `double.Parse`, invariant culture) → number or null:
 * `'5.7'`, `'1e3'`, `' 7 '`, `'5.'`, `'.5'`, `NaN`, `Infinity`; not hex, not `'1,000'`, not `''`.
 */
export function parseRealText(text: string): number | null {
  const s = text.trim();
  if (REAL_TEXT.test(s)) return Number(s);
  const special = SPECIAL_REALS[s.toLowerCase()];
  return special === undefined ? null : special;
}

/** `tobool` text: `true`/`false` in any case, or integer text by non-zero-ness (`'2'` true, `'1.5'` null). */
export function parseBoolText(text: string): boolean | null {
  const s = text.trim();
  const lower = s.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  const n = parseIntegerText(s, ...LONG_RANGE);
  return n === null ? null : n !== 0;
}

/**
 * `toguid` text: the first 32 hex digits, hyphens anywhere ignored, the rest of the text ignored
 * (toguid-function.md: `0123456789ab-cdef-0123-456789abcdef` converts). An optional `{` or `(`
 * may open it. Uppercase digits are lowered.
 */
export function parseGuidLenient(text: string): string | null {
  const s = text.trim();
  let hex = '';
  let i = s.charCodeAt(0) === 0x7b || s.charCodeAt(0) === 0x28 ? 1 : 0;
  for (; i < s.length && hex.length < 32; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 /* - */) continue;
    const isHex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!isHex) return null;
    hex += s[i];
  }
  if (hex.length < 32) return null;
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- numeric helpers ---------------------------------------------------------------------------

/** Truncates toward zero and clamps into [min, max]; NaN → null. */
function truncSaturate(x: number, min: number, max: number): number | null {
  if (Number.isNaN(x)) return null;
  const t = Math.trunc(x);
  return (t < min ? min : t > max ? max : t) + 0;
}

/** A long's low 32 bits as a signed int (`toint(9999999999)` = 1410065407, measured). */
const wrapInt32 = (x: number): number => x | 0;

/** datetime → .NET ticks since 0001-01-01 (what `tolong(datetime)` yields: 637134336000000000 for 2020-01-01). */
const dotnetTicks = (t: bigint): bigint => t - MIN_DATETIME_TICKS;

// ---- convertTo ---------------------------------------------------------------------------------

/**
 * Converts a boxed value of `sourceType` to `target` with Kusto's `to<target>()` semantics; null
 * (or `''` for string) when it cannot. Numbers from datetimes and timespans are their ticks
 * (datetimes counted from 0001-01-01, as .NET and Kusto do); reals to integers truncate toward zero
 * and saturate; longs to int wrap to 32 bits; dynamic sources convert by their content.
 */
export function convertTo(target: KqlType, sourceType: KqlType, v: Scalar): Scalar {
  if (v === null || v === undefined) return target === 'string' ? '' : null;
  switch (target) {
    case 'string':
      return toStringValue(sourceType, v);
    case 'bool':
      return toBool(sourceType, v);
    case 'int':
      return toInt(sourceType, v);
    case 'long':
      return toLong(sourceType, v);
    case 'real':
      return toReal(sourceType, v);
    case 'decimal':
      return toDecimal(sourceType, v);
    case 'datetime':
      return toDateTime(sourceType, v);
    case 'timespan':
      return toTimespan(sourceType, v);
    case 'guid':
      return toGuid(sourceType, v);
    case 'dynamic':
      return toDynamic(sourceType, v);
  }
}

/** The KQL type a dynamic's content converts as, or null for arrays and bags (which convert to nothing). */
function dynamicContentType(v: unknown): KqlType | null {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(v) ? 'long' : 'real'; // past 2^53 a long is a bigint (below)
    case 'bigint': // a long beyond 2^53
      return 'long';
    case 'string':
      return 'string';
    default:
      return null;
  }
}

function toBool(type: KqlType, v: Scalar): boolean | null {
  switch (type) {
    case 'bool':
      return v as boolean;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return Number.isNaN(v) ? null : v !== 0; // tobool(123) == true (tobool-function.md)
    case 'string':
      return parseBoolText(v as string);
    case 'dynamic': {
      const t = dynamicContentType(v);
      return t === null ? null : toBool(t, v);
    }
    default:
      return null; // datetime, timespan, guid: no documented conversion
  }
}

function toLong(type: KqlType, v: Scalar): number | bigint | null {
  switch (type) {
    case 'bool':
      return v ? 1 : 0;
    case 'int':
    case 'long':
      return v as number | bigint;
    case 'decimal': {
      // exact: the integer part, saturated to the long range
      const d = unboxDec(v as DecBox);
      if (d === null) return null;
      const t = decTrunc(d);
      return boxLong(t < LONG_RANGE[0] ? LONG_RANGE[0] : t > LONG_RANGE[1] ? LONG_RANGE[1] : t);
    }
    case 'real': {
      const t = truncSaturate(v as number, LONG_MIN, LONG_MAX);
      // beyond 2^53 a double is still an integer: its exact value (2^63 saturates to the largest long)
      if (t === null || Number.isSafeInteger(t)) return t;
      return t >= LONG_MAX ? LONG_RANGE[1] : boxLong(BigInt(t));
    }
    case 'string':
      return parseLongText(v as string, ...LONG_RANGE);
    case 'datetime':
      return boxLong(dotnetTicks(v as bigint));
    case 'timespan':
      return Math.round(v as number);
    case 'dynamic': {
      const t = dynamicContentType(v);
      return t === null ? null : toLong(t, v);
    }
    case 'guid':
      return null;
  }
}

function toInt(type: KqlType, v: Scalar): number | null {
  switch (type) {
    case 'bool':
      return v ? 1 : 0;
    case 'int':
      return v as number;
    case 'long':
    case 'timespan':
      if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
      return wrapInt32(Math.round(v as number)); // toint(1d) = 711573504 (measured)
    case 'real':
    case 'decimal':
      return truncSaturate(Number(v), INT_MIN, INT_MAX); // toint(1e10) = 2147483647 (measured)
    case 'string':
      return parseIntegerText(v as string, ...INT_RANGE); // overflowing text → null (measured)
    case 'datetime':
      return Number(BigInt.asIntN(32, dotnetTicks(v as bigint))); // toint(datetime(2020-01-01)) = -1954807808
    case 'dynamic': {
      const t = dynamicContentType(v);
      return t === null ? null : toInt(t, v);
    }
    case 'guid':
      return null;
  }
}

function toReal(type: KqlType, v: Scalar): number | null {
  switch (type) {
    case 'bool':
      return v ? 1 : 0;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
    case 'timespan':
      return Number(v);
    case 'string':
      return parseRealText(v as string);
    case 'datetime':
      return Number(dotnetTicks(v as bigint));
    case 'dynamic': {
      const t = dynamicContentType(v);
      return t === null ? null : toReal(t, v);
    }
    case 'guid':
      return null;
  }
}

function toDateTime(type: KqlType, v: Scalar): bigint | null {
  switch (type) {
    case 'datetime':
      return v as bigint;
    case 'string':
      return parseDateTime(v as string);
    case 'int':
    case 'long': {
      // Doubt (undocumented): read as .NET ticks since 0001-01-01, mirroring tolong(datetime).
      const n = v as number | bigint;
      if (typeof n === 'number' && !Number.isInteger(n)) return null;
      const t = BigInt(n) + MIN_DATETIME_TICKS;
      return t <= MAX_DATETIME_TICKS && n >= 0 ? t : null;
    }
    case 'dynamic':
      if (typeof v === 'string') return parseDateTime(v);
      if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint') return toDateTime('long', v);
      return null;
    default:
      return null; // bool, real, decimal, timespan, guid
  }
}

/**
 * `todecimal`: ints and longs exactly; reals to 15 significant digits as .NET converts doubles
 * (NaN, ±Infinity → null); number text exactly (`"123.45678"`, `"1e5"`, up to 38 digits); bool → 1 / 0;
 * timespan → its ticks, datetime → .NET ticks (as toreal); dynamic by its content.
 */
function toDecimal(type: KqlType, v: Scalar): DecBox | null {
  switch (type) {
    case 'decimal':
      return v as DecBox;
    case 'bool':
      return v ? 1 : 0;
    case 'int':
    case 'long':
      return decFromLong(v as number | bigint);
    case 'timespan':
      return decFromDouble(v as number);
    case 'real':
      return decFromDouble(v as number);
    case 'string':
      return decFromText(v as string);
    case 'datetime':
      return decFromLong(dotnetTicks(v as bigint));
    case 'dynamic':
      if (typeof v === 'bigint') return decFromLong(v);
      if (typeof v === 'number') return Number.isInteger(v) ? decFromLong(v) : decFromDouble(v);
      if (typeof v === 'string') return decFromText(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      return null;
    case 'guid':
      return null;
  }
}

function toTimespan(type: KqlType, v: Scalar): number | null {
  switch (type) {
    case 'timespan':
      return v as number;
    case 'string':
      return parseTimespanText(v as string);
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      // Doubt (undocumented): a number is ticks, mirroring tolong(timespan) and dynamic([1d]) = [864000000000].
      const n = Math.round(Number(v));
      return Number.isFinite(n) && n >= MIN_TIMESPAN_TICKS && n <= MAX_TIMESPAN_TICKS ? n + 0 : null;
    }
    case 'dynamic':
      if (typeof v === 'string') return parseTimespanText(v);
      if (typeof v === 'number' || typeof v === 'bigint') return toTimespan('real', v);
      return null;
    default:
      return null; // bool, datetime, guid
  }
}

function toGuid(type: KqlType, v: Scalar): string | null {
  switch (type) {
    case 'guid':
      return v as string;
    case 'string':
      return parseGuidLenient(v as string);
    case 'dynamic':
      return typeof v === 'string' ? parseGuidLenient(v) : null;
    default:
      return null;
  }
}

/**
 * `todynamic`/`parse_json` of a string parses it; other scalars become the dynamic of their value:
 * numbers and bools as JSON, datetimes, timespans and guids as their text (`pack_array(1d)` holds
 * `"1.00:00:00"`, duckdb-kql test_type_conversions.py).
 */
function toDynamic(type: KqlType, v: Scalar): Scalar {
  switch (type) {
    case 'string':
      return parseJson(v as string) as Scalar;
    case 'datetime':
    case 'timespan':
      return toStringValue(type, v);
    case 'long':
      // a long beyond 2^53 stays exact inside dynamic: its bigint (values/dynamic.ts)
      return v;
    case 'decimal':
      // likewise a decimal that no double holds exactly
      return typeof v === 'string' ? Number(v) : v;
    default:
      return v;
  }
}
