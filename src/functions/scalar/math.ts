// Numeric functions: bin/floor, bin_at, abs, round, ceiling, sqrt, pow, log*, exp*, sign,
// isnan/isinf/isfinite, min_of/max_of.
import type { KqlType, Scalar } from '../../types.js';
import { convertTo } from '../../values/convert.js';
import { boxDec, decInteger, decRound, pow10, type Dec } from '../../values/decimal.js';
import { decOf } from './operators.js';
import { allocVector, getScalar, isConst, setScalar, type Value } from '../../exec/vector.js';
import { compareScalars } from '../../values/compare.js';
import { wrapLong } from '../../values/long.js';
import { inDateTimeRange } from '../../values/datetime.js';
import {
  defineScalar, NUMBER, ORDERABLE, p, SUMMABLE,
  type ArgInfo, type Implementation, type RowFn, type ScalarFunctionDef, type Signature,
} from '../define.js';
import { commonType, widestType } from './conditional.js';

const floorDivBig = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
};

// ───────────────────────────── bin ─────────────────────────────

/** floor(value / size) * size; null for a size that is zero, negative or not finite (bin-function.md). */
const binNumber = (v: number, size: number): number | null => {
  if (!(size > 0) || !Number.isFinite(size)) return null;
  return Math.floor(v / size) * size + 0;
};

/** A datetime binned on ticks from the Unix epoch (KUSTO-SEMANTICS rule 14), exactly. */
function binTicks(t: bigint, size: number): bigint | null {
  if (!(size > 0) || !Number.isFinite(size)) return null;
  const s = BigInt(Math.round(size));
  if (s === 0n) return null;
  const r = floorDivBig(t, s) * s;
  return inDateTimeRange(r) ? r : null;
}

/**
 * bin(datetime, timespan) over a vector when the bin size is a constant whole number of
 * milliseconds (the common `bin(Timestamp, 1h)`): floor on the vector's millisecond data,
 * no BigInt per row. Other sizes go row by row.
 */
function binDateTimeKernel(args: Value[], n: number, sel: Int32Array | null): Value {
  const [v, size] = args as [Value, Value];
  const ms = isConst(size) && typeof size.value === 'number' ? size.value / 10_000 : NaN;
  if (isConst(v) || !Number.isInteger(ms) || ms <= 0 || v.type !== 'datetime') {
    return binRowFallback(args, n, sel);
  }
  const out = allocVector('datetime', n);
  if (out.type !== 'datetime') throw new Error('unreachable');
  const count = sel === null ? n : sel.length;
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    // The sub-millisecond ticks never change the bin: whole-ms bin edges.
    out.data[i] = Math.floor(v.data[i]! / ms) * ms;
  }
  if (v.nulls !== null) out.nulls = v.nulls.slice();
  return out;
}

/** Row-by-row bin(datetime, span) over Values, for constants and sub-millisecond sizes. */
function binRowFallback(args: Value[], n: number, sel: Int32Array | null): Value {
  const [v, size] = args as [Value, Value];
  const at = (x: Value, i: number): Scalar => (isConst(x) ? x.value : getScalar(x, i));
  if (isConst(v) && isConst(size)) {
    const value = v.value === null || size.value === null ? null : binTicks(v.value as bigint, spanOf(size.value));
    return { kind: 'const', type: 'datetime', value };
  }
  const out = allocVector('datetime', n);
  const count = sel === null ? n : sel.length;
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const t = at(v, i);
    const s = at(size, i);
    setScalar(out, i, t === null || s === null ? null : binTicks(t as bigint, spanOf(s)));
  }
  return out;
}

/** A bin size that is a timespan (number of ticks) or, in bin(datetime, datetime), a datetime's ticks. */
const spanOf = (s: Scalar): number => (typeof s === 'bigint' ? Number(s) : (s as number));

/** floor(v / size) · size on exact decimals; null for a size that is not positive. */
function binDec(v: Dec, size: Dec): Dec | null {
  if (size.m <= 0n) return null;
  const s = Math.max(v.s, size.s);
  const a = v.m * pow10(s - v.s);
  const b = size.m * pow10(s - size.s);
  const q = a / b - (a % b !== 0n && a < 0n ? 1n : 0n);
  return { m: q * b, s };
}

/** A row function over exact decimals: arguments converted from their types, the result boxed (values/decimal.ts). */
function decRow(types: KqlType[], f: (...ds: Dec[]) => Dec | null): RowFn {
  return (...vs) => {
    const ds: Dec[] = [];
    for (let k = 0; k < vs.length; k++) {
      const d = decOf(types[k]!, vs[k] ?? null);
      if (d === null) return null;
      ds.push(d);
    }
    const r = f(...ds);
    return r === null ? null : boxDec(r);
  };
}

function binImplement(args: ArgInfo[], resultType?: KqlType): Implementation | RowFn {
  const [value, size] = args as [ArgInfo, ArgInfo];
  if (resultType === 'decimal') return decRow([value.type, size.type], binDec);
  if (value.type === 'datetime') {
    if (size.type === 'timespan') return { kind: 'vector', kernel: binDateTimeKernel };
    return (t, s) => binTicks(t as bigint, spanOf(s));
  }
  return (v, s) => binNumber(v as number, s as number);
}

const BIN_SIGNATURES: Signature[] = [
  { params: [p('value', NUMBER), p('roundTo', NUMBER)], returns: widestType },
  { params: [p('value', ['timespan']), p('roundTo', ['timespan'])], returns: 'timespan' },
  { params: [p('value', ['datetime']), p('roundTo', ['datetime'])], returns: 'datetime' },
  { params: [p('value', ['datetime']), p('roundTo', ['timespan'])], returns: 'datetime' },
];

const bin = defineScalar({
  name: 'bin',
  signatures: BIN_SIGNATURES,
  doc: 'Rounds down to a multiple of the bin size; datetimes bin from the Unix epoch.',
  example: `print a = bin(4.5, 1), b = bin(time(16d), 7d), c = bin(datetime(1970-05-11 13:45:07), 1d)`,
  implement: binImplement,
});

const floor = defineScalar({
  name: 'floor',
  signatures: BIN_SIGNATURES,
  doc: 'Same as bin(): rounds down to a multiple of the bin size.',
  example: `print a = floor(4.5, 1), b = floor(datetime(2020-01-01 13:45), 1h)`,
  implement: binImplement,
});

const binAt = defineScalar({
  name: 'bin_at',
  signatures: [
    { params: [p('value', NUMBER), p('bin_size', NUMBER), p('fixed_point', NUMBER)], returns: widestType },
    // Doubt: a numeric bin_size for a timespan is read as ticks (undocumented).
    { params: [p('value', ['timespan']), p('bin_size', NUMBER), p('fixed_point', ['timespan'])], returns: 'timespan' },
    { params: [p('value', ['timespan']), p('bin_size', ['timespan']), p('fixed_point', ['timespan'])], returns: 'timespan' },
    { params: [p('value', ['datetime']), p('bin_size', SUMMABLE), p('fixed_point', ['datetime'])], returns: 'datetime' },
  ],
  doc: 'Rounds down to a multiple of the bin size, with bins aligned to a fixed point.',
  example: `print a = bin_at(6.5, 2.5, 7), b = bin_at(time(1h), 1d, 12h), c = bin_at(datetime(2017-05-15 10:20), 1d, datetime(1970-01-01 12:00))`,
  implement: (args, resultType) => {
    if (resultType === 'decimal') {
      return decRow(args.map((a) => a.type), (v, size, fixed) => {
        const d = binDec({ m: v.m * pow10(fixed.s) - fixed.m * pow10(v.s), s: v.s + fixed.s }, size);
        return d === null ? null : { m: d.m * pow10(fixed.s) + fixed.m * pow10(d.s), s: d.s + fixed.s };
      });
    }
    if (args[0]!.type === 'datetime') {
      return (v, size, fixed) => {
        const f = fixed as bigint;
        const r = binTicks((v as bigint) - f, size as number);
        return r === null ? null : r + f;
      };
    }
    return (v, size, fixed) => {
      const r = binNumber((v as number) - (fixed as number), size as number);
      return r === null ? null : r + (fixed as number);
    };
  },
});

// ───────────────────────────── rounding and arithmetic ─────────────────────────────

/** Rounds half away from zero (round(2.5) = 3, round(-2.5) = -3). */
const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x)) + 0;

/** round(x, digits): half away from zero at 10^-digits; negative digits round left of the point. */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  if (digits === 0) return roundHalfAway(x);
  if (digits > 0) {
    const f = 10 ** digits;
    const r = roundHalfAway(x * f) / f;
    return Number.isFinite(r) ? r : x;
  }
  const f = 10 ** -digits;
  return roundHalfAway(x / f) * f;
}

const abs = defineScalar({
  name: 'abs',
  signatures: [
    { params: [p('number', ['int', 'long'])], returns: 'long' },
    { params: [p('number', NUMBER)], returns: (args) => args[0]!.type },
    { params: [p('number', ['timespan'])], returns: 'timespan' },
  ],
  doc: 'The absolute value of a number or timespan.',
  example: `print a = abs(-5), b = abs(-1.5), c = abs(-1h)`,
  exactLong: true,
  // a long beyond 2^53 stays exact; abs(-2^63) wraps to itself as .NET's unchecked negation does
  implement: (args) =>
    args[0]!.type === 'decimal'
      ? decRow(['decimal'], (d) => ({ m: d.m < 0n ? -d.m : d.m, s: d.s }))
      : (x) => (typeof x === 'bigint' ? (x < 0n ? wrapLong(-x) : x) : Math.abs(x as number)),
});

const round = defineScalar({
  name: 'round',
  signatures: [
    { params: [p('number', NUMBER), p('precision', ['long'], { optional: true, constant: true })], returns: (args) => args[0]!.type },
  ],
  doc: 'Rounds a number (half away from zero) to a number of decimal digits, 0 by default; negative digits round to tens, hundreds, ...',
  example: `print a = round(2.98765, 3), b = round(2.15, 1), c = round(-50.55, -2)`,
  implement: (args) => {
    if (args[0]!.type === 'decimal') {
      // exact, half away from zero (values/decimal.ts)
      return (x, digits) => {
        const d = decOf('decimal', x);
        const r = d === null ? null : decRound(d, Math.max(-40, Math.min(40, Number(digits ?? 0))));
        return r === null ? null : boxDec(r);
      };
    }
    const integral = args[0]!.type === 'int' || args[0]!.type === 'long';
    return (x, digits) => {
      const d = (digits as number | undefined) ?? 0;
      if (integral && d >= 0) return x;
      return roundTo(x as number, d);
    };
  },
});

const ceiling = defineScalar({
  name: 'ceiling',
  signatures: [{ params: [p('number', NUMBER)], returns: (args) => args[0]!.type }],
  doc: 'The smallest integer greater than or equal to a number.',
  example: `print c1 = ceiling(-1.1), c2 = ceiling(0), c3 = ceiling(0.9)`,
  implement: (args) => (args[0]!.type === 'decimal' ? decRow(['decimal'], (d) => decInteger(d, 1)) : (x) => Math.ceil(x as number) + 0),
});

/** A one-number function returning real. */
function realFn(name: string, doc: string, example: string, f: (x: number) => number | null) {
  return defineScalar({
    name,
    signatures: [{ params: [p('number', NUMBER)], returns: 'real' }],
    doc,
    example,
    implement: () => (x) => f(x as number),
  });
}

/** sqrt and the logarithms: null for negative input (sqrt-function.md, log-function.md). */
const nonNegative = (f: (x: number) => number) => (x: number): number | null => (x < 0 ? null : f(x));

const sqrt = realFn('sqrt', 'The square root; null for negative numbers.', `print sqrt(16)`, nonNegative(Math.sqrt));
const log = realFn('log', 'The natural logarithm; null for negative numbers.', `print result = log(5)`, nonNegative(Math.log));
const log10 = realFn('log10', 'The base-10 logarithm; null for negative numbers.', `print result = log10(5)`, nonNegative(Math.log10));
const log2 = realFn('log2', 'The base-2 logarithm; null for negative numbers.', `print result = log2(5)`, nonNegative(Math.log2));
const exp = realFn('exp', 'e raised to a power.', `print result = exp(2)`, Math.exp);
const exp2 = realFn('exp2', '2 raised to a power.', `print exp2(10)`, (x) => 2 ** x);
const exp10 = realFn('exp10', '10 raised to a power.', `print exp10(3)`, (x) => 10 ** x);
const sign = realFn('sign', 'The sign of a number: -1, 0 or 1.', `print s1 = sign(-42), s2 = sign(0), s3 = sign(11.2)`, (x) => Math.sign(x) + 0);

const pow = defineScalar({
  name: 'pow',
  signatures: [{ params: [p('base', NUMBER), p('exponent', NUMBER)], returns: 'real' }],
  doc: 'A number raised to a power.',
  example: `print result = pow(2, 3)`,
  implement: () => (b, e) => Math.pow(b as number, e as number),
});

function realTest(name: string, doc: string, example: string, f: (x: number) => boolean) {
  return defineScalar({
    name,
    signatures: [{ params: [p('number', ['real'])], returns: 'bool' }],
    doc,
    example,
    implement: () => (x) => f(x as number),
  });
}

const isnan = realTest('isnan', 'True when a real is NaN.', `print isnan(0.0 / 0.0)`, Number.isNaN);
const isinf = realTest('isinf', 'True when a real is +∞ or -∞.', `print isinf(1.0 / 0.0)`, (x) => x === Infinity || x === -Infinity);
const isfinite = realTest('isfinite', 'True when a real is neither infinite nor NaN.', `print isfinite(1.0)`, Number.isFinite);

// ───────────────────────────── min_of / max_of ─────────────────────────────

/** min_of/max_of: the extreme non-null argument (non-null values take precedence, max-of-function.md). */
function extremeOf(name: string, sign: 1 | -1, doc: string, example: string) {
  return defineScalar({
    name,
    signatures: [{ params: [p('arg', ORDERABLE, { repeatable: true })], returns: (args) => commonType(args.map((a) => a.type)) }],
    exactLong: true, // compareScalars orders bigint and number longs exactly
    doc,
    example,
    implement: (args, resultType: KqlType) => {
      const types = args.map((a) => a.type);
      const fn: RowFn = (...vs) => {
        let best: Scalar = null;
        for (let k = 0; k < vs.length; k++) {
          let v: Scalar = vs[k] ?? null;
          // a decimal result compares (and returns) the arguments as decimals (values/decimal.ts)
          if (v !== null && resultType === 'decimal' && types[k] !== 'decimal') v = convertTo('decimal', types[k] ?? 'real', v);
          if (v === null) continue;
          if (best === null || sign * compareScalars(resultType, v, best) > 0) best = v;
        }
        // a long beyond 2^53 (bigint) chosen for a real result is its nearest double
        return typeof best === 'bigint' && (resultType === 'real' || resultType === 'decimal') ? Number(best) : best;
      };
      return { kind: 'row', fn, nullPropagating: false };
    },
  });
}

const maxOf = extremeOf('max_of', 1, 'The largest of its arguments, ignoring nulls.', `print result = max_of(10, 1, -3, 17)`);
const minOf = extremeOf('min_of', -1, 'The smallest of its arguments, ignoring nulls.', `print result = min_of(10, 1, -3, 17)`);

export const mathFunctions: ScalarFunctionDef[] = [
  bin, floor, binAt, abs, round, ceiling, sqrt, pow, log, log10, log2, exp, exp2, exp10, sign,
  isnan, isinf, isfinite, minOf, maxOf,
];
