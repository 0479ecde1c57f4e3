// Statements: let (values, functions, views), set, declare, statement lists; tabular sources.
import { describe, expect, it } from 'vitest';
import { bin, call, long, name, parseErrors, parseOk, statementExpr, str, stripSpans } from './helpers.js';

const stmts = (text: string) => stripSpans(parseOk(text).statements);

describe('statements', () => {
  it('let scalar and tabular values, then a query; trailing ; is fine', () => {
    expect(stmts('let x = 1; let T2 = T | take 1; T2;')).toEqual([
      { kind: 'Let', name: 'x', value: long(1) },
      { kind: 'Let', name: 'T2', value: { kind: 'Pipe', source: name('T'), operator: { kind: 'Take', count: long(1) } } },
      { kind: 'ExprStatement', expr: name('T2') },
    ]);
  });

  it('empty statements and comment-only text are skipped', () => {
    expect(stmts(';; T ;')).toEqual([{ kind: 'ExprStatement', expr: name('T') }]);
    expect(stmts('// nothing here\n')).toEqual([]);
    expect(stmts('')).toEqual([]);
  });

  it('let with an escaped name', () => {
    expect(stmts("let ['my var'] = 1; print ['my var']")[0]).toEqual({ kind: 'Let', name: 'my var', value: long(1) });
  });

  it('let function with scalar, defaulted and tabular parameters', () => {
    const [f] = stmts('let f = (x:string, n:long = 3, T:(*), U:(a:string, b:dynamic), V:(a:int, *)) { let y = n + 1; T | take y }; f("a", 2, A, B, C)');
    expect(f).toEqual({
      kind: 'Let',
      name: 'f',
      value: {
        kind: 'FunctionDecl',
        params: [
          { name: 'x', type: 'string' },
          { name: 'n', type: 'long', default: long(3) },
          { name: 'T', type: { kind: 'Tabular', columns: [], star: true } },
          { name: 'U', type: { kind: 'Tabular', columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'dynamic' }], star: false } },
          { name: 'V', type: { kind: 'Tabular', columns: [{ name: 'a', type: 'int' }], star: true } },
        ],
        body: {
          lets: [{ kind: 'Let', name: 'y', value: bin('+', name('n'), long(1)) }],
          result: { kind: 'Pipe', source: name('T'), operator: { kind: 'Take', count: name('y') } },
        },
      },
    });
  });

  it('let function without parameters; body with a trailing ;', () => {
    expect(stmts('let f = () { 42; }; print f()')[0]).toEqual({
      kind: 'Let', name: 'f', value: { kind: 'FunctionDecl', params: [], body: { lets: [], result: long(42) } },
    });
  });

  it('type aliases in parameters', () => {
    const [f] = stmts('let f = (a:boolean, b:int64, c:double, d:date, e:time, g:uniqueid) { a }; f(true, 1, 1.0, now(), 1d, guid(null))');
    expect(f).toMatchObject({
      value: { params: ['bool', 'long', 'real', 'datetime', 'timespan', 'guid'].map((type) => ({ type })) },
    });
  });

  it('a parenthesised value is not a function', () => {
    expect(stmts('let x = (1 + 2); print x')[0]).toEqual({ kind: 'Let', name: 'x', value: { kind: 'Paren', expr: bin('+', long(1), long(2)) } });
  });

  it('let view', () => {
    expect(stmts('let v = view () { T | where x > 1 }; v')[0]).toEqual({
      kind: 'Let', name: 'v',
      value: { kind: 'FunctionDecl', params: [], view: true, body: { lets: [], result: { kind: 'Pipe', source: name('T'), operator: { kind: 'Where', predicate: bin('>', name('x'), long(1)) } } } },
    });
  });

  it('let materialize(...) is a call', () => {
    expect(stmts('let M = materialize(T | take 5); M')[0]).toMatchObject({
      value: call('materialize', { kind: 'Pipe', source: name('T'), operator: { kind: 'Take', count: long(5) } }),
    });
  });

  it('set with and without a value', () => {
    expect(stmts('set notruncation; set query_take_max_records = 10; set x = "a"; T')).toEqual([
      { kind: 'Set', name: 'notruncation' },
      { kind: 'Set', name: 'query_take_max_records', value: long(10) },
      { kind: 'Set', name: 'x', value: str('a', '"a"') },
      { kind: 'ExprStatement', expr: name('T') },
    ]);
  });

  it('declare query_parameters is parsed and dropped; other declarations are unsupported', () => {
    expect(stmts('declare query_parameters(x:string = "a", n:long); T')).toEqual([{ kind: 'ExprStatement', expr: name('T') }]);
    expect(stmts('declare pattern p; T')[0]).toEqual({
      kind: 'ExprStatement', expr: { kind: 'Unsupported', what: 'declare pattern', text: 'declare pattern p' },
    });
  });

  it('spans: statements exclude the ;, names point at the name', () => {
    const text = 'let x = 1;\nT';
    const [let_, query] = parseOk(text).statements;
    expect(let_).toMatchObject({ span: { start: 0, end: 9 }, nameSpan: { start: 4, end: 5 } });
    expect(query!.span).toEqual({ start: 11, end: 12 });
  });
});

describe('tabular sources', () => {
  it('a name, a call or a parenthesised pipeline starts a pipeline', () => {
    expect(statementExpr('f(1) | take 1')).toEqual({ kind: 'Pipe', source: call('f', long(1)), operator: { kind: 'Take', count: long(1) } });
    expect(statementExpr('(T | take 1) | count')).toEqual({
      kind: 'Pipe',
      source: { kind: 'Paren', expr: { kind: 'Pipe', source: name('T'), operator: { kind: 'Take', count: long(1) } } },
      operator: { kind: 'Count' },
    });
    expect(statementExpr("database('db').T | count")).toMatchObject({ source: { kind: 'Member', name: 'T', target: call('database', str('db', "'db'")) } });
  });

  it('datatable, values flat and row-major, trailing comma allowed', () => {
    expect(statementExpr('datatable(a:int, [\'b c\']:string, d:dynamic) [1, "x", dynamic([1]), -2, "y", dynamic(null),]')).toEqual({
      kind: 'Datatable',
      columns: [{ name: 'a', type: 'int' }, { name: 'b c', type: 'string' }, { name: 'd', type: 'dynamic' }],
      values: [
        long(1), str('x', '"x"'), { kind: 'Literal', type: 'dynamic', value: [1], text: 'dynamic([1])' },
        { kind: 'Unary', op: '-', operand: long(2) }, str('y', '"y"'), { kind: 'Literal', type: 'dynamic', value: null, text: 'dynamic(null)' },
      ],
    });
    expect(statementExpr('datatable(a:long) []')).toEqual({ kind: 'Datatable', columns: [{ name: 'a', type: 'long' }], values: [] });
  });

  it('print with named and unnamed items', () => {
    expect(statementExpr('print a = 1, 2, (b, c) = f()')).toEqual({
      kind: 'Print',
      items: [
        { names: [{ name: 'a' }], expr: long(1) },
        { expr: long(2) },
        { names: [{ name: 'b' }, { name: 'c' }], expr: call('f') },
      ],
    });
    expect(statementExpr('print print = 1')).toEqual({ kind: 'Print', items: [{ names: [{ name: 'print' }], expr: long(1) }] });
  });

  it('range', () => {
    expect(statementExpr('range x from 1 to 10 step 2')).toEqual({ kind: 'Range', name: 'x', from: long(1), to: long(10), step: long(2) });
    expect(statementExpr('range Timestamp from ago(1d) to now() step 1h | count')).toMatchObject({
      kind: 'Pipe', source: { kind: 'Range', name: 'Timestamp' }, operator: { kind: 'Count' },
    });
  });

  it('union as a source', () => {
    expect(statementExpr('union kind=outer withsource=SourceTable isfuzzy=true T1, (T2 | take 1), T3')).toEqual({
      kind: 'UnionSource',
      options: { kind: 'outer', withsource: 'SourceTable', isfuzzy: true },
      tables: [name('T1'), { kind: 'Paren', expr: { kind: 'Pipe', source: name('T2'), operator: { kind: 'Take', count: long(1) } } }, name('T3')],
    });
    expect(statementExpr('union T1, T2 | count')).toMatchObject({ kind: 'Pipe', source: { kind: 'UnionSource', options: {}, tables: [name('T1'), name('T2')] } });
  });

  it('union operands may be wildcard names (a NameRef whose name holds the *)', () => {
    expect(statementExpr('union withsource=TableName Device*, Email*Events, *')).toEqual({
      kind: 'UnionSource', options: { withsource: 'TableName' }, tables: [name('Device*'), name('Email*Events'), name('*')],
    });
    // not a wildcard when the * is separated: `T * 2` is not a table
    expect(parseErrors('union T *')[0]).toMatchObject({ message: "unexpected '*'" });
  });

  it('externaldata, search and find are parsed; an evaluate source is recognised and skipped', () => {
    expect(statementExpr('externaldata(Url:string) [@"https://example.com/list.txt"] with (format="txt") | where Url has "x"')).toMatchObject({
      kind: 'Pipe',
      source: {
        kind: 'ExternalData', columns: [{ name: 'Url', type: 'string' }], uris: [{ value: 'https://example.com/list.txt' }],
        properties: [{ name: 'format', value: 'txt' }],
      },
      operator: { kind: 'Where' },
    });
    expect(statementExpr('search "x" | take 1')).toMatchObject({ source: { kind: 'Search', caseSensitive: false, predicate: { kind: 'Literal', value: 'x' } } });
    expect(statementExpr('search in (T1, T2) "x"')).toMatchObject({ kind: 'Search', tables: [name('T1'), name('T2')] });
    expect(statementExpr('search *')).toMatchObject({ kind: 'Search', predicate: null });
    expect(statementExpr('find where x == 1')).toMatchObject({ kind: 'Find', predicate: { kind: 'Binary', op: '==' } });
    expect(statementExpr('find withsource=S in (T) "x" project a, b:long, pack_all()')).toMatchObject({
      kind: 'Find', withsource: 'S', tables: [name('T')], project: [{ name: 'a' }, { name: 'b', type: 'long' }, { name: 'pack_all', packAll: true }],
    });
    expect(statementExpr('evaluate python(typeof(*), "code")')).toMatchObject({ kind: 'Unsupported', what: 'evaluate' });
  });

  it('a let-bound externaldata inside parentheses', () => {
    expect(stmts('let L = (externaldata(u:string) ["x"] | project u); L')[0]).toMatchObject({
      value: { kind: 'Paren', expr: { kind: 'Pipe', source: { kind: 'ExternalData', uris: [{ value: 'x' }] } } },
    });
  });
});
