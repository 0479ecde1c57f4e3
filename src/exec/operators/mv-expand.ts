// mv-expand: one output row per element of the expanded dynamic values, several columns in lockstep.
import type { MvExpandNode } from '../../plan/nodes.js';
import { rowCount, type Batch } from '../batch.js';
import { allocVector, gather, getScalar, setScalar, type Vector } from '../vector.js';
import { run, RowLimitExceeded, type ExecContext, evalColumn } from '../pipeline.js';
import { convertTo } from '../../values/convert.js';
import type { Scalar } from '../../types.js';

/**
 * KUSTO-SEMANTICS 19: an array yields one row per element; a property bag one row per key
 * (`{key: value}` bags, or `[key, value]` with bagexpansion=array); a scalar or null one row;
 * an empty array or bag no rows. Columns expanded together are padded with nulls.
 */
export function* mvExpandOperator(node: MvExpandNode, ctx: ExecContext): Generator<Batch> {
  let produced = 0;
  for (const b of run(node.input, ctx)) {
    ctx.checkDeadline();
    const count = rowCount(b);
    const values = node.expand.map((e) => evalColumn(e.expr, b, ctx));
    if (values.length === 1 && values[0]!.type === 'dynamic') {
      // output batches of about OUT_BATCH rows: the columns the operators above compute from them
      // stay small enough for the CPU caches (and V8's young generation)
      for (let from = 0; from < count; ) {
        const out = expandOne(node, b, from, count, values[0]!.data);
        from = out.next;
        if (out.batch === null) continue;
        produced += out.batch.n;
        if (produced > ctx.limits.maxRows) throw new RowLimitExceeded(`mv-expand produced more than ${ctx.limits.maxRows} rows`);
        yield out.batch;
      }
      continue;
    }
    const srcRows: number[] = [];
    const elems: unknown[][] = node.expand.map(() => []);
    const indexes: number[] = [];
    for (let k = 0; k < count; k++) {
      const i = b.sel === null ? k : b.sel[k]!;
      const lists = values.map((v) => elementsOf(getScalar(v, i), node.bagExpansion));
      let len = 0;
      for (const l of lists) len = Math.max(len, l.length);
      len = Math.min(len, node.limit);
      for (let j = 0; j < len; j++) {
        srcRows.push(i);
        indexes.push(j);
        lists.forEach((l, c) => elems[c]!.push(j < l.length ? l[j] : null));
      }
    }
    const n = srcRows.length;
    if (n === 0) continue;
    produced += n;
    if (produced > ctx.limits.maxRows) throw new RowLimitExceeded(`mv-expand produced more than ${ctx.limits.maxRows} rows`);
    const idx = Int32Array.from(srcRows);
    const columns: Vector[] = node.schema.map((c, o) => {
      const src = node.passthrough[o]!;
      if (src >= 0) return gather(b.columns[src]!, idx);
      const out = allocVector(c.type, n);
      if (o === node.itemIndex) {
        indexes.forEach((x, r) => setScalar(out, r, x));
        return out;
      }
      const e = node.expand.findIndex((x) => x.output === o);
      const list = elems[e]!;
      for (let r = 0; r < n; r++) {
        const v = list[r] as Scalar;
        setScalar(out, r, c.type === 'dynamic' ? (v ?? null) : convertTo(c.type, 'dynamic', v ?? null));
      }
      return out;
    });
    yield { columns, n, sel: null };
  }
}

const OUT_BATCH = 1 << 12;

/**
 * The common case, one dynamic column expanded: a counting pass sizes the outputs exactly, a second
 * fills them — no per-row closures, no growing arrays.
 */
function expandOne(node: MvExpandNode, b: Batch, from: number, count: number, data: unknown[]): { batch: Batch | null; next: number } {
  const limit = node.limit;
  const sel = b.sel;
  let total = 0;
  let end = from;
  for (; end < count && total < OUT_BATCH; end++) {
    const x = data[sel === null ? end : sel[end]!];
    if (Array.isArray(x)) total += Math.min(x.length, limit);
    else if (x !== null && typeof x === 'object') total += Math.min(Object.keys(x).length, limit);
    else if (limit > 0) total++;
  }
  if (total === 0) return { batch: null, next: end };
  const srcRows = new Int32Array(total);
  const elems = new Array<unknown>(total);
  const indexes = node.itemIndex >= 0 ? new Int32Array(total) : null;
  let n = 0;
  for (let k = from; k < end; k++) {
    const i = sel === null ? k : sel[k]!;
    const x = data[i];
    if (Array.isArray(x)) {
      const len = Math.min(x.length, limit);
      for (let j = 0; j < len; j++) {
        const e = x[j];
        srcRows[n] = i;
        elems[n] = e === undefined ? null : e;
        if (indexes !== null) indexes[n] = j;
        n++;
      }
    } else if (x !== null && typeof x === 'object') {
      const list = elementsOf(x as Scalar, node.bagExpansion);
      const len = Math.min(list.length, limit);
      for (let j = 0; j < len; j++) {
        srcRows[n] = i;
        elems[n] = list[j];
        if (indexes !== null) indexes[n] = j;
        n++;
      }
    } else if (limit > 0) {
      srcRows[n] = i;
      elems[n] = x ?? null;
      if (indexes !== null) indexes[n] = 0;
      n++;
    }
  }
  const idx = srcRows.subarray(0, n);
  const e = node.expand[0]!.output;
  const columns: Vector[] = node.schema.map((c, o) => {
    const src = node.passthrough[o]!;
    if (src >= 0) return gather(b.columns[src]!, idx);
    if (o === node.itemIndex) {
      const out = allocVector(c.type, n);
      for (let r = 0; r < n; r++) setScalar(out, r, indexes![r]!);
      return out;
    }
    if (o === e && c.type === 'dynamic') return { type: 'dynamic', length: n, data: elems, nulls: null };
    const out = allocVector(c.type, n);
    for (let r = 0; r < n; r++) setScalar(out, r, convertTo(c.type, 'dynamic', elems[r] as Scalar));
    return out;
  });
  return { batch: { columns, n, sel: null }, next: end };
}

function elementsOf(v: Scalar, bagExpansion: 'bag' | 'array'): unknown[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') {
    return Object.entries(v).map(([k, x]) => (bagExpansion === 'array' ? [k, x] : { [k]: x }));
  }
  return [v];
}
