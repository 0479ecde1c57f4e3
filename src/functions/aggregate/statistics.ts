// More aggregates: the _if variants of avg/min/max/take_any, stdev/variance (sample and population),
// nearest-rank percentiles (plain and weighted), make_bag(_if), make_list_with_nulls,
// count_distinct(if), binary_all_and/or/xor and buildschema.
import type { KqlType, Scalar } from '../../types.js';
import { allocVector, getScalar, setScalar, type Vector } from '../../exec/vector.js';
import { compareScalars } from '../../values/compare.js';
import { hasMember, setMember } from '../../values/dynamic.js';
import { keyOf, toDynamicElement } from './core.js';
import {
  defineAggregate, p, DYNAMIC, INTEGER, NUMBER, ORDERABLE, SUMMABLE, type Accumulator, type AggregateDef, type ArgInfo,
} from '../define.js';
import { decimalSummer } from './core.js';

type FloatVector = Vector & { data: Float64Array };
type DynVector = Vector & { data: unknown[] };
type Bag = { [k: string]: unknown };

/** Iterates the rows of an update call. */
function forRows(rows: Int32Array | null, count: number, f: (row: number) => void): void {
  if (rows === null) for (let k = 0; k < count; k++) f(k);
  else for (let k = 0; k < count; k++) f(rows[k]!);
}

const nullAt = (v: Vector, i: number): boolean =>
  v.type === 'dynamic' ? v.data[i] === null || v.data[i] === undefined : v.nulls !== null && v.nulls[i] === 1;

/** Whether row r passes an optional predicate vector (null counts as false). */
const passes = (pred: Vector | null, r: number): boolean =>
  pred === null || ((pred.data as Uint8Array)[r] === 1 && !(pred.nulls !== null && pred.nulls[r] === 1));

/** Per-group boxed state, grown on resize. */
function slots<T>(init: () => T): { list: T[]; resize(n: number): void } {
  const list: T[] = [];
  return { list, resize: (n) => { while (list.length < n) list.push(init()); } };
}

const isBag = (x: unknown): x is Bag => typeof x === 'object' && x !== null && !Array.isArray(x);

// ─── avgif ───

function averager(type: KqlType): Accumulator {
  const s = slots(() => ({ sum: 0, n: 0 }));
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      const pred = args[1]!;
      const data = x.data as ArrayLike<number>;
      forRows(rows, count, (r) => {
        if (nullAt(x, r) || !passes(pred, r)) return;
        const st = s.list[groups[r]!]!;
        st.sum += data[r]!;
        st.n += 1;
      });
    },
    result(nGroups) {
      const v = allocVector(type, nGroups);
      for (let g = 0; g < nGroups; g++) {
        const { sum, n } = s.list[g]!;
        // like avg: NaN over no values, but a timespan average has no NaN: null
        if (type === 'timespan') setScalar(v, g, n === 0 ? null : Math.round(sum / n));
        else setScalar(v, g, n === 0 ? NaN : sum / n);
      }
      return [v];
    },
  };
}

// ─── minif / maxif ───

function conditionalExtremum(type: KqlType, max: boolean): Accumulator {
  const s = slots<Scalar>(() => null);
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      const pred = args[1]!;
      forRows(rows, count, (r) => {
        if (nullAt(x, r) || !passes(pred, r)) return;
        const v = getScalar(x, r);
        if (type === 'string' && v === '') return;
        const g = groups[r]!;
        const cur = s.list[g]!;
        if (cur === null) s.list[g] = v;
        else {
          const c = compareScalars(type, v, cur);
          if (max ? c > 0 : c < 0) s.list[g] = v;
        }
      });
    },
    result(nGroups) {
      const v = allocVector(type, nGroups);
      for (let g = 0; g < nGroups; g++) setScalar(v, g, s.list[g]!);
      return [v];
    },
  };
}

// ─── take_anyif ───

function takeAnyIf(type: KqlType): Accumulator {
  const s = slots<{ v: Scalar; done: boolean }>(() => ({ v: null, done: false }));
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      const pred = args[1]!;
      forRows(rows, count, (r) => {
        const st = s.list[groups[r]!]!;
        if (st.done || !passes(pred, r)) return;
        const v = getScalar(x, r);
        // prefers a non-null, non-empty value when one exists
        if (v === null || v === '') return;
        st.v = v;
        st.done = true;
      });
    },
    result(nGroups) {
      const v = allocVector(type, nGroups);
      for (let g = 0; g < nGroups; g++) setScalar(v, g, s.list[g]!.v);
      return [v];
    },
  };
}

// ─── stdev / variance (sample, population; + _if) ───

/** Welford's running mean and sum of squared deviations. */
function moments(predicate: boolean, population: boolean, root: boolean): Accumulator {
  const s = slots(() => ({ n: 0, mean: 0, m2: 0 }));
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      const pred = predicate ? args[1]! : null;
      const data = x.data as ArrayLike<number>;
      forRows(rows, count, (r) => {
        if (nullAt(x, r) || !passes(pred, r)) return;
        const st = s.list[groups[r]!]!;
        const v = data[r]!;
        st.n += 1;
        const d = v - st.mean;
        st.mean += d / st.n;
        st.m2 += d * (v - st.mean);
      });
    },
    result(nGroups) {
      const v = allocVector('real', nGroups) as FloatVector;
      for (let g = 0; g < nGroups; g++) {
        const { n, m2 } = s.list[g]!;
        // summarize-operator.md's defaults: the sample forms give 0 over no values (and over one value);
        // stdevp/variancep are among "all others": null
        if (population && n === 0) {
          setScalar(v, g, null);
          continue;
        }
        const divisor = population ? n : n - 1;
        const variance = divisor <= 0 ? 0 : Math.max(0, m2 / divisor);
        v.data[g] = root ? Math.sqrt(variance) : variance;
      }
      return [v];
    },
  };
}

// ─── percentile(s), percentilew / percentilesw, percentiles_array, percentilesw_array ───

/** The percentiles asked for: the constant arguments from `from` on, or the elements of one constant dynamic array. */
function percentList(args: ArgInfo[], from: number): number[] {
  const out: number[] = [];
  for (const a of args.slice(from)) {
    const c = a.constant?.value;
    if (Array.isArray(c)) for (const e of c) out.push(typeof e === 'number' ? e : Number(e));
    else out.push(typeof c === 'number' ? c : NaN);
  }
  return out;
}

/**
 * Nearest rank over a weighted population sorted ascending: the smallest value whose cumulative
 * weight reaches ⌈P/100 · W⌉; P = 0 is the smallest value (percentiles-aggregation-function.md).
 */
function nearestRank(sorted: { v: Scalar; w: number }[], total: number, pct: number): Scalar {
  if (sorted.length === 0 || Number.isNaN(pct)) return null;
  if (pct <= 0) return sorted[0]!.v;
  if (pct >= 100) return sorted[sorted.length - 1]!.v;
  // P·W/100 rather than P/100·W, and a small tolerance, so 55% of 20 is rank 11, not 12
  const rank = Math.max(1, Math.ceil((pct * total) / 100 - 1e-9));
  let acc = 0;
  for (const e of sorted) {
    acc += e.w;
    if (acc >= rank) return e.v;
  }
  return sorted[sorted.length - 1]!.v;
}

function percentiler(type: KqlType, weighted: boolean, pcts: number[], asArray: boolean): Accumulator {
  const s = slots<{ v: Scalar; w: number }[]>(() => []);
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      const wv = weighted ? args[1]! : null;
      forRows(rows, count, (r) => {
        if (nullAt(x, r)) return;
        let w = 1;
        if (wv !== null) {
          if (nullAt(wv, r)) return;
          w = Number(getScalar(wv, r));
          if (!(w > 0)) return;
        }
        s.list[groups[r]!]!.push({ v: getScalar(x, r), w });
      });
    },
    result(nGroups) {
      const outs = asArray
        ? [allocVector('dynamic', nGroups)]
        : pcts.map(() => allocVector(type, nGroups));
      for (let g = 0; g < nGroups; g++) {
        const items = s.list[g]!;
        items.sort((a, b) => compareScalars(type, a.v, b.v));
        let total = 0;
        for (const e of items) total += e.w;
        const values = pcts.map((pc) => nearestRank(items, total, pc));
        if (asArray) (outs[0] as DynVector).data[g] = items.length === 0 ? null : values.map((x) => toDynamicElement(type, x));
        else values.forEach((x, j) => setScalar(outs[j]!, g, x));
      }
      return outs;
    },
  };
}

// ─── make_bag / make_bag_if ───

function bagMaker(predicate: boolean, args: ArgInfo[]): Accumulator {
  const s = slots<{ bag: Bag; size: number; seen: boolean }>(() => ({ bag: {}, size: 0, seen: false }));
  const limitArg = args[predicate ? 2 : 1]?.constant?.value;
  const limit = typeof limitArg === 'number' ? limitArg : 1_048_576;
  return {
    resize: s.resize,
    update(vals, groups, rows, count) {
      const x = vals[0]!;
      const pred = predicate ? vals[1]! : null;
      forRows(rows, count, (r) => {
        const st = s.list[groups[r]!]!;
        st.seen = true;
        if (!passes(pred, r)) return;
        const v = getScalar(x, r);
        // non-dictionary values are skipped; a key met twice keeps its first value (the doc: arbitrary)
        if (!isBag(v)) return;
        for (const [k, e] of Object.entries(v)) {
          if (hasMember(st.bag, k)) continue;
          if (st.size >= limit) return;
          setMember(st.bag, k, e);
          st.size += 1;
        }
      });
    },
    result(nGroups) {
      const v = allocVector('dynamic', nGroups) as DynVector;
      // summarize-operator.md's default for make_bag over no rows is an empty array (KUSTO-SEMANTICS 7)
      for (let g = 0; g < nGroups; g++) v.data[g] = s.list[g]!.seen ? s.list[g]!.bag : [];
      return [v];
    },
  };
}

// ─── make_list_with_nulls ───

function listWithNulls(type: KqlType): Accumulator {
  const s = slots<unknown[]>(() => []);
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      forRows(rows, count, (r) => { s.list[groups[r]!]!.push(toDynamicElement(type, getScalar(x, r))); });
    },
    result(nGroups) {
      const v = allocVector('dynamic', nGroups) as DynVector;
      for (let g = 0; g < nGroups; g++) v.data[g] = s.list[g]!;
      return [v];
    },
  };
}

// ─── count_distinct / count_distinctif ───

function exactDistinct(type: KqlType, predicate: boolean): Accumulator {
  const s = slots(() => new Set<unknown>());
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      const pred = predicate ? args[1]! : null;
      forRows(rows, count, (r) => {
        if (nullAt(x, r) || !passes(pred, r)) return;
        s.list[groups[r]!]!.add(keyOf(type, getScalar(x, r)));
      });
    },
    result(nGroups) {
      const v = allocVector('long', nGroups) as FloatVector;
      for (let g = 0; g < nGroups; g++) v.data[g] = s.list[g]!.size;
      return [v];
    },
  };
}

// ─── binary_all_and / or / xor ───

function bitwise(type: KqlType, op: 'and' | 'or' | 'xor'): Accumulator {
  const bits = type === 'int' ? 32 : 64;
  const s = slots<bigint | null>(() => null);
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      const data = x.data as ArrayLike<number>;
      forRows(rows, count, (r) => {
        if (nullAt(x, r)) return;
        const v = BigInt.asIntN(bits, BigInt(Math.trunc(data[r]!)));
        const g = groups[r]!;
        const cur = s.list[g]!;
        s.list[g] = cur === null ? v : op === 'and' ? cur & v : op === 'or' ? cur | v : cur ^ v;
      });
    },
    result(nGroups) {
      const v = allocVector(type, nGroups);
      for (let g = 0; g < nGroups; g++) {
        const b = s.list[g]!;
        setScalar(v, g, b === null ? null : Number(BigInt.asIntN(bits, b)));
      }
      return [v];
    },
  };
}

// ─── buildschema ───

/** The schema of the values met at one place: primitive type names, an object's keys, an array's elements. */
interface SchemaNode {
  order: ('prim' | 'obj' | 'arr')[];
  prims: string[];
  obj: Map<string, SchemaNode> | null;
  arr: SchemaNode | null;
}

const newNode = (): SchemaNode => ({ order: [], prims: [], obj: null, arr: null });

function addToSchema(node: SchemaNode, v: unknown): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    if (node.arr === null) { node.arr = newNode(); node.order.push('arr'); }
    for (const e of v) addToSchema(node.arr, e);
    return;
  }
  if (typeof v === 'object') {
    if (node.obj === null) { node.obj = new Map(); node.order.push('obj'); }
    for (const [k, e] of Object.entries(v as Bag)) {
      let child = node.obj.get(k);
      if (!child) { child = newNode(); node.obj.set(k, child); }
      addToSchema(child, e);
    }
    return;
  }
  // dynamic JSON keeps no int/real distinction: a whole number reads as long
  const name = typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'double') : typeof v === 'bigint' ? 'long' : 'string';
  if (!node.prims.includes(name)) {
    if (node.prims.length === 0) node.order.push('prim');
    node.prims.push(name);
  }
}

function renderSchema(node: SchemaNode): unknown {
  const parts: unknown[] = [];
  for (const kind of node.order) {
    if (kind === 'prim') parts.push(...node.prims);
    else if (kind === 'obj') {
      const o: Bag = {};
      for (const [k, c] of node.obj!) setMember(o, k, renderSchema(c));
      parts.push(o);
    } else parts.push({ '`indexer`': renderSchema(node.arr!) });
  }
  return parts.length === 1 ? parts[0] : parts;
}

function schemaBuilder(): Accumulator {
  const s = slots(() => newNode());
  return {
    resize: s.resize,
    update(args, groups, rows, count) {
      const x = args[0]!;
      forRows(rows, count, (r) => {
        const v = getScalar(x, r);
        if (isBag(v)) addToSchema(s.list[groups[r]!]!, v);
      });
    },
    result(nGroups) {
      const v = allocVector('dynamic', nGroups) as DynVector;
      for (let g = 0; g < nGroups; g++) {
        const node = s.list[g]!;
        v.data[g] = node.order.length === 0 ? null : renderSchema(node);
      }
      return [v];
    },
  };
}

// ─── definitions ───

const ANY = 'any' as const;
const BOOL: readonly KqlType[] = ['bool'];
const NOT_DYNAMIC: readonly KqlType[] = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid'];
const first = (a: ArgInfo[]): KqlType => a[0]!.type;
/** percentile(s)(w) of a decimal is real (the analyzer); of other types, that type. */
const pctType = (a: ArgInfo[]): KqlType => (a[0]!.type === 'decimal' ? 'real' : a[0]!.type);
const avgType = (a: ArgInfo[]): KqlType => (a[0]!.type === 'timespan' ? 'timespan' : a[0]!.type === 'decimal' ? 'decimal' : 'real');
const pred = () => p('predicate', BOOL);
const pct = (extra: Partial<Parameters<typeof p>[2]> = {}) => p('percentile', NUMBER, { constant: true, ...extra });
const T = 'datatable(x:long)[1, 2, 3, 4, 5]';

function momentDef(name: string, predicate: boolean, population: boolean, root: boolean, doc: string): AggregateDef {
  return defineAggregate({
    name,
    signatures: [{ params: predicate ? [p('expr', SUMMABLE), pred()] : [p('expr', SUMMABLE)], returns: 'real' }],
    doc,
    example: `${T} | summarize ${name}(x${predicate ? ', x > 1' : ''})`,
    resultName: { kind: 'PrefixAndFirstArgument', prefix: name },
    create: () => moments(predicate, population, root),
  });
}

export const statisticsAggregates: AggregateDef[] = [
  defineAggregate({
    name: 'avgif',
    signatures: [{ params: [p('expr', SUMMABLE), pred()], returns: avgType }],
    doc: 'Average of the values for which the predicate is true (NaN for no values).',
    example: `${T} | summarize avgif(x, x > 2)`,
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'avgif' },
    create: (_a, t) => (t === 'decimal' ? decimalSummer(true, true) : averager(t)),
  }),
  defineAggregate({
    name: 'minif',
    signatures: [{ params: [p('expr', ORDERABLE), pred()], returns: first }],
    doc: 'Smallest value among the rows for which the predicate is true.',
    example: `${T} | summarize minif(x, x > 2)`,
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'minif' },
    create: (_a, t) => conditionalExtremum(t, false),
  }),
  defineAggregate({
    name: 'maxif',
    signatures: [{ params: [p('expr', ORDERABLE), pred()], returns: first }],
    doc: 'Largest value among the rows for which the predicate is true.',
    example: `${T} | summarize maxif(x, x < 4)`,
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'maxif' },
    create: (_a, t) => conditionalExtremum(t, true),
  }),
  defineAggregate({
    name: 'take_anyif',
    aliases: ['anyif'],
    signatures: [{ params: [p('expr', ANY), pred()], returns: first }],
    doc: 'An arbitrary value (the first non-empty one met) among the rows for which the predicate is true.',
    example: `${T} | summarize take_anyif(x, x > 3)`,
    resultName: { kind: 'FirstArgument' },
    create: (_a, t) => takeAnyIf(t),
  }),
  momentDef('stdev', false, false, true, 'Sample standard deviation (Bessel-corrected); 0 for fewer than two values.'),
  momentDef('stdevif', true, false, true, 'Sample standard deviation of the values for which the predicate is true.'),
  momentDef('stdevp', false, true, true, 'Population standard deviation; null for no values.'),
  momentDef('variance', false, false, false, 'Sample variance (Bessel-corrected); 0 for fewer than two values.'),
  momentDef('varianceif', true, false, false, 'Sample variance of the values for which the predicate is true.'),
  momentDef('variancep', false, true, false, 'Population variance; null for no values.'),
  momentDef('variancepif', true, true, false, 'Population variance of the values for which the predicate is true.'),
  defineAggregate({
    name: 'percentile',
    signatures: [{ params: [p('expr', ORDERABLE), pct()], returns: pctType }],
    doc: 'Nearest-rank percentile (exact here; Kusto estimates with T-Digest).',
    example: `${T} | summarize percentile(x, 50)`,
    resultName: { kind: 'Percentiles', prefix: 'percentile', percentArgsFrom: 1 },
    create: (a, t) => percentiler(t, false, percentList(a, 1), false),
  }),
  defineAggregate({
    name: 'percentiles',
    signatures: [{ params: [p('expr', ORDERABLE), pct({ repeatable: true })], returns: pctType }],
    doc: 'Nearest-rank percentiles, one column each.',
    example: `${T} | summarize percentiles(x, 50)`,
    resultName: { kind: 'Percentiles', prefix: 'percentile', percentArgsFrom: 1 },
    create: (a, t) => percentiler(t, false, percentList(a, 1), false),
  }),
  defineAggregate({
    name: 'percentiles_array',
    signatures: [
      { params: [p('expr', ORDERABLE), pct({ repeatable: true })], returns: 'dynamic' },
      { params: [p('expr', ORDERABLE), p('percentiles', DYNAMIC, { constant: true })], returns: 'dynamic' },
    ],
    doc: 'Nearest-rank percentiles as one dynamic array.',
    example: `${T} | summarize percentiles_array(x, 25, 50, 75)`,
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'percentiles' },
    create: (a) => percentiler(a[0]!.type, false, percentList(a, 1), true),
  }),
  defineAggregate({
    name: 'percentilew',
    signatures: [{ params: [p('expr', ORDERABLE), p('weight', INTEGER), pct()], returns: pctType }],
    doc: 'Weighted nearest-rank percentile: each row counts `weight` times.',
    example: 'datatable(x:long, w:long)[10, 8, 20, 6, 30, 3, 40, 1] | summarize percentilew(x, w, 50)',
    resultName: { kind: 'Percentiles', prefix: 'percentile', percentArgsFrom: 2 },
    create: (a, t) => percentiler(t, true, percentList(a, 2), false),
  }),
  defineAggregate({
    name: 'percentilesw',
    signatures: [{ params: [p('expr', ORDERABLE), p('weight', INTEGER), pct({ repeatable: true })], returns: pctType }],
    doc: 'Weighted nearest-rank percentiles, one column each.',
    example: 'datatable(x:long, w:long)[10, 8, 20, 6, 30, 3, 40, 1] | summarize percentilesw(x, w, 50)',
    resultName: { kind: 'Percentiles', prefix: 'percentile', percentArgsFrom: 2 },
    create: (a, t) => percentiler(t, true, percentList(a, 2), false),
  }),
  defineAggregate({
    name: 'percentilesw_array',
    signatures: [
      { params: [p('expr', ORDERABLE), p('weight', INTEGER), pct({ repeatable: true })], returns: 'dynamic' },
      { params: [p('expr', ORDERABLE), p('weight', INTEGER), p('percentiles', DYNAMIC, { constant: true })], returns: 'dynamic' },
    ],
    doc: 'Weighted nearest-rank percentiles as one dynamic array.',
    example: 'datatable(x:long, w:long)[10, 8, 20, 6, 30, 3, 40, 1] | summarize percentilesw_array(x, w, 50, 75)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'percentiles' },
    create: (a) => percentiler(a[0]!.type, true, percentList(a, 2), true),
  }),
  defineAggregate({
    name: 'make_bag',
    aliases: ['make_dictionary'],
    signatures: [{ params: [p('expr', DYNAMIC), p('maxSize', INTEGER, { optional: true, constant: true })], returns: 'dynamic' }],
    doc: 'Merges the property bags of each group into one (non-bags skipped).',
    example: 'datatable(d:dynamic)[dynamic({"a":1}), dynamic({"b":2})] | summarize make_bag(d)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'bag' },
    create: (a) => bagMaker(false, a),
  }),
  defineAggregate({
    name: 'make_bag_if',
    signatures: [{ params: [p('expr', DYNAMIC), pred(), p('maxSize', INTEGER, { optional: true, constant: true })], returns: 'dynamic' }],
    doc: 'Merges the property bags of the rows for which the predicate is true.',
    example: 'datatable(d:dynamic, k:bool)[dynamic({"a":1}), true, dynamic({"b":2}), false] | summarize make_bag_if(d, k)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'bag' },
    create: (a) => bagMaker(true, a),
  }),
  defineAggregate({
    name: 'make_list_with_nulls',
    signatures: [{ params: [p('expr', ANY)], returns: 'dynamic' }],
    doc: 'Dynamic array of all the values in each group, nulls included.',
    example: 'datatable(x:long)[1, long(null), 3] | summarize make_list_with_nulls(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'list' },
    create: (a) => listWithNulls(a[0]!.type),
  }),
  defineAggregate({
    name: 'count_distinct',
    signatures: [{ params: [p('expr', NOT_DYNAMIC)], returns: 'long' }],
    doc: 'Exact number of distinct non-null values.',
    example: 'datatable(x:string)["a", "b", "a"] | summarize count_distinct(x)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'count_distinct' },
    create: (a) => exactDistinct(a[0]!.type, false),
  }),
  defineAggregate({
    name: 'count_distinctif',
    signatures: [{ params: [p('expr', NOT_DYNAMIC), pred()], returns: 'long' }],
    doc: 'Exact number of distinct non-null values among the rows for which the predicate is true.',
    example: 'datatable(x:string, y:long)["a", 1, "b", 0, "a", 1] | summarize count_distinctif(x, y > 0)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'count_distinctif' },
    create: (a) => exactDistinct(a[0]!.type, true),
  }),
  ...(['and', 'or', 'xor'] as const).map((op) =>
    defineAggregate({
      name: `binary_all_${op}`,
      signatures: [{ params: [p('expr', INTEGER)], returns: first }],
      doc: `Bitwise ${op.toUpperCase()} of all the values in each group (null for no values).`,
      example: `datatable(x:long)[12, 10] | summarize binary_all_${op}(x)`,
      // ResultNameKind FirstArgument: a single-argument 'Columns' aggregate is named after its argument
      resultName: { kind: 'Columns' },
      create: (_a, t) => bitwise(t, op),
    })),
  defineAggregate({
    name: 'buildschema',
    signatures: [{ params: [p('expr', DYNAMIC)], returns: 'dynamic' }],
    doc: 'The minimal schema admitting every property bag in the group.',
    example: 'datatable(d:dynamic)[dynamic({"a":1}), dynamic({"a":"s"})] | summarize buildschema(d)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'schema' },
    create: () => schemaBuilder(),
  }),
];
