// Literal values: numbers, timespans, typed literals, strings, dynamic — and invalid ones.
import { describe, expect, it } from 'vitest';
import { parseErrors, scalar } from './helpers.js';

const lit = (type: string, value: unknown, text: string) => ({ kind: 'Literal', type, value, text });
const DAY = 864_000_000_000;
const HOUR = 36_000_000_000;

describe('numeric literals', () => {
  it('integers are long; hex is long; decimals and exponents are real', () => {
    expect(scalar('1')).toEqual(lit('long', 1, '1'));
    expect(scalar('0x1F')).toEqual(lit('long', 31, '0x1F'));
    expect(scalar('9223372036854775807')).toEqual(lit('long', 9223372036854775807n, '9223372036854775807'));
    expect(scalar('1.5')).toEqual(lit('real', 1.5, '1.5'));
    expect(scalar('1.')).toEqual(lit('real', 1, '1.'));
    expect(scalar('.5')).toEqual(lit('real', 0.5, '.5'));
    expect(scalar('1e3')).toEqual(lit('real', 1000, '1e3'));
  });

  it('a leading sign is a unary operator', () => {
    expect(scalar('-1')).toEqual({ kind: 'Unary', op: '-', operand: lit('long', 1, '1') });
  });

  it('rejects a long literal out of range', () => {
    const [d] = parseErrors('print 9223372036854775808');
    expect(d).toMatchObject({ code: 'KQL0003', message: "invalid long literal '9223372036854775808'", column: 7 });
  });
});

describe('timespan literals', () => {
  it.each([
    ['30d', 30 * DAY],
    ['1.5h', 1.5 * HOUR],
    ['10m', 10 * 600_000_000],
    ['15s', 15 * 10_000_000],
    ['10ms', 100_000],
    ['2microseconds', 20],
    ['1tick', 1],
    ['3days', 3 * DAY],
    ['2hours', 2 * HOUR],
    ['5min', 5 * 600_000_000],
  ])('%s', (text, ticks) => {
    expect(scalar(text)).toEqual(lit('timespan', ticks, text));
  });

  it.each([
    ['timespan(1d)', DAY],
    ['timespan(1.02:03:04)', DAY + 2 * HOUR + 3 * 600_000_000 + 4 * 10_000_000],
    ['time(00:30:00)', HOUR / 2],
    ['time(2)', 2 * DAY],
    ['timespan(null)', null],
  ])('%s', (text, ticks) => {
    expect(scalar(text)).toEqual(lit('timespan', ticks, text));
  });

  it('rejects an unreadable timespan', () => {
    expect(parseErrors('print timespan(soon)')[0]).toMatchObject({ code: 'KQL0003', message: "invalid timespan literal 'timespan(soon)'" });
  });
});

describe('typed literals', () => {
  it('datetime, with unquoted spaces, colons and dots', () => {
    const ticks = BigInt(Date.UTC(2015, 11, 31, 23, 59, 59, 900)) * 10_000n;
    expect(scalar('datetime(2015-12-31 23:59:59.9)')).toEqual(lit('datetime', ticks, 'datetime(2015-12-31 23:59:59.9)'));
    expect(scalar('datetime(2020-01-01)')).toEqual(lit('datetime', BigInt(Date.UTC(2020, 0, 1)) * 10_000n, 'datetime(2020-01-01)'));
    expect(scalar('date(2020-01-01)')).toMatchObject({ type: 'datetime', value: BigInt(Date.UTC(2020, 0, 1)) * 10_000n });
    expect(scalar('datetime(null)')).toEqual(lit('datetime', null, 'datetime(null)'));
  });

  it('rejects an invalid datetime at its position', () => {
    const [d] = parseErrors('print x = datetime(2020-13-45)');
    expect(d).toMatchObject({ code: 'KQL0003', message: "invalid datetime literal 'datetime(2020-13-45)'", line: 1, column: 11, end: 30 });
  });

  it('guid', () => {
    expect(scalar('guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642)')).toEqual(
      lit('guid', '74be27de-1e4e-49d9-b579-fe0b331d3642', 'guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642)'));
    expect(scalar('guid(null)')).toEqual(lit('guid', null, 'guid(null)'));
    expect(parseErrors('print guid(nope)')[0]).toMatchObject({ code: 'KQL0003' });
  });

  it('bool, int, long, real, double, decimal — nulls included', () => {
    expect(scalar('bool(true)')).toEqual(lit('bool', true, 'bool(true)'));
    expect(scalar('bool(False)')).toEqual(lit('bool', false, 'bool(False)'));
    expect(scalar('int(5)')).toEqual(lit('int', 5, 'int(5)'));
    expect(scalar('int(-5)')).toEqual(lit('int', -5, 'int(-5)'));
    expect(scalar('long(null)')).toEqual(lit('long', null, 'long(null)'));
    expect(scalar('long(0x10)')).toEqual(lit('long', 16, 'long(0x10)'));
    expect(scalar('real(nan)')).toEqual(lit('real', NaN, 'real(nan)'));
    expect(scalar('real(+inf)')).toEqual(lit('real', Infinity, 'real(+inf)'));
    expect(scalar('real(-inf)')).toEqual(lit('real', -Infinity, 'real(-inf)'));
    expect(scalar('double(1)')).toEqual(lit('real', 1, 'double(1)'));
    expect(scalar('decimal(1.5)')).toEqual(lit('decimal', 1.5, 'decimal(1.5)'));
    expect(scalar('true')).toEqual(lit('bool', true, 'true'));
    expect(scalar('FALSE')).toEqual(lit('bool', false, 'FALSE'));
  });

  it('rejects values that do not fit the type', () => {
    for (const bad of ['int(99999999999)', 'long(1.5)', 'bool(1)', 'real(abc)', 'decimal(nan)']) {
      expect(parseErrors(`print ${bad}`)[0], bad).toMatchObject({ code: 'KQL0003', message: expect.stringContaining(bad) });
    }
  });

  it('reports a typed literal that does not close on its line', () => {
    expect(parseErrors('print datetime(2020-01-01\n)')[0]).toMatchObject({
      code: 'KQL0001', message: "expected ')' to end the datetime(...) literal", line: 1, column: 7,
    });
  });
});

describe('string literals', () => {
  it.each([
    [`'abc'`, 'abc'],
    [`"abc"`, 'abc'],
    [`'a\\'b\\"c\\\\d'`, `a'b"c\\d`],
    [`"tab\\tnl\\ncr\\r"`, 'tab\tnl\ncr\r'],
    [`"\\u00e9\\x41\\101"`, 'éAA'],
    [`@'c:\\temp\\x'`, 'c:\\temp\\x'],
    [`@"say ""hi"""`, 'say "hi"'],
    [`@'it''s'`, "it's"],
    [`h'secret'`, 'secret'],
    [`H"secret"`, 'secret'],
    [`h@'c:\\x'`, 'c:\\x'],
    ['```line 1\nline "2"```', 'line 1\nline "2"'],
  ])('%s', (text, value) => {
    expect(scalar(text)).toEqual(lit('string', value, text));
  });

  it('adjacent string literals concatenate', () => {
    expect(scalar(`'a' "b" @'c'`)).toEqual(lit('string', 'abc', `'a' "b" @'c'`));
    expect(scalar(`'a'\n  // comment\n  'b'`)).toEqual(lit('string', 'ab', `'a'\n  // comment\n  'b'`));
  });

  it('rejects unknown escapes and unterminated strings', () => {
    expect(parseErrors(`print 'a\\qb'`)[0]).toMatchObject({ code: 'KQL0003', help: "unknown escape sequence '\\q'" });
    expect(parseErrors(`print x = "abc`)[0]).toMatchObject({ code: 'KQL0002', message: 'unterminated string literal', column: 11, end: 14 });
    expect(parseErrors('print x = ```abc')[0]).toMatchObject({ code: 'KQL0002', column: 11 });
  });
});

describe('dynamic literals', () => {
  it('holds the JSON value', () => {
    const text = `dynamic({"a": [1, -2, 2.5, "x", true, null, {"b": 'c'}], 'k': {}})`;
    expect(scalar(text)).toEqual(lit('dynamic', { a: [1, -2, 2.5, 'x', true, null, { b: 'c' }], k: {} }, text));
    expect(scalar('dynamic([])')).toEqual(lit('dynamic', [], 'dynamic([])'));
    expect(scalar('dynamic(null)')).toEqual(lit('dynamic', null, 'dynamic(null)'));
    expect(scalar('dynamic("s")')).toEqual(lit('dynamic', 's', 'dynamic("s")'));
    expect(scalar('dynamic(  7 )')).toEqual(lit('dynamic', 7, 'dynamic(  7 )'));
  });

  it('keeps datetime values as their text and timespans as their ticks', () => {
    expect(scalar('dynamic([datetime(2020-01-01), 1d, timespan(null), -long(2), -real(1.5)])')).toMatchObject({
      value: ['2020-01-01T00:00:00.0000000Z', 864000000000, null, -2, -1.5],
    });
  });

  it('rejects int(...) and decimal(...) inside dynamic, and a sign before other typed literals', () => {
    expect(parseErrors('print dynamic([int(1)])')[0]).toMatchObject({ code: 'KQL0003' });
    expect(parseErrors('print dynamic([decimal(1)])')[0]).toMatchObject({ code: 'KQL0003' });
    expect(parseErrors('print dynamic([-datetime(2020-01-01)])')[0]).toMatchObject({ code: 'KQL0003' });
  });

  it('rejects non-JSON content', () => {
    expect(parseErrors('print dynamic(foo)')[0]).toMatchObject({ code: 'KQL0003', message: "invalid dynamic literal 'foo'" });
    expect(parseErrors('print dynamic({a: 1})')[0]).toMatchObject({ code: 'KQL0001', column: 16 });
  });
});
