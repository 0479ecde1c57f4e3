// summarize: hash aggregation into groups, one accumulator per aggregate.
import type { AggregateNode } from '../../plan/nodes.js';
import type { Accumulator } from '../../functions/define.js';
import { rowCount, type Batch } from '../batch.js';
import { allocVector, gather, getScalar, setScalar, type Vector } from '../vector.js';
import { run, RowLimitExceeded, type ExecContext, evalColumn } from '../pipeline.js';
import { compositeKeyReader, keyReader } from './keys.js';

const RADIX = 2 ** 26;
const NULL_KEY = '\u0000null';

/**
 * Several group keys → one Map key without building a string per row: each key column's values get
 * dense codes (one small Map per column), and two codes pack into one number (c0 + c1·2^26). More
 * columns, or codes past 2^26, fall back to a short string of codes. A tuple always packs the same
 * way, so the two forms never collide.
 */
class KeyPacker {
  private readonly codes: Map<string | number, number>[];
  constructor(n: number) {
    this.codes = Array.from({ length: n }, () => new Map());
  }

  reader(vecs: Vector[]): (i: number) => string | number {
    const readers = vecs.map(keyReader);
    const codes = this.codes;
    const code = (j: number, i: number): number => {
      const k = readers[j]!(i) ?? NULL_KEY;
      const m = codes[j]!;
      let c = m.get(k);
      if (c === undefined) m.set(k, (c = m.size));
      return c;
    };
    if (vecs.length === 2) {
      return (i) => {
        const a = code(0, i);
        const b = code(1, i);
        return a < RADIX && b < RADIX ? a + b * RADIX : `${a},${b}`;
      };
    }
    return (i) => {
      let s = '';
      for (let j = 0; j < readers.length; j++) s += `${code(j, i)},`;
      return s;
    };
  }
}

export function* aggregateOperator(node: AggregateNode, ctx: ExecContext): Generator<Batch> {
  const accs: Accumulator[] = node.aggregates.map((a) => a.def.create(a.argInfo, a.type));
  const groupOf = new Map<string | number, number>();
  // for each group, where its key values live: the batch's key vectors and the row in them
  const keyParts: Vector[][] = node.keys.map(() => []);
  const keyRows: number[] = [];
  const keyPart: number[] = [];
  const packer = new KeyPacker(node.keys.length);
  let nGroups = node.keys.length === 0 ? 1 : 0;
  for (const a of accs) a.resize(Math.max(nGroups, 1));
  for (const b of run(node.input, ctx)) {
    ctx.checkDeadline();
    const count = rowCount(b);
    if (count === 0) continue;
    const groups = new Int32Array(b.n);
    if (node.keys.length > 0) {
      const keyVecs = node.keys.map((k) => evalColumn(k, b, ctx));
      const key = keyVecs.length === 1 ? compositeKeyReader(keyVecs, true) : packer.reader(keyVecs);
      const partIndex = keyParts[0]!.length;
      keyVecs.forEach((v, j) => keyParts[j]!.push(v));
      for (let k = 0; k < count; k++) {
        const i = b.sel === null ? k : b.sel[k]!;
        const kv = key(i)!;
        let g = groupOf.get(kv);
        if (g === undefined) {
          g = nGroups++;
          groupOf.set(kv, g);
          keyRows.push(i);
          keyPart.push(partIndex);
          if (nGroups > ctx.limits.maxRows) throw new RowLimitExceeded(`summarize produced more than ${ctx.limits.maxRows} groups`);
        }
        groups[i] = g;
      }
      for (const a of accs) a.resize(nGroups);
    }
    node.aggregates.forEach((a, j) => {
      const args = a.args.map((e) => evalColumn(e, b, ctx));
      accs[j]!.update(args, groups, b.sel, count);
    });
  }
  if (nGroups === 0) return;
  // key columns: each group's key values come from the first row that formed it
  const keyColumns = node.keys.map((k, j) => {
    const parts = keyParts[j]!;
    if (parts.length === 1) return gather(parts[0]!, Int32Array.from(keyRows));
    const out = allocVector(k.type, nGroups);
    const byPart = parts.map(() => ({ groups: [] as number[], rows: [] as number[] }));
    for (let g = 0; g < nGroups; g++) {
      byPart[keyPart[g]!]!.groups.push(g);
      byPart[keyPart[g]!]!.rows.push(keyRows[g]!);
    }
    byPart.forEach((bp, p) => {
      if (bp.groups.length === 0) return;
      const src = gather(parts[p]!, bp.rows);
      bp.groups.forEach((g, r) => setScalar(out, g, getScalar(src, r)));
    });
    return out;
  });
  const aggColumns = accs.flatMap((a) => a.result(nGroups));
  yield { columns: [...keyColumns, ...aggColumns], n: nGroups, sel: null };
}

