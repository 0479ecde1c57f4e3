// Typed column vectors: the one in-memory layout every operator and kernel works on.
import type { KqlType, Scalar } from '../types.js';
import { boxLong, MAX_SAFE } from '../values/long.js';
import type { StringDict } from './dictionary.js';

/**
 * A column of `length` values of one KQL type.
 *  - bool: Uint8Array (0/1); int: Int32Array; real: Float64Array;
 *  - long: Float64Array of the values as doubles (exact up to 2^53, the fast path every kernel reads),
 *    plus `big`, a BigInt64Array of exact values, present only when some row is beyond ±(2^53 − 1):
 *    row i's exact value is `big[i]` when `|data[i]| > MAX_SAFE_INTEGER`, else `data[i]`
 *    (values/long.ts; the boxed form is a number when safe, a bigint beyond);
 *  - decimal: Float64Array of the nearest doubles, plus `exact`, present only when some row's value is
 *    not a double's shortest digits: row i's value is `exact[i]` (its canonical digits) when set, else
 *    `data[i]` (values/decimal.ts: the boxed form is a number or those digits);
 *  - timespan: Float64Array of 100-ns ticks;
 *  - datetime: Float64Array of whole Unix milliseconds in `data`, plus `sub` (0..9999 ticks inside
 *    the millisecond) when any value has sub-millisecond precision — exact 100-ns datetimes without BigInt
 *    in hot loops;
 *  - string: string[] (never null: Kusto strings are empty instead); guid: string[] (lowercase);
 *    a loaded table's string column chunk with few distinct values also has `dict`, its values as
 *    codes into a list of distinct strings (exec/dictionary.ts); kernels may use it or ignore it;
 *  - dynamic: JSON values (null = null).
 * `nulls[i] === 1` marks row i null; `nulls === null` means no row is null (always so for strings).
 */
export type Vector =
  | { type: 'bool'; length: number; data: Uint8Array; nulls: Uint8Array | null }
  | { type: 'int'; length: number; data: Int32Array; nulls: Uint8Array | null }
  | { type: 'long'; length: number; data: Float64Array; big?: BigInt64Array | null; nulls: Uint8Array | null }
  | { type: 'real' | 'timespan'; length: number; data: Float64Array; nulls: Uint8Array | null }
  | { type: 'decimal'; length: number; data: Float64Array; exact?: (string | undefined)[] | null; nulls: Uint8Array | null }
  | { type: 'datetime'; length: number; data: Float64Array; sub: Uint16Array | null; nulls: Uint8Array | null }
  | { type: 'string' | 'guid'; length: number; data: string[]; nulls: Uint8Array | null; dict?: StringDict | null }
  | { type: 'dynamic'; length: number; data: unknown[]; nulls: null };

export type VectorOf<T extends KqlType> = Extract<Vector, { type: T }>;
export type NumberVector = VectorOf<'long' | 'real' | 'decimal' | 'timespan' | 'int'>;
export type DateTimeVector = VectorOf<'datetime'>;
export type LongVector = VectorOf<'long'>;
export type DecimalVector = VectorOf<'decimal'>;

/** Row i of a decimal vector, boxed (a number, or the exact digits). */
export function decimalAt(v: DecimalVector, i: number): number | string {
  const ex = v.exact;
  if (ex) {
    const s = ex[i];
    if (s !== undefined) return s;
  }
  return v.data[i]!;
}

/** Writes a boxed decimal into row i, keeping the sidecar. */
export function setDecimal(v: DecimalVector, i: number, x: number | string): void {
  if (typeof x === 'number') {
    v.data[i] = x;
    if (v.exact) v.exact[i] = undefined;
    return;
  }
  v.data[i] = Number(x);
  if (!v.exact) v.exact = new Array<string | undefined>(v.length);
  v.exact[i] = x;
}

/** The exact sidecar of a long vector, or null (no row beyond 2^53, or not a long vector). */
export const bigOf = (v: Vector): BigInt64Array | null => (v.type === 'long' ? v.big ?? null : null);

/** Row i of a long vector, boxed exactly (number when safe, bigint beyond). */
export function longAt(v: LongVector, i: number): number | bigint {
  const x = v.data[i]!;
  if (x <= MAX_SAFE && x >= -MAX_SAFE) return x;
  const big = v.big;
  return big ? big[i]! : x;
}

/** Writes an exact long (bigint) into row i, keeping the sidecar. */
export function setLongBig(v: LongVector, i: number, x: bigint): void {
  const b = boxLong(x);
  if (typeof b === 'number') {
    v.data[i] = b;
    return;
  }
  v.data[i] = Number(b);
  if (!v.big) v.big = new BigInt64Array(v.length);
  v.big[i] = b;
}

/** A constant value broadcast to every row (literals, folded expressions, scalar `let`s). */
export interface ConstValue {
  kind: 'const';
  type: KqlType;
  value: Scalar;
}

/** What evaluating a scalar expression over a batch yields. */
export type Value = Vector | ConstValue;

export const isConst = (v: Value): v is ConstValue => (v as ConstValue).kind === 'const';

/** A new vector of `n` rows, zero-filled (strings empty, dynamic null), with no nulls. */
export function allocVector(type: KqlType, n: number): Vector {
  switch (type) {
    case 'bool':
      return { type, length: n, data: new Uint8Array(n), nulls: null };
    case 'int':
      return { type, length: n, data: new Int32Array(n), nulls: null };
    case 'long':
    case 'real':
    case 'decimal':
    case 'timespan':
      return { type, length: n, data: new Float64Array(n), nulls: null };
    case 'datetime':
      return { type, length: n, data: new Float64Array(n), sub: null, nulls: null };
    case 'string':
    case 'guid':
      return { type, length: n, data: new Array<string>(n).fill(''), nulls: null };
    case 'dynamic':
      return { type, length: n, data: new Array<unknown>(n).fill(null), nulls: null };
  }
}

/** Marks row i null (allocating the null mask on first use). Strings cannot be null: they become ''. */
export function setNull(v: Vector, i: number): void {
  if (v.type === 'string') {
    v.data[i] = '';
    return;
  }
  if (v.type === 'dynamic') {
    v.data[i] = null;
    return;
  }
  if (v.nulls === null) v.nulls = new Uint8Array(v.length);
  v.nulls[i] = 1;
}

export function isNullAt(v: Vector, i: number): boolean {
  if (v.type === 'dynamic') return v.data[i] === null || v.data[i] === undefined;
  return v.nulls !== null && v.nulls[i] === 1;
}

const TICKS_PER_MS_N = 10_000n;

/** datetime ticks (bigint) → the vector's ms + sub-ms parts */
export function splitTicks(ticks: bigint): [ms: number, sub: number] {
  let ms = ticks / TICKS_PER_MS_N;
  let sub = ticks % TICKS_PER_MS_N;
  if (sub < 0n) {
    sub += TICKS_PER_MS_N;
    ms -= 1n;
  }
  return [Number(ms), Number(sub)];
}

export const joinTicks = (ms: number, sub: number): bigint => BigInt(ms) * TICKS_PER_MS_N + BigInt(sub);

/** The boxed value of row i (see `Scalar` in types.ts). */
export function getScalar(v: Vector, i: number): Scalar {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  switch (v.type) {
    case 'bool':
      return v.data[i] === 1;
    case 'datetime':
      return joinTicks(v.data[i]!, v.sub ? v.sub[i]! : 0);
    case 'dynamic': {
      const x = v.data[i];
      return x === undefined ? null : (x as Scalar);
    }
    case 'long':
      return v.big ? longAt(v, i) : v.data[i]!;
    case 'decimal':
      return v.exact ? decimalAt(v, i) : v.data[i]!;
    default:
      return v.data[i]!;
  }
}

/** Writes a boxed value into row i; `null` marks the row null. */
export function setScalar(v: Vector, i: number, x: Scalar): void {
  if (x === null || x === undefined) {
    setNull(v, i);
    return;
  }
  switch (v.type) {
    case 'bool':
      v.data[i] = x ? 1 : 0;
      return;
    case 'int':
      v.data[i] = x as number;
      return;
    case 'datetime': {
      const [ms, sub] = splitTicks(x as bigint);
      v.data[i] = ms;
      if (sub !== 0) {
        if (v.sub === null) v.sub = new Uint16Array(v.length);
        v.sub[i] = sub;
      } else if (v.sub !== null) v.sub[i] = 0;
      return;
    }
    case 'string':
    case 'guid':
      v.data[i] = x as string;
      return;
    case 'dynamic':
      v.data[i] = x;
      return;
    case 'long':
      if (typeof x === 'bigint') setLongBig(v, i, x);
      else v.data[i] = x as number;
      return;
    case 'decimal':
      setDecimal(v, i, x as number | string);
      return;
    default:
      v.data[i] = x as number;
  }
}

/** A vector of n copies of a constant. */
export function broadcast(c: ConstValue, n: number): Vector {
  const v = allocVector(c.type, n);
  if (c.value === null) {
    if (c.type !== 'string' && c.type !== 'dynamic') {
      v.nulls = new Uint8Array(n).fill(1);
    }
    return v;
  }
  switch (v.type) {
    case 'bool':
      v.data.fill(c.value ? 1 : 0);
      break;
    case 'datetime': {
      const [ms, sub] = splitTicks(c.value as bigint);
      v.data.fill(ms);
      if (sub !== 0) v.sub = new Uint16Array(n).fill(sub);
      break;
    }
    case 'string':
    case 'guid':
      v.data.fill(c.value as string);
      break;
    case 'dynamic':
      v.data.fill(c.value);
      break;
    case 'long':
      if (typeof c.value === 'bigint') {
        const b = boxLong(c.value);
        v.data.fill(Number(b));
        if (typeof b === 'bigint') v.big = new BigInt64Array(n).fill(b);
      } else v.data.fill(c.value as number);
      break;
    case 'decimal':
      if (typeof c.value === 'string') {
        v.data.fill(Number(c.value));
        v.exact = new Array<string | undefined>(n).fill(c.value);
      } else v.data.fill(c.value as number);
      break;
    default:
      (v.data as Int32Array | Float64Array).fill(c.value as number);
  }
  return v;
}

export const toVector = (x: Value, n: number): Vector => (isConst(x) ? broadcast(x, n) : x);

/** Copies the rows named by `idx` into a new dense vector (`-1` in idx yields a null row). */
export function gather(v: Vector, idx: ArrayLike<number>): Vector {
  const n = idx.length;
  const out = allocVector(v.type, n);
  const srcNulls = v.nulls;
  let nulls: Uint8Array | null = null;
  const markNull = (k: number) => {
    if (nulls === null) nulls = new Uint8Array(n);
    nulls[k] = 1;
  };
  if (v.type === 'string' && v.dict) {
    // a dictionary-encoded chunk: the strings straight from its codes (no decoding of the whole chunk)
    const { codes, values } = v.dict;
    const dst = out.data as string[];
    for (let k = 0; k < n; k++) {
      const i = idx[k]!;
      dst[k] = i < 0 ? '' : values[codes[i]!]!;
    }
    return out;
  }
  switch (out.type) {
    case 'string':
    case 'guid':
    case 'dynamic': {
      const src = v.data as unknown[];
      const dst = out.data as unknown[];
      const empty = out.type === 'dynamic' ? null : '';
      for (let k = 0; k < n; k++) {
        const i = idx[k]!;
        if (i < 0) {
          dst[k] = empty;
          if (out.type === 'guid') markNull(k);
        } else {
          dst[k] = src[i];
          if (srcNulls !== null && srcNulls[i] === 1) markNull(k);
        }
      }
      break;
    }
    default: {
      const src = v.data as Float64Array;
      const dst = out.data as Float64Array;
      for (let k = 0; k < n; k++) {
        const i = idx[k]!;
        if (i < 0 || (srcNulls !== null && srcNulls[i] === 1)) markNull(k);
        else dst[k] = src[i]!;
      }
      if (v.type === 'datetime' && v.sub !== null) {
        const sub = new Uint16Array(n);
        for (let k = 0; k < n; k++) {
          const i = idx[k]!;
          if (i >= 0) sub[k] = v.sub[i]!;
        }
        (out as DateTimeVector).sub = sub;
      }
      if (v.type === 'long' && v.big) {
        const big = new BigInt64Array(n);
        for (let k = 0; k < n; k++) {
          const i = idx[k]!;
          if (i >= 0) big[k] = v.big[i]!;
        }
        (out as LongVector).big = big;
      }
      if (v.type === 'decimal' && v.exact) {
        const ex = v.exact;
        const exact = new Array<string | undefined>(n);
        for (let k = 0; k < n; k++) {
          const i = idx[k]!;
          if (i >= 0) exact[k] = ex[i];
        }
        (out as DecimalVector).exact = exact;
      }
    }
  }
  if (out.type !== 'dynamic') out.nulls = nulls;
  return out;
}

/**
 * Concatenates the selected rows of several vectors of one type into one new vector, copying each
 * value once (a batch's selection is applied while copying, not by a gather first). A single dense
 * part is returned as it is.
 */
function concatDict(codes: Uint8Array | Uint16Array, values: string[], sel: Int32Array | null, count: number, dst: string[], off: number): void {
  if (sel === null) for (let k = 0; k < count; k++) dst[off + k] = values[codes[k]!]!;
  else for (let k = 0; k < count; k++) dst[off + k] = values[codes[sel[k]!]!]!;
}

export function concatSelected(type: KqlType, parts: readonly Vector[], sels: readonly (Int32Array | null)[], rows: readonly number[]): Vector {
  let n = 0;
  for (let p = 0; p < parts.length; p++) n += sels[p] === null ? rows[p]! : sels[p]!.length;
  if (parts.length === 1 && sels[0] === null && parts[0]!.length === n) return parts[0]!;
  const out = allocVector(type, n);
  let off = 0;
  for (let p = 0; p < parts.length; p++) {
    const v = parts[p]!;
    const sel = sels[p]!;
    if (v.type !== type) throw new Error(`concatSelected: ${v.type} into ${type}`);
    const count = sel === null ? rows[p]! : sel.length;
    if (v.type === 'string' && v.dict) {
      // a dictionary-encoded chunk: the strings straight from its codes
      concatDict(v.dict.codes, v.dict.values, sel, count, out.data as string[], off);
      off += count;
      continue;
    }
    const src = v.data as ArrayLike<unknown>;
    const dst = out.data as unknown[];
    if (sel === null) {
      if (out.type === 'string' || out.type === 'guid' || out.type === 'dynamic') for (let k = 0; k < count; k++) dst[off + k] = src[k];
      else (out.data as Float64Array).set((v.data as Float64Array).subarray(0, count), off);
    } else {
      for (let k = 0; k < count; k++) dst[off + k] = src[sel[k]!];
    }
    if (v.type === 'datetime' && v.sub !== null) {
      const o = out as DateTimeVector;
      if (o.sub === null) o.sub = new Uint16Array(n);
      if (sel === null) o.sub.set(v.sub.subarray(0, count), off);
      else for (let k = 0; k < count; k++) o.sub[off + k] = v.sub[sel[k]!]!;
    }
    if (v.type === 'long' && v.big) {
      const o = out as LongVector;
      if (!o.big) o.big = new BigInt64Array(n);
      if (sel === null) o.big.set(v.big.subarray(0, count), off);
      else for (let k = 0; k < count; k++) o.big[off + k] = v.big[sel[k]!]!;
    }
    if (v.type === 'decimal' && v.exact) {
      const o = out as DecimalVector;
      if (!o.exact) o.exact = new Array<string | undefined>(n);
      const ex = v.exact;
      for (let k = 0; k < count; k++) o.exact[off + k] = ex[sel === null ? k : sel[k]!];
    }
    const nulls = v.nulls;
    if (nulls !== null && out.type !== 'dynamic') {
      if (sel === null) {
        if (out.nulls === null) out.nulls = new Uint8Array(n);
        out.nulls.set(nulls.subarray(0, count), off);
      } else {
        for (let k = 0; k < count; k++) {
          if (nulls[sel[k]!] === 1) {
            if (out.nulls === null) out.nulls = new Uint8Array(n);
            out.nulls[off + k] = 1;
          }
        }
      }
    }
    off += count;
  }
  return out;
}

/** A vector holding exactly the rows of `v` picked by a selection (or v itself when sel is null). */
export const compact = (v: Vector, sel: Int32Array | null): Vector => (sel === null ? v : gather(v, sel));
