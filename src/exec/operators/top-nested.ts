// top-nested (top-nested-operator.md): hierarchical top-N — at each level the input rows of the
// enclosing group are grouped by the level's key, aggregated, and the top N groups kept.
import type { TopNestedNode } from '../../plan/nodes.js';
import type { Batch } from '../batch.js';
import { allocVector, getScalar, setScalar, type Vector } from '../vector.js';
import { evalColumn, materialize, RowLimitExceeded, type ExecContext } from '../pipeline.js';
import { keyReader } from './keys.js';
import { compareScalars } from '../../values/compare.js';
import type { Scalar } from '../../types.js';

const NULL_KEY = '\u0000null';

export function* topNestedOperator(node: TopNestedNode, ctx: ExecContext): Generator<Batch> {
  const all = materialize(node.input, ctx);
  if (all.n === 0) return;
  const levels = node.levels;
  const keys = levels.map((l) => evalColumn(l.key, all, ctx));
  const aggArgs = levels.map((l) => l.aggregate.args.map((a) => evalColumn(a, all, ctx)));
  const out: Scalar[][] = [];
  const groups = new Int32Array(all.n);
  const width = levels.length * 2;

  const aggregate = (level: number, rows: Int32Array, groupCount: number): Vector => {
    const l = levels[level]!;
    const acc = l.aggregate.def.create(l.aggregate.argInfo, l.aggregate.type);
    acc.resize(Math.max(groupCount, 1));
    acc.update(aggArgs[level]!, groups, rows, rows.length);
    return acc.result(groupCount)[0]!;
  };

  const visit = (level: number, rows: Int32Array, prefix: Scalar[]): void => {
    if (level === levels.length) {
      out.push(prefix);
      if (out.length > ctx.limits.maxRows) throw new RowLimitExceeded(`the result has more than ${ctx.limits.maxRows} rows`);
      return;
    }
    ctx.checkDeadline();
    const l = levels[level]!;
    const read = keyReader(keys[level]!);
    const groupOf = new Map<string | number, number>();
    const members: number[][] = [];
    const firstRow: number[] = [];
    for (const r of rows) {
      const k = read(r) ?? NULL_KEY;
      let g = groupOf.get(k);
      if (g === undefined) {
        g = members.length;
        groupOf.set(k, g);
        members.push([]);
        firstRow.push(r);
      }
      groups[r] = g;
      members[g]!.push(r);
    }
    const values = aggregate(level, rows, members.length);
    const type = l.aggregate.type;
    const vals = members.map((_, g) => getScalar(values, g));
    const order = members.map((_, g) => g).sort((a, b) => {
      const x = vals[a]!;
      const y = vals[b]!;
      if (x === null || y === null) return x === null ? (y === null ? a - b : 1) : -1;
      const c = compareScalars(type, x, y);
      return c !== 0 ? (l.descending ? -c : c) : a - b;
    });
    const take = l.count === null ? order.length : Math.min(l.count, order.length);
    for (let k = 0; k < take; k++) {
      const g = order[k]!;
      visit(level + 1, Int32Array.from(members[g]!), [...prefix, getScalar(keys[level]!, firstRow[g]!), vals[g]!]);
    }
    if (l.others && take < order.length) {
      // the groups left out, aggregated together; deeper levels are null on this row
      const rest: number[] = [];
      for (let k = take; k < order.length; k++) for (const r of members[order[k]!]!) rest.push(r);
      const restRows = Int32Array.from(rest);
      for (const r of rest) groups[r] = 0;
      const v = aggregate(level, restRows, 1);
      const row = [...prefix, l.others.value as Scalar, getScalar(v, 0)];
      while (row.length < width) row.push(null);
      out.push(row);
    }
  };
  visit(0, Int32Array.from({ length: all.n }, (_, i) => i), []);
  if (out.length === 0) return;
  const columns = node.schema.map((c, j) => {
    const v = allocVector(c.type, out.length);
    out.forEach((row, i) => setScalar(v, i, row[j] ?? null));
    return v;
  });
  yield { columns, n: out.length, sel: null };
}
