// Plugins over a timeline: rolling_percentile, active_users_count, activity_counts_metrics,
// sliding_window_counts, and rows_near (rows around the ones that match a condition).
import type { Column, KqlType, Scalar } from '../types.js';
import type { PluginArgs, PluginDef, PluginTable } from './define.js';
import { cell, selectRows, tableFromRows } from './table.js';

const TIMELINE: KqlType[] = ['datetime', 'long', 'int', 'real', 'timespan'];

/** Timeline values as exact integers (datetime ticks, timespan ticks, numbers); null stays null. */
function toPoint(type: KqlType, v: Scalar): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.floor(v));
  return null;
}
function fromPoint(type: KqlType, p: bigint): Scalar {
  return type === 'datetime' ? p : Number(p);
}
/** a step/window argument (timespan ticks or a number) as an exact positive integer */
function stepOf(a: PluginArgs, i: number, what: string, timeline: KqlType): bigint {
  const c = a.constant(i, what, timeline === 'datetime' || timeline === 'timespan' ? 'timespan' : ['long', 'real']);
  const v = c?.value;
  if (typeof v !== 'number' || !(v > 0)) a.fail(`${what} must be a positive constant`, a.spanOf(i));
  return BigInt(Math.round(v as number));
}
function pointArg(a: PluginArgs, i: number, what: string, timeline: KqlType): bigint | null {
  const c = a.constant(i, what, timeline === 'int' ? 'long' : timeline);
  return c === null ? null : toPoint(c.type, c.value);
}
const floorDiv = (x: bigint, s: bigint) => { const q = x / s; return q * s > x ? q - 1n : q; };
const bin = (x: bigint, s: bigint) => floorDiv(x, s) * s;

/** dimension columns: positional arguments from `from` on */
function dims(a: PluginArgs, from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < a.positional; i++) out.push(a.column(i, 'a dimension column'));
  return out;
}
const keyOf = (t: PluginTable, cols: number[], r: number) => JSON.stringify(cols.map((c) => { const v = cell(t, c, r); return typeof v === 'bigint' ? `${v}n` : v; }));

/** rows grouped by dimension values, in first-appearance order */
function byDims(t: PluginTable, dimCols: number[]): { dims: Scalar[]; rows: number[] }[] {
  const groups = new Map<string, { dims: Scalar[]; rows: number[] }>();
  for (let r = 0; r < t.rowCount; r++) {
    const k = keyOf(t, dimCols, r);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { dims: dimCols.map((c) => cell(t, c, r)), rows: [] }));
    g.rows.push(r);
  }
  return [...groups.values()];
}

export const rollingPercentile: PluginDef = {
  name: 'rolling_percentile',
  doc: 'the nearest-rank percentile of a value over a sliding window of bins, per bin (and dimensions)',
  syntax: 'T | evaluate rolling_percentile(ValueColumn, Percentile, IndexColumn, BinSize, BinsToLookBack [, dim1, dim2, ...])',
  bind(a) {
    const valueCol = a.column(0, 'the value column', ['long', 'int', 'real', 'decimal', 'datetime', 'timespan']);
    const pct = a.constant(1, 'the percentile', ['real', 'long']);
    const p = Number(pct?.value);
    if (!(p >= 0 && p <= 100)) a.fail('the percentile must be a constant between 0 and 100', a.spanOf(1));
    const indexCol = a.column(2, 'the index column', TIMELINE);
    const indexType = a.input[indexCol]!.type;
    const size = stepOf(a, 3, 'the bin size', indexType);
    const back = a.constant(4, 'the number of bins to look back', 'long');
    const n = Number(back?.value);
    if (!(n >= 1) || !Number.isInteger(n)) a.fail('the number of bins to look back must be a positive whole number', a.spanOf(4));
    const dimCols = dims(a, 5);
    const valueType = a.input[valueCol]!.type;
    const pctText = Number.isInteger(p) ? String(p) : String(p).replace('.', '_');
    const schema: Column[] = [
      { ...a.input[indexCol]! }, ...dimCols.map((c) => ({ ...a.input[c]! })),
      { name: `rolling_${n}_percentile_${a.input[valueCol]!.name}_${pctText}`, type: valueType },
    ];
    return {
      schema,
      run(t) {
        const out: Scalar[][] = [];
        for (const g of byDims(t, dimCols)) {
          const perBin = new Map<bigint, number[]>();
          for (const r of g.rows) {
            const x = toPoint(indexType, cell(t, indexCol, r));
            const v = cell(t, valueCol, r);
            if (x === null || v === null) continue;
            const b = bin(x, size);
            let list = perBin.get(b);
            if (!list) perBin.set(b, (list = []));
            list.push(typeof v === 'bigint' ? Number(v) : (v as number));
          }
          const bins = [...perBin.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
          for (const b of bins) {
            const values: number[] = [];
            for (let k = 0; k < n; k++) values.push(...(perBin.get(b - BigInt(k) * size) ?? []));
            values.sort((x, y) => x - y);
            const rank = Math.max(1, Math.ceil((p / 100) * values.length));
            const v = values[rank - 1]!;
            out.push([fromPoint(indexType, b), ...g.dims, valueType === 'datetime' ? BigInt(v) : v]);
          }
        }
        return tableFromRows(schema, out);
      },
    };
  },
};

export const rowsNear: PluginDef = {
  name: 'rows_near',
  doc: 'the rows that match a condition, with the given number of rows before and after each',
  syntax: 'T | evaluate rows_near(Condition, NumRows [, RowsAfter])',
  bind(a) {
    const cond = a.expr(0, 'the condition', ['bool']);
    const before = Number(a.constant(1, 'the number of rows', 'long')?.value);
    if (!(before >= 0)) a.fail('the number of rows must be a constant of 0 or more', a.spanOf(1));
    const afterArg = a.has(2) ? Number(a.constant(2, 'the number of rows after', 'long')?.value) : before;
    if (!(afterArg >= 0)) a.fail('the number of rows after must be a constant of 0 or more', a.spanOf(2));
    const width = a.input.length;
    return {
      schema: a.input.map((c) => ({ ...c })),
      run(t) {
        const keep = new Uint8Array(t.rowCount);
        for (let r = 0; r < t.rowCount; r++) {
          if (cell(t, cond.index, r) !== true) continue;
          for (let k = Math.max(0, r - before); k <= Math.min(t.rowCount - 1, r + afterArg); k++) keep[k] = 1;
        }
        const rows: number[] = [];
        keep.forEach((x, r) => { if (x) rows.push(r); });
        return selectRows(t, width, rows);
      },
    };
  },
};

/** The common arguments of the activity plugins: id, timeline, start, end. */
function activityArgs(a: PluginArgs) {
  const idCol = a.column(0, 'the id column');
  const timeCol = a.column(1, 'the timeline column', TIMELINE);
  const timeType = a.input[timeCol]!.type;
  const start = pointArg(a, 2, 'the start', timeType);
  const end = pointArg(a, 3, 'the end', timeType);
  if (start === null || end === null) a.fail('start and end must be constants', a.span);
  return { idCol, timeCol, timeType, start: start!, end: end! };
}

export const activeUsersCount: PluginDef = {
  name: 'active_users_count',
  doc: 'per bin, the distinct ids seen in at least ActivePeriods distinct periods within the lookback window',
  syntax: 'T | evaluate active_users_count(IdColumn, TimelineColumn, Start, End, LookbackWindow, Period, ActivePeriodsCount, Bin [, dim1, ...])',
  bind(a) {
    const { idCol, timeCol, timeType, start, end } = activityArgs(a);
    const lookback = stepOf(a, 4, 'the lookback window', timeType);
    const period = stepOf(a, 5, 'the period', timeType);
    const active = Number(a.constant(6, 'the active periods count', 'long')?.value);
    if (!(active >= 1)) a.fail('the active periods count must be a positive constant', a.spanOf(6));
    const step = stepOf(a, 7, 'the bin', timeType);
    const dimCols = dims(a, 8);
    const schema: Column[] = [{ ...a.input[timeCol]! }, ...dimCols.map((c) => ({ ...a.input[c]! })), { name: 'dcount', type: 'long' }];
    return {
      schema,
      run(t) {
        const out: Scalar[][] = [];
        for (const g of byDims(t, dimCols)) {
          // each id's appearances, then: an appearance in [start, end] is active when the id was seen in
          // at least `active` distinct periods within (appearance - lookback, appearance]
          const seen = new Map<string, bigint[]>();
          for (const r of g.rows) {
            const x = toPoint(timeType, cell(t, timeCol, r));
            if (x === null) continue;
            const id = JSON.stringify(cell(t, idCol, r));
            let l = seen.get(id);
            if (!l) seen.set(id, (l = []));
            l.push(x);
          }
          const perBin = new Map<bigint, Set<string>>();
          for (const [id, times] of seen) {
            for (const x of times) {
              if (x < start || x > end) continue;
              const periods = new Set<bigint>();
              for (const y of times) if (y > x - lookback && y <= x) periods.add(floorDiv(y, period));
              if (periods.size < active) continue;
              const b = start + floorDiv(x - start, step) * step;
              let s = perBin.get(b);
              if (!s) perBin.set(b, (s = new Set()));
              s.add(id);
            }
          }
          for (const b of [...perBin.keys()].sort((x, y) => (x < y ? -1 : 1))) out.push([fromPoint(timeType, b), ...g.dims, perBin.get(b)!.size]);
        }
        return tableFromRows(schema, out);
      },
    };
  },
};

export const activityCountsMetrics: PluginDef = {
  name: 'activity_counts_metrics',
  doc: 'per window: rows, distinct ids, ids new in the window, and distinct ids since the start',
  syntax: 'T | evaluate activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Step [, dim1, ...])',
  bind(a) {
    const { idCol, timeCol, timeType, start, end } = activityArgs(a);
    const step = stepOf(a, 4, 'the step', timeType);
    const dimCols = dims(a, 5);
    const schema: Column[] = [
      { ...a.input[timeCol]! }, ...dimCols.map((c) => ({ ...a.input[c]! })),
      { name: 'count', type: 'long' }, { name: 'dcount', type: 'long' }, { name: 'new_dcount', type: 'long' }, { name: 'aggregated_dcount', type: 'long' },
    ];
    return {
      schema,
      run(t) {
        const out: Scalar[][] = [];
        for (const g of byDims(t, dimCols)) {
          const windows = new Map<bigint, { count: number; ids: Set<string> }>();
          for (const r of g.rows) {
            const x = toPoint(timeType, cell(t, timeCol, r));
            if (x === null || x < start || x > end) continue;
            const b = start + floorDiv(x - start, step) * step;
            let w = windows.get(b);
            if (!w) windows.set(b, (w = { count: 0, ids: new Set() }));
            w.count++;
            w.ids.add(JSON.stringify(cell(t, idCol, r)));
          }
          const all = new Set<string>();
          for (const b of [...windows.keys()].sort((x, y) => (x < y ? -1 : 1))) {
            const w = windows.get(b)!;
            let fresh = 0;
            for (const id of w.ids) if (!all.has(id)) { fresh++; all.add(id); }
            out.push([fromPoint(timeType, b), ...g.dims, w.count, w.ids.size, fresh, all.size]);
          }
        }
        return tableFromRows(schema, out);
      },
    };
  },
};

export const slidingWindowCounts: PluginDef = {
  name: 'sliding_window_counts',
  doc: 'per bin, the rows and distinct ids in the lookback window that ends with the bin',
  syntax: 'T | evaluate sliding_window_counts(IdColumn, TimelineColumn, Start, End, LookbackWindow, Bin [, dim1, ...])',
  bind(a) {
    const { idCol, timeCol, timeType, start, end } = activityArgs(a);
    const lookback = stepOf(a, 4, 'the lookback window', timeType);
    const step = stepOf(a, 5, 'the bin', timeType);
    const dimCols = dims(a, 6);
    const schema: Column[] = [
      { ...a.input[timeCol]! }, ...dimCols.map((c) => ({ ...a.input[c]! })), { name: 'Count', type: 'long' }, { name: 'Dcount', type: 'long' },
    ];
    return {
      schema,
      run(t) {
        const out: Scalar[][] = [];
        for (const g of byDims(t, dimCols)) {
          const points: { x: bigint; id: string }[] = [];
          for (const r of g.rows) {
            const x = toPoint(timeType, cell(t, timeCol, r));
            if (x !== null && x >= start && x <= end) points.push({ x, id: JSON.stringify(cell(t, idCol, r)) });
          }
          // every bin from start to end: the window is (bin end - lookback, bin end], bin end = bin + step
          for (let b = start; b <= end; b += step) {
            const hi = b + step;
            const lo = hi - lookback;
            let count = 0;
            const ids = new Set<string>();
            for (const p of points) if (p.x >= lo && p.x < hi) { count++; ids.add(p.id); }
            out.push([fromPoint(timeType, b), ...g.dims, count, ids.size]);
          }
        }
        return tableFromRows(schema, out);
      },
    };
  },
};
