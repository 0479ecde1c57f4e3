// Shared argument and grouping helpers for the timeline plugins (sequence_detect, funnel_sequence*,
// session_count, activity_engagement, activity_metrics, new_activity_metrics).
import type { Column, KqlType, Scalar } from '../types.js';
import type { PluginArgs, PluginTable } from './define.js';
import { cell } from './table.js';

/** Types a timeline column may have (datetime, or numbers as in the docs' `range Timeline` examples). */
export const TIMELINE_TYPES: KqlType[] = ['datetime', 'long', 'int', 'real', 'timespan'];

/** A timeline value as an exact integer (datetime/timespan ticks, numbers floored); null stays null. */
export function point(v: Scalar): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.floor(v));
  return null;
}

/** A point back as a value of the timeline's type. */
export function fromPoint(type: KqlType, p: bigint): Scalar {
  return type === 'datetime' ? p : Number(p);
}

/** The type a window/step argument takes for a timeline of this type. */
const stepType = (timeline: KqlType): KqlType[] => (timeline === 'datetime' || timeline === 'timespan' ? ['timespan'] : ['long', 'real']);

/** A positive constant window/step (timespan for datetime timelines, a number for numeric ones), as an exact integer. */
export function stepArg(a: PluginArgs, i: number, what: string, timeline: KqlType): bigint {
  const c = a.constant(i, what, stepType(timeline));
  if (c === null) a.fail(`${what} is missing`);
  const v = c!.value;
  if (typeof v !== 'number' || !(v > 0)) a.fail(`${what} must be a positive constant`, a.spanOf(i));
  return BigInt(Math.round(v as number));
}

/** A constant point on the timeline (Start, End), or null when absent. */
export function pointArg(a: PluginArgs, i: number, what: string, timeline: KqlType): bigint | null {
  const c = a.constant(i, what, timeline === 'int' ? 'long' : timeline);
  if (c === null) return null;
  const p = point(c.value);
  if (p === null) a.fail(`${what} must be a non-null constant`, a.spanOf(i));
  return p;
}

export const floorDiv = (x: bigint, s: bigint): bigint => { const q = x / s; return q * s > x ? q - 1n : q; };
export const cmpBig = (x: bigint, y: bigint): number => (x < y ? -1 : x > y ? 1 : 0);

/** The start of the bin (of width `step`, aligned to `start`) that holds x. */
export const binOf = (x: bigint, start: bigint, step: bigint): bigint => start + floorDiv(x - start, step) * step;

/** A value as a map key (ids and dimension values of any type). */
export const keyOf = (v: Scalar): string => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v ?? null));

/** Dimension columns: positional arguments from `from` to `to` (exclusive), each a column of the input. */
export function dimArgs(a: PluginArgs, from: number, to = a.positional): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(a.column(i, 'a dimension column'));
  return out;
}

/** Rows grouped by their dimension values, in order of first appearance. */
export function groupByDims(t: PluginTable, dims: number[]): { dims: Scalar[]; rows: number[] }[] {
  const groups = new Map<string, { dims: Scalar[]; rows: number[] }>();
  for (let r = 0; r < t.rowCount; r++) {
    const values = dims.map((c) => cell(t, c, r));
    const k = values.map(keyOf).join('\u0001');
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { dims: values, rows: [] }));
    g.rows.push(r);
  }
  return [...groups.values()];
}

/** Copies of the input columns at these indexes (for output schemas). */
export const columnsAt = (input: Column[], idx: number[]): Column[] => idx.map((i) => ({ ...input[i]! }));

/**
 * IdColumn, TimelineColumn [, Start, End]: the arguments the timeline plugins (activity_*, funnel_sequence*, session_count) start with. Start and End may
 * be left out (activity_engagement, activity_metrics) when the call has exactly `withoutBounds` arguments.
 */
export function timelineHead(a: PluginArgs, withoutBounds?: number) {
  const idCol = a.column(0, 'the id column');
  const timeCol = a.column(1, 'the timeline column', TIMELINE_TYPES);
  const timeType = a.input[timeCol]!.type;
  if (withoutBounds !== undefined && a.positional === withoutBounds) return { idCol, timeCol, timeType, bounds: null, next: 2 };
  const start = pointArg(a, 2, 'Start', timeType);
  const end = pointArg(a, 3, 'End', timeType);
  if (start === null || end === null) a.fail('Start and End are required');
  return { idCol, timeCol, timeType, bounds: { start: start!, end: end! }, next: 4 };
}
