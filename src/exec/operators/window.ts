// Window functions (window-functions.md): computed in row order over the whole serialized input.
import type { WindowCall, WindowNode } from '../../plan/nodes.js';
import type { Batch } from '../batch.js';
import { allocVector, getScalar, isNullAt, setNull, setScalar, type Vector } from '../vector.js';
import { evalColumn, materialize, type ExecContext } from '../pipeline.js';
import { compareScalars } from '../../values/compare.js';
import type { KqlType, Scalar } from '../../types.js';
import { boxDec, decAdd, unboxDec, type Dec, type DecBox } from '../../values/decimal.js';

export function* windowOperator(node: WindowNode, ctx: ExecContext): Generator<Batch> {
  const all = materialize(node.input, ctx);
  const columns = [...all.columns];
  for (const call of node.calls) {
    const batch: Batch = { columns, n: all.n, sel: null };
    const args = call.args.map((a) => evalColumn(a, batch, ctx));
    columns.push(computeWindow(call, args, all.n));
  }
  if (all.n === 0) return;
  yield { columns, n: all.n, sel: null };
}

const restartAt = (v: Vector | undefined, i: number): boolean =>
  v !== undefined && !isNullAt(v, i) && (v.data as Uint8Array)[i] === 1;

const sameValue = (type: KqlType, a: Scalar, b: Scalar): boolean => {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn;
  return compareScalars(type, a, b) === 0;
};

function computeWindow(call: WindowCall, args: Vector[], n: number): Vector {
  const out = allocVector(call.type, n);
  switch (call.fn) {
    case 'row_number': {
      // row_number([StartingIndex [, Restart]]): StartingIndex on the first row and wherever Restart is true
      const start = args[0] ? (getScalar(args[0], 0) as number | null) ?? 1 : 1;
      let cur = start - 1;
      for (let i = 0; i < n; i++) {
        cur = i === 0 || restartAt(args[1], i) ? start : cur + 1;
        setScalar(out, i, cur);
      }
      return out;
    }
    case 'prev':
    case 'next': {
      // prev(column [, offset [, default]]): the value `offset` rows before (after); default (null) outside
      const col = args[0]!;
      const offset = args[1] ? (getScalar(args[1], 0) as number | null) ?? 1 : 1;
      const dir = call.fn === 'prev' ? -1 : 1;
      for (let i = 0; i < n; i++) {
        const j = i + dir * offset;
        if (j >= 0 && j < n) setScalar(out, i, getScalar(col, j));
        else if (args[2]) setScalar(out, i, getScalar(args[2], i));
        else setNull(out, i);
      }
      return out;
    }
    case 'row_cumsum': {
      // nulls add nothing (assumption: the docs do not say); Restart sets the running sum back to 0
      const term = args[0]!;
      if (call.type === 'decimal') {
        // exact (values/decimal.ts); a sum past 38 digits is null from there on, until a restart
        let dsum: Dec | null = { m: 0n, s: 0 };
        for (let i = 0; i < n; i++) {
          if (restartAt(args[1], i)) dsum = { m: 0n, s: 0 };
          const v = getScalar(term, i) as DecBox | null;
          const d = v === null ? null : unboxDec(v);
          if (d !== null && dsum !== null) dsum = decAdd(dsum, d);
          setScalar(out, i, dsum === null ? null : boxDec(dsum));
        }
        return out;
      }
      let sum = 0;
      for (let i = 0; i < n; i++) {
        if (restartAt(args[1], i)) sum = 0;
        const v = getScalar(term, i) as number | null;
        if (v !== null) sum = call.type === 'int' ? (sum + v) | 0 : sum + v;
        setScalar(out, i, sum);
      }
      return out;
    }
    case 'row_rank_dense':
    case 'row_rank_min': {
      // dense: 1 + the number of value changes so far; min: the row position of the first row with this value
      const term = args[0]!;
      const t = term.type;
      let rank = 0;
      let pos = 0;
      let prev: Scalar = null;
      for (let i = 0; i < n; i++) {
        const v = getScalar(term, i);
        const restart = i === 0 || restartAt(args[1], i);
        if (restart) {
          pos = 1;
          rank = 1;
        } else {
          pos++;
          if (!sameValue(t, v, prev)) rank = call.fn === 'row_rank_dense' ? rank + 1 : pos;
        }
        prev = v;
        setScalar(out, i, rank);
      }
      return out;
    }
    case 'row_window_session': {
      // row_window_session(Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart])
      const expr = args[0]!;
      const maxFirst = getScalar(args[1]!, 0) as number | null;
      const maxNeighbor = getScalar(args[2]!, 0) as number | null;
      let start: bigint | null = null;
      let last: bigint | null = null;
      for (let i = 0; i < n; i++) {
        const v = getScalar(expr, i) as bigint | null;
        if (v === null) {
          start = null;
          last = null;
          setNull(out, i);
          continue;
        }
        const fresh = start === null || last === null || restartAt(args[3], i) ||
          (maxFirst !== null && v >= start + BigInt(maxFirst)) ||
          (maxNeighbor !== null && v >= last + BigInt(maxNeighbor));
        if (fresh) start = v;
        last = v;
        setScalar(out, i, start);
      }
      return out;
    }
  }
  throw new Error(`unknown window function '${call.fn}'`);
}
