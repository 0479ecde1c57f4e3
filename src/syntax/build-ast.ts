// The single CST → AST visitor: names, literal values and spans; reports invalid literals.
import type { CstNode, IToken } from 'chevrotain';
import type * as C from '../../grammar/cst.js';
import type { StatementCst } from '../../grammar/parse-kql.js';
import { kqlParser } from '../../grammar/parser.js';
import * as T from '../../grammar/tokens.js';
import type { RawDiagnostic, Span } from '../errors/diagnostic.js';
import { invalidLiteral, syntaxError } from '../errors/diagnostics.js';
import { parseTypeName, type KqlType, type Scalar } from '../types.js';
import { formatDateTime, parseDateTimeLiteral } from '../values/datetime.js';
import { parseGuid } from '../values/guid.js';
import { formatTimespan, parseTimespanLiteral, parseTimespanText } from '../values/timespan.js';
import { boxLong } from '../values/long.js';
import { setMember } from '../values/dynamic.js';
import type * as A from './ast.js';
import { decFromText } from '../values/decimal.js';

export interface BuiltAst {
  ast: A.QueryText;
  diagnostics: RawDiagnostic[];
}

/** Statement CSTs (from `parseKql`) → the query's AST. `text` is the source the CSTs were parsed from. */
export function buildAst(statements: StatementCst[], text: string): BuiltAst {
  const builder = new AstBuilder(text);
  const out: A.Statement[] = [];
  for (const s of statements) {
    const statement = builder.statement(s.cst.children);
    if (statement) out.push(statement);
  }
  return { ast: { kind: 'Query', statements: out, span: { start: 0, end: text.length } }, diagnostics: builder.diagnostics };
}

// ───────────────────────────── helpers ─────────────────────────────

const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });
const nodeSpan = (n: CstNode): Span => ({ start: n.location!.startOffset, end: n.location!.endOffset! + 1 });
const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

/** The one element an error-free CST has at this position. */
function one<X>(items: X[] | undefined): X {
  const item = items?.[0];
  if (item === undefined) throw new Error('internal error: missing CST child');
  return item;
}

/** The first token among the candidates (for alternatives consumed under different names). */
function firstToken(...lists: (IToken[] | undefined)[]): IToken {
  for (const list of lists) if (list?.[0]) return list[0];
  throw new Error('internal error: missing CST token');
}

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const REAL_TEXT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const INTEGER_TEXT = /^([+-]?)(0[xX][0-9a-fA-F]+|\d+)$/;

/** `'a\n'`, `@"c:\x"`, `h'secret'`, ```` ```multi``` ```` → the string value, or an error message. */
export function decodeStringLiteral(image: string): { value: string } | { error: string } {
  let i = 0;
  if (image[i] === 'h' || image[i] === 'H') i++;
  if (image.startsWith('```', i)) return { value: image.slice(i + 3, image.length - 3) };
  const verbatim = image[i] === '@';
  if (verbatim) i++;
  const quote = image[i]!;
  const body = image.slice(i + 1, image.length - 1);
  if (verbatim) return { value: body.split(quote + quote).join(quote) };
  if (!body.includes('\\')) return { value: body };
  let out = '';
  for (let j = 0; j < body.length; j++) {
    const ch = body[j]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++j];
    switch (e) {
      case '\\': case "'": case '"': out += e; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'u': case 'U': case 'x': {
        const n = e === 'u' ? 4 : e === 'U' ? 8 : 2;
        const hex = body.slice(j + 1, j + 1 + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) return { error: `escape '\\${e}' needs ${n} hex digits` };
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) return { error: `escape '\\${e}${hex}' is not a valid code point` };
        out += String.fromCodePoint(code);
        j += n;
        break;
      }
      default: {
        const octal = /^[0-7]{1,3}/.exec(body.slice(j));
        if (octal === null) return { error: `unknown escape sequence '\\${e ?? ''}'` };
        out += String.fromCharCode(parseInt(octal[0], 8));
        j += octal[0].length - 1;
      }
    }
  }
  return { value: out };
}

/** Integer text (decimal or 0x hex, optional sign) → bigint, or null. */
function parseIntegerText(text: string): bigint | null {
  const m = INTEGER_TEXT.exec(text);
  if (m === null) return null;
  const magnitude = BigInt(m[2]!);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** Most operators one expression, or query operators one pipeline, may chain. */
export const MAX_CHAIN = 1000;

/** precedence levels, loosest first (Kql.g4's rule nesting) */
const OR = 1;
const AND = 2;
const EQUALITY = 3;
const RELATIONAL = 4;
const ADDITIVE = 5;
const MULTIPLICATIVE = 6;
const STRING_OPERATOR = 7;
const PRIMARY = 100;

function binaryPrecedence(op: string): number {
  switch (op) {
    case 'or': return OR;
    case 'and': return AND;
    case '==': case '!=': case '<>': return EQUALITY;
    case '<': case '<=': case '>': case '>=': return RELATIONAL;
    case '+': case '-': return ADDITIVE;
    case '*': case '/': case '%': return MULTIPLICATIVE;
    default: return STRING_OPERATOR;
  }
}

/** old spellings → the operator they mean */
/**
 * Words Kusto.Language's parser will not take as a bare name, though this grammar lexes them as identifiers
 * (checked one by one against the analyzer): the type names, and a few words its grammar reserves. Each
 * set says where the analyzer refuses the bare word; written as ['string'] it is a name like any other.
 */
const TYPE_WORDS = ['boolean', 'date', 'datetime', 'decimal', 'double', 'float', 'int', 'int16', 'int32', 'int64', 'int8', 'long', 'real', 'string', 'time', 'timespan', 'uint', 'uint16', 'uint32', 'uint64', 'uint8', 'uniqueid'];
const RESERVED_EVERYWHERE = new Set([...TYPE_WORDS, 'missing', 'flags', 'simple', 'relaxed', 'with_match_id']);
/** refused as a column reference or member, accepted where a name is declared (`print of = 1`, `print toscalar = 1`) */
const RESERVED_AS_REFERENCE = new Set(['of', 'materialize', 'toscalar', 'totable']);
/** refused after a dot only (they are functions: `materialize(T)`) */
const RESERVED_AS_MEMBER = new Set(['of', 'materialize', 'toscalar', 'totable']);
/** refused where a name is declared only (query-parameter names: `print kind = 1`) */
const RESERVED_AS_DECLARATION = new Set(['kind', 'withsource']);

/** Whether the analyzer refuses `word` bare in some name position (the printer then writes ['word']). */
export const bracketedInSomeContext = (word: string): boolean =>
  RESERVED_EVERYWHERE.has(word) || RESERVED_AS_REFERENCE.has(word) || RESERVED_AS_MEMBER.has(word) || RESERVED_AS_DECLARATION.has(word);

const LEGACY_OPERATORS: Record<string, string> = { notcontains: '!contains', containscs: 'contains_cs', notcontainscs: '!contains_cs' };

type ExpressionTail =
  | { kind: 'binary'; op: string; opSpan: Span; right: A.Expr }
  | { kind: 'in'; op: string; opSpan: Span; items: A.Expr[]; end: number }
  | { kind: 'between'; op: string; opSpan: Span; low: A.Expr; high: A.Expr; end: number };

interface ParamValue {
  name: string;
  value: string;
  span: Span;
}

// ───────────────────────────── the visitor ─────────────────────────────

const BaseVisitor = kqlParser.getBaseCstVisitorConstructor();

/** One method per grammar rule (checked by `validateVisitor()`); each takes its node's children. */
export class AstBuilder extends BaseVisitor {
  readonly diagnostics: RawDiagnostic[] = [];
  /** inside typeof(...): type names are arguments there, not names */
  private typeofDepth = 0;

  constructor(private readonly text: string) {
    super();
    this.validateVisitor();
  }

  // ─────────────────────────── statements ───────────────────────────

  statement(ctx: C.StatementCstChildren): A.Statement | null {
    if (ctx.letStatement) return this.letStatement(one(ctx.letStatement).children, one(ctx.letStatement));
    if (ctx.setStatement) return this.setStatement(one(ctx.setStatement).children, one(ctx.setStatement));
    if (ctx.declareStatement) return this.declareStatement(one(ctx.declareStatement).children, one(ctx.declareStatement));
    const query = one(ctx.queryStatement);
    return this.queryStatement(query.children, query);
  }

  letStatement(ctx: C.LetStatementCstChildren, node: CstNode): A.LetStatement {
    const name = this.nameDeclaration(one(ctx.name).children);
    return { kind: 'Let', name: name.name, nameSpan: name.span, value: this.letValue(one(ctx.value).children), span: nodeSpan(node) };
  }

  letValue(ctx: C.LetValueCstChildren): A.Expr | A.FunctionDecl {
    if (ctx.functionDeclaration) {
      const n = one(ctx.functionDeclaration);
      return this.functionDeclaration(n.children, n);
    }
    if (ctx.viewDeclaration) {
      const n = one(ctx.viewDeclaration);
      return this.viewDeclaration(n.children, n);
    }
    if (ctx.entityGroupLiteral) return this.entityGroupLiteral(one(ctx.entityGroupLiteral).children, one(ctx.entityGroupLiteral));
    return this.pipeExpression(one(ctx.pipeExpression).children);
  }

  functionDeclaration(ctx: C.FunctionDeclarationCstChildren, node: CstNode): A.FunctionDecl {
    const body = one(ctx.body);
    return {
      kind: 'FunctionDecl',
      params: this.functionParameters(one(ctx.parameters).children),
      body: this.functionBody(body.children, body),
      span: nodeSpan(node),
    };
  }

  viewDeclaration(ctx: C.ViewDeclarationCstChildren, node: CstNode): A.FunctionDecl {
    const body = one(ctx.body);
    return {
      kind: 'FunctionDecl',
      params: this.functionParameters(one(ctx.parameters).children),
      body: this.functionBody(body.children, body),
      view: true,
      span: nodeSpan(node),
    };
  }

  functionParameters(ctx: C.FunctionParametersCstChildren): A.FunctionParam[] {
    return (ctx.parameters ?? []).map((p) => this.functionParameter(p.children, p));
  }

  functionParameter(ctx: C.FunctionParameterCstChildren, node: CstNode): A.FunctionParam {
    const name = this.nameDeclaration(one(ctx.name).children).name;
    const type: KqlType | A.TabularParamType = ctx.schema
      ? this.tabularParameterSchema(one(ctx.schema).children)
      : this.typeName(one(ctx.type).children);
    const param: A.FunctionParam = { name, type, span: nodeSpan(node) };
    if (ctx.default) param.default = this.unnamedExpression(one(ctx.default).children);
    return param;
  }

  tabularParameterSchema(ctx: C.TabularParameterSchemaCstChildren): A.TabularParamType {
    const columns = (ctx.columns ?? []).map((c) => {
      const { name, type } = this.columnDeclaration(c.children, c);
      return { name, type };
    });
    return { kind: 'Tabular', columns, star: ctx.Star !== undefined };
  }

  functionBody(ctx: C.FunctionBodyCstChildren, node: CstNode): A.FunctionBody {
    const lets = (ctx.lets ?? []).map((l) => this.letStatement(l.children, l));
    const span = nodeSpan(node);
    let result: A.Expr;
    if (ctx.result) result = this.pipeExpression(one(ctx.result).children);
    else {
      const brace = one(ctx.RBrace);
      this.diagnostics.push(syntaxError('a function body must end with an expression', tokenSpan(brace),
        'add the value or tabular expression the function returns before the closing brace'));
      result = { kind: 'Unsupported', what: 'empty function body', span: tokenSpan(brace) };
    }
    return { lets, result, span };
  }

  setStatement(ctx: C.SetStatementCstChildren, node: CstNode): A.SetStatement {
    const set: A.SetStatement = { kind: 'Set', name: one(ctx.name).image, span: nodeSpan(node) };
    if (ctx.value) set.value = this.unnamedExpression(one(ctx.value).children);
    return set;
  }

  /** `declare query_parameters(...)` is dropped; other declarations become an unsupported statement. */
  declareStatement(ctx: C.DeclareStatementCstChildren, node: CstNode): A.Statement | null {
    const words = one(ctx.skippedTokens).children.Skippable;
    const what = words?.[0]?.image;
    if (what === 'query_parameters') return null;
    const span = nodeSpan(node);
    const expr: A.UnsupportedExpr = { kind: 'Unsupported', what: `declare ${what ?? ''}`.trim(), text: this.source(span), span };
    return { kind: 'ExprStatement', expr, span };
  }

  queryStatement(ctx: C.QueryStatementCstChildren, node: CstNode): A.ExpressionStatement {
    return { kind: 'ExprStatement', expr: this.pipeExpression(one(ctx.pipeExpression).children), span: nodeSpan(node) };
  }

  // ─────────────────────────── tabular expressions ───────────────────────────

  pipeExpression(ctx: C.PipeExpressionCstChildren): A.Expr {
    let expr = this.beforePipeExpression(one(ctx.source).children);
    const operators = ctx.operators ?? [];
    if (operators.length > MAX_CHAIN) this.tooLong('pipeline', 'query operators', nodeSpan(operators[MAX_CHAIN]!));
    for (const op of operators) {
      const operator = this.queryOperator(op.children);
      expr = { kind: 'Pipe', source: expr, operator, span: join(expr.span, operator.span) };
    }
    return expr;
  }

  beforePipeExpression(ctx: C.BeforePipeExpressionCstChildren): A.Expr {
    if (ctx.unnamedExpression) return this.unnamedExpression(one(ctx.unnamedExpression).children);
    if (ctx.rangeExpression) return this.rangeExpression(one(ctx.rangeExpression).children, one(ctx.rangeExpression));
    if (ctx.printOperator) return this.printOperator(one(ctx.printOperator).children, one(ctx.printOperator));
    if (ctx.unionExpression) return this.unionExpression(one(ctx.unionExpression).children, one(ctx.unionExpression));
    if (ctx.searchOperator) {
      const op = this.searchOperator(one(ctx.searchOperator).children, one(ctx.searchOperator));
      const e: A.SearchExpr = { ...op };
      if (op.tables === undefined) delete e.tables;
      return e;
    }
    if (ctx.findExpression) return this.findExpression(one(ctx.findExpression).children, one(ctx.findExpression));
    if (ctx.macroExpandExpression) return this.macroExpandExpression(one(ctx.macroExpandExpression).children, one(ctx.macroExpandExpression));
    const n = one(ctx.unsupportedSource);
    return this.unsupportedSource(n.children, n);
  }

  searchOperator(ctx: C.SearchOperatorCstChildren, node: CstNode): A.SearchOp & { tables?: A.Expr[] } {
    let caseSensitive = false;
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'kind' && p.value === 'case_sensitive') caseSensitive = true;
      else if (p.name === 'kind' && (p.value === 'case_insensitive' || p.value === 'default')) caseSensitive = false;
      else this.diagnostics.push(syntaxError(`unknown search parameter '${p.name}=${p.value}'`, p.span, 'use kind=case_sensitive or kind=case_insensitive'));
    }
    const op: A.SearchOp & { tables?: A.Expr[] } = {
      kind: 'Search', caseSensitive, predicate: ctx.predicate ? this.unnamedExpression(one(ctx.predicate).children) : null, span: nodeSpan(node),
    };
    if (ctx.sources) op.tables = this.tableSources(one(ctx.sources).children);
    return op;
  }

  findProjectItem(): void {}

  tableSources(ctx: C.TableSourcesCstChildren): A.Expr[] {
    return (ctx.tables ?? []).map((t) => this.unionOperand(t.children));
  }

  findExpression(ctx: C.FindExpressionCstChildren, node: CstNode): A.FindExpr {
    const e: A.FindExpr = { kind: 'Find', predicate: this.unnamedExpression(one(ctx.predicate).children), span: nodeSpan(node) };
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'withsource' || p.name === 'with_source') e.withsource = p.value;
      else this.diagnostics.push(syntaxError(`unknown find parameter '${p.name}'`, p.span, 'use withsource=ColumnName'));
    }
    if (ctx.sources) e.tables = this.tableSources(one(ctx.sources).children);
    if (ctx.project) {
      e.project = ctx.project.map((it) => {
        const n = one(it.children.item);
        const name = one(n.children.name).image;
        const item: NonNullable<A.FindExpr['project']>[number] = { name, span: nodeSpan(it) };
        if (n.children.call) {
          if (name !== 'pack_all' || (n.children.call[0]!.children.args ?? []).length > 0) {
            this.diagnostics.push(syntaxError('find can project column names, name:type, and pack_all()', nodeSpan(it)));
          }
          item.packAll = true;
        }
        if (it.children.type) item.type = this.typeName(one(it.children.type).children);
        return item;
      });
    }
    return e;
  }

  rangeExpression(ctx: C.RangeExpressionCstChildren, node: CstNode): A.RangeExpr {
    return {
      kind: 'Range',
      name: one(ctx.name).image,
      from: this.unnamedExpression(one(ctx.from).children),
      to: this.unnamedExpression(one(ctx.to).children),
      step: this.unnamedExpression(one(ctx.step).children),
      span: nodeSpan(node),
    };
  }

  printOperator(ctx: C.PrintOperatorCstChildren, node: CstNode): A.PrintExpr {
    return { kind: 'Print', items: (ctx.items ?? []).map((i) => this.namedExpression(i.children, i)), span: nodeSpan(node) };
  }

  unionExpression(ctx: C.UnionExpressionCstChildren, node: CstNode): A.UnionExpr {
    return {
      kind: 'UnionSource',
      options: this.unionOptions(ctx.parameters),
      tables: (ctx.tables ?? []).map((t) => this.unionOperand(t.children)),
      span: nodeSpan(node),
    };
  }

  /** a wildcard operand (`Device*`) becomes a NameRef whose name holds the `*` */
  unionOperand(ctx: C.UnionOperandCstChildren): A.Expr {
    if (ctx.pattern) {
      const { pattern, span } = this.columnNameOrPattern(one(ctx.pattern).children, one(ctx.pattern));
      return { kind: 'NameRef', name: pattern, span };
    }
    return this.functionCallOrPathExpression(one(ctx.functionCallOrPathExpression).children);
  }

  macroExpandExpression(ctx: C.MacroExpandExpressionCstChildren, node: CstNode): A.MacroExpandExpr {
    const options: A.MacroExpandOptions = {};
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'kind' && (p.value === 'inner' || p.value === 'outer')) options.kind = p.value;
      else if (p.name === 'kind') this.diagnostics.push(syntaxError(`unknown macro-expand kind '${p.value}'`, p.span, 'use kind=inner or kind=outer'));
      else if (p.name === 'isfuzzy' && /^(true|false)$/i.test(p.value)) options.isfuzzy = p.value.toLowerCase() === 'true';
      else if (p.name === 'isfuzzy') this.diagnostics.push(syntaxError(`isfuzzy takes true or false, not '${p.value}'`, p.span));
      else this.diagnostics.push(syntaxError(`unknown macro-expand parameter '${p.name}'`, p.span, 'macro-expand takes kind=inner|outer and isfuzzy=true|false'));
    }
    const inForm = ctx.inName !== undefined;
    const group = this.entityGroupReference(one(inForm ? ctx.inGroup : ctx.group).children);
    const body = one(ctx.body);
    const e: A.MacroExpandExpr = { kind: 'MacroExpand', options, group, body: this.macroExpandBody(body.children, body), span: nodeSpan(node) };
    const declared = ctx.inName ?? ctx.asName;
    if (declared) {
      const { name, span } = this.nameDeclaration(one(declared).children);
      e.name = name;
      e.nameSpan = span;
    } else if (group.kind === 'NameRef') {
      // `macro-expand G (G.T)`: the group's name is the scope name (as Microsoft's analyzer reads it)
      e.name = group.name;
      e.nameSpan = group.span;
    }
    if (inForm) e.inForm = true;
    return e;
  }

  entityGroupReference(ctx: C.EntityGroupReferenceCstChildren): A.Expr {
    if (ctx.literal) return this.entityGroupLiteral(one(ctx.literal).children, one(ctx.literal));
    if (ctx.path) return this.functionCallOrPathExpression(one(ctx.path).children);
    const { name, span } = this.nameDeclaration(one(ctx.name).children);
    return { kind: 'NameRef', name, span };
  }

  entityGroupLiteral(ctx: C.EntityGroupLiteralCstChildren, node: CstNode): A.EntityGroupExpr {
    return { kind: 'EntityGroup', entities: (ctx.entities ?? []).map((x) => this.unnamedExpression(x.children)), span: nodeSpan(node) };
  }

  macroExpandBody(ctx: C.MacroExpandBodyCstChildren, node: CstNode): A.FunctionBody {
    return {
      lets: (ctx.lets ?? []).map((l) => this.letStatement(l.children, l)),
      result: this.pipeExpression(one(ctx.result).children),
      span: nodeSpan(node),
    };
  }

  unsupportedSource(ctx: C.UnsupportedSourceCstChildren, node: CstNode): A.UnsupportedExpr {
    const span = nodeSpan(node);
    return { kind: 'Unsupported', what: one(ctx.keyword).image, text: this.source(span), span };
  }

  private source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  private unionOptions(parameters: C.QueryOperatorParametersCstNode[] | undefined): A.UnionOptions {
    const options: A.UnionOptions = {};
    for (const p of this.parameterList(parameters)) {
      if (p.name === 'kind') {
        if (p.value === 'inner' || p.value === 'outer') options.kind = p.value;
        else this.diagnostics.push(syntaxError(`unknown union kind '${p.value}'`, p.span, "use kind=inner or kind=outer"));
      } else if (p.name === 'withsource' || p.name === 'with_source') options.withsource = p.value;
      else if (p.name === 'isfuzzy') options.isfuzzy = p.value.toLowerCase() === 'true';
    }
    return options;
  }

  // ─────────────────────────── query operators ───────────────────────────

  queryOperator(ctx: C.QueryOperatorCstChildren): A.QueryOperator {
    // exactly one child list is present; dispatch on it
    if (ctx.searchOperator) return this.searchAfterPipe(one(ctx.searchOperator).children, one(ctx.searchOperator));
    for (const key of Object.keys(ctx) as (keyof C.QueryOperatorCstChildren)[]) {
      const node = ctx[key]?.[0];
      if (node) return (this as unknown as Record<string, (c: unknown, n: CstNode) => A.QueryOperator>)[key]!(node.children, node);
    }
    throw new Error('internal error: empty query operator');
  }

  whereOperator(ctx: C.WhereOperatorCstChildren, node: CstNode): A.WhereOp {
    return { kind: 'Where', predicate: this.unnamedExpression(one(ctx.predicate).children), span: nodeSpan(node) };
  }

  extendOperator(ctx: C.ExtendOperatorCstChildren, node: CstNode): A.ExtendOp {
    return { kind: 'Extend', items: this.namedList(ctx.items), span: nodeSpan(node) };
  }

  projectOperator(ctx: C.ProjectOperatorCstChildren, node: CstNode): A.ProjectOp {
    return { kind: 'Project', items: this.namedList(ctx.items), span: nodeSpan(node) };
  }

  projectAwayOperator(ctx: C.ProjectAwayOperatorCstChildren, node: CstNode): A.ProjectAwayOp {
    return { kind: 'ProjectAway', columns: (ctx.columns ?? []).map((c) => this.columnNameOrPattern(c.children, c)), span: nodeSpan(node) };
  }

  projectKeepOperator(ctx: C.ProjectKeepOperatorCstChildren, node: CstNode): A.ProjectKeepOp {
    return { kind: 'ProjectKeep', columns: (ctx.columns ?? []).map((c) => this.columnNameOrPattern(c.children, c)), span: nodeSpan(node) };
  }

  projectRenameOperator(ctx: C.ProjectRenameOperatorCstChildren, node: CstNode): A.ProjectRenameOp {
    return { kind: 'ProjectRename', items: (ctx.items ?? []).map((i) => this.projectRenameItem(i.children, i)), span: nodeSpan(node) };
  }

  projectRenameItem(ctx: C.ProjectRenameItemCstChildren, node: CstNode): { newName: string; oldName: string; span: Span } {
    return {
      newName: this.nameDeclaration(one(ctx.newName).children).name,
      oldName: this.nameDeclaration(one(ctx.oldName).children).name,
      span: nodeSpan(node),
    };
  }

  projectReorderOperator(ctx: C.ProjectReorderOperatorCstChildren, node: CstNode): A.ProjectReorderOp {
    return { kind: 'ProjectReorder', columns: (ctx.items ?? []).map((i) => this.projectReorderItem(i.children, i)), span: nodeSpan(node) };
  }

  projectReorderItem(ctx: C.ProjectReorderItemCstChildren, node: CstNode): A.ProjectReorderOp['columns'][number] {
    const column = one(ctx.column);
    const item: A.ProjectReorderOp['columns'][number] = { pattern: this.columnNameOrPattern(column.children, column).pattern, span: nodeSpan(node) };
    const order = ctx.order?.[0]?.image;
    if (order) item.order = order as 'asc' | 'desc' | 'granny-asc' | 'granny-desc';
    return item;
  }

  columnNameOrPattern(ctx: C.ColumnNameOrPatternCstChildren, node: CstNode): A.ColumnPattern {
    const span = nodeSpan(node);
    if (ctx.escapedName) return { pattern: this.escapedName(one(ctx.escapedName).children).name, span };
    const parts = [...(ctx.parts ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    let pattern = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const prev = parts[i - 1];
      if (prev && prev.startOffset + prev.image.length !== part.startOffset) {
        this.diagnostics.push(syntaxError(`unexpected '${part.image}'`, tokenSpan(part), "separate column names with ','"));
      }
      pattern += part.image;
    }
    return { pattern, span };
  }

  takeOperator(ctx: C.TakeOperatorCstChildren, node: CstNode): A.TakeOp {
    return { kind: 'Take', count: this.unnamedExpression(one(ctx.count).children), span: nodeSpan(node) };
  }

  sortOperator(ctx: C.SortOperatorCstChildren, node: CstNode): A.SortOp {
    return { kind: 'Sort', items: (ctx.items ?? []).map((i) => this.orderedExpression(i.children, i)), span: nodeSpan(node) };
  }

  orderedExpression(ctx: C.OrderedExpressionCstChildren, node: CstNode): A.SortItem {
    const item: A.SortItem = { expr: this.unnamedExpression(one(ctx.expr).children), span: nodeSpan(node) };
    const direction = ctx.direction?.[0]?.image;
    if (direction) item.direction = direction as 'asc' | 'desc';
    const nulls = ctx.nulls?.[0]?.image;
    if (nulls) item.nulls = nulls as 'first' | 'last';
    return item;
  }

  topOperator(ctx: C.TopOperatorCstChildren, node: CstNode): A.TopOp {
    return {
      kind: 'Top',
      count: this.unnamedExpression(one(ctx.count).children),
      items: (ctx.items ?? []).map((i) => this.orderedExpression(i.children, i)),
      span: nodeSpan(node),
    };
  }

  countOperator(_ctx: C.CountOperatorCstChildren, node: CstNode): A.CountOp {
    return { kind: 'Count', span: nodeSpan(node) };
  }

  distinctOperator(ctx: C.DistinctOperatorCstChildren, node: CstNode): A.DistinctOp {
    return {
      kind: 'Distinct',
      items: (ctx.items ?? []).map((i) => this.unnamedExpression(i.children)),
      star: ctx.Star !== undefined,
      span: nodeSpan(node),
    };
  }

  summarizeOperator(ctx: C.SummarizeOperatorCstChildren, node: CstNode): A.SummarizeOp {
    return {
      kind: 'Summarize',
      hints: this.parameterList(ctx.hints).map(({ name, value }) => ({ name, value })),
      aggregates: this.namedList(ctx.aggregates),
      by: ctx.byClause ? this.summarizeByClause(one(ctx.byClause).children) : [],
      span: nodeSpan(node),
    };
  }

  summarizeByClause(ctx: C.SummarizeByClauseCstChildren): A.NamedExpr[] {
    return this.namedList(ctx.keys);
  }

  joinOperator(ctx: C.JoinOperatorCstChildren, node: CstNode): A.JoinOp {
    const join: A.JoinOp = {
      kind: 'Join',
      hints: [],
      right: this.unnamedExpression(one(ctx.right).children),
      on: (ctx.conditions ?? []).map((c) => this.unnamedExpression(c.children)),
      span: nodeSpan(node),
    };
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'kind') {
        join.joinKind = p.value;
        join.kindSpan = p.span;
      } else join.hints.push({ name: p.name, value: p.value });
    }
    return join;
  }

  unionOperator(ctx: C.UnionOperatorCstChildren, node: CstNode): A.UnionOp {
    return {
      kind: 'Union',
      options: this.unionOptions(ctx.parameters),
      tables: (ctx.tables ?? []).map((t) => this.unionOperand(t.children)),
      span: nodeSpan(node),
    };
  }

  mvexpandOperator(ctx: C.MvexpandOperatorCstChildren, node: CstNode): A.MvExpandOp {
    const op: A.MvExpandOp = {
      kind: 'MvExpand',
      items: (ctx.items ?? []).map((i) => this.mvexpandItem(i.children, i)),
      span: nodeSpan(node),
    };
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'bagexpansion' || p.name === 'kind') {
        if (p.value === 'bag' || p.value === 'array') op.bagExpansion = p.value;
        else this.diagnostics.push(syntaxError(`unknown bagexpansion '${p.value}'`, p.span, 'use bagexpansion=bag or bagexpansion=array'));
      } else if (p.name === 'with_itemindex') op.itemIndex = p.value;
    }
    if (ctx.limit) op.limit = this.unnamedExpression(one(ctx.limit).children);
    return op;
  }

  mvexpandItem(ctx: C.MvexpandItemCstChildren, node: CstNode): A.MvExpandItem {
    const itemNode = one(ctx.item);
    const named = this.namedExpression(itemNode.children, itemNode);
    const item: A.MvExpandItem = { expr: named.expr, span: nodeSpan(node) };
    if (named.names) {
      if (named.names.length !== 1) {
        this.diagnostics.push(syntaxError('mv-expand takes one name per expression', named.span));
      }
      item.name = one(named.names).name;
    }
    if (ctx.type) item.toType = this.typeName(one(ctx.type).children);
    return item;
  }

  asOperator(ctx: C.AsOperatorCstChildren, node: CstNode): A.AsOp {
    return { kind: 'As', name: this.nameDeclaration(one(ctx.name).children).name, span: nodeSpan(node) };
  }

  getSchemaOperator(_ctx: C.GetSchemaOperatorCstChildren, node: CstNode): A.GetSchemaOp {
    return { kind: 'GetSchema', span: nodeSpan(node) };
  }

  serializeOperator(ctx: C.SerializeOperatorCstChildren, node: CstNode): A.SerializeOp {
    return { kind: 'Serialize', items: this.namedList(ctx.items), span: nodeSpan(node) };
  }

  renderOperator(ctx: C.RenderOperatorCstChildren, node: CstNode): A.RenderOp {
    const properties: A.RenderOp['properties'] = [];
    for (const p of ctx.properties ?? []) {
      const { name, value } = this.renderProperty(p.children);
      const previous = properties[properties.length - 1];
      if (name !== undefined) properties.push({ name, value });
      else if (previous) (previous.more ??= []).push(value);
      else this.diagnostics.push(syntaxError('expected a render property (name = value)', nodeSpan(p)));
    }
    return { kind: 'Render', chart: one(ctx.chart).image, properties, span: nodeSpan(node) };
  }

  renderProperty(ctx: C.RenderPropertyCstChildren): { name?: string; value: A.Expr } {
    const value = this.unnamedExpression(one(ctx.value).children);
    return ctx.name ? { name: one(ctx.name).image, value } : { value };
  }

  evaluateOperator(ctx: C.EvaluateOperatorCstChildren, node: CstNode): A.EvaluateOp {
    const plugin = one(ctx.plugin);
    const op: A.EvaluateOp = {
      kind: 'Evaluate',
      hints: this.parameterList(ctx.hints).map(({ name, value }) => ({ name, value })),
      plugin: plugin.image,
      nameSpan: tokenSpan(plugin),
      args: this.argumentList(one(ctx.args).children),
      span: nodeSpan(node),
    };
    if (ctx.schema) op.schema = this.outputSchema(one(ctx.schema).children, one(ctx.schema));
    return op;
  }

  outputSchema(ctx: C.OutputSchemaCstChildren, node: CstNode): A.OutputSchema {
    const columns = (ctx.columns ?? []).map((c) => this.columnDeclaration(c.children, c));
    const out: A.OutputSchema = { columns, span: nodeSpan(node) };
    const star = ctx.star?.[0];
    if (star) out.starAt = columns.filter((c) => c.span.start < star.startOffset).length;
    if ((ctx.star?.length ?? 0) > 1) this.diagnostics.push(syntaxError("'*' may appear once in an output schema", tokenSpan(ctx.star![1]!)));
    return out;
  }

  /** `T | search ...`: `in (...)` belongs to the source form only */
  private searchAfterPipe(ctx: C.SearchOperatorCstChildren, node: CstNode): A.SearchOp {
    const op = this.searchOperator(ctx, node);
    if (op.tables) this.diagnostics.push(syntaxError("'search in (...)' cannot follow a pipe", op.span));
    return { kind: 'Search', caseSensitive: op.caseSensitive, predicate: op.predicate, span: op.span };
  }

  projectByNamesOperator(ctx: C.ProjectByNamesOperatorCstChildren, node: CstNode): A.ProjectByNamesOp {
    return { kind: 'ProjectByNames', items: (ctx.items ?? []).map((i) => this.unnamedExpression(i.children)), span: nodeSpan(node) };
  }
  makeSeriesOperator(ctx: C.MakeSeriesOperatorCstChildren, node: CstNode): A.MakeSeriesOp {
    const expr = (x: CstNode[] | undefined) => (x ? this.unnamedExpression(one(x as C.UnnamedExpressionCstNode[]).children) : undefined);
    const op: A.MakeSeriesOp = {
      kind: 'MakeSeries',
      parameters: this.parameterList(ctx.parameters).map(({ name, value }) => ({ name, value })),
      items: (ctx.items ?? []).map((i) => {
        const item = this.namedExpression(one(i.children.item).children, one(i.children.item));
        const def = expr(i.children.default);
        return def ? { item, default: def, span: nodeSpan(i) } : { item, span: nodeSpan(i) };
      }),
      axis: this.functionCallOrPathExpression(one(ctx.axis).children),
      by: ctx.byClause ? this.summarizeByClause(one(ctx.byClause).children) : [],
      span: nodeSpan(node),
    };
    if (ctx.rangeStart) op.range = { start: expr(ctx.rangeStart)!, stop: expr(ctx.rangeStop)!, step: expr(ctx.rangeStep)! };
    else {
      const from = expr(ctx.from);
      const to = expr(ctx.to);
      if (from) op.from = from;
      if (to) op.to = to;
      op.step = expr(ctx.step)!;
    }
    return op;
  }

  makeSeriesItem(): void {}

  lookupOperator(ctx: C.LookupOperatorCstChildren, node: CstNode): A.LookupOp {
    const op: A.LookupOp = {
      kind: 'Lookup',
      right: this.unnamedExpression(one(ctx.right).children),
      on: (ctx.conditions ?? []).map((c) => this.unnamedExpression(c.children)),
      span: nodeSpan(node),
    };
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'kind') {
        op.joinKind = p.value;
        op.kindSpan = p.span;
      } else this.diagnostics.push(syntaxError(`unknown lookup parameter '${p.name}'`, p.span));
    }
    return op;
  }

  topNestedOperator(ctx: C.TopNestedOperatorCstChildren, node: CstNode): A.TopNestedOp {
    const clauses = (ctx.clauses ?? []).map((c): A.TopNestedClause => {
      const x = c.children;
      if (one(x.ofKeyword).image !== 'of') this.diagnostics.push(syntaxError(`expected 'of' but found '${one(x.ofKeyword).image}'`, tokenSpan(one(x.ofKeyword))));
      if (x.othersKeyword && one(x.othersKeyword).image !== 'others') this.diagnostics.push(syntaxError(`expected 'others' but found '${one(x.othersKeyword).image}'`, tokenSpan(one(x.othersKeyword))));
      const clause: A.TopNestedClause = {
        key: this.namedExpression(one(x.key).children, one(x.key)),
        aggregate: this.namedExpression(one(x.aggregate).children, one(x.aggregate)),
        span: nodeSpan(c),
      };
      if (x.count) clause.count = this.unnamedExpression(one(x.count).children);
      if (x.others) clause.others = this.unnamedExpression(one(x.others).children);
      if (x.direction) clause.direction = one(x.direction).image.toLowerCase() as 'asc' | 'desc';
      return clause;
    });
    return { kind: 'TopNested', clauses, span: nodeSpan(node) };
  }

  topNestedClause(): void {}

  sampleOperator(ctx: C.SampleOperatorCstChildren, node: CstNode): A.SampleOp {
    return { kind: 'Sample', count: this.unnamedExpression(one(ctx.count).children), span: nodeSpan(node) };
  }

  sampleDistinctOperator(ctx: C.SampleDistinctOperatorCstChildren, node: CstNode): A.SampleDistinctOp {
    if (one(ctx.ofKeyword).image !== 'of') this.diagnostics.push(syntaxError(`expected 'of' but found '${one(ctx.ofKeyword).image}'`, tokenSpan(one(ctx.ofKeyword))));
    return {
      kind: 'SampleDistinct',
      count: this.unnamedExpression(one(ctx.count).children),
      column: this.unnamedExpression(one(ctx.column).children),
      span: nodeSpan(node),
    };
  }

  parseOperator(ctx: C.ParseOperatorCstChildren, node: CstNode): A.ParseOp {
    const op: A.ParseOp = {
      kind: 'Parse',
      where: one(ctx.keyword).image.toLowerCase() === 'parse-where',
      params: this.parameterList(ctx.parameters),
      source: this.unnamedExpression(one(ctx.source).children),
      items: (ctx.items ?? []).map((i) => this.parsePatternItem(i.children, i)),
      span: nodeSpan(node),
    };
    for (const p of op.params) {
      if (p.name === 'kind') op.parseKind = p.value;
      else if (p.name === 'flags') op.flags = p.value;
    }
    return op;
  }

  parseKvOperator(ctx: C.ParseKvOperatorCstChildren, node: CstNode): A.ParseKvOp {
    return {
      kind: 'ParseKv',
      source: this.unnamedExpression(one(ctx.source).children),
      columns: (ctx.columns ?? []).map((c) => this.columnDeclaration(c.children, c)),
      params: (ctx.parameters ?? []).map((p) => this.parseKvParameter(p.children, p)),
      span: nodeSpan(node),
    };
  }

  parseKvParameter(ctx: C.ParseKvParameterCstChildren, node: CstNode): A.ParseKvOp['params'][number] {
    const name = one(ctx.name).image;
    const v = one(ctx.value);
    if (v.tokenType.name !== 'StringLiteral') return { name, value: v.image.toLowerCase(), quoted: false, span: nodeSpan(node) };
    const decoded = decodeStringLiteral(v.image);
    if ('error' in decoded) this.diagnostics.push(invalidLiteral('string', v.image, tokenSpan(v), decoded.error));
    return { name, value: 'value' in decoded ? decoded.value : '', quoted: true, span: nodeSpan(node) };
  }

  mvapplyOperator(ctx: C.MvapplyOperatorCstChildren, node: CstNode): A.MvApplyOp {
    const op: A.MvApplyOp = {
      kind: 'MvApply',
      items: (ctx.items ?? []).map((i) => this.mvexpandItem(i.children, i)),
      body: (ctx.body ?? []).map((b) => this.queryOperator(b.children)),
      span: nodeSpan(node),
    };
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'with_itemindex') op.itemIndex = p.value;
      else this.diagnostics.push(syntaxError(`unknown mv-apply parameter '${p.name}'`, p.span, 'use with_itemindex=name'));
    }
    if (ctx.limit) op.limit = this.unnamedExpression(one(ctx.limit).children);
    return op;
  }

  forkOperator(ctx: C.ForkOperatorCstChildren, node: CstNode): A.ForkOp {
    return {
      kind: 'Fork',
      legs: (ctx.legs ?? []).map((l) => this.forkLeg(l.children, l)),
      span: nodeSpan(node),
    };
  }

  forkLeg(ctx: C.ForkLegCstChildren, node: CstNode): A.ForkOp['legs'][number] {
    const leg: A.ForkOp['legs'][number] = { body: (ctx.body ?? []).map((b) => this.queryOperator(b.children)), span: nodeSpan(node) };
    if (ctx.name) leg.name = this.nameDeclaration(one(ctx.name).children).name;
    return leg;
  }

  facetOperator(ctx: C.FacetOperatorCstChildren, node: CstNode): A.FacetOp {
    const op: A.FacetOp = { kind: 'Facet', columns: (ctx.columns ?? []).map((c) => this.nameDeclaration(c.children)), span: nodeSpan(node) };
    if (ctx.body) op.body = ctx.body.map((b) => this.queryOperator(b.children));
    return op;
  }

  partitionOperator(ctx: C.PartitionOperatorCstChildren, node: CstNode): A.PartitionOp {
    const op: A.PartitionOp = {
      kind: 'Partition',
      params: this.parameterList(ctx.parameters),
      key: this.nameDeclaration(one(ctx.key).children),
      span: nodeSpan(node),
    };
    if (ctx.body) op.body = ctx.body.map((b) => this.queryOperator(b.children));
    if (ctx.source) op.source = this.pipeExpression(one(ctx.source).children);
    return op;
  }

  invokeOperator(ctx: C.InvokeOperatorCstChildren, node: CstNode): A.InvokeOp {
    return { kind: 'Invoke', call: this.unnamedExpression(one(ctx.call).children), span: nodeSpan(node) };
  }

  parsePatternItem(ctx: C.ParsePatternItemCstChildren, node: CstNode): A.ParsePatternItem {
    if (ctx.star) return { kind: 'Star', span: tokenSpan(one(ctx.star)) };
    if (ctx.text) {
      const t = one(ctx.text);
      const decoded = decodeStringLiteral(t.image);
      if ('error' in decoded) {
        this.diagnostics.push(invalidLiteral('string', t.image, tokenSpan(t), decoded.error));
        return { kind: 'Text', value: '', span: tokenSpan(t) };
      }
      return { kind: 'Text', value: decoded.value, span: tokenSpan(t) };
    }
    const item: A.ParsePatternItem = { kind: 'Column', name: this.nameDeclaration(one(ctx.name!).children).name, span: nodeSpan(node) };
    if (ctx.type) item.type = this.typeName(one(ctx.type).children);
    return item;
  }

  scanOperator(ctx: C.ScanOperatorCstChildren, node: CstNode): A.ScanOp {
    const op: A.ScanOp = {
      kind: 'Scan',
      declarations: (ctx.declarations ?? []).map((d) => this.scanDeclaration(d.children, d)),
      steps: (ctx.steps ?? []).map((st) => this.scanStep(st.children, st)),
      span: nodeSpan(node),
    };
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'with_match_id') op.matchId = p.value;
      else this.diagnostics.push(syntaxError(`unknown scan parameter '${p.name}'`, p.span, 'use with_match_id=name'));
    }
    return op;
  }

  scanDeclaration(ctx: C.ScanDeclarationCstChildren, node: CstNode): A.ScanOp['declarations'][number] {
    const d: A.ScanOp['declarations'][number] = {
      name: this.nameDeclaration(one(ctx.name).children).name,
      type: this.typeName(one(ctx.type).children),
      span: nodeSpan(node),
    };
    if (ctx.default) d.default = this.unnamedExpression(one(ctx.default).children);
    return d;
  }

  scanStep(ctx: C.ScanStepCstChildren, node: CstNode): A.ScanStep {
    const step: A.ScanStep = {
      name: this.nameDeclaration(one(ctx.name).children).name,
      output: 'all',
      outputWritten: false,
      condition: this.unnamedExpression(one(ctx.condition).children),
      assignments: (ctx.assignments ?? []).map((a) => this.scanAssignment(a.children, a)),
      span: nodeSpan(node),
    };
    if (ctx.outputKeyword) {
      const kw = one(ctx.outputKeyword);
      const v = one(ctx.output);
      if (kw.image !== 'output') this.diagnostics.push(syntaxError(`unexpected '${kw.image}' after the step name`, tokenSpan(kw), "expected ':' or output=all|last|none"));
      const value = v.image.toLowerCase();
      if (value === 'all' || value === 'last' || value === 'none') step.output = value;
      else this.diagnostics.push(syntaxError(`unknown step output '${v.image}'`, tokenSpan(v), 'use output=all, output=last or output=none'));
      step.outputWritten = true;
    }
    return step;
  }

  scanAssignment(ctx: C.ScanAssignmentCstChildren, node: CstNode): A.ScanStep['assignments'][number] {
    return { name: this.nameDeclaration(one(ctx.name).children).name, value: this.unnamedExpression(one(ctx.value).children), span: nodeSpan(node) };
  }

  reduceOperator(ctx: C.ReduceOperatorCstChildren, node: CstNode): A.ReduceOp {
    const op: A.ReduceOp = { kind: 'Reduce', expr: this.unnamedExpression(one(ctx.expr).children), span: nodeSpan(node) };
    for (const p of this.parameterList(ctx.parameters)) {
      if (p.name === 'kind') op.reduceKind = p.value;
      else this.diagnostics.push(syntaxError(`unknown reduce parameter '${p.name}'`, p.span, 'use kind=source'));
    }
    for (const o of ctx.options ?? []) {
      const name = one(o.children.name).image;
      const v = one(o.children.value);
      const span = nodeSpan(o);
      if (name === 'threshold') {
        const n = Number(v.image);
        if (v.tokenType.name === 'StringLiteral' || !Number.isFinite(n) || n <= 0 || n >= 1) {
          this.diagnostics.push(syntaxError(`threshold must be a number between 0 and 1 (exclusive)`, span));
        } else op.threshold = n;
      } else if (name === 'characters') {
        const decoded = v.tokenType.name === 'StringLiteral' ? decodeStringLiteral(v.image) : { error: 'expected a string' };
        if ('error' in decoded) this.diagnostics.push(syntaxError(`characters must be a string literal`, span));
        else op.characters = decoded.value;
      } else this.diagnostics.push(syntaxError(`unknown reduce option '${name}'`, span, 'use threshold= or characters='));
    }
    return op;
  }

  reduceParameter(): void {}

  // ─────────────────────────── graph operators ───────────────────────────

  makeGraphOperator(ctx: C.MakeGraphOperatorCstChildren, node: CstNode): A.MakeGraphOp {
    const op: A.MakeGraphOp = {
      kind: 'MakeGraph',
      source: this.nameDeclaration(one(ctx.source).children),
      target: this.nameDeclaration(one(ctx.target).children),
      nodes: (ctx.nodes ?? []).map((n) => this.makeGraphNodes(n.children, n)),
      span: nodeSpan(node),
    };
    if (ctx.nodeIdName) op.withNodeId = this.nameDeclaration(one(ctx.nodeIdName).children);
    if (ctx.partitionColumn) {
      op.partition = {
        column: this.nameDeclaration(one(ctx.partitionColumn).children),
        body: (ctx.body ?? []).map((b) => this.queryOperator(b.children)),
      };
    }
    return op;
  }

  makeGraphNodes(ctx: C.MakeGraphNodesCstChildren, node: CstNode): A.MakeGraphOp['nodes'][number] {
    return { table: this.unnamedExpression(one(ctx.table).children), id: this.nameDeclaration(one(ctx.id).children), span: nodeSpan(node) };
  }

  graphMatchOperator(ctx: C.GraphMatchOperatorCstChildren, node: CstNode): A.GraphMatchOp {
    const op: A.GraphMatchOp = {
      kind: 'GraphMatch',
      shortestPaths: one(ctx.keyword).image === 'graph-shortest-paths',
      params: (ctx.parameters ?? []).map((p) => this.graphParameter(p.children, p)),
      patterns: (ctx.patterns ?? []).map((p) => this.graphPattern(p.children, p)),
      span: nodeSpan(node),
    };
    if (ctx.predicate) op.where = this.unnamedExpression(one(ctx.predicate).children);
    if (ctx.items) op.project = this.namedList(ctx.items);
    return op;
  }

  graphParameter(ctx: C.GraphParameterCstChildren, node: CstNode): A.GraphParameter {
    return { name: one(ctx.name).image, value: this.nameDeclaration(one(ctx.value).children).name, span: nodeSpan(node) };
  }

  graphPattern(ctx: C.GraphPatternCstChildren, node: CstNode): A.GraphPattern {
    return {
      nodes: (ctx.nodes ?? []).map((n) => this.graphNode(n.children, n)),
      edges: (ctx.edges ?? []).map((e) => this.graphEdge(e.children, e)),
      span: nodeSpan(node),
    };
  }

  graphNode(ctx: C.GraphNodeCstChildren, node: CstNode): A.GraphPatternNode {
    const n: A.GraphPatternNode = { span: nodeSpan(node) };
    if (ctx.name) n.name = this.nameDeclaration(one(ctx.name).children).name;
    return n;
  }

  graphEdge(ctx: C.GraphEdgeCstChildren, node: CstNode): A.GraphPatternEdge {
    const span = nodeSpan(node);
    const left = ctx.leftArrow !== undefined;
    const right = ctx.rightArrow !== undefined;
    if (left && right) this.diagnostics.push(syntaxError('an edge has one direction: `<-[e]-`, `-[e]->` or `-[e]-`', span));
    const e: A.GraphPatternEdge = { direction: right ? 'right' : left ? 'left' : 'any', span };
    if (ctx.name) e.name = this.nameDeclaration(one(ctx.name).children).name;
    if (ctx.min) {
      const bound = (t: IToken): number => {
        const v = parseIntegerText(t.image);
        if (v === null || v > 1000000n) {
          this.diagnostics.push(syntaxError(`invalid variable length edge bound '${t.image}'`, tokenSpan(t)));
          return 0;
        }
        return Number(v);
      };
      e.range = { min: bound(one(ctx.min)) };
      if (ctx.max) e.range.max = bound(one(ctx.max));
    }
    return e;
  }

  graphToTableOperator(ctx: C.GraphToTableOperatorCstChildren, node: CstNode): A.GraphToTableOp {
    return { kind: 'GraphToTable', items: (ctx.items ?? []).map((i) => this.graphToTableItem(i.children, i)), span: nodeSpan(node) };
  }

  graphToTableItem(ctx: C.GraphToTableItemCstChildren, node: CstNode): A.GraphToTableOp['items'][number] {
    const what = one(ctx.what);
    const span = nodeSpan(node);
    if (what.image !== 'nodes' && what.image !== 'edges') {
      this.diagnostics.push(syntaxError(`expected 'nodes' or 'edges' but found '${what.image}'`, tokenSpan(what)));
    }
    const item: A.GraphToTableOp['items'][number] = {
      what: what.image === 'edges' ? 'edges' : 'nodes',
      params: (ctx.parameters ?? []).map((p) => this.graphParameter(p.children, p)),
      span,
    };
    if (ctx.alias) item.alias = this.nameDeclaration(one(ctx.alias).children).name;
    return item;
  }

  graphMergeOperator(ctx: C.GraphMergeOperatorCstChildren, node: CstNode): A.GraphMergeOp {
    return {
      kind: 'GraphMerge',
      right: this.unnamedExpression(one(ctx.right).children),
      on: (ctx.conditions ?? []).map((c) => this.unnamedExpression(c.children)),
      span: nodeSpan(node),
    };
  }

  graphMarkComponentsOperator(ctx: C.GraphMarkComponentsOperatorCstChildren, node: CstNode): A.GraphMarkComponentsOp {
    return { kind: 'GraphMarkComponents', params: (ctx.parameters ?? []).map((p) => this.graphParameter(p.children, p)), span: nodeSpan(node) };
  }

  unsupportedOperator(ctx: C.UnsupportedOperatorCstChildren, node: CstNode): A.UnsupportedOp {
    const span = nodeSpan(node);
    return { kind: 'UnsupportedOperator', name: one(ctx.keyword).image, text: this.source(span), span };
  }

  skippedTokens(): void {}
  balancedGroup(): void {}
  balancedContent(): void {}

  queryOperatorParameters(ctx: C.QueryOperatorParametersCstChildren): ParamValue[] {
    return (ctx.parameters ?? []).map((p) => this.queryOperatorParameter(p.children, p));
  }

  hintParameters(ctx: C.HintParametersCstChildren): ParamValue[] {
    return (ctx.parameters ?? []).map((p) => this.queryOperatorParameter(p.children, p));
  }

  queryOperatorParameter(ctx: C.QueryOperatorParameterCstChildren, node: CstNode): ParamValue {
    return { name: one(ctx.name).image, value: this.queryOperatorParameterValue(one(ctx.value).children), span: nodeSpan(node) };
  }

  queryOperatorParameterValue(ctx: C.QueryOperatorParameterValueCstChildren): string {
    if (ctx.StringLiteral) {
      const decoded = decodeStringLiteral(one(ctx.StringLiteral).image);
      return 'value' in decoded ? decoded.value : one(ctx.StringLiteral).image;
    }
    return firstToken(ctx.Identifier, ctx.LongLiteral, ctx.RealLiteral, ctx.True, ctx.False).image;
  }

  private parameterList(nodes: (C.QueryOperatorParametersCstNode | C.HintParametersCstNode)[] | undefined): ParamValue[] {
    const node = nodes?.[0];
    if (!node) return [];
    return (node.children.parameters ?? []).map((p) => this.queryOperatorParameter(p.children, p));
  }

  // ─────────────────────────── scalar expressions ───────────────────────────

  private namedList(items: C.NamedExpressionCstNode[] | undefined): A.NamedExpr[] {
    return (items ?? []).map((i) => this.namedExpression(i.children, i));
  }

  namedExpression(ctx: C.NamedExpressionCstChildren, node: CstNode): A.NamedExpr {
    const named: A.NamedExpr = { expr: this.unnamedExpression(one(ctx.expr).children), span: nodeSpan(node) };
    if (ctx.names) named.names = this.namedExpressionNameClause(one(ctx.names).children);
    return named;
  }

  namedExpressionNameClause(ctx: C.NamedExpressionNameClauseCstChildren): { name: string; span: Span }[] {
    return (ctx.names ?? []).map((n) => this.nameDeclaration(n.children));
  }

  /**
   * Operands and operators arrive as a flat list; this applies KQL's precedence (operator-precedence
   * parsing with explicit stacks, so long chains need no recursion). `==`-level and `<`-level
   * operators do not chain, and an `in`/`between` result cannot be the left operand of a comparison.
   */
  unnamedExpression(ctx: C.UnnamedExpressionCstChildren): A.Expr {
    const first = this.invocationExpression(one(ctx.operands).children);
    if (!ctx.tails) return first;
    if (ctx.tails.length > MAX_CHAIN) this.tooLong('expression', 'operators', nodeSpan(ctx.tails[MAX_CHAIN]!));
    const operands: A.Expr[] = [first];
    /** the precedence of the construct that produced each operand (PRIMARY for operands themselves) */
    const levels: number[] = [PRIMARY];
    const operators: { op: string; span: Span; prec: number }[] = [];
    const reduceTo = (prec: number): void => {
      while (operators.length > 0 && operators[operators.length - 1]!.prec >= prec) {
        const { op, span, prec: p } = operators.pop()!;
        const right = operands.pop()!;
        const left = operands.pop()!;
        levels.pop();
        levels[levels.length - 1] = p;
        operands.push({ kind: 'Binary', op, left, right, opSpan: span, span: join(left.span, right.span) });
      }
    };
    for (const tailNode of ctx.tails) {
      const tail = this.expressionTail(tailNode.children, tailNode);
      const prec = tail.kind === 'binary' ? binaryPrecedence(tail.op) : EQUALITY;
      reduceTo(prec);
      const leftLevel = levels[levels.length - 1]!;
      if (leftLevel < prec || (leftLevel === prec && (prec === EQUALITY || prec === RELATIONAL))) {
        this.diagnostics.push(syntaxError(`unexpected '${tail.op}'`, tail.opSpan,
          'comparisons do not chain in KQL; combine them with and, or add parentheses'));
      }
      if (tail.kind === 'binary') {
        operators.push({ op: tail.op, span: tail.opSpan, prec });
        operands.push(tail.right);
        levels.push(PRIMARY);
        continue;
      }
      const left = operands.pop()!;
      const span = { start: left.span.start, end: tail.end };
      operands.push(tail.kind === 'in'
        ? { kind: 'In', op: tail.op as A.InExpr['op'], left, items: tail.items, opSpan: tail.opSpan, span }
        : { kind: 'Between', negated: tail.op === '!between', left, low: tail.low, high: tail.high, span });
      levels[levels.length - 1] = EQUALITY;
    }
    reduceTo(0);
    return operands[0]!;
  }

  expressionTail(ctx: C.ExpressionTailCstChildren, node: CstNode): ExpressionTail {
    const end = nodeSpan(node).end;
    if (ctx.operator) {
      const { op, span } = this.binaryOperator(one(ctx.operator).children, one(ctx.operator));
      return { kind: 'binary', op, opSpan: span, right: this.invocationExpression(one(ctx.right).children) };
    }
    if (ctx.listOperator) {
      const t = one(ctx.listOperator);
      return { kind: 'in', op: t.image, opSpan: tokenSpan(t), items: (ctx.items ?? []).map((i) => this.pipeExpression(i.children)), end };
    }
    const t = one(ctx.betweenOperator);
    return {
      kind: 'between',
      op: t.image,
      opSpan: tokenSpan(t),
      low: this.unnamedExpression(one(ctx.low).children),
      high: this.unnamedExpression(one(ctx.high).children),
      end,
    };
  }

  binaryOperator(ctx: C.BinaryOperatorCstChildren, node: CstNode): { op: string; span: Span } {
    const t = one(ctx.operator);
    if (ctx.Regex) return { op: 'matches regex', span: nodeSpan(node) };
    return { op: LEGACY_OPERATORS[t.image] ?? t.image, span: tokenSpan(t) };
  }

  invocationExpression(ctx: C.InvocationExpressionCstChildren): A.Expr {
    let operand = this.primaryExpression(one(ctx.root).children);
    for (const p of ctx.path ?? []) operand = this.pathOperation(p.children, p, operand);
    const sign = ctx.sign?.[0];
    if (!sign) return operand;
    return { kind: 'Unary', op: sign.image as '-' | '+', operand, span: { start: sign.startOffset, end: operand.span.end } };
  }

  /** a path expression without a sign (union operands) */
  functionCallOrPathExpression(ctx: C.FunctionCallOrPathExpressionCstChildren): A.Expr {
    let expr = this.primaryExpression(one(ctx.root).children);
    for (const p of ctx.path ?? []) expr = this.pathOperation(p.children, p, expr);
    return expr;
  }

  pathOperation(ctx: C.PathOperationCstChildren, node: CstNode, target: A.Expr): A.Expr {
    const span = { start: target.span.start, end: nodeSpan(node).end };
    if (ctx.name) {
      const name = one(ctx.name);
      if (ctx.call) {
        return { kind: 'Call', name: name.image, nameSpan: tokenSpan(name), args: this.argumentList(one(ctx.call).children), target, span };
      }
      this.checkBareName(name, RESERVED_AS_MEMBER);
      return { kind: 'Member', target, name: name.image, nameSpan: tokenSpan(name), span };
    }
    if (ctx.element) {
      // `.['name']` is member access; `.[expr]` an element access
      const element = this.unnamedExpression(one(ctx.element).children);
      if (element.kind === 'Literal' && typeof element.value === 'string' && element.type === 'string') {
        return { kind: 'Member', target, name: element.value, nameSpan: element.span, span };
      }
      return { kind: 'Index', target, index: element, span };
    }
    return { kind: 'Index', target, index: this.unnamedExpression(one(ctx.index).children), span };
  }

  primaryExpression(ctx: C.PrimaryExpressionCstChildren): A.Expr {
    if (ctx.star) return { kind: 'Star', span: tokenSpan(one(ctx.star)) }; // `* has "x"`
    if (ctx.nameReferenceOrCall) return this.nameReferenceOrCall(one(ctx.nameReferenceOrCall).children, one(ctx.nameReferenceOrCall));
    if (ctx.literalExpression) return this.literalExpression(one(ctx.literalExpression).children);
    if (ctx.stringLiteralExpression) return this.stringLiteralExpression(one(ctx.stringLiteralExpression).children);
    if (ctx.parenthesizedExpression) return this.parenthesizedExpression(one(ctx.parenthesizedExpression).children, one(ctx.parenthesizedExpression));
    if (ctx.escapedName) {
      const { name, span } = this.escapedName(one(ctx.escapedName).children, one(ctx.escapedName));
      return { kind: 'NameRef', name, span };
    }
    if (ctx.dynamicLiteralExpression) return this.dynamicLiteralExpression(one(ctx.dynamicLiteralExpression).children, one(ctx.dynamicLiteralExpression));
    if (ctx.dataTableExpression) return this.dataTableExpression(one(ctx.dataTableExpression).children, one(ctx.dataTableExpression));
    const n = one(ctx.externalDataExpression);
    return this.externalDataExpression(n.children, n);
  }

  literalExpression(ctx: C.LiteralExpressionCstChildren): A.Literal {
    const t = firstToken(ctx.LongLiteral, ctx.RealLiteral, ctx.TimespanLiteral, ctx.TypedLiteral, ctx.True, ctx.False);
    const span = tokenSpan(t);
    const lit = (type: KqlType, value: Scalar): A.Literal => ({ kind: 'Literal', type, value, text: t.image, span });
    switch (t.tokenType) {
      case T.LongLiteral: {
        const n = parseIntegerText(t.image);
        if (n === null || n > LONG_MAX) return this.badLiteral('long', t.image, span, 'long literals range from -9223372036854775808 to 9223372036854775807');
        return lit('long', boxLong(n));
      }
      case T.RealLiteral: {
        const n = Number(t.image);
        if (!Number.isFinite(n)) return this.badLiteral('real', t.image, span);
        return lit('real', n);
      }
      case T.TimespanLiteral: {
        const ticks = parseTimespanLiteral(t.image);
        if (ticks === null) return this.badLiteral('timespan', t.image, span);
        return lit('timespan', ticks);
      }
      case T.TypedLiteral:
        return this.typedLiteral(t);
      default:
        return lit('bool', t.tokenType === T.True);
    }
  }

  /** `datetime(…)`, `timespan(…)`, `guid(…)`, `long(…)`, `real(nan)`, `bool(true)`, `int(null)`, ... */
  private typedLiteral(t: IToken): A.Literal {
    const open = t.image.indexOf('(');
    const keyword = t.image.slice(0, open);
    const content = t.image.slice(open + 1, t.image.length - 1).trim();
    const type = parseTypeName(keyword)!;
    const span = tokenSpan(t);
    const lit = (value: Scalar): A.Literal => ({ kind: 'Literal', type, value, text: t.image, span });
    if (content === 'null') return lit(null);
    switch (type) {
      case 'long':
      case 'int': {
        const n = parseIntegerText(content);
        const [min, max] = type === 'int' ? [INT_MIN, INT_MAX] : [LONG_MIN, LONG_MAX];
        if (n === null || n < min || n > max) return this.badLiteral(type, t.image, span);
        return lit(type === 'long' ? boxLong(n) : Number(n));
      }
      case 'decimal': {
        // exact digits (values/decimal.ts): decimal(0.1) is 0.1, not the double nearest it
        const d = REAL_TEXT.test(content) ? decFromText(content) : null;
        if (d === null) return this.badLiteral(type, t.image, span);
        return lit(d);
      }
      case 'real': {
        const lower = content.toLowerCase();
        if (type === 'real' && lower === 'nan') return lit(NaN);
        if (type === 'real' && (lower === 'inf' || lower === '+inf')) return lit(Infinity);
        if (type === 'real' && lower === '-inf') return lit(-Infinity);
        if (!REAL_TEXT.test(content) || !Number.isFinite(Number(content))) return this.badLiteral(type, t.image, span);
        return lit(Number(content) + 0);
      }
      case 'bool': {
        const lower = content.toLowerCase();
        if (lower === 'true' || lower === 'false') return lit(lower === 'true');
        return this.badLiteral('bool', t.image, span, 'use bool(true), bool(false) or bool(null)');
      }
      case 'datetime': {
        const ticks = parseDateTimeLiteral(content);
        if (ticks === null) return this.badLiteral('datetime', t.image, span, 'write dates as datetime(2024-01-31) or datetime(2024-01-31 13:45:00)');
        return lit(ticks);
      }
      case 'timespan': {
        const ticks = parseTimespanText(content);
        if (ticks === null) return this.badLiteral('timespan', t.image, span, 'write timespans as timespan(1d), timespan(1.02:03:04) or 30m');
        return lit(ticks);
      }
      default: {
        const guid = parseGuid(content);
        if (guid === null) return this.badLiteral('guid', t.image, span);
        return lit(guid);
      }
    }
  }

  /** Later stages walk operator chains recursively; bound them like bracket nesting (parse-kql.ts). */
  private tooLong(what: string, items: string, span: Span): void {
    this.diagnostics.push(syntaxError(`the ${what} is too long (more than ${MAX_CHAIN} ${items})`, span,
      'split it with let statements'));
  }

  private badLiteral(type: KqlType, text: string, span: Span, help?: string): A.Literal {
    this.diagnostics.push(invalidLiteral(type, text, span, help));
    return { kind: 'Literal', type, value: null, text, span };
  }

  stringLiteralExpression(ctx: C.StringLiteralExpressionCstChildren): A.Literal {
    const tokens = ctx.StringLiteral ?? [];
    const first = tokens[0]!;
    const last = tokens[tokens.length - 1]!;
    const span = { start: first.startOffset, end: last.startOffset + last.image.length };
    let value = '';
    for (const t of tokens) {
      const decoded = decodeStringLiteral(t.image);
      if ('error' in decoded) {
        this.diagnostics.push(invalidLiteral('string', t.image, tokenSpan(t), decoded.error));
      } else value += decoded.value;
    }
    return { kind: 'Literal', type: 'string', value, text: this.source(span), span };
  }

  nameReferenceOrCall(ctx: C.NameReferenceOrCallCstChildren, node: CstNode): A.NameRef | A.Call {
    const name = one(ctx.name);
    if (ctx.term) {
      // `Column:"term"` (search-operator.md): kept as a ':' binary for the search binder
      const t = one(ctx.term);
      const decoded = decodeStringLiteral(t.image);
      if ('error' in decoded) this.diagnostics.push(invalidLiteral('string', t.image, tokenSpan(t), decoded.error));
      const value = 'value' in decoded ? decoded.value : '';
      const left: A.Expr = ctx.call
        ? { kind: 'Call', name: name.image, nameSpan: tokenSpan(name), args: this.argumentList(one(ctx.call).children), span: nodeSpan(node) }
        : { kind: 'NameRef', name: name.image, span: tokenSpan(name) };
      const right: A.Literal = { kind: 'Literal', type: 'string', value, text: t.image, span: tokenSpan(t) };
      return { kind: 'Binary', op: ':', left, right, opSpan: tokenSpan(one(ctx.termColon)), span: nodeSpan(node) } as unknown as A.NameRef;
    }
    if (!ctx.call) {
      this.checkBareName(name, RESERVED_AS_REFERENCE);
      return { kind: 'NameRef', name: name.image, span: tokenSpan(name) };
    }
    // typeof(long), typeof(string): the argument is a type name, not a column reference
    const isTypeof = name.image === 'typeof';
    if (isTypeof) this.typeofDepth++;
    try {
      return { kind: 'Call', name: name.image, nameSpan: tokenSpan(name), args: this.argumentList(one(ctx.call).children), span: nodeSpan(node) };
    } finally {
      if (isTypeof) this.typeofDepth--;
    }
  }

  argumentList(ctx: C.ArgumentListCstChildren): A.Expr[] {
    return (ctx.args ?? []).map((a) => this.argument(a.children, a));
  }

  argument(ctx: C.ArgumentCstChildren, node: CstNode): A.Expr {
    if (ctx.Star) return { kind: 'Star', span: tokenSpan(one(ctx.Star)) };
    const value = this.pipeExpression(one(ctx.value).children);
    if (!ctx.name) return value;
    const name = one(ctx.name);
    return { kind: 'NamedArg', name: name.image, nameSpan: tokenSpan(name), value, span: nodeSpan(node) };
  }

  escapedName(ctx: C.EscapedNameCstChildren, node?: CstNode): { name: string; span: Span } {
    const t = one(ctx.StringLiteral);
    const decoded = decodeStringLiteral(t.image);
    if ('error' in decoded) this.diagnostics.push(invalidLiteral('string', t.image, tokenSpan(t), decoded.error));
    const span = node ? nodeSpan(node) : { start: one(ctx.LBracket).startOffset, end: one(ctx.RBracket).startOffset + 1 };
    return { name: 'value' in decoded ? decoded.value : '', span };
  }

  nameDeclaration(ctx: C.NameDeclarationCstChildren): { name: string; span: Span } {
    if (ctx.escapedName) return this.escapedName(one(ctx.escapedName).children, one(ctx.escapedName));
    const t = firstToken(ctx.Identifier, ctx.ExtendedName);
    this.checkBareName(t, RESERVED_AS_DECLARATION);
    return { name: t.image, span: tokenSpan(t) };
  }

  /** A bare word the analyzer refuses as a name here: a syntax error asking for ['word'] (see RESERVED_EVERYWHERE). */
  private checkBareName(t: IToken, here: ReadonlySet<string>): void {
    if (!RESERVED_EVERYWHERE.has(t.image) && !here.has(t.image)) return;
    if (this.typeofDepth > 0 && TYPE_WORDS.includes(t.image)) return;
    this.diagnostics.push(syntaxError(`the name '${t.image}' needs to be bracketed as ['${t.image}'] to be used here`, tokenSpan(t), `write ['${t.image}']`));
  }

  parenthesizedExpression(ctx: C.ParenthesizedExpressionCstChildren, node: CstNode): A.Paren {
    return { kind: 'Paren', expr: this.pipeExpression(one(ctx.expr).children), span: nodeSpan(node) };
  }

  dataTableExpression(ctx: C.DataTableExpressionCstChildren, node: CstNode): A.DatatableExpr {
    return {
      kind: 'Datatable',
      columns: this.rowSchema(one(ctx.schema).children),
      values: (ctx.values ?? []).map((v) => this.unnamedExpression(v.children)),
      span: nodeSpan(node),
    };
  }

  rowSchema(ctx: C.RowSchemaCstChildren): A.DatatableExpr['columns'] {
    return (ctx.columns ?? []).map((c) => this.columnDeclaration(c.children, c));
  }

  columnDeclaration(ctx: C.ColumnDeclarationCstChildren, node: CstNode): { name: string; type: KqlType; span: Span } {
    return { name: this.nameDeclaration(one(ctx.name).children).name, type: this.typeName(one(ctx.type).children), span: nodeSpan(node) };
  }

  typeName(ctx: C.TypeNameCstChildren): KqlType {
    const t = firstToken(ctx.Identifier, ctx.Dynamic);
    const type = parseTypeName(t.image);
    if (type) return type;
    this.diagnostics.push(syntaxError(`unknown type '${t.image}'`, tokenSpan(t),
      'use bool, int, long, real, decimal, string, datetime, timespan, guid or dynamic'));
    return 'dynamic';
  }

  externalDataExpression(ctx: C.ExternalDataExpressionCstChildren, node: CstNode): A.ExternalDataExpr {
    return {
      kind: 'ExternalData',
      columns: this.rowSchema(one(ctx.schema).children),
      uris: (ctx.uris ?? []).map((u) => {
        const lit = this.stringLiteralExpression(u.children);
        return { value: String(lit.value), span: lit.span };
      }),
      properties: (ctx.properties ?? []).map((p) => ({
        name: one(p.children.name).image,
        value: this.queryOperatorParameterValue(one(p.children.value).children),
        span: nodeSpan(p),
      })),
      span: nodeSpan(node),
    };
  }

  externalDataProperty(): void {}

  // ─────────────────────────── dynamic literals ───────────────────────────

  dynamicLiteralExpression(ctx: C.DynamicLiteralExpressionCstChildren, node: CstNode): A.Literal {
    const span = nodeSpan(node);
    const value = this.jsonValue(one(ctx.value).children) as Scalar;
    return { kind: 'Literal', type: 'dynamic', value, text: this.source(span), span };
  }

  jsonValue(ctx: C.JsonValueCstChildren): unknown {
    if (ctx.jsonObject) return this.jsonObject(one(ctx.jsonObject).children);
    if (ctx.jsonArray) return this.jsonArray(one(ctx.jsonArray).children);
    if (ctx.stringLiteralExpression) return this.stringLiteralExpression(one(ctx.stringLiteralExpression).children).value;
    if (ctx.number) {
      const t = one(ctx.number);
      if (t.tokenType.name === 'TypedLiteral') {
        // `-long(1)`, `-real(1.5)` (long, real and their aliases only, as the analyzer takes them)
        const lit = this.typedLiteral(t);
        if (typeof lit.value === 'number') return -lit.value;
        if (lit.type === 'long' && typeof lit.value === 'bigint') return lit.value === LONG_MIN ? null : boxLong(-lit.value); // -(-2^63) is no long
        if (lit.value === null && (lit.type === 'long' || lit.type === 'real')) return null;
        this.diagnostics.push(invalidLiteral('dynamic', t.image, tokenSpan(t), 'only a long or real literal can take a sign inside dynamic'));
        return null;
      }
      const negative = ctx.sign?.[0]?.image === '-';
      if (t.tokenType === T.LongLiteral) {
        // an integer is a long, exact over the 64-bit range (a bigint beyond 2^53, values/long.ts);
        // wider ones stay doubles, as parse_json reads them
        const b = parseIntegerText(t.image);
        const v = b === null ? null : negative ? -b : b;
        if (v !== null && v >= LONG_MIN && v <= LONG_MAX) return boxLong(v);
      }
      const n = Number(t.image);
      return negative ? -n : n;
    }
    if (ctx.True) return true;
    if (ctx.False) return false;
    if (ctx.null) {
      const t = one(ctx.null);
      if (t.image !== 'null') this.diagnostics.push(invalidLiteral('dynamic', t.image, tokenSpan(t), 'dynamic values are JSON: quote strings'));
      return null;
    }
    if (ctx.TypedLiteral || ctx.TimespanLiteral) {
      // datetime and guid values inside dynamic are held as their text, a timespan as its ticks
      const lit = ctx.TypedLiteral
        ? this.typedLiteral(one(ctx.TypedLiteral))
        : this.literalExpression({ TimespanLiteral: ctx.TimespanLiteral });
      // the analyzer rejects int(...) ("Expected: ]") and decimal(...) ("Decimal values are not supported
      // in dynamic objects") inside a dynamic literal
      if (ctx.TypedLiteral && (lit.type === 'int' || lit.type === 'decimal')) {
        const t = one(ctx.TypedLiteral);
        this.diagnostics.push(invalidLiteral('dynamic', t.image, tokenSpan(t),
          lit.type === 'int' ? 'use long(...) inside dynamic' : 'decimal values are not supported in dynamic objects'));
        return null;
      }
      if (lit.value === null) return null;
      if (lit.type === 'datetime') return formatDateTime(lit.value as bigint);
      // a timespan inside a dynamic literal serializes as its ticks (measured on the Kusto emulator by
      // duckdb-kql: tostring(dynamic([1d])) is [864000000000]); totimespan reads the ticks back
      if (lit.type === 'timespan') return lit.value as number;
      return lit.value;
    }
    return this.dynamicLiteralExpression(one(ctx.dynamicLiteralExpression).children, one(ctx.dynamicLiteralExpression)).value;
  }

  jsonObject(ctx: C.JsonObjectCstChildren): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of ctx.pairs ?? []) {
      const [key, value] = this.jsonPair(p.children);
      setMember(out, key, value);
    }
    return out;
  }

  jsonPair(ctx: C.JsonPairCstChildren): [string, unknown] {
    const t = one(ctx.key);
    const decoded = decodeStringLiteral(t.image);
    if ('error' in decoded) this.diagnostics.push(invalidLiteral('string', t.image, tokenSpan(t), decoded.error));
    return ['value' in decoded ? decoded.value : '', this.jsonValue(one(ctx.value).children)];
  }

  jsonArray(ctx: C.JsonArrayCstChildren): unknown[] {
    return (ctx.items ?? []).map((i) => this.jsonValue(i.children));
  }
}
