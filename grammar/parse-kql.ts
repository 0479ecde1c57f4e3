// Text → statement CSTs + syntax diagnostics: lexes once, splits the statement list at top-level `;`,
// parses each statement with the shared parser, and turns lexer and parser errors into diagnostics.
import { EOF, type IRecognitionException, type IToken } from './chevrotain.js';
import type { RawDiagnostic, Span } from '../src/errors/diagnostic.js';
import { syntaxError, unexpectedCharacter, unterminatedString } from '../src/errors/diagnostics.js';
import type { StatementCstNode } from './cst.js';
import { kqlLexer } from './lexer.js';
import { describeToken, kqlParser } from './parser.js';
import * as T from './tokens.js';

/**
 * Deepest bracket nesting accepted; deeper input is reported instead of overflowing the stack.
 * The parser itself manages about 240 levels of `(` on Node's default stack; 100 leaves room for
 * the later stages, which also recurse per level.
 */
export const MAX_NESTING_DEPTH = 100;

export interface StatementCst {
  cst: StatementCstNode;
  /** offsets of the statement's first token and one past its last (the `;` excluded) */
  span: Span;
}

export interface KqlCst {
  statements: StatementCst[];
  diagnostics: RawDiagnostic[];
}

export const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });

/** Lexes and parses `text`. Never throws; any problem becomes a diagnostic. */
export function parseKql(text: string): KqlCst {
  const diagnostics: RawDiagnostic[] = [];
  const lexed = kqlLexer.tokenize(text);
  const tokens = lexed.tokens;

  // 1. lexical problems: characters outside the language, unterminated literals
  const badOffsets: number[] = [];
  for (const e of lexed.errors) {
    const ch = String.fromCodePoint(text.codePointAt(e.offset) ?? 0xfffd);
    diagnostics.push(unexpectedCharacter(ch, { start: e.offset, end: e.offset + ch.length }));
    badOffsets.push(e.offset);
  }
  for (const t of tokens) {
    if (t.tokenType === T.StringLiteral && !isTerminatedString(t.image)) {
      diagnostics.push(unterminatedString(tokenSpan(t)));
      badOffsets.push(t.startOffset);
    } else if (t.tokenType === T.TypedLiteral && !t.image.endsWith(')')) {
      const name = t.image.slice(0, t.image.indexOf('('));
      diagnostics.push(syntaxError(`expected ')' to end the ${name}(...) literal`, tokenSpan(t),
        'a typed literal must close on the line it starts'));
      badOffsets.push(t.startOffset);
    }
  }

  // 2. nesting guard: the parser, the AST builder and every later stage recurse per bracket level
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.LParen || type === T.LBracket || type === T.LBrace) {
      if (++depth > MAX_NESTING_DEPTH) {
        diagnostics.push(syntaxError(`expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`,
          tokenSpan(t), 'split the query with let statements'));
        return { statements: [], diagnostics };
      }
    } else if (type === T.RParen || type === T.RBracket || type === T.RBrace) {
      depth = Math.max(0, depth - 1);
    }
  }

  // 3. one parse per statement
  const statements: StatementCst[] = [];
  for (const chunk of splitStatements(tokens)) {
    const first = chunk.tokens[0]!;
    const last = chunk.tokens[chunk.tokens.length - 1]!;
    const span = { start: first.startOffset, end: last.startOffset + last.image.length };
    if (badOffsets.some((o) => o >= span.start && o < span.end)) continue;
    if (first.tokenType === T.Pipe) {
      diagnostics.push(syntaxError("a statement cannot start with '|'", tokenSpan(first),
        chunk.afterSemicolon
          ? "add the table the pipeline starts from (for example 'MyTable') before the '|', or remove the ';' that ends the statement before it"
          : "add the table the pipeline starts from (for example 'MyTable') before the first '|'"));
      continue;
    }
    try {
      kqlParser.input = chunk.tokens;
      const cst = kqlParser.statement() as StatementCstNode;
      const error = kqlParser.errors[0];
      if (error) diagnostics.push(toDiagnostic(error, chunk, span));
      else statements.push({ cst, span });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      diagnostics.push(syntaxError('the query is too complex to parse', span, 'split it with let statements'));
    }
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { statements, diagnostics };
}

interface Chunk {
  tokens: IToken[];
  /** the statement follows a `;` */
  afterSemicolon: boolean;
  /** the `;` that ends it, if any */
  terminator?: IToken;
}

/** Splits the token stream at `;` outside brackets (a function body's `;` stays inside it). */
function splitStatements(tokens: IToken[]): Chunk[] {
  const chunks: Chunk[] = [];
  let depth = 0;
  let start = 0;
  let afterSemicolon = false;
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    if (t !== undefined) {
      const type = t.tokenType;
      if (type === T.LParen || type === T.LBracket || type === T.LBrace) depth++;
      else if (type === T.RParen || type === T.RBracket || type === T.RBrace) depth = Math.max(0, depth - 1);
      if (type !== T.Semicolon || depth > 0) continue;
    }
    if (i > start) chunks.push({ tokens: tokens.slice(start, i), afterSemicolon, ...(t ? { terminator: t } : {}) });
    start = i + 1;
    afterSemicolon = true;
  }
  return chunks;
}

/** Re-scans a string token the way Kusto does to tell whether its closing quote is there. */
export function isTerminatedString(image: string): boolean {
  let i = 0;
  if (image[i] === 'h' || image[i] === 'H') i++;
  if (image.startsWith('```', i)) return image.length - i >= 6 && image.endsWith('```');
  const verbatim = image[i] === '@';
  if (verbatim) i++;
  const quote = image[i];
  for (i++; i < image.length; i++) {
    const ch = image[i];
    if (ch === '\\' && !verbatim) i++;
    else if (ch === quote) {
      if (verbatim && image[i + 1] === quote) i++;
      else return i === image.length - 1;
    }
  }
  return false;
}

function toDiagnostic(error: IRecognitionException, chunk: Chunk, statementSpan: Span): RawDiagnostic {
  const token = error.token;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  let span: Span;
  let message = error.message;
  if (atEnd) {
    const end = chunk.terminator;
    span = end ? tokenSpan(end) : { start: statementSpan.end, end: statementSpan.end };
    if (end) message = message.replace('end of query', describeToken(end));
  } else {
    span = tokenSpan(token);
  }
  const rule = error.context.ruleStack[error.context.ruleStack.length - 1];
  let help: string | undefined;
  if (rule === 'queryOperator' && error.name === 'NoViableAltException') {
    if (atEnd) message = "expected a query operator after '|'";
    else if (token.tokenType === T.MacroExpand) {
      // macro-expand-operator.md: "The operator takes no input"
      message = "macro-expand takes no tabular input: it starts a pipeline";
      help = 'write it first: macro-expand entity_group [...] as X (X.Table | ...) | ...';
    } else {
      message = `unknown query operator ${describeToken(token)}`;
      help = 'expected where, extend, project, summarize, join, sort, take, top, distinct, union, mv-expand, ...';
    }
  } else if (!atEnd && T.reservedWords.has(token.tokenType)) {
    help = `'${token.image}' is a keyword; to use it as a name write ['${token.image}']`;
  }
  return syntaxError(message, span, help);
}
