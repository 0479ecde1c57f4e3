// AST → KQL text that parses back to the same AST (spans aside); parentheses only where precedence needs them.
import { kqlLexer } from '../../grammar/lexer.js';
import { Identifier } from '../../grammar/tokens.js';
import type { KqlType } from '../types.js';
import { formatDateTime } from '../values/datetime.js';
import { formatTimespan } from '../values/timespan.js';
import type * as A from './ast.js';
import { bracketedInSomeContext } from './build-ast.js';

export function printQuery(ast: A.QueryText): string {
  return ast.statements.map(printStatement).join(';\n');
}

export function printStatement(s: A.Statement): string {
  switch (s.kind) {
    case 'Let':
      return `let ${name(s.name)} = ${s.value.kind === 'FunctionDecl' ? printFunction(s.value) : printExpr(s.value)}`;
    case 'Set':
      return s.value ? `set ${s.name} = ${printExpr(s.value, Prec.Or)}` : `set ${s.name}`;
    case 'ExprStatement':
      return printExpr(s.expr);
  }
}

function printFunction(f: A.FunctionDecl): string {
  const params = f.params.map((p) => {
    const type = typeof p.type === 'string' ? p.type : printTabularType(p.type);
    return `${name(p.name)}:${type}${p.default ? ` = ${printExpr(p.default, Prec.Or)}` : ''}`;
  });
  const body = [...f.body.lets.map((l) => printStatement(l) + ';'), printExpr(f.body.result)].join(' ');
  return `${f.view ? 'view ' : ''}(${params.join(', ')}) { ${body} }`;
}

function printTabularType(t: A.TabularParamType): string {
  const items = t.columns.map((c) => `${name(c.name)}:${c.type}`);
  if (t.star || items.length === 0) items.push('*');
  return `(${items.join(', ')})`;
}

// ───────────────────────────── expressions ─────────────────────────────

/** Binding strength, loosest first: a sub-expression looser than its context is parenthesised. */
const Prec = {
  Pipe: 0,
  /** `print`, `range`, `union`, `search`, ... — only at the start of a pipeline */
  Source: 1,
  Or: 2,
  And: 3,
  Equality: 4,
  Relational: 5,
  Additive: 6,
  Multiplicative: 7,
  StringOp: 8,
  Unary: 9,
  Postfix: 10,
} as const;
type Prec = number;

function binaryPrec(op: string): Prec {
  switch (op) {
    case 'or': return Prec.Or;
    case 'and': return Prec.And;
    case '==': case '!=': case '<>': return Prec.Equality;
    case '<': case '<=': case '>': case '>=': return Prec.Relational;
    case '+': case '-': return Prec.Additive;
    case '*': case '/': case '%': return Prec.Multiplicative;
    default: return Prec.StringOp;
  }
}

function precOf(e: A.Expr): Prec {
  switch (e.kind) {
    case 'Pipe': return Prec.Pipe;
    case 'Print': case 'Range': case 'UnionSource': case 'Search': case 'Find': case 'MacroExpand': return Prec.Source;
    case 'Unsupported': return Prec.Source;
    case 'Binary': return e.op === ':' ? Prec.Postfix : binaryPrec(e.op);
    case 'In': case 'Between': return Prec.Equality;
    case 'Unary': return Prec.Unary;
    case 'NamedArg': return Prec.Pipe;
    default: return Prec.Postfix;
  }
}

/** Prints `e` for a context that binds at `context` or looser. */
export function printExpr(e: A.Expr, context: Prec = Prec.Pipe): string {
  const text = printBare(e);
  return precOf(e) < context ? `(${text})` : text;
}

function printBare(e: A.Expr): string {
  switch (e.kind) {
    case 'Literal': return e.text || literalText(e);
    case 'NameRef': return name(e.name);
    case 'Member': return `${printExpr(e.target, Prec.Postfix)}.${isPlainIdentifier(e.name) ? e.name : `[${quote(e.name)}]`}`;
    case 'Index': return `${printExpr(e.target, Prec.Postfix)}[${printExpr(e.index, Prec.Or)}]`;
    case 'Call': {
      // `datetime (x)` is a call; without the space it would lex as a typed literal
      const open = TYPED_LITERAL_WORDS.has(e.name) ? ' (' : '(';
      return `${e.target ? printExpr(e.target, Prec.Postfix) + '.' : ''}${e.name}${open}${e.args.map(printArgument).join(', ')})`;
    }
    case 'NamedArg': return `${e.name} = ${printExpr(e.value)}`;
    case 'Star': return '*';
    case 'Unary': return `${e.op}${printExpr(e.operand, Prec.Postfix)}`;
    case 'Binary': return e.op === ':' ? `${printExpr(e.left, Prec.Postfix)}:${printExpr(e.right, Prec.Postfix)}` : printBinary(e);
    case 'In': return `${printExpr(e.left, Prec.Relational)} ${e.op} (${e.items.map((i) => printExpr(i)).join(', ')})`;
    case 'Between':
      return `${printExpr(e.left, Prec.Relational)} ${e.negated ? '!between' : 'between'} (${printExpr(e.low, Prec.Or)} .. ${printExpr(e.high, Prec.Or)})`;
    case 'Paren': return `(${printExpr(e.expr)})`;
    case 'Pipe': return printPipe(e);
    case 'Datatable': {
      const columns = e.columns.map((c) => `${name(c.name)}:${c.type}`).join(', ');
      return `datatable(${columns}) [${e.values.map((v) => printExpr(v, Prec.Or)).join(', ')}]`;
    }
    case 'Print': return `print ${e.items.map(printNamed).join(', ')}`;
    case 'Range':
      return `range ${e.name} from ${printExpr(e.from, Prec.Or)} to ${printExpr(e.to, Prec.Or)} step ${printExpr(e.step, Prec.Or)}`;
    case 'UnionSource': return `union ${printUnionOptions(e.options)}${e.tables.map(printUnionTable).join(', ')}`;
    case 'Unsupported': return e.text ?? e.what;
    case 'MacroExpand': return printMacroExpand(e);
    case 'EntityGroup': return `entity_group [${e.entities.map((x) => printExpr(x, Prec.Or)).join(', ')}]`;
    case 'Search': return printSearch(e);
    case 'ExternalData': {
      const columns = e.columns.map((c) => `${name(c.name)}:${c.type}`).join(', ');
      let out = `externaldata(${columns}) [${e.uris.map((u) => quote(u.value)).join(', ')}]`;
      if (e.properties.length) out += ` with (${e.properties.map((p) => `${p.name}=${parameterValue(p.value)}`).join(', ')})`;
      return out;
    }
    case 'Find': {
      let out = 'find';
      if (e.withsource !== undefined) out += ` withsource=${parameterValue(e.withsource)}`;
      if (e.tables) out += ` in (${e.tables.map(printUnionTable).join(', ')})`;
      out += ` where ${printExpr(e.predicate, Prec.Or)}`;
      if (e.project) out += ` project ${e.project.map((p) => (p.packAll ? 'pack_all()' : name(p.name) + (p.type ? `:${p.type}` : ''))).join(', ')}`;
      return out;
    }
  }
}

function printMacroExpand(e: A.MacroExpandExpr): string {
  let out = 'macro-expand';
  if (e.options.kind) out += ` kind=${e.options.kind}`;
  if (e.options.isfuzzy !== undefined) out += ` isfuzzy=${e.options.isfuzzy}`;
  const group = e.group.kind === 'NameRef' ? name(e.group.name) : printExpr(e.group, Prec.Postfix);
  if (e.inForm && e.name !== undefined) out += ` ${name(e.name)} in ${group}`;
  else out += ` ${group}${e.name !== undefined ? ` as ${name(e.name)}` : ''}`;
  const body = [...e.body.lets.map((l) => printStatement(l) + ';'), printExpr(e.body.result)].join(' ');
  return `${out} (${body})`;
}

function printSearch(e: A.SearchExpr | A.SearchOp): string {
  let out = 'search';
  if (e.caseSensitive) out += ' kind=case_sensitive';
  if ('tables' in e && e.tables) out += ` in (${e.tables.map(printUnionTable).join(', ')})`;
  return `${out} ${e.predicate ? printExpr(e.predicate, Prec.Or) : '*'}`;
}

/** `a + b + c`: the left spine of a same-level chain is walked iteratively (chains may be long) */
function printBinary(e: A.Binary): string {
  const prec = binaryPrec(e.op);
  // `==` and `<` do not chain: both operands must bind tighter
  const chains = prec !== Prec.Equality && prec !== Prec.Relational;
  const rights: A.Binary[] = [e];
  let left = e.left;
  while (chains && left.kind === 'Binary' && binaryPrec(left.op) === prec) {
    rights.push(left);
    left = left.left;
  }
  let out = printExpr(left, chains ? prec : prec + 1);
  for (let i = rights.length - 1; i >= 0; i--) out += ` ${rights[i]!.op} ${printExpr(rights[i]!.right, prec + 1)}`;
  return out;
}

function printArgument(e: A.Expr): string {
  return e.kind === 'NamedArg' || e.kind === 'Star' ? printBare(e) : printExpr(e);
}

/** `a | b | c` — iterative, so very long pipelines print without deep recursion */
function printPipe(e: A.Pipe): string {
  const operators: A.QueryOperator[] = [];
  let source: A.Expr = e;
  while (source.kind === 'Pipe') {
    operators.push(source.operator);
    source = source.source;
  }
  let out = printExpr(source, Prec.Source);
  for (let i = operators.length - 1; i >= 0; i--) out += '\n| ' + printOperator(operators[i]!);
  return out;
}

function printNamed(n: A.NamedExpr): string {
  const expr = printExpr(n.expr, Prec.Or);
  if (!n.names) return expr;
  const names = n.names.map((x) => name(x.name));
  return `${names.length === 1 ? names[0] : `(${names.join(', ')})`} = ${expr}`;
}

/** a union operand; wildcard names (`Device*`) are written bare */
function printUnionTable(t: A.Expr): string {
  return t.kind === 'NameRef' && t.name.includes('*') ? pattern(t.name) : printExpr(t, Prec.Postfix);
}

function printUnionOptions(o: A.UnionOptions): string {
  let out = '';
  if (o.kind) out += `kind=${o.kind} `;
  if (o.withsource !== undefined) out += `withsource=${parameterValue(o.withsource)} `;
  if (o.isfuzzy !== undefined) out += `isfuzzy=${o.isfuzzy} `;
  return out;
}

// ───────────────────────────── operators ─────────────────────────────

export function printOperator(op: A.QueryOperator): string {
  switch (op.kind) {
    case 'Where': return `where ${printExpr(op.predicate, Prec.Or)}`;
    case 'Extend': return `extend ${op.items.map(printNamed).join(', ')}`;
    case 'Project': return `project ${op.items.map(printNamed).join(', ')}`;
    case 'ProjectAway': return `project-away ${op.columns.map((c) => pattern(c.pattern)).join(', ')}`;
    case 'ProjectKeep': return `project-keep ${op.columns.map((c) => pattern(c.pattern)).join(', ')}`;
    case 'ProjectRename': return `project-rename ${op.items.map((i) => `${name(i.newName)} = ${name(i.oldName)}`).join(', ')}`;
    case 'ProjectReorder':
      return `project-reorder ${op.columns.map((c) => pattern(c.pattern) + (c.order ? ' ' + c.order : '')).join(', ')}`;
    case 'Take': return `take ${printExpr(op.count, Prec.Or)}`;
    case 'Sort': return `sort by ${op.items.map(printSortItem).join(', ')}`;
    case 'Top': return `top ${printExpr(op.count, Prec.Or)} by ${op.items.map(printSortItem).join(', ')}`;
    case 'Count': return 'count';
    case 'Distinct': return `distinct ${op.star ? '*' : op.items.map((i) => printExpr(i, Prec.Or)).join(', ')}`;
    case 'Summarize': {
      let out = 'summarize';
      for (const h of op.hints) out += ` ${h.name}=${parameterValue(h.value)}`;
      if (op.aggregates.length > 0) out += ' ' + op.aggregates.map(printNamed).join(', ');
      if (op.by.length > 0) out += ' by ' + op.by.map(printNamed).join(', ');
      return out;
    }
    case 'Join': {
      let out = 'join';
      if (op.joinKind !== undefined) out += ` kind=${parameterValue(op.joinKind)}`;
      for (const h of op.hints) out += ` ${h.name}=${parameterValue(h.value)}`;
      return `${out} ${printExpr(op.right, Prec.Or)} on ${op.on.map((c) => printExpr(c, Prec.Or)).join(', ')}`;
    }
    case 'Union': return `union ${printUnionOptions(op.options)}${op.tables.map(printUnionTable).join(', ')}`;
    case 'MvExpand': {
      let out = 'mv-expand';
      if (op.bagExpansion) out += ` bagexpansion=${op.bagExpansion}`;
      if (op.itemIndex !== undefined) out += ` with_itemindex=${parameterValue(op.itemIndex)}`;
      out += printExpandItems(op.items, op.limit);
      return out;
    }
    case 'As': return `as ${name(op.name)}`;
    case 'GetSchema': return 'getschema';
    case 'Serialize': return op.items.length > 0 ? `serialize ${op.items.map(printNamed).join(', ')}` : 'serialize';
    case 'Render': {
      if (op.properties.length === 0) return `render ${op.chart}`;
      const props = op.properties.map((p) =>
        [`${p.name} = ${printExpr(p.value, Prec.Or)}`, ...(p.more ?? []).map((m) => printExpr(m, Prec.Or))].join(', '));
      return `render ${op.chart} with (${props.join(', ')})`;
    }
    case 'Evaluate': {
      let out = 'evaluate';
      for (const h of op.hints) out += ` ${h.name}=${parameterValue(h.value)}`;
      out += ` ${op.plugin}(${op.args.map(printArgument).join(', ')})`;
      if (op.schema) {
        const cols: string[] = op.schema.columns.map((c) => `${name(c.name)}:${c.type}`);
        if (op.schema.starAt !== undefined) cols.splice(op.schema.starAt, 0, '*');
        out += ` : (${cols.join(', ')})`;
      }
      return out;
    }
    case 'Search': return printSearch(op);
    case 'ProjectByNames': return `project-by-names ${op.items.map((i) => printExpr(i, Prec.Or)).join(', ')}`;
    case 'Parse': {
      let out = op.where ? 'parse-where' : 'parse';
      for (const p of op.params) out += ` ${p.name}=${parameterValue(p.value)}`;
      out += ` ${printExpr(op.source, Prec.Or)} with`;
      for (const it of op.items) {
        if (it.kind === 'Star') out += ' *';
        else if (it.kind === 'Text') out += ` ${quote(it.value)}`;
        else out += ` ${name(it.name)}${it.type ? `:${it.type}` : ''}`;
      }
      return out;
    }
    case 'Invoke': return `invoke ${printExpr(op.call, Prec.Or)}`;
    case 'Scan': {
      let out = 'scan';
      if (op.matchId !== undefined) out += ` with_match_id=${parameterValue(op.matchId)}`;
      if (op.declarations.length) {
        out += ' declare (' + op.declarations.map((d) => `${name(d.name)}:${d.type}${d.default ? ` = ${printExpr(d.default, Prec.Or)}` : ''}`).join(', ') + ')';
      }
      out += ' with (' + op.steps.map((st) => {
        let t = `step ${name(st.name)}${st.outputWritten ? ` output=${st.output}` : ''}: ${printExpr(st.condition, Prec.Or)}`;
        if (st.assignments.length) t += ' => ' + st.assignments.map((a) => `${name(a.name)} = ${printExpr(a.value, Prec.Or)}`).join(', ');
        return t + ';';
      }).join(' ') + ')';
      return out;
    }
    case 'Reduce': {
      let out = 'reduce';
      if (op.reduceKind !== undefined) out += ` kind=${op.reduceKind}`;
      out += ` by ${printExpr(op.expr, Prec.Or)}`;
      const opts: string[] = [];
      if (op.threshold !== undefined) opts.push(`threshold=${op.threshold}`);
      if (op.characters !== undefined) opts.push(`characters=${quote(op.characters)}`);
      if (opts.length) out += ` with ${opts.join(', ')}`;
      return out;
    }
    case 'Fork':
      return 'fork ' + op.legs.map((l) => `${l.name !== undefined ? `${name(l.name)} = ` : ''}(${l.body.map(printOperator).join(' | ')})`).join(' ');
    case 'Facet': {
      const out = `facet by ${op.columns.map((c) => name(c.name)).join(', ')}`;
      return op.body ? `${out} with (${op.body.map(printOperator).join(' | ')})` : out;
    }
    case 'Partition': {
      let out = 'partition';
      for (const p of op.params) out += ` ${p.name}=${parameterValue(p.value)}`;
      out += ` by ${name(op.key.name)}`;
      return op.body ? `${out} (${op.body.map(printOperator).join(' | ')})` : `${out} {${printExpr(op.source!)}}`;
    }
    case 'MvApply': {
      let out = 'mv-apply';
      if (op.itemIndex !== undefined) out += ` with_itemindex=${parameterValue(op.itemIndex)}`;
      out += printExpandItems(op.items, op.limit);
      return `${out} on (${op.body.map(printOperator).join(' | ')})`;
    }
    case 'ParseKv': {
      let out = `parse-kv ${printExpr(op.source, Prec.Or)} as (${op.columns.map((c) => `${name(c.name)}:${c.type}`).join(', ')})`;
      if (op.params.length) out += ` with (${op.params.map((p) => `${p.name}=${p.quoted ? quote(p.value) : p.value}`).join(', ')})`;
      return out;
    }
    case 'MakeSeries': {
      let out = 'make-series';
      for (const h of op.parameters) out += ` ${h.name}=${parameterValue(h.value)}`;
      out += ' ' + op.items.map((i) => printNamed(i.item) + (i.default ? ` default = ${printExpr(i.default, Prec.Or)}` : '')).join(', ');
      out += ` on ${printExpr(op.axis, Prec.Or)}`;
      if (op.range) out += ` in range(${[op.range.start, op.range.stop, op.range.step].map((e) => printExpr(e, Prec.Or)).join(', ')})`;
      else {
        if (op.from) out += ` from ${printExpr(op.from, Prec.Or)}`;
        if (op.to) out += ` to ${printExpr(op.to, Prec.Or)}`;
        out += ` step ${printExpr(op.step!, Prec.Or)}`;
      }
      if (op.by.length > 0) out += ' by ' + op.by.map(printNamed).join(', ');
      return out;
    }
    case 'Lookup': {
      let out = 'lookup';
      if (op.joinKind !== undefined) out += ` kind=${parameterValue(op.joinKind)}`;
      return `${out} ${printExpr(op.right, Prec.Or)} on ${op.on.map((c) => printExpr(c, Prec.Or)).join(', ')}`;
    }
    case 'TopNested':
      return op.clauses.map((c) => {
        let out = 'top-nested';
        if (c.count) out += ` ${printExpr(c.count, Prec.Or)}`;
        out += ` of ${printNamed(c.key)}`;
        if (c.others) out += ` with others = ${printExpr(c.others, Prec.Or)}`;
        out += ` by ${printNamed(c.aggregate)}`;
        if (c.direction) out += ` ${c.direction}`;
        return out;
      }).join(', ');
    case 'Sample': return `sample ${printExpr(op.count, Prec.Or)}`;
    case 'SampleDistinct': return `sample-distinct ${printExpr(op.count, Prec.Or)} of ${printExpr(op.column, Prec.Or)}`;
    case 'MakeGraph': {
      let out = `make-graph ${name(op.source.name)} --> ${name(op.target.name)}`;
      if (op.withNodeId) out += ` with_node_id=${name(op.withNodeId.name)}`;
      if (op.nodes.length) out += ` with ${op.nodes.map((n) => `${printExpr(n.table, Prec.Or)} on ${name(n.id.name)}`).join(', ')}`;
      if (op.partition) out += ` partitioned-by ${name(op.partition.column.name)} (${op.partition.body.map(printOperator).join(' | ')})`;
      return out;
    }
    case 'GraphMatch': {
      let out = op.shortestPaths ? 'graph-shortest-paths' : 'graph-match';
      for (const p of op.params) out += ` ${p.name}=${name(p.value)}`;
      out += ` ${op.patterns.map(printGraphPattern).join(', ')}`;
      if (op.where) out += ` where ${printExpr(op.where, Prec.Or)}`;
      if (op.project) out += ` project ${op.project.map(printNamed).join(', ')}`;
      return out;
    }
    case 'GraphToTable':
      return `graph-to-table ${op.items
        .map((i) => `${i.what}${i.alias !== undefined ? ` as ${name(i.alias)}` : ''}${i.params.map((p) => ` ${p.name}=${name(p.value)}`).join('')}`)
        .join(', ')}`;
    case 'GraphMarkComponents':
      return `graph-mark-components${op.params.map((p) => ` ${p.name}=${name(p.value)}`).join('')}`;
    case 'GraphMerge':
      return `graph-merge ${printExpr(op.right, Prec.Or)}${op.on.length ? ` on ${op.on.map((c) => printExpr(c, Prec.Or)).join(', ')}` : ''}`;
    case 'UnsupportedOperator': return op.text ?? op.name;
  }
}

function printGraphPattern(p: A.GraphPattern): string {
  let out = `(${p.nodes[0]?.name !== undefined ? name(p.nodes[0].name) : ''})`;
  p.edges.forEach((e, i) => {
    const n = p.nodes[i + 1];
    let inner = e.name !== undefined ? name(e.name) : '';
    if (e.range) inner += `*${e.range.min}${e.range.max !== undefined ? `..${e.range.max}` : ''}`;
    const body = inner ? `-[${inner}]-` : '--';
    out += `${e.direction === 'left' ? '<' : ''}${body}${e.direction === 'right' ? '>' : ''}(${n?.name !== undefined ? name(n.name) : ''})`;
  });
  return out;
}

function printSortItem(s: A.SortItem): string {
  return printExpr(s.expr, Prec.Or) + (s.direction ? ' ' + s.direction : '') + (s.nulls ? ' nulls ' + s.nulls : '');
}

// ───────────────────────────── names and literals ─────────────────────────────

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_]*$/;
const TYPED_LITERAL_WORDS = new Set(['datetime', 'date', 'timespan', 'time', 'guid', 'long', 'int', 'real', 'double', 'decimal', 'bool']);

/** A name that lexes as a plain identifier (no keyword, soft or reserved), so it can be written bare. */
function isPlainIdentifier(s: string): boolean {
  if (!IDENTIFIER.test(s) || bracketedInSomeContext(s)) return false;
  const tokens = kqlLexer.tokenize(s).tokens;
  return tokens.length === 1 && tokens[0]!.tokenType === Identifier;
}

/** a column, table or variable name: bare when possible, else `['...']` */
function name(s: string): string {
  return isPlainIdentifier(s) ? s : `[${quote(s)}]`;
}

/** a column name or wildcard pattern (`Acc*`) */
function pattern(s: string): string {
  return /^[A-Za-z0-9_$*]+$/.test(s) && /[*]/.test(s) && !/^\d/.test(s) ? s : name(s);
}

/** a query-operator parameter value: an identifier, number or bool as is, anything else quoted */
function parameterValue(v: string): string {
  return IDENTIFIER.test(v) || /^\d+(\.\d+)?$/.test(v) ? v : quote(v);
}

/** a KQL string literal with backslash escapes */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

const TYPED_NULL: Record<KqlType, string> = {
  bool: 'bool(null)', int: 'int(null)', long: 'long(null)', real: 'real(null)', decimal: 'decimal(null)',
  string: '""', datetime: 'datetime(null)', timespan: 'timespan(null)', guid: 'guid(null)', dynamic: 'dynamic(null)',
};

/** Literal text from a value, for literals built without source text. */
export function literalText(lit: A.Literal): string {
  const v = lit.value;
  if (v === null) return TYPED_NULL[lit.type];
  switch (lit.type) {
    case 'bool': return v ? 'true' : 'false';
    case 'long': return String(v);
    case 'int': return `int(${String(v)})`;
    case 'decimal': return `decimal(${String(v)})`;
    case 'real': {
      const n = v as number;
      if (Number.isNaN(n)) return 'real(nan)';
      if (!Number.isFinite(n)) return n > 0 ? 'real(+inf)' : 'real(-inf)';
      const s = String(n);
      return /[.eE]/.test(s) ? s : `real(${s})`;
    }
    case 'string': return quote(String(v));
    case 'datetime': return `datetime(${formatDateTime(v as bigint)})`;
    case 'timespan': return `timespan(${formatTimespan(v as number)})`;
    case 'guid': return `guid(${String(v)})`;
    case 'dynamic': return `dynamic(${dynamicText(v)})`;
  }
}

function dynamicText(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(dynamicText).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${quote(k)}: ${dynamicText(x)}`).join(', ')}}`;
  }
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return 'null';
  return String(v);
}

/** The column list and limit shared by mv-expand and mv-apply: ` [Name =] expr [to typeof(T)], ... [limit n]`. */
function printExpandItems(items: readonly { name?: string; expr: A.Expr; toType?: string }[], limit: A.Expr | undefined): string {
  let out = ' ' + items.map((i) => {
    const expr = printExpr(i.expr, Prec.Or);
    return `${i.name !== undefined ? `${name(i.name)} = ` : ''}${expr}${i.toType ? ` to typeof(${i.toType})` : ''}`;
  }).join(', ');
  if (limit) out += ` limit ${printExpr(limit, Prec.Or)}`;
  return out;
}
