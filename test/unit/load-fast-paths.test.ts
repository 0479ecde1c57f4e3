// addTable's generated row loop stores common cells inline and sends the rest through loadValue: both
// routes must give the documented conversions (values/load.ts loadValue). Expected values by hand from
// that documentation: a dynamic cell keeps numbers, booleans and strings as they are, except a string
// holding JSON object or array text (after leading white space), which is parsed; a null string is ''.
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

describe('addTable inline conversions', () => {
  it('dynamic cells: strings, numbers and booleans as they are; JSON object/array text parsed', () => {
    const cells = ['', 'abc', 'true', '5', '{"a":1}', '[1,2]', ' {"a":2}', '\u00a0[3]', '\t[4]', '{not json', 7, 1.5, false, null];
    // '\u00a0[3]': no-break space is no JSON white space (RFC 8259: space, tab, LF, CR), so no JSON text
    const expected = ['', 'abc', 'true', '5', { a: 1 }, [1, 2], { a: 2 }, '\u00a0[3]', [4], '{not json', 7, 1.5, false, null];
    const db = new Database().addTable('T', cells.map((d, i) => ({ i, d })), { i: 'long', d: 'dynamic' });
    // gettype of a real inside a dynamic value is 'double' (Kusto, measured: gettype(dynamic(1.5)))
    const rows = db.querySync('T | order by i asc | project d, t = gettype(d)').toJSON().rows;
    expect(rows.map((r) => r[0])).toEqual(expected);
    expect(rows.map((r) => r[1])).toEqual(['string', 'string', 'string', 'string', 'dictionary', 'array', 'dictionary', 'string', 'array', 'string', 'long', 'double', 'bool', 'null']);
  });

  it('string cells: null and missing become empty strings; numbers and booleans their text', () => {
    const db = new Database().addTable('T', [{ i: 0, s: null }, { i: 1 }, { i: 2, s: 'x' }, { i: 3, s: 12 }, { i: 4, s: true }], { i: 'long', s: 'string' });
    expect(db.querySync('T | order by i asc | project s, n = isempty(s)').toJSON().rows).toEqual([['', true], ['', true], ['x', false], ['12', false], ['true', false]]);
  });
});
