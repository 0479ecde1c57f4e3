// The syntax stage's entry point: KQL text → AST + syntax diagnostics (never throws).
import { parseKql } from '../../grammar/parse-kql.js';
import type { RawDiagnostic } from '../errors/diagnostic.js';
import { syntaxError } from '../errors/diagnostics.js';
import type { QueryText } from './ast.js';
import { buildAst } from './build-ast.js';

export interface ParseResult {
  /** null when the text has syntax errors */
  ast: QueryText | null;
  /** syntax diagnostics, ordered by position */
  diagnostics: RawDiagnostic[];
}

/**
 * Parses a query (statements separated by `;`). The AST is returned only when there is no error;
 * every error found is reported (each statement is parsed separately, so one bad statement
 * does not hide the problems of the next).
 */
export function parseQuery(text: string): ParseResult {
  try {
    const cst = parseKql(text);
    if (cst.diagnostics.length > 0) return { ast: null, diagnostics: cst.diagnostics };
    const built = buildAst(cst.statements, text);
    if (built.diagnostics.length > 0) {
      return { ast: null, diagnostics: built.diagnostics.sort((a, b) => a.span.start - b.span.start) };
    }
    return { ast: built.ast, diagnostics: [] };
  } catch (e) {
    const message = e instanceof RangeError ? 'the query is too complex to parse' : `internal parser error: ${String(e)}`;
    return { ast: null, diagnostics: [syntaxError(message, { start: 0, end: text.length })] };
  }
}
