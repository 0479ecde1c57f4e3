// Dynamic (array and property bag) functions: array_length, pack_array, bag_pack, bag_keys,
// array_concat, array_slice, array_index_of, set_has_element, bag_has_key, zip.
import type { KqlType, Scalar } from '../../types.js';
import { convertTo, toStringValue } from '../../values/convert.js';
import { dynamicEquals, isJsonObject, setMember } from '../../values/dynamic.js';
import { defineScalar, DYNAMIC, INTEGER, p, STRING, type RowFn, type ScalarFunctionDef } from '../define.js';
import { searchIndex } from './string.js';

/**
 * A scalar as the dynamic value that holds it: strings stay strings (they are not parsed as JSON,
 * unlike todynamic), datetimes and timespans become their text, numbers and bools themselves.
 */
export function toDynamicValue(type: KqlType, v: Scalar): Scalar {
  if (v === null) return null;
  if (type === 'string' || type === 'guid') return v;
  return convertTo('dynamic', type, v);
}

const isArray = (v: Scalar): v is unknown[] => Array.isArray(v);

const arrayLength = defineScalar({
  name: 'array_length',
  signatures: [{ params: [p('array', DYNAMIC)], returns: 'long' }],
  doc: 'The number of elements of a dynamic array; null when the value is not an array.',
  example: `print array_length(dynamic([1, 2, 3, "four"]))`,
  implement: () => (a) => (isArray(a) ? a.length : null),
});

const packArray = defineScalar({
  name: 'pack_array',
  exactLong: 'any', // a long value beyond 2^53 is stored into the dynamic exactly
  signatures: [{ params: [p('value', 'any', { repeatable: true })], returns: 'dynamic' }],
  doc: 'A dynamic array of its arguments (nulls included).',
  example: `print pack_array(1, "2", 3s)`,
  implement: (args) => {
    const types = args.map((a) => a.type);
    const fn: RowFn = (...vs) => vs.map((v, k) => toDynamicValue(types[k]!, v));
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const bagPack = defineScalar({
  name: 'bag_pack',
  exactLong: 'any', // a long value beyond 2^53 is stored into the dynamic exactly
  aliases: ['pack', 'pack_dictionary'],
  signatures: [
    {
      // key and value repeat as a pair (catalog: key*, value*)
      params: [p('key', STRING, { repeatable: true }), p('value', 'any', { repeatable: true })],
      returns: 'dynamic',
    },
  ],
  doc: 'A dynamic property bag from alternating keys and values.',
  example: `print bag_pack("Level", "Information", "ProcessID", 1234, "Data", bag_pack("url", "www.bing.com"))`,
  implement: (args) => {
    const types = args.map((a) => a.type);
    const fn: RowFn = (...vs) => {
      const bag: { [k: string]: unknown } = {};
      for (let k = 0; k + 1 < vs.length; k += 2) {
        const key = toStringValue(types[k]!, vs[k]!);
        setMember(bag, key, toDynamicValue(types[k + 1]!, vs[k + 1]!));
      }
      return bag;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const bagKeys = defineScalar({
  name: 'bag_keys',
  signatures: [{ params: [p('object', DYNAMIC)], returns: 'dynamic' }],
  doc: 'The keys of a dynamic property bag as an array; null when the value is not a bag.',
  example: `print bag_keys(dynamic({"a": "b", "c": 123}))`,
  implement: () => (bag) => (isJsonObject(bag) ? Object.keys(bag) : null),
});

const arrayConcat = defineScalar({
  name: 'array_concat',
  signatures: [{ params: [p('array', DYNAMIC, { repeatable: true })], returns: 'dynamic' }],
  doc: 'Concatenates dynamic arrays; null when any argument is not an array.',
  example: `print array_concat(dynamic([1, 2]), dynamic([3]))`,
  implement: () => (...arrays) => {
    const out: unknown[] = [];
    for (const a of arrays) {
      if (!isArray(a)) return null;
      for (const x of a) out.push(x);
    }
    return out;
  },
});

/** An index into an array of `n`: negative counts from the end. */
const fromEnd = (i: number, n: number): number => (i < 0 ? n + i : i);

const arraySlice = defineScalar({
  name: 'array_slice',
  signatures: [{ params: [p('array', DYNAMIC), p('start', INTEGER), p('end', INTEGER)], returns: 'dynamic' }],
  doc: 'The elements from start to end inclusive (negative indexes count from the end); null when not an array.',
  example: `print a = array_slice(dynamic([1, 2, 3]), 1, 2), b = array_slice(dynamic([1, 2, 3, 4, 5]), -3, -2)`,
  implement: () => (a, start, end) => {
    if (!isArray(a)) return null;
    const n = a.length;
    const from = Math.max(0, fromEnd(start as number, n));
    const to = Math.min(n - 1, fromEnd(end as number, n));
    return from > to ? [] : a.slice(from, to + 1);
  },
});

/** Finds a scalar (converted to dynamic) among an array's elements by deep equality. */
function elementMatcher(type: KqlType) {
  return (a: unknown[], v: Scalar) => {
    const target = toDynamicValue(type, v);
    return (i: number) => dynamicEquals(a[i] ?? null, target);
  };
}

const arrayIndexOf = defineScalar({
  name: 'array_index_of',
  exactLong: 'any', // a long value beyond 2^53 is stored into the dynamic exactly
  signatures: [
    {
      params: [
        p('array', DYNAMIC), p('value', 'any'),
        p('start', INTEGER, { optional: true }), p('length', INTEGER, { optional: true }),
        p('occurrence', INTEGER, { optional: true, constant: true }),
      ],
      returns: 'long',
    },
  ],
  doc: 'The index of the first (or n-th) element equal to a value, or -1; null when not an array.',
  example: `print a = array_index_of(dynamic(["this", "is", "an", "example"]), "an"), b = array_index_of(dynamic([1, 2, 3]), 5)`,
  implement: (args) => {
    const matcher = elementMatcher(args[1]!.type);
    const fn: RowFn = (a, v, start, length, occurrence) => {
      if (!isArray(a) || v === null || start === null || length === null || occurrence === null) return null;
      return searchIndex(
        a.length, 1, matcher(a, v),
        (start as number | undefined) ?? 0, (length as number | undefined) ?? -1, (occurrence as number | undefined) ?? 1,
      );
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const setHasElement = defineScalar({
  name: 'set_has_element',
  exactLong: 'any', // a long value beyond 2^53 is stored into the dynamic exactly
  signatures: [{ params: [p('set', DYNAMIC), p('value', 'any')], returns: 'bool' }],
  doc: 'True when a dynamic array contains a value; null when not an array.',
  example: `print set_has_element(dynamic(["this", "is", "an", "example"]), "example")`,
  implement: (args) => {
    const matcher = elementMatcher(args[1]!.type);
    return (a, v) => {
      if (!isArray(a)) return null;
      const at = matcher(a, v);
      for (let i = 0; i < a.length; i++) if (at(i)) return true;
      return false;
    };
  },
});

/**
 * The steps of a JSONPath key (`$.a.b`, `$['a'][0]`), or null when it is not one; a key not
 * starting with `$` is a plain key.
 */
export function jsonPathSteps(key: string): (string | number)[] | null {
  if (!key.startsWith('$')) return [key];
  const steps: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(-?\d+)\s*\]/y;
  let i = 1;
  while (i < key.length) {
    re.lastIndex = i;
    const m = re.exec(key);
    if (m === null) return null;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(m[2]);
    else if (m[3] !== undefined) steps.push(m[3]);
    else steps.push(Number(m[4]));
    i = re.lastIndex;
  }
  return steps;
}

const bagHasKey = defineScalar({
  name: 'bag_has_key',
  signatures: [{ params: [p('bag', DYNAMIC), p('key', STRING)], returns: 'bool' }],
  doc: "True when a property bag has a key; the key may be a JSONPath such as '$.a.b'.",
  example: `print a = bag_has_key(dynamic({"key1": 123, "key2": "abc"}), "key2"), b = bag_has_key(dynamic({"k": {"p": 1}}), "$.k.p")`,
  implement: () => (bag, key) => {
    if (!isJsonObject(bag)) return false;
    const steps = jsonPathSteps(key as string);
    if (steps === null) return false;
    let cur: unknown = bag;
    for (const step of steps) {
      if (typeof step === 'number') {
        if (!Array.isArray(cur)) return false;
        const i = fromEnd(step, cur.length);
        if (i < 0 || i >= cur.length) return false;
        cur = cur[i];
      } else {
        if (!isJsonObject(cur) || !Object.prototype.hasOwnProperty.call(cur, step)) return false;
        cur = cur[step];
      }
    }
    return true;
  },
});

const zip = defineScalar({
  name: 'zip',
  signatures: [{ params: [p('array', DYNAMIC, { repeatable: true })], returns: 'dynamic' }],
  doc: 'Zips arrays into an array of tuples; shorter arrays are padded with null.',
  example: `print zip(dynamic([1, 3, 5]), dynamic([2, 4, 6]))`,
  implement: () => (...arrays) => {
    if (!arrays.every(isArray)) return null;
    const lists = arrays as unknown[][];
    const n = Math.max(0, ...lists.map((a) => a.length));
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(lists.map((a) => (i < a.length ? a[i] : null)));
    return out;
  },
});

export const dynamicFunctions: ScalarFunctionDef[] = [
  arrayLength, packArray, bagPack, bagKeys, arrayConcat, arraySlice, arrayIndexOf, setHasElement, bagHasKey, zip,
];
