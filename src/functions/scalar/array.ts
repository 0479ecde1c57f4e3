// Array, set and property-bag functions over dynamic values: array_sort_asc/desc, array_shift_*,
// array_rotate_*, array_split, array_iff, array_sum, array_reverse, strcat_array, set_union/intersect/
// difference/equals, jaccard_index, bag_merge, bag_remove_keys, bag_set_key, bag_zip, range, repeat,
// dynamic_to_json, extract_json, treepath. Non-array (non-bag) input yields null unless a page says otherwise.
import type { KqlType, Scalar } from '../../types.js';
import { TICKS_PER_SECOND } from '../../types.js';
import { compareDynamic, compareStrings } from '../../values/compare.js';
import { convertTo } from '../../values/convert.js';
import { dynamicEquals, dynamicNumber, dynamicToString, getMember, hasMember, isJsonObject, parseJson, setMember, stringifyDynamic, type JsonObject } from '../../values/dynamic.js';
import { inDateTimeRange } from '../../values/datetime.js';
import { parseTypeName } from '../../types.js';
import {
  defineScalar, DYNAMIC, INTEGER, NUMBER, p, STRING,
  type ArgInfo, type Implementation, type RowFn, type ScalarFunctionDef,
} from '../define.js';
import { jsonPathSteps, toDynamicValue } from './dynamic.js';

const isArray = (v: Scalar): v is unknown[] => Array.isArray(v);

/** A row function that also runs on null arguments (the function decides). */
const total = (fn: RowFn) => ({ kind: 'row' as const, fn, nullPropagating: false });

// ───────────────────────────── sorting ─────────────────────────────

/**
 * Element rank for array_sort_*: numbers (datetimes and timespans are numbers or their text in a
 * dynamic), then strings (guids are strings in a dynamic), then everything else (array-sort-asc-function.md).
 */
const sortRank = (v: unknown): number => (typeof v === 'number' || typeof v === 'bigint' ? 0 : typeof v === 'string' ? 1 : 2);

function compareForSort(a: unknown, b: unknown): number {
  const ra = sortRank(a);
  const rb = sortRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return typeof a === 'number' && typeof b === 'number' ? a - b : compareDynamic(a, b); // a long beyond 2^53 is a bigint
  if (ra === 1) return compareStrings(a as string, b as string);
  return compareDynamic(a, b);
}

/**
 * Sorts the first array (stable), reorders the others to match; arrays whose length differs from
 * the first become null. One array → the sorted array; several → an array of the sorted arrays
 * (the binder spreads them into columns or `[k]` picks one).
 */
function sortArrays(arrays: Scalar[], descending: boolean, nullsLast: boolean): Scalar {
  const first = arrays[0] ?? null;
  if (!isArray(first)) return arrays.length === 1 ? null : arrays.map(() => null);
  const order = first.map((_, i) => i);
  const isNull = (v: unknown) => v === null || v === undefined;
  order.sort((i, j) => {
    const a = first[i];
    const b = first[j];
    if (isNull(a) || isNull(b)) {
      if (isNull(a) && isNull(b)) return 0;
      return isNull(a) === nullsLast ? 1 : -1;
    }
    const c = compareForSort(a, b);
    return descending ? -c : c;
  });
  const sorted = arrays.map((a) => (isArray(a) && a.length === first.length ? order.map((i) => a[i] ?? null) : null));
  return arrays.length === 1 ? sorted[0]! : sorted;
}

function arraySort(name: string, descending: boolean) {
  const dir = descending ? 'descending' : 'ascending';
  return defineScalar({
    name,
    signatures: [
      { params: [p('array', DYNAMIC, { repeatable: true })], returns: 'dynamic' },
      { params: [p('array', DYNAMIC, { repeatable: true }), p('nulls_last', ['bool'])], returns: 'dynamic' },
    ],
    doc: `Sorts the first array in ${dir} order (nulls last unless nulls_last is false) and reorders the other arrays to match; several arrays give one column each.`,
    example: `print ${name}(dynamic([null, "blue", "yellow", "green", null]), false)`,
    implement: (args) => {
      const hasFlag = args.length > 1 && args[args.length - 1]!.type === 'bool';
      return total((...vs) => {
        const arrays = hasFlag ? vs.slice(0, -1) : vs;
        const flag = hasFlag ? vs[vs.length - 1] : true;
        return sortArrays(arrays, descending, flag !== false);
      });
    },
  });
}

const arraySortAsc = arraySort('array_sort_asc', false);
const arraySortDesc = arraySort('array_sort_desc', true);

// ───────────────────────────── shifting and rotating ─────────────────────────────

function shift(name: string, sign: 1 | -1, example: string) {
  return defineScalar({
    name,
    exactLong: 'any', // the fill value is stored into the array exactly
    signatures: [
      { params: [p('array', DYNAMIC), p('shift_count', INTEGER), p('default_value', 'any', { optional: true })], returns: 'dynamic' },
    ],
    doc: `Shifts the elements ${sign > 0 ? 'left' : 'right'} by a count (negative shifts the other way), filling with null or a default value.`,
    example,
    implement: (args) => {
      const fillType = args[2]?.type;
      return total((a, count, fill) => {
        if (!isArray(a) || count === null) return null;
        const fillValue = fillType === undefined || fill === undefined ? null : toDynamicValue(fillType, fill);
        const n = a.length;
        const k = sign * (count as number);
        // out[i] = a[i + k] (a left shift by k), or the fill value outside the array
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) {
          const j = i + k;
          out.push(j >= 0 && j < n ? a[j] : fillValue);
        }
        return out;
      });
    },
  });
}

const arrayShiftLeft = shift('array_shift_left', 1, `print a = array_shift_left(dynamic([1, 2, 3, 4, 5]), 2), b = array_shift_left(dynamic([1, 2, 3, 4, 5]), -2, -1)`);
const arrayShiftRight = shift('array_shift_right', -1, `print a = array_shift_right(dynamic([1, 2, 3, 4, 5]), 2), b = array_shift_right(dynamic([1, 2, 3, 4, 5]), 2, -1)`);

function rotate(name: string, sign: 1 | -1, example: string) {
  return defineScalar({
    name,
    signatures: [{ params: [p('array', DYNAMIC), p('rotate_count', INTEGER)], returns: 'dynamic' }],
    doc: `Rotates the elements ${sign > 0 ? 'left' : 'right'} by a count (negative rotates the other way).`,
    example,
    implement: () => (a, count) => {
      if (!isArray(a)) return null;
      const n = a.length;
      if (n === 0) return [];
      const k = (((sign * (count as number)) % n) + n) % n;
      return [...a.slice(k), ...a.slice(0, k)];
    },
  });
}

const arrayRotateLeft = rotate('array_rotate_left', 1, `print array_rotate_left(dynamic([1, 2, 3, 4, 5]), 2)`);
const arrayRotateRight = rotate('array_rotate_right', -1, `print array_rotate_right(dynamic([1, 2, 3, 4, 5]), 2)`);

// ───────────────────────────── split, iff, sum, reverse, strcat ─────────────────────────────

const arraySplit = defineScalar({
  name: 'array_split',
  signatures: [
    { params: [p('array', DYNAMIC), p('indices', INTEGER)], returns: 'dynamic' },
    { params: [p('array', DYNAMIC), p('indices', DYNAMIC)], returns: 'dynamic' },
  ],
  doc: 'Splits an array at an index or at each index of an array of indexes (negative indexes count from the end).',
  example: `print a = array_split(dynamic([1, 2, 3, 4, 5]), 2), b = array_split(dynamic([1, 2, 3, 4, 5]), dynamic([1, 3]))`,
  implement: () => (a, indices) => {
    if (!isArray(a)) return null;
    const list = isArray(indices) ? indices : [indices];
    const n = a.length;
    const cuts: number[] = [];
    for (const x of list) {
      if (typeof x !== 'number' || !Number.isFinite(x)) return null;
      const i = Math.trunc(x) < 0 ? n + Math.trunc(x) : Math.trunc(x);
      cuts.push(Math.min(n, Math.max(0, i)));
    }
    const out: unknown[] = [];
    let from = 0;
    for (const c of cuts) {
      const to = Math.max(from, c);
      out.push(a.slice(from, to));
      from = to;
    }
    out.push(a.slice(from));
    return out;
  },
});

const arrayIff = defineScalar({
  name: 'array_iff',
  exactLong: 'any', // a long value beyond 2^53 is stored into the dynamic exactly
  aliases: ['array_iif'],
  signatures: [{ params: [p('condition_array', DYNAMIC), p('when_true', 'any'), p('when_false', 'any')], returns: 'dynamic' }],
  doc: 'Element-wise iff over an array of conditions: the element of when_true or when_false (arrays, or scalars for every element); null for a non-bool condition or a missing element.',
  example: `print array_iff(dynamic([true, false, true]), dynamic([1, 2, 3]), dynamic([4, 5, 6]))`,
  implement: (args) => {
    const [, t, f] = args as [ArgInfo, ArgInfo, ArgInfo];
    const pick = (type: KqlType, v: Scalar, i: number): unknown => {
      if (type === 'dynamic') return isArray(v) ? (v[i] ?? null) : null;
      return toDynamicValue(type, v);
    };
    return total((cond, whenTrue, whenFalse) => {
      if (!isArray(cond)) return null;
      return cond.map((c, i) => (c === true ? pick(t.type, whenTrue!, i) : c === false ? pick(f.type, whenFalse!, i) : null));
    });
  },
});

const arraySum = defineScalar({
  name: 'array_sum',
  signatures: [{ params: [p('array', DYNAMIC)], returns: 'real' }],
  doc: 'The sum of the elements of a numeric array; null when the value is not an array or holds a non-numeric element.',
  example: `print array_sum(dynamic([1, 2, 3, 4]))`,
  implement: () => (a) => {
    if (!isArray(a)) return null;
    let s = 0;
    for (const x of a) {
      const v = dynamicNumber(x); // a long beyond 2^53 (bigint) adds as its nearest double: the sum is real
      if (v === null) return null;
      s += v;
    }
    return s;
  },
});

const arrayReverse = defineScalar({
  name: 'array_reverse',
  signatures: [{ params: [p('array', DYNAMIC)], returns: 'dynamic' }],
  doc: 'The elements of an array in reverse order; null when the value is not an array.',
  example: `print array_reverse(dynamic(["this", "is", "an", "example"]))`,
  implement: () => (a) => (isArray(a) ? [...a].reverse() : null),
});

const strcatArray = defineScalar({
  name: 'strcat_array',
  aliases: ['array_strcat'],
  // the analyzer takes any scalar as the delimiter (read as its text)
  signatures: [{ params: [p('array', DYNAMIC), p('delimiter', 'any')], returns: 'string' }],
  doc: 'The elements of an array as text, joined by a delimiter (any value, as its text); empty when the value is not an array.',
  example: `print a = strcat_array(dynamic([1, 2, 3]), "->"), b = strcat_array(dynamic(["a", null, "c"]), ",")`,
  implement: (args) => {
    const t = args[1]!.type;
    return total((a, delim) => (isArray(a) ? a.map((x) => dynamicToString(x)).join(delim === null ? '' : convertTo('string', t, delim) as string) : ''));
  },
});

// ───────────────────────────── sets ─────────────────────────────

/** Distinct elements (deep equality), in first-seen order. */
function distinct(values: Iterable<unknown>): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) {
    const key = stringifyDynamic(v ?? null);
    if (!seen.has(key)) seen.set(key, v ?? null);
  }
  return [...seen.values()];
}

const keyOf = (v: unknown) => stringifyDynamic(v ?? null);

function setFunction(name: string, doc: string, example: string, combine: (arrays: unknown[][]) => unknown[]) {
  return defineScalar({
    name,
    signatures: [{ params: [p('set1', DYNAMIC), p('set', DYNAMIC, { repeatable: true })], returns: 'dynamic' }],
    doc,
    example,
    implement: () => total((...vs) => (vs.every(isArray) ? combine(vs as unknown[][]) : null)),
  });
}

const setUnion = setFunction(
  'set_union', 'The distinct elements of all the arrays; null when an argument is not an array.',
  `print set_union(dynamic([1, 2, 1]), dynamic([2, 4]))`,
  (arrays) => distinct(arrays.flat()),
);

const setIntersect = setFunction(
  'set_intersect', 'The distinct elements every array holds; null when an argument is not an array.',
  `print set_intersect(dynamic([1, 2, 3]), dynamic([2, 3, 4]))`,
  (arrays) => {
    const others = arrays.slice(1).map((a) => new Set(a.map(keyOf)));
    return distinct(arrays[0]!).filter((v) => others.every((s) => s.has(keyOf(v))));
  },
);

const setDifference = setFunction(
  'set_difference', 'The distinct elements of the first array that no other array holds; null when an argument is not an array.',
  `print set_difference(dynamic([1, 2, 3]), dynamic([1, 2]))`,
  (arrays) => {
    const others = new Set(arrays.slice(1).flat().map(keyOf));
    return distinct(arrays[0]!).filter((v) => !others.has(keyOf(v)));
  },
);

const setEquals = defineScalar({
  name: 'set_equals',
  signatures: [{ params: [p('set1', DYNAMIC), p('set2', DYNAMIC)], returns: 'bool' }],
  doc: 'True when two arrays hold the same distinct elements (order and repeats ignored); null when an argument is not an array.',
  example: `print a = set_equals(dynamic([1, 2, 3]), dynamic([3, 1, 2, 1])), b = set_equals(dynamic([1]), dynamic([1, 2]))`,
  implement: () => (a, b) => {
    if (!isArray(a) || !isArray(b)) return null;
    const x = new Set(a.map(keyOf));
    const y = new Set(b.map(keyOf));
    return x.size === y.size && [...x].every((k) => y.has(k));
  },
});

const jaccardIndex = defineScalar({
  name: 'jaccard_index',
  // the analyzer's catalog declares the result dynamic (the docs name no type): a number inside a dynamic
  signatures: [{ params: [p('set1', DYNAMIC), p('set2', DYNAMIC)], returns: 'dynamic' }],
  doc: 'The Jaccard index of two arrays as sets: |intersection| / |union| of their distinct elements (a dynamic number, as the analyzer types it).',
  example: `print jaccard_index(dynamic([1, 2, 3]), dynamic([1, 2, 3, 4]))`,
  implement: () => (a, b) => {
    if (!isArray(a) || !isArray(b)) return null;
    const x = new Set(a.map(keyOf));
    const y = new Set(b.map(keyOf));
    const union = new Set([...x, ...y]).size;
    if (union === 0) return null;
    let common = 0;
    for (const k of x) if (y.has(k)) common++;
    return common / union;
  },
});

// ───────────────────────────── bags ─────────────────────────────

const bagMerge = defineScalar({
  name: 'bag_merge',
  signatures: [{ params: [p('bag1', DYNAMIC), p('bag', DYNAMIC, { repeatable: true })], returns: 'dynamic' }],
  doc: 'Merges property bags; on a repeated key the earlier bag wins. Arguments that are not bags are skipped.',
  example: `print bag_merge(dynamic({"A1": 12, "B1": 2}), dynamic({"A2": 81, "A1": 1}))`,
  implement: () => total((...bags) => {
    const out: JsonObject = {};
    for (const b of bags) {
      if (!isJsonObject(b)) continue;
      for (const [k, v] of Object.entries(b)) if (!hasMember(out, k)) setMember(out, k, v);
    }
    return out;
  }),
});

/** A deep copy of a dynamic value (results must not share structure with their inputs' mutable parts). */
/** A deep copy of a dynamic value (a long beyond 2^53, a bigint, is copied as is; `__proto__` stays a member). */
function clone(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone);
  const out: JsonObject = {};
  for (const k of Object.keys(v)) setMember(out, k, clone((v as JsonObject)[k]));
  return out;
}

const bagRemoveKeys = defineScalar({
  name: 'bag_remove_keys',
  signatures: [{ params: [p('bag', DYNAMIC), p('keys', DYNAMIC)], returns: 'dynamic' }],
  doc: "A property bag without the given keys; a key may be a JSONPath such as '$.a.b'. Null when the value is not a bag.",
  example: `print bag_remove_keys(dynamic({"key1": 123, "key2": {"prop1": "abc", "prop2": "xyz"}}), dynamic(["$.key2.prop1", "key4"]))`,
  implement: () => (bag, keys) => {
    if (!isJsonObject(bag)) return null;
    if (!isArray(keys)) return bag;
    const out = clone(bag) as JsonObject;
    for (const key of keys) {
      if (typeof key !== 'string') continue;
      const steps = jsonPathSteps(key);
      if (steps === null || steps.length === 0) continue;
      let cur: unknown = out;
      for (let i = 0; i < steps.length - 1 && cur !== undefined; i++) {
        const s = steps[i]!;
        cur = typeof s === 'string' && isJsonObject(cur) ? getMember(cur, s) : undefined;
      }
      const last = steps[steps.length - 1]!;
      if (isJsonObject(cur) && typeof last === 'string' && hasMember(cur, last)) delete cur[last];
    }
    return out;
  },
});

const bagSetKey = defineScalar({
  name: 'bag_set_key',
  exactLong: 'any', // a long value beyond 2^53 is stored into the dynamic exactly
  signatures: [{ params: [p('bag', DYNAMIC), p('key', STRING), p('value', 'any')], returns: 'dynamic' }],
  doc: "A property bag with a key set to a value (replacing any old value); a JSONPath key such as '$.a.b' creates the missing levels.",
  example: `print bag_set_key(dynamic({"key1": 123}), "$.key2.prop1", "abc")`,
  implement: (args) => {
    const valueType = args[2]!.type;
    return total((bag, key, value) => {
      if (!isJsonObject(bag) || typeof key !== 'string') return null;
      const steps = jsonPathSteps(key);
      if (steps === null || steps.length === 0 || steps.some((s) => typeof s !== 'string')) return null;
      const out = clone(bag) as JsonObject;
      let cur = out;
      for (let i = 0; i < steps.length - 1; i++) {
        const s = steps[i] as string;
        const next = getMember(cur, s);
        if (isJsonObject(next)) cur = next;
        else {
          const level: JsonObject = {};
          setMember(cur, s, level);
          cur = level;
        }
      }
      setMember(cur, steps[steps.length - 1] as string, value === null ? null : toDynamicValue(valueType, value!));
      return out;
    });
  },
});

const bagZip = defineScalar({
  name: 'bag_zip',
  signatures: [{ params: [p('keys', DYNAMIC), p('values', DYNAMIC)], returns: 'dynamic' }],
  doc: 'A property bag from an array of keys and an array of values (missing values are null, and all are when the values are not an array; non-string keys are skipped).',
  example: `print bag_zip(dynamic(["a", "b", "c"]), dynamic([1, "2", 3.4]))`,
  implement: () => (keys, values) => {
    if (!isArray(keys)) return null;
    // bag-zip.md: values that are not an array fill every key with null
    const vals = isArray(values) ? values : [];
    const out: JsonObject = {};
    keys.forEach((k, i) => {
      if (typeof k === 'string') setMember(out, k, vals[i] ?? null);
    });
    return out;
  },
});

// ───────────────────────────── range, repeat ─────────────────────────────

/** range() stops at this many elements (range-function.md). */
export const MAX_RANGE_ELEMENTS = 1_048_576;

const range = defineScalar({
  name: 'range',
  signatures: [
    { params: [p('start', NUMBER), p('stop', NUMBER), p('step', NUMBER, { optional: true })], returns: 'dynamic' },
    { params: [p('start', ['datetime']), p('stop', ['datetime']), p('step', ['timespan'], { optional: true })], returns: 'dynamic' },
    { params: [p('start', ['timespan']), p('stop', ['timespan']), p('step', ['timespan'], { optional: true })], returns: 'dynamic' },
  ],
  doc: `A dynamic array of the values from start to stop by step (default 1, or 1h for datetimes and timespans); at most ${MAX_RANGE_ELEMENTS} elements.`,
  example: `print a = range(1, 8, 3), b = range(datetime(2024-01-01), datetime(2024-01-01 02:00), 1h)`,
  implement: (args) => {
    const type = args[0]!.type;
    const defaultStep = type === 'datetime' || type === 'timespan' ? 3600 * TICKS_PER_SECOND : 1;
    return total((start, stop, step) => {
      if (start === null || stop === null || step === null) return null;
      const s = step === undefined ? defaultStep : Number(step);
      if (s === 0 || !Number.isFinite(s)) return null;
      const out: unknown[] = [];
      if (type === 'datetime') {
        const a = start as bigint;
        const b = stop as bigint;
        const st = BigInt(Math.round(s));
        if (st === 0n) return null;
        for (let t = a; (st > 0n ? t <= b : t >= b) && out.length < MAX_RANGE_ELEMENTS; t += st) {
          if (!inDateTimeRange(t)) break;
          out.push(convertTo('dynamic', 'datetime', t));
        }
        return out;
      }
      const a = start as number;
      const b = stop as number;
      for (let k = 0; out.length < MAX_RANGE_ELEMENTS; k++) {
        const v = a + k * s;
        if (s > 0 ? v > b : v < b) break;
        out.push(type === 'timespan' ? convertTo('dynamic', 'timespan', v) : v);
      }
      return out;
    });
  },
});

const repeat = defineScalar({
  name: 'repeat',
  exactLong: 'any', // a long value beyond 2^53 is stored into the dynamic exactly
  signatures: [{ params: [p('value', 'any'), p('count', INTEGER)], returns: 'dynamic' }],
  doc: 'An array holding a value count times (empty for count 0; null for a negative or null count).',
  example: `print a = repeat(1, 3), b = repeat("a", 0)`,
  implement: (args) => {
    const type = args[0]!.type;
    return total((v, count) => {
      // repeat-function.md: "If count is less than zero, a null value is returned."
      if (count === null || (count as number) < 0) return null;
      const n = Math.min(count as number, MAX_RANGE_ELEMENTS);
      const x = v === null ? null : toDynamicValue(type, v!);
      return Array.from({ length: n }, () => x);
    });
  },
});

// ───────────────────────────── JSON ─────────────────────────────

/** JSON text with every bag's keys sorted, recursively (dynamic-to-json-function.md). */
function sortedJson(v: unknown): string {
  if (isArray(v as Scalar)) return '[' + (v as unknown[]).map((x) => sortedJson(x ?? null)).join(',') + ']';
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort(compareStrings);
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + sortedJson(v[k] ?? null)).join(',') + '}';
  }
  return stringifyDynamic(v);
}

const dynamicToJson = defineScalar({
  name: 'dynamic_to_json',
  // the analyzer takes any scalar (a typed value is its dynamic form first, as todynamic makes it)
  signatures: [{ params: [p('obj', 'any')], returns: 'string' }],
  doc: 'A value as JSON text, with property bags sorted by key (a canonical form).',
  example: `print dynamic_to_json(dynamic({"b": 2, "a": [1, {"d": 4, "c": 3}]}))`,
  implement: (args) => {
    const t = args[0]!.type;
    return total((v) => sortedJson(v === null ? null : t === 'dynamic' ? v : toDynamicValue(t, v)));
  },
});

/** The value a JSONPath selects inside a JSON value, or undefined. */
function selectPath(root: unknown, steps: (string | number)[]): unknown {
  let cur = root;
  for (const s of steps) {
    if (typeof s === 'number') {
      if (!isArray(cur as Scalar)) return undefined;
      const a = cur as unknown[];
      cur = a[s < 0 ? a.length + s : s];
    } else {
      if (!isJsonObject(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = cur[s];
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

function extractJsonResultType(args: ArgInfo[]): KqlType | undefined {
  if (args.length < 3) return 'string';
  const t = args[2]!.constant?.value;
  return typeof t === 'string' ? parseTypeName(t) : undefined;
}

const extractJson = defineScalar({
  name: 'extract_json',
  aliases: ['extractjson'],
  signatures: [
    { params: [p('jsonPath', STRING), p('dataSource', STRING)], returns: 'string' },
    { params: [p('jsonPath', STRING), p('dataSource', STRING), p('typeLiteral', STRING, { constant: true })], returns: extractJsonResultType },
  ],
  doc: 'The element a JSONPath ($.a.b, $[0], $["k"]) selects in JSON text, as text or converted to the type of typeof(T); null (empty text) when it is missing.',
  example: `print a = extract_json("$.name", '{"name": "John", "age": 30}'), b = extract_json("$.age", '{"name": "John", "age": 30}', typeof(long))`,
  implement: (_args, resultType) => {
    const empty = resultType === 'string' ? '' : null;
    return total((path, text) => {
      if (typeof path !== 'string' || typeof text !== 'string') return empty;
      const steps = path.startsWith('$') ? jsonPathSteps(path) : null;
      if (steps === null) return empty;
      const v = selectPath(parseJson(text), steps);
      if (v === undefined || v === null) return empty;
      if (resultType === 'dynamic') return v as Scalar;
      const s = dynamicToString(v);
      return resultType === 'string' ? s : convertTo(resultType, 'string', s);
    });
  },
});

/** treepath: every path in a dynamic value, as `['a']['b']`, arrays as `[0]` (all elements share it), depth first. */
function treePaths(v: unknown, prefix: string, out: Set<string>): void {
  if (isJsonObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      const p = `${prefix}['${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
      out.add(p);
      treePaths(x, p, out);
    }
  } else if (Array.isArray(v)) {
    const p = `${prefix}[0]`;
    if (v.length > 0) out.add(p);
    for (const x of v) treePaths(x, p, out);
  }
}

const treepath = defineScalar({
  name: 'treepath',
  signatures: [{ params: [p('object', DYNAMIC)], returns: 'dynamic' }],
  doc: "All the path expressions in a dynamic value (`['a']`, `['a'][0]`; every array element shares [0]).",
  example: `print treepath(parse_json('{"prop1": [1, 2, 3, 4], "prop2": "value2"}'))`,
  implement: () => (v) => {
    const out = new Set<string>();
    treePaths(v, '', out);
    return [...out];
  },
});

// ───────────────────────────── pack_all, bag_pack_columns ─────────────────────────────

/**
 * A bag of named values, for pack_all and bag_pack_columns (the binder supplies the row's columns and
 * their names); with `ignoreNullEmpty`, null values and empty strings are left out (pack-all-function.md).
 */
export function packImplementation(names: string[], types: KqlType[], ignoreNullEmpty: boolean): Implementation {
  const fn: RowFn = (...vs) => {
    const out: JsonObject = {};
    vs.forEach((v, i) => {
      if (ignoreNullEmpty && (v === null || v === '')) return;
      setMember(out, names[i]!, v === null ? null : toDynamicValue(types[i]!, v!));
    });
    return out;
  };
  return { kind: 'row', fn, nullPropagating: false };
}

const bindsItself = (): Implementation => {
  throw new Error('bound by the binder');
};

const packAll = defineScalar({
  name: 'pack_all',
  signatures: [{ params: [p('ignore_null_empty', ['bool'], { optional: true })], returns: 'dynamic' }],
  doc: 'A property bag of all the columns of the row; with true, null and empty values are left out.',
  example: `datatable(Source: string, Target: string, Count: long) ['555-1234', '', 46] | extend a = pack_all(), b = pack_all(true)`,
  implement: bindsItself,
});

const bagPackColumns = defineScalar({
  name: 'bag_pack_columns',
  signatures: [{ params: [p('column', 'any', { repeatable: true })], returns: 'dynamic' }],
  doc: 'A property bag of the given columns, keyed by their names.',
  example: `datatable(Id: string, Value: string, Other: long) ["A", "val_a", 1] | extend Packed = bag_pack_columns(Id, Value)`,
  implement: bindsItself,
});

export const arrayFunctions: ScalarFunctionDef[] = [
  packAll, bagPackColumns,
  arraySortAsc, arraySortDesc, arrayShiftLeft, arrayShiftRight, arrayRotateLeft, arrayRotateRight, arraySplit,
  arrayIff, arraySum, arrayReverse, strcatArray, setUnion, setIntersect, setDifference, setEquals, jaccardIndex,
  bagMerge, bagRemoveKeys, bagSetKey, bagZip, range, repeat, dynamicToJson, extractJson, treepath,
];
