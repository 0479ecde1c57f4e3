// Syntax errors: exact positions, messages, recovery across statements, and robustness (never throws).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../../../grammar/parse-kql.js';
import { MAX_CHAIN } from '../../../src/syntax/build-ast.js';
import { parseQuery } from '../../../src/syntax/parse.js';
import { name, parseErrors, parseOk, stripSpans } from './helpers.js';
import { PUBLISHED_DLP_QUERY } from '../../fixtures/dlp-query.js';

const DLP_QUERY = PUBLISHED_DLP_QUERY;

describe("the product issue: Microsoft's DLP guide query", () => {
  it('parses', () => {
    const ast = stripSpans(parseOk(DLP_QUERY));
    expect(ast.statements.map((s) => s.kind)).toEqual(['Let', 'ExprStatement']);
    expect(ast.statements[0]).toMatchObject({ kind: 'Let', name: 'Alert', value: { kind: 'Pipe', operator: { kind: 'Where' } } });
    const query = ast.statements[1]!;
    if (query.kind !== 'ExprStatement' || query.expr.kind !== 'Pipe') throw new Error('expected a pipeline');
    expect(query.expr.operator.kind).toBe('Where');
    const join = (query.expr.source as { operator: unknown }).operator;
    expect(join).toMatchObject({ kind: 'Join', joinKind: 'inner', right: name('Alert') });
  });

  it("without its table line fails at the stray '|' (line 4, column 1)", () => {
    const text = DLP_QUERY.replace('CloudAppEvents\n', '');
    const diagnostics = parseErrors(text);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({ code: 'KQL0001', line: 4, column: 1, start: text.indexOf('\n| extend') + 1 });
    expect(d!.end).toBe(d!.start + 1);
    expect(d!.message).toBe("a statement cannot start with '|'");
    expect(d!.help).toContain("add the table the pipeline starts from (for example 'MyTable') before the '|'");
    expect(d!.help).toContain("remove the ';'");
  });
});

describe('error positions and messages', () => {
  it("a query that starts with '|'", () => {
    expect(parseErrors('  | where x')[0]).toMatchObject({ message: "a statement cannot start with '|'", column: 3 });
  });

  it('an unknown query operator points at the word', () => {
    expect(parseErrors('T | where x | frobnicate y')[0]).toMatchObject({
      message: "unknown query operator 'frobnicate'", column: 15, end: 24,
    });
  });

  it('a missing operator after |', () => {
    expect(parseErrors('T |')[0]).toMatchObject({ message: "expected a query operator after '|'", column: 4 });
  });

  it('an unexpected end points just past the last token', () => {
    expect(parseErrors('T | where // comment')[0]).toMatchObject({ message: 'expected an expression but found end of query', start: 9, end: 9 });
    expect(parseErrors('print (1')[0]).toMatchObject({ message: "expected ')' but found end of query", start: 8 });
  });

  it("an unexpected ';' is named as such", () => {
    expect(parseErrors('let x = ; T')[0]).toMatchObject({ message: "expected a value, a function or a view but found ';'", column: 9 });
  });

  it('trailing tokens after a complete statement', () => {
    expect(parseErrors('T | take 1 2')[0]).toMatchObject({ message: "unexpected '2'", column: 12 });
    expect(parseErrors('print 1)')[0]).toMatchObject({ message: "unexpected ')'", column: 8 });
  });

  it('chained comparisons', () => {
    expect(parseErrors('print a < b < c')[0]).toMatchObject({ message: "unexpected '<'", column: 13 });
    expect(parseErrors('print x in (1) == true')[0]).toMatchObject({ message: "unexpected '=='", column: 16 });
    expect(parseErrors('print a == b in (1)')[0]).toMatchObject({ message: "unexpected 'in'", column: 14 });
  });

  it('characters outside the language', () => {
    expect(parseErrors('T | where x # 1')[0]).toMatchObject({ code: 'KQL0005', message: "unexpected character '#'", column: 13 });
  });

  it('template placeholders are not KQL', () => {
    expect(parseErrors('T | where x == {{value}}')[0]).toMatchObject({ code: 'KQL0001', column: 16 });
  });

  it('errors inside function bodies', () => {
    expect(parseErrors('let f = (x:long) { x + };\nf(1)')[0]).toMatchObject({ line: 1, column: 24, message: "expected an expression but found '}'" });
  });
});

describe('recovery', () => {
  it('reports one error per broken statement, in order', () => {
    const diagnostics = parseErrors('let a = ;\nlet b = 1 +;\nlet c = 2;\nT | frob');
    expect(diagnostics.map((d) => [d.line, d.column])).toEqual([[1, 9], [2, 12], [4, 5]]);
  });

  it('lexical errors suppress parse errors of the same statement only', () => {
    // the unterminated string runs to the end of its line, so the ';' must be on the next one
    const diagnostics = parseErrors("print 'abc\n;\nT | where");
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['KQL0002', 1], ['KQL0001', 3]]);
  });
});

describe('robustness', () => {
  it(`rejects nesting deeper than ${MAX_NESTING_DEPTH} levels with a clear diagnostic`, () => {
    const text = 'print ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000);
    const [d] = parseErrors(text);
    expect(d).toMatchObject({ code: 'KQL0001', message: `expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`, start: 6 + MAX_NESTING_DEPTH });
  });

  it(`accepts ${MAX_NESTING_DEPTH} levels of every bracket kind`, () => {
    const n = MAX_NESTING_DEPTH;
    for (const [open, close] of [['(', ')'], ['f(', ')'], ['x[', ']'], ['T | where x in (', ')'], ['toscalar(T | where ', ')']]) {
      parseOk('print ' + open!.repeat(n) + '1' + close!.repeat(n));
    }
    parseOk('print dynamic(' + '['.repeat(n - 1) + ']'.repeat(n - 1) + ')');
  });

  it(`rejects chains longer than ${MAX_CHAIN} operators`, () => {
    expect(parseErrors('print ' + '1 + '.repeat(MAX_CHAIN + 1) + '1')[0]).toMatchObject({ message: `the expression is too long (more than ${MAX_CHAIN} operators)` });
    expect(parseErrors('T' + ' | take 1'.repeat(MAX_CHAIN + 1))[0]).toMatchObject({ message: `the pipeline is too long (more than ${MAX_CHAIN} query operators)` });
    parseOk('print ' + '1 + '.repeat(MAX_CHAIN) + '1');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parseQuery(text);
        expect(r.ast === null).toBe(r.diagnostics.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  const vocabulary = [
    'T', 'x', 'let', 'set', '=', '==', ';', '|', '(', ')', '[', ']', '{', '}', ',', '.', '..', ':', 'where', 'project',
    'extend', 'summarize', 'by', 'join', 'on', 'kind', 'union', 'print', 'range', 'from', 'to', 'step', 'datatable',
    'dynamic', 'in', '!in', 'has', 'between', 'and', 'or', 'not', '1', '1.5', '1d', "'s'", '"s"', 'datetime(2020-01-01)',
    '*', '-', '+', 'mv-expand', 'parse', 'with', 'asc', 'nulls', 'first', 'view', 'render', 'externaldata', '$left',
    "['a b']", 'take', 'top', 'count', 'distinct', 'as', '//c\n', 'typeof', 'long', 'hint.strategy', 'evaluate',
  ];

  it('never throws on token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }), (words) => {
        const r = parseQuery(words.join(' '));
        expect(r.ast === null).toBe(r.diagnostics.length > 0);
        for (const d of r.diagnostics) expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = parseQuery(Buffer.from(bytes).toString('latin1'));
        expect(r.ast === null).toBe(r.diagnostics.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
