// Pattern-mining plugins: basket (frequent patterns, Apriori), autocluster (a few patterns that summarize
// the data, by local search from seeds) and diffpatterns (patterns whose share differs most between two
// sets). A pattern fixes some columns to one value each; the other columns hold a wildcard (null, or the
// empty string for string columns, or a CustomWildcard given for the column's type).
//
// Kusto's implementations are heuristic (sampling, random seeds) and unpublished in detail; these follow the
// documented definitions (basket-plugin.md, autocluster-plugin.md, diffpatterns-plugin.md) and state their
// own choices where the pages leave them open:
// - basket returns the closed frequent patterns (no pattern with one more column has the same count), the
//   set the page's example shows; SegmentIds follow Count (descending).
// - autocluster scores a pattern by the weighted geometric mean the page names: coverage^SizeWeight ×
//   (fixed columns / columns)^(1-SizeWeight); seeds are the most frequent whole rows (not random), each
//   generalized while the score improves, and overlapping results are dropped.
// - diffpatterns ranks candidate patterns by |PercentA - PercentB| and keeps the best of every chain of
//   patterns that contain one another.
// Percent is rounded to one decimal (basket, autocluster) and two (diffpatterns), as the pages' tables show.
import { KqlDataError } from '../errors/diagnostic.js';
import { toStringValue } from '../values/convert.js';
import type { Column, KqlType, Scalar } from '../types.js';
import { KQL_TYPES } from '../types.js';
import type { PluginArgs, PluginDef, PluginTable } from './define.js';
import { cell, tableFromRows } from './table.js';
import { keyOf } from './timeline.js';

const NUMERIC: KqlType[] = ['int', 'long', 'real', 'decimal'];
/** Patterns (itemsets) counted beyond this many are refused: lower the threshold's reach or MaxDimensions. */
const MAX_PATTERNS = 200_000;

/** Whether positional argument i is the tilde string, "use the default". */
function isDefault(a: PluginArgs, i: number): boolean {
  const e = a.raw(i);
  return e === undefined || (e.kind === 'Literal' && (e as { value: unknown }).value === '~');
}

function numberArg(a: PluginArgs, i: number, what: string, fallback: number, check: (x: number) => boolean, rule: string): number {
  if (isDefault(a, i)) return fallback;
  const c = a.constant(i, what, ['real', 'long']);
  const x = Number(c?.value);
  if (c === null || c.value === null || !check(x)) a.fail(`${what} must be ${rule}`, a.spanOf(i));
  return x;
}

function weightArg(a: PluginArgs, i: number): number | null {
  if (isDefault(a, i)) return null;
  return a.column(i, 'WeightColumn', NUMERIC);
}

/** CustomWildcard arguments from position `from` on: the wildcard value per type. */
function wildcardArgs(a: PluginArgs, from: number): Map<KqlType, Scalar> {
  const out = new Map<KqlType, Scalar>();
  for (let i = from; i < a.positional; i++) {
    if (isDefault(a, i)) continue;
    const c = a.constant(i, 'a CustomWildcard', KQL_TYPES);
    if (c) out.set(c.type, c.value);
  }
  return out;
}

const wildcardFor = (type: KqlType, custom: Map<KqlType, Scalar>): Scalar => (custom.has(type) ? custom.get(type)! : type === 'string' ? '' : null);

const round = (x: number, digits: number) => { const f = 10 ** digits; return Math.round(x * f) / f; };

/** The rows as items: one item per (column, value); null values (and empty strings) are no item. */
interface Items {
  /** per item: its column and value */
  column: number[];
  value: Scalar[];
  /** per item: the rows holding it, ascending */
  rows: Int32Array[];
}

function itemsOf(t: PluginTable, dims: number[], rows: number[]): Items {
  const ids = new Map<string, number>();
  const column: number[] = [];
  const value: Scalar[] = [];
  const lists: number[][] = [];
  for (const r of rows) {
    for (const c of dims) {
      const v = cell(t, c, r);
      if (v === null || v === undefined || v === '') continue;
      const k = `${c}\u0001${keyOf(v)}`;
      let id = ids.get(k);
      if (id === undefined) { ids.set(k, (id = column.length)); column.push(c); value.push(v); lists.push([]); }
      lists[id]!.push(r);
    }
  }
  return { column, value, rows: lists.map((l) => Int32Array.from(l)) };
}

function intersect(x: Int32Array, y: Int32Array): Int32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else { out.push(x[i]!); i++; j++; }
  }
  return Int32Array.from(out);
}

interface Pattern { items: number[]; rows: Int32Array }

/**
 * Every pattern (set of items of distinct columns, up to maxDims of them) that `frequent` accepts, level by
 * level (Apriori: a pattern is only tried when its sub-patterns are frequent).
 */
function minePatterns(items: Items, maxDims: number, frequent: (rows: Int32Array) => boolean, plugin: string): Pattern[][] {
  const levels: Pattern[][] = [];
  let level: Pattern[] = [];
  items.rows.forEach((rows, id) => { if (frequent(rows)) level.push({ items: [id], rows }); });
  let total = level.length;
  while (level.length > 0) {
    levels.push(level);
    if (levels.length >= maxDims) break;
    const known = new Set(level.map((p) => p.items.join(',')));
    const next: Pattern[] = [];
    for (let x = 0; x < level.length; x++) {
      for (let y = x + 1; y < level.length; y++) {
        const p = level[x]!;
        const q = level[y]!;
        const k = p.items.length;
        let samePrefix = true;
        for (let i = 0; i < k - 1 && samePrefix; i++) samePrefix = p.items[i] === q.items[i];
        if (!samePrefix) continue;
        const a = p.items[k - 1]!;
        const b = q.items[k - 1]!;
        if (p.items.some((i) => items.column[i] === items.column[b])) continue;
        const cand = a < b ? [...p.items, b] : [...p.items.slice(0, k - 1), b, a];
        // every sub-pattern one item smaller must be frequent
        let ok = true;
        for (let drop = 0; drop < cand.length && ok; drop++) {
          const sub = cand.filter((_, i) => i !== drop);
          ok = known.has(sub.join(','));
        }
        if (!ok) continue;
        const rows = intersect(p.rows, q.rows);
        if (!frequent(rows)) continue;
        next.push({ items: cand, rows });
        if (++total > MAX_PATTERNS) throw new KqlDataError(`${plugin}: more than ${MAX_PATTERNS} candidate patterns; raise the threshold or lower MaxDimensions`);
      }
    }
    level = next;
  }
  return levels;
}

/** The output row of a pattern: its columns' values, wildcards elsewhere. */
function patternCells(input: Column[], items: Items, pattern: number[], wildcards: Map<KqlType, Scalar>): Scalar[] {
  const cells = input.map((c) => wildcardFor(c.type, wildcards));
  for (const i of pattern) cells[items.column[i]!] = items.value[i]!;
  return cells;
}

function weightsOf(t: PluginTable, weightCol: number | null): Float64Array {
  const w = new Float64Array(t.rowCount);
  for (let r = 0; r < t.rowCount; r++) {
    if (weightCol === null) { w[r] = 1; continue; }
    const v = cell(t, weightCol, r);
    const x = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0;
    w[r] = Number.isFinite(x) && x > 0 ? x : 0;
  }
  return w;
}
const sumOf = (w: Float64Array, rows: Int32Array | number[]) => { let s = 0; for (const r of rows) s += w[r]!; return s; };

const patternSchema = (input: Column[], head: Column[]): Column[] => [...head, ...input.map((c) => ({ ...c }))];

// ───────────────────────────── basket ─────────────────────────────

export const basket: PluginDef = {
  name: 'basket',
  doc: 'the closed frequent patterns of column values (Apriori) whose share of the rows reaches Threshold',
  syntax: "T | evaluate basket([Threshold, WeightColumn, MaxDimensions, CustomWildcard, ...])   (use '~' for a default)",
  bind(a) {
    const threshold = numberArg(a, 0, 'Threshold', 0.05, (x) => x >= 0.015 && x <= 1, 'a number from 0.015 to 1');
    const weightCol = weightArg(a, 1);
    const maxDims = numberArg(a, 2, 'MaxDimensions', 5, (x) => Number.isInteger(x) && x >= 1, 'a whole number of 1 or more');
    const wildcards = wildcardArgs(a, 3);
    const input = a.input;
    const dims = input.map((_, i) => i).filter((i) => i !== weightCol);
    const schema = patternSchema(input, [{ name: 'SegmentId', type: 'long' }, { name: 'Count', type: 'long' }, { name: 'Percent', type: 'real' }]);
    return {
      schema,
      run(t) {
        const w = weightsOf(t, weightCol);
        const all = Array.from({ length: t.rowCount }, (_, r) => r);
        const total = sumOf(w, all);
        if (total <= 0) return tableFromRows(schema, []);
        const items = itemsOf(t, dims, all);
        const min = threshold * total;
        const levels = minePatterns(items, maxDims, (rows) => sumOf(w, rows) >= min, 'basket');
        // closed: no frequent pattern with one more item has the same count
        const found: { items: number[]; count: number }[] = [];
        levels.forEach((level, k) => {
          const bigger = levels[k + 1] ?? [];
          const supersetCounts = new Map<string, number[]>();
          for (const p of bigger) {
            const c = sumOf(w, p.rows);
            for (let drop = 0; drop < p.items.length; drop++) {
              const key = p.items.filter((_, i) => i !== drop).join(',');
              let l = supersetCounts.get(key);
              if (!l) supersetCounts.set(key, (l = []));
              l.push(c);
            }
          }
          for (const p of level) {
            const c = sumOf(w, p.rows);
            if ((supersetCounts.get(p.items.join(',')) ?? []).some((x) => x === c)) continue;
            found.push({ items: p.items, count: c });
          }
        });
        found.sort((x, y) => y.count - x.count || x.items.length - y.items.length);
        return tableFromRows(schema, found.map((f, id) => [
          id, Math.round(f.count), round((100 * f.count) / total, 1), ...patternCells(input, items, f.items, wildcards),
        ]));
      },
    };
  },
};

// ───────────────────────────── autocluster ─────────────────────────────

export const autocluster: PluginDef = {
  name: 'autocluster',
  doc: 'a few patterns of column values that summarize the rows (seed-and-generalize search scored by coverage and specificity)',
  syntax: "T | evaluate autocluster([SizeWeight, WeightColumn, NumSeeds, CustomWildcard, ...])   (use '~' for a default)",
  bind(a) {
    const sizeWeight = numberArg(a, 0, 'SizeWeight', 0.5, (x) => x > 0 && x < 1, 'a number between 0 and 1');
    const weightCol = weightArg(a, 1);
    const numSeeds = numberArg(a, 2, 'NumSeeds', 25, (x) => Number.isInteger(x) && x >= 1, 'a whole number of 1 or more');
    const wildcards = wildcardArgs(a, 3);
    const input = a.input;
    const dims = input.map((_, i) => i).filter((i) => i !== weightCol);
    const schema = patternSchema(input, [{ name: 'SegmentId', type: 'long' }, { name: 'Count', type: 'long' }, { name: 'Percent', type: 'real' }]);
    return {
      schema,
      run(t) {
        const w = weightsOf(t, weightCol);
        const all = Array.from({ length: t.rowCount }, (_, r) => r);
        const total = sumOf(w, all);
        if (total <= 0 || dims.length === 0) return tableFromRows(schema, []);
        const items = itemsOf(t, dims, all);
        // each row's items, and the seeds: the heaviest distinct whole rows
        const rowItems: number[][] = all.map(() => []);
        items.rows.forEach((rows, id) => { for (const r of rows) rowItems[r]!.push(id); });
        const distinct = new Map<string, { items: number[]; weight: number; first: number }>();
        for (const r of all) {
          const k = rowItems[r]!.join(',');
          const d = distinct.get(k);
          if (d) d.weight += w[r]!;
          else distinct.set(k, { items: rowItems[r]!, weight: w[r]!, first: r });
        }
        const seeds = [...distinct.values()].filter((d) => d.items.length > 0)
          .sort((x, y) => y.weight - x.weight || x.first - y.first).slice(0, numSeeds);
        const rowsOf = (p: number[]): Int32Array => p.slice(1).reduce((acc, i) => intersect(acc, items.rows[i]!), items.rows[p[0]!]!);
        const score = (p: number[], rows: Int32Array) => ((sumOf(w, rows) / total) ** sizeWeight) * ((p.length / dims.length) ** (1 - sizeWeight));
        const optima = new Map<string, { items: number[]; rows: Int32Array; score: number }>();
        for (const seed of seeds) {
          let cur = seed.items;
          let curRows = rowsOf(cur);
          let curScore = score(cur, curRows);
          for (;;) {
            let best: { items: number[]; rows: Int32Array; score: number } | null = null;
            for (let drop = 0; drop < cur.length && cur.length > 1; drop++) {
              const p = cur.filter((_, i) => i !== drop);
              const rows = rowsOf(p);
              const s = score(p, rows);
              if (s > curScore && (best === null || s > best.score)) best = { items: p, rows, score: s };
            }
            if (!best) break;
            ({ items: cur, rows: curRows, score: curScore } = best);
          }
          optima.set(cur.join(','), { items: cur, rows: curRows, score: curScore });
        }
        // the best patterns first; drop one that contains or is contained by a kept one, or shares most rows with them
        const kept: { items: number[]; rows: Int32Array }[] = [];
        const related = (p: number[], q: number[]) => p.every((i) => q.includes(i)) || q.every((i) => p.includes(i));
        for (const o of [...optima.values()].sort((x, y) => y.score - x.score)) {
          if (kept.some((k) => related(k.items, o.items))) continue;
          const covered = new Set<number>();
          for (const k of kept) for (const r of intersect(k.rows, o.rows)) covered.add(r);
          if (sumOf(w, [...covered]) > sumOf(w, o.rows) / 2) continue;
          kept.push(o);
        }
        return tableFromRows(schema, kept.map((k, id) => {
          const count = sumOf(w, k.rows);
          return [id, Math.round(count), round((100 * count) / total, 1), ...patternCells(input, items, k.items, wildcards)];
        }));
      },
    };
  },
};

// ───────────────────────────── diffpatterns ─────────────────────────────

export const diffpatterns: PluginDef = {
  name: 'diffpatterns',
  doc: 'patterns of column values whose share of rows differs most between the rows of SplitValueA and of SplitValueB',
  syntax: "T | evaluate diffpatterns(SplitColumn, SplitValueA, SplitValueB [, WeightColumn, Threshold, MaxDimensions, CustomWildcard, ...])",
  bind(a) {
    const split = a.column(0, 'SplitColumn');
    const valueA = a.constant(1, 'SplitValueA', 'string');
    const valueB = a.constant(2, 'SplitValueB', 'string');
    if (valueA === null || valueB === null) a.fail('SplitValueA and SplitValueB are required');
    const weightCol = weightArg(a, 3);
    const threshold = numberArg(a, 4, 'Threshold', 0.05, (x) => x >= 0.015 && x <= 1, 'a number from 0.015 to 1');
    const maxDims = numberArg(a, 5, 'MaxDimensions', Infinity, (x) => Number.isInteger(x) && x >= 1, 'a whole number of 1 or more');
    const wildcards = wildcardArgs(a, 6);
    const input = a.input;
    const splitType = input[split]!.type;
    const dims = input.map((_, i) => i).filter((i) => i !== weightCol && i !== split);
    const schema = patternSchema(input, [
      { name: 'SegmentId', type: 'long' }, { name: 'CountA', type: 'long' }, { name: 'CountB', type: 'long' },
      { name: 'PercentA', type: 'real' }, { name: 'PercentB', type: 'real' }, { name: 'PercentDiffAB', type: 'real' },
    ]);
    return {
      schema,
      run(t) {
        const w = weightsOf(t, weightCol);
        const side = new Int8Array(t.rowCount); // 1: A, 2: B
        const rows: number[] = [];
        for (let r = 0; r < t.rowCount; r++) {
          const v = toStringValue(splitType, cell(t, split, r));
          side[r] = v === valueA!.value ? 1 : v === valueB!.value ? 2 : 0;
          if (side[r]) rows.push(r);
        }
        let totalA = 0;
        let totalB = 0;
        for (const r of rows) { if (side[r] === 1) totalA += w[r]!; else totalB += w[r]!; }
        if (totalA <= 0 || totalB <= 0) return tableFromRows(schema, []);
        const counts = (rs: Int32Array) => { let x = 0; let y = 0; for (const r of rs) { if (side[r] === 1) x += w[r]!; else y += w[r]!; } return [x, y] as const; };
        const items = itemsOf(t, dims, rows);
        const levels = minePatterns(items, maxDims, (rs) => { const [x, y] = counts(rs); return x / totalA >= threshold || y / totalB >= threshold; }, 'diffpatterns');
        const candidates: { items: number[]; a: number; b: number; diff: number }[] = [];
        for (const level of levels) {
          for (const p of level) {
            const [x, y] = counts(p.rows);
            const diff = Math.abs((100 * x) / totalA - (100 * y) / totalB);
            if (diff >= threshold * 100) candidates.push({ items: p.items, a: x, b: y, diff });
          }
        }
        candidates.sort((p, q) => q.diff - p.diff || p.items.length - q.items.length || (q.a + q.b) - (p.a + p.b));
        const kept: typeof candidates = [];
        const related = (p: number[], q: number[]) => p.every((i) => q.includes(i)) || q.every((i) => p.includes(i));
        for (const c of candidates) if (!kept.some((k) => related(k.items, c.items))) kept.push(c);
        return tableFromRows(schema, kept.map((k, id) => [
          id, Math.round(k.a), Math.round(k.b), round((100 * k.a) / totalA, 2), round((100 * k.b) / totalB, 2), round(k.diff, 2),
          ...patternCells(input, items, k.items, wildcards),
        ]));
      },
    };
  },
};
