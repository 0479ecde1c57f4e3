// Scalar expressions: KQL's precedence levels, list and range operators, paths, calls, names.
import { describe, expect, it } from 'vitest';
import { bin, call, long, member, name, operator, parseErrors, scalar, str } from './helpers.js';

describe('precedence (as Kusto.Language parses it)', () => {
  it('or < and < equality < relational < additive < multiplicative < string operators', () => {
    expect(scalar('a or b and c')).toEqual(bin('or', name('a'), bin('and', name('b'), name('c'))));
    expect(scalar('a == b and c or d')).toEqual(bin('or', bin('and', bin('==', name('a'), name('b')), name('c')), name('d')));
    expect(scalar('a == b < c')).toEqual(bin('==', name('a'), bin('<', name('b'), name('c'))));
    expect(scalar('a < b == c')).toEqual(bin('==', bin('<', name('a'), name('b')), name('c')));
    expect(scalar('a < b + c')).toEqual(bin('<', name('a'), bin('+', name('b'), name('c'))));
    expect(scalar('a + b * c - d')).toEqual(bin('-', bin('+', name('a'), bin('*', name('b'), name('c'))), name('d')));
    expect(scalar('a / b % c')).toEqual(bin('%', bin('/', name('a'), name('b')), name('c')));
    // string operators bind tighter than arithmetic in KQL
    expect(scalar('1 + 2 has "3"')).toEqual(bin('+', long(1), bin('has', long(2), str('3', '"3"'))));
    expect(scalar('a has b == c')).toEqual(bin('==', bin('has', name('a'), name('b')), name('c')));
    expect(scalar('a =~ b == c')).toEqual(bin('==', bin('=~', name('a'), name('b')), name('c')));
  });

  it('parentheses are kept as Paren nodes', () => {
    expect(scalar('(a + b) * c')).toEqual(bin('*', { kind: 'Paren', expr: bin('+', name('a'), name('b')) }, name('c')));
  });

  it('unary sign applies to a path expression', () => {
    expect(scalar('-a.b')).toEqual({ kind: 'Unary', op: '-', operand: member(name('a'), 'b') });
    expect(scalar('+1')).toEqual({ kind: 'Unary', op: '+', operand: long(1) });
    expect(scalar('a - -1')).toEqual(bin('-', name('a'), { kind: 'Unary', op: '-', operand: long(1) }));
  });

  it('comparison operators do not chain', () => {
    expect(parseErrors('print 1 == 2 == 3')[0]).toMatchObject({ message: "unexpected '=='", column: 14 });
  });
});

describe('binary operators', () => {
  const ops = [
    '==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~', '+', '-', '*', '/', '%', 'and', 'or',
    'has', '!has', 'has_cs', '!has_cs', 'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs',
    'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs', 'contains', '!contains', 'contains_cs', '!contains_cs',
    'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  ];
  it.each(ops)('%s', (op) => {
    expect(scalar(`x ${op} y`)).toEqual(bin(op, name('x'), name('y')));
  });

  it('legacy spellings mean their current operators', () => {
    expect(scalar('x notcontains y')).toEqual(bin('!contains', name('x'), name('y')));
    expect(scalar('x containscs y')).toEqual(bin('contains_cs', name('x'), name('y')));
    expect(scalar('x notcontainscs y')).toEqual(bin('!contains_cs', name('x'), name('y')));
  });

  it('matches regex', () => {
    expect(scalar(`x matches regex @"\\d+"`)).toEqual(bin('matches regex', name('x'), str('\\d+', '@"\\d+"')));
  });
});

describe('in / has_any / between', () => {
  it.each(['in', '!in', 'in~', '!in~', 'has_any', 'has_all'])('%s with a list', (op) => {
    expect(scalar(`x ${op} ("a", 1)`)).toEqual({ kind: 'In', op, left: name('x'), items: [str('a', '"a"'), long(1)] });
  });

  it('takes a tabular subquery or a bare name', () => {
    expect(scalar('x in (T | project y)')).toEqual({
      kind: 'In', op: 'in', left: name('x'),
      items: [{ kind: 'Pipe', source: name('T'), operator: { kind: 'Project', items: [{ expr: name('y') }] } }],
    });
    expect(scalar('AccountId has_any(CriticalIdentities)')).toEqual({
      kind: 'In', op: 'has_any', left: name('AccountId'), items: [name('CriticalIdentities')],
    });
  });

  it('binds looser than arithmetic', () => {
    expect(scalar('a + b in (1)')).toEqual({ kind: 'In', op: 'in', left: bin('+', name('a'), name('b')), items: [long(1)] });
  });

  it('between and !between', () => {
    expect(scalar('x between (1 .. 5)')).toEqual({ kind: 'Between', negated: false, left: name('x'), low: long(1), high: long(5) });
    expect(scalar('x !between(ago(1d)..now())')).toEqual({
      kind: 'Between', negated: true, left: name('x'),
      low: call('ago', { kind: 'Literal', type: 'timespan', value: 864_000_000_000, text: '1d' }), high: call('now'),
    });
  });

  it('an empty list is an error', () => {
    expect(parseErrors('print x in ()')[0]).toMatchObject({ code: 'KQL0001', column: 13 });
  });
});

describe('paths and calls', () => {
  it('member access, also with reserved words and brackets', () => {
    expect(scalar('a.b.c')).toEqual(member(member(name('a'), 'b'), 'c'));
    expect(scalar('RawEventData.type')).toEqual(member(name('RawEventData'), 'type'));
    expect(scalar("d.['a b']")).toEqual(member(name('d'), 'a b'));
    expect(scalar('$left.a')).toEqual(member(name('$left'), 'a'));
  });

  it('index access', () => {
    expect(scalar("d['k']")).toEqual({ kind: 'Index', target: name('d'), index: str('k', "'k'") });
    expect(scalar('a[0][-1]')).toEqual({
      kind: 'Index', target: { kind: 'Index', target: name('a'), index: long(0) },
      index: { kind: 'Unary', op: '-', operand: long(1) },
    });
    expect(scalar('d.[i]')).toEqual({ kind: 'Index', target: name('d'), index: name('i') });
  });

  it('calls, postfix on a call result', () => {
    expect(scalar('parse_json(tostring(x)).cid')).toEqual(member(call('parse_json', call('tostring', name('x'))), 'cid'));
    expect(scalar('f()')).toEqual(call('f'));
    expect(scalar('not(x)')).toEqual(call('not', name('x')));
    expect(scalar('count()')).toEqual(call('count'));
  });

  it('* arguments and named arguments', () => {
    expect(scalar('arg_max(Timestamp, *)')).toEqual(call('arg_max', name('Timestamp'), { kind: 'Star' }));
    expect(scalar('f(1, n = 3)')).toEqual(call('f', long(1), { kind: 'NamedArg', name: 'n', value: long(3) }));
  });

  it('tabular arguments', () => {
    expect(scalar('toscalar(T | count)')).toEqual(
      call('toscalar', { kind: 'Pipe', source: name('T'), operator: { kind: 'Count' } }));
  });

  it('dotted calls keep their receiver', () => {
    expect(scalar("cluster('c').database('d').T")).toEqual(
      member({ ...call('database', str('d', "'d'")), target: call('cluster', str('c', "'c'")) }, 'T'));
  });
});

describe('names', () => {
  it('bracketed names', () => {
    expect(scalar("['Column With Spaces']")).toEqual(name('Column With Spaces'));
    expect(scalar('["x"]')).toEqual(name('x'));
    expect(scalar("['where']")).toEqual(name('where'));
  });

  it('contextual keywords work as column names', () => {
    for (const n of ['kind', 'type', 'title', 'name', 'source', 'table', 'on', 'count', 'extend', 'take', 'filter', 'range', 'let', 'view', 'with', 'from', 'step', 'nulls', 'parse', 'lookup', 'evaluate', 'render', 'summarize', 'top', 'mvexpand']) {
      expect(scalar(n), n).toEqual(name(n));
    }
    expect(operator('summarize count() by Type')).toMatchObject({ by: [{ expr: name('Type') }] });
    expect(operator('project kind, count, on')).toMatchObject({ items: [{ expr: name('kind') }, { expr: name('count') }, { expr: name('on') }] });
  });

  it('reserved words are rejected as bare names, with a hint', () => {
    const [d] = parseErrors('T | project where');
    expect(d).toMatchObject({ code: 'KQL0001', column: 13, help: "'where' is a keyword; to use it as a name write ['where']" });
  });
});
