// Sketch aggregates and their scalar companions: hll, hll_if, hll_merge, dcount_hll; tdigest, tdigest_merge
// (merge_tdigest), percentile_tdigest, percentiles_array_tdigest, percentrank_tdigest, rank_tdigest; and
// covariance(p)(if). Like dcount here, the sketches are EXACT: an "hll" holds the distinct values and a
// "tdigest" the weighted values, as a tagged dynamic array. So their estimates are the exact counts and
// nearest-rank percentiles (Kusto's own are approximations), and only this engine reads its sketches.
import type { KqlType, Scalar } from '../../types.js';
import { allocVector, getScalar, setScalar, type Vector } from '../../exec/vector.js';
import { compareDynamic } from '../../values/compare.js';
import { convertTo } from '../../values/convert.js';
import { stringifyDynamic } from '../../values/dynamic.js';
import { parseTypeName } from '../../types.js';
import {
  defineAggregate, defineScalar, p, DYNAMIC, INTEGER, NUMBER, SUMMABLE,
  type Accumulator, type AggregateDef, type ArgInfo, type RowFn, type ScalarFunctionDef,
} from '../define.js';
import { toDynamicElement } from './core.js';

const HLL_TAG = 'kql-engine:hll-exact';
const TDIGEST_TAG = 'kql-engine:tdigest-exact';

type DynVector = Vector & { data: unknown[] };

const nullAt = (v: Vector, i: number) =>
  v.type === 'dynamic' ? v.data[i] === null || v.data[i] === undefined : v.nulls !== null && v.nulls[i] === 1;
const passes = (pred: Vector | null, r: number) =>
  pred === null || ((pred.data as Uint8Array)[r] === 1 && !(pred.nulls !== null && pred.nulls[r] === 1));
function forRows(rows: Int32Array | null, count: number, f: (row: number) => void): void {
  if (rows === null) for (let k = 0; k < count; k++) f(k);
  else for (let k = 0; k < count; k++) f(rows[k]!);
}

// ───────────────────────────── hll ─────────────────────────────

/** The distinct elements of an hll sketch, or null when the value is not one. */
export function hllValues(v: unknown): unknown[] | null {
  return Array.isArray(v) && v[0] === HLL_TAG ? v.slice(1) : null;
}

class DistinctSet {
  readonly keys = new Map<string, unknown>();
  add(x: unknown): void {
    const k = stringifyDynamic(x);
    if (!this.keys.has(k)) this.keys.set(k, x);
  }
  sketch(): unknown[] {
    return [HLL_TAG, ...this.keys.values()];
  }
}

/** hll / hll_if (values) and hll_merge (sketches) over rows. */
function hllAccumulator(type: KqlType, predicate: boolean, merge: boolean): Accumulator {
  const sets: (DistinctSet | null)[] = [];
  return {
    resize(n) {
      while (sets.length < n) sets.push(null);
    },
    update(args, groups, rows, count) {
      const x = args[0]!;
      const pred = predicate ? args[1]! : null;
      forRows(rows, count, (r) => {
        if (nullAt(x, r) || !passes(pred, r)) return;
        const g = groups[r]!;
        const v = getScalar(x, r);
        if (merge) {
          const values = hllValues(v);
          if (values === null) return;
          const set = (sets[g] ??= new DistinctSet());
          for (const e of values) set.add(e);
          return;
        }
        (sets[g] ??= new DistinctSet()).add(toDynamicElement(type, v));
      });
    },
    result(nGroups) {
      const out = allocVector('dynamic', nGroups) as DynVector;
      for (let g = 0; g < nGroups; g++) out.data[g] = sets[g]?.sketch() ?? null;
      return [out];
    },
  };
}

/** hll's argument: any scalar but real and bool (the analyzer's NotRealOrBool). */
const HLL_TYPES: KqlType[] = ['int', 'long', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic'];

// ───────────────────────────── tdigest ─────────────────────────────

interface Digest { type: string; items: Map<string, { v: unknown; w: number }> }

/** A tdigest sketch: [tag, type of the values, [value, weight], ...], or null when the value is not one. */
function digestOf(v: unknown): Digest | null {
  if (!Array.isArray(v) || v[0] !== TDIGEST_TAG || typeof v[1] !== 'string') return null;
  const d: Digest = { type: v[1], items: new Map() };
  for (const e of v.slice(2)) {
    if (Array.isArray(e) && typeof e[1] === 'number') addTo(d, e[0], e[1]);
  }
  return d;
}

function addTo(d: Digest, v: unknown, w: number): void {
  const k = stringifyDynamic(v);
  const cur = d.items.get(k);
  if (cur) cur.w += w;
  else d.items.set(k, { v, w });
}

/** The digest's values sorted ascending, with their weights and total weight. */
function sortedOf(d: Digest): { items: { v: unknown; w: number }[]; total: number } {
  const items = [...d.items.values()].sort((a, b) => compareDynamic(numberOf(d.type, a.v), numberOf(d.type, b.v)));
  let total = 0;
  for (const e of items) total += e.w;
  return { items, total };
}

/** A stored element as a number for ordering (timespans are kept as text in dynamic values). */
const numberOf = (type: string, v: unknown): unknown => (type === 'timespan' && typeof v === 'string' ? convertTo('timespan', 'string', v) : v);

const digestSketch = (d: Digest): unknown[] => [TDIGEST_TAG, d.type, ...[...d.items.values()].map((e) => [e.v, e.w])];

function tdigestAccumulator(type: KqlType, weighted: boolean, merge: boolean): Accumulator {
  const digests: (Digest | null)[] = [];
  return {
    resize(n) {
      while (digests.length < n) digests.push(null);
    },
    update(args, groups, rows, count) {
      const x = args[0]!;
      const wv = weighted ? args[1]! : null;
      forRows(rows, count, (r) => {
        if (nullAt(x, r)) return;
        const g = groups[r]!;
        const v = getScalar(x, r);
        if (merge) {
          const other = digestOf(v);
          if (other === null) return;
          const d = (digests[g] ??= { type: other.type, items: new Map() });
          for (const e of other.items.values()) addTo(d, e.v, e.w);
          return;
        }
        let w = 1;
        if (wv !== null) {
          if (nullAt(wv, r)) return;
          w = Number(getScalar(wv, r));
          if (!(w > 0)) return;
        }
        addTo((digests[g] ??= { type, items: new Map() }), toDynamicElement(type, v), w);
      });
    },
    result(nGroups) {
      const out = allocVector('dynamic', nGroups) as DynVector;
      for (let g = 0; g < nGroups; g++) {
        const d = digests[g];
        out.data[g] = d ? digestSketch(d) : null;
      }
      return [out];
    },
  };
}

/** Nearest rank (as percentile does): the smallest value whose cumulative weight reaches ⌈P/100 · W⌉. */
function digestPercentile(d: Digest, pct: number): unknown {
  const { items, total } = sortedOf(d);
  if (items.length === 0 || Number.isNaN(pct)) return null;
  if (pct <= 0) return items[0]!.v;
  if (pct >= 100) return items[items.length - 1]!.v;
  const rank = Math.max(1, Math.ceil((pct * total) / 100 - 1e-9));
  let acc = 0;
  for (const e of items) {
    acc += e.w;
    if (acc >= rank) return e.v;
  }
  return items[items.length - 1]!.v;
}

/** The weight of the digest's values ≤ value. */
function digestRank(d: Digest, value: unknown): { rank: number; total: number } {
  const { items, total } = sortedOf(d);
  const target = numberOf(d.type, value);
  let rank = 0;
  for (const e of items) if (compareDynamic(numberOf(d.type, e.v), target) <= 0) rank += e.w;
  return { rank, total };
}

// ───────────────────────────── covariance ─────────────────────────────

function covarianceAccumulator(predicate: boolean, population: boolean): Accumulator {
  const st: { n: number; mx: number; my: number; c: number }[] = [];
  return {
    resize(n) {
      while (st.length < n) st.push({ n: 0, mx: 0, my: 0, c: 0 });
    },
    update(args, groups, rows, count) {
      const [x, y] = args as [Vector, Vector];
      const pred = predicate ? args[2]! : null;
      forRows(rows, count, (r) => {
        if (nullAt(x, r) || nullAt(y, r) || !passes(pred, r)) return;
        const s = st[groups[r]!]!;
        const a = Number(getScalar(x, r));
        const b = Number(getScalar(y, r));
        s.n += 1;
        const dx = a - s.mx;
        s.mx += dx / s.n;
        s.my += (b - s.my) / s.n;
        s.c += dx * (b - s.my);
      });
    },
    result(nGroups) {
      const out = allocVector('real', nGroups);
      for (let g = 0; g < nGroups; g++) {
        const { n, c } = st[g]!;
        const divisor = population ? n : n - 1;
        // no values: null (summarize-operator.md, "Default values of aggregations": covariance is among "All others")
        setScalar(out, g, n === 0 ? null : divisor <= 0 ? 0 : c / divisor);
      }
      return [out];
    },
  };
}

export const sketchAggregates: AggregateDef[] = [
  defineAggregate({
    name: 'hll',
    signatures: [{ params: [p('expr', HLL_TYPES), p('accuracy', INTEGER, { optional: true, constant: true })], returns: 'dynamic' }],
    doc: 'A distinct-count sketch of the values, for dcount_hll and hll_merge (exact here: it holds the distinct values).',
    example: 'range x from 1 to 10 step 1 | summarize h = hll(x % 3) | project dcount_hll(h)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'hll' },
    create: (args) => hllAccumulator(args[0]!.type, false, false),
  }),
  defineAggregate({
    name: 'hll_if',
    signatures: [{ params: [p('expr', HLL_TYPES), p('predicate', ['bool']), p('accuracy', INTEGER, { optional: true, constant: true })], returns: 'dynamic' }],
    doc: 'hll over the rows for which the predicate is true.',
    example: 'range x from 1 to 10 step 1 | summarize h = hll_if(x, x > 5) | project dcount_hll(h)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'hll_if' },
    create: (args) => hllAccumulator(args[0]!.type, true, false),
  }),
  defineAggregate({
    name: 'hll_merge',
    signatures: [{ params: [p('hll', DYNAMIC)], returns: 'dynamic' }],
    doc: 'Merges the hll sketches of the rows into one.',
    example: 'range x from 1 to 10 step 1 | summarize h = hll(x) by b = x % 2 | summarize m = hll_merge(h) | project dcount_hll(m)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'hll_merge' },
    create: () => hllAccumulator('dynamic', false, true),
  }),
  defineAggregate({
    name: 'tdigest',
    signatures: [{ params: [p('expr', SUMMABLE), p('weight', INTEGER, { optional: true })], returns: 'dynamic' }],
    doc: 'A percentile sketch of the values (optionally weighted), for percentile_tdigest and friends (exact here: it holds the values).',
    example: 'range x from 1 to 100 step 1 | summarize t = tdigest(x) | project percentile_tdigest(t, 50)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'tdigest' },
    create: (args) => tdigestAccumulator(args[0]!.type, args.length > 1, false),
  }),
  defineAggregate({
    name: 'tdigest_merge',
    aliases: ['merge_tdigest'],
    signatures: [{ params: [p('tdigest', DYNAMIC)], returns: 'dynamic' }],
    doc: 'Merges the tdigest sketches of the rows into one.',
    example: 'range x from 1 to 10 step 1 | summarize t = tdigest(x) by b = x % 2 | summarize m = tdigest_merge(t) | project percentile_tdigest(m, 50)',
    resultName: { kind: 'PrefixAndFirstArgument', prefix: 'merge_tdigests' },
    create: () => tdigestAccumulator('dynamic', false, true),
  }),
  ...(['covariance', 'covarianceif', 'covariancep', 'covariancepif'] as const).map((name) => {
    const predicate = name.endsWith('if');
    const population = name.startsWith('covariancep');
    return defineAggregate({
      name,
      signatures: [{
        params: [p('expr1', SUMMABLE), p('expr2', SUMMABLE), ...(predicate ? [p('predicate', ['bool'])] : [])],
        returns: 'real',
      }],
      doc: `${population ? 'Population' : 'Sample'} covariance of two expressions${predicate ? ' over the rows for which the predicate is true' : ''}; null for no rows, 0 for one row.`,
      example: `datatable(x:long, y:long)[1, 2, 2, 4, 3, 6] | summarize ${name}(x, y${predicate ? ', x > 1' : ''})`,
      resultName: { kind: 'PrefixAndFirstArgument' as const, prefix: name },
      create: () => covarianceAccumulator(predicate, population),
    });
  }),
];

// ───────────────────────────── scalar companions ─────────────────────────────

const dcountHll = defineScalar({
  name: 'dcount_hll',
  signatures: [{ params: [p('hll', DYNAMIC)], returns: 'long' }],
  doc: 'The distinct count an hll sketch holds; null when the value is not a sketch.',
  example: 'range x from 1 to 10 step 1 | summarize h = hll(x) | project dcount_hll(h)',
  implement: () => (v) => hllValues(v)?.length ?? null,
});

const hllMerge = defineScalar({
  name: 'hll_merge',
  signatures: [{ params: [p('hll', DYNAMIC, { repeatable: true })], returns: 'dynamic' }],
  doc: 'Merges hll sketches into one (values that are not sketches are skipped).',
  example: 'range x from 1 to 10 step 1 | extend y = x + 10 | summarize hx = hll(x), hy = hll(y) | project dcount_hll(hll_merge(hx, hy))',
  implement: () => {
    const fn: RowFn = (...vs) => {
      const set = new DistinctSet();
      let any = false;
      for (const v of vs) {
        const values = hllValues(v);
        if (values === null) continue;
        any = true;
        for (const e of values) set.add(e);
      }
      return any ? set.sketch() : null;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const tdigestMergeScalar = defineScalar({
  name: 'tdigest_merge',
  aliases: ['merge_tdigest'],
  signatures: [{ params: [p('tdigest', DYNAMIC, { repeatable: true })], returns: 'dynamic' }],
  doc: 'Merges tdigest sketches into one (values that are not sketches are skipped).',
  example: 'range x from 1 to 10 step 1 | extend y = x + 10 | summarize tx = tdigest(x), ty = tdigest(y) | project percentile_tdigest(tdigest_merge(tx, ty), 100, typeof(long))',
  implement: () => {
    const fn: RowFn = (...vs) => {
      let out: Digest | null = null;
      for (const v of vs) {
        const d = digestOf(v);
        if (d === null) continue;
        out ??= { type: d.type, items: new Map() };
        for (const e of d.items.values()) addTo(out, e.v, e.w);
      }
      return out === null ? null : (digestSketch(out) as Scalar);
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

function percentileType(args: ArgInfo[]): KqlType | undefined {
  if (args.length < 3) return 'dynamic';
  const t = args[2]!.constant?.value;
  return typeof t === 'string' ? parseTypeName(t) : undefined;
}

/** A stored element as a value of `type` (dynamic: as it is). */
function elementAs(type: KqlType, d: Digest, v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (type === 'dynamic') return v as Scalar;
  return convertTo(type, d.type === 'timespan' ? 'string' : 'dynamic', v as Scalar);
}

const percentileTdigest = defineScalar({
  name: 'percentile_tdigest',
  signatures: [
    { params: [p('tdigest', DYNAMIC), p('percentile', NUMBER)], returns: 'dynamic' },
    { params: [p('tdigest', DYNAMIC), p('percentile', NUMBER), p('typeLiteral', ['string'], { constant: true })], returns: percentileType },
  ],
  doc: 'The nearest-rank percentile a tdigest sketch holds (dynamic, or the type of typeof(T)); null when the value is not a sketch.',
  example: 'range x from 1 to 100 step 1 | summarize t = tdigest(x) | project a = percentile_tdigest(t, 50), b = percentile_tdigest(t, 90, typeof(long))',
  implement: (_args, resultType) => (t, pct) => {
    const d = digestOf(t);
    return d === null ? null : elementAs(resultType, d, digestPercentile(d, Number(pct)));
  },
});

const percentilesArrayTdigest = defineScalar({
  name: 'percentiles_array_tdigest',
  signatures: [
    { params: [p('tdigest', DYNAMIC), p('percentiles', DYNAMIC)], returns: 'dynamic' },
    { params: [p('tdigest', DYNAMIC), p('percentile', NUMBER, { repeatable: true })], returns: 'dynamic' },
  ],
  doc: 'The nearest-rank percentiles a tdigest sketch holds, as an array (percentiles as arguments or one dynamic array).',
  example: 'range x from 1 to 100 step 1 | summarize t = tdigest(x) | project percentiles_array_tdigest(t, 5, 50, 95)',
  implement: () => {
    const fn: RowFn = (t, ...ps) => {
      const d = digestOf(t);
      if (d === null) return null;
      const list = ps.length === 1 && Array.isArray(ps[0]) ? (ps[0] as unknown[]) : ps;
      return list.map((pc) => digestPercentile(d, Number(pc)) ?? null);
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const rankTdigest = defineScalar({
  name: 'rank_tdigest',
  signatures: [{ params: [p('tdigest', DYNAMIC), p('value', 'any')], returns: 'real' }],
  doc: 'How many values (total weight) in a tdigest sketch are at most the value (typed real, as the analyzer says).',
  example: 'range x from 1 to 1000 step 1 | summarize t_x = tdigest(x) | project rank_of_685 = rank_tdigest(t_x, 685)',
  implement: (args) => {
    const type = args[1]!.type;
    return (t, v) => {
      const d = digestOf(t);
      return d === null ? null : digestRank(d, type === 'timespan' ? v : toDynamicElement(type, v)).rank;
    };
  },
});

const percentrankTdigest = defineScalar({
  name: 'percentrank_tdigest',
  signatures: [{ params: [p('digest', DYNAMIC), p('value', 'any')], returns: 'real' }],
  doc: 'The percentage of the values (by weight) in a tdigest sketch that are at most the value.',
  example: 'range x from 1 to 1000 step 1 | summarize t_x = tdigest(x) | project percentrank_tdigest(t_x, 685)',
  implement: (args) => {
    const type = args[1]!.type;
    return (t, v) => {
      const d = digestOf(t);
      if (d === null) return null;
      const { rank, total } = digestRank(d, type === 'timespan' ? v : toDynamicElement(type, v));
      return total === 0 ? null : (100 * rank) / total;
    };
  },
});

export const sketchScalars: ScalarFunctionDef[] = [
  dcountHll, hllMerge, tdigestMergeScalar, percentileTdigest, percentilesArrayTdigest, rankTdigest, percentrankTdigest,
];
