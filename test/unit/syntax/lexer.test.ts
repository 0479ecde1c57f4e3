// The lexer: token kinds, KQL's lexical quirks, and chevrotain's optimizations staying on.
import { describe, expect, it } from 'vitest';
import { createKqlLexer, kqlLexer } from '../../../grammar/lexer.js';
import { isTerminatedString } from '../../../grammar/parse-kql.js';

const kinds = (text: string) => kqlLexer.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  it('builds with ensureOptimizations (every pattern is first-char optimizable)', () => {
    expect(() => createKqlLexer({ ensureOptimizations: true })).not.toThrow();
  });

  it('skips whitespace (Unicode spaces included) and // comments', () => {
    expect(kinds('T\u00a0|\u202f// comment | where\n\u200btake 1')).toEqual(['Identifier:T', 'Pipe:|', 'Take:take', 'LongLiteral:1']);
  });

  it('lexes numbers: long, hex, real, timespan, and `..`', () => {
    expect(kinds('1 0x1F 1.5 1. 1e3 2.5E-2 .5 1..5')).toEqual([
      'LongLiteral:1', 'LongLiteral:0x1F', 'RealLiteral:1.5', 'RealLiteral:1.', 'RealLiteral:1e3', 'RealLiteral:2.5E-2',
      'RealLiteral:.5', 'LongLiteral:1', 'DotDot:..', 'LongLiteral:5',
    ]);
  });

  it('lexes a number directly followed by a unit as one timespan literal', () => {
    const units = '30d 1.5h 10m 5min 15s 10ms 2microseconds 1tick 3days 100nanoseconds 2hr 1sec 7millis';
    expect(kinds(units).every((k) => k.startsWith('TimespanLiteral:'))).toBe(true);
    // a unit must end the word: `1dx` is not a timespan
    expect(kinds('1dx')).toEqual(['LongLiteral:1', 'Identifier:dx']);
  });

  it('lexes every string form as one token', () => {
    const forms = [`'a\\'b'`, `"a\\"b"`, `@'c:\\x'`, `@"say ""hi"""`, `h'secret'`, `H"secret"`, `h@'x'`, '```multi\nline```'];
    for (const f of forms) expect(kinds(f)).toEqual([`StringLiteral:${f}`]);
  });

  it('ends an unterminated string at the line break', () => {
    expect(kinds("print 'abc\n| take 1")).toEqual(['Print:print', "StringLiteral:'abc", 'Pipe:|', 'Take:take', 'LongLiteral:1']);
    expect(isTerminatedString("'abc")).toBe(false);
    expect(isTerminatedString("'ab\\'")).toBe(false);
    expect(isTerminatedString("'ab\\\\'")).toBe(true);
    expect(isTerminatedString("@'ab'''")).toBe(true);
    expect(isTerminatedString("@'ab''")).toBe(false);
    expect(isTerminatedString('```ab```')).toBe(true);
    expect(isTerminatedString('```ab')).toBe(false);
  });

  it('lexes a type keyword directly followed by ( as one typed literal, up to the )', () => {
    expect(kinds('datetime(2015-12-31 23:59:59.9) guid(74be27de-1e4e-49d9-b579-fe0b331d3642) real(-inf)')).toEqual([
      'TypedLiteral:datetime(2015-12-31 23:59:59.9)',
      'TypedLiteral:guid(74be27de-1e4e-49d9-b579-fe0b331d3642)',
      'TypedLiteral:real(-inf)',
    ]);
    // not when separated, and not for longer names
    expect(kinds('datetime (1) datetime_diff(x) toint(1)')).toEqual([
      'Identifier:datetime', 'LParen:(', 'LongLiteral:1', 'RParen:)',
      'Identifier:datetime_diff', 'LParen:(', 'Identifier:x', 'RParen:)',
      'Identifier:toint', 'LParen:(', 'LongLiteral:1', 'RParen:)',
    ]);
  });

  it('lexes multi-character operators and keywords, longest spelling first', () => {
    expect(kinds('!has_cs !has has_any has hasprefix_cs !in~ !in in~ in index !between =~ !~ == != <> <= >= =>')).toEqual([
      'NotHasCs:!has_cs', 'NotHas:!has', 'HasAny:has_any', 'Has:has', 'HasprefixCs:hasprefix_cs', 'NotInCi:!in~',
      'NotIn:!in', 'InCi:in~', 'In:in', 'Identifier:index', 'NotBetween:!between', 'EqualTilde:=~', 'BangTilde:!~',
      'EqualEqual:==', 'BangEqual:!=', 'LessThanGreaterThan:<>', 'LessThanOrEqual:<=', 'GreaterThanOrEqual:>=', 'FatArrow:=>',
    ]);
    expect(kinds('project-away project mv-expand mvexpand as asc with with_itemindex top-nested top hint.strategy')).toEqual([
      'ProjectAway:project-away', 'Project:project', 'MvExpand:mv-expand', 'MvExpandLegacy:mvexpand', 'As:as', 'Asc:asc',
      'With:with', 'WithItemIndex:with_itemindex', 'TopNested:top-nested', 'Top:top', 'HintName:hint.strategy',
    ]);
  });

  it('lexes identifiers: $left, underscores, digits, keyword prefixes', () => {
    expect(kinds('$left.a _x1 whereabouts projection true True TRUE trueish')).toEqual([
      'Identifier:$left', 'Dot:.', 'Identifier:a', 'Identifier:_x1', 'Identifier:whereabouts', 'Identifier:projection',
      'True:true', 'True:True', 'True:TRUE', 'Identifier:trueish',
    ]);
  });

  it('reports characters outside the language', () => {
    const r = kqlLexer.tokenize('T | where x # 1');
    expect(r.errors.map((e) => e.offset)).toEqual([12]);
  });
});
