// Turns boxed KQL values into what callers receive: JSON for `result.toJSON()`, JS values for `result.rows`.
import type { KqlType, Scalar } from '../types.js';
import { TICKS_PER_MS } from '../types.js';
import { formatDateTimeJson, ticksToDate } from './datetime.js';
import { formatTimespan } from './timespan.js';

/**
 * A value as JSON for `result.toJSON()`: datetime → ISO 8601 UTC text (trailing fraction zeros
 * trimmed), timespan → `[-][d.]hh:mm:ss[.fffffff]` text, real NaN/±Infinity → `"NaN"`,
 * `"Infinity"`, `"-Infinity"` (JSON has no such numbers), guid → lowercase text, dynamic → its
 * JSON value, null → null; bool, numbers and strings as they are. A long beyond ±(2^53 − 1), which a
 * JS number cannot hold exactly, is its exact decimal digits as a string (`"1846988464401551951"`, as
 * protobuf's JSON mapping writes int64), so `JSON.stringify(result)` works and loses nothing; the CLI's
 * json and ndjson formats write those digits as bare JSON numbers.
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
      const x = v as number;
      if (Number.isFinite(x)) return x;
      return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
    }
    default:
      return v;
  }
}

/**
 * A value as an embedding app receives it in `result.rows`: datetime → JS `Date` (millisecond
 * precision, rounded down), **timespan → a number of milliseconds** (fractional below 1 ms, so
 * `1tick` is 0.0001) — the unit JS date arithmetic uses, and what `addTable` reads back for a
 * timespan column; everything else as boxed (NaN stays NaN, dynamic is its JSON value, null is null;
 * a long is a number, or a bigint when it is beyond ±(2^53 − 1)).
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
