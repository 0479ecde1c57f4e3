// Orders and equates boxed KQL values: the comparison behind sort, top, min/max and equality.
import type { KqlType, Scalar } from '../types.js';
import { dynamicEquals, isJsonObject } from './dynamic.js';
import { compareDecBoxes } from './decimal.js';
import { compareLongs } from './long.js';

/**
 * Doubles in sort order: NaN first (below -Infinity, as .NET's `Double.CompareTo` orders them and
 * so Kusto's sort; doubt: not documented), NaN equal to NaN, -0 equal to 0.
 */
export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aNaN = Number.isNaN(a);
  return aNaN === Number.isNaN(b) ? 0 : aNaN ? -1 : 1;
}

/** Ordinal (case-sensitive) string order by UTF-16 code units, as Kusto sorts strings. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rank of a dynamic value's kind in the total order: null < bool < number < string < array < bag. */
function dynamicRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    default:
      return Array.isArray(v) ? 4 : 5;
  }
}

/**
 * A total order over dynamic values (Kusto refuses `<` on dynamics, but sort still needs one):
 * kinds ranked null < bool < number < string < array < bag; numbers numerically, strings ordinally,
 * arrays element by element then by length, bags by their sorted keys then values key by key.
 */
export function compareDynamic(a: unknown, b: unknown): number {
  const ra = dynamicRank(a);
  const rb = dynamicRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      // a long beyond 2^53 (bigint) against another number: exactly
      if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
      const c = compareLongs(a as number | bigint, b as number | bigint);
      return Number.isNaN(c) ? (typeof a === 'number' ? -1 : 1) : c; // NaN sorts first
    case 3:
      return compareStrings(a as string, b as string);
    case 4: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareDynamic(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
    }
    default: {
      if (!isJsonObject(a) || !isJsonObject(b)) return 0;
      const ka = Object.keys(a).sort(compareStrings);
      const kb = Object.keys(b).sort(compareStrings);
      const n = Math.min(ka.length, kb.length);
      for (let i = 0; i < n; i++) {
        const c = compareStrings(ka[i]!, kb[i]!);
        if (c !== 0) return c;
      }
      if (ka.length !== kb.length) return ka.length < kb.length ? -1 : 1;
      for (const k of ka) {
        const c = compareDynamic(a[k], b[k]);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

/**
 * Sort comparison of two values of one type: negative, zero or positive. Nulls are the smallest
 * value (KUSTO-SEMANTICS rule 20: first ascending, last descending); strings and guids ordinal;
 * false < true; numbers as `compareNumbers`; datetimes by ticks; dynamics as `compareDynamic`.
 */
export function compareScalars(type: KqlType, a: Scalar, b: Scalar): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
  switch (type) {
    case 'string':
    case 'guid':
      return compareStrings(a as string, b as string);
    case 'bool':
      return a === b ? 0 : a ? 1 : -1;
    case 'datetime':
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case 'dynamic':
      return compareDynamic(a, b);
    case 'decimal':
      // a box is a number or exact digits (values/decimal.ts)
      return typeof a === 'number' && typeof b === 'number' ? compareNumbers(a, b) : compareDecBoxes(a as number | string, b as number | string);
    default:
      return compareNumbers(a as number, b as number);
  }
}

/**
 * `==` between two values of one type: null never equals anything, itself included (rule 6);
 * NaN never equals NaN (IEEE, as .NET's `==`); dynamics compare deeply.
 */
export function scalarEquals(type: KqlType, a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return false;
  if (type === 'dynamic') return dynamicEquals(a, b);
  return a === b;
}
