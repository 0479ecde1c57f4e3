// The foundation's aggregates: count, sum, min/max, avg, dcount, make_set/list, arg_max/min, take_any.
import type { KqlType, Scalar } from '../../types.js';
import { allocVector, getScalar, setScalar, type Vector } from '../../exec/vector.js';
import { compareScalars } from '../../values/compare.js';
import { stringifyDynamic } from '../../values/dynamic.js';
import { toJsonValue } from '../../values/json-out.js';
import { isUnsafeDouble, longToBigInt, wrapLong } from '../../values/long.js';
import { stringDistinctCounter } from './distinct-strings.js';
import { boxDec, decAdd, decDiv, unboxDec, type Dec, type DecBox } from '../../values/decimal.js';
import {
  defineAggregate, p, ORDERABLE, SUMMABLE, type Accumulator, type AggregateDef, type ArgInfo,
} from '../define.js';

type BoolVector = { data: Uint8Array; nulls: Uint8Array | null };
type FloatVector = Vector & { data: Float64Array };
type DynVector = Vector & { data: unknown[] };

/** Iterates the rows of an update call. */
function each(rows: Int32Array | null, count: number, f: (row: number) => void) {
  if (rows === null) for (let k = 0; k < count; k++) f(k);
  else for (let k = 0; k < count; k++) f(rows[k]!);
}

function grow<T extends Float64Array | Uint8Array>(a: T, n: number, make: (n: number) => T): T {
  if (a.length >= n) return a;
  const b = make(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

const isNull = (v: Vector, i: number) =>
  v.type === 'dynamic' ? v.data[i] === null || v.data[i] === undefined : v.nulls !== null && v.nulls[i] === 1;

/** A value as it is stored inside a dynamic array (make_list, make_set): Kusto's JSON form. */
export function toDynamicElement(type: KqlType, x: Scalar): unknown {
  if (x === null) return null;
  if (type === 'dynamic') return x;
  if (typeof x === 'bigint' && type === 'long') return x; // a long beyond 2^53 stays exact inside dynamic
  if (typeof x === 'string' && type === 'decimal') return Number(x); // likewise decimals no double holds
  return toJsonValue(type, x);
}

// ─── count / countif ───

function counter(predicate: boolean): Accumulator {
  let counts = new Float64Array(16);
  return {
    resize(n) {
      counts = grow(counts, n, (m) => new Float64Array(m));
    },
    update(args, groups, rows, count) {
      // plain loops (no callback per row: `each`'s call site sees every accumulator's closure)
      const c = counts;
      if (!predicate) {
        if (rows === null) for (let k = 0; k < count; k++) c[groups[k]!]! += 1;
        else for (let k = 0; k < count; k++) c[groups[rows[k]!]!]! += 1;
        return;
      }
      const b = args[0]! as BoolVector;
      const bd = b.data;
      const bn = b.nulls;
      for (let k = 0; k < count; k++) {
        const r = rows === null ? k : rows[k]!;
        if (bd[r] === 1 && !(bn !== null && bn[r] === 1)) c[groups[r]!]! += 1;
      }
    },
    result(nGroups) {
      const v = allocVector('long', nGroups) as FloatVector;
      v.data.set(counts.subarray(0, nGroups));
      return [v];
    },
  };
}

// ─── sum / sumif / avg ───

/**
 * sum / avg of decimals: exact (values/decimal.ts). The sum of no values is 0; their average is null
 * (a decimal has no NaN); avg is the exact sum divided by the count with SqlDecimal's division scale.
 * A sum beyond 38 digits overflows to null.
 */
export function decimalSummer(predicate: boolean, mean: boolean): Accumulator {
  const sums: (Dec | null)[] = [];
  const counts: number[] = [];
  return {
    resize(n) {
      while (sums.length < n) {
        sums.push({ m: 0n, s: 0 });
        counts.push(0);
      }
    },
    update(args, groups, rows, count) {
      const x = args[0]!;
      const pred = predicate ? (args[1]! as BoolVector) : null;
      each(rows, count, (r) => {
        if (isNull(x, r)) return;
        if (pred && (pred.data[r] !== 1 || (pred.nulls && pred.nulls[r] === 1))) return;
        const g = groups[r]!;
        const d = unboxDec(getScalar(x, r) as DecBox);
        const cur = sums[g]!;
        counts[g]! += 1;
        sums[g] = cur === null || d === null ? null : decAdd(cur, d);
      });
    },
    result(nGroups) {
      const v = allocVector('decimal', nGroups);
      for (let g = 0; g < nGroups; g++) {
        const sum = sums[g] ?? null;
        const r = sum === null ? null : mean ? (counts[g] === 0 ? null : decDiv(sum, { m: BigInt(counts[g]!), s: 0 })) : sum;
        setScalar(v, g, r === null ? null : boxDec(r));
      }
      return [v];
    },
  };
}

function summer(type: KqlType, predicate: boolean, mean: boolean): Accumulator {
  if (type === 'decimal') return decimalSummer(predicate, mean);
  let sums = new Float64Array(16);
  let counts = new Float64Array(16);
  // sum of longs: exact (BigInt, wrapping like .NET) for the groups whose sum or a value leaves ±2^53
  const exact = new Map<number, bigint>();
  const exactLongSum = type === 'long' && !mean;
  return {
    resize(n) {
      sums = grow(sums, n, (m) => new Float64Array(m));
      counts = grow(counts, n, (m) => new Float64Array(m));
    },
    update(args, groups, rows, count) {
      const x = args[0]!;
      const data = x.data as ArrayLike<number>;
      const pred = predicate ? (args[1]! as BoolVector) : null;
      each(rows, count, (r) => {
        if (isNull(x, r)) return;
        if (pred && (pred.data[r] !== 1 || (pred.nulls && pred.nulls[r] === 1))) return;
        const g = groups[r]!;
        if (exactLongSum) {
          const d = data[r]!;
          const e = exact.size === 0 ? undefined : exact.get(g);
          if (e !== undefined) exact.set(g, e + longToBigInt(getScalar(x, r) as number | bigint));
          else if (isUnsafeDouble(d) || isUnsafeDouble(sums[g]! + d)) exact.set(g, BigInt(sums[g]!) + longToBigInt(getScalar(x, r) as number | bigint));
          else sums[g]! += d;
          counts[g]! += 1;
          return;
        }
        sums[g]! += data[r]!;
        counts[g]! += 1;
      });
    },
    result(nGroups) {
      const v = allocVector(type, nGroups);
      for (let g = 0; g < nGroups; g++) {
        if (mean) {
          // avg of no values is NaN (KUSTO-SEMANTICS 7); avg of a timespan stays a timespan
          (v.data as Float64Array)[g] = counts[g] === 0 ? NaN : sums[g]! / counts[g]!;
          if (type === 'timespan') {
            if (counts[g] === 0) setScalar(v, g, null);
            else (v.data as Float64Array)[g] = Math.round(sums[g]! / counts[g]!);
          }
        } else if (exact.has(g)) setScalar(v, g, wrapLong(exact.get(g)!));
        else (v.data as Float64Array)[g] = sums[g]!;
      }
      return [v];
    },
  };
}

// ─── min / max ───

function extremum(type: KqlType, max: boolean): Accumulator {
  let best: Scalar[] = [];
  return {
    resize(n) {
      while (best.length < n) best.push(null);
    },
    update(args, groups, rows, count) {
      const x = args[0]!;
      each(rows, count, (r) => {
        if (isNull(x, r)) return;
        const v = getScalar(x, r);
        if (type === 'string' && v === '') return;
        const g = groups[r]!;
        const cur = best[g] ?? null;
        if (cur === null) best[g] = v;
        else {
          const c = compareScalars(type, v, cur);
          if (max ? c > 0 : c < 0) best[g] = v;
        }
      });
    },
    result(nGroups) {
      const v = allocVector(type, nGroups);
      for (let g = 0; g < nGroups; g++) setScalar(v, g, best[g] ?? null);
      return [v];
    },
  };
}

// ─── dcount / dcountif ───

function distinctCounter(type: KqlType, predicate: boolean): Accumulator {
  if (type === 'string') return stringDistinctCounter(predicate);
  const sets: Set<unknown>[] = [];
  return {
    resize(n) {
      while (sets.length < n) sets.push(new Set());
    },
    update(args, groups, rows, count) {
      const x = args[0]!;
      if (!predicate && (x.type === 'string' || (x.type === 'long' && !x.big) || x.type === 'real' || x.type === 'int' || x.type === 'timespan' || (x.type === 'decimal' && !x.exact))) {
        // the common case without a closure or boxing per row: the stored value is its own key
        const data = x.data as ArrayLike<string | number>;
        const nulls = x.nulls;
        for (let k = 0; k < count; k++) {
          const r = rows === null ? k : rows[k]!;
          if (nulls !== null && nulls[r] === 1) continue;
          sets[groups[r]!]!.add(data[r]!);
        }
        return;
      }
      const pred = predicate ? (args[1]! as BoolVector) : null;
      each(rows, count, (r) => {
        if (isNull(x, r)) return;
        if (pred && (pred.data[r] !== 1 || (pred.nulls && pred.nulls[r] === 1))) return;
        sets[groups[r]!]!.add(keyOf(type, getScalar(x, r)));
      });
    },
    result(nGroups) {
      const v = allocVector('long', nGroups) as FloatVector;
      for (let g = 0; g < nGroups; g++) v.data[g] = sets[g]!.size;
      return [v];
    },
  };
}

/** A hashable key for a boxed value. */
export function keyOf(type: KqlType, x: Scalar): unknown {
  if (x === null) return null;
  if (type === 'dynamic') return typeof x === 'object' ? `j:${stringifyDynamic(x)}` : x;
  if (typeof x === 'bigint') return `t:${x}`;
  return x;
}

// ─── make_set / make_list (+ _if) ───

function collector(type: KqlType, distinct: boolean, predicate: boolean, args: ArgInfo[]): Accumulator {
  const lists: unknown[][] = [];
  const seen: Set<unknown>[] = [];
  const limitArg = args[predicate ? 2 : 1]?.constant?.value;
  const limit = typeof limitArg === 'number' ? limitArg : 1_048_576;
  return {
    resize(n) {
      while (lists.length < n) {
        lists.push([]);
        if (distinct) seen.push(new Set());
      }
    },
    update(vals, groups, rows, count) {
      const x = vals[0]!;
      const pred = predicate ? (vals[1]! as BoolVector) : null;
      each(rows, count, (r) => {
        if (isNull(x, r)) return;
        if (pred && (pred.data[r] !== 1 || (pred.nulls && pred.nulls[r] === 1))) return;
        const g = groups[r]!;
        const list = lists[g]!;
        const v = getScalar(x, r);
        // make_set over arrays unions their elements (KUSTO-SEMANTICS 18)
        const items = distinct && type === 'dynamic' && Array.isArray(v) ? (v as unknown[]) : [v];
        for (const item of items) {
          if (list.length >= limit) return;
          if (distinct) {
            const k = keyOf(type, item as Scalar);
            if (seen[g]!.has(k)) continue;
            seen[g]!.add(k);
          }
          list.push(toDynamicElement(type, item as Scalar));
        }
      });
    },
    result(nGroups) {
      const v = allocVector('dynamic', nGroups) as DynVector;
      for (let g = 0; g < nGroups; g++) v.data[g] = lists[g]!;
      return [v];
    },
  };
}

// ─── arg_max / arg_min / take_any ───

/** args[0] is the expression maximised; the rest are the columns returned from the winning row. */
function argExtremum(args: ArgInfo[], max: boolean | null): Accumulator {
  const best: Scalar[] = [];
  const rowsOut: Scalar[][] = [];
  const has: boolean[] = [];
  return {
    resize(n) {
      while (best.length < n) {
        best.push(null);
        rowsOut.push([]);
        has.push(false);
      }
    },
    update(vals, groups, rows, count) {
      const x = vals[0]!;
      each(rows, count, (r) => {
        const g = groups[r]!;
        if (max === null) {
          // take_any: the first row whose first value is not null/empty
          if (has[g]) return;
          const v = getScalar(x, r);
          if (v === null || v === '') {
            if (rowsOut[g]!.length === 0) rowsOut[g] = vals.map((c) => getScalar(c, r));
            return;
          }
          has[g] = true;
          rowsOut[g] = vals.map((c) => getScalar(c, r));
          return;
        }
        if (isNull(x, r)) {
          if (!has[g] && rowsOut[g]!.length === 0) rowsOut[g] = vals.map((c) => getScalar(c, r));
          return;
        }
        const v = getScalar(x, r);
        if (has[g]) {
          const c = compareScalars(args[0]!.type, v, best[g]!);
          if (max ? c <= 0 : c >= 0) return;
        }
        has[g] = true;
        best[g] = v;
        rowsOut[g] = vals.map((c) => getScalar(c, r));
      });
    },
    result(nGroups) {
      return args.map((a, j) => {
        const v = allocVector(a.type, nGroups);
        for (let g = 0; g < nGroups; g++) setScalar(v, g, rowsOut[g]![j] ?? null);
        return v;
      });
    },
  };
}

const ANY = 'any' as const;
const sumType = (args: ArgInfo[]): KqlType => {
  const t = args[0]!.type;
  return t === 'int' ? 'long' : t;
};

export const coreAggregates: AggregateDef[] = [
  defineAggregate({
    name: 'count',
    signatures: [{ params: [], returns: 'long' }, { params: [p('expr', ANY)], returns: 'long' }],
    doc: 'Counts the rows in each group.',
    example: 'datatable(x:long)[1, 2, 3] | summarize count()',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'count' },
    create: () => counter(false),
  }),
  defineAggregate({
    name: 'countif',
    signatures: [{ params: [p('predicate', ['bool'])], returns: 'long' }],
    doc: 'Counts the rows for which the predicate is true.',
    example: 'datatable(x:long)[1, 2, 3] | summarize countif(x > 1)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'countif' },
    create: () => counter(true),
  }),
  defineAggregate({
    name: 'dcount',
    signatures: [{ params: [p('expr', ANY), p('accuracy', ['int', 'long'], { optional: true, constant: true })], returns: 'long' }],
    doc: 'Number of distinct values (exact in this engine; Kusto estimates with HyperLogLog).',
    example: 'datatable(x:string)["a", "b", "a"] | summarize dcount(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'dcount' },
    create: (args) => distinctCounter(args[0]!.type, false),
  }),
  defineAggregate({
    name: 'dcountif',
    signatures: [{
      params: [p('expr', ANY), p('predicate', ['bool']), p('accuracy', ['int', 'long'], { optional: true, constant: true })],
      returns: 'long',
    }],
    doc: 'Number of distinct values among rows where the predicate is true.',
    example: 'datatable(x:string, y:long)["a", 1, "b", 0, "a", 1] | summarize dcountif(x, y > 0)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'dcountif' },
    create: (args) => distinctCounter(args[0]!.type, true),
  }),
  defineAggregate({
    name: 'sum',
    signatures: [{ params: [p('expr', SUMMABLE)], returns: sumType }],
    doc: 'Sum of the values in each group (0 for no values).',
    example: 'datatable(x:long)[1, 2, 3] | summarize sum(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'sum' },
    create: (_args, t) => summer(t, false, false),
  }),
  defineAggregate({
    name: 'sumif',
    signatures: [{ params: [p('expr', SUMMABLE), p('predicate', ['bool'])], returns: sumType }],
    doc: 'Sum of the values for which the predicate is true.',
    example: 'datatable(x:long)[1, 2, 3] | summarize sumif(x, x > 1)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'sumif' },
    create: (_args, t) => summer(t, true, false),
  }),
  defineAggregate({
    name: 'avg',
    signatures: [{ params: [p('expr', SUMMABLE)], returns: (a) => (a[0]!.type === 'timespan' ? 'timespan' : a[0]!.type === 'decimal' ? 'decimal' : 'real') }],
    doc: 'Average of the values in each group (NaN for no values).',
    example: 'datatable(x:long)[1, 2, 4] | summarize avg(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'avg' },
    create: (_args, t) => summer(t, false, true),
  }),
  defineAggregate({
    name: 'min',
    signatures: [{ params: [p('expr', ORDERABLE)], returns: (a) => a[0]!.type }],
    doc: 'Smallest value in each group.',
    example: 'datatable(x:long)[3, 1, 2] | summarize min(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'min' },
    create: (_args, t) => extremum(t, false),
  }),
  defineAggregate({
    name: 'max',
    signatures: [{ params: [p('expr', ORDERABLE)], returns: (a) => a[0]!.type }],
    doc: 'Largest value in each group.',
    example: 'datatable(x:long)[3, 1, 2] | summarize max(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'max' },
    create: (_args, t) => extremum(t, true),
  }),
  defineAggregate({
    name: 'make_set',
    aliases: ['makeset'],
    signatures: [{ params: [p('expr', ANY), p('maxSize', ['int', 'long'], { optional: true, constant: true })], returns: 'dynamic' }],
    doc: 'Dynamic array of the distinct values in each group.',
    example: 'datatable(x:string)["a", "b", "a"] | summarize make_set(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'set' },
    create: (args) => collector(args[0]!.type, true, false, args),
  }),
  defineAggregate({
    name: 'make_list',
    aliases: ['makelist'],
    signatures: [{ params: [p('expr', ANY), p('maxSize', ['int', 'long'], { optional: true, constant: true })], returns: 'dynamic' }],
    doc: 'Dynamic array of all the values in each group.',
    example: 'datatable(x:string)["a", "b", "a"] | summarize make_list(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'list' },
    create: (args) => collector(args[0]!.type, false, false, args),
  }),
  defineAggregate({
    name: 'make_set_if',
    signatures: [{
      params: [p('expr', ANY), p('predicate', ['bool']), p('maxSize', ['int', 'long'], { optional: true, constant: true })],
      returns: 'dynamic',
    }],
    doc: 'Dynamic array of the distinct values for which the predicate is true.',
    example: 'datatable(x:long)[1, 2, 2, 3] | summarize make_set_if(x, x > 1)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'set' },
    create: (args) => collector(args[0]!.type, true, true, args),
  }),
  defineAggregate({
    name: 'make_list_if',
    signatures: [{
      params: [p('expr', ANY), p('predicate', ['bool']), p('maxSize', ['int', 'long'], { optional: true, constant: true })],
      returns: 'dynamic',
    }],
    doc: 'Dynamic array of the values for which the predicate is true.',
    example: 'datatable(x:long)[1, 2, 2, 3] | summarize make_list_if(x, x > 1)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'list' },
    create: (args) => collector(args[0]!.type, false, true, args),
  }),
  defineAggregate({
    name: 'arg_max',
    signatures: [{ params: [p('expr', ORDERABLE), p('column', ANY, { repeatable: true, optional: true })], returns: (a) => a[0]!.type }],
    doc: 'The row with the largest value of the expression: returns it and the listed columns (`*` for all).',
    example: 'datatable(k:string, v:long)["a", 1, "a", 5, "b", 2] | summarize arg_max(v, *) by k',
    resultName: { kind: 'Columns' },
    create: (args) => argExtremum(args, true),
  }),
  defineAggregate({
    name: 'arg_min',
    signatures: [{ params: [p('expr', ORDERABLE), p('column', ANY, { repeatable: true, optional: true })], returns: (a) => a[0]!.type }],
    doc: 'The row with the smallest value of the expression: returns it and the listed columns (`*` for all).',
    example: 'datatable(k:string, v:long)["a", 1, "a", 5, "b", 2] | summarize arg_min(v, *) by k',
    resultName: { kind: 'Columns' },
    create: (args) => argExtremum(args, false),
  }),
  defineAggregate({
    name: 'take_any',
    signatures: [{ params: [p('expr', ANY, { repeatable: true })], returns: (a) => a[0]!.type }],
    doc: 'An arbitrary value (the first non-empty one met) of each expression per group.',
    example: 'datatable(k:string, v:long)["a", 1, "a", 5] | summarize take_any(v) by k',
    resultName: { kind: 'Columns' },
    create: (args) => argExtremum(args, null),
  }),
  defineAggregate({
    name: 'any',
    signatures: [{ params: [p('expr', ANY, { repeatable: true })], returns: (a) => a[0]!.type }],
    doc: 'Old name of take_any (result named any_<column>).',
    example: 'datatable(k:string, v:long)["a", 1, "a", 5] | summarize any(v) by k',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'any' },
    create: (args) => argExtremum(args, null),
  }),
];
