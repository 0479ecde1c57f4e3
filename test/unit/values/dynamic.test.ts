import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dynamicEquals,
  dynamicToString,
  dynamicTypeName,
  extractJsonMember,
  MAX_JSON_DEPTH,
  hasUnsafeInteger,
  parseJson,
  parseJsonExact,
  stringifyDynamic,
} from '../../../src/values/dynamic.js';

describe('parseJson', () => {
  it('parses valid JSON (parse-json-function.md)', () => {
    const text = '{"duration":{"value":118.0,"count":5.0,"min":100.0,"max":150.0,"stdDev":0.0,"sampledValue":118.0,"sum":118.0}}';
    const v = parseJson(text);
    // the page's output column d prints as below
    expect(stringifyDynamic(v)).toBe('{"duration":{"value":118,"count":5,"min":100,"max":150,"stdDev":0,"sampledValue":118,"sum":118}}');
    expect(parseJson('[1, 2, 3]')).toEqual([1, 2, 3]);
    expect(parseJson(' "abc" ')).toBe('abc');
    expect(parseJson('1')).toBe(1);
    expect(parseJson('true')).toBe(true);
    expect(parseJson('null')).toBeNull();
  });

  it('nested JSON text needs a second parse (parse-json-function.md)', () => {
    const d = parseJson('{"a":123, "b":"{\\"c\\":456}"}') as { b: string };
    expect(extractJsonMember(dynamicToString(d.b), 'c')).toBe(456);
  });

  it('keeps invalid JSON as the text itself; blank text is null (gettype-function.md)', () => {
    expect(parseJson('abc')).toBe('abc');
    expect(parseJson('{"a":')).toBe('{"a":');
    expect(parseJson("{'a':1}")).toBe("{'a':1}");
    expect(parseJson('')).toBeNull();
    expect(parseJson('   ')).toBeNull();
  });

  it('does not blow the stack on pathological nesting', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJson(deep)).toBe(deep);
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(Array.isArray(parseJson(ok))).toBe(true);
    expect(stringifyDynamic(parseJson(ok))).toBe(ok);
    // brackets inside strings do not count
    const s = JSON.stringify({ a: '['.repeat(5000) });
    expect(parseJson(s)).toEqual({ a: '['.repeat(5000) });
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(() => parseJson(s)).not.toThrow();
    }));
  });
});

describe('text forms', () => {
  it('tostring(dynamic) (duckdb-kql test_dynamic_strings.py, measured)', () => {
    expect(dynamicToString('x')).toBe('x');
    expect(dynamicToString(1)).toBe('1');
    expect(dynamicToString(1.5)).toBe('1.5');
    expect(dynamicToString(true)).toBe('true');
    expect(dynamicToString([1, 2])).toBe('[1,2]');
    expect(dynamicToString({ a: 1 })).toBe('{"a":1}');
    expect(dynamicToString(null)).toBe('');
    expect(dynamicToString({ a: 1, b: [1, 2] })).toBe('{"a":1,"b":[1,2]}');
  });

  it('stringifies compactly and stays valid JSON', () => {
    expect(stringifyDynamic({ s: 'a"b', n: null, e: [], o: {} })).toBe('{"s":"a\\"b","n":null,"e":[],"o":{}}');
    expect(stringifyDynamic(1e20)).toBe('1E+20');
    expect(stringifyDynamic([NaN, Infinity])).toBe('["NaN","Infinity"]');
    expect(stringifyDynamic({ a: undefined, b: 1 })).toBe('{"b":1}');
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(dynamicEquals(JSON.parse(stringifyDynamic(v)), v)).toBe(true);
    }));
  });
});

describe('dynamicTypeName', () => {
  it('names the content as gettype does (duckdb-kql test_type_conversions.py, measured)', () => {
    expect(dynamicTypeName([1])).toBe('array');
    expect(dynamicTypeName({ a: 1 })).toBe('dictionary');
    expect(dynamicTypeName(null)).toBe('null');
    expect(dynamicTypeName(1)).toBe('long'); // gettype-function.md says int for parse_json('1'); the emulator says long
    expect(dynamicTypeName('s')).toBe('string');
    expect(dynamicTypeName(1.5)).toBe('double');
    expect(dynamicTypeName(true)).toBe('bool');
    expect(dynamicTypeName(undefined)).toBe('null'); // dynamic([1])[5]
  });
});

describe('dynamicEquals', () => {
  it('compares deeply, ignoring key order', () => {
    expect(dynamicEquals({ x: [1, 2], y: null }, { y: null, x: [1, 2] })).toBe(true);
    expect(dynamicEquals([1, 2], [2, 1])).toBe(false);
    expect(dynamicEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(dynamicEquals({ a: 1, c: 2 }, { a: 1, b: 2 })).toBe(false);
    expect(dynamicEquals([], {})).toBe(false);
    expect(dynamicEquals('1', 1)).toBe(false);
    expect(dynamicEquals(null, null)).toBe(true);
    expect(dynamicEquals(null, 0)).toBe(false);
    expect(dynamicEquals(NaN, NaN)).toBe(false);
  });
});

describe('extractJsonMember', () => {
  it('is parse_json(text)[key] with missing → null (KUSTO-SEMANTICS rule 18)', () => {
    expect(extractJsonMember('{"a":{"b":1}}', 'a')).toEqual({ b: 1 });
    expect(extractJsonMember(' {"a":null}', 'a')).toBeNull();
    expect(extractJsonMember('{"a":1}', 'b')).toBeNull();
    expect(extractJsonMember('[1]', '0')).toBeNull();
    expect(extractJsonMember('not json', 'a')).toBeNull();
    expect(extractJsonMember('{"toString":1}', 'toString')).toBe(1);
    expect(extractJsonMember('{}', 'toString')).toBeNull();
  });
});

describe('longs beyond 2^53 inside parsed JSON', () => {
  it('keeps integer literals beyond 2^53 exact, within the long range (by hand: 2^53 + 1 = 9007199254740993)', () => {
    expect(parseJson('9007199254740993')).toBe(9007199254740993n);
    expect(parseJson('[-9223372036854775808, 9223372036854775807, 9007199254740991]')).toEqual([-9223372036854775808n, 9223372036854775807n, 9007199254740991]);
    expect(parseJson('{"a": {"b": [1, 9007199254740993]}, "s": "x"}')).toEqual({ a: { b: [1, 9007199254740993n] }, s: 'x' });
    // wider than 64 bits, or with a fraction / exponent: a double, as JSON.parse reads it
    expect(parseJson('[92233720368547758070, 9007199254740993.0, 1e17]')).toEqual([92233720368547758070, 9007199254740992, 1e17]);
  });

  it('reads strings, escapes, whitespace and __proto__ as JSON.parse does on the exact path', () => {
    const text = ' { "__proto__" : 1 , "e\\u0041\\"" : [ "x\\\\", true, false, null, -0.5e-3 ] , "n" : 12345678901234567 } ';
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'eA"', 'n']);
    expect(v['eA"']).toEqual(['x\\', true, false, null, -0.0005]);
    expect(v.n).toBe(12345678901234567n);
    expect(stringifyDynamic(v)).toBe('{"__proto__":1,"eA\\"":["x\\\\",true,false,null,-0.0005],"n":12345678901234567}');
  });

  it('parseJsonExact agrees with JSON.parse on any JSON without integers beyond 2^53', () => {
    fc.assert(fc.property(fc.json(), (text) => {
      const v = JSON.parse(text) as unknown;
      fc.pre(!hasUnsafeInteger(v));
      expect(parseJsonExact(text)).toEqual(v);
    }), { seed: 7, numRuns: 300 });
  });

  it('long digits round-trip through stringifyDynamic', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 5 }), (xs) => {
      const text = `[${xs.join(',')}]`;
      expect(stringifyDynamic(parseJson(text))).toBe(text);
    }), { seed: 7, numRuns: 300 });
  });

  it('compares and equates a bigint member exactly', () => {
    expect(dynamicEquals(parseJson('[9007199254740993]'), parseJson('[9007199254740993]'))).toBe(true);
    expect(dynamicEquals(parseJson('[9007199254740993]'), [9007199254740992])).toBe(false);
    expect(dynamicTypeName(parseJson('9007199254740993'))).toBe('long');
    expect(dynamicTypeName(1e20)).toBe('double');
  });
});
