// Test helper: binds a scalar function definition to argument types and runs it on boxed values,
// the way the binder and evaluator will (signature choice, result type, implement, null propagation).
import type { KqlType, Scalar } from '../../../src/types.js';
import type { ArgInfo, ParamDef, ScalarFunctionDef, Signature } from '../../../src/functions/define.js';
import { expandParams, isRowFn } from '../../../src/functions/define.js';
import { allocVector, getScalar, isConst, setScalar, type Value } from '../../../src/exec/vector.js';

const accepts = (q: ParamDef, t: KqlType): boolean => q.types === 'any' || q.types.includes(t);

export function chooseSignature(def: ScalarFunctionDef, types: KqlType[]): Signature {
  for (const sig of def.signatures) {
    const params = expandParams(sig.params, types.length);
    if (params && params.every((q, k) => accepts(q, types[k]!))) return sig;
  }
  throw new Error(`${def.name}: no signature for (${types.join(', ')})`);
}

export interface CallOptions {
  /** pass argument values as ArgInfo constants (default true, as in `print f(...)`) */
  constants?: boolean;
  /** ctx.now for kernels */
  now?: bigint;
}

/** The bound result type for these argument types. */
export function resultTypeOf(def: ScalarFunctionDef, types: KqlType[], values?: Scalar[]): KqlType | undefined {
  const sig = chooseSignature(def, types);
  const args: ArgInfo[] = types.map((type, k) => (values ? { type, constant: { value: values[k]! } } : { type }));
  return typeof sig.returns === 'function' ? sig.returns(args) : sig.returns;
}

/**
 * Runs `def` on rows: `columns[k]` holds argument k's value for each row (a single value is a
 * constant broadcast to every row). Returns the result type and one value per row.
 */
export function callRows(
  def: ScalarFunctionDef, types: KqlType[], columns: (Scalar[] | { const: Scalar })[], options: CallOptions = {},
): { type: KqlType; values: Scalar[] } {
  const sig = chooseSignature(def, types);
  const args: ArgInfo[] = types.map((type, k) => {
    const c = columns[k]!;
    return 'const' in c && options.constants !== false ? { type, constant: { value: c.const } } : { type };
  });
  const type = typeof sig.returns === 'function' ? sig.returns(args) : sig.returns;
  if (type === undefined) throw new Error(`${def.name}: no result type for (${types.join(', ')})`);
  const n = Math.max(1, ...columns.map((c) => ('const' in c ? 1 : c.length)));
  const impl = def.implement(args, type);
  if (isRowFn(impl) || impl.kind === 'row') {
    const fn = isRowFn(impl) ? impl : impl.fn;
    const propagate = isRowFn(impl) ? true : impl.nullPropagating;
    const values: Scalar[] = [];
    for (let i = 0; i < n; i++) {
      const row = columns.map((c) => ('const' in c ? c.const : c[i]!));
      values.push(propagate && row.some((v) => v === null) ? null : fn(...row));
    }
    return { type, values };
  }
  const inputs: Value[] = columns.map((c, k) => {
    if ('const' in c) return { kind: 'const', type: types[k]!, value: c.const };
    const v = allocVector(types[k]!, n);
    c.forEach((x, i) => setScalar(v, i, x));
    return v;
  });
  const out = impl.kernel(inputs, n, null, { now: options.now ?? 0n });
  const values: Scalar[] = [];
  for (let i = 0; i < n; i++) values.push(isConst(out) ? out.value : getScalar(out, i));
  if (!isConst(out) && out.type !== type) throw new Error(`${def.name}: kernel returned ${out.type}, expected ${type}`);
  if (isConst(out) && out.type !== type) throw new Error(`${def.name}: kernel returned ${out.type}, expected ${type}`);
  return { type, values };
}

/** Runs `def` once on constant arguments (as `print f(...)` does). */
export function call(def: ScalarFunctionDef, types: KqlType[], values: Scalar[], options: CallOptions = {}): Scalar {
  return callRows(def, types, values.map((v) => ({ const: v })), options).values[0]!;
}

/** Runs `def` once on one-row vectors (the non-constant path). */
export function callVector(def: ScalarFunctionDef, types: KqlType[], values: Scalar[], options: CallOptions = {}): Scalar {
  return callRows(def, types, values.map((v) => [v]), options).values[0]!;
}

/** Finds a definition by name or alias in a family's list. */
export function fn(list: ScalarFunctionDef[], name: string): ScalarFunctionDef {
  const def = list.find((d) => d.name === name || d.aliases?.includes(name));
  if (!def) throw new Error(`no function ${name}`);
  return def;
}
