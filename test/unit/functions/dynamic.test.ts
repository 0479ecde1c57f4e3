// Dynamic functions, pinned on the documentation's examples (page cited per block).
import { describe, expect, it } from 'vitest';
import { dynamicFunctions } from '../../../src/functions/scalar/dynamic.js';
import { TICKS_PER_SECOND } from '../../../src/types.js';
import { call, callRows, fn } from './call.js';

const f = (name: string) => fn(dynamicFunctions, name);

describe('arrays', () => {
  // array-length-function.md
  it('array_length', () => {
    expect(call(f('array_length'), ['dynamic'], [[1, 2, 3, 'four']])).toBe(4);
    expect(call(f('array_length'), ['dynamic'], [{ a: 1 }])).toBeNull();
    expect(call(f('array_length'), ['dynamic'], ['abc'])).toBeNull();
    expect(call(f('array_length'), ['dynamic'], [null])).toBeNull();
  });
  // pack-array-function.md
  it('pack_array', () => {
    expect(call(f('pack_array'), ['long', 'long', 'long'], [1, 2, 4])).toEqual([1, 2, 4]);
    expect(call(f('pack_array'), ['long', 'string', 'timespan'], [1, '2', 2 * TICKS_PER_SECOND])).toEqual([1, '2', '00:00:02']);
    expect(call(f('pack_array'), ['long', 'string'], [null, '{"a":1}'])).toEqual([null, '{"a":1}']);
  });
  // array-concat-function.md
  it('array_concat', () => {
    expect(call(f('array_concat'), ['dynamic', 'dynamic'], [[1, 2, 4], [1, 2]])).toEqual([1, 2, 4, 1, 2]);
    expect(call(f('array_concat'), ['dynamic', 'dynamic'], [[1], { a: 1 }])).toBeNull();
  });
  // array-slice-function.md
  it('array_slice', () => {
    expect(call(f('array_slice'), ['dynamic', 'long', 'long'], [[1, 2, 3], 1, 2])).toEqual([2, 3]);
    expect(call(f('array_slice'), ['dynamic', 'long', 'long'], [[1, 2, 3, 4, 5], 2, -1])).toEqual([3, 4, 5]);
    expect(call(f('array_slice'), ['dynamic', 'long', 'long'], [[1, 2, 3, 4, 5], -3, -2])).toEqual([3, 4]);
    expect(call(f('array_slice'), ['dynamic', 'long', 'long'], [[1, 2, 3], 2, 1])).toEqual([]);
    expect(call(f('array_slice'), ['dynamic', 'long', 'long'], [[1, 2, 3], 1, 10])).toEqual([2, 3]);
    expect(call(f('array_slice'), ['dynamic', 'long', 'long'], ['x', 0, 1])).toBeNull();
  });
  // array-index-of-function.md
  it('array_index_of', () => {
    const arr = ['this', 'is', 'an', 'example', 'an', 'example'];
    const idx = (...args: (string | number)[]) =>
      call(f('array_index_of'), ['dynamic', 'string', ...args.slice(1).map(() => 'long' as const)], [arr, ...args]);
    expect([
      idx('an'), idx('example', 1, 3), idx('example', 1, 2), idx('is', 2, 4), idx('example', 2, -1),
      idx('an', 1, -1, 2), idx('an', 1, -1, 3), idx('an', -3), idx('is', -4),
    ]).toEqual([2, 3, -1, -1, 3, 4, -1, 4, -1]);
    expect(call(f('array_index_of'), ['dynamic', 'long'], [[1, 2, 3], 5])).toBe(-1);
    expect(call(f('array_index_of'), ['dynamic', 'long'], [[1, 2, 3], 2])).toBe(1);
    expect(call(f('array_index_of'), ['dynamic', 'long'], [{ a: 1 }, 2])).toBeNull();
  });
  // set-has-element-function.md
  it('set_has_element', () => {
    expect(call(f('set_has_element'), ['dynamic', 'string'], [['this', 'is', 'an', 'example'], 'example'])).toBe(true);
    expect(call(f('set_has_element'), ['dynamic', 'long'], [[1, 2], 3])).toBe(false);
  });
  // zip-function.md
  it('zip', () => {
    expect(call(f('zip'), ['dynamic', 'dynamic'], [[1, 3, 5], [2, 4, 6]])).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(call(f('zip'), ['dynamic', 'dynamic'], [['A', 1, 1.5], [{}, 'B']])).toEqual([['A', {}], [1, 'B'], [1.5, null]]);
    expect(call(f('zip'), ['dynamic', 'dynamic'], [[1], 'x'])).toBeNull();
  });
});

describe('bags', () => {
  // pack-function.md
  it('bag_pack / pack', () => {
    const inner = call(f('bag_pack'), ['string', 'string'], ['url', 'www.bing.com']);
    expect(call(f('bag_pack'), ['string', 'string', 'string', 'long', 'string', 'dynamic'], ['Level', 'Information', 'ProcessID', 1234, 'Data', inner]))
      .toEqual({ Level: 'Information', ProcessID: 1234, Data: { url: 'www.bing.com' } });
    const r = callRows(f('pack'), ['string', 'int', 'string', 'string'], [{ const: 'Dest' }, [100, null], { const: 'Text' }, ['Hi', '']]);
    expect(r.values).toEqual([{ Dest: 100, Text: 'Hi' }, { Dest: null, Text: '' }]);
  });
  // bag-keys-function.md
  it('bag_keys', () => {
    expect(call(f('bag_keys'), ['dynamic'], [{ a: 'b', c: 123 }])).toEqual(['a', 'c']);
    expect(call(f('bag_keys'), ['dynamic'], [{}])).toEqual([]);
    expect(call(f('bag_keys'), ['dynamic'], [null])).toBeNull();
    expect(call(f('bag_keys'), ['dynamic'], ['a'])).toBeNull();
    expect(call(f('bag_keys'), ['dynamic'], [[]])).toBeNull();
  });
  // bag-has-key-function.md
  it('bag_has_key', () => {
    expect(call(f('bag_has_key'), ['dynamic', 'string'], [{ key1: 123, key2: 'abc' }, 'key2'])).toBe(true);
    expect(call(f('bag_has_key'), ['dynamic', 'string'], [{ key1: 123, key3: 'abc' }, 'key2'])).toBe(false);
    const bag = { key1: 123, key2: { prop1: 'abc', prop2: 'xyz' }, key3: [100, 200] };
    expect(call(f('bag_has_key'), ['dynamic', 'string'], [bag, '$.key2.prop1'])).toBe(true);
    expect(call(f('bag_has_key'), ['dynamic', 'string'], [bag, "$['key3'][1]"])).toBe(true);
    expect(call(f('bag_has_key'), ['dynamic', 'string'], [bag, '$.key3[2]'])).toBe(false);
    expect(call(f('bag_has_key'), ['dynamic', 'string'], [[1], 'a'])).toBe(false);
  });
});
