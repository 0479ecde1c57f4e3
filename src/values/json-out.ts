// Turns boxed KQL values into what callers receive: JSON for `result.toJSON()`, JS values for `result.rows`.
import type { KqlType, Scalar } from '../types.js';
import { TICKS_PER_MS } from '../types.js';
import { formatDateTimeJson, ticksToDate } from './datetime.js';
import { formatDecimal } from './real.js';
import { formatTimespan } from './timespan.js';
import { setMember, type JsonObject } from './dynamic.js';

/**
 * A value as JSON for `result.toJSON()`: datetime → ISO 8601 UTC text (trailing fraction zeros
 * trimmed), timespan → `[-][d.]hh:mm:ss[.fffffff]` text, real NaN/±Infinity → `"NaN"`,
 * `"Infinity"`, `"-Infinity"` (JSON has no such numbers), guid → lowercase text, dynamic → its
 * JSON value (a long beyond 2^53 inside it as its digits in a string, `withLongDigits`), null → null; bool, numbers and strings as they are. A long beyond ±(2^53 − 1), which a
 * JS number cannot hold exactly, is its exact decimal digits as a string (`"1846988464401551951"`, as
 * protobuf's JSON mapping writes int64), so `JSON.stringify(result)` works and loses nothing; the CLI's
 * json and ndjson formats write those digits as bare JSON numbers. A decimal is a number when a double's
 * shortest digits are exactly its digits (0.1, 123.45678), else its exact digits as a string
 * (`"0.30000000000000000001"`, values/decimal.ts) — or when JS would print the number with an exponent
 * (`"1000000000000000000000000"`, not 1e+24).
 */
export function toJsonValue(type: KqlType, v: Scalar): unknown {
  if (v === null) return null;
  switch (type) {
    case 'datetime':
      return formatDateTimeJson(v as bigint);
    case 'timespan':
      return formatTimespan(v as number);
    case 'real':
    case 'decimal':
    case 'int':
    case 'long': {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'string') return v; // a decimal that no double holds: its exact digits
      const x = v as number;
      // a decimal JS would print with an exponent (1e+24, 1e-7): its digits, as Kusto prints decimals
      if (type === 'decimal' && (x >= 1e21 || x <= -1e21 || (x !== 0 && x < 1e-6 && x > -1e-6))) return formatDecimal(x);
      if (Number.isFinite(x)) return x;
      return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
    }
    case 'dynamic':
      return withLongDigits(v);
    default:
      return v;
  }
}

/**
 * A dynamic value with every long beyond ±(2^53 − 1) (a bigint inside it) as its exact digits in a
 * string, as `toJsonValue` gives a long column's (so `JSON.stringify` works and loses nothing). The
 * value itself when it holds no bigint (the common case: nothing is copied).
 */
export function withLongDigits(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = withLongDigits(x);
      if (y !== x && out === null) out = v.slice(0, i);
      if (out !== null) out.push(y);
    }
    return out ?? v;
  }
  let out: JsonObject | null = null;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = (v as JsonObject)[k];
    const y = withLongDigits(x);
    if (y !== x && out === null) {
      out = {};
      for (let j = 0; j < i; j++) setMember(out, keys[j]!, (v as JsonObject)[keys[j]!]);
    }
    if (out !== null) setMember(out, k, y);
  }
  return out ?? v;
}

/**
 * A value as an embedding app receives it in `result.rows`: datetime → JS `Date` (millisecond
 * precision, rounded down), **timespan → a number of milliseconds** (fractional below 1 ms, so
 * `1tick` is 0.0001) — the unit JS date arithmetic uses, and what `addTable` reads back for a
 * timespan column; everything else as boxed (NaN stays NaN, dynamic is its JSON value, null is null;
 * a long is a number, or a bigint when it is beyond ±(2^53 − 1); a decimal is a number, or its exact
 * digits as a string when no double's shortest digits are its digits).
 */
export function toJsValue(type: KqlType, v: Scalar): unknown {
  if (v === null) return null;
  switch (type) {
    case 'datetime':
      return ticksToDate(v as bigint);
    case 'timespan':
      return (v as number) / TICKS_PER_MS;
    default:
      return v;
  }
}
