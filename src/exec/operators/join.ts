// join: a hash join that builds on the right input and streams the left, in all nine Kusto kinds.
import type { JoinNode } from '../../plan/nodes.js';
import { rowCount, type Batch } from '../batch.js';
import { gather, type Vector } from '../vector.js';
import { materialize, run, RowLimitExceeded, selectWhere, type ExecContext } from '../pipeline.js';
import { columnsOf } from '../../plan/rules/util.js';
import { compositeKeyReader } from './keys.js';

/**
 * Kinds (KUSTO-SEMANTICS 1–3): innerunique keeps the first left row per key, then joins like inner;
 * outer kinds add unmatched rows with nulls on the other side; semi/anti return one side only.
 * Null keys never match.
 */
export function* joinOperator(node: JoinNode, ctx: ExecContext): Generator<Batch> {
  const kind = node.joinKind;
  const right = materialize(node.right, ctx);
  const rightKey = compositeKeyReader(node.rightKeys.map((k) => right.columns[k]!), false);
  // build: key → right rows (first row inline, more in arrays)
  const table = new Map<string | number, number | number[]>();
  for (let i = 0; i < right.n; i++) {
    const k = rightKey(i);
    if (k === undefined) continue;
    const e = table.get(k);
    if (e === undefined) table.set(k, i);
    else if (typeof e === 'number') table.set(k, [e, i]);
    else e.push(i);
  }
  const rightMatched = kind === 'rightouter' || kind === 'fullouter' || kind === 'rightsemi' || kind === 'rightanti'
    ? new Uint8Array(right.n) : null;
  const seenLeft = kind === 'innerunique' ? new Set<string | number>() : null;
  const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
  const emitsPairs = kind === 'inner' || kind === 'innerunique' || kind === 'leftouter' || kind === 'rightouter' || kind === 'fullouter';
  const nLeftCols = node.left.schema.length;
  let produced = 0;
  // scratch for one batch's probe results, reused across batches (sized up as needed)
  const out: ProbeOut = { l: new Int32Array(1024), r: new Int32Array(1024), keep: new Int32Array(0) };

  for (const b of run(node.left, ctx)) {
    ctx.checkDeadline();
    const count = rowCount(b);
    const keyColumns = node.leftKeys.map((k) => b.columns[k]!);
    // one string key (the common case) is read straight from its array: no key function per row,
    // whose closure (new for every batch) would also make the call site polymorphic
    const strings = keyColumns.length === 1 && keyColumns[0]!.type === 'string' ? keyColumns[0]!.data as string[] : null;
    const leftKey = strings === null ? compositeKeyReader(keyColumns, false) : null;
    const m = probe(b.sel, count, strings, leftKey, table, seenLeft, rightMatched, kind, leftOnly, emitsPairs, out);
    if (leftOnly) {
      // every row kept: the batch passes as it came
      if (m > 0) yield { columns: b.columns, n: b.n, sel: m === count ? b.sel : out.keep.slice(0, m) };
      continue;
    }
    if (!emitsPairs || m === 0) continue;
    let lidx: Int32Array = out.l.slice(0, m);
    let ridx: Int32Array = out.r.slice(0, m);
    if (node.residual) {
      // check the residual predicate on the pairs, gathering only the columns it reads
      const pairs = keepPairs(node, b, right, lidx, ridx, ctx);
      if (pairs === null) continue;
      lidx = pairs[0];
      ridx = pairs[1];
    }
    produced += lidx.length;
    if (produced > ctx.limits.maxRows) throw new RowLimitExceeded(`the join produced more than ${ctx.limits.maxRows} rows`);
    const columns: Vector[] = [
      ...b.columns.slice(0, nLeftCols).map((c) => gather(c, lidx)),
      ...right.columns.map((c) => gather(c, ridx)),
    ];
    yield { columns, n: lidx.length, sel: null };
  }

  if (rightMatched === null) return;
  // right-side rows decided after the whole left side was seen
  const rows: number[] = [];
  for (let r = 0; r < right.n; r++) {
    const matched = rightMatched[r] === 1;
    if (kind === 'rightsemi' ? matched : !matched) rows.push(r);
  }
  if (rows.length === 0) return;
  const ridx = Int32Array.from(rows);
  if (kind === 'rightsemi' || kind === 'rightanti') {
    yield { columns: right.columns.map((c) => gather(c, ridx)), n: rows.length, sel: null };
    return;
  }
  const none = new Int32Array(rows.length).fill(-1);
  const leftCols = node.left.schema.map((c) => gather(emptyOf(c.type), none));
  yield { columns: [...leftCols, ...right.columns.map((c) => gather(c, ridx))], n: rows.length, sel: null };
}

/** Where probe writes: matched (left, right) row pairs in l/r, or the kept left rows (semi/anti) in keep. */
interface ProbeOut {
  l: Int32Array;
  r: Int32Array;
  keep: Int32Array;
}

/** Room for at least `need` pairs, keeping the first `m`. */
function growPairs(out: ProbeOut, m: number, need: number): void {
  let size = out.l.length;
  while (size < need) size *= 2;
  const l = new Int32Array(size);
  const r = new Int32Array(size);
  l.set(out.l.subarray(0, m));
  r.set(out.r.subarray(0, m));
  out.l = l;
  out.r = r;
}

/**
 * Probes one left batch against the build table: matched (left, right) row pairs into out.l/out.r, or
 * the kept left rows (semi/anti) into out.keep, and returns how many; marks matched right rows. A plain
 * function, not part of the generator: V8 optimizes it once and keeps it optimized across batches and
 * queries. Results go to typed scratch arrays reused across batches: no growing JS arrays per batch.
 */
function probe(
  sel: Int32Array | null, count: number, strings: string[] | null, leftKey: ((i: number) => string | number | undefined) | null,
  table: Map<string | number, number | number[]>, seenLeft: Set<string | number> | null, rightMatched: Uint8Array | null,
  kind: string, leftOnly: boolean, emitsPairs: boolean, out: ProbeOut,
): number {
  const outer = kind === 'leftouter' || kind === 'fullouter';
  const semi = kind === 'leftsemi';
  if (leftOnly && out.keep.length < count) out.keep = new Int32Array(Math.max(count, out.keep.length * 2));
  // invariant for pairs: at row k there is room for one pair per row from k on (more only after a
  // multi-match, which reserves its own)
  if (emitsPairs && out.l.length < count) growPairs(out, 0, count);
  const keep = out.keep;
  let l = out.l;
  let r = out.r;
  let m = 0;
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const key = strings !== null ? strings[i]! : leftKey!(i);
    if (seenLeft !== null) {
      if (key === undefined || seenLeft.has(key)) continue;
      seenLeft.add(key);
    }
    const e = key === undefined ? undefined : table.get(key);
    if (leftOnly) {
      if ((e !== undefined) === semi) keep[m++] = i;
      continue;
    }
    if (e === undefined) {
      if (outer) {
        l[m] = i;
        r[m++] = -1;
      }
      continue;
    }
    if (typeof e === 'number') {
      if (rightMatched !== null) rightMatched[e] = 1;
      if (emitsPairs) {
        l[m] = i;
        r[m++] = e;
      }
    } else {
      // room for these pairs and one per left row still to come (so a single pair never needs a check)
      if (emitsPairs && m + e.length + (count - k - 1) > l.length) {
        growPairs(out, m, m + e.length + (count - k - 1));
        l = out.l;
        r = out.r;
      }
      for (let j = 0; j < e.length; j++) {
        const x = e[j]!;
        if (rightMatched !== null) rightMatched[x] = 1;
        if (emitsPairs) {
          l[m] = i;
          r[m++] = x;
        }
      }
    }
  }
  return m;
}

/** The (left, right) pairs that pass the join's residual predicate, or null when none does. */
function keepPairs(node: JoinNode, b: Batch, right: Batch, lidx: Int32Array, ridx: Int32Array, ctx: ExecContext): [Int32Array, Int32Array] | null {
  const nLeft = node.left.schema.length;
  const columns = new Array<Vector>(node.schema.length);
  for (const c of columnsOf(node.residual!)) {
    columns[c] = c < nLeft ? gather(b.columns[c]!, lidx) : gather(right.columns[c - nLeft]!, ridx);
  }
  const sel = selectWhere(node.residual!, { columns, n: lidx.length, sel: null }, ctx);
  if (sel.length === 0) return null;
  if (sel.length === lidx.length) return [lidx, ridx];
  const l2 = new Int32Array(sel.length);
  const r2 = new Int32Array(sel.length);
  for (let k = 0; k < sel.length; k++) {
    l2[k] = lidx[sel[k]!]!;
    r2[k] = ridx[sel[k]!]!;
  }
  return [l2, r2];
}

import { allocVector } from '../vector.js';
import type { KqlType } from '../../types.js';
const emptyOf = (t: KqlType) => allocVector(t, 0);
