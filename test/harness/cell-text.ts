// Reads the cell texts Kusto renders (docs tables, toJSON output) into comparable values.

const TICKS_PER_MS = 10_000n;
const TICKS_PER_SECOND = 10_000_000n;

/** `true`/`false` in any case, and `1`/`0` (several doc tables print booleans that way). */
export function parseBoolText(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/** Integers with optional thousands separators (`1,048,576`), exactly, as bigint. */
export function parseIntegerText(text: string): bigint | undefined {
  const t = text.trim();
  if (!/^[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)$/.test(t)) return undefined;
  return BigInt(t.replace(/,/g, '').replace(/^\+/, ''));
}

export interface RealText {
  value: number;
  /** half a unit in the text's last decimal place (0 when the text has no fraction digits) */
  halfUnit: number;
}

/**
 * Reals as .NET and the docs print them: thousands separators, exponents (`1.58E-06`), `NaN`,
 * `Infinity`, `-Infinity`, `∞`, `-∞`.
 */
export function parseRealText(text: string): RealText | undefined {
  const t = text.trim();
  const special = /^([-+])?(?:infinity|inf|∞)$/i.exec(t);
  if (special) return { value: special[1] === '-' ? -Infinity : Infinity, halfUnit: 0 };
  if (/^nan$/i.test(t)) return { value: NaN, halfUnit: 0 };
  const m = /^([-+]?)(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(t);
  if (!m || (m[2] === undefined && !m[3])) return undefined;
  const fraction = m[3] ?? '';
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  const value = Number(`${m[1]}${(m[2] ?? '0').replace(/,/g, '')}.${fraction || '0'}e${exponent}`);
  const halfUnit = fraction.length > 0 ? 0.5 * 10 ** (exponent - fraction.length) : 0;
  return { value, halfUnit };
}

/** Relative tolerance for reals (the docs print 15–17 significant digits, as .NET does). */
export const REAL_RELATIVE_TOLERANCE = 1e-9;

/** Does `actual` equal the expected real, within 1e-9 relative or half a unit in the expected text's last place? */
export function realsMatch(expected: RealText, actual: number): boolean {
  const e = expected.value;
  if (Number.isNaN(e) || Number.isNaN(actual)) return Number.isNaN(e) && Number.isNaN(actual);
  if (!Number.isFinite(e) || !Number.isFinite(actual)) return e === actual;
  const diff = Math.abs(e - actual);
  if (diff <= REAL_RELATIVE_TOLERANCE * Math.max(Math.abs(e), Math.abs(actual))) return true;
  // The 1e-12 slack absorbs the rounding of halfUnit itself (0.5 * 10 ** -2 is not exact).
  return expected.halfUnit > 0 && diff <= expected.halfUnit * (1 + 1e-12);
}

/**
 * A UTC instant as 100-ns ticks since the Unix epoch. Accepts `2017-01-08 00:00:00.0000000`,
 * `2017-01-08T00:00:00Z` (with or without a fraction or `Z`, or with a `±hh:mm` offset) and date-only
 * `2017-01-08`. Fraction digits beyond the 7th are truncated.
 */
export function parseDatetimeTicks(text: string): bigint | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[-+]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day);
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  if (date.getUTCDate() !== day) return undefined; // e.g. Feb 30
  let ticks = BigInt(date.getTime()) * TICKS_PER_MS + BigInt(frac.slice(0, 7).padEnd(7, '0'));
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^([-+])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offsetMinutes = BigInt(Number(z[2]) * 60 + Number(z[3]));
    ticks -= (z[1] === '-' ? -1n : 1n) * offsetMinutes * 60n * TICKS_PER_SECOND;
  }
  return ticks;
}

/** A duration as 100-ns ticks, from `[-][d.]hh:mm:ss[.fffffff]`. */
export function parseTimespanTicks(text: string): bigint | undefined {
  const m = /^([-+])?(?:(\d+)\.)?(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, sign, days = '0', h, mi, s, frac = ''] = m;
  if (Number(mi) > 59 || Number(s) > 59) return undefined;
  const seconds = ((BigInt(days) * 24n + BigInt(h!)) * 60n + BigInt(mi!)) * 60n + BigInt(s!);
  const ticks = seconds * TICKS_PER_SECOND + BigInt(frac.slice(0, 7).padEnd(7, '0'));
  return sign === '-' ? -ticks : ticks;
}

/** Expected texts that stand for null on a non-string column: `""`, `null`, `(null)` in any case. */
export function isNullText(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t === '' || t === 'null' || t === '(null)';
}
