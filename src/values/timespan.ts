// Parses and formats KQL timespans, held as a number of 100-ns ticks.
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../types.js';

/** TimeSpan.MinValue / MaxValue in ticks (as doubles: exact to ±28 years only, see types.ts). */
export const MIN_TIMESPAN_TICKS = -9223372036854775808;
export const MAX_TIMESPAN_TICKS = 9223372036854775807;

/** Unit suffixes of timespan literals → ticks per unit (Kusto.Language `TokenParser.TimespanSuffixes`). */
const UNIT_TICKS: Record<string, number> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hr: TICKS_PER_HOUR, hrs: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, min: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: 10_000, milli: 10_000, millis: 10_000, millisec: 10_000, millisecond: 10_000, milliseconds: 10_000,
  micro: 10, micros: 10, microsec: 10, microsecond: 10, microseconds: 10,
  nano: 0.01, nanos: 0.01, nanosec: 0.01, nanosecond: 0.01, nanoseconds: 0.01,
  tick: 1, ticks: 1,
};

const LITERAL = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z]+)\s*$/;

/**
 * A timespan literal's text (`30d`, `1.5h`, `100ms`, `10microseconds`, `1tick`, `15 seconds`,
 * `min`, `max`) → ticks, or null. Units are case-sensitive as in Kusto.Language; fractional
 * results are rounded to the nearest tick.
 */
export function parseTimespanLiteral(text: string): number | null {
  const m = LITERAL.exec(text);
  if (m === null) {
    const t = text.trim();
    if (t === 'min') return MIN_TIMESPAN_TICKS;
    if (t === 'max') return MAX_TIMESPAN_TICKS;
    return null;
  }
  const unit = UNIT_TICKS[m[2]!];
  if (unit === undefined) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  // Exact for integers below 2^53 ticks; beyond that doubles round anyway.
  const ticks = Math.round(n * unit);
  return Number.isFinite(ticks) ? ticks + 0 : null;
}

/** ticks of `digits` as a 7-digit fraction of a second: '5' → 5_000_000, '1234567' → 1_234_567 */
function fractionTicks(digits: string): number {
  let t = 0;
  for (let i = 0; i < 7; i++) {
    const c = i < digits.length ? digits.charCodeAt(i) - 48 : 0;
    t = t * 10 + c;
  }
  // .NET's TimeSpan parser rejects more than 7 fraction digits; we truncate (doubt: Kusto may reject).
  return t;
}

const CLOCK = /^\s*([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?\s*$/;
const DAYS_ONLY = /^\s*([+-])?(\d+)\s*$/;

/**
 * Timespan text as `timespan(...)` and `totimespan()` read it → ticks, or null:
 * .NET `TimeSpan.Parse` shapes `[-][d.]hh:mm[:ss[.fffffff]]` (hours 0–23, minutes and seconds 0–59),
 * a bare integer meaning days (`time(2)` = 2 days, scalar-data-types/timespan.md), or any literal form.
 */
export function parseTimespanText(text: string): number | null {
  const m = CLOCK.exec(text);
  if (m !== null) {
    const neg = m[1] === '-';
    const days = m[2] === undefined ? 0 : Number(m[2]);
    const h = Number(m[3]);
    const min = Number(m[4]);
    const s = m[5] === undefined ? 0 : Number(m[5]);
    if (h > 23 || min > 59 || s > 59) return null;
    const frac = m[6] === undefined ? 0 : fractionTicks(m[6]);
    const ticks = days * TICKS_PER_DAY + h * TICKS_PER_HOUR + min * TICKS_PER_MINUTE + s * TICKS_PER_SECOND + frac;
    if (ticks > MAX_TIMESPAN_TICKS) return null;
    return neg ? -ticks || 0 : ticks;
  }
  const d = DAYS_ONLY.exec(text);
  if (d !== null) {
    const ticks = Number(d[2]) * TICKS_PER_DAY;
    if (ticks > MAX_TIMESPAN_TICKS) return null;
    return d[1] === '-' ? -ticks || 0 : ticks;
  }
  return parseTimespanLiteral(text);
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/**
 * ticks → Kusto's (and .NET's "c") text: `[-][d.]hh:mm:ss[.fffffff]`, e.g. `4.00:00:00`,
 * `00:00:20`, `-00:00:01.5000000`, `1.02:03:04.5000000`. Non-integral ticks are rounded.
 */
export function formatTimespan(ticks: number): string {
  if (!Number.isFinite(ticks)) return String(ticks);
  let t = Math.round(Math.abs(ticks));
  const sign = ticks < 0 && t !== 0 ? '-' : '';
  const frac = t % TICKS_PER_SECOND;
  t = (t - frac) / TICKS_PER_SECOND;
  const s = t % 60;
  t = (t - s) / 60;
  const m = t % 60;
  t = (t - m) / 60;
  const h = t % 24;
  const d = (t - h) / 24;
  let out = sign + (d !== 0 ? d + '.' : '') + pad2(h) + ':' + pad2(m) + ':' + pad2(s);
  if (frac !== 0) out += '.' + String(frac).padStart(7, '0');
  return out;
}
