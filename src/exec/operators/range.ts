// `range x from a to b step s`: an inclusive arithmetic sequence of longs, reals, datetimes or timespans.
import type { RangeNode } from '../../plan/nodes.js';
import { BATCH_SIZE, type Batch } from '../batch.js';
import { allocVector, getScalar, isConst, setScalar } from '../vector.js';
import type { ExecContext } from '../pipeline.js';
import { RowLimitExceeded } from '../pipeline.js';
import { evaluate } from '../evaluate.js';
import type { Scalar } from '../../types.js';

export function* rangeOperator(node: RangeNode, ctx: ExecContext): Generator<Batch> {
  const one: Batch = { columns: [], n: 1, sel: null };
  const val = (e: RangeNode['from']): Scalar => {
    const v = evaluate(e, one, ctx);
    return isConst(v) ? v.value : getScalar(v, 0);
  };
  const from = val(node.from);
  const to = val(node.to);
  const step = val(node.step);
  if (from === null || to === null || step === null) return;
  const isDt = node.type === 'datetime';
  const f = isDt ? Number(from as bigint) : (from as number);
  const t = isDt ? Number(to as bigint) : (to as number);
  const s = step as number;
  if (s === 0 || (s > 0 && f > t) || (s < 0 && f < t)) return;
  const count = Math.floor((t - f) / s) + 1;
  if (count > ctx.limits.maxRows) throw new RowLimitExceeded(`range would produce ${count} rows, more than the limit of ${ctx.limits.maxRows}`);
  for (let start = 0; start < count; start += BATCH_SIZE) {
    ctx.checkDeadline();
    const n = Math.min(BATCH_SIZE, count - start);
    const v = allocVector(node.type, n);
    for (let k = 0; k < n; k++) {
      const x = f + (start + k) * s;
      setScalar(v, k, isDt ? (from as bigint) + BigInt(Math.round((start + k) * s)) : x);
    }
    yield { columns: [v], n, sel: null };
  }
}
