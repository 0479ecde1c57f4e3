// The comparer accepts what the conformance README says is equal, and nothing more.
import { describe, expect, it } from 'vitest';
import {
  parseDatetimeTicks, parseIntegerText, parseRealText, parseTimespanTicks, realsMatch,
} from './cell-text.js';
import { cellMismatch, compareCase, compareTables, matchMultiset } from './compare.js';
import type { DocsCase } from './docs-cases.js';
import { canonicalJson, parseLosslessJson } from './lossless-json.js';

const ok = (text: string, value: unknown, type: string, setOrder = false) =>
  expect(cellMismatch(text, value, type, setOrder), `${JSON.stringify(text)} vs ${String(value)} (${type})`).toBeUndefined();
const bad = (text: string, value: unknown, type: string, setOrder = false) =>
  expect(cellMismatch(text, value, type, setOrder), `${JSON.stringify(text)} vs ${String(value)} (${type})`).toBeDefined();

describe('cell texts', () => {
  it('reads integers with thousands separators exactly', () => {
    expect(parseIntegerText('1,048,576')).toBe(1048576n);
    expect(parseIntegerText('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseIntegerText('1,04,8576')).toBeUndefined();
    expect(parseIntegerText('1.5')).toBeUndefined();
  });

  it('reads reals with their last-place unit', () => {
    expect(parseRealText('0.84')).toEqual({ value: 0.84, halfUnit: 0.005 });
    expect(parseRealText('1.58E-06')?.value).toBe(1.58e-6);
    expect(parseRealText('1.58E-06')?.halfUnit).toBeCloseTo(0.005e-6, 20);
    expect(parseRealText('1,234.5')?.value).toBe(1234.5);
    expect(parseRealText('3')).toEqual({ value: 3, halfUnit: 0 });
    expect(parseRealText('∞')?.value).toBe(Infinity);
    expect(parseRealText('-∞')?.value).toBe(-Infinity);
    expect(parseRealText('-Infinity')?.value).toBe(-Infinity);
    expect(Number.isNaN(parseRealText('NaN')?.value)).toBe(true);
    expect(parseRealText('abc')).toBeUndefined();
    expect(parseRealText('')).toBeUndefined();
    expect(parseRealText('.')).toBeUndefined();
  });

  it('compares reals with 1e-9 relative tolerance plus half a unit in the last place', () => {
    expect(realsMatch(parseRealText('0.54030230586813977')!, 0.5403023058681398)).toBe(true);
    expect(realsMatch(parseRealText('0.84')!, 0.8414709848078965)).toBe(true);
    expect(realsMatch(parseRealText('0.84')!, 0.846)).toBe(false);
    expect(realsMatch(parseRealText('3')!, 3.4)).toBe(false);
    expect(realsMatch(parseRealText('3')!, 3 + 1e-12)).toBe(true);
    expect(realsMatch(parseRealText('1000000')!, 1000000.01)).toBe(false);
    expect(realsMatch(parseRealText('NaN')!, NaN)).toBe(true);
    expect(realsMatch(parseRealText('NaN')!, 0)).toBe(false);
    expect(realsMatch(parseRealText('∞')!, Infinity)).toBe(true);
    expect(realsMatch(parseRealText('∞')!, -Infinity)).toBe(false);
  });

  it('reads datetimes in all documented forms at tick precision', () => {
    const t = parseDatetimeTicks('2017-01-08T00:00:00Z')!;
    expect(parseDatetimeTicks('2017-01-08 00:00:00.0000000')).toBe(t);
    expect(parseDatetimeTicks('2017-01-08')).toBe(t);
    expect(parseDatetimeTicks('2017-01-08T00:00:00')).toBe(t);
    expect(parseDatetimeTicks('2017-01-08T02:00:00+02:00')).toBe(t);
    expect(parseDatetimeTicks('2017-01-08T00:00:00.0000001Z')).toBe(t + 1n);
    expect(parseDatetimeTicks('2017-01-08T00:00:00.5Z')).toBe(t + 5_000_000n);
    expect(parseDatetimeTicks('0001-01-01T00:00:00Z')).toBe(-621355968000000000n);
    expect(parseDatetimeTicks('2017-02-30')).toBeUndefined();
    expect(parseDatetimeTicks('yesterday')).toBeUndefined();
  });

  it('reads timespans as ticks', () => {
    expect(parseTimespanTicks('00:00:20')).toBe(200_000_000n);
    expect(parseTimespanTicks('4.00:00:00')).toBe(4n * 864_000_000_000n);
    expect(parseTimespanTicks('-00:00:01.5000000')).toBe(-15_000_000n);
    expect(parseTimespanTicks('00:00:00.0000001')).toBe(1n);
    expect(parseTimespanTicks('14:00:00:00')).toBeUndefined();
    expect(parseTimespanTicks('1h')).toBeUndefined();
  });
});

describe('lossless JSON', () => {
  it('keeps number texts and rejects what is not JSON', () => {
    expect(parseLosslessJson('[0.84, 0.0]')).toEqual({
      kind: 'array', items: [{ kind: 'number', value: 0.84, text: '0.84' }, { kind: 'number', value: 0, text: '0.0' }],
    });
    expect(canonicalJson(parseLosslessJson('{ "b": [1, "x\\n"], "a": null }')!)).toBe('{"a":null,"b":[1,"x\\n"]}');
    for (const text of ['a', 'West->Central', '[a,b]', "{'a':1}", '01', '1.', '[1,]', '"unterminated', '{"a":1} x', '']) {
      expect(parseLosslessJson(text), text).toBeUndefined();
    }
  });
});

describe('cells', () => {
  it('null forms match null on non-string columns only', () => {
    for (const type of ['long', 'real', 'datetime', 'timespan', 'bool', 'guid', 'dynamic', 'int', 'decimal']) {
      ok('', null, type);
      ok('null', null, type);
      ok('(NULL)', null, type);
    }
    bad('', 0, 'long');
    bad('', false, 'bool');
    bad('0', null, 'long');
    bad('null', null, 'string');
    ok('null', 'null', 'string');
  });

  it('strings: trimmed; "" matches empty and null', () => {
    ok('abc', '  abc ', 'string');
    ok('', '', 'string');
    ok('', null, 'string');
    bad('abc', 'abd', 'string');
    bad('', 'x', 'string');
    bad('Abc', 'abc', 'string');
    bad('1', 1, 'string');
  });

  it('bools: true/false any case and 1/0', () => {
    ok('TRUE', true, 'bool');
    ok('False', false, 'bool');
    ok('1', true, 'bool');
    ok('0', false, 'bool');
    bad('true', false, 'bool');
    bad('1', false, 'bool');
    bad('yes', true, 'bool');
  });

  it('ints: exact, thousands separators removed; numbers, bigints or digit strings', () => {
    ok('1,048,576', 1048576, 'long');
    ok('-9223372036854775808', -9223372036854775808n, 'long');
    ok('9223372036854775807', '9223372036854775807', 'long');
    ok('42', 42, 'int');
    bad('42', 43, 'int');
    bad('42', 42.5, 'long');
    expect(cellMismatch('9223372036854775807', 9223372036854775807, 'long')).toMatch(/2\^53/);
  });

  it('reals and decimals, including NaN/Infinity rendered as strings', () => {
    ok('0.54030230586813977', 0.5403023058681398, 'real');
    ok('1.58E-06', 1.58e-6, 'real');
    ok('NaN', 'NaN', 'real');
    ok('∞', 'Infinity', 'real');
    ok('-∞', '-Infinity', 'real');
    ok('1,234,567.5', 1234567.5, 'decimal');
    bad('-∞', 'Infinity', 'real');
    bad('0.5', 0.6, 'real');
    bad('NaN', 0, 'real');
  });

  it('datetimes: text forms and Date objects, at tick precision', () => {
    ok('2017-01-08 00:00:00.0000000', '2017-01-08T00:00:00Z', 'datetime');
    ok('2017-01-08', '2017-01-08T00:00:00.0000000Z', 'datetime');
    ok('2017-01-08T01:02:03.004Z', new Date(Date.UTC(2017, 0, 8, 1, 2, 3, 4)), 'datetime');
    bad('2017-01-08 00:00:00.0000001', '2017-01-08T00:00:00Z', 'datetime');
    bad('2017-01-08', '2017-01-09T00:00:00Z', 'datetime');
  });

  it('timespans as ticks', () => {
    ok('1.00:00:00', '24:00:00', 'timespan');
    ok('00:00:20', '00:00:20.0000000', 'timespan');
    ok('-12:00:00', '-12:00:00', 'timespan');
    bad('12:00:00', '-12:00:00', 'timespan');
    bad('00:00:20', 20, 'timespan');
  });

  it('guids case-insensitively', () => {
    ok('24FEFBCA-CF27-4D62-A623-249C2AD30C73', '24fefbca-cf27-4d62-a623-249c2ad30c73', 'guid');
    bad('24fefbca-cf27-4d62-a623-249c2ad30c73', '24fefbca-cf27-4d62-a623-249c2ad30c74', 'guid');
  });

  it('dynamic: JSON values compared structurally', () => {
    ok('{"b": 1, "a": [1.0, "x"]}', { a: [1, 'x'], b: 1 }, 'dynamic');
    ok('[\n  "a",\n  "b"\n]', ['a', 'b'], 'dynamic');
    ok('[0.84, 0.0]', [0.8414709848078965, 0], 'dynamic');
    ok('1', 1, 'dynamic');
    ok('"2007-01-01T00:00:00.0000000Z"', '2007-01-01T00:00:00Z', 'dynamic');
    ok('{"d": "01:00:00"}', { d: '01:00:00.0000000' }, 'dynamic');
    bad('[1, 2]', [2, 1], 'dynamic');
    bad('[1, 2]', [1, 2, 3], 'dynamic');
    bad('{"a": 1}', { a: 1, b: 2 }, 'dynamic');
    bad('{"a": 1}', { a: '1' }, 'dynamic');
    bad('[0.84]', [0.846], 'dynamic');
    bad('"2007-01-01T00:00:00Z"', '2007-01-02T00:00:00Z', 'dynamic');
    bad('1', '1', 'dynamic');
  });

  it('dynamic: non-JSON text is a dynamic string shown without quotes', () => {
    ok('West->Central', 'West->Central', 'dynamic');
    ok('a', 'a', 'dynamic');
    bad('a', 'b', 'dynamic');
    bad('a', ['a'], 'dynamic');
  });

  it('dynamic: set_order compares arrays (nested too) as multisets', () => {
    ok('[1, 2, 2]', [2, 1, 2], 'dynamic', true);
    ok('{"s": [["x", "y"], ["z"]]}', { s: [['z'], ['y', 'x']] }, 'dynamic', true);
    bad('[1, 2, 2]', [2, 1, 1], 'dynamic', true);
    bad('[1, 2]', [1, 2, 2], 'dynamic', true);
  });
});

describe('tables', () => {
  const cols = (...spec: string[]) => spec.map((s) => {
    const [name, type] = s.split(':');
    return { name: name!, type: type! };
  });

  it('requires the same column names in order, unless the schema is data-dependent', () => {
    const expected = { columns: ['a', 'b'], rows: [['1', 'x']] };
    expect(compareTables(expected, { columns: cols('a:long', 'b:string'), rows: [[1, 'x']] }, { ordered: true })).toBeUndefined();
    expect(compareTables(expected, { columns: cols('b:string', 'a:long'), rows: [['x', 1]] }, { ordered: true })).toMatch(/columns differ/);
    expect(compareTables(expected, { columns: cols('b:string', 'a:long'), rows: [['x', 1]] }, { ordered: true, dynamicSchema: true })).toBeUndefined();
    expect(compareTables(expected, { columns: cols('a:long', 'B:string'), rows: [[1, 'x']] }, { ordered: true })).toMatch(/columns differ/);
    expect(compareTables(expected, { columns: cols('a:long', 'c:string'), rows: [[1, 'x']] }, { ordered: true, dynamicSchema: true })).toMatch(/as a set/);
  });

  it('compares ordered rows position by position', () => {
    const expected = { columns: ['n'], rows: [['1'], ['2']] };
    expect(compareTables(expected, { columns: cols('n:long'), rows: [[1], [2]] }, { ordered: true })).toBeUndefined();
    expect(compareTables(expected, { columns: cols('n:long'), rows: [[2], [1]] }, { ordered: true })).toMatch(/^row 1: column 'n'/);
    expect(compareTables(expected, { columns: cols('n:long'), rows: [[1]] }, { ordered: true })).toMatch(/expected 2 rows, got 1/);
  });

  it('compares unordered rows as a multiset, duplicates counted', () => {
    const expected = { columns: ['k', 'v'], rows: [['a', '1'], ['b', '2'], ['a', '1']] };
    const o = { ordered: false };
    expect(compareTables(expected, { columns: cols('k:string', 'v:long'), rows: [['b', 2], ['a', 1], ['a', 1]] }, o)).toBeUndefined();
    expect(compareTables(expected, { columns: cols('k:string', 'v:long'), rows: [['b', 2], ['a', 1], ['b', 2]] }, o)).toMatch(/multiset/);
  });

  it('matches tolerant cells by augmenting paths, not greedily', () => {
    // Greedy pairs expected 0.84 with 0.8449 first, leaving 0.8351 for 0.8449's exact text: only a matching finds both.
    const expected = { columns: ['x'], rows: [['0.84'], ['0.8449']] };
    expect(compareTables(expected, { columns: cols('x:real'), rows: [[0.8449], [0.8351]] }, { ordered: false })).toBeUndefined();
    expect(matchMultiset([1, 2], [2, 3], (a, b) => a === b)).toEqual({ unmatchedA: [0], unmatchedB: [1] });
  });

  it('falls back to the inferred types when ours are missing', () => {
    const expected = { columns: ['t'], rows: [['2017-01-08']] };
    const actual = { columns: [{ name: 't' }], rows: [['2017-01-08T00:00:00Z']] };
    expect(compareTables(expected, actual, { ordered: true, inferredTypes: ['datetime'] })).toBeUndefined();
    expect(compareTables(expected, actual, { ordered: true })).toMatch(/untyped/);
  });
});

describe('compareCase', () => {
  const base: DocsCase = {
    id: 'query/x#1', source: 'x.md', line: 1, area: 'Aggregation functions', query: 'print 1',
    expected: { columns: ['c'], rows: [['10']] }, ordered: true, inferred_types: ['long'],
  };
  const actual = (v: unknown) => ({ columns: [{ name: 'c', type: 'long' }], rows: [[v]] });

  it('passes, fails, and soft-fails estimates', () => {
    expect(compareCase(base, actual(10))).toEqual({ status: 'pass' });
    expect(compareCase(base, actual(11))).toMatchObject({ status: 'fail' });
    expect(compareCase({ ...base, flags: ['approximate'] }, actual(11))).toMatchObject({ status: 'soft-fail', reason: expect.stringMatching(/^\[approximate\]/) });
    expect(compareCase({ ...base, flags: ['arbitrary_rows', 'set_order'] }, actual(11))).toMatchObject({ status: 'soft-fail' });
    expect(compareCase({ ...base, flags: ['set_order'] }, actual(11))).toMatchObject({ status: 'fail' });
  });

  it('applies set_order and dynamic_schema from the flags', () => {
    const c: DocsCase = { ...base, expected: { columns: ['s'], rows: [['["a","b"]']] }, inferred_types: ['dynamic'] };
    const r = { columns: [{ name: 's', type: 'dynamic' }], rows: [[['b', 'a']]] };
    expect(compareCase(c, r).status).toBe('fail');
    expect(compareCase({ ...c, flags: ['set_order'] }, r).status).toBe('pass');
    const p: DocsCase = { ...base, expected: { columns: ['x', 'y'], rows: [['1', '2']] }, flags: ['dynamic_schema'] };
    delete p.inferred_types;
    expect(compareCase(p, { columns: cols2('y:long', 'x:long'), rows: [[2, 1]] }).status).toBe('pass');
    expect(compareCase(p, { columns: cols2('y:long', 'x:long'), rows: [[1, 2]] }).status).toBe('fail');
  });
});

function cols2(...spec: string[]) {
  return spec.map((s) => ({ name: s.split(':')[0]!, type: s.split(':')[1]! }));
}
