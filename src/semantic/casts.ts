// Implicit and literal conversions between KQL types, as bound-expression implementations.
import type { KqlType } from '../types.js';
import { isNumeric } from '../types.js';
import type { Implementation } from '../functions/define.js';
import { convertTo } from '../values/convert.js';
import { allocVector, isConst, type Vector } from '../exec/vector.js';

/**
 * How a value of type `from` becomes `to`: numeric widening always; with `lenient` (datatable cells,
 * function parameters declared with a type) any conversion `convertTo` knows.
 */
export function castImplementation(from: KqlType, to: KqlType, lenient: boolean): Implementation | undefined {
  if (isNumeric(from) && isNumeric(to) && to !== 'int') {
    return {
      kind: 'vector',
      kernel: (args, n, sel) => {
        const a = args[0]!;
        if (isConst(a)) return { kind: 'const', type: to, value: a.value };
        const out = allocVector(to, n) as Extract<Vector, { data: Float64Array }>;
        const src = a.data as ArrayLike<number>;
        if (sel === null) for (let i = 0; i < n; i++) out.data[i] = src[i]!;
        else for (let k = 0; k < sel.length; k++) out.data[sel[k]!] = src[sel[k]!]!;
        out.nulls = a.nulls;
        return out;
      },
    };
  }
  if (to === 'dynamic' || lenient) {
    return { kind: 'row', fn: (v) => convertTo(to, from, v), nullPropagating: true };
  }
  return undefined;
}
