import { describe, expect, it } from 'vitest';
import { fitWidths, formatCell, formatJson, formatTable, formatTimespanMs, type TabularResult, formatCsv, formatNdjson, formatMarkdown } from '../../../src/cli/format.js';

const plain = (columns: [string, string][], rows: unknown[][]): TabularResult => ({
  columns: columns.map(([name, type]) => ({ name, type: type as never })),
  rows,
});

describe('formatTable', () => {
  it('aligns columns under a header and a rule, numbers to the right', () => {
    const r = plain([['State', 'string'], ['Count', 'long']], [['TEXAS', 3], ['', 12], ['NEW YORK', 1]]);
    expect(formatTable(r)).toBe([
      'State     Count',
      '--------  -----',
      'TEXAS         3',
      '             12',
      'NEW YORK      1',
    ].join('\n'));
  });

  it('renders values Kusto style from JS rows', () => {
    const r = plain(
      [['t', 'datetime'], ['d', 'dynamic'], ['s', 'timespan'], ['x', 'real'], ['b', 'bool'], ['n', 'long']],
      [[new Date('2026-01-01T00:00:00Z'), { a: [1, 'x'] }, 90_061_000.5, Number.NaN, true, null]],
    );
    const lines = formatTable(r).split('\n');
    expect(lines[2]).toBe('2026-01-01T00:00:00.0000000Z  {"a":[1,"x"]}  1.01:01:01.0005000  NaN  true');
  });

  it('prefers the result\'s own toJSON conventions', () => {
    const r: TabularResult = {
      columns: [{ name: 't', type: 'datetime' }],
      rows: [[new Date(0)]],
      toJSON: () => ({ columns: [{ name: 't', type: 'datetime' }], rows: [['1970-01-01T00:00:00Z']] }),
    };
    expect(formatTable(r).split('\n')[2]).toBe('1970-01-01T00:00:00.0000000Z');
  });

  it('fits the width by truncating the widest cells with …', () => {
    const long = 'DLP policy match for document \'Payroll 2025 Q4.xlsx\' in SharePoint';
    const r = plain([['AccountDisplayName', 'string'], ['AlertName', 'string'], ['n', 'int']], [['Oliver Nguyen', long, 7]]);
    const out = formatTable(r, { maxWidth: 50 }).split('\n');
    for (const line of out) expect([...line].length).toBeLessThanOrEqual(50);
    expect(out[2]).toContain('…');
    expect(out[2]).toMatch(/^Oliver Nguyen/);
    expect(out[2]).toMatch(/ 7$/);
    // Datetimes, numbers and guids keep their width while text can give way.
    const t = plain([['Timestamp', 'datetime'], ['AlertName', 'string']], [[new Date('2026-01-01T00:00:00Z'), long]]);
    expect(formatTable(t, { maxWidth: 60 }).split('\n')[2]).toBe(`2026-01-01T00:00:00.0000000Z  ${long.slice(0, 29)}…`);
    // Without a limit nothing is cut.
    expect(formatTable(r).split('\n')[2]).toContain(long);
  });

  it('keeps a minimum column width when the terminal is very narrow', () => {
    const r = plain([['aaaaaaaaaa', 'string'], ['bbbbbbbbbb', 'string']], [['x'.repeat(30), 'y'.repeat(30)]]);
    const lines = formatTable(r, { maxWidth: 5 }).split('\n');
    expect(lines[0]).toBe('aaaaa…  bbbbb…');
  });

  it('escapes line breaks, shows empty strings and nulls as empty, and handles no rows / no columns', () => {
    const r = plain([['s', 'string'], ['d', 'dynamic']], [['a\nb\tc', null], ['', 'text']]);
    const lines = formatTable(r).split('\n');
    expect(lines[2]).toBe('a\\nb\\tc');
    expect(lines[3]).toBe('         text');
    expect(formatTable(plain([['only', 'string']], []))).toBe('only\n----');
    expect(formatTable(plain([], []))).toBe('');
  });

  it('colors the header and the rule only when asked', () => {
    const r = plain([['a', 'string']], [['x']]);
    expect(formatTable(r)).not.toContain('\x1b[');
    const colored = formatTable(r, { color: true }).split('\n');
    expect(colored[0]).toBe('\x1b[1ma\x1b[22m');
    expect(colored[2]).toBe('x');
  });
});

describe('fitWidths', () => {
  it('caps the widest columns first and uses the whole budget', () => {
    expect(fitWidths([10, 40, 5])).toEqual([10, 40, 5]);
    expect(fitWidths([10, 40, 5], 100)).toEqual([10, 40, 5]);
    const w = fitWidths([10, 40, 30], 54);
    expect(w.reduce((a, b) => a + b, 0) + 4).toBe(54);
    expect(w[0]).toBe(10);
    expect(Math.abs(w[1]! - w[2]!)).toBeLessThanOrEqual(1);
  });

  it('shrinks only the shrinkable columns while they can give enough, else all', () => {
    expect(fitWidths([28, 40, 36], 80, [false, true, true])).toEqual([28, 24, 24]);
    expect(fitWidths([28, 40, 36], 30, [false, true, true])).toEqual([9, 9, 8]);
  });
});

describe('formatCell / formatTimespanMs / formatJson', () => {
  it('formats single cells', () => {
    expect(formatCell('dynamic', 'plain')).toBe('plain');
    expect(formatCell('dynamic', [1, { b: null }])).toBe('[1,{"b":null}]');
    expect(formatCell('long', 0)).toBe('0');
    expect(formatCell('string', undefined)).toBe('');
    expect(formatCell('datetime', '2026-01-01T10:00:00.25Z')).toBe('2026-01-01T10:00:00.2500000Z');
    expect(formatCell('datetime', '2026-01-01T10:00:00.1234567Z')).toBe('2026-01-01T10:00:00.1234567Z');
  });

  it('writes timespans like Kusto', () => {
    expect(formatTimespanMs(0)).toBe('00:00:00');
    expect(formatTimespanMs(1_500)).toBe('00:00:01.5000000');
    expect(formatTimespanMs(-3_600_000)).toBe('-01:00:00');
    expect(formatTimespanMs(2 * 86_400_000 + 61_000)).toBe('2.00:01:01');
    expect(formatTimespanMs(0.0001)).toBe('00:00:00.0000001');
  });

  it('writes one column and one row per line, as valid JSON', () => {
    const r = plain([['t', 'datetime'], ['x', 'real']], [[new Date('2026-01-01T00:00:00Z'), Number.POSITIVE_INFINITY], [null, 1.5]]);
    const text = formatJson(r);
    expect(text).toBe([
      '{',
      '  "columns": [',
      '    {"name":"t","type":"datetime"},',
      '    {"name":"x","type":"real"}',
      '  ],',
      '  "rows": [',
      '    ["2026-01-01T00:00:00.000Z","Infinity"],',
      '    [null,1.5]',
      '  ]',
      '}',
    ].join('\n'));
    expect(JSON.parse(text).rows).toHaveLength(2);
    expect(JSON.parse(formatJson(plain([['a', 'string']], [])))).toEqual({ columns: [{ name: 'a', type: 'string' }], rows: [] });
  });
});

describe('formatCsv, formatNdjson, formatMarkdown', () => {
  // Expected text written by hand from RFC 4180 / GFM rules.
  const r = {
    columns: [{ name: 'Name', type: 'string' }, { name: 'N', type: 'long' }, { name: 'When', type: 'datetime' }, { name: 'Bag', type: 'dynamic' }],
    rows: [['a, "b"', 1, new Date(Date.UTC(2026, 0, 1)), { k: [1] }], ['x|y\nz', null, null, null]],
  } as const;

  it('CSV quotes fields with commas, quotes and line breaks; null is empty; CRLF between records', () => {
    expect(formatCsv(r)).toBe('Name,N,When,Bag\r\n"a, ""b""",1,2026-01-01T00:00:00.0000000Z,"{""k"":[1]}"\r\n"x|y\nz",,,\r\n');
  });

  it('NDJSON has one object per row with nulls kept', () => {
    expect(formatNdjson(r)).toBe('{"Name":"a, \\"b\\"","N":1,"When":"2026-01-01T00:00:00.000Z","Bag":{"k":[1]}}\n{"Name":"x|y\\nz","N":null,"When":null,"Bag":null}\n');
  });

  it('Markdown right-aligns numbers and escapes pipes and line breaks', () => {
    expect(formatMarkdown(r)).toBe([
      '| Name | N | When | Bag |',
      '| --- | ---: | --- | --- |',
      '| a, "b" | 1 | 2026-01-01T00:00:00.0000000Z | {"k":[1]} |',
      '| x\\|y\\nz |  |  |  |',
      '',
    ].join('\n'));
  });
});

describe('dynamic values holding longs beyond 2^53', () => {
  // by hand: 9007199254740993 is 2^53 + 1; Kusto writes a dynamic long as a bare JSON number
  it('are written with their exact digits, bare, from a Result and from plain rows', async () => {
    const { Database } = await import('../../../src/index.js');
    const r = new Database().querySync(`print d = parse_json('{"a": 9007199254740993, "s": "x"}'), e = dynamic([1])`);
    expect(formatNdjson(r)).toBe('{"d":{"a":9007199254740993,"s":"x"},"e":[1]}\n');
    expect(formatJson(r)).toContain('[{"a":9007199254740993,"s":"x"},[1]]');
    expect(formatCsv(r)).toBe('d,e\r\n"{""a"":9007199254740993,""s"":""x""}",[1]\r\n');
    expect(formatTable(r).split('\n')[2]).toBe('{"a":9007199254740993,"s":"x"}  [1]');
    const p = plain([['d', 'dynamic']], [[[9007199254740993n]]]);
    expect(formatNdjson(p)).toBe('{"d":[9007199254740993]}\n');
    expect(JSON.stringify(r.toJSON().rows)).toBe('[[{"a":"9007199254740993","s":"x"},[1]]]');
  });
});
