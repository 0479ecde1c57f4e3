// Hashable keys for grouping and joining: one JS primitive per row, equal exactly when Kusto's values are.
import type { Vector } from '../vector.js';
import { stringifyDynamic } from '../../values/dynamic.js';
import { MAX_SAFE } from '../../values/long.js';

/**
 * A function giving row i's key (undefined for null). Numbers of any numeric type share one key space
 * (1 == 1.0); datetimes with sub-millisecond ticks get exact string keys.
 */
export function keyReader(v: Vector): (i: number) => string | number | undefined {
  const nulls = v.nulls;
  switch (v.type) {
    case 'string':
      return (i) => v.data[i]!;
    case 'guid':
      return (i) => (nulls !== null && nulls[i] === 1 ? undefined : v.data[i]!);
    case 'dynamic':
      return (i) => {
        const x = v.data[i];
        if (x === null || x === undefined) return undefined;
        return typeof x === 'object' ? `j${stringifyDynamic(x)}` : typeof x === 'string' ? `s${x}` : `p${String(x)}`;
      };
    case 'datetime': {
      const sub = v.sub;
      return (i) => {
        if (nulls !== null && nulls[i] === 1) return undefined;
        const ms = v.data[i]!;
        return sub === null || sub[i] === 0 ? ms : `${ms}.${sub[i]}`;
      };
    }
    case 'long':
      if (v.big) {
        // values beyond 2^53 (exact sidecar): keyed by their exact digits, so neighbours never merge
        const data = v.data;
        const big = v.big;
        return (i) => {
          if (nulls !== null && nulls[i] === 1) return undefined;
          const x = data[i]!;
          return x <= MAX_SAFE && x >= -MAX_SAFE ? x : `L${big[i]}`;
        };
      }
      return numberKeys(v.data, nulls);
    case 'decimal':
      if (v.exact) {
        // values that are not a double's shortest digits: keyed by their exact digits
        const data = v.data;
        const ex = v.exact;
        return (i) => {
          if (nulls !== null && nulls[i] === 1) return undefined;
          const s = ex[i];
          return s === undefined ? data[i]! : `D${s}`;
        };
      }
      return numberKeys(v.data, nulls);
    default:
      return numberKeys(v.data as ArrayLike<number>, nulls);
  }
}

function numberKeys(data: ArrayLike<number>, nulls: Uint8Array | null): (i: number) => number | undefined {
  return (i) => (nulls !== null && nulls[i] === 1 ? undefined : data[i]!);
}

/** Composite key of several columns (null when any part is null, unless nullsMatch). */
export function compositeKeyReader(vs: Vector[], nullsMatch: boolean): (i: number) => string | number | undefined {
  if (vs.length === 1) {
    const r = keyReader(vs[0]!);
    return nullsMatch ? (i) => r(i) ?? '\u0000null' : r;
  }
  const rs = vs.map(keyReader);
  return (i) => {
    let s = '';
    for (let j = 0; j < rs.length; j++) {
      const k = rs[j]!(i);
      if (k === undefined) {
        if (!nullsMatch) return undefined;
        s += '\u0000null\u0001';
      } else s += `${typeof k === 'number' ? 'n' : 's'}${k}\u0001`;
    }
    return s;
  };
}
