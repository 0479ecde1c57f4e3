// Conditional and null-testing functions (iif, case, coalesce, isnull, isempty, ...) and the
// common-type rules the analyzer applies to their arguments.
import type { KqlType, Scalar } from '../../types.js';
import { isNumeric } from '../../types.js';
import {
  allocVector, getScalar, isConst, setScalar,
  type ConstValue, type Value, type Vector,
} from '../../exec/vector.js';
import { convertTo } from '../../values/convert.js';
import { dynamicTypeName } from '../../values/dynamic.js';
import { defineScalar, p, type ArgInfo, type ScalarFunctionDef } from '../define.js';
import { toDynamicValue } from './dynamic.js';

// ───────────────────────────── type rules ─────────────────────────────

const NUMERIC_RANK: Record<string, number> = { int: 0, long: 1, real: 2, decimal: 3 };

/** The widest of numeric types: int < long < real < decimal (the analyzer's promotion order). */
function widestNumeric(types: readonly KqlType[]): KqlType {
  let best: KqlType = 'int';
  for (const t of types) if (NUMERIC_RANK[t]! > NUMERIC_RANK[best]!) best = t;
  return best;
}

/**
 * ReturnKind `Widest` (bin, bin_at): the widest numeric argument type, int promoted to long —
 * `bin(int(1), int(1))` is long in Microsoft's analyzer.
 */
export function widestType(args: readonly ArgInfo[]): KqlType | undefined {
  const types = args.map((a) => a.type);
  if (!types.every(isNumeric)) return undefined;
  const t = widestNumeric(types);
  return t === 'int' ? 'long' : t;
}

/**
 * ReturnKind `Common` (coalesce, min_of, max_of): all arguments of one type, or numbers promoted
 * to the widest (int < long < real < decimal). No common type → undefined (the binder reports it).
 */
export function commonType(types: readonly KqlType[]): KqlType | undefined {
  const first = types[0];
  if (first === undefined) return undefined;
  if (types.every((t) => t === first)) return first;
  if (types.every(isNumeric)) return widestNumeric(types);
  return undefined;
}

/**
 * ReturnKind `CommonNonDynamic` (iif, case): dynamic branches take the others' type
 * (`iif(b, dynamic(1), 2)` is long); mismatched kinds fall back to dynamic (`iif(b, "a", 1)`).
 */
export function commonNonDynamicType(types: readonly KqlType[]): KqlType {
  const typed = types.filter((t) => t !== 'dynamic');
  if (typed.length === 0) return 'dynamic';
  return commonType(typed) ?? 'dynamic';
}

// ───────────────────────────── vector helpers ─────────────────────────────

/** Number of rows a kernel computes, and the physical row of the k-th. */
const rowCount = (n: number, sel: Int32Array | null): number => (sel === null ? n : sel.length);

/** One value to another type; to dynamic, strings stay strings (they are not parsed as JSON). */
const convertValue = (to: KqlType, from: KqlType, x: Scalar): Scalar =>
  to === 'dynamic' ? toDynamicValue(from, x) : convertTo(to, from, x);

/** A value converted from type `from` to `to` (numbers widen in place; anything else per row via convertTo). */
export function castValue(v: Value, from: KqlType, to: KqlType, n: number, sel: Int32Array | null): Value {
  if (from === to) return v;
  if (isConst(v)) {
    const value = v.value === null ? (to === 'string' ? '' : null) : convertValue(to, from, v.value);
    return { kind: 'const', type: to, value };
  }
  const out = allocVector(to, n);
  const count = rowCount(n, sel);
  const exactDecimal = to === 'decimal' ? from === 'real' || (v.type === 'long' && !!v.big) : v.type === 'decimal' && !!v.exact;
  if (isNumeric(from) && isNumeric(to) && to !== 'int' && !exactDecimal) {
    // widening: int/long/real/decimal → a Float64Array type (reals and longs beyond 2^53 become
    // decimals per row, as do decimals no double holds: values/decimal.ts)
    const src = v.data as Int32Array | Float64Array;
    const dst = out.data as Float64Array;
    for (let k = 0; k < count; k++) {
      const i = sel === null ? k : sel[k]!;
      dst[i] = src[i]!;
    }
    if (v.nulls !== null && out.type !== 'dynamic') out.nulls = v.nulls.slice();
    return out;
  }
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const x = getScalar(v, i);
    setScalar(out, i, x === null ? null : convertValue(to, from, x));
  }
  return out;
}

/** Copies row i of `src` (a vector or constant of the same type as `dst`) into row i of `dst`. */
function copyRow(dst: Vector, src: Value, i: number): void {
  if (isConst(src)) {
    setScalar(dst, i, src.value);
    return;
  }
  if (src.nulls !== null && src.nulls[i] === 1) {
    setScalar(dst, i, null);
    return;
  }
  // Inline of setScalar(dst, i, getScalar(src, i)) without boxing datetimes as BigInt.
  if (dst.type === 'datetime' && src.type === 'datetime') {
    dst.data[i] = src.data[i]!;
    const sub = src.sub === null ? 0 : src.sub[i]!;
    if (sub !== 0) {
      if (dst.sub === null) dst.sub = new Uint16Array(dst.length);
      dst.sub[i] = sub;
    } else if (dst.sub !== null) dst.sub[i] = 0;
    if (dst.nulls !== null) dst.nulls[i] = 0;
    return;
  }
  if ((src.type === 'long' && src.big) || (src.type === 'decimal' && (src.exact || (dst as Vector & { exact?: unknown }).exact))) {
    setScalar(dst, i, getScalar(src, i)); // beyond 2^53: the exact value (and its sidecar)
    if (dst.nulls !== null) dst.nulls[i] = 0;
    return;
  }
  (dst.data as unknown[])[i] = (src.data as unknown[])[i];
  if (dst.type !== 'dynamic' && dst.nulls !== null) dst.nulls[i] = 0;
}

const isTrueAt = (c: Value, i: number): boolean => {
  if (isConst(c)) return c.value === true;
  return (c.nulls === null || c.nulls[i] !== 1) && (c.data as Uint8Array)[i] === 1;
};

const constOf = (type: KqlType, value: Scalar): ConstValue => ({ kind: 'const', type, value });

// ───────────────────────────── emptiness ─────────────────────────────

/** Kusto's isempty: null, '' or a dynamic null / empty string ([] and {} are not empty). */
export function isEmptyValue(v: Scalar): boolean {
  return v === null || v === '' || v === undefined;
}

// ───────────────────────────── definitions ─────────────────────────────

/** iif/iff: one branch per row, selected without boxing; branches converted to the common type. */
function iifKernel(types: KqlType[], resultType: KqlType) {
  return (args: Value[], n: number, sel: Int32Array | null): Value => {
    const [c, a, b] = args as [Value, Value, Value];
    const then = castValue(a, types[1]!, resultType, n, sel);
    const otherwise = castValue(b, types[2]!, resultType, n, sel);
    if (isConst(c)) return c.value === true ? then : otherwise; // a null condition takes the else branch
    const out = allocVector(resultType, n);
    const count = rowCount(n, sel);
    for (let k = 0; k < count; k++) {
      const i = sel === null ? k : sel[k]!;
      copyRow(out, isTrueAt(c, i) ? then : otherwise, i);
    }
    return out;
  };
}

const iif = defineScalar({
  name: 'iif',
  aliases: ['iff'],
  signatures: [
    {
      params: [p('if', ['bool']), p('then', 'any'), p('else', 'any')],
      returns: (args) => commonNonDynamicType([args[1]!.type, args[2]!.type]),
    },
  ],
  doc: 'Returns the value of then when if is true, else the value of else.',
  example: `print r = iif(2 > 1, "yes", "no")`,
  implement: (args, resultType) => ({ kind: 'vector', kernel: iifKernel(args.map((a) => a.type), resultType) }),
});

const caseFn = defineScalar({
  name: 'case',
  signatures: [
    {
      // predicate and then repeat as a pair (catalog: predicate*, then*, else)
      params: [p('predicate', ['bool'], { repeatable: true }), p('then', 'any', { repeatable: true }), p('else', 'any')],
      returns: (args) => commonNonDynamicType(args.filter((_, k) => k % 2 === 1 || k === args.length - 1).map((a) => a.type)),
    },
  ],
  doc: 'Returns the value of the first then whose predicate is true, else the last argument.',
  example: `range Size from 1 to 15 step 7 | extend bucket = case(Size <= 3, "Small", Size <= 10, "Medium", "Large")`,
  implement: (argInfo, resultType) => ({
    kind: 'vector',
    kernel: (args, n, sel) => {
      const last = args.length - 1;
      const values: Value[] = args.map((v, k) =>
        k % 2 === 1 || k === last ? castValue(v, argInfo[k]!.type, resultType, n, sel) : v,
      );
      // All predicates constant: the answer is one whole argument.
      if (values.every((v, k) => k % 2 === 1 || k === last || isConst(v))) {
        for (let k = 0; k < last; k += 2) if ((values[k] as ConstValue).value === true) return values[k + 1]!;
        return values[last]!;
      }
      const out = allocVector(resultType, n);
      const count = rowCount(n, sel);
      for (let r = 0; r < count; r++) {
        const i = sel === null ? r : sel[r]!;
        let chosen = values[last]!;
        for (let k = 0; k < last; k += 2) {
          if (isTrueAt(values[k]!, i)) {
            chosen = values[k + 1]!;
            break;
          }
        }
        copyRow(out, chosen, i);
      }
      return out;
    },
  }),
});

/** Row i of v is "present" for coalesce: not null, and not empty for strings. */
function presentAt(v: Value, i: number): boolean {
  if (isConst(v)) return v.value !== null && v.value !== '';
  if (v.type === 'string') return v.data[i] !== '';
  if (v.type === 'dynamic') return v.data[i] !== null && v.data[i] !== undefined;
  return v.nulls === null || v.nulls[i] !== 1;
}

const coalesce = defineScalar({
  name: 'coalesce',
  signatures: [
    {
      params: [p('arg', 'any', { repeatable: true })],
      returns: (args) => commonType(args.map((a) => a.type)),
    },
  ],
  doc: 'Returns the first argument that is not null (not empty for strings).',
  example: `print result = coalesce(tolong("not a number"), tolong("42"), 33)`,
  implement: (argInfo, resultType) => ({
    kind: 'vector',
    kernel: (args, n, sel) => {
      const values = args.map((v, k) => castValue(v, argInfo[k]!.type, resultType, n, sel));
      // Leading constants decide alone when present.
      for (const v of values) {
        if (!isConst(v)) break;
        if (presentAt(v, 0)) return v;
      }
      if (values.every(isConst)) return constOf(resultType, resultType === 'string' ? '' : null);
      const out = allocVector(resultType, n);
      const count = rowCount(n, sel);
      for (let r = 0; r < count; r++) {
        const i = sel === null ? r : sel[r]!;
        let chosen: Value | undefined;
        for (const v of values) {
          if (presentAt(v, i)) {
            chosen = v;
            break;
          }
        }
        if (chosen === undefined) setScalar(out, i, null);
        else copyRow(out, chosen, i);
      }
      return out;
    },
  }),
});

const isnull = defineScalar({
  name: 'isnull',
  signatures: [{ params: [p('expression', 'any')], returns: 'bool' }],
  doc: 'True when the argument is null; strings are never null (use isempty).',
  example: `print a = isnull(int(null)), b = isnull(""), c = isnull(dynamic(null))`,
  implement: () => ({ kind: 'row', fn: (v) => v === null, nullPropagating: false }),
});

const isnotnull = defineScalar({
  name: 'isnotnull',
  aliases: ['notnull'],
  signatures: [{ params: [p('expression', 'any')], returns: 'bool' }],
  doc: 'True when the argument is not null; strings are never null.',
  example: `print a = isnotnull(1), b = isnotnull(long(null))`,
  implement: () => ({ kind: 'row', fn: (v) => v !== null, nullPropagating: false }),
});

const isempty = defineScalar({
  name: 'isempty',
  signatures: [{ params: [p('value', 'any')], returns: 'bool' }],
  doc: 'True when the argument is null or an empty string.',
  example: `print a = isempty(""), b = isempty("x"), c = isempty(parse_json("")), d = isempty(dynamic([]))`,
  implement: () => ({ kind: 'row', fn: (v) => isEmptyValue(v), nullPropagating: false }),
});

const isnotempty = defineScalar({
  name: 'isnotempty',
  aliases: ['notempty'],
  signatures: [{ params: [p('value', 'any')], returns: 'bool' }],
  doc: 'True when the argument is neither null nor an empty string.',
  example: `print a = isnotempty(""), b = isnotempty("x")`,
  implement: () => ({ kind: 'row', fn: (v) => !isEmptyValue(v), nullPropagating: false }),
});

const not = defineScalar({
  name: 'not',
  signatures: [{ params: [p('expression', ['bool'])], returns: 'bool' }],
  doc: 'Reverses a bool; null stays null.',
  example: `print a = not(true), b = not(1 > 2)`,
  implement: () => (b) => !(b as boolean),
});

const gettype = defineScalar({
  name: 'gettype',
  signatures: [{ params: [p('value', 'any')], returns: 'string' }],
  doc: "The runtime type of the argument; for dynamic, the type of the value it holds ('array', 'dictionary', 'null', ...).",
  example: `print a = gettype(111), b = gettype(parse_json('[1, 2]')), c = gettype(1s)`,
  implement: (args) => {
    const t = args[0]!.type;
    if (t === 'dynamic') return { kind: 'row', fn: (v) => dynamicTypeName(v), nullPropagating: false };
    return { kind: 'row', fn: () => t, nullPropagating: false };
  },
});

// assert-function.md: the condition and message are constants checked while the query is analysed;
// true passes, false fails the query with "assert() has failed with message: '…'"
const assertFn = defineScalar({
  name: 'assert',
  signatures: [{ params: [{ name: 'predicate', types: ['bool'], constant: true }, { name: 'message', types: ['string'], constant: true }], returns: 'bool' }],
  doc: 'Fails the query with the message when the constant condition is false; true otherwise.',
  example: 'print assert(1 < 2, "one is less than two")',
  implement: () => ({
    kind: 'row',
    nullPropagating: false,
    fn: (c, message) => {
      if (c !== true) throw new Error(`assert() has failed with message: '${String(message ?? '')}'`);
      return true;
    },
  }),
});

export const conditionalFunctions: ScalarFunctionDef[] = [
  assertFn,
  iif, caseFn, coalesce, isnull, isnotnull, isempty, isnotempty, not, gettype,
];
