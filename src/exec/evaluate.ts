// Evaluates bound scalar expressions over a batch, column at a time.
import type { BoundExpr, BoundSubquery } from '../semantic/bound.js';
import type { Implementation, KernelContext } from '../functions/define.js';
import type { KqlType, Scalar } from '../types.js';
import type { Batch } from './batch.js';
import { allocVector, getScalar, isConst, setNull, setScalar, type ConstValue, type Value, type Vector } from './vector.js';
import { scalarReader } from '../functions/scalar/operators.js';

export interface EvalContext {
  kernel: KernelContext;
  /** the value of a subquery (`toscalar`, `in (T)`), computed once per run */
  subquery(s: BoundSubquery): Scalar;
}

export function evaluate(e: BoundExpr, batch: Batch, ctx: EvalContext): Value {
  switch (e.kind) {
    case 'Column':
      return batch.columns[e.index]!;
    case 'Const':
      return { kind: 'const', type: e.type, value: e.value };
    case 'Subquery':
      return { kind: 'const', type: e.type, value: ctx.subquery(e) };
    case 'Call': {
      const args = e.args.map((a) => evaluate(a, batch, ctx));
      return apply(e.impl, args, e.type, batch.n, batch.sel, ctx.kernel, !e.foldable);
    }
  }
}

/** `perRow`: a row function that is not pure (rand, new_guid) is called for every row, even with constant arguments. */
export function apply(impl: Implementation, args: Value[], type: KqlType, n: number, sel: Int32Array | null, kctx: KernelContext, perRow = false): Value {
  if (impl.kind === 'vector') {
    // constant arguments: one row computes the constant (kernels that see only constants answer
    // with row 0, which a selection may not include)
    if (args.length > 0 && args.every(isConst)) {
      const one = impl.kernel(args, 1, null, kctx);
      return isConst(one) ? one : { kind: 'const', type, value: getScalar(one, 0) };
    }
    return impl.kernel(args, n, sel, kctx);
  }
  const fn = impl.fn;
  const nullProp = impl.nullPropagating;
  if (args.every(isConst) && !perRow) {
    const vals = args.map((a) => (a as ConstValue).value);
    const v = nullProp && vals.some((x) => x === null) ? null : fn(...vals);
    return { kind: 'const', type, value: v === undefined ? null : v };
  }
  const out = allocVector(type, n);
  const readers = args.map(scalarReader);
  const put = (i: number, v: Scalar) => {
    if (v === null || v === undefined) setNull(out, i);
    else setScalar(out, i, v);
  };
  const count = sel === null ? n : sel.length;
  switch (readers.length) {
    case 1: {
      const r0 = readers[0]!;
      for (let k = 0; k < count; k++) {
        const i = sel === null ? k : sel[k]!;
        const a = r0(i);
        put(i, nullProp && a === null ? null : fn(a));
      }
      break;
    }
    case 2: {
      const r0 = readers[0]!;
      const r1 = readers[1]!;
      for (let k = 0; k < count; k++) {
        const i = sel === null ? k : sel[k]!;
        const a = r0(i);
        const b = r1(i);
        put(i, nullProp && (a === null || b === null) ? null : fn(a, b));
      }
      break;
    }
    default: {
      const vals = new Array<Scalar>(readers.length);
      for (let k = 0; k < count; k++) {
        const i = sel === null ? k : sel[k]!;
        let anyNull = false;
        for (let j = 0; j < readers.length; j++) {
          const v = readers[j]!(i);
          vals[j] = v;
          if (v === null) anyNull = true;
        }
        put(i, nullProp && anyNull ? null : fn(...vals));
      }
    }
  }
  return out;
}

/** The value of row i of a Value. */
export const valueAt = (v: Value, i: number): Scalar => (isConst(v) ? v.value : getScalar(v as Vector, i));
