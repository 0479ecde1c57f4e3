// KQL's operators as typed vector kernels: arithmetic, comparison, logic, string matching, member access.
import type { KqlType, Scalar } from '../../types.js';
import { isNumeric } from '../../types.js';
import {
  allocVector, decimalAt, isConst, joinTicks, longAt, setDecimal, setLongBig, setNull, type ConstValue, type DateTimeVector, type DecimalVector,
  type LongVector, type Value, type Vector,
} from '../../exec/vector.js';
import {
  boxDec, compareDecBoxes, decAdd, decCompare, decDiv, decMod, decMul, decNeg, decSub, unboxDec, type Dec, type DecBox,
} from '../../values/decimal.js';
import { compareLongs, isUnsafeDouble, longArith, longToBigInt, MAX_SAFE, wrapLong } from '../../values/long.js';
import type { Implementation, VectorKernel } from '../define.js';
import { convertTo, toStringValue } from '../../values/convert.js';
import { dynamicEquals } from '../../values/dynamic.js';
import { compileRegex, type KqlRegex } from '../../values/regex.js';
import { splitTicks } from '../../exec/vector.js';
import { MAX_DATETIME_TICKS, MIN_DATETIME_TICKS } from '../../values/datetime.js';

// ───────────────────────────── readers ─────────────────────────────
// A reader exposes a Value as numbers (or strings) at physical row i without boxing.

interface NumReader {
  /** value at row i (only meaningful when !isNull(i)); a long beyond 2^53 is its nearest double */
  get(i: number): number;
  isNull(i: number): boolean;
  /** the exact long at row i, when some value may be beyond 2^53 (a long vector with its sidecar, a bigint constant); else null */
  exact: ((i: number) => number | bigint) | null;
}

const NEVER = (_i: number) => false;

function numReader(v: Value): NumReader {
  if (isConst(v)) {
    const x = v.value;
    if (x === null) return { get: () => 0, isNull: () => true, exact: null };
    const n = typeof x === 'boolean' ? (x ? 1 : 0) : Number(x);
    return { get: () => n, isNull: NEVER, exact: typeof x === 'bigint' && v.type === 'long' ? () => x : null };
  }
  const data = v.data as ArrayLike<number>;
  const nulls = v.nulls;
  const lv = v.type === 'long' && v.big ? v : null;
  return { get: (i) => data[i]!, isNull: nulls === null ? NEVER : (i) => nulls[i] === 1, exact: lv ? (i) => longAt(lv, i) : null };
}

/** datetime reader: whole ms and sub-ms ticks */
interface DtReader {
  ms(i: number): number;
  sub(i: number): number;
  isNull(i: number): boolean;
}

function dtReader(v: Value): DtReader {
  if (isConst(v)) {
    if (v.value === null) return { ms: () => 0, sub: () => 0, isNull: () => true };
    const [ms, sub] = splitTicks(v.value as bigint);
    return { ms: () => ms, sub: () => sub, isNull: NEVER };
  }
  const dv = v as DateTimeVector;
  const data = dv.data;
  const subs = dv.sub;
  const nulls = dv.nulls;
  return {
    ms: (i) => data[i]!,
    sub: subs === null ? () => 0 : (i) => subs[i]!,
    isNull: nulls === null ? NEVER : (i) => nulls[i] === 1,
  };
}

function strReader(v: Value, type: KqlType): { get(i: number): string; isNull(i: number): boolean } {
  if (isConst(v)) {
    const s = v.value === null ? '' : type === 'string' || type === 'guid' ? (v.value as string) : toStringValue(type, v.value);
    const nul = v.value === null && type !== 'string';
    return { get: () => s, isNull: () => nul };
  }
  if (v.type === 'string' || v.type === 'guid') {
    const data = v.data;
    const nulls = v.nulls;
    return { get: (i) => data[i]!, isNull: nulls === null ? NEVER : (i) => nulls[i] === 1 };
  }
  const vec = v;
  return {
    get: (i) => {
      const x = boxedAt(vec, i);
      return x === null ? '' : toStringValue(vec.type, x);
    },
    isNull: (i) => boxedAt(vec, i) === null && vec.type !== 'string',
  };
}

function boxedAt(v: Vector, i: number): Scalar {
  if (v.type === 'dynamic') return (v.data[i] ?? null) as Scalar;
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  if (v.type === 'bool') return v.data[i] === 1;
  if (v.type === 'datetime') return joinTicks(v.data[i]!, v.sub ? v.sub[i]! : 0);
  if (v.type === 'long' && v.big) return longAt(v, i);
  if (v.type === 'decimal' && v.exact) return decimalAt(v, i);
  return v.data[i]!;
}

/** Reads a Value as boxed scalars. */
export function scalarReader(v: Value): (i: number) => Scalar {
  if (isConst(v)) {
    const x = v.value;
    return () => x;
  }
  return (i) => boxedAt(v, i);
}

/** Loops over the selected rows. */
function forRows(n: number, sel: Int32Array | null, f: (i: number) => void): void {
  if (sel === null) for (let i = 0; i < n; i++) f(i);
  else for (let k = 0; k < sel.length; k++) f(sel[k]!);
}

const allConst = (args: Value[]) => args.every(isConst);

// ───────────────────────────── arithmetic ─────────────────────────────

const ARITH = new Set(['+', '-', '*', '/', '%']);
export const isArithmetic = (op: string) => ARITH.has(op);

/** Result type of an arithmetic operator, or undefined when it is not defined for the operand types. */
export function arithmeticType(op: string, l: KqlType, r: KqlType): KqlType | undefined {
  if (l === 'dynamic' || r === 'dynamic') {
    // decimal with dynamic is decimal (the analyzer; the dynamic side converts as todecimal does)
    if (l === 'decimal' || r === 'decimal') return 'decimal';
    if (isNumeric(l) || isNumeric(r) || (l === 'dynamic' && r === 'dynamic')) return 'dynamic';
    return undefined;
  }
  if (isNumeric(l) && isNumeric(r)) {
    // decimal wins over real (the analyzer: decimal(1) + 1.5 is decimal)
    if (l === 'decimal' || r === 'decimal') return 'decimal';
    if (l === 'real' || r === 'real') return 'real';
    return 'long';
  }
  if (isTickArithmetic(op, l, r)) return tickArithmeticType(op, l, r);
  switch (op) {
    case '+':
      if (l === 'datetime' && r === 'timespan') return 'datetime';
      if (l === 'timespan' && r === 'datetime') return 'datetime';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '-':
      if (l === 'datetime' && r === 'datetime') return 'timespan';
      if (l === 'datetime' && r === 'timespan') return 'datetime';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '*':
      if (l === 'timespan' && isNumeric(r)) return 'timespan';
      if (isNumeric(l) && r === 'timespan') return 'timespan';
      return undefined;
    case '/':
      if (l === 'timespan' && isNumeric(r)) return 'timespan';
      if (l === 'timespan' && r === 'timespan') return 'real';
      return undefined;
    case '%':
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      if (l === 'timespan' && isNumeric(r)) return 'timespan';
      return undefined;
  }
  return undefined;
}

const TICKS_PER_MS = 10_000;

function numOp(op: string, integer: boolean): (a: number, b: number) => number | null {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return integer ? (a, b) => (b === 0 ? null : Math.trunc(a / b)) : (a, b) => a / b;
    default:
      // Kusto's integer modulo is never negative: -14 % 12 = 10, 14 % -12 = 2, -14 % -12 = 10
      // (numerical-operators.md; KUSTO-SEMANTICS 13).
      return integer
        ? (a, b) => {
            if (b === 0) return null;
            const m = a % b;
            return m < 0 ? m + Math.abs(b) : m;
          }
        : (a, b) => a % b;
  }
}

/** datetime ± timespan, timespan + datetime, datetime − datetime — exact on 100-ns ticks. */
function dateTimeKernel(op: string, l: KqlType, r: KqlType, resultType: KqlType): VectorKernel {
  return (args, n, sel) => {
    const outV = allocVector(resultType, n);
    const leftDt = l === 'datetime';
    const rightDt = r === 'datetime';
    const dtA = leftDt ? dtReader(args[0]!) : null;
    const dtB = rightDt ? dtReader(args[1]!) : null;
    const nA = leftDt ? null : numReader(args[0]!);
    const nB = rightDt ? null : numReader(args[1]!);
    const put = (i: number, ms: number, sub: number) => {
      // normalise sub into [0, 10000)
      const carry = Math.floor(sub / TICKS_PER_MS);
      const dv = outV as DateTimeVector;
      dv.data[i] = ms + carry;
      const s = sub - carry * TICKS_PER_MS;
      if (s !== 0) {
        if (dv.sub === null) dv.sub = new Uint16Array(n);
        dv.sub[i] = s;
      }
    };
    const addTicks = (i: number, ms: number, sub: number, ticks: number, sign: number) => {
      const t = sign * ticks;
      const wholeMs = Math.trunc(t / TICKS_PER_MS);
      put(i, ms + wholeMs, sub + (t - wholeMs * TICKS_PER_MS));
    };
    forRows(n, sel, (i) => {
      if ((dtA && dtA.isNull(i)) || (dtB && dtB.isNull(i)) || (nA && nA.isNull(i)) || (nB && nB.isNull(i))) {
        return setNull(outV, i);
      }
      if (dtA && dtB) {
        (outV.data as Float64Array)[i] = (dtA.ms(i) - dtB.ms(i)) * TICKS_PER_MS + (dtA.sub(i) - dtB.sub(i));
      } else if (dtA) {
        addTicks(i, dtA.ms(i), dtA.sub(i), nB!.get(i), op === '-' ? -1 : 1);
      } else {
        addTicks(i, dtB!.ms(i), dtB!.sub(i), nA!.get(i), 1);
      }
    });
    if (allConst(args)) return { kind: 'const', type: resultType, value: boxedAt(outV, 0) };
    return outV;
  };
}

/** timespan × number, timespan ÷ number, timespan ÷ timespan, timespan % … */
function timespanKernel(op: string, resultType: KqlType): VectorKernel {
  const f: (a: number, b: number) => number | null =
    op === '*' ? (a, b) => Math.round(a * b)
      : op === '/' ? (resultType === 'real' ? (a, b) => a / b : (a, b) => (b === 0 ? null : Math.trunc(a / b)))
        : op === '%' ? (a, b) => (b === 0 ? null : a % b)
          : op === '+' ? (a, b) => a + b : (a, b) => a - b;
  return numericKernelWith(f, resultType);
}

function numericKernelWith(f: (a: number, b: number) => number | null, resultType: KqlType): VectorKernel {
  return (args, n, sel) => {
    const a = numReader(args[0]!);
    const b = numReader(args[1]!);
    if (allConst(args)) {
      return { kind: 'const', type: resultType, value: a.isNull(0) || b.isNull(0) ? null : f(a.get(0), b.get(0)) };
    }
    const out = allocVector(resultType, n) as Extract<Vector, { data: Float64Array }>;
    forRows(n, sel, (i) => {
      if (a.isNull(i) || b.isNull(i)) return setNull(out, i);
      const x = f(a.get(i), b.get(i));
      if (x === null) setNull(out, i);
      else out.data[i] = x;
    });
    return out;
  };
}

/** Writes a boxed long result (null, a number, or a bigint beyond 2^53) into row i. */
function putLong(out: LongVector, i: number, r: number | bigint | null): void {
  if (r === null) setNull(out, i);
  else if (typeof r === 'number') out.data[i] = r;
  else setLongBig(out, i, r);
}

/**
 * long op long, exact over the whole 64-bit range: doubles while operands and result are safe
 * integers (then the double result is exact: see values/long.ts), BigInt with wrapping otherwise.
 */
function longKernel(op: string): VectorKernel {
  const f = numOp(op, true);
  return (args, n, sel) => {
    const a = numReader(args[0]!);
    const b = numReader(args[1]!);
    const ea = a.exact;
    const eb = b.exact;
    const exactAt = (i: number) => longArith(op, longToBigInt(ea ? ea(i) : a.get(i)), longToBigInt(eb ? eb(i) : b.get(i)));
    if (allConst(args)) {
      if (a.isNull(0) || b.isNull(0)) return { kind: 'const', type: 'long', value: null };
      const x = f(a.get(0), b.get(0));
      const safe = ea === null && eb === null && (x === null || !isUnsafeDouble(x));
      return { kind: 'const', type: 'long', value: safe ? x : exactAt(0) };
    }
    const out = allocVector('long', n) as LongVector;
    if (ea === null && eb === null) {
      forRows(n, sel, (i) => {
        if (a.isNull(i) || b.isNull(i)) return setNull(out, i);
        const x = f(a.get(i), b.get(i));
        if (x === null) setNull(out, i);
        else if (x <= MAX_SAFE && x >= -MAX_SAFE) out.data[i] = x;
        else putLong(out, i, exactAt(i));
      });
    } else {
      forRows(n, sel, (i) => {
        if (a.isNull(i) || b.isNull(i)) return setNull(out, i);
        const x = a.get(i);
        const y = b.get(i);
        const r = isUnsafeDouble(x) || isUnsafeDouble(y) ? null : f(x, y);
        if (r !== null && !isUnsafeDouble(r)) out.data[i] = r;
        else putLong(out, i, exactAt(i));
      });
    }
    return out;
  };
}

/** dynamic operands: numbers inside dynamic values are used, anything else yields null. */
function dynamicArithmetic(op: string): VectorKernel {
  const fi = numOp(op, true);
  const fr = numOp(op, false);
  return (args, n, sel) => {
    const a = scalarReader(args[0]!);
    const b = scalarReader(args[1]!);
    const out = allocVector('dynamic', n) as Extract<Vector, { type: 'dynamic' }>;
    forRows(n, sel, (i) => {
      const x = a(i);
      const y = b(i);
      // a long inside dynamic is a safe integer, or a bigint beyond 2^53; other numbers are reals
      if (typeof x === 'number' && typeof y === 'number') {
        if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) {
          out.data[i] = fr(x, y);
          return;
        }
        const r = fi(x, y);
        // a safe integer result is exact; past 2^53, long op long exactly (below)
        if (r === null || Number.isSafeInteger(r)) {
          out.data[i] = r;
          return;
        }
      } else if ((typeof x !== 'number' && typeof x !== 'bigint') || (typeof y !== 'number' && typeof y !== 'bigint')) {
        out.data[i] = null;
        return;
      }
      // exact, wrapping as .NET's Int64 does; a real on either side computes in doubles
      if ((typeof x === 'number' && !Number.isSafeInteger(x)) || (typeof y === 'number' && !Number.isSafeInteger(y))) out.data[i] = fr(Number(x), Number(y));
      else out.data[i] = longArith(op, longToBigInt(x), longToBigInt(y));
    });
    if (allConst(args)) return { kind: 'const', type: 'dynamic', value: out.data[0] as Scalar };
    return out;
  };
}

// ───────────────────────────── decimal ─────────────────────────────

/** A numeric value (int, long, real, decimal) as an exact decimal (reals to 15 digits, as .NET); null when none. */
export function decOf(type: KqlType, x: Scalar): Dec | null {
  if (x === null) return null;
  const b = type === 'decimal' ? (x as DecBox) : (convertTo('decimal', type, x) as DecBox | null);
  return b === null ? null : unboxDec(b);
}

/** Reads a numeric Value as exact decimals row by row (null rows → null). */
export function decReader(v: Value, type: KqlType): (i: number) => Dec | null {
  if (isConst(v)) {
    const d = decOf(type, v.value);
    return () => d;
  }
  const r = scalarReader(v);
  return (i) => decOf(type, r(i));
}

/** Writes an exact decimal result (null: overflow, division by zero) into row i. */
export function putDec(out: DecimalVector, i: number, d: Dec | null): void {
  if (d === null) setNull(out, i);
  else setDecimal(out, i, boxDec(d));
}

const DEC_OPS: Record<string, (a: Dec, b: Dec) => Dec | null> = { '+': decAdd, '-': decSub, '*': decMul, '/': decDiv, '%': decMod };

/**
 * decimal arithmetic (either operand decimal; int, long and real operands converted to decimal):
 * exact, with SqlDecimal's 38-digit limits (values/decimal.ts). Whole numbers that stay safe
 * integers under + − × take a double fast path (exact there).
 */
function decimalKernel(op: string, l: KqlType, r: KqlType): VectorKernel {
  const f = DEC_OPS[op]!;
  const intOp = op === '+' ? (a: number, b: number) => a + b : op === '-' ? (a: number, b: number) => a - b : op === '*' ? (a: number, b: number) => a * b : null;
  return (args, n, sel) => {
    const da = decReader(args[0]!, l);
    const db = decReader(args[1]!, r);
    const ba = scalarReader(args[0]!);
    const bb = scalarReader(args[1]!);
    const out = allocVector('decimal', n) as DecimalVector;
    const row = (i: number) => {
      const x = ba(i);
      const y = bb(i);
      if (x === null || y === null) return setNull(out, i);
      if (intOp !== null && typeof x === 'number' && typeof y === 'number' && Number.isSafeInteger(x) && Number.isSafeInteger(y)) {
        const z = intOp(x, y);
        if (Number.isSafeInteger(z)) {
          out.data[i] = z + 0;
          return;
        }
      }
      const p = da(i);
      const q = db(i);
      putDec(out, i, p === null || q === null ? null : f(p, q));
    };
    if (allConst(args)) {
      row(0);
      return { kind: 'const', type: 'decimal', value: boxedAt(out, 0) };
    }
    forRows(n, sel, row);
    return out;
  };
}

/**
 * Forms Microsoft's analyzer accepts beyond the documented datetime arithmetic (its operator table):
 * timespan - datetime, a datetime times or divided by or modulo a number,
 * datetime / timespan or datetime (real), datetime % timespan or datetime (timespan), timespan * timespan.
 * They compute on .NET ticks (a datetime is its ticks since 0001-01-01, a timespan its ticks), as the
 * engine stores both: `Timestamp % 1d` is the time of day, `Timestamp / 1d` the days since year 1.
 */
function isTickArithmetic(op: string, l: KqlType, r: KqlType): boolean {
  const span = (t: KqlType) => t === 'timespan' || t === 'datetime';
  switch (op) {
    // datetime + datetime stays an error: datetime-timespan-arithmetic.md says two datetimes can be
    // subtracted "but not added" (the analyzer's table has the form; the docs say no)
    case '-': return l === 'timespan' && r === 'datetime';
    case '*': return (l === 'datetime' && isNumeric(r)) || (isNumeric(l) && r === 'datetime') || (l === 'timespan' && r === 'timespan');
    case '/':
    case '%': return l === 'datetime' && (isNumeric(r) || span(r));
    default: return false;
  }
}

function tickArithmeticType(op: string, l: KqlType, r: KqlType): KqlType {
  if (l === 'timespan' && r === 'timespan') return 'timespan'; // *
  if (op === '/' && (r === 'timespan' || r === 'datetime')) return 'real';
  if (op === '%' && (r === 'timespan' || r === 'datetime')) return 'timespan';
  return 'datetime';
}

/** An operand as .NET ticks (bigint), or as a double for a real or decimal. */
function ticksOf(t: KqlType, v: Scalar): bigint | number {
  if (t === 'datetime') return (v as bigint) - MIN_DATETIME_TICKS;
  if (t === 'timespan') return BigInt(Math.trunc(v as number));
  if (t === 'real' || t === 'decimal') return Number(v);
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

function tickArithmetic(op: string, l: KqlType, r: KqlType, resultType: KqlType): Implementation {
  const fn = (a: Scalar, b: Scalar): Scalar => {
    const x = ticksOf(l, a);
    const y = ticksOf(r, b);
    let z: bigint | number;
    if (typeof x === 'number' || typeof y === 'number' || resultType === 'real') {
      const p = Number(x);
      const q = Number(y);
      if ((op === '/' || op === '%') && q === 0) return null;
      const w = op === '+' ? p + q : op === '-' ? p - q : op === '*' ? p * q : op === '/' ? p / q : ((p % q) + Math.abs(q)) % Math.abs(q);
      if (resultType === 'real') return w;
      if (!Number.isFinite(w)) return null;
      z = BigInt(Math.trunc(w));
    } else {
      if ((op === '/' || op === '%') && y === 0n) return null;
      const ay = y < 0n ? -y : y;
      z = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : ((x % y) + ay) % ay;
    }
    if (resultType === 'timespan') return Number(z);
    // a datetime outside 0001-01-01 … 9999-12-31 is null
    const ticks = z + MIN_DATETIME_TICKS;
    return ticks < MIN_DATETIME_TICKS || ticks > MAX_DATETIME_TICKS ? null : ticks;
  };
  return { kind: 'row', fn: fn as never, nullPropagating: true };
}

export function implementArithmetic(op: string, l: KqlType, r: KqlType, resultType: KqlType): Implementation {
  if (isTickArithmetic(op, l, r)) return tickArithmetic(op, l, r, resultType);
  if (resultType === 'dynamic') return { kind: 'vector', kernel: dynamicArithmetic(op) };
  if (resultType === 'decimal') return { kind: 'vector', kernel: decimalKernel(op, l, r) };
  if (l === 'datetime' || r === 'datetime') return { kind: 'vector', kernel: dateTimeKernel(op, l, r, resultType) };
  if (l === 'timespan' || r === 'timespan') return { kind: 'vector', kernel: timespanKernel(op, resultType) };
  if (resultType === 'long') return { kind: 'vector', kernel: longKernel(op) };
  return { kind: 'vector', kernel: numericKernelWith(numOp(op, false), resultType) };
}

export function unaryMinusType(t: KqlType): KqlType | undefined {
  if (t === 'int' || t === 'long') return 'long';
  if (t === 'real' || t === 'decimal' || t === 'timespan' || t === 'dynamic') return t;
  return undefined;
}

// ───────────────────────────── comparison ─────────────────────────────

const EQUALITY = new Set(['==', '!=', '<>']);
const ORDERING = new Set(['<', '<=', '>', '>=']);
export const isComparison = (op: string) => EQUALITY.has(op) || ORDERING.has(op);

type Domain = 'number' | 'datetime' | 'string' | 'dynamic';

function isOrderable(t: KqlType) {
  return isNumeric(t) || t === 'datetime' || t === 'timespan';
}

/** Whether the comparison is defined for the operand types (as Microsoft's analyzer decides). */
export function comparisonDefined(op: string, l: KqlType, r: KqlType): boolean {
  if (EQUALITY.has(op)) return true;
  // ordering: numbers with numbers (and dynamic), datetime with datetime, timespan with timespan
  if (l === 'dynamic' && r === 'dynamic') return true;
  if (l === 'dynamic') return isNumeric(r);
  if (r === 'dynamic') return isNumeric(l);
  if (isNumeric(l) && isNumeric(r)) return true;
  // bool is "internally encoded as 1 and 0" (scalar-data-types/bool.md): the analyzer orders it against numbers
  if ((l === 'bool' && isNumeric(r)) || (isNumeric(l) && r === 'bool')) return true;
  if (l === 'datetime' && r === 'datetime') return true;
  if (l === 'timespan' && r === 'timespan') return true;
  if (l === 'bool' && r === 'bool') return true;
  return false;
}

function comparisonDomain(l: KqlType, r: KqlType): Domain {
  if (l === 'dynamic' || r === 'dynamic') return 'dynamic';
  if (l === 'datetime' || r === 'datetime') return l === r || l === 'string' || r === 'string' ? 'datetime' : 'dynamic';
  if ((isNumeric(l) || l === 'bool' || l === 'timespan') && (isNumeric(r) || r === 'bool' || r === 'timespan')) return 'number';
  if ((l === 'string' || l === 'guid') && (r === 'string' || r === 'guid')) return 'string';
  return 'dynamic';
}

function cmpResult(op: string, c: number): boolean {
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/**
 * Equality is total when one side is null (null == 5 is false, null != 5 is true) but null when
 * both are; ordering with a null operand is null (KUSTO-SEMANTICS 6, as measured on the Kusto
 * emulator by duckdb-kql tests/test_null_semantics.py; null-values.md shows the both-null case).
 */
function nullResult(op: string, bothNull: boolean): boolean | null {
  if (bothNull) return null;
  if (op === '==') return false;
  if (op === '!=' || op === '<>') return true;
  return null;
}

function boolOut(n: number): Extract<Vector, { type: 'bool' }> {
  return allocVector('bool', n) as Extract<Vector, { type: 'bool' }>;
}

function writeBool(out: Extract<Vector, { type: 'bool' }>, i: number, b: boolean | null) {
  if (b === null) setNull(out, i);
  else out.data[i] = b ? 1 : 0;
}

function finish(args: Value[], out: Vector): Value {
  if (allConst(args)) return { kind: 'const', type: out.type, value: boxedAt(out, 0) };
  return out;
}

export function implementComparison(op: string, l: KqlType, r: KqlType): Implementation {
  const domain = comparisonDomain(l, r);
  const onNull = (an: boolean, bn: boolean) => nullResult(op, an && bn);
  let kernel: VectorKernel;
  if (domain === 'number') {
    kernel = (args, n, sel) => {
      const a = numReader(args[0]!);
      const b = numReader(args[1]!);
      const out = boolOut(n);
      const d = out.data;
      if ((l === 'decimal' || r === 'decimal') && (hasExactDecimal(args[0]!) || hasExactDecimal(args[1]!))) {
        // a decimal beyond a double's digits on either side: compare exact decimals
        const ra = scalarReader(args[0]!);
        const rb = scalarReader(args[1]!);
        forRows(n, sel, (i) => {
          const x = ra(i);
          const y = rb(i);
          if (x === null || y === null) return writeBool(out, i, onNull(x === null, y === null));
          writeBool(out, i, cmpResult(op, compareExactNumbers(l, x, r, y)));
        });
        return finish(args, out);
      }
      if (a.exact !== null || b.exact !== null) {
        // a long beyond 2^53 on either side: compare exact values
        const ea = a.exact ?? a.get;
        const eb = b.exact ?? b.get;
        forRows(n, sel, (i) => {
          if (a.isNull(i) || b.isNull(i)) return writeBool(out, i, onNull(a.isNull(i), b.isNull(i)));
          writeBool(out, i, cmpResult(op, compareLongs(ea(i), eb(i))));
        });
        return finish(args, out);
      }
      switch (op) {
        case '==':
          forRows(n, sel, (i) => {
            const an = a.isNull(i);
            const bn = b.isNull(i);
            if (an || bn) writeBool(out, i, onNull(an, bn));
            else d[i] = a.get(i) === b.get(i) ? 1 : 0;
          });
          break;
        case '>':
          forRows(n, sel, (i) => (a.isNull(i) || b.isNull(i) ? setNull(out, i) : (d[i] = a.get(i) > b.get(i) ? 1 : 0)));
          break;
        case '<':
          forRows(n, sel, (i) => (a.isNull(i) || b.isNull(i) ? setNull(out, i) : (d[i] = a.get(i) < b.get(i) ? 1 : 0)));
          break;
        default:
          forRows(n, sel, (i) => {
            if (a.isNull(i) || b.isNull(i)) return writeBool(out, i, onNull(a.isNull(i), b.isNull(i)));
            const x = a.get(i);
            const y = b.get(i);
            writeBool(out, i, cmpResult(op, x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN));
          });
      }
      return finish(args, out);
    };
  } else if (domain === 'datetime') {
    kernel = (args, n, sel) => {
      const a = l === 'string' ? dtReader(stringToDateTime(args[0]!, n, sel)) : dtReader(args[0]!);
      const b = r === 'string' ? dtReader(stringToDateTime(args[1]!, n, sel)) : dtReader(args[1]!);
      const out = boolOut(n);
      forRows(n, sel, (i) => {
        if (a.isNull(i) || b.isNull(i)) return writeBool(out, i, onNull(a.isNull(i), b.isNull(i)));
        const x = a.ms(i);
        const y = b.ms(i);
        const c = x < y ? -1 : x > y ? 1 : a.sub(i) - b.sub(i);
        writeBool(out, i, cmpResult(op, c));
      });
      return finish(args, out);
    };
  } else if (domain === 'string') {
    kernel = (args, n, sel) => {
      const ci = l === 'guid' || r === 'guid';
      const a = strReader(args[0]!, l);
      const b = strReader(args[1]!, r);
      const out = boolOut(n);
      forRows(n, sel, (i) => {
        if (a.isNull(i) || b.isNull(i)) return writeBool(out, i, onNull(a.isNull(i), b.isNull(i)));
        const x = ci ? a.get(i).toLowerCase() : a.get(i);
        const y = ci ? b.get(i).toLowerCase() : b.get(i);
        writeBool(out, i, cmpResult(op, x < y ? -1 : x > y ? 1 : 0));
      });
      return finish(args, out);
    };
  } else {
    // dynamic (or mixed kinds): compare boxed values; a dynamic side is converted to the other side's type
    kernel = (args, n, sel) => {
      const a = scalarReader(args[0]!);
      const b = scalarReader(args[1]!);
      const out = boolOut(n);
      forRows(n, sel, (i) => {
        const x = a(i);
        const y = b(i);
        const c = compareMixed(l, x, r, y);
        writeBool(out, i, c === null ? (x === null || y === null ? onNull(x === null, y === null) : nullResult(op, false)) : cmpResult(op, c));
      });
      return finish(args, out);
    };
  }
  return { kind: 'vector', kernel };
}

/** Whether a value may hold a decimal no double holds (a string box). */
function hasExactDecimal(v: Value): boolean {
  if (isConst(v)) return v.type === 'decimal' && typeof v.value === 'string';
  return v.type === 'decimal' && !!v.exact;
}

/** Compares two numbers of numeric types exactly, one of them a decimal (NaN for a real NaN). */
function compareExactNumbers(l: KqlType, x: Scalar, r: KqlType, y: Scalar): number {
  if (l === 'decimal' && r === 'decimal') return compareDecBoxes(x as DecBox, y as DecBox);
  const a = l === 'bool' ? decOf('long', x ? 1 : 0) : decOf(l, x);
  const b = r === 'bool' ? decOf('long', y ? 1 : 0) : decOf(r, y);
  if (a === null || b === null) return NaN;
  return decCompare(a, b);
}

function stringToDateTime(v: Value, n: number, sel: Int32Array | null): Value {
  if (isConst(v)) return { kind: 'const', type: 'datetime', value: convertTo('datetime', 'string', v.value) };
  const out = allocVector('datetime', n);
  const src = v.data as string[];
  forRows(n, sel, (i) => {
    const t = convertTo('datetime', 'string', src[i]!);
    if (t === null) setNull(out, i);
    else {
      const [ms, sub] = splitTicks(t as bigint);
      (out as DateTimeVector).data[i] = ms;
      if (sub) {
        const dv = out as DateTimeVector;
        if (dv.sub === null) dv.sub = new Uint16Array(n);
        dv.sub[i] = sub;
      }
    }
  });
  return out;
}

/** Compares two boxed values of possibly different types; null when either is null or they don't compare. */
export function compareMixed(lt: KqlType, x: Scalar, rt: KqlType, y: Scalar): number | null {
  if (x === null || y === null) return null;
  if (lt === 'dynamic' && rt === 'dynamic') {
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
    // a long beyond 2^53 (bigint) against a number: exactly
    if ((typeof x === 'bigint' && (typeof y === 'number' || typeof y === 'bigint')) || (typeof y === 'bigint' && typeof x === 'number')) return compareLongs(x, y as number | bigint);
    if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
    return dynamicEquals(x, y) ? 0 : NaN;
  }
  if (lt === 'dynamic') {
    const c = convertTo(rt, 'dynamic', x);
    return c === null ? null : compareSame(rt, c, y);
  }
  if (rt === 'dynamic') {
    const c = convertTo(lt, 'dynamic', y);
    return c === null ? null : compareSame(lt, x, c);
  }
  if (isNumeric(lt) || lt === 'bool') {
    const c = convertTo('real', rt, y);
    return c === null ? null : compareSame('real', Number(x), c);
  }
  const c = convertTo(lt, rt, y);
  return c === null ? null : compareSame(lt, x, c);
}

function compareSame(t: KqlType, x: Scalar, y: Scalar): number | null {
  if (x === null || y === null) return null;
  if (t === 'guid') {
    const a = String(x).toLowerCase();
    const b = String(y).toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (t === 'dynamic') return dynamicEquals(x, y) ? 0 : NaN;
  if (t === 'decimal') return compareDecBoxes(x as DecBox, y as DecBox);
  if (typeof x === 'boolean' || typeof y === 'boolean') return Number(x) - Number(y);
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  const a = x as number | string;
  const b = y as number | string;
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
}

// ───────────────────────────── logic ─────────────────────────────

/** Kleene `and` / `or` over any number of nullable bools. */
export function implementLogical(op: 'and' | 'or'): Implementation {
  // `and`: any false → false, else any null → null, else true; `or` mirrors it
  const decisive = op === 'and' ? 0 : 1;
  const kernel: VectorKernel = (args, n, sel) => {
    const readers = args.map(numReader);
    const out = boolOut(n);
    const d = out.data;
    forRows(n, sel, (i) => {
      let sawNull = false;
      for (let j = 0; j < readers.length; j++) {
        const r = readers[j]!;
        if (r.isNull(i)) sawNull = true;
        else if ((r.get(i) !== 0 ? 1 : 0) === decisive) {
          d[i] = decisive;
          return;
        }
      }
      if (sawNull) setNull(out, i);
      else d[i] = 1 - decisive;
    });
    return finish(args, out);
  };
  return { kind: 'vector', kernel };
}

// ───────────────────────────── string operators ─────────────────────────────

const STRING_OPS = [
  'has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs',
  'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs',
  '=~', 'matches regex',
];
const STRING_OP_SET = new Set([...STRING_OPS, ...STRING_OPS.filter((o) => o !== '=~' && o !== 'matches regex').map((o) => `!${o}`), '!~']);
export const isStringOperator = (op: string) => STRING_OP_SET.has(op);

/** String operators take strings (or dynamic / guid values, compared by their text). */
export function stringOperatorDefined(l: KqlType, r: KqlType): boolean {
  // strings and dynamic values; not guids (the analyzer rejects `g has "x"`, `g =~ x`)
  const ok = (t: KqlType) => t === 'string' || t === 'dynamic';
  return ok(l) && ok(r);
}

const isTermChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Kusto's term rules (KUSTO-SEMANTICS 11): `has` finds the needle where it is bounded by non-alphanumeric
 * characters (or the ends) on each side whose needle edge is alphanumeric; `hasprefix` checks only the left
 * boundary, `hassuffix` only the right one.
 */
export function termMatch(hay: string, needle: string, mode: 'has' | 'prefix' | 'suffix', caseSensitive: boolean): boolean {
  if (needle.length === 0) return true;
  const h = caseSensitive ? hay : hay.toLowerCase();
  const nd = caseSensitive ? needle : needle.toLowerCase();
  const leftEdge = isTermChar(nd.charCodeAt(0));
  const rightEdge = isTermChar(nd.charCodeAt(nd.length - 1));
  let from = 0;
  for (;;) {
    const at = h.indexOf(nd, from);
    if (at < 0) return false;
    const end = at + nd.length;
    const leftOk = mode === 'suffix' || !leftEdge || at === 0 || !isTermChar(h.charCodeAt(at - 1));
    const rightOk = mode === 'prefix' || !rightEdge || end === h.length || !isTermChar(h.charCodeAt(end));
    if (leftOk && rightOk) return true;
    from = at + 1;
  }
}

export function stringPredicate(op: string): (a: string, b: string) => boolean {
  switch (op) {
    case 'has':
      return (a, b) => termMatch(a, b, 'has', false);
    case 'has_cs':
      return (a, b) => termMatch(a, b, 'has', true);
    case 'hasprefix':
      return (a, b) => termMatch(a, b, 'prefix', false);
    case 'hasprefix_cs':
      return (a, b) => termMatch(a, b, 'prefix', true);
    case 'hassuffix':
      return (a, b) => termMatch(a, b, 'suffix', false);
    case 'hassuffix_cs':
      return (a, b) => termMatch(a, b, 'suffix', true);
    case 'contains':
      return (a, b) => a.toLowerCase().includes(b.toLowerCase());
    case 'contains_cs':
      return (a, b) => a.includes(b);
    case 'startswith':
      return (a, b) => a.toLowerCase().startsWith(b.toLowerCase());
    case 'startswith_cs':
      return (a, b) => a.startsWith(b);
    case 'endswith':
      return (a, b) => a.toLowerCase().endsWith(b.toLowerCase());
    case 'endswith_cs':
      return (a, b) => a.endsWith(b);
    case '=~':
      return (a, b) => a.toLowerCase() === b.toLowerCase();
    default:
      throw new Error(`unknown string operator ${op}`);
  }
}

/** A faster form of the predicate when the right side is one constant string. */
export function constantPredicate(op: string, needle: string): (a: string) => boolean {
  const esc = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const cs = op.endsWith('_cs');
  const base = cs ? op.slice(0, -3) : op;
  const flags = cs ? '' : 'i';
  if (needle.length > 0 && (base === 'has' || base === 'hasprefix' || base === 'hassuffix')) {
    const left = isTermChar(needle.charCodeAt(0)) && base !== 'hassuffix' ? '(?<![A-Za-z0-9])' : '';
    const right = isTermChar(needle.charCodeAt(needle.length - 1)) && base !== 'hasprefix' ? '(?![A-Za-z0-9])' : '';
    const re = new RegExp(`${left}${esc}${right}`, flags);
    return (a) => re.test(a);
  }
  if (base === 'contains') {
    if (cs) return (a) => a.includes(needle);
    const re = new RegExp(esc, 'i');
    return (a) => re.test(a);
  }
  const f = stringPredicate(op);
  return (a) => f(a, needle);
}

export function implementStringOperator(op: string, l: KqlType, r: KqlType, regex?: KqlRegex): Implementation {
  const negated = op.startsWith('!') && op !== '!~' ? true : op === '!~';
  const base = op === '!~' ? '=~' : negated ? op.slice(1) : op;
  const kernel: VectorKernel = (args, n, sel) => {
    const a = strReader(args[0]!, l);
    const rightArg = args[1]!;
    let test: (i: number) => boolean;
    if (base === 'matches regex') {
      const b = strReader(rightArg, r);
      const re = regex;
      test = re ? (i) => re.test(a.get(i)) : (i) => safeRegex(b.get(i))?.test(a.get(i)) ?? false;
    } else if (isConst(rightArg)) {
      const needle = rightArg.value === null ? '' : r === 'string' ? (rightArg.value as string) : toStringValue(r, rightArg.value);
      const f = constantPredicate(base, needle);
      test = (i) => f(a.get(i));
    } else {
      const b = strReader(rightArg, r);
      const f = stringPredicate(base);
      test = (i) => f(a.get(i), b.get(i));
    }
    const out = boolOut(n);
    const d = out.data;
    forRows(n, sel, (i) => {
      d[i] = test(i) !== negated ? 1 : 0;
    });
    return finish(args, out);
  };
  return { kind: 'vector', kernel };
}

/** `matches regex` with a pattern computed per row: RE2 through values/regex.ts; an invalid one matches nothing. */
export function safeRegex(source: string): KqlRegex | null {
  return compileRegex(source);
}

// ───────────────────────────── in, has_any, between ─────────────────────────────

/** Normalises a value for set membership: numbers by value, strings as text (lower-cased for `in~`). */
function memberKey(t: KqlType, x: Scalar, ci: boolean): unknown {
  if (x === null) return undefined;
  if (typeof x === 'string') return ci ? x.toLowerCase() : x;
  if (typeof x === 'bigint') return `dt:${x}`;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') return x;
  if (t === 'dynamic') return JSON.stringify(x);
  return x;
}

/** Flattens list items: dynamic arrays contribute their elements (as Kusto does for `in` and `has_any`). */
export function flattenItems(items: { type: KqlType; value: Scalar }[]): { type: KqlType; value: Scalar }[] {
  const out: { type: KqlType; value: Scalar }[] = [];
  for (const it of items) {
    if (it.type === 'dynamic' && Array.isArray(it.value)) {
      for (const e of it.value) out.push({ type: 'dynamic', value: e as Scalar });
    } else out.push(it);
  }
  return out;
}

/**
 * `x in (list)`: the list arrives as one dynamic array argument (constants, or a subquery's column).
 * Membership compares numbers by value and strings exactly (`in~`: case-insensitively).
 */
export function implementIn(op: string, lt: KqlType): Implementation {
  const ci = op.endsWith('~');
  const negated = op.startsWith('!');
  const toSet = (list: unknown[] | null): Set<unknown> => {
    const set = new Set<unknown>();
    for (const e of list ?? []) {
      const v = lt === 'datetime' && typeof e === 'string' ? convertTo('datetime', 'string', e) : e;
      const k = memberKey(lt === 'dynamic' ? 'dynamic' : lt, toLeftDomain(lt, v as Scalar), ci);
      if (k !== undefined) set.add(k);
    }
    return set;
  };
  const kernel: VectorKernel = (args, n, sel) => {
    const listArg = args[1]!;
    // a constant list (or a subquery's column) is one set; a list of non-constant items is one per row
    const constSet = isConst(listArg) ? toSet(listArg.value as unknown[] | null) : null;
    const rowList = constSet ? null : scalarReader(listArg);
    const a = scalarReader(args[0]!);
    const out = boolOut(n);
    forRows(n, sel, (i) => {
      let x = a(i);
      if (lt === 'dynamic' && x !== null && typeof x === 'object') x = JSON.stringify(x);
      const k = memberKey(lt, x, ci);
      const set = constSet ?? toSet(rowList!(i) as unknown[] | null);
      const found = k !== undefined && set.has(k);
      out.data[i] = found !== negated ? 1 : 0;
    });
    return finish(args, out);
  };
  return { kind: 'vector', kernel };
}

function toLeftDomain(lt: KqlType, v: Scalar): Scalar {
  if (v === null) return null;
  if (lt === 'string' || lt === 'guid') return typeof v === 'string' ? v : toStringValue(typeof v === 'number' ? 'real' : 'dynamic', v);
  if (isNumeric(lt) || lt === 'timespan') return typeof v === 'number' || typeof v === 'bigint' ? v : typeof v === 'string' ? Number(v) : null;
  return v;
}

/**
 * The test behind `has_any` / `has_all` for a list of needles: term matches, case-insensitive unless
 * `_cs`. has_any over needles that start and end with term characters is one alternation regex.
 */
export function hasListPredicate(list: readonly unknown[], all: boolean, cs: boolean): (s: string) => boolean {
  const needles = list.filter((e) => e !== null).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  if (!all && needles.length > 1 && needles.every((nd) => nd.length > 0 && isTermChar(nd.charCodeAt(0)) && isTermChar(nd.charCodeAt(nd.length - 1)))) {
    const alt = needles.map((nd) => nd.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const re = new RegExp(`(?<![A-Za-z0-9])(?:${alt})(?![A-Za-z0-9])`, cs ? '' : 'i');
    return (s) => re.test(s);
  }
  const preds = needles.map((nd) => constantPredicate(cs ? 'has_cs' : 'has', nd));
  if (all) return (s) => preds.every((p) => p(s));
  return (s) => preds.some((p) => p(s));
}

/** `has_any` / `has_all`: term matches against a list of strings (one dynamic array argument). */
export function implementHasAny(op: string, lt: KqlType): Implementation {
  const all = op.startsWith('has_all');
  const cs = op.endsWith('_cs');
  const kernel: VectorKernel = (args, n, sel) => {
    const listArg = args[1]!;
    // a list of non-constant items is built per row (see implementIn)
    const constTest = isConst(listArg) ? hasListPredicate((listArg.value as unknown[] | null) ?? [], all, cs) : null;
    const rowList = constTest ? null : scalarReader(listArg);
    const a = strReader(args[0]!, lt);
    const out = boolOut(n);
    forRows(n, sel, (i) => {
      const test = constTest ?? hasListPredicate((rowList!(i) as unknown[] | null) ?? [], all, cs);
      out.data[i] = test(a.get(i)) ? 1 : 0;
    });
    return finish(args, out);
  };
  return { kind: 'vector', kernel };
}

// ───────────────────────────── member access ─────────────────────────────

/** `d.key`, `d['key']`, `d[index]` on dynamic values: missing keys and out-of-range indexes are null. */
export function accessMember(x: unknown, key: string | number): unknown {
  if (x === null || typeof x !== 'object') return null;
  if (Array.isArray(x)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return null;
    const i = key < 0 ? x.length + key : key;
    const v = x[i];
    return v === undefined ? null : v;
  }
  const v = (x as Record<string, unknown>)[String(key)];
  return v === undefined || !Object.prototype.hasOwnProperty.call(x, String(key)) ? null : v;
}

export const memberKernel: VectorKernel = (args, n, sel) => {
  const a = scalarReader(args[0]!);
  const k = scalarReader(args[1]!);
  const out = allocVector('dynamic', n) as Extract<Vector, { type: 'dynamic' }>;
  forRows(n, sel, (i) => {
    const key = k(i);
    out.data[i] = key === null ? null : accessMember(a(i), typeof key === 'bigint' ? Number(key) : (key as string | number));
  });
  return finish(args, out);
};

// ───────────────────────────── unary ─────────────────────────────

export function implementNegate(t: KqlType): Implementation {
  if (t === 'dynamic') {
    // a long beyond 2^53 (bigint) negates exactly; -(-2^63) wraps to itself, as .NET's unchecked Int64
    return { kind: 'row', fn: (x) => (typeof x === 'number' ? -x : typeof x === 'bigint' ? wrapLong(-x) : null), nullPropagating: true };
  }
  const resultType = unaryMinusType(t)!;
  if (t === 'decimal') {
    const kernel: VectorKernel = (args, n, sel) => {
      const a = decReader(args[0]!, 'decimal');
      const out = allocVector('decimal', n) as DecimalVector;
      const row = (i: number) => {
        const x = a(i);
        putDec(out, i, x === null ? null : decNeg(x));
      };
      if (isConst(args[0]!)) {
        row(0);
        return { kind: 'const', type: 'decimal', value: boxedAt(out, 0) };
      }
      forRows(n, sel, row);
      return out;
    };
    return { kind: 'vector', kernel };
  }
  const kernel: VectorKernel = (args, n, sel) => {
    const a = numReader(args[0]!);
    const ea = a.exact;
    if (ea !== null) {
      // beyond 2^53: exact, and -(-2^63) wraps to itself as in .NET
      const neg = (i: number) => longArith('-', 0n, longToBigInt(ea(i)));
      if (isConst(args[0]!)) return { kind: 'const', type: resultType, value: a.isNull(0) ? null : neg(0) };
      const out = allocVector('long', n) as LongVector;
      forRows(n, sel, (i) => (a.isNull(i) ? setNull(out, i) : putLong(out, i, neg(i))));
      return out;
    }
    if (isConst(args[0]!)) return { kind: 'const', type: resultType, value: a.isNull(0) ? null : -a.get(0) };
    const out = allocVector(resultType, n) as Extract<Vector, { data: Float64Array }>;
    forRows(n, sel, (i) => (a.isNull(i) ? setNull(out, i) : (out.data[i] = -a.get(i))));
    return out;
  };
  return { kind: 'vector', kernel };
}

export const forEachRow = forRows;
