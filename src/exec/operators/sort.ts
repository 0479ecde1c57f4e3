// sort / top: materialises the input, orders a permutation by the keys, then gathers.
import type { SortNode, TopNode } from '../../plan/nodes.js';
import type { Batch } from '../batch.js';
import { gather, getScalar } from '../vector.js';
import { materialize, type ExecContext, evalColumn } from '../pipeline.js';
import { compareScalars } from '../../values/compare.js';
import type { Scalar } from '../../types.js';

/**
 * Kusto's order (KUSTO-SEMANTICS 20): descending by default; nulls sort as the smallest value
 * unless `nulls first|last` says otherwise. The sort is stable.
 */
export function* sortOperator(node: SortNode | TopNode, ctx: ExecContext): Generator<Batch> {
  const all = materialize(node.input, ctx);
  if (all.n === 0) return;
  const keys = node.keys.map((k) => {
    const v = evalColumn(k.expr, all, ctx);
    const vals: Scalar[] = new Array(all.n);
    for (let i = 0; i < all.n; i++) vals[i] = getScalar(v, i);
    return { vals, type: k.expr.type, desc: k.descending, nullsFirst: k.nullsFirst };
  });
  const perm = Array.from({ length: all.n }, (_, i) => i);
  perm.sort((a, b) => {
    for (const k of keys) {
      const x = k.vals[a]!;
      const y = k.vals[b]!;
      const xn = x === null || (k.type === 'dynamic' && x === undefined);
      const yn = y === null || (k.type === 'dynamic' && y === undefined);
      if (xn || yn) {
        if (xn && yn) continue;
        return xn === k.nullsFirst ? -1 : 1;
      }
      const c = compareScalars(k.type, x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return a - b;
  });
  const n = node.kind === 'Top' ? Math.min(node.count, perm.length) : perm.length;
  const idx = Int32Array.from(perm.slice(0, n));
  yield { columns: all.columns.map((c) => gather(c, idx)), n, sel: null };
}
