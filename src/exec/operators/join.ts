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

  for (const b of run(node.left, ctx)) {
    ctx.checkDeadline();
    const count = rowCount(b);
    const keyColumns = node.leftKeys.map((k) => b.columns[k]!);
    // one string key (the common case) is read straight from its array: no key function per row,
    // whose closure (new for every batch) would also make the call site polymorphic
    const strings = keyColumns.length === 1 && keyColumns[0]!.type === 'string' ? keyColumns[0]!.data as string[] : null;
    const leftKey = strings === null ? compositeKeyReader(keyColumns, false) : null;
    let li: number[] = [];
    let ri: number[] = [];
    const keep: number[] = [];
    probe(b.sel, count, strings, leftKey, table, seenLeft, rightMatched, kind, leftOnly, emitsPairs, li, ri, keep);
    if (leftOnly) {
      if (keep.length) yield { columns: b.columns, n: b.n, sel: Int32Array.from(keep) };
      continue;
    }
    if (!emitsPairs || li.length === 0) continue;
    if (node.residual) {
      // check the residual predicate on the pairs, gathering only the columns it reads
      const pairs = keepPairs(node, b, right, li, ri, ctx);
      if (pairs === null) continue;
      li = pairs[0];
      ri = pairs[1];
    }
    produced += li.length;
    if (produced > ctx.limits.maxRows) throw new RowLimitExceeded(`the join produced more than ${ctx.limits.maxRows} rows`);
    const lidx = Int32Array.from(li);
    const ridx = Int32Array.from(ri);
    const columns: Vector[] = [
      ...b.columns.slice(0, nLeftCols).map((c) => gather(c, lidx)),
      ...right.columns.map((c) => gather(c, ridx)),
    ];
    yield { columns, n: li.length, sel: null };
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

/**
 * Probes one left batch against the build table: matched (left, right) row pairs into li/ri, or the
 * kept left rows (semi/anti) into keep; marks matched right rows. A plain function, not part of the
 * generator: V8 optimizes it once and keeps it optimized across batches and queries.
 */
function probe(
  sel: Int32Array | null, count: number, strings: string[] | null, leftKey: ((i: number) => string | number | undefined) | null,
  table: Map<string | number, number | number[]>, seenLeft: Set<string | number> | null, rightMatched: Uint8Array | null,
  kind: string, leftOnly: boolean, emitsPairs: boolean, li: number[], ri: number[], keep: number[],
): void {
  const outer = kind === 'leftouter' || kind === 'fullouter';
  const semi = kind === 'leftsemi';
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const key = strings !== null ? strings[i]! : leftKey!(i);
    if (seenLeft !== null) {
      if (key === undefined || seenLeft.has(key)) continue;
      seenLeft.add(key);
    }
    const m = key === undefined ? undefined : table.get(key);
    if (leftOnly) {
      if ((m !== undefined) === semi) keep.push(i);
      continue;
    }
    if (m === undefined) {
      if (outer) {
        li.push(i);
        ri.push(-1);
      }
      continue;
    }
    if (typeof m === 'number') {
      if (rightMatched !== null) rightMatched[m] = 1;
      if (emitsPairs) {
        li.push(i);
        ri.push(m);
      }
    } else {
      for (let j = 0; j < m.length; j++) {
        const r = m[j]!;
        if (rightMatched !== null) rightMatched[r] = 1;
        if (emitsPairs) {
          li.push(i);
          ri.push(r);
        }
      }
    }
  }
}

/** The (left, right) pairs that pass the join's residual predicate, or null when none does. */
function keepPairs(node: JoinNode, b: Batch, right: Batch, li: number[], ri: number[], ctx: ExecContext): [number[], number[]] | null {
  const nLeft = node.left.schema.length;
  const lidx = Int32Array.from(li);
  const ridx = Int32Array.from(ri);
  const columns = new Array<Vector>(node.schema.length);
  for (const c of columnsOf(node.residual!)) {
    columns[c] = c < nLeft ? gather(b.columns[c]!, lidx) : gather(right.columns[c - nLeft]!, ridx);
  }
  const sel = selectWhere(node.residual!, { columns, n: li.length, sel: null }, ctx);
  if (sel.length === 0) return null;
  if (sel.length === li.length) return [li, ri];
  const l2 = new Array<number>(sel.length);
  const r2 = new Array<number>(sel.length);
  for (let k = 0; k < sel.length; k++) {
    l2[k] = li[sel[k]!]!;
    r2[k] = ri[sel[k]!]!;
  }
  return [l2, r2];
}

import { allocVector } from '../vector.js';
import type { KqlType } from '../../types.js';
const emptyOf = (t: KqlType) => allocVector(t, 0);
