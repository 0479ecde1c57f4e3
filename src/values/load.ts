// Reads JS values handed to `db.addTable(name, rows, schema?)` into boxed KQL values, and infers schemas.
import type { KqlType, Scalar } from '../types.js';
import { TICKS_PER_MS } from '../types.js';
import { formatDateTime, inDateTimeRange, msToTicks, parseDateTime } from './datetime.js';
import { parseGuid } from './guid.js';
import { LONG_RANGE, parseIntegerText, parseRealText } from './convert.js';
import { boxLong, parseLongText } from './long.js';
import { MAX_JSON_DEPTH, parseJson, setMember } from './dynamic.js';
import { parseTimespanText } from './timespan.js';
import { decFromDouble, decFromLong, decFromText } from './decimal.js';

/** A JS value that cannot become a value of the column's type; `reason` says why in a few words. */
export class LoadValueError extends Error {
  constructor(
    readonly type: KqlType,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`cannot load ${preview(value)} as ${type}: ${reason}`);
    this.name = 'LoadValueError';
  }
}

function preview(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (typeof x === 'bigint') return `${x}n`;
  if (x instanceof Date) return `Date(${Number.isNaN(x.getTime()) ? 'Invalid' : x.toISOString()})`;
  if (typeof x === 'object' && x !== null) return Array.isArray(x) ? 'an array' : 'an object';
  return String(x);
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * One JS value → the boxed value of a `type` column, or a thrown `LoadValueError`:
 *  - null/undefined → null (`''` for string);
 *  - bool: booleans, `'true'`/`'false'` (any case);
 *  - int: int32 integers (number, bigint or integer text); long: safe integers (number, bigint in
 *    range, or integer text); real: numbers (NaN, ±Infinity included), bigint, real text; decimal: finite
 *    numbers (meaning their shortest digits: 0.1 is 0.1), bigint, number text (exact, up to 38 digits —
 *    a JSON number is read as a double first, so exact wider decimals must come as text);
 *  - string: strings; numbers, booleans and bigints stringified; Date → `2020-01-01T00:00:00.0000000Z`;
 *    objects and arrays → compact JSON text;
 *  - datetime: a valid `Date`, or text `todatetime()` accepts — numbers are refused (epoch seconds
 *    or milliseconds? wrap them in `new Date(ms)`);
 *  - timespan: a number of **milliseconds** (what `toJsValue` yields), or text such as `1.02:03:04`,
 *    `00:00:20`, `1.5h`;
 *  - guid: guid text (any case, braces allowed);
 *  - dynamic: JSON-like values as they are (Date → its 7-digit ISO text, bigint → number); a string
 *    holding a JSON object or array is parsed, any other string stays a string.
 */
export function loadValue(type: KqlType, x: unknown): Scalar {
  if (x === null || x === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return loadString(x);
    case 'bool':
      if (typeof x === 'boolean') return x;
      if (typeof x === 'string') {
        const s = x.trim().toLowerCase();
        if (s === 'true') return true;
        if (s === 'false') return false;
      }
      throw new LoadValueError(type, x, 'expected a boolean or "true"/"false"');
    case 'int':
      return loadInteger(type, x, INT_MIN, INT_MAX);
    case 'long':
      return loadLong(x);
    case 'decimal': {
      // a number means its shortest digits (0.1 is 0.1); text keeps every digit (up to 38)
      const d = typeof x === 'number' ? decFromDouble(x) === null ? null : x + 0 : typeof x === 'bigint' ? decFromLong(x) : typeof x === 'string' ? decFromText(x) : null;
      if (d !== null) return d;
      throw new LoadValueError(type, x, 'expected a finite number or numeric text (up to 38 digits)');
    }
    case 'real':
      if (typeof x === 'number') return x;
      if (typeof x === 'bigint') return Number(x);
      if (typeof x === 'string') {
        const n = parseRealText(x);
        if (n !== null) return n;
      }
      throw new LoadValueError(type, x, 'expected a number or numeric text');
    case 'datetime':
      if (x instanceof Date) {
        const ms = x.getTime();
        if (Number.isNaN(ms)) throw new LoadValueError(type, x, 'invalid Date');
        const ticks = msToTicks(ms);
        if (!inDateTimeRange(ticks)) throw new LoadValueError(type, x, 'outside years 1–9999');
        return ticks;
      }
      if (typeof x === 'string') {
        const t = parseDateTime(x);
        if (t !== null) return t;
        throw new LoadValueError(type, x, 'not a date/time KQL can read (try ISO 8601)');
      }
      if (typeof x === 'number' || typeof x === 'bigint') {
        throw new LoadValueError(type, x, 'numbers are ambiguous (seconds? ms?); pass new Date(ms) or ISO text');
      }
      throw new LoadValueError(type, x, 'expected a Date or ISO 8601 text');
    case 'timespan':
      if (typeof x === 'number') {
        if (!Number.isFinite(x)) throw new LoadValueError(type, x, 'not a finite number of milliseconds');
        return Math.round(x * TICKS_PER_MS) + 0;
      }
      if (typeof x === 'string') {
        const t = parseTimespanText(x);
        if (t !== null) return t;
      }
      throw new LoadValueError(type, x, 'expected milliseconds or text like "1.02:03:04" or "1.5h"');
    case 'guid':
      if (typeof x === 'string') {
        const g = parseGuid(x);
        if (g !== null) return g;
      }
      throw new LoadValueError(type, x, 'expected guid text like "74be27de-1e4e-49d9-b579-fe0b331d3642"');
    case 'dynamic':
      if (typeof x === 'string') {
        const t = x.trimStart();
        if (t[0] === '{' || t[0] === '[') {
          const v = parseJson(x);
          if (typeof v !== 'string') return v as Scalar;
        }
        return x;
      }
      return toDynamicValue(x, 0) as Scalar;
  }
}

function loadString(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return x;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(x);
    case 'object':
      if (x instanceof Date) {
        if (Number.isNaN(x.getTime())) throw new LoadValueError('string', x, 'invalid Date');
        return formatDateTime(msToTicks(x.getTime()));
      }
      return JSON.stringify(toDynamicValue(x, 0));
    default:
      throw new LoadValueError('string', x, `a ${typeof x} has no text form`);
  }
}

function loadInteger(type: KqlType, x: unknown, min: number, max: number): number {
  if (typeof x === 'number') {
    if (Number.isInteger(x) && x >= min && x <= max) return x + 0;
    throw new LoadValueError(type, x, Number.isInteger(x) ? `outside ${type} range` : 'not an integer');
  }
  if (typeof x === 'bigint') {
    if (x >= BigInt(min) && x <= BigInt(max)) return Number(x);
    throw new LoadValueError(type, x, type === 'long' ? 'beyond 2^53, would lose precision' : 'outside int range');
  }
  if (typeof x === 'string') {
    const n = parseIntegerText(x, BigInt(min), BigInt(max));
    if (n !== null) return n;
    throw new LoadValueError(type, x, 'not integer text in range');
  }
  throw new LoadValueError(type, x, 'expected an integer');
}

/**
 * A long cell: an integer number (beyond 2^53 it is the double's exact value), a bigint, or integer
 * text (exact to 64 bits), within the long range (values/long.ts).
 */
function loadLong(x: unknown): number | bigint {
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new LoadValueError('long', x, 'not an integer');
    if (Number.isSafeInteger(x)) return x + 0;
    if (x >= -(2 ** 63) && x < 2 ** 63) return boxLong(BigInt(x));
    throw new LoadValueError('long', x, 'outside long range');
  }
  if (typeof x === 'bigint') {
    if (x >= LONG_RANGE[0] && x <= LONG_RANGE[1]) return boxLong(x);
    throw new LoadValueError('long', x, 'outside long range');
  }
  if (typeof x === 'string') {
    const n = parseLongText(x, ...LONG_RANGE);
    if (n !== null) return n;
    throw new LoadValueError('long', x, 'not integer text in range');
  }
  throw new LoadValueError('long', x, 'expected an integer');
}

/** A JS value → a JSON value for a dynamic cell: Dates to text, bigints to numbers, undefined members dropped. */
/**
 * Whether a value already is plain JSON (plain objects, arrays, strings, numbers, booleans, null;
 * no undefined members, Dates, bigints or toJSON methods) — then it is stored as it is, without a copy.
 * Loading keeps such objects by reference: callers must not mutate them afterwards.
 */
function isPlainJson(x: unknown, depth: number): boolean {
  switch (typeof x) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object':
      return x === null || plainNested(x, depth);
    default:
      return false;
  }
}

// The walk below checks leaves inline (one call per nested array/object, none per string or number):
// loading a million audit records walks every member of every RawEventData.
function plainNested(v: object, depth: number): boolean {
  return Array.isArray(v) ? plainArray(v, depth) : plainObject(v as Record<string, unknown>, depth);
}

function plainArray(a: unknown[], depth: number): boolean {
  if (depth > MAX_JSON_DEPTH) return false;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === 'object') {
      if (v !== null && !plainNested(v, depth + 1)) return false;
    } else if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  }
  return true;
}

function plainObject(o: Record<string, unknown>, depth: number): boolean {
  if (depth > MAX_JSON_DEPTH) return false;
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'object') {
      if (v !== null && !plainNested(v, depth + 1)) return false;
    } else if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  }
  return true;
}

/** Whether a loaded object or array can be stored in a dynamic column as it is (see isPlainJson). */
export const isPlainJsonValue = (x: object): boolean => plainNested(x, 0);

function toDynamicValue(x: unknown, depth: number): unknown {
  if (depth === 0 && isPlainJson(x, 0)) return x;
  if (depth > MAX_JSON_DEPTH) throw new LoadValueError('dynamic', x, `nested deeper than ${MAX_JSON_DEPTH} (a cycle?)`);
  switch (typeof x) {
    case 'undefined':
      return null;
    case 'string':
    case 'number':
    case 'boolean':
      return x;
    case 'bigint':
      // a long beyond 2^53 stays exact (a bigint inside the dynamic); wider than 64 bits, a double
      return x >= -9223372036854775808n && x <= 9223372036854775807n ? boxLong(x) : Number(x);
    case 'object': {
      if (x === null) return null;
      if (x instanceof Date) {
        if (Number.isNaN(x.getTime())) throw new LoadValueError('dynamic', x, 'invalid Date');
        return formatDateTime(msToTicks(x.getTime()));
      }
      if (Array.isArray(x)) return x.map((e) => toDynamicValue(e, depth + 1));
      if (typeof (x as { toJSON?: unknown }).toJSON === 'function') {
        return toDynamicValue((x as { toJSON: () => unknown }).toJSON(), depth + 1);
      }
      if (x instanceof Map || x instanceof Set) {
        throw new LoadValueError('dynamic', x, 'Map/Set are not JSON; convert to an object or array');
      }
      const out: { [k: string]: unknown } = {};
      for (const [k, v] of Object.entries(x)) {
        if (v !== undefined) setMember(out, k, toDynamicValue(v, depth + 1));
      }
      return out;
    }
    default:
      throw new LoadValueError('dynamic', x, `a ${typeof x} is not JSON`);
  }
}

/**
 * A column's type from its JS values, for `addTable` without a schema: booleans → bool, safe
 * integers → long, other numbers → real (integers mixed with fractions → real), bigint → long,
 * Date → datetime, strings → string (never guessed as datetimes), objects and arrays → dynamic;
 * any other mix → dynamic. Nulls and undefined are ignored; a column of nothing but nulls is
 * `string`, the type Kusto gives columns it knows nothing about.
 */
export function inferType(values: Iterable<unknown>): KqlType {
  let seen: KqlType | null = null;
  for (const x of values) {
    if (x === null || x === undefined) continue;
    let t: KqlType;
    switch (typeof x) {
      case 'boolean':
        t = 'bool';
        break;
      case 'number':
        t = Number.isSafeInteger(x) ? 'long' : 'real';
        break;
      case 'bigint':
        t = 'long';
        break;
      case 'string':
        t = 'string';
        break;
      default:
        t = x instanceof Date ? 'datetime' : 'dynamic';
    }
    if (seen === null || seen === t) seen = t;
    else if ((seen === 'long' && t === 'real') || (seen === 'real' && t === 'long')) seen = 'real';
    else return 'dynamic';
  }
  return seen ?? 'string';
}
