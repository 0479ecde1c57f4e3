// Conversion functions: bad input → null, never a throw; parse_json of non-JSON text stays text.
import { describe, expect, it } from 'vitest';
import { conversionFunctions } from '../../../src/functions/scalar/conversion.js';
import { parseDateTime } from '../../../src/values/datetime.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../../src/types.js';
import { call, fn, resultTypeOf } from './call.js';

const f = (name: string) => fn(conversionFunctions, name);
const dt = (s: string) => parseDateTime(s)!;

describe('tostring', () => {
  it('renders each type; null is the empty string', () => {
    expect(call(f('tostring'), ['long'], [123])).toBe('123');
    expect(call(f('tostring'), ['long'], [null])).toBe('');
    expect(call(f('tostring'), ['datetime'], [dt('2020-01-01')])).toBe('2020-01-01T00:00:00.0000000Z');
    expect(call(f('tostring'), ['timespan'], [TICKS_PER_DAY * 4])).toBe('4.00:00:00');
    expect(call(f('tostring'), ['dynamic'], ['abc'])).toBe('abc');
    expect(call(f('tostring'), ['dynamic'], [{ k: 1 }])).toBe('{"k":1}');
    expect(call(f('tostring'), ['dynamic'], [null])).toBe('');
  });
});

describe('numeric conversions', () => {
  // toint-function.md: toint("123") == 123, toint(2.3) = 2
  it('toint', () => {
    expect(call(f('toint'), ['string'], ['123'])).toBe(123);
    expect(call(f('toint'), ['real'], [2.3])).toBe(2);
    expect(call(f('toint'), ['string'], ['abc'])).toBeNull();
    expect(call(f('toint'), ['long'], [null])).toBeNull();
  });
  // coalesce-function.md: tolong("not a number") is null, tolong("42") is 42
  it('tolong / toreal / todouble / todecimal', () => {
    expect(call(f('tolong'), ['string'], ['not a number'])).toBeNull();
    expect(call(f('tolong'), ['string'], ['42'])).toBe(42);
    expect(call(f('toreal'), ['string'], ['1.5'])).toBe(1.5);
    expect(call(f('todouble'), ['long'], [5])).toBe(5);
    expect(call(f('toreal'), ['string'], [''])).toBeNull();
    expect(call(f('todecimal'), ['string'], ['123.45678'])).toBe(123.45678); // todecimal-function.md
    expect(resultTypeOf(f('todouble'), ['string'])).toBe('real');
  });
  // tobool-function.md
  it('tobool', () => {
    expect(call(f('tobool'), ['string'], ['true'])).toBe(true);
    expect(call(f('tobool'), ['string'], ['false'])).toBe(false);
    expect(call(f('tobool'), ['long'], [1])).toBe(true);
    expect(call(f('toboolean'), ['long'], [123])).toBe(true);
    expect(call(f('tobool'), ['string'], ['maybe'])).toBeNull();
  });
});

describe('datetime, timespan, guid', () => {
  // todatetime-function.md: todatetime('12-02-2022') == datetime('12-02-2022') (month first)
  it('todatetime', () => {
    expect(call(f('todatetime'), ['string'], ['12-02-2022'])).toBe(dt('2022-12-02'));
    expect(call(f('todatetime'), ['string'], ['2015-12-31 23:59:59.9'])).toBe(dt('2015-12-31T23:59:59.9Z'));
    expect(call(f('todatetime'), ['string'], ['not a date'])).toBeNull();
    expect(call(f('todatetime'), ['datetime'], [dt('2020-01-01')])).toBe(dt('2020-01-01'));
  });
  // totimespan-function.md
  it('totimespan', () => {
    expect(call(f('totimespan'), ['string'], ['0.00:03:00'])).toBe(3 * TICKS_PER_MINUTE);
    expect(call(f('totimespan'), ['timespan'], [4 * TICKS_PER_DAY])).toBe(4 * TICKS_PER_DAY);
    expect(call(f('totimespan'), ['timespan'], [5 * TICKS_PER_HOUR])).toBe(5 * TICKS_PER_HOUR);
    expect(call(f('totimespan'), ['string'], ['4.00:00:00'])).toBe(4 * TICKS_PER_DAY);
    expect(call(f('totimespan'), ['string'], ['x'])).toBeNull();
    expect(call(f('totime'), ['string'], ['00:00:20'])).toBe(20 * TICKS_PER_SECOND);
  });
  it('toguid', () => {
    expect(call(f('toguid'), ['string'], ['74BE27DE-1E4E-49D9-B579-FE0B331D3642'])).toBe('74be27de-1e4e-49d9-b579-fe0b331d3642');
    expect(call(f('toguid'), ['string'], ['nope'])).toBeNull();
    expect(resultTypeOf(f('toguid'), ['dynamic'])).toBe('guid');
    expect(() => resultTypeOf(f('toguid'), ['long'])).toThrow(); // StringOrDynamic only
  });
});

describe('parse_json / todynamic', () => {
  it('parses JSON text', () => {
    expect(call(f('parse_json'), ['string'], ['{"a": 1, "b": [1, 2]}'])).toEqual({ a: 1, b: [1, 2] });
    expect(call(f('todynamic'), ['string'], ['[1, 2, 3]'])).toEqual([1, 2, 3]);
    expect(call(f('parsejson'), ['string'], ['1'])).toBe(1);
  });
  // parse-json-function.md: parse_json(tostring(parse_json(d).b)).c = 456
  it('parses a JSON string held in a member', () => {
    const d = call(f('parse_json'), ['string'], ['{"a":123, "b":"{\\"c\\":456}"}']) as { b: string };
    expect(call(f('parse_json'), ['string'], [d.b])).toEqual({ c: 456 });
  });
  it('text that is not JSON stays a string; blank is null; dynamic passes through', () => {
    expect(call(f('parse_json'), ['string'], ['hello world'])).toBe('hello world');
    expect(call(f('parse_json'), ['string'], [''])).toBeNull();
    expect(call(f('parse_json'), ['dynamic'], [{ a: 1 }])).toEqual({ a: 1 });
    expect(call(f('parse_json'), ['dynamic'], ['{"a":1}'])).toBe('{"a":1}'); // a dynamic string is not re-parsed
  });
  it('todynamic also takes a dynamic (real queries do; the analyzer declares string only)', () => {
    expect(call(f('todynamic'), ['dynamic'], [{ a: 1 }])).toEqual({ a: 1 });
    expect(resultTypeOf(f('toobject'), ['dynamic'])).toBe('dynamic');
  });
});
