// Zero-copy (typed arrays) or shallow-copy (string/dynamic arrays) slices of a vector.
import type { Vector } from '../vector.js';

export function sliceVector(v: Vector, start: number, end: number): Vector {
  const nulls = v.nulls === null ? null : v.nulls.subarray(start, end);
  const length = end - start;
  switch (v.type) {
    case 'string':
    case 'guid':
      return { type: v.type, length, data: v.data.slice(start, end), nulls };
    case 'dynamic':
      return { type: 'dynamic', length, data: v.data.slice(start, end), nulls: null };
    case 'datetime':
      return { type: 'datetime', length, data: v.data.subarray(start, end), sub: v.sub ? v.sub.subarray(start, end) : null, nulls };
    case 'bool':
      return { type: 'bool', length, data: v.data.subarray(start, end), nulls };
    case 'int':
      return { type: 'int', length, data: v.data.subarray(start, end), nulls };
    default:
      return { type: v.type, length, data: v.data.subarray(start, end), nulls };
  }
}
