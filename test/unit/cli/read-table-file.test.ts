import { describe, expect, it } from 'vitest';
import { DataFileError, readTableFile } from '../../../src/cli/read-table-file.js';

const fails = (text: string) => {
  try {
    readTableFile('data.ndjson', text);
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error('no DataFileError');
};

describe('readTableFile', () => {
  it('reads NDJSON, skipping blank lines and remembering each row\'s line', () => {
    const file = readTableFile('x.ndjson', '{"a":1}\n\n  {"a":2,"b":"x"}\r\n');
    expect(file.rows).toEqual([{ a: 1 }, { a: 2, b: 'x' }]);
    expect(file.lines).toEqual([1, 3]);
    expect(readTableFile('empty.ndjson', '').rows).toEqual([]);
  });

  it('reads a JSON array (with a BOM) and finds the line of each element', () => {
    const file = readTableFile('x.json', '\uFEFF[\n  {"a": "[,{"},\n  {"a": 2,\n   "b": [1, 2]},\n  {}\n]');
    expect(file.rows).toEqual([{ a: '[,{' }, { a: 2, b: [1, 2] }, {}]);
    expect(file.lines).toEqual([2, 3, 5]);
  });

  it('names the file and line of bad NDJSON', () => {
    const e = fails('{"a":1}\n{"a":2\n{"a":3}');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^data\.ndjson:2: not valid JSON/);
    expect(fails('{"a":1}\n[1,2]').message).toBe('data.ndjson:2: expected a JSON object, got an array');
    expect(fails('42').message).toMatch(/^data\.ndjson:1: expected a JSON object, got a number/);
  });

  it('names the line of bad JSON arrays and of elements that are not objects', () => {
    const e = fails('[\n{"a":1},\n{"a":}\n]');
    expect(e.message).toMatch(/^data\.ndjson(:3)?: not valid JSON/);
    const el = fails('[\n{"a":1},\n"text"\n]');
    expect(el.message).toBe('data.ndjson:3: element 2 of the array is a string ("text"), not an object');
  });

  it('unwraps Defender Streaming API records and turns 0/1 flags into booleans', () => {
    const line = JSON.stringify({
      category: 'AdvancedHunting-CloudAppEvents',
      properties: { ActionType: 'Write Deployments', IsAdminOperation: 0, IsExternalUser: 1, RawEventData: '{"a":1}', AppInstanceId: 0 },
      tenantId: 't', time: '2022-12-08T12:52:23.6440369Z',
    });
    expect(readTableFile('e.ndjson', line, 'CloudAppEvents').rows).toEqual([
      { ActionType: 'Write Deployments', IsAdminOperation: false, IsExternalUser: true, RawEventData: '{"a":1}', AppInstanceId: 0 },
    ]);
    // Unknown tables are unwrapped without conversions; ordinary records pass through.
    const other = JSON.stringify({ category: 'AdvancedHunting-NoSuchTable', properties: { Flag: 1 } });
    expect(readTableFile('o.ndjson', other, 'Custom').rows).toEqual([{ Flag: 1 }]);
    expect(readTableFile('p.ndjson', '{"category":"x","properties":{}}').rows).toEqual([{ category: 'x', properties: {} }]);
  });
});
