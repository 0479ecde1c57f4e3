// Activity plugins over windows of a timeline: activity_engagement (inner/outer window distinct counts),
// activity_metrics (each window against the one before) and new_activity_metrics (cohorts of new ids
// against every later window).
import { KqlDataError } from '../errors/diagnostic.js';
import { convertTo } from '../values/convert.js';
import type { Column, KqlType, Scalar } from '../types.js';
import type { PluginDef, PluginTable } from './define.js';
import { cell, tableFromRows } from './table.js';
import {
  binOf, cmpBig, columnsAt, dimArgs, fromPoint, groupByDims, keyOf, point, pointArg, stepArg, timelineHead,
} from './timeline.js';


/** The analysis period: the given Start and End, else the data's first and last points (Start aligned to the step). */
function period(t: PluginTable, timeCol: number, bounds: { start: bigint; end: bigint } | null, step: bigint): { start: bigint; end: bigint } | null {
  if (bounds) return bounds;
  let lo: bigint | null = null;
  let hi: bigint | null = null;
  for (let r = 0; r < t.rowCount; r++) {
    const x = point(cell(t, timeCol, r));
    if (x === null) continue;
    if (lo === null || x < lo) lo = x;
    if (hi === null || x > hi) hi = x;
  }
  return lo === null || hi === null ? null : { start: binOf(lo, 0n, step), end: hi };
}

/** The ids of a group's rows inside [start, end], per window (window start → id keys). */
function idsPerWindow(t: PluginTable, rows: number[], idCol: number, timeCol: number, start: bigint, end: bigint, step: bigint) {
  const windows = new Map<bigint, Set<string>>();
  for (const r of rows) {
    const x = point(cell(t, timeCol, r));
    if (x === null || x < start || x > end) continue;
    const b = binOf(x, start, step);
    let s = windows.get(b);
    if (!s) windows.set(b, (s = new Set()));
    s.add(keyOf(cell(t, idCol, r)));
  }
  return windows;
}

const ratio = (x: number, y: number) => x / y; // 0/0 is NaN, as activity_metrics-plugin.md shows for the first window

export const activityEngagement: PluginDef = {
  name: 'activity_engagement',
  doc: 'per inner window: distinct ids in it, distinct ids in the outer window that ends with it, and their ratio (DAU/WAU, DAU/MAU)',
  syntax: 'T | evaluate activity_engagement(IdColumn, TimelineColumn, [Start, End,] InnerActivityWindow, OuterActivityWindow [, dim1, dim2, ...])',
  bind(a) {
    const { idCol, timeCol, timeType, bounds, next } = timelineHead(a, 4);
    const inner = stepArg(a, next, 'InnerActivityWindow', timeType);
    const outer = stepArg(a, next + 1, 'OuterActivityWindow', timeType);
    const dims = dimArgs(a, next + 2);
    const schema: Column[] = [
      { ...a.input[timeCol]! }, ...columnsAt(a.input, dims),
      { name: 'dcount_activities_inner', type: 'long' }, { name: 'dcount_activities_outer', type: 'long' }, { name: 'activity_ratio', type: 'real' },
    ];
    return {
      schema,
      run(t) {
        const out: Scalar[][] = [];
        const p = period(t, timeCol, bounds, inner);
        if (p === null) return tableFromRows(schema, out);
        const { start, end } = p;
        for (const g of groupByDims(t, dims)) {
          const points: { x: bigint; id: string }[] = [];
          for (const r of g.rows) {
            const x = point(cell(t, timeCol, r));
            if (x !== null && x >= start && x <= end) points.push({ x, id: keyOf(cell(t, idCol, r)) });
          }
          const bins = [...new Set(points.map((p) => binOf(p.x, start, inner)))].sort(cmpBig);
          for (const b of bins) {
            const hi = b + inner;
            const lo = hi - outer;
            const ins = new Set<string>();
            const outs = new Set<string>();
            for (const p of points) {
              if (p.x >= b && p.x < hi) ins.add(p.id);
              if (p.x >= lo && p.x < hi) outs.add(p.id);
            }
            out.push([fromPoint(timeType, b), ...g.dims, ins.size, outs.size, ratio(ins.size, outs.size)]);
          }
        }
        return tableFromRows(schema, out);
      },
    };
  },
};

export const activityMetrics: PluginDef = {
  name: 'activity_metrics',
  doc: 'per window: distinct ids, ids not seen in the previous window, and the retention and churn rates against it',
  syntax: 'T | evaluate activity_metrics(IdColumn, TimelineColumn, [Start, End,] Window [, dim1, dim2, ...])',
  bind(a) {
    const { idCol, timeCol, timeType, bounds, next } = timelineHead(a, 3);
    const window = stepArg(a, next, 'Window', timeType);
    const dims = dimArgs(a, next + 1);
    const schema: Column[] = [
      { ...a.input[timeCol]! }, ...columnsAt(a.input, dims),
      { name: 'dcount_values', type: 'long' }, { name: 'dcount_newvalues', type: 'long' },
      { name: 'retention_rate', type: 'real' }, { name: 'churn_rate', type: 'real' },
    ];
    return {
      schema,
      run(t) {
        const out: Scalar[][] = [];
        const p = period(t, timeCol, bounds, window);
        if (p === null) return tableFromRows(schema, out);
        const { start, end } = p;
        for (const g of groupByDims(t, dims)) {
          const windows = idsPerWindow(t, g.rows, idCol, timeCol, start, end, window);
          for (const b of [...windows.keys()].sort(cmpBig)) {
            const now = windows.get(b)!;
            const prev = windows.get(b - window) ?? new Set<string>();
            let returned = 0;
            for (const id of now) if (prev.has(id)) returned++;
            // retention = returned / customers at the start; churn = (customers at the start - returned) / them
            out.push([fromPoint(timeType, b), ...g.dims, now.size, now.size - returned, ratio(returned, prev.size), ratio(prev.size - returned, prev.size)]);
          }
        }
        return tableFromRows(schema, out);
      },
    };
  },
};

export const newActivityMetrics: PluginDef = {
  name: 'new_activity_metrics',
  doc: 'for each cohort of ids first seen in a window, against each later window: new, retained and churned ids and the rates',
  syntax: 'T | evaluate new_activity_metrics(IdColumn, TimelineColumn, Start, End, Window [, Cohort] [, dim1, dim2, ...] [, Lookback])',
  bind(a) {
    const { idCol, timeCol, timeType, bounds } = timelineHead(a);
    const { start, end } = bounds!;
    const window = stepArg(a, 4, 'Window', timeType);
    const isColumn = (i: number) => {
      const e = a.raw(i);
      return e?.kind === 'NameRef' && a.input.some((c) => c.name === (e as { name: string }).name);
    };
    let next = 5;
    let cohort: bigint | null = null;
    if (a.has(5) && !isColumn(5) && !a.isTable(5)) {
      cohort = pointArg(a, 5, 'Cohort', timeType);
      if (cohort !== null) cohort = binOf(cohort, start, window);
      next = 6;
    }
    let last = a.positional;
    let lookback: { index: number; idCol: number } | null = null;
    if (last > next && a.isTable(last - 1)) {
      const lt = a.table(last - 1, 'the lookback table');
      const idName = a.input[idCol]!.name;
      const j = lt.schema.findIndex((c) => c.name === idName);
      if (j < 0) a.fail(`the lookback table must have the id column '${idName}'`, a.spanOf(last - 1));
      lookback = { index: lt.index, idCol: j };
      last--;
    }
    const dims = dimArgs(a, next, last);
    const from: Column = { name: `from_${a.input[timeCol]!.name}`, type: timeType };
    const to: Column = { name: `to_${a.input[timeCol]!.name}`, type: timeType };
    const schema: Column[] = [
      from, to, ...columnsAt(a.input, dims),
      { name: 'dcount_new_values', type: 'long' }, { name: 'dcount_retained_values', type: 'long' }, { name: 'dcount_churn_values', type: 'long' },
      { name: 'retention_rate', type: 'real' }, { name: 'churn_rate', type: 'real' },
    ];
    const idType: KqlType = a.input[idCol]!.type;
    return {
      schema,
      run(t, tables) {
        const before = new Set<string>();
        if (lookback) {
          const lt = tables[lookback.index]!;
          for (let r = 0; r < lt.rowCount; r++) before.add(keyOf(convertTo(idType, lt.schema[lookback.idCol]!.type, cell(lt, lookback.idCol, r))));
        }
        if (end >= start && (end - start) / window > 10_000n) throw new KqlDataError('new_activity_metrics: more than 10000 windows between Start and End');
        const bins: bigint[] = [];
        for (let b = start; b <= end; b += window) bins.push(b);
        const out: Scalar[][] = [];
        for (const g of groupByDims(t, dims)) {
          const windows = idsPerWindow(t, g.rows, idCol, timeCol, start, end, window);
          const at = (b: bigint) => windows.get(b) ?? new Set<string>();
          // seen[i]: ids seen before window i (the lookback set included)
          const seen: Set<string>[] = [];
          let acc = new Set(before);
          for (const b of bins) { seen.push(acc); acc = new Set([...acc, ...at(b)]); }
          bins.forEach((fb, fi) => {
            if (cohort !== null && fb !== cohort) return;
            const newIds = [...at(fb)].filter((id) => !seen[fi]!.has(id));
            const seenThrough = fi + 1 < bins.length ? seen[fi + 1]! : acc;
            for (let ti = fi; ti < bins.length; ti++) {
              const w = at(bins[ti]!);
              const fresh = ti === fi ? newIds.length : [...w].filter((id) => !seenThrough.has(id)).length;
              const retained = newIds.filter((id) => w.has(id)).length;
              const churned = newIds.length - retained;
              out.push([fromPoint(timeType, fb), fromPoint(timeType, bins[ti]!), ...g.dims, fresh, retained, churned,
                ratio(retained, newIds.length), ratio(churned, newIds.length)]);
            }
          });
        }
        return tableFromRows(schema, out);
      },
    };
  },
};
