// make-series (make-series-operator.md): per group of by values, the aggregates binned on the axis
// become dynamic arrays from start to end by step, absent bins holding the default.
import type { MakeSeriesNode } from '../../plan/nodes.js';
import type { Batch } from '../batch.js';
import { allocVector, getScalar, setScalar, type Vector } from '../vector.js';
import { materialize, RowLimitExceeded, type ExecContext } from '../pipeline.js';
import { toDynamicValue } from '../../functions/scalar/dynamic.js';
import type { Scalar } from '../../types.js';

/** Arrays are limited to 2^20 values (make-series-operator.md). */
const MAX_SERIES_LENGTH = 1 << 20;

export function* makeSeriesOperator(node: MakeSeriesNode, ctx: ExecContext): Generator<Batch> {
  const all = materialize(node.input, ctx);
  const { byCount, axisType, step } = node;
  const datetime = axisType === 'datetime';
  // positions on the axis as numbers relative to an origin (datetimes: ticks as bigint differences)
  const diff = (a: Scalar, b: Scalar): number => (datetime ? Number((a as bigint) - (b as bigint)) : (a as number) - (b as number));
  const add = (a: Scalar, k: number): Scalar => (datetime ? (a as bigint) + BigInt(Math.round(k * step)) : (a as number) + k * step);
  const binOf = (v: Scalar): Scalar => {
    if (datetime) {
      const s = BigInt(Math.round(step));
      const t = v as bigint;
      let q = t / s;
      if (t % s !== 0n && t < 0n) q -= 1n;
      return q * s;
    }
    return Math.floor((v as number) / step) * step;
  };

  const groups = new Map<string, number[]>();
  for (let r = 0; r < all.n; r++) {
    const key = JSON.stringify(all.columns.slice(0, byCount).map((c) => String(getScalar(c, r))));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  if (groups.size === 0 && node.nonEmpty && byCount === 0 && node.start !== null && node.end !== null) groups.set('', []);

  const rows: { by: number; aggs: unknown[][]; axis: unknown[] }[] = [];
  for (const members of groups.values()) {
    ctx.checkDeadline();
    const bins = members.map((r) => getScalar(all.columns[byCount]!, r));
    let start = node.start;
    if (start !== null && node.endInclusive) start = binOf(start);
    if (start === null) {
      for (const b of bins) if (b !== null && (start === null || diff(b, start) < 0)) start = b;
    }
    if (start === null) continue;
    let count: number;
    if (node.end !== null) {
      const span = diff(node.end, start) / step;
      count = node.endInclusive ? Math.floor(span) + 1 : Math.ceil(span);
    } else {
      let last = start;
      for (const b of bins) if (b !== null && diff(b, last) > 0) last = b;
      count = Math.round(diff(last, start) / step) + 1;
    }
    count = Math.max(0, count);
    if (count > MAX_SERIES_LENGTH) throw new RowLimitExceeded(`make-series would build an array of more than ${MAX_SERIES_LENGTH} values`);
    const aggs = node.aggregates.map((a) => new Array<unknown>(count).fill(a.default));
    members.forEach((r, k) => {
      const b = bins[k];
      if (b === null || b === undefined) return;
      const at = diff(b, start!) / step;
      const idx = Math.round(at);
      if (Math.abs(at - idx) > 1e-9 || idx < 0 || idx >= count) return;
      node.aggregates.forEach((a, j) => {
        aggs[j]![idx] = toDynamicValue(a.type, getScalar(all.columns[byCount + 1 + j]!, r));
      });
    });
    const axis: unknown[] = [];
    for (let k = 0; k < count; k++) axis.push(toDynamicValue(axisType, add(start, k)));
    rows.push({ by: members[0] ?? -1, aggs, axis });
  }
  if (rows.length === 0) return;
  const n = rows.length;
  const columns: Vector[] = [];
  for (let c = 0; c < byCount; c++) {
    const v = allocVector(node.schema[c]!.type, n);
    rows.forEach((row, i) => setScalar(v, i, row.by >= 0 ? getScalar(all.columns[c]!, row.by) : null));
    columns.push(v);
  }
  node.aggregates.forEach((_, j) => {
    const v = allocVector('dynamic', n);
    rows.forEach((row, i) => { v.data[i] = row.aggs[j]; });
    columns.push(v);
  });
  const axisVec = allocVector('dynamic', n);
  rows.forEach((row, i) => { axisVec.data[i] = row.axis; });
  columns.push(axisVec);
  yield { columns, n, sel: null };
}
