// KQL's token vocabulary: trivia, literals, punctuation, keywords (names follow Kusto.Language / Kql.g4).
import { createToken, Lexer, type TokenType } from './chevrotain.js';

// ───────────────────────────── categories ─────────────────────────────

/**
 * Every token an unsupported operator may skip over: all tokens except `|`, `;` and brackets
 * (brackets are skipped as balanced groups). See `skippedTokens` in parser.ts.
 */
export const Skippable = createToken({ name: 'Skippable', pattern: Lexer.NA, label: 'a token' });

/**
 * Plain identifiers and the contextual keywords KQL still accepts as names (`count`, `kind`, `on`,
 * `extend`, ... — Kusto.Language's `keywordName` set, checked against its parser). Reserved keywords
 * (`where`, `by`, `and`, `project`, `has`, ...) are not identifiers; write them as `['where']`.
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_$][A-Za-z0-9_]*/,
  categories: [Skippable],
  label: 'identifier',
});

/**
 * Reserved words Kusto still accepts where a name is declared (`extend where = 1`, `print print = 2`,
 * `datatable(to: long)`): Kql.g4's `extendedKeywordName`.
 */
export const ExtendedName = createToken({ name: 'ExtendedName', pattern: Lexer.NA, label: 'a name' });

/** The names of query-operator parameters: `kind=`, `withsource=`, `hint.strategy=`, ... */
export const QueryParameterName = createToken({ name: 'QueryParameterName', pattern: Lexer.NA, label: 'a parameter name' });

/** Operators recognised by name but parsed as a skipped token run (`make-series`, `parse`, `evaluate`, ...). */
export const UnsupportedOperatorName = createToken({ name: 'UnsupportedOperatorName', pattern: Lexer.NA, label: 'an operator' });

/** The string operators of `stringOperatorExpression` (`has`, `!contains_cs`, `=~`, ...). */
export const StringOperator = createToken({ name: 'StringOperator', pattern: Lexer.NA, label: 'a string operator' });

/** `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all` — followed by a parenthesised list. */
export const ListOperator = createToken({ name: 'ListOperator', pattern: Lexer.NA, label: "'in'" });

// ───────────────────────────── trivia ─────────────────────────────

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  // ASCII whitespace plus the Unicode spaces pasted queries carry (NBSP, U+202F, zero-width spaces, BOM).
  pattern: /[ \t\r\n\f\v\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u3000\ufeff]+/,
  group: Lexer.SKIPPED,
});

export const Comment = createToken({ name: 'Comment', pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });

// ───────────────────────────── literals ─────────────────────────────

/**
 * One string literal token: `'…'`, `"…"` (backslash escapes), `@'…'`/`@"…"` (verbatim, doubled quote),
 * `h`/`H` prefixed (obfuscated) forms of both, and multi-line ```` ```…``` ````. A missing closing quote
 * ends the token at the line break (the multi-line form at the end of text); the lexing step reports it.
 */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern:
    /[hH]?(?:@'(?:[^'\r\n]|'')*'?|@"(?:[^"\r\n]|"")*"?|'(?:[^'\\\r\n]|\\[^\r\n])*'?|"(?:[^"\\\r\n]|\\[^\r\n])*"?|```(?:[^`]|`(?!``))*(?:```)?)/,
  categories: [Skippable],
  line_breaks: true,
  label: 'string literal',
});

/**
 * `datetime(…)`, `timespan(…)`, `guid(…)`, `long(…)`, `real(…)`, ...: Kusto scans a type keyword
 * directly followed by `(` up to the next `)` on the same line as one literal token.
 */
export const TypedLiteral = createToken({
  name: 'TypedLiteral',
  pattern: /(?:datetime|date|timespan|time|guid|long|int|real|double|decimal|bool)\([^)\r\n]*\)?/,
  categories: [Skippable],
  label: 'typed literal',
});

const TIMESPAN_UNITS = [
  'd', 'day', 'days',
  'h', 'hr', 'hrs', 'hour', 'hours',
  'm', 'min', 'minute', 'minutes',
  's', 'sec', 'second', 'seconds',
  'ms', 'milli', 'millis', 'millisec', 'millisecond', 'milliseconds',
  'micro', 'micros', 'microsec', 'microsecond', 'microseconds',
  'nano', 'nanos', 'nanosec', 'nanosecond', 'nanoseconds',
  'tick', 'ticks',
].sort((a, b) => b.length - a.length);

/** `30d`, `1.5h`, `10ms`, `2microseconds`, `1tick`: a number immediately followed by a unit. */
export const TimespanLiteral = createToken({
  name: 'TimespanLiteral',
  pattern: new RegExp(`\\d+(?:\\.\\d+)?(?:${TIMESPAN_UNITS.join('|')})(?![A-Za-z0-9_])`),
  categories: [Skippable],
  label: 'timespan literal',
});

/** `1.5`, `1.`, `1e3`, `.5` (never the `1.` of `1..5`). */
export const RealLiteral = createToken({
  name: 'RealLiteral',
  pattern: /\d+\.(?!\.)\d*(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\.\d+(?:[eE][+-]?\d+)?/,
  categories: [Skippable],
  label: 'real literal',
});

export const LongLiteral = createToken({
  name: 'LongLiteral',
  pattern: /0[xX][0-9a-fA-F]+|\d+/,
  categories: [Skippable],
  label: 'number',
});

// ───────────────────────────── keywords ─────────────────────────────

/** keyword tokens in definition order (longer spellings first); filled by `keyword()` */
const keywordTokens: TokenType[] = [];
const keywordLengths = new Map<TokenType, number>();

/** word keywords that are not identifiers (`where`, `by`, `and`, ...): a name spelled so needs `['...']` */
export const reservedWords = new Set<TokenType>();

interface KeywordOptions {
  /** still usable as a column, table or function name */
  soft?: boolean;
  /** a query-operator parameter name (`kind=...`) */
  parameter?: boolean;
  /** an operator parsed as skipped tokens */
  unsupported?: boolean;
  /** a reserved word that may still name a declared column (`extendedKeywordName`) */
  extended?: boolean;
  categories?: TokenType[];
  pattern?: RegExp;
}

function keyword(name: string, text: string, options: KeywordOptions = {}): TokenType {
  const categories: TokenType[] = [Skippable, ...(options.categories ?? [])];
  if (options.soft) categories.push(Identifier);
  if (options.parameter) categories.push(QueryParameterName);
  if (options.unsupported) categories.push(UnsupportedOperatorName);
  if (options.extended) categories.push(ExtendedName);
  const isWord = /^[A-Za-z_]/.test(text);
  const token = createToken({
    name,
    pattern: options.pattern ?? (/^[A-Za-z0-9_-]+$/.test(text) ? new RegExp(text) : text),
    categories,
    label: `'${text}'`,
    ...(isWord ? { longer_alt: Identifier } : {}),
  });
  keywordTokens.push(token);
  if (isWord && !options.soft) reservedWords.add(token);
  keywordLengths.set(token, text.length);
  return token;
}

// `!`-prefixed and dashed spellings come before their prefixes (the lexer takes the first match).
export const NotBetween = keyword('NotBetween', '!between');
export const NotInCi = keyword('NotInCi', '!in~', { categories: [ListOperator] });
export const NotIn = keyword('NotIn', '!in', { categories: [ListOperator] });
export const InCi = keyword('InCi', 'in~', { categories: [ListOperator] });

// `has_any`/`has_all` before `has` (whose longer identifier alternative would otherwise win).
// legacy spellings Kusto still accepts: notcontains (!contains), containscs (contains_cs), notcontainscs (!contains_cs)
export const NotContainsLegacy = keyword('NotContainsLegacy', 'notcontains', { categories: [StringOperator] });
export const ContainsCsLegacy = keyword('ContainsCsLegacy', 'containscs', { categories: [StringOperator] });
export const NotContainsCsLegacy = keyword('NotContainsCsLegacy', 'notcontainscs', { categories: [StringOperator] });

export const HasAny = keyword('HasAny', 'has_any', { categories: [ListOperator] });
export const HasAll = keyword('HasAll', 'has_all', { categories: [ListOperator] });

/** the string operators, `!` forms included: KQL spelling → token */
export const stringOperatorTokens = new Map<string, TokenType>();
for (const base of ['hasprefix', 'hassuffix', 'contains', 'startswith', 'endswith', 'has']) {
  for (const negated of [true, false]) {
    for (const cs of [true, false]) {
      const text = `${negated ? '!' : ''}${base}${cs ? '_cs' : ''}`;
      const name = `${negated ? 'Not' : ''}${base[0]!.toUpperCase()}${base.slice(1)}${cs ? 'Cs' : ''}`;
      const extended = text === 'has' || text === 'contains';
      stringOperatorTokens.set(text, keyword(name, text, { categories: [StringOperator], extended }));
    }
  }
}
// query operators
export const ProjectAway = keyword('ProjectAway', 'project-away');
export const ProjectKeep = keyword('ProjectKeep', 'project-keep');
export const ProjectRename = keyword('ProjectRename', 'project-rename');
export const ProjectReorder = keyword('ProjectReorder', 'project-reorder');
export const ProjectByNames = keyword('ProjectByNames', 'project-by-names');
export const ProjectSmart = keyword('ProjectSmart', 'project-smart');
export const Project = keyword('Project', 'project');
export const MvExpand = keyword('MvExpand', 'mv-expand');
export const MvExpandLegacy = keyword('MvExpandLegacy', 'mvexpand', { soft: true });
export const MvApply = keyword('MvApply', 'mv-apply');
// `mvapply` (the old spelling) is still a name for the analyzer: `print mvapply = 1`, `T | project mvapply`
export const MvApplyLegacy = keyword('MvApplyLegacy', 'mvapply', { soft: true });
export const MakeSeries = keyword('MakeSeries', 'make-series');
export const MakeGraph = keyword('MakeGraph', 'make-graph');
export const GraphMatch = keyword('GraphMatch', 'graph-match');
export const GraphShortestPaths = keyword('GraphShortestPaths', 'graph-shortest-paths');
export const GraphToTable = keyword('GraphToTable', 'graph-to-table');
export const GraphMarkComponents = keyword('GraphMarkComponents', 'graph-mark-components');
export const GraphMerge = keyword('GraphMerge', 'graph-merge');
export const PartitionedBy = keyword('PartitionedBy', 'partitioned-by');
export const TopNested = keyword('TopNested', 'top-nested', { extended: true });
export const TopHitters = keyword('TopHitters', 'top-hitters', { unsupported: true, extended: true });
export const ParseWhere = keyword('ParseWhere', 'parse-where');
export const ParseKv = keyword('ParseKv', 'parse-kv');
export const SampleDistinct = keyword('SampleDistinct', 'sample-distinct', { extended: true });
export const ExecuteAndCache = keyword('ExecuteAndCache', 'execute-and-cache', { unsupported: true });
export const MacroExpand = keyword('MacroExpand', 'macro-expand');
export const GrannyAsc = keyword('GrannyAsc', 'granny-asc');
export const GrannyDesc = keyword('GrannyDesc', 'granny-desc');

export const Where = keyword('Where', 'where', { extended: true });
export const Filter = keyword('Filter', 'filter', { soft: true });
export const Extend = keyword('Extend', 'extend', { soft: true });
export const Take = keyword('Take', 'take', { soft: true });
export const Limit = keyword('Limit', 'limit', { soft: true });
export const Sort = keyword('Sort', 'sort', { soft: true });
export const Order = keyword('Order', 'order', { soft: true });
export const Top = keyword('Top', 'top', { soft: true });
export const Count = keyword('Count', 'count', { soft: true });
export const Distinct = keyword('Distinct', 'distinct', { soft: true });
export const Summarize = keyword('Summarize', 'summarize', { soft: true });
export const Join = keyword('Join', 'join', { soft: true });
export const Union = keyword('Union', 'union');
export const As = keyword('As', 'as', { extended: true });
export const GetSchema = keyword('GetSchema', 'getschema', { soft: true });
export const Serialize = keyword('Serialize', 'serialize', { soft: true });
export const Render = keyword('Render', 'render', { soft: true });
export const Print = keyword('Print', 'print', { extended: true });
export const Range = keyword('Range', 'range', { soft: true });
export const Datatable = keyword('Datatable', 'datatable', { extended: true });
export const ExternalData = keyword('ExternalData', 'externaldata|external_data', {
  pattern: /externaldata|external_data/,
  extended: true,
});
export const Search = keyword('Search', 'search', { extended: true });
export const Find = keyword('Find', 'find', { extended: true });
export const Evaluate = keyword('Evaluate', 'evaluate', { soft: true });
export const Invoke = keyword('Invoke', 'invoke', { extended: true });
export const Parse = keyword('Parse', 'parse', { soft: true });
export const Lookup = keyword('Lookup', 'lookup', { soft: true });
export const Sample = keyword('Sample', 'sample', { extended: true });
export const Fork = keyword('Fork', 'fork', { soft: true });
export const Facet = keyword('Facet', 'facet', { soft: true });
export const Scan = keyword('Scan', 'scan', { soft: true });
export const Partition = keyword('Partition', 'partition', { soft: true });
export const Reduce = keyword('Reduce', 'reduce', { soft: true });
export const Consume = keyword('Consume', 'consume', { soft: true, unsupported: true });

// statements
export const Let = keyword('Let', 'let', { soft: true });
export const SetKeyword = keyword('Set', 'set', { extended: true });
export const Declare = keyword('Declare', 'declare', { soft: true });
export const View = keyword('View', 'view', { soft: true });

// clauses and expression keywords
export const By = keyword('By', 'by', { extended: true });
export const On = keyword('On', 'on', { soft: true });
export const With = keyword('With', 'with', { soft: true });
export const Asc = keyword('Asc', 'asc');
export const Desc = keyword('Desc', 'desc');
export const Nulls = keyword('Nulls', 'nulls', { soft: true });
export const First = keyword('First', 'first');
export const Last = keyword('Last', 'last');
export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Between = keyword('Between', 'between');
export const In = keyword('In', 'in', { categories: [ListOperator], extended: true });
export const To = keyword('To', 'to', { extended: true });
export const From = keyword('From', 'from', { soft: true });
export const Step = keyword('Step', 'step', { soft: true });
export const Typeof = keyword('Typeof', 'typeof', { soft: true });
export const Dynamic = keyword('Dynamic', 'dynamic');
export const Matches = keyword('Matches', 'matches', { soft: true });
export const Regex = keyword('Regex', 'regex', { soft: true });
export const True = keyword('True', 'true', { pattern: /true|True|TRUE/ });
export const False = keyword('False', 'false', { pattern: /false|False|FALSE/ });

// query-operator parameters
export const HintName = keyword('HintName', 'hint.*', { parameter: true, pattern: /hint\.[A-Za-z_][A-Za-z0-9_]*/ });
export const Kind = keyword('Kind', 'kind', { soft: true, parameter: true });
export const WithSource = keyword('WithSource', 'withsource', {
  soft: true,
  parameter: true,
  pattern: /withsource|with_source/,
});
export const Flags = keyword('Flags', 'flags', { soft: true, parameter: true });
export const IsFuzzy = keyword('IsFuzzy', 'isfuzzy', { parameter: true });
export const BagExpansion = keyword('BagExpansion', 'bagexpansion', { parameter: true });
export const WithItemIndex = keyword('WithItemIndex', 'with_itemindex', { parameter: true });
export const WithMatchId = keyword('WithMatchId', 'with_match_id', { soft: true, parameter: true });

// ───────────────────────────── punctuation ─────────────────────────────

const punct = (name: string, text: string, label = `'${text}'`, extra: TokenType[] = []): TokenType =>
  createToken({ name, pattern: text, label, categories: [Skippable, ...extra] });
const bracket = (name: string, text: string): TokenType => createToken({ name, pattern: text, label: `'${text}'` });

export const Pipe = bracket('Pipe', '|');
export const Semicolon = bracket('Semicolon', ';');
export const LParen = bracket('LParen', '(');
export const RParen = bracket('RParen', ')');
export const LBracket = bracket('LBracket', '[');
export const RBracket = bracket('RBracket', ']');
export const LBrace = bracket('LBrace', '{');
export const RBrace = bracket('RBrace', '}');
export const DotDot = punct('DotDot', '..');
export const Dot = punct('Dot', '.');
export const Comma = punct('Comma', ',');
export const Colon = punct('Colon', ':');
export const EqualEqual = punct('EqualEqual', '==');
export const EqualTilde = punct('EqualTilde', '=~', "'=~'", [StringOperator]);
export const FatArrow = punct('FatArrow', '=>');
export const Equal = punct('Equal', '=');
export const BangEqual = punct('BangEqual', '!=');
export const BangTilde = punct('BangTilde', '!~', "'!~'", [StringOperator]);
export const LessThanGreaterThan = punct('LessThanGreaterThan', '<>');
export const LessThanOrEqual = punct('LessThanOrEqual', '<=');
export const LessThan = punct('LessThan', '<');
export const GreaterThanOrEqual = punct('GreaterThanOrEqual', '>=');
export const GreaterThan = punct('GreaterThan', '>');
export const Plus = punct('Plus', '+');
export const Minus = punct('Minus', '-');
export const Star = punct('Star', '*');
export const Slash = punct('Slash', '/');
export const Percent = punct('Percent', '%');
export const At = punct('At', '@');
export const Question = punct('Question', '?');

/** every token type, in lexing priority order (categories last; they match nothing themselves) */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  TypedLiteral,
  TimespanLiteral,
  RealLiteral,
  LongLiteral,
  // longest spelling first: a keyword that is a prefix of another (`as`/`asc`, `with`/`with_itemindex`,
  // `has`/`has_any`, `project`/`project-away`) must not shadow it
  ...[...keywordTokens].sort((a, b) => keywordLengths.get(b)! - keywordLengths.get(a)!),
  Identifier,
  Pipe,
  Semicolon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  DotDot,
  Dot,
  Comma,
  Colon,
  EqualEqual,
  EqualTilde,
  FatArrow,
  Equal,
  BangEqual,
  BangTilde,
  LessThanGreaterThan,
  LessThanOrEqual,
  LessThan,
  GreaterThanOrEqual,
  GreaterThan,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  At,
  Question,
  Skippable,
  QueryParameterName,
  UnsupportedOperatorName,
  StringOperator,
  ListOperator,
  ExtendedName,
];
