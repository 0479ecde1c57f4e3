// Exact 64-bit `long` values: the boxed form and the arithmetic Kusto does on them.
//
// A long is boxed as a JS number while it is a safe integer (|x| ≤ 2^53 − 1, the common case every
// kernel handles as a double) and as a bigint beyond that (hash values, large tick counts, bit
// patterns). Long vectors keep doubles in `data` and, only when some row is beyond 2^53, the exact
// values in a BigInt64Array sidecar (vector.ts). Arithmetic wraps on overflow like .NET's unchecked
// Int64 (Kusto runs on .NET; `9223372036854775807 + 1` is -9223372036854775808).

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The boxed long of an exact value: a number when it is a safe integer, else the bigint. */
export function boxLong(x: bigint): number | bigint {
  return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
}

/** The boxed long of a value wrapped to 64 bits. */
export const wrapLong = (x: bigint): number | bigint => boxLong(BigInt.asIntN(64, x));

/** Whether a double read from a long vector stands for a value that needs the exact sidecar. */
export const isUnsafeDouble = (x: number): boolean => !(x <= MAX_SAFE && x >= -MAX_SAFE);

/** A boxed long (number or bigint) as a bigint; a non-integer number (a real passed as long) truncates. */
export function longToBigInt(x: number | bigint): bigint {
  if (typeof x === 'bigint') return x;
  if (Number.isInteger(x)) return BigInt(x);
  if (!Number.isFinite(x)) return 0n;
  return BigInt(Math.trunc(x));
}

/** Exact `a op b` on longs with .NET's wrapping; null for division or modulo by zero. */
export function longArith(op: string, a: bigint, b: bigint): number | bigint | null {
  switch (op) {
    case '+':
      return wrapLong(a + b);
    case '-':
      return wrapLong(a - b);
    case '*':
      return wrapLong(a * b);
    case '/':
      return b === 0n ? null : wrapLong(a / b); // BigInt division truncates toward zero, like C#
    default: {
      if (b === 0n) return null;
      // Kusto's integer modulo is never negative (numerical-operators.md; see operators.ts numOp)
      const m = a % b;
      return boxLong(m < 0n ? m + (b < 0n ? -b : b) : m);
    }
  }
}

/** Compares two boxed numbers exactly when both are integral (bigint or integer number); -1, 0, 1 or NaN. */
export function compareLongs(x: number | bigint, y: number | bigint): number {
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  if (typeof x === 'number' && !Number.isInteger(x)) return Number.isNaN(x) ? NaN : x < Number(y) ? -1 : x > Number(y) ? 1 : 0;
  if (typeof y === 'number' && !Number.isInteger(y)) return Number.isNaN(y) ? NaN : Number(x) < y ? -1 : Number(x) > y ? 1 : 0;
  const a = typeof x === 'bigint' ? x : BigInt(x);
  const b = typeof y === 'bigint' ? y : BigInt(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const HEX_TEXT = /^0[xX][0-9a-fA-F]+$/;

/**
 * Integer text → its exact boxed long within [min, max], or null: optional sign and digits (or `0x`
 * hex), surrounding whitespace trimmed; no fractions, exponents or separators.
 */
export function parseLongText(text: string, min: bigint, max: bigint): number | bigint | null {
  const s = text.trim();
  if (INTEGER_TEXT.test(s)) {
    if (s.length < 16) {
      const n = Number(s); // exact as a double
      return n < Number(min) || n > Number(max) ? null : n + 0; // + 0 turns -0 into 0
    }
  } else if (!HEX_TEXT.test(s)) return null;
  const b = BigInt(s);
  return b < min || b > max ? null : boxLong(b);
}
