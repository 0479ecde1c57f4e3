// KQL dynamic values (plain JSON values): parse_json, their text forms, gettype names, deep equality.
import { formatReal } from './real.js';
import { boxLong } from './long.js';

/**
 * Deepest array/object nesting `parseJson` accepts as JSON; deeper text stays a string, so the
 * recursive helpers here (stringify, equality, comparison) can never overflow the stack.
 */
export const MAX_JSON_DEPTH = 512;

export type JsonObject = { [k: string]: unknown };

export const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a bag has `key` as its own member (never an inherited `constructor`, `toString`, `__proto__`…). */
export const hasMember = (bag: object, key: string): boolean => Object.prototype.hasOwnProperty.call(bag, key);

/** A bag's own member `key`, or undefined: inherited Object.prototype names are not members. */
export const getMember = (bag: JsonObject, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(bag, key) ? bag[key] : undefined;

/**
 * `bag[key] = value` for a key taken from data or the query. A Kusto bag key is any string; in JS,
 * assigning `__proto__` would call Object.prototype's setter instead (the key is lost, and an object
 * value becomes the bag's prototype, so its keys show through inheritance). That one key is defined as
 * an own, enumerable member, as JSON.parse does; every other key is a plain store.
 */
export function setMember(bag: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(bag, key, { value, writable: true, enumerable: true, configurable: true });
  else bag[key] = value;
}

const isJsonSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
/** `{ [ " - 0-9 t f n` — the characters a JSON value can start with. */
const startsJsonValue = (c: number) =>
  c === 123 || c === 91 || c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110;

/** Nesting depth of JSON text, ignoring brackets inside strings; stops counting past `limit`. */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/**
 * Kusto's `parse_json(text)`: JSON text → its value; empty or blank text → null
 * (gettype-function.md: `gettype(parse_json(''))` is `null`); anything else that is not valid
 * JSON → the text itself as a dynamic string (parse-json-function.md). Never throws.
 * An integer beyond ±(2^53 − 1) is its exact bigint (a long, `parseJsonExact`); `1.0` reads as the
 * integer 1 (dynamic numbers keep no long/real distinction).
 */
export function parseJson(text: string): unknown {
  const v = parseJsonFast(text);
  if (typeof v === 'object' ? v !== null && hasUnsafeInteger(v) : typeof v === 'number' && isUnsafeInteger(v)) return parseJsonExact(text);
  return v;
}

/** An integral number no double holds exactly as a long: JSON.parse rounded an integer literal (or read a real like 1e16). */
const isUnsafeInteger = (x: number): boolean => !(x <= 9007199254740991 && x >= -9007199254740991) && Number.isInteger(x);

/**
 * Whether a JSON value (as JSON.parse built it) holds an integral number beyond ±(2^53 − 1): then its
 * text may hold a long that JSON.parse rounded, and `parseJsonExact` reads it again. A walk of the
 * value, not a scan of the text: strings are skipped whole, and most JSON has few numbers.
 */
export function hasUnsafeInteger(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return typeof v === 'number' && isUnsafeInteger(v);
  // members tested inline (most are strings): a call per container, not per member
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' ? x !== null && hasUnsafeInteger(x) : typeof x === 'number' && isUnsafeInteger(x)) return true;
    }
    return false;
  }
  for (const k in v) {
    const x = (v as JsonObject)[k];
    if (typeof x === 'object' ? x !== null && hasUnsafeInteger(x) : typeof x === 'number' && isUnsafeInteger(x)) return true;
  }
  return false;
}

/**
 * `parseJson` without the exactness pass: integers beyond 2^53 come back as JSON.parse rounds them.
 * For callers that check only the part they use (`parseJsonMember` in functions/scalar/conversion.ts).
 */
export function parseJsonFast(text: string): unknown {
  // Text that cannot start a JSON value is answered without JSON.parse: a thrown SyntaxError
  // costs microseconds, and empty text (tostring of a missing member) is the common case.
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  if (i === text.length) return null;
  if (!startsJsonValue(text.charCodeAt(i))) return text;
  // A cheap bound first: `n` characters cannot nest deeper than n/2 levels.
  if (text.length > 2 * MAX_JSON_DEPTH && nestingExceeds(text, MAX_JSON_DEPTH)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.trim() === '' ? null : text;
  }
}

const LONG_MIN_BIG = -9223372036854775808n;
const LONG_MAX_BIG = 9223372036854775807n;

/**
 * Valid JSON text (JSON.parse accepted it) → its value as JSON.parse builds it, except that an integer literal (no fraction,
 * no exponent) beyond ±(2^53 − 1) and within the long range is its exact bigint: Kusto reads JSON
 * integers as 64-bit longs. Wider integers stay doubles (as a real would). Members are stored with
 * `setMember` (a `__proto__` key is an own member, as with JSON.parse); a repeated key keeps the last.
 */
export function parseJsonExact(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  };
  const str = (): string => {
    const start = i++; // at the opening quote
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i++);
      if (c === 92 /* \ */) {
        escaped = true;
        i++;
      } else if (c === 34 /* " */) break;
    }
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const value = (): unknown => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      const bag: JsonObject = {};
      i++;
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        return bag;
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        i++; // :
        setMember(bag, k, value());
        ws();
        if (text.charCodeAt(i++) === 125 /* } */) return bag;
      }
    }
    if (c === 91 /* [ */) {
      const arr: unknown[] = [];
      i++;
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text.charCodeAt(i++) === 93 /* ] */) return arr;
      }
    }
    if (c === 34) return str();
    if (c === 116 /* t */) {
      i += 4;
      return true;
    }
    if (c === 102 /* f */) {
      i += 5;
      return false;
    }
    if (c === 110 /* n */) {
      i += 4;
      return null;
    }
    const start = i;
    if (c === 45 /* - */) i++;
    let integral = true;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d >= 48 && d <= 57) continue;
      if (d === 46 /* . */ || d === 101 /* e */ || d === 69 /* E */ || d === 43 /* + */ || d === 45 /* - */) integral = false;
      else break;
    }
    const lit = text.slice(start, i);
    if (integral && i - start >= 16) {
      const b = BigInt(lit);
      if (b >= LONG_MIN_BIG && b <= LONG_MAX_BIG) return boxLong(b);
    }
    return Number(lit);
  };
  return value();
}

/**
 * Compact JSON as Kusto prints a dynamic (`{"a":1,"b":[1,2]}`). Numbers: safe integers as digits,
 * other numbers as `formatReal` (`1.5`, `1E+20`); NaN and infinities as the JSON strings `"NaN"`,
 * `"Infinity"`, `"-Infinity"` (kept valid JSON). Undefined members are dropped, as JSON.stringify does.
 */
export function stringifyDynamic(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (Number.isSafeInteger(v)) return String(v);
      return Number.isFinite(v) ? formatReal(v) : '"' + formatReal(v) + '"';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ',';
          const x: unknown = v[i];
          out += x === undefined ? 'null' : stringifyDynamic(x);
        }
        return out + ']';
      }
      if (v instanceof Date) return JSON.stringify(v.toISOString());
      let out = '{';
      let first = true;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        const x = (v as JsonObject)[k];
        if (x === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(k) + ':' + stringifyDynamic(x);
      }
      return out + '}';
    }
    default:
      return 'null';
  }
}

/**
 * Kusto's `tostring(dynamic)`: null → `""`, a string → itself unquoted, anything else → compact JSON
 * (`true`, `1.5`, `[1,2]`, `{"a":1}` — duckdb-kql test_dynamic_strings.py, measured on the emulator).
 */
export function dynamicToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return stringifyDynamic(v);
}

/**
 * Kusto's `gettype()` of a dynamic's content: `null`, `bool`, `long` (safe integers and bigints), `double`
 * (other numbers — the emulator says `double` for `dynamic(1.5)`, duckdb-kql
 * test_type_conversions.py), `string`, `array`, `dictionary`. A JSON `1.0` reads as `long` here,
 * since JSON values keep no long/real distinction (gettype-function.md even says `int` for
 * `parse_json('1')`; the emulator says `long`).
 */
export function dynamicTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      // a long beyond 2^53 is a bigint: an integral number past it is a real (1e20, or a JSON
      // integer wider than 64 bits)
      return Number.isSafeInteger(v) ? 'long' : 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    default:
      return Array.isArray(v) ? 'array' : 'dictionary';
  }
}

/**
 * Deep structural equality of two dynamic values: object key order is irrelevant, numbers compare
 * with `===` (so NaN ≠ NaN, 0 = -0), and null equals null — top-level null semantics belong to
 * `scalarEquals`, not here.
 */
export function dynamicEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  // a long beyond 2^53 is a bigint, never equal to a safe number; a double may hold the same integer
  if (typeof a === 'bigint' || typeof b === 'bigint') return bigNumberEquals(a, b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!dynamicEquals(x[i], y[i])) return false;
    return true;
  }
  const x = a as JsonObject;
  const y = b as JsonObject;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(y, k) || !dynamicEquals(x[k], y[k])) return false;
  }
  return true;
}

function bigNumberEquals(a: unknown, b: unknown): boolean {
  const x = typeof a === 'number' && Number.isInteger(a) ? BigInt(a) : a;
  const y = typeof b === 'number' && Number.isInteger(b) ? BigInt(b) : b;
  return typeof x === 'bigint' && x === y;
}

/**
 * A dynamic value as a number when it is one: a number, or a long beyond 2^53 (a bigint) as its
 * nearest double; anything else → null. For readers that compute in doubles (series, math).
 */
export const dynamicNumber = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;

/**
 * `parse_json(text)[key]`: the member's value, or null when the text is not a JSON object or lacks
 * the key (KUSTO-SEMANTICS rule 18: missing members are null, never an error).
 */
export function extractJsonMember(text: string, key: string): unknown {
  // Only an object can have members; skip the parse for anything else.
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  if (text.charCodeAt(i) !== 123 /* { */) return null;
  const v = parseJson(text);
  if (!isJsonObject(v) || !Object.prototype.hasOwnProperty.call(v, key)) return null;
  return v[key] ?? null;
}
