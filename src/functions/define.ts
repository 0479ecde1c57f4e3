// How scalar and aggregate functions are declared: signatures, result rules and implementations as data.
import type { KqlType, Scalar } from '../types.js';
import type { Value, Vector } from '../exec/vector.js';

/** Types a parameter accepts: a list of KQL types, or any scalar type. */
export type TypeSet = readonly KqlType[] | 'any';

export interface ParamDef {
  name: string;
  types: TypeSet;
  optional?: boolean;
  /** the last parameter may repeat (strcat, coalesce, pack_array, ...) */
  repeatable?: boolean;
  /** the argument must be a constant (folded at bind time), e.g. datetime_diff's part */
  constant?: boolean;
  /** an RE2 pattern: a constant that does not compile is a bind-time error (KQL0312) */
  regex?: boolean;
}

/** Argument facts the result-type rule may look at. */
export interface ArgInfo {
  type: KqlType;
  /** the folded value when the argument is a constant */
  constant?: { value: Scalar };
}

export type ReturnRule = KqlType | ((args: ArgInfo[]) => KqlType | undefined);

export interface Signature {
  params: ParamDef[];
  returns: ReturnRule;
}

/** Per-query facts a kernel may need. */
export interface KernelContext {
  /** `now()` for this query, in ticks */
  now: bigint;
}

/** Row-at-a-time implementation over boxed values (see `Scalar` in types.ts). */
export type RowFn = (...args: Scalar[]) => Scalar;

/**
 * Vector implementation: computes the rows named by `sel` (or 0..n-1) of a result vector of
 * physical length n. Rows outside the selection may hold anything.
 */
export type VectorKernel = (args: Value[], n: number, sel: Int32Array | null, ctx: KernelContext) => Value;

export type Implementation =
  | { kind: 'row'; fn: RowFn; nullPropagating: boolean }
  | { kind: 'vector'; kernel: VectorKernel };

export interface ScalarFunctionDef {
  name: string;
  aliases?: string[];
  signatures: Signature[];
  doc: string;
  /** a runnable query showing the function; a test runs every example */
  example?: string;
  /** pure: may be evaluated at bind time when all arguments are constant (default true) */
  foldable?: boolean;
  /**
   * The row function takes a long argument beyond 2^53 as a bigint (values/long.ts). Without this,
   * such an argument reaches `fn` as its nearest double, so functions written for numbers keep working.
   * `'any'`: only the arguments of parameters typed `any` (values stored into a dynamic, which holds
   * such a long exactly) arrive exact; counts and indexes still arrive as doubles.
   */
  exactLong?: boolean | 'any';
  /**
   * Builds the implementation for the argument types chosen by the binder. Row functions get
   * `nullPropagating: true` by default: a null argument yields null without calling `fn`.
   */
  implement: (args: ArgInfo[], resultType: KqlType) => Implementation | RowFn;
}

// ───────────────────────────── aggregates ─────────────────────────────

/**
 * A grouped accumulator. `update` folds the selected rows of a batch into their groups;
 * `result` produces one vector with a value per group.
 */
export interface Accumulator {
  /** grow internal state so group ids < n are valid */
  resize(n: number): void;
  /** folds rows into groups: for k < count, row = rows ? rows[k] : k goes to group groups[row] */
  update(args: Vector[], groups: Int32Array, rows: Int32Array | null, count: number): void;
  /** one vector per output column (arg_max and take_any may yield several), each with a value per group */
  result(nGroups: number): Vector[];
}

export interface AggregateDef {
  name: string;
  aliases?: string[];
  signatures: Signature[];
  doc: string;
  example?: string;
  /** result column naming rule (Kusto.Language ResultNameKind) */
  resultName: {
    kind: 'PrefixAndFirstArgument' | 'PrefixOnly' | 'None' | 'Columns' | 'FirstArgument' | 'Percentiles';
    prefix?: string;
    /** Percentiles: the index of the first percentile argument (one output column each) */
    percentArgsFrom?: number;
  };
  /** result types of every output column; default: [resultType] */
  create: (args: ArgInfo[], resultType: KqlType) => Accumulator;
}

/**
 * The parameter each of `n` arguments binds to, or undefined when `n` does not fit. A run of
 * repeatable parameters repeats as a unit between a fixed prefix and suffix: `case(predicate, then)*, else`,
 * `bag_pack(key, value)*`; an optional run may also appear zero times (`arg_max(expr, column*)`).
 */
export function expandParams(params: readonly ParamDef[], n: number): ParamDef[] | undefined {
  const first = params.findIndex((q) => q.repeatable);
  if (first < 0) {
    const required = params.filter((q) => !q.optional).length;
    return n >= required && n <= params.length ? params.slice(0, n) : undefined;
  }
  let last = first;
  while (last + 1 < params.length && params[last + 1]!.repeatable) last++;
  const prefix = params.slice(0, first);
  const group = params.slice(first, last + 1);
  const suffix = params.slice(last + 1);
  const rest = n - prefix.length - suffix.length;
  const minRepeats = group.every((q) => q.optional) ? 0 : 1;
  if (rest < group.length * minRepeats || rest % group.length !== 0) return undefined;
  const out = [...prefix];
  for (let k = 0; k < rest / group.length; k++) out.push(...group);
  return [...out, ...suffix];
}

export const isRowFn = (x: Implementation | RowFn): x is RowFn => typeof x === 'function';

const approx = (x: Scalar): Scalar => (typeof x === 'bigint' ? Number(x) : x);

/**
 * A row function that receives longs beyond 2^53 as their nearest doubles (for functions not marked
 * `exactLong`): only the long arguments change (datetimes stay bigint ticks).
 */
export function approximateLongArgs(fn: RowFn, args: readonly ArgInfo[], exact?: (k: number) => boolean): RowFn {
  const longs = args.flatMap((a, k) => (a.type === 'long' && !exact?.(k) ? [k] : []));
  if (longs.length === 0) return fn;
  if (args.length === 1) return (a) => fn(approx(a));
  if (args.length === 2) {
    if (longs.length === 2) return (a, b) => fn(approx(a), approx(b));
    return longs[0] === 0 ? (a, b) => fn(approx(a), b) : (a, b) => fn(a, approx(b));
  }
  return (...xs) => {
    for (const k of longs) xs[k] = approx(xs[k]!);
    return fn(...xs);
  };
}

export function defineScalar(def: ScalarFunctionDef): ScalarFunctionDef {
  return def;
}

export function defineAggregate(def: AggregateDef): AggregateDef {
  return def;
}

// Shorthands for signatures.
export const p = (name: string, types: TypeSet, extra: Partial<ParamDef> = {}): ParamDef => ({ name, types, ...extra });
export const NUMBER: readonly KqlType[] = ['int', 'long', 'real', 'decimal'];
export const INTEGER: readonly KqlType[] = ['int', 'long'];
export const STRING: readonly KqlType[] = ['string'];
export const DYNAMIC: readonly KqlType[] = ['dynamic'];
export const ORDERABLE: readonly KqlType[] = ['int', 'long', 'real', 'decimal', 'datetime', 'timespan', 'string', 'bool', 'guid'];
export const SUMMABLE: readonly KqlType[] = ['int', 'long', 'real', 'decimal', 'timespan'];
