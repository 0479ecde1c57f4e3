// Formats doubles the way Kusto prints reals (.NET Core's shortest round-trip `ToString()`).

/**
 * A double as Kusto's `tostring(real)` spells it: the shortest digits that round-trip, in fixed
 * notation when the decimal exponent is in [-5, 15), else scientific with a signed, at least
 * two-digit exponent: `1.5`, `1` (for 1.0), `0.0001`, `1E-05`, `1E+15`, `1.2345678901234568E+20`,
 * `NaN`, `Infinity`, `-Infinity`. Negative zero prints `-0`, as .NET Core 3.0+ does (doubt: the
 * Kusto service may print `0`).
 */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // Safe integers below 1e15 are already in their final form.
  if (Number.isInteger(x) && x < 1e15 && x > -1e15) return String(x);
  // toExponential() with no argument yields the shortest round-trip digits: "d.ddde±x".
  const exp = x.toExponential();
  const e = exp.indexOf('e');
  const neg = x < 0;
  const mantissa = exp.slice(neg ? 1 : 0, e);
  const digits = mantissa.replace('.', '');
  const power = Number(exp.slice(e + 1));
  const sign = neg ? '-' : '';
  if (power >= 15 || power < -4) {
    const rest = digits.slice(1);
    const absPow = Math.abs(power);
    return sign + digits[0] + (rest ? '.' + rest : '') + 'E' + (power < 0 ? '-' : '+') + (absPow < 10 ? '0' : '') + absPow;
  }
  return sign + fixed(digits, power);
}

/** Significant digits d1d2d3… with value d1.d2d3… × 10^power, in plain positional notation. */
function fixed(digits: string, power: number): string {
  if (power < 0) return '0.' + '0'.repeat(-power - 1) + digits;
  if (digits.length <= power + 1) return digits + '0'.repeat(power + 1 - digits.length);
  return digits.slice(0, power + 1) + '.' + digits.slice(power + 1);
}

/**
 * A double's shortest round-trip digits, positionally (never scientific): the text of a decimal boxed as
 * a number (values/decimal.ts), since .NET decimals print positionally (`1E+20` → `100000000000000000000`).
 */
export function formatDecimal(x: number): string {
  if (!Number.isFinite(x)) return formatReal(x);
  if (x === 0) return '0';
  const exp = x.toExponential();
  const e = exp.indexOf('e');
  const neg = x < 0;
  const digits = exp.slice(neg ? 1 : 0, e).replace('.', '');
  return (neg ? '-' : '') + fixed(digits, Number(exp.slice(e + 1)));
}
