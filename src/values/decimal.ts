// Exact `decimal` values: Kusto's decimal is .NET's System.Data.SqlTypes.SqlDecimal (decimal.md: "a
// 128-bit wide, decimal number", literals "have the same representation as .NET's SqlDecimal"):
// up to 38 significant digits, scale 0..38. (Not System.Decimal: the parse_version docs print
// 1,000,000,020,000,000,300,000,004 — 31 digits — as a decimal.)
//
// Boxed form (like long's, see long.ts): a decimal is a JS number when the double's shortest round-trip
// digits are exactly the decimal's digits (0.1, 1.5, 123.45678, 1e20 — the common case every numeric
// kernel handles as a double), and otherwise its canonical digits as a string ("0.30000000000000000001",
// "1000000020000000300000004"). Canonical: no exponent, no trailing fraction zeros, no "-0", no leading
// "+". Every decimal value has exactly one box, so boxes compare with === and serve as hash keys.
// Decimal vectors keep the nearest doubles in `data` and the string boxes in the `exact` sidecar
// (exec/vector.ts). Values keep no trailing zeros: decimal(1.50) prints 1.5 (SqlDecimal would keep the
// scale and print 1.50 — a known difference, README).
//
// Arithmetic is exact for + - * and follows SqlDecimal's result precision/scale rules (reference source
// of System.Data.SqlTypes.SqlDecimal): a result needing more than 38 digits loses fraction digits
// (rounded half away from zero) down to a scale of min(scale, 6); a result whose integer part needs more
// than 38 digits overflows — .NET throws, we yield null. Division: result scale max(s1 + p2 + 1, 6),
// reduced the same way, quotient truncated toward zero, as SqlDecimal's operator / (checked against
// dotnet/runtime System.Data.Common SQLDecimal.cs). Precision p of a value is taken from its digits
// (trailing zeros dropped), so decimal(1.50) / 3 divides like decimal(1.5) / 3.

import { formatDecimal } from './real.js';

/** An exact decimal: m × 10^-s (s ≥ 0). */
export interface Dec {
  m: bigint;
  s: number;
}

export type DecBox = number | string;

export const MAX_PRECISION = 38;
const MIN_DIV_SCALE = 6;
const POW10: bigint[] = [1n];
for (let i = 1; i <= 80; i++) POW10.push(POW10[i - 1]! * 10n);
export const pow10 = (k: number): bigint => (k < POW10.length ? POW10[k]! : 10n ** BigInt(k));
const LIMIT = pow10(MAX_PRECISION); // |m| < 10^38

const abs = (x: bigint) => (x < 0n ? -x : x);

/** Number of decimal digits of |m| (1 for 0). */
export function digitCount(m: bigint): number {
  const a = abs(m);
  if (a < 10n) return 1;
  if (a < 9007199254740992n) return String(a).length;
  return a.toString().length;
}

/** Drops trailing fraction zeros. */
export function normalize(d: Dec): Dec {
  let { m, s } = d;
  if (m === 0n) return { m: 0n, s: 0 };
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s--;
  }
  return { m, s };
}

/** Divides m by 10^k, rounding half away from zero. */
function roundDiv(m: bigint, k: number): bigint {
  if (k <= 0) return m * pow10(-k);
  const p = pow10(k);
  const q = m / p;
  const r = abs(m % p);
  return r * 2n >= p ? q + (m < 0n ? -1n : 1n) : q;
}

/**
 * A result brought within 38 digits: fraction digits are dropped (rounded) down to scale
 * max(38 − integer digits, min(scale, 6)); null when it still does not fit (overflow).
 */
export function fit(d: Dec, minScale = Math.min(d.s, MIN_DIV_SCALE)): Dec | null {
  let r = normalize(d);
  // at most 38 fraction digits (SqlDecimal's MaxScale): 1e-39 is 0
  if (r.s > MAX_PRECISION) r = normalize({ m: roundDiv(r.m, r.s - MAX_PRECISION), s: MAX_PRECISION });
  if (abs(r.m) < LIMIT) return r;
  const intDigits = digitCount(r.m) - r.s;
  const scale = Math.max(MAX_PRECISION - intDigits, minScale);
  if (scale < r.s) r = normalize({ m: roundDiv(r.m, r.s - scale), s: scale });
  return abs(r.m) < LIMIT ? r : null;
}

// ---- text -----------------------------------------------------------------------------------------

const DEC_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Number text → exact decimal, or null: optional sign, digits with an optional fraction, optional
 * exponent (`1.5`, `-.5`, `1e5`, `1.23E-3`); surrounding whitespace trimmed. Beyond 38 digits the
 * fraction is rounded; an integer part beyond 38 digits is null (overflow).
 */
export function parseDecimalText(text: string): Dec | null {
  const t = DEC_TEXT.exec(text.trim());
  if (!t) return null;
  const [, sign, int = '', frac = '', exp] = t;
  if (int === '' && frac === '') return null;
  const e = exp === undefined ? 0 : Number(exp);
  if (!Number.isFinite(e) || Math.abs(e) > 400) return e < 0 && Number.isFinite(e) ? { m: 0n, s: 0 } : null;
  let m = BigInt((int || '0') + frac);
  if (sign === '-') m = -m;
  let s = frac.length - e;
  if (s < 0) {
    m *= pow10(-s);
    s = 0;
  }
  return fit({ m, s }, 0);
}

/** Canonical digits of a decimal: `-12.5`, `0.001`, `100`. */
export function decToString(d: Dec): string {
  const { m, s } = normalize(d);
  const neg = m < 0n;
  let digits = abs(m).toString();
  if (s === 0) return (neg ? '-' : '') + digits;
  if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
  return (neg ? '-' : '') + digits.slice(0, digits.length - s) + '.' + digits.slice(digits.length - s);
}

// ---- boxing ---------------------------------------------------------------------------------------

/** The box of a decimal: a number when the double's shortest digits are exactly these, else the digits. */
export function boxDec(d: Dec): DecBox {
  const t = decToString(d);
  if (t.length <= 15) {
    // ≤ 15 significant digits always round-trip through a double
    const n = Number(t);
    if (Number.isFinite(n)) return n + 0;
  }
  const n = Number(t);
  return Number.isFinite(n) && formatDecimal(n) === t ? n + 0 : t;
}

/** The decimal a box stands for (a number: its shortest round-trip digits). Non-finite → null. */
export function unboxDec(x: DecBox): Dec | null {
  if (typeof x === 'string') return parseDecimalText(x);
  if (!Number.isFinite(x)) return null;
  if (Number.isSafeInteger(x)) return { m: BigInt(x), s: 0 };
  const a = x < 0 ? -x : x;
  if (a >= 1e-6 && a < 1e21) {
    // String() spells these positionally with the shortest round-trip digits: read them directly
    const t = String(x);
    const dot = t.indexOf('.');
    if (dot > 0) return { m: BigInt(t.slice(0, dot) + t.slice(dot + 1)), s: t.length - dot - 1 };
  }
  return parseDecimalText(formatDecimal(x));
}

/** A boxed decimal as text (tostring): its canonical digits. */
export const formatDecBox = (x: DecBox): string => (typeof x === 'string' ? x : formatDecimal(x));

/** Nearest double of a boxed decimal (toreal). */
export const decBoxToNumber = (x: DecBox): number => (typeof x === 'string' ? Number(x) : x);

/**
 * A double as a decimal (todecimal(real), real → decimal promotion): .NET's conversion keeps 15
 * significant digits (System.Convert.ToDecimal(Double): "contains a maximum of 15 significant
 * digits"), so todecimal(0.1 + 0.2) is 0.3. NaN and ±Infinity have no decimal: null. Doubt: if Kusto
 * builds `new SqlDecimal(double)` instead, it keeps 17 digits computed in double arithmetic
 * (0.1 + 0.2 → 0.30000000000000006; dotnet/runtime SQLDecimal.cs) — not verifiable without a cluster.
 */
export function decFromDouble(x: number): DecBox | null {
  if (!Number.isFinite(x)) return null;
  if (Number.isSafeInteger(x)) return x + 0;
  const t = parseDecimalText(x.toPrecision(15));
  return t === null ? null : boxDec(t);
}

/** A long (number or bigint) as a decimal box. */
export function decFromLong(x: number | bigint): DecBox {
  if (typeof x === 'number') return x + 0;
  return boxDec({ m: x, s: 0 });
}

/** Number text → decimal box, or null. */
export function decFromText(text: string): DecBox | null {
  const d = parseDecimalText(text);
  return d === null ? null : boxDec(d);
}

// ---- arithmetic -----------------------------------------------------------------------------------

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.s === b.s) return [a.m, b.m, a.s];
  if (a.s > b.s) return [a.m, b.m * pow10(a.s - b.s), a.s];
  return [a.m * pow10(b.s - a.s), b.m, b.s];
}

/** SqlDecimal precision of a (normalized) value: its digits, at least its scale, at least 1. */
const precisionOf = (d: Dec): number => Math.max(digitCount(d.m), d.s, 1);

export function decAdd(a: Dec, b: Dec): Dec | null {
  const [x, y, s] = align(a, b);
  return fit({ m: x + y, s });
}

export function decSub(a: Dec, b: Dec): Dec | null {
  const [x, y, s] = align(a, b);
  return fit({ m: x - y, s });
}

export function decMul(a: Dec, b: Dec): Dec | null {
  return fit({ m: a.m * b.m, s: a.s + b.s });
}

/** a / b with SqlDecimal's result scale, truncated toward zero; null for b = 0 or overflow. */
export function decDiv(a0: Dec, b0: Dec): Dec | null {
  const a = normalize(a0);
  const b = normalize(b0);
  if (b.m === 0n) return null;
  const p1 = precisionOf(a);
  const p2 = precisionOf(b);
  let resInteger = p1 - a.s + b.s;
  let resScale = Math.max(a.s + p2 + 1, MIN_DIV_SCALE);
  const minScale = Math.min(resScale, MIN_DIV_SCALE);
  resInteger = Math.min(resInteger, MAX_PRECISION);
  const resPrec = Math.min(resInteger + resScale, MAX_PRECISION);
  resScale = Math.max(Math.min(resPrec - resInteger, resScale), minScale);
  // m_a·10^-sa / (m_b·10^-sb) = (m_a·10^(resScale - sa + sb) / m_b) · 10^-resScale
  const shift = resScale - a.s + b.s;
  const num = shift >= 0 ? a.m * pow10(shift) : roundDiv(a.m, -shift); // AdjustScale(…, fRound: true)
  return fit({ m: num / b.m, s: resScale });
}

/** a % b with the sign of a (as for reals: a − trunc(a / b)·b); null for b = 0. */
export function decMod(a: Dec, b: Dec): Dec | null {
  if (b.m === 0n) return null;
  const [x, y, s] = align(a, b);
  return fit({ m: x % y, s });
}

export function decCompare(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const decNeg = (a: Dec): Dec => ({ m: -a.m, s: a.s });

/** Rounds to `digits` fraction digits (negative: tens, hundreds…), half away from zero. */
export function decRound(a: Dec, digits: number): Dec | null {
  if (digits >= a.s) return a;
  return fit({ m: roundDiv(a.m, a.s - digits) * (digits < 0 ? pow10(-digits) : 1n), s: Math.max(digits, 0) });
}

/** Largest integer ≤ a (dir −1) or smallest ≥ a (dir 1), or toward zero (dir 0). */
export function decInteger(a: Dec, dir: -1 | 0 | 1): Dec {
  if (a.s === 0) return a;
  const p = pow10(a.s);
  let q = a.m / p; // toward zero
  const exact = q * p === a.m;
  if (!exact) {
    if (dir < 0 && a.m < 0n) q -= 1n;
    if (dir > 0 && a.m > 0n) q += 1n;
  }
  return { m: q, s: 0 };
}

/** The integer part (toward zero) as a bigint. */
export const decTrunc = (a: Dec): bigint => decInteger(a, 0).m;

// ---- boxed helpers ----------------------------------------------------------------------------------

/** Exact comparison of two boxes: -1, 0, 1. */
export function compareDecBoxes(x: DecBox, y: DecBox): number {
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  const a = unboxDec(x);
  const b = unboxDec(y);
  if (a === null || b === null) return 0;
  return decCompare(a, b);
}
