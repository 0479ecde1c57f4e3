// Plugins over ordered events: sequence_detect (occurrences of a sequence of predicates), funnel_sequence
// (what comes before and after a sequence of states), funnel_sequence_completion (how far a sequence gets
// within given periods) and session_count (sessions per bin).
import { KqlDataError } from '../errors/diagnostic.js';
import { uniqueName } from '../semantic/naming.js';
import { convertTo, toStringValue } from '../values/convert.js';
import type { Column, KqlType, Scalar } from '../types.js';
import type { PluginArgs, PluginDef, PluginTable } from './define.js';
import { cell, tableFromRows } from './table.js';
import {
  TIMELINE_TYPES, binOf, cmpBig, columnsAt, dimArgs, fromPoint, groupByDims, keyOf, point, stepArg, timelineHead,
} from './timeline.js';

/** Output rows beyond this many are refused (a sequence search can grow combinatorially). */
const MAX_ROWS = 1_000_000;

/** Rows with a non-null timeline value, sorted by it (ties keep input order). */
function sortedByTime(t: PluginTable, rows: number[], timeCol: number): { r: number; x: bigint }[] {
  const out: { r: number; x: bigint }[] = [];
  for (const r of rows) {
    const x = point(cell(t, timeCol, r));
    if (x !== null) out.push({ r, x });
  }
  return out.sort((p, q) => cmpBig(p.x, q.x) || p.r - q.r);
}

// ───────────────────────────── sequence_detect ─────────────────────────────

export const sequenceDetect: PluginDef = {
  name: 'sequence_detect',
  doc: 'every occurrence of a sequence of predicates (each step within MaxSequenceStepWindow of the previous, all within MaxSequenceSpan), per dimension values',
  syntax: 'T | evaluate sequence_detect(TimelineColumn, MaxSequenceStepWindow, MaxSequenceSpan, Expr1, Expr2 [, ...] [, Dim1, Dim2, ...])',
  bind(a) {
    const timeCol = a.column(0, 'the timeline column', TIMELINE_TYPES);
    const timeType = a.input[timeCol]!.type;
    const stepWindow = stepArg(a, 1, 'MaxSequenceStepWindow', timeType);
    const span = stepArg(a, 2, 'MaxSequenceSpan', timeType);
    // after the first three: predicates (named, or expressions), then dimension columns
    const rest = a.argOrder().filter((x) => !('index' in x) || x.index >= 3);
    const isColumn = (i: number) => {
      const e = a.raw(i);
      return e?.kind === 'NameRef' && a.input.some((c) => c.name === (e as { name: string }).name);
    };
    let firstDim = rest.length;
    while (firstDim > 0) {
      const x = rest[firstDim - 1]!;
      if (!('index' in x) || !isColumn(x.index)) break;
      firstDim--;
    }
    const steps = rest.slice(0, firstDim).map((x) => {
      const name = 'name' in x ? x.name : '';
      const e = 'name' in x ? a.expr(-1, `the step '${name}'`, ['bool'], name) : a.expr(x.index, 'a sequence step', ['bool']);
      return { name, index: e.index };
    });
    if (steps.length < 1) a.fail('sequence_detect needs at least one step predicate');
    const dims = rest.slice(firstDim).map((x) => a.column((x as { index: number }).index, 'a dimension column'));
    const used = new Set(dims.map((d) => a.input[d]!.name));
    const timeName = a.input[timeCol]!.name;
    const schema: Column[] = [
      ...columnsAt(a.input, dims),
      ...steps.map((s) => ({ name: uniqueName(`${s.name}_${timeName}`, used), type: timeType })),
      { name: uniqueName('Duration', used), type: 'timespan' },
    ];
    return {
      schema,
      run(t) {
        const found: { dims: Scalar[]; xs: bigint[] }[] = [];
        for (const g of groupByDims(t, dims)) {
          const events = sortedByTime(t, g.rows, timeCol);
          const chain: number[] = [];
          const extend = (k: number, from: number) => {
            if (k === steps.length) {
              if (found.length >= MAX_ROWS) throw new KqlDataError(`sequence_detect: more than ${MAX_ROWS} sequence occurrences`);
              found.push({ dims: g.dims, xs: chain.map((i) => events[i]!.x) });
              return;
            }
            for (let j = from; j < events.length; j++) {
              const e = events[j]!;
              if (k > 0) {
                if (e.x - events[chain[k - 1]!]!.x > stepWindow) break;
                if (e.x - events[chain[0]!]!.x > span) break;
              }
              if (cell(t, steps[k]!.index, e.r) !== true) continue;
              chain.push(j);
              extend(k + 1, j + 1);
              chain.pop();
            }
          };
          extend(0, 0);
        }
        found.sort((p, q) => {
          for (let k = 0; k < p.xs.length; k++) { const c = cmpBig(p.xs[k]!, q.xs[k]!); if (c) return c; }
          return 0;
        });
        return tableFromRows(schema, found.map((f) => [
          ...f.dims, ...f.xs.map((x) => fromPoint(timeType, x)), Number(f.xs[f.xs.length - 1]! - f.xs[0]!),
        ]));
      },
    };
  },
};

// ───────────────────────────── funnel_sequence, funnel_sequence_completion ─────────────────────────────

/** The Sequence argument: a constant dynamic array of states, as keys comparable with the state column's values. */
function sequenceArg(a: PluginArgs, i: number, stateType: KqlType): string[] {
  const c = a.constant(i, 'the sequence', 'dynamic');
  const v = c?.value;
  if (!Array.isArray(v) || v.length === 0) a.fail('the sequence must be a constant non-empty dynamic array of states', a.spanOf(i));
  return (v as unknown[]).map((x) => keyOf(convertTo(stateType, 'dynamic', x as Scalar)));
}

/** An id's events inside [start, end], sorted by time, with their state keys. */
function eventsById(t: PluginTable, idCol: number, timeCol: number, stateCol: number, start: bigint, end: bigint) {
  const byId = new Map<string, { id: Scalar; rows: number[] }>();
  for (let r = 0; r < t.rowCount; r++) {
    const x = point(cell(t, timeCol, r));
    if (x === null || x < start || x > end) continue;
    const id = cell(t, idCol, r);
    const k = keyOf(id);
    let e = byId.get(k);
    if (!e) byId.set(k, (e = { id, rows: [] }));
    e.rows.push(r);
  }
  return [...byId.values()].map(({ id, rows }) => ({
    id,
    events: sortedByTime(t, rows, timeCol).map((e) => ({ ...e, state: cell(t, stateCol, e.r) })),
  }));
}

export const funnelSequence: PluginDef = {
  name: 'funnel_sequence',
  doc: 'per time bin, the distinct ids that went through a sequence of states, by the state just before and just after it (Kusto\'s first result table)',
  syntax: 'T | evaluate funnel_sequence(IdColumn, TimelineColumn, Start, End, MaxSequenceStepWindow, Step, StateColumn, Sequence)',
  bind(a) {
    const { idCol, timeCol, timeType, bounds } = timelineHead(a);
    const { start, end } = bounds!;
    const window = stepArg(a, 4, 'MaxSequenceStepWindow', timeType);
    const step = stepArg(a, 5, 'Step', timeType);
    const stateCol = a.column(6, 'the state column');
    const stateType = a.input[stateCol]!.type;
    const sequence = sequenceArg(a, 7, stateType);
    if (a.positional > 8) a.fail('funnel_sequence takes 8 arguments', a.spanOf(8));
    const none: Scalar = stateType === 'string' ? '' : null;
    const schema: Column[] = [
      { ...a.input[timeCol]! }, { name: 'prev', type: stateType }, { name: 'next', type: stateType },
      { name: 'dcount', type: 'long' }, { name: 'samples', type: 'dynamic' },
    ];
    return {
      schema,
      run(t) {
        const cells = new Map<string, { bin: bigint; prev: Scalar; next: Scalar; ids: Map<string, Scalar> }>();
        for (const { id, events } of eventsById(t, idCol, timeCol, stateCol, start!, end!)) {
          const n = sequence.length;
          for (let i = 0; i + n <= events.length; i++) {
            let ok = true;
            for (let k = 0; k < n && ok; k++) {
              const e = events[i + k]!;
              ok = keyOf(e.state) === sequence[k] && (k === 0 || e.x - events[i + k - 1]!.x <= window);
            }
            if (!ok) continue;
            const before = events[i - 1];
            const after = events[i + n];
            const prev = before && events[i]!.x - before.x <= window ? before.state : none;
            const next = after && after.x - events[i + n - 1]!.x <= window ? after.state : none;
            const bin = binOf(events[i]!.x, start!, step);
            const key = `${bin}\u0001${keyOf(prev)}\u0001${keyOf(next)}`;
            let c = cells.get(key);
            if (!c) cells.set(key, (c = { bin, prev, next, ids: new Map() }));
            c.ids.set(keyOf(id), id);
          }
        }
        const rows = [...cells.values()].sort((p, q) => cmpBig(p.bin, q.bin) || q.ids.size - p.ids.size);
        return tableFromRows(schema, rows.map((c) => [
          fromPoint(timeType, c.bin), c.prev, c.next, c.ids.size,
          [...c.ids.values()].slice(0, 128).map((v) => convertTo('dynamic', a.input[idCol]!.type, v)),
        ]));
      },
    };
  },
};

export const funnelSequenceCompletion: PluginDef = {
  name: 'funnel_sequence_completion',
  doc: 'per time bin and period, the distinct ids that reached each step of a sequence of states within that period of its first step',
  syntax: 'T | evaluate funnel_sequence_completion(IdColumn, TimelineColumn, Start, End, Step, StateColumn, Sequence, MaxSequenceStepWindows)',
  bind(a) {
    const { idCol, timeCol, timeType, bounds } = timelineHead(a);
    const { start, end } = bounds!;
    const step = stepArg(a, 4, 'Step', timeType);
    const stateCol = a.column(5, 'the state column');
    const stateType = a.input[stateCol]!.type;
    const sequence = sequenceArg(a, 6, stateType);
    const states = (a.constant(6, 'the sequence', 'dynamic')!.value as unknown[]).map((x) => convertTo(stateType, 'dynamic', x as Scalar));
    const periodsArg = a.constant(7, 'the periods', 'dynamic')?.value;
    const periodType: KqlType = timeType === 'datetime' || timeType === 'timespan' ? 'timespan' : 'real';
    const periods = Array.isArray(periodsArg) ? periodsArg.map((x) => convertTo(periodType, 'dynamic', x as Scalar)) : [];
    if (periods.length === 0 || periods.some((p) => typeof p !== 'number' || !(p >= 0))) {
      a.fail(`the periods must be a constant non-empty dynamic array of ${periodType === 'timespan' ? 'timespans' : 'numbers'}`, a.spanOf(7));
    }
    if (a.positional > 8) a.fail('funnel_sequence_completion takes 8 arguments', a.spanOf(8));
    // the state column comes out as text, as the analyzer types it
    const schema: Column[] = [
      { ...a.input[timeCol]! }, { name: a.input[stateCol]!.name, type: 'string' }, { name: 'Period', type: 'timespan' }, { name: 'dcount', type: 'long' },
    ];
    return {
      schema,
      run(t) {
        // per bin: for each period, for each step, the ids that reached it
        const bins = new Map<bigint, Set<string>[][]>();
        for (const { id, events } of eventsById(t, idCol, timeCol, stateCol, start!, end!)) {
          const idKey = keyOf(id);
          for (let i = 0; i < events.length; i++) {
            if (keyOf(events[i]!.state) !== sequence[0]) continue;
            // the earliest following events that complete each next step
            const times: bigint[] = [events[i]!.x];
            let at = i;
            for (let k = 1; k < sequence.length; k++) {
              let j = at + 1;
              while (j < events.length && keyOf(events[j]!.state) !== sequence[k]) j++;
              if (j >= events.length) break;
              times.push(events[j]!.x);
              at = j;
            }
            const bin = binOf(events[i]!.x, start!, step);
            let perPeriod = bins.get(bin);
            if (!perPeriod) bins.set(bin, (perPeriod = periods.map(() => sequence.map(() => new Set<string>()))));
            periods.forEach((p, pi) => {
              times.forEach((x, k) => { if (Number(x - times[0]!) <= (p as number)) perPeriod![pi]![k]!.add(idKey); });
            });
          }
        }
        const rows: Scalar[][] = [];
        for (const bin of [...bins.keys()].sort(cmpBig)) {
          periods.forEach((p, pi) => states.forEach((s, k) => {
            rows.push([fromPoint(timeType, bin), toStringValue(stateType, s), Math.round(p as number), bins.get(bin)![pi]![k]!.size]);
          }));
        }
        return tableFromRows(schema, rows);
      },
    };
  },
};

// ───────────────────────────── session_count ─────────────────────────────

export const sessionCount: PluginDef = {
  name: 'session_count',
  doc: 'per bin, the sessions active in it: an id\'s events form one session while each follows the previous within LookBackWindow',
  syntax: 'T | evaluate session_count(IdColumn, TimelineColumn, Start, End, Bin, LookBackWindow [, dim1, dim2, ...])',
  bind(a) {
    const { idCol, timeCol, timeType, bounds } = timelineHead(a);
    const { start, end } = bounds!;
    const bin = stepArg(a, 4, 'Bin', timeType);
    const lookback = stepArg(a, 5, 'LookBackWindow', timeType);
    const dims = dimArgs(a, 6);
    const schema: Column[] = [{ ...a.input[timeCol]! }, ...columnsAt(a.input, dims), { name: 'count_sessions', type: 'long' }];
    return {
      schema,
      run(t) {
        const rows: Scalar[][] = [];
        const nBins = end! < start! ? 0 : Number((end! - start!) / bin) + 1;
        if (nBins > MAX_ROWS) throw new KqlDataError(`session_count: more than ${MAX_ROWS} bins between Start and End`);
        for (const g of groupByDims(t, dims)) {
          const byId = new Map<string, bigint[]>();
          for (const e of sortedByTime(t, g.rows, timeCol)) {
            const k = keyOf(cell(t, idCol, e.r));
            let l = byId.get(k);
            if (!l) byId.set(k, (l = []));
            l.push(e.x);
          }
          const counts = new Array<number>(nBins).fill(0);
          for (const times of byId.values()) {
            // sessions: a gap longer than the lookback window starts a new one; count each session once per bin
            let session = 0;
            const seen = new Set<string>();
            times.forEach((x, i) => {
              if (i > 0 && x - times[i - 1]! > lookback) session++;
              if (x < start! || x > end!) return;
              const b = Number((x - start!) / bin);
              const k = `${b}:${session}`;
              if (!seen.has(k)) { seen.add(k); counts[b]!++; }
            });
          }
          counts.forEach((c, b) => rows.push([fromPoint(timeType, start! + BigInt(b) * bin), ...g.dims, c]));
        }
        return tableFromRows(schema, rows);
      },
    };
  },
};
