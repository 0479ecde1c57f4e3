// Conditional functions: iif/case/coalesce selection and result types, null and empty tests.
import { describe, expect, it } from 'vitest';
import { conditionalFunctions } from '../../../src/functions/scalar/conditional.js';
import { commonNonDynamicType, commonType, widestType } from '../../../src/functions/scalar/conditional.js';
import { parseDateTime } from '../../../src/values/datetime.js';
import { call, callRows, callVector, fn, resultTypeOf } from './call.js';

const f = (name: string) => fn(conditionalFunctions, name);
const dt = (s: string) => parseDateTime(s)!;

describe('type rules (checked against Microsoft analyzer 12.4.1)', () => {
  it('CommonNonDynamic: iif/case', () => {
    expect(commonNonDynamicType(['string', 'long'])).toBe('dynamic'); // iif(b, "a", 1)
    expect(commonNonDynamicType(['int', 'real'])).toBe('real'); // iff(b, int(1), 2.0)
    expect(commonNonDynamicType(['long', 'int'])).toBe('long');
    expect(commonNonDynamicType(['dynamic', 'long'])).toBe('long'); // iif(b, dynamic(1), 2)
    expect(commonNonDynamicType(['string', 'dynamic'])).toBe('string');
    expect(commonNonDynamicType(['dynamic', 'dynamic'])).toBe('dynamic');
    expect(commonNonDynamicType(['bool', 'long'])).toBe('dynamic');
    expect(commonNonDynamicType(['decimal', 'real'])).toBe('decimal');
    expect(commonNonDynamicType(['datetime', 'timespan'])).toBe('dynamic');
  });
  it('Common: coalesce/min_of/max_of', () => {
    expect(commonType(['int', 'long'])).toBe('long');
    expect(commonType(['int', 'int'])).toBe('int');
    expect(commonType(['long', 'int', 'real'])).toBe('real');
    expect(commonType(['string', 'long'])).toBeUndefined();
    expect(commonType(['dynamic', 'long'])).toBeUndefined();
    expect(commonType(['datetime', 'timespan'])).toBeUndefined();
  });
  it('Widest: bin promotes int to long', () => {
    expect(widestType([{ type: 'int' }, { type: 'int' }])).toBe('long');
    expect(widestType([{ type: 'int' }, { type: 'real' }])).toBe('real');
    expect(widestType([{ type: 'long' }, { type: 'decimal' }])).toBe('decimal');
  });
  it('result types through the signatures', () => {
    expect(resultTypeOf(f('iif'), ['bool', 'string', 'long'])).toBe('dynamic');
    expect(resultTypeOf(f('iff'), ['bool', 'int', 'real'])).toBe('real');
    expect(resultTypeOf(f('case'), ['bool', 'string', 'bool', 'long', 'real'])).toBe('dynamic');
    expect(resultTypeOf(f('case'), ['bool', 'dynamic', 'bool', 'int', 'int'])).toBe('int');
    expect(resultTypeOf(f('coalesce'), ['int', 'long'])).toBe('long');
  });
});

describe('iif', () => {
  it('selects per row without mixing types', () => {
    const r = callRows(f('iif'), ['bool', 'long', 'long'], [[true, false, null], [1, 2, 3], [10, 20, 30]]);
    expect(r).toEqual({ type: 'long', values: [1, 20, 30] }); // null condition → else
  });
  it('constant condition returns the branch', () => {
    expect(call(f('iif'), ['bool', 'string', 'string'], [true, 'yes', 'no'])).toBe('yes');
    expect(call(f('iif'), ['bool', 'string', 'string'], [null, 'yes', 'no'])).toBe('no');
  });
  it('converts branches to the common type', () => {
    const r = callRows(f('iif'), ['bool', 'int', 'real'], [[true, false], [1, 2], [0.5, 1.5]]);
    expect(r).toEqual({ type: 'real', values: [1, 1.5] });
    const d = callRows(f('iif'), ['bool', 'string', 'long'], [[true, false], ['1', 'a'], [5, 6]]);
    expect(d).toEqual({ type: 'dynamic', values: ['1', 6] }); // strings stay strings in dynamic
  });
  it('keeps datetime precision and nulls', () => {
    const a = dt('2020-01-01T00:00:00.1234567Z');
    const r = callRows(f('iif'), ['bool', 'datetime', 'datetime'], [[true, false, true], [a, a, null], [a, null, a]]);
    expect(r.values).toEqual([a, null, null]);
  });
});

describe('case', () => {
  // case-function.md: buckets by Size
  it('first true predicate wins, else the last argument', () => {
    const sizes = [1, 3, 5, 7, 9, 11, 13, 15];
    const r = callRows(
      f('case'), ['bool', 'string', 'bool', 'string', 'string'],
      [sizes.map((s) => s <= 3), { const: 'Small' }, sizes.map((s) => s <= 10), { const: 'Medium' }, { const: 'Large' }],
    );
    expect(r.values).toEqual(['Small', 'Small', 'Medium', 'Medium', 'Medium', 'Large', 'Large', 'Large']);
  });
  it('all-constant predicates', () => {
    expect(call(f('case'), ['bool', 'long', 'bool', 'long', 'long'], [false, 1, true, 2, 3])).toBe(2);
    expect(call(f('case'), ['bool', 'long', 'long'], [null, 1, 3])).toBe(3);
  });
});

describe('coalesce', () => {
  // coalesce-function.md: coalesce(tolong("not a number"), tolong("42"), 33) = 42
  it('first non-null', () => {
    expect(call(f('coalesce'), ['long', 'long', 'long'], [null, 42, 33])).toBe(42);
    expect(callVector(f('coalesce'), ['long', 'long', 'long'], [null, 42, 33])).toBe(42);
    expect(callVector(f('coalesce'), ['long', 'long'], [null, null])).toBeNull();
  });
  it('first non-empty for strings', () => {
    expect(callVector(f('coalesce'), ['string', 'string', 'string'], ['', 'b', 'c'])).toBe('b');
    expect(call(f('coalesce'), ['string', 'string'], ['', ''])).toBe('');
  });
  it('widens ints', () => {
    const r = callRows(f('coalesce'), ['int', 'real'], [[null, 2], [1.5, 2.5]]);
    expect(r).toEqual({ type: 'real', values: [1.5, 2] });
  });
  it('dynamic nulls are skipped', () => {
    expect(callVector(f('coalesce'), ['dynamic', 'dynamic'], [null, [1]])).toEqual([1]);
  });
});

describe('null and empty tests', () => {
  it('isnull / isnotnull: strings are never null', () => {
    expect(call(f('isnull'), ['long'], [null])).toBe(true);
    expect(call(f('isnull'), ['string'], [''])).toBe(false);
    expect(call(f('isnull'), ['dynamic'], [null])).toBe(true);
    expect(call(f('isnotnull'), ['long'], [1])).toBe(true);
    expect(call(f('notnull'), ['real'], [null])).toBe(false);
  });
  // isempty-function.md
  it('isempty / isnotempty', () => {
    expect(call(f('isempty'), ['string'], [''])).toBe(true);
    expect(call(f('isempty'), ['string'], ['x'])).toBe(false);
    expect(call(f('isempty'), ['dynamic'], [null])).toBe(true); // parsejson("")
    expect(call(f('isempty'), ['dynamic'], [[]])).toBe(false);
    expect(call(f('isempty'), ['dynamic'], [{}])).toBe(false);
    expect(call(f('isempty'), ['long'], [null])).toBe(true);
    expect(call(f('isempty'), ['long'], [0])).toBe(false);
    expect(call(f('isnotempty'), ['string'], ['x'])).toBe(true);
  });
  it('not', () => {
    expect(call(f('not'), ['bool'], [true])).toBe(false);
    expect(call(f('not'), ['bool'], [null])).toBeNull();
  });
  // gettype-function.md (parse_json('1') is 'long' on the emulator; the doc says 'int')
  it('gettype', () => {
    expect(call(f('gettype'), ['string'], ['a'])).toBe('string');
    expect(call(f('gettype'), ['long'], [111])).toBe('long');
    expect(call(f('gettype'), ['bool'], [true])).toBe('bool');
    expect(call(f('gettype'), ['timespan'], [1])).toBe('timespan');
    expect(call(f('gettype'), ['real'], [123.45])).toBe('real');
    expect(call(f('gettype'), ['dynamic'], [{ abc: 1 }])).toBe('dictionary');
    expect(call(f('gettype'), ['dynamic'], [[1, 2, 3]])).toBe('array');
    expect(call(f('gettype'), ['dynamic'], [null])).toBe('null');
    expect(call(f('gettype'), ['long'], [null])).toBe('long');
  });
});

describe('vector kernels honour the selection', () => {
  it('iif, case and coalesce compute exactly the selected rows', async () => {
    const { allocVector, setScalar, getScalar, isConst } = await import('../../../src/exec/vector.js');
    const { isRowFn } = await import('../../../src/functions/define.js');
    const vec = (type: 'bool' | 'long' | 'string', xs: (boolean | number | string | null)[]) => {
      const v = allocVector(type, xs.length);
      xs.forEach((x, i) => setScalar(v, i, x));
      return v;
    };
    const cond = vec('bool', [true, false, null, true, false]);
    const a = vec('long', [1, 2, 3, 4, 5]);
    const b = vec('long', [10, 20, 30, 40, null]);
    const sel = Int32Array.from([1, 3, 4]);
    for (const [name, args] of [['iif', [cond, a, b]], ['case', [cond, a, b]], ['coalesce', [b, a]]] as const) {
      const def = f(name);
      const info = args.map((v) => ({ type: v.type }));
      const impl = def.implement(info, 'long');
      if (isRowFn(impl) || impl.kind !== 'vector') throw new Error('expected a kernel');
      const out = impl.kernel([...args], 5, sel, { now: 0n });
      if (isConst(out)) throw new Error('expected a vector');
      const got = [...sel].map((i) => getScalar(out, i));
      const want = name === 'coalesce' ? [20, 40, 5] : [20, 4, null];
      expect(got, name).toEqual(want);
    }
  });
});
