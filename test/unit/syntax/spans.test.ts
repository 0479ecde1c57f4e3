// Spans: every node carries offsets into the source; literals and names cover exactly their text.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src/errors/diagnostic.js';
import type { Expr, QueryText } from '../../../src/syntax/ast.js';
import { parseQuery } from '../../../src/syntax/parse.js';
import { parseOk, readCorpus } from './helpers.js';

const at = (text: string, span: Span) => text.slice(span.start, span.end);

/** Span invariant violations over a whole AST (empty when all hold); counts spans in `seen`. */
function spanProblems(text: string, ast: QueryText, seen: { count: number }): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, parent: Span): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, parent);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown> & { span?: Span; kind?: string };
    let own = parent;
    if (obj.span) {
      seen.count++;
      const { start, end } = obj.span;
      const where = `${obj.kind ?? 'node'} ${JSON.stringify(obj.span)} in ${JSON.stringify(parent)}`;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start > end) problems.push(`bad span: ${where}`);
      if (start < parent.start || end > parent.end) problems.push(`outside its parent: ${where}`);
      if (obj.kind === 'Literal' && at(text, obj.span) !== obj.text) problems.push(`literal text: ${where}`);
      if (obj.kind === 'NameRef' && !new RegExp(`^(${escape(obj.name as string)}|\\[.*\\])$`, 's').test(at(text, obj.span))) {
        problems.push(`name text: ${where}`);
      }
      own = obj.span;
    }
    for (const [k, v] of Object.entries(obj)) if (k !== 'span') visit(v, own);
  };
  visit(ast.statements, ast.span);
  return problems;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('spans', () => {
  it('binary, member, call, literal and name spans', () => {
    const text = 'T | where tolower(a.b) has "x" and c > 1';
    const ast = parseOk(text);
    const s = ast.statements[0]!;
    if (s.kind !== 'ExprStatement' || s.expr.kind !== 'Pipe' || s.expr.operator.kind !== 'Where') throw new Error('shape');
    expect(at(text, s.expr.span)).toBe(text);
    expect(at(text, s.expr.operator.span)).toBe('where tolower(a.b) has "x" and c > 1');
    const and = s.expr.operator.predicate;
    if (and.kind !== 'Binary') throw new Error('shape');
    expect(at(text, and.opSpan)).toBe('and');
    expect(at(text, and.span)).toBe('tolower(a.b) has "x" and c > 1');
    const has = and.left as Extract<Expr, { kind: 'Binary' }>;
    expect(at(text, has.opSpan)).toBe('has');
    const call = has.left as Extract<Expr, { kind: 'Call' }>;
    expect(at(text, call.span)).toBe('tolower(a.b)');
    expect(at(text, call.nameSpan)).toBe('tolower');
    const member = call.args[0] as Extract<Expr, { kind: 'Member' }>;
    expect(at(text, member.span)).toBe('a.b');
    expect(at(text, member.nameSpan)).toBe('b');
  });

  it('in, between, matches regex, unary, index spans', () => {
    const text = 'print x !in~ ("a"), y between (1 .. 2), z matches regex "r", -w[0]';
    const s = parseOk(text).statements[0]!;
    if (s.kind !== 'ExprStatement' || s.expr.kind !== 'Print') throw new Error('shape');
    const [inExpr, between, matches, unary] = s.expr.items.map((i) => i.expr);
    expect(at(text, inExpr!.span)).toBe('x !in~ ("a")');
    expect(at(text, (inExpr as Extract<Expr, { kind: 'In' }>).opSpan)).toBe('!in~');
    expect(at(text, between!.span)).toBe('y between (1 .. 2)');
    expect(at(text, (matches as Extract<Expr, { kind: 'Binary' }>).opSpan)).toBe('matches regex');
    expect(at(text, unary!.span)).toBe('-w[0]');
    expect(at(text, (unary as Extract<Expr, { kind: 'Unary' }>).operand.span)).toBe('w[0]');
  });

  it('statement, let name, join kind and unsupported operator spans', () => {
    const text = "let ['a b'] = T;\nT | join kind=leftouter (U) on k | parse x with * 'a' y:string";
    const [let_, query] = parseOk(text).statements;
    if (let_!.kind !== 'Let' || query!.kind !== 'ExprStatement' || query!.expr.kind !== 'Pipe') throw new Error('shape');
    expect(at(text, let_!.span)).toBe("let ['a b'] = T");
    expect(at(text, let_!.nameSpan)).toBe("['a b']");
    expect(at(text, query!.expr.operator.span)).toBe("parse x with * 'a' y:string");
    const join = (query!.expr.source as Extract<Expr, { kind: 'Pipe' }>).operator;
    if (join.kind !== 'Join') throw new Error('shape');
    expect(at(text, join.span)).toBe('join kind=leftouter (U) on k');
    expect(at(text, join.kindSpan!)).toBe('kind=leftouter');
  });

  it('concatenated strings span all their parts', () => {
    const text = "print 'a' // c\n 'b'";
    const s = parseOk(text).statements[0]!;
    if (s.kind !== 'ExprStatement' || s.expr.kind !== 'Print') throw new Error('shape');
    expect(at(text, s.expr.items[0]!.expr.span)).toBe("'a' // c\n 'b'");
  });

  it('hold their invariants over the real-query corpora', () => {
    const corpora = [readCorpus('queries/real-hunting-sample.jsonl'), readCorpus('conformance/docs-cases.jsonl')];
    const seen = { count: 0 };
    const problems: string[] = [];
    for (const corpus of corpora) {
      for (const q of corpus ?? []) {
        const r = parseQuery(q.query);
        if (r.ast) problems.push(...spanProblems(q.query, r.ast, seen).map((p) => `${q.id}: ${p}`));
      }
    }
    expect(problems).toEqual([]);
    if (corpora.some((c) => c !== null)) expect(seen.count).toBeGreaterThan(1000);
  });
});
