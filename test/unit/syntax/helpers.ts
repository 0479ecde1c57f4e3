// Shared helpers for the syntax tests: parse-or-fail, span stripping, corpus loading.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { locate, type Diagnostic } from '../../../src/errors/diagnostic.js';
import type { Expr, QueryOperator, QueryText } from '../../../src/syntax/ast.js';
import { parseQuery } from '../../../src/syntax/parse.js';

const SPAN_KEYS = new Set(['span', 'nameSpan', 'opSpan', 'kindSpan']);

/** A deep copy without span fields, for comparing AST shapes. */
export function stripSpans<X>(node: X): X {
  if (Array.isArray(node)) return node.map(stripSpans) as X;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!SPAN_KEYS.has(k)) out[k] = stripSpans(v);
  return out as X;
}

/** Parses and fails the test on any diagnostic. */
export function parseOk(text: string): QueryText {
  const r = parseQuery(text);
  expect(r.diagnostics.map((d) => locate(text, d))).toEqual([]);
  expect(r.ast).not.toBeNull();
  return r.ast!;
}

/** The diagnostics of a query that must fail, located (line/column). */
export function parseErrors(text: string): Diagnostic[] {
  const r = parseQuery(text);
  expect(r.ast).toBeNull();
  expect(r.diagnostics.length).toBeGreaterThan(0);
  return r.diagnostics.map((d) => locate(text, d));
}

/** The expression of the only statement, spans stripped. */
export function statementExpr(text: string): Expr {
  const ast = parseOk(text);
  expect(ast.statements).toHaveLength(1);
  const s = ast.statements[0]!;
  if (s.kind !== 'ExprStatement') throw new Error(`expected an expression statement, got ${s.kind}`);
  return stripSpans(s.expr);
}

/** `print <e>` → the expression e, spans stripped. */
export function scalar(e: string): Expr {
  const expr = statementExpr(`print ${e}`);
  if (expr.kind !== 'Print') throw new Error('expected print');
  return expr.items[0]!.expr;
}

/** `T | <op>` → the operator, spans stripped. */
export function operator(op: string): QueryOperator {
  const expr = statementExpr(`T | ${op}`);
  if (expr.kind !== 'Pipe') throw new Error('expected a pipe');
  return expr.operator;
}

// ───────────── AST builders for expected shapes (spans omitted) ─────────────

export const name = (n: string) => ({ kind: 'NameRef', name: n });
export const long = (v: number, text = String(v)) => ({ kind: 'Literal', type: 'long', value: v, text });
export const str = (v: string, text: string) => ({ kind: 'Literal', type: 'string', value: v, text });
export const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'Binary', op, left, right });
export const call = (n: string, ...args: unknown[]) => ({ kind: 'Call', name: n, args });
export const member = (target: unknown, n: string) => ({ kind: 'Member', target, name: n });

// ───────────── the shared corpora (read at test time, never copied) ─────────────

export const SHARED_DIR = path.resolve(__dirname, '../../../../shared');

export interface CorpusQuery {
  id: string;
  query: string;
}

/** Lines of a JSONL file under /work/shared, or null when the folder is absent. */
export function readCorpus(relative: string): CorpusQuery[] | null {
  const file = path.join(SHARED_DIR, relative);
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusQuery);
}
