// The KQL abstract syntax tree: what build-ast produces from the CST, with a span on every node.
import type { Span } from '../errors/diagnostic.js';
import type { KqlType, Scalar } from '../types.js';

export type { Span };

// ───────────────────────────── statements ─────────────────────────────

export interface QueryText {
  kind: 'Query';
  statements: Statement[];
  span: Span;
}

export type Statement = LetStatement | ExpressionStatement | SetStatement;

/** `let name = value;` — value is a scalar or tabular expression, or a function declaration. */
export interface LetStatement {
  kind: 'Let';
  name: string;
  nameSpan: Span;
  value: Expr | FunctionDecl;
  span: Span;
}

/** `set option = value;` — accepted and ignored. */
export interface SetStatement {
  kind: 'Set';
  name: string;
  value?: Expr;
  span: Span;
}

export interface ExpressionStatement {
  kind: 'ExprStatement';
  expr: Expr;
  span: Span;
}

/** `(x:string, n:long = 3, T:(*)) { let ...; body }` */
export interface FunctionDecl {
  kind: 'FunctionDecl';
  params: FunctionParam[];
  body: FunctionBody;
  /** declared as `view (...) { ... }` (set only when true) */
  view?: boolean;
  span: Span;
}

export interface FunctionParam {
  name: string;
  /** a scalar type, or a tabular parameter (`T:(*)` → columns [] with star; `T:(a:string)` → columns) */
  type: KqlType | TabularParamType;
  default?: Expr;
  span: Span;
}

export interface TabularParamType {
  kind: 'Tabular';
  columns: { name: string; type: KqlType }[];
  star: boolean;
}

export interface FunctionBody {
  /** `let` statements inside the braces */
  lets: LetStatement[];
  /** the final expression (scalar or tabular) */
  result: Expr;
  span: Span;
}

// ───────────────────────────── expressions ─────────────────────────────
// Scalar and tabular expressions share one type, as in Kusto's grammar: `T | where x` is a Pipe.

export type Expr =
  | Literal
  | NameRef
  | MemberAccess
  | IndexAccess
  | Call
  | Star
  | Unary
  | Binary
  | InExpr
  | BetweenExpr
  | Paren
  | Pipe
  | DatatableExpr
  | PrintExpr
  | RangeExpr
  | UnionExpr
  | MacroExpandExpr
  | EntityGroupExpr
  | UnsupportedExpr
  | SearchExpr
  | FindExpr
  | ExternalDataExpr
  | NamedArg;

/** A typed literal; `value` is the boxed value (see types.ts: datetime is bigint ticks, timespan number ticks). */
export interface Literal {
  kind: 'Literal';
  type: KqlType;
  value: Scalar;
  /** the literal's source text, for messages */
  text: string;
  span: Span;
}

/** An identifier, a bracketed name (`['A B']`), or `$left` / `$right`. */
export interface NameRef {
  kind: 'NameRef';
  name: string;
  span: Span;
}

/** `target.name`; also `$left.x`. */
export interface MemberAccess {
  kind: 'Member';
  target: Expr;
  name: string;
  nameSpan: Span;
  span: Span;
}

/** `target[index]` — index is a string literal (`d['k']`) or any scalar expression (`a[0]`). */
export interface IndexAccess {
  kind: 'Index';
  target: Expr;
  index: Expr;
  span: Span;
}

/**
 * A function call `name(args)`. Also used for `toscalar(...)`, `materialize(...)`,
 * and for calls written with a dotted name are not produced (KQL has none).
 * `args` may contain NamedArg for `kind=...` style named arguments where KQL allows them.
 */
export interface Call {
  kind: 'Call';
  name: string;
  nameSpan: Span;
  args: Expr[];
  /** the receiver of a dotted call such as `cluster('c').database('d')` (absent for plain calls) */
  target?: Expr;
  span: Span;
}

/** A named argument `name = value` in a call's argument list (`f(n = 3)`); appears only in `Call.args`. */
export interface NamedArg {
  kind: 'NamedArg';
  name: string;
  nameSpan: Span;
  value: Expr;
  span: Span;
}

/** `*` as an argument: `arg_max(x, *)`, `count(*)`? (not KQL), `pack_all()`-like uses. */
export interface Star {
  kind: 'Star';
  span: Span;
}

export interface Unary {
  kind: 'Unary';
  op: '-' | '+';
  operand: Expr;
  span: Span;
}

/**
 * Binary operators, spelled as in KQL (lower case):
 *  arithmetic  + - * / %
 *  comparison  == != < <= > >= =~ !~ <>
 *  logical     and or
 *  string      has !has has_cs !has_cs hasprefix !hasprefix hasprefix_cs !hasprefix_cs hassuffix ...
 *              contains !contains contains_cs !contains_cs startswith !startswith startswith_cs !startswith_cs
 *              endswith !endswith endswith_cs !endswith_cs matches regex  like? (not KQL)
 */
export interface Binary {
  kind: 'Binary';
  op: string;
  left: Expr;
  right: Expr;
  /** span of the operator token itself (diagnostics point here when the operand types clash) */
  opSpan: Span;
  span: Span;
}

/**
 * `x in (a, b)`, `x !in (...)`, `x in~ (...)`, `x !in~ (...)`, `x has_any (...)`, `x has_all (...)`,
 * `x has_any (T)` — items are scalar expressions, or exactly one tabular expression (subquery).
 */
export interface InExpr {
  kind: 'In';
  op: 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all' | 'has_any_cs' | 'has_all_cs';
  left: Expr;
  items: Expr[];
  opSpan: Span;
  span: Span;
}

/** `x between (low .. high)`, `x !between (low .. high)` */
export interface BetweenExpr {
  kind: 'Between';
  negated: boolean;
  left: Expr;
  low: Expr;
  high: Expr;
  span: Span;
}

export interface Paren {
  kind: 'Paren';
  expr: Expr;
  span: Span;
}

/** `source | operator` */
export interface Pipe {
  kind: 'Pipe';
  source: Expr;
  operator: QueryOperator;
  span: Span;
}

/** `datatable(a:int, b:string) [1, "x", 2, "y"]` — values are flat, row-major. */
export interface DatatableExpr {
  kind: 'Datatable';
  columns: { name: string; type: KqlType; span: Span }[];
  values: Expr[];
  span: Span;
}

/** `print a = 1, 2` */
export interface PrintExpr {
  kind: 'Print';
  items: NamedExpr[];
  span: Span;
}

/** `range x from 1 to 10 step 2` */
export interface RangeExpr {
  kind: 'Range';
  name: string;
  from: Expr;
  to: Expr;
  step: Expr;
  span: Span;
}

/** `union [kind=inner|outer] [withsource=Name] [isfuzzy=true] T1, (T2 | ...), ...` as a source. */
export interface UnionExpr {
  kind: 'UnionSource';
  options: UnionOptions;
  tables: Expr[];
  span: Span;
}

/**
 * macro-expand-operator.md: `macro-expand [kind=inner|outer] [isfuzzy=bool] Group as X (lets; Subquery)`, or
 * `macro-expand X in Group (...)` (`inForm`). `group` is an EntityGroup literal, a name (a let-bound group), a
 * stored group `entity_group('Name')`, or an entity path (`cluster('c').database('d')`). `name` is the scope
 * identifier the subquery reaches each entity by (absent: `as` omitted on a literal, there is none).
 */
export interface MacroExpandExpr {
  kind: 'MacroExpand';
  options: MacroExpandOptions;
  group: Expr;
  name?: string;
  nameSpan?: Span;
  inForm?: boolean;
  body: FunctionBody;
  span: Span;
}

export interface MacroExpandOptions {
  kind?: 'inner' | 'outer';
  isfuzzy?: boolean;
}

/** `entity_group [Ref, ...]`: entity references of one kind (clusters, databases or tables) */
export interface EntityGroupExpr {
  kind: 'EntityGroup';
  entities: Expr[];
  span: Span;
}

/**
 * `search [kind=case_sensitive] [in (T1, ...)] predicate` starting a pipeline (also the `SearchOp` operator).
 * `predicate` null: `search *`. A string literal where a condition belongs is a term searched in every column.
 */
export interface SearchExpr {
  kind: 'Search';
  caseSensitive: boolean;
  tables?: Expr[];
  predicate: Expr | null;
  span: Span;
}

/** `find [withsource=C] [in (T1, ...)] [where] predicate [project-smart | project a, b:type, pack_all()]` */
export interface FindExpr {
  kind: 'Find';
  withsource?: string;
  tables?: Expr[];
  predicate: Expr;
  /** absent: project-smart; `packAll` marks `pack_all()` */
  project?: { name: string; type?: KqlType; packAll?: boolean; span: Span }[];
  span: Span;
}

/** `externaldata (a:string, ...) [ "uri", ... ] [with (format="csv", ...)]` — local files only (see binder). */
export interface ExternalDataExpr {
  kind: 'ExternalData';
  columns: { name: string; type: KqlType; span: Span }[];
  uris: { value: string; span: Span }[];
  properties: { name: string; value: string; span: Span }[];
  span: Span;
}

/** A construct the parser recognised but the engine does not implement yet (e.g. `make-series`). */
export interface UnsupportedExpr {
  kind: 'Unsupported';
  what: string;
  /** the skipped source text (keyword included), kept for messages and printing */
  text?: string;
  span: Span;
}

/** `name = expr`, `(a, b) = expr`, or an unnamed `expr`. */
export interface NamedExpr {
  names?: { name: string; span: Span }[];
  expr: Expr;
  span: Span;
}

// ───────────────────────────── query operators ─────────────────────────────

export type QueryOperator =
  | WhereOp
  | ExtendOp
  | ProjectOp
  | ProjectAwayOp
  | ProjectKeepOp
  | ProjectRenameOp
  | ProjectReorderOp
  | TakeOp
  | SortOp
  | TopOp
  | CountOp
  | DistinctOp
  | SummarizeOp
  | JoinOp
  | UnionOp
  | MvExpandOp
  | AsOp
  | GetSchemaOp
  | SerializeOp
  | RenderOp
  | EvaluateOp
  | ProjectByNamesOp
  | SearchOp
  | ParseOp
  | ParseKvOp
  | InvokeOp
  | MvApplyOp
  | MakeSeriesOp
  | LookupOp
  | TopNestedOp
  | SampleOp
  | SampleDistinctOp
  | ScanOp
  | ReduceOp
  | ForkOp
  | FacetOp
  | PartitionOp
  | MakeGraphOp
  | GraphMatchOp
  | GraphToTableOp
  | GraphMarkComponentsOp
  | GraphMergeOp
  | UnsupportedOp;

export interface WhereOp { kind: 'Where'; predicate: Expr; span: Span }
export interface ExtendOp { kind: 'Extend'; items: NamedExpr[]; span: Span }
export interface ProjectOp { kind: 'Project'; items: NamedExpr[]; span: Span }

/** a column name or a wildcard pattern like `Acc*` */
export interface ColumnPattern { pattern: string; span: Span }

export interface ProjectAwayOp { kind: 'ProjectAway'; columns: ColumnPattern[]; span: Span }
export interface ProjectKeepOp { kind: 'ProjectKeep'; columns: ColumnPattern[]; span: Span }
export interface ProjectRenameOp {
  kind: 'ProjectRename';
  items: { newName: string; oldName: string; span: Span }[];
  span: Span;
}
export interface ProjectReorderOp {
  kind: 'ProjectReorder';
  columns: { pattern: string; order?: 'asc' | 'desc' | 'granny-asc' | 'granny-desc'; span: Span }[];
  span: Span;
}
/** `take n` / `limit n` */
export interface TakeOp { kind: 'Take'; count: Expr; span: Span }

export interface SortItem {
  expr: Expr;
  /** undefined = the default (desc for sort/top) */
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
  span: Span;
}
/** `sort by ...` / `order by ...` */
export interface SortOp { kind: 'Sort'; items: SortItem[]; span: Span }
/** `top n by expr [asc|desc] [nulls first|last]` */
export interface TopOp { kind: 'Top'; count: Expr; items: SortItem[]; span: Span }
export interface CountOp { kind: 'Count'; span: Span }
/** `distinct a, b` or `distinct *` (items empty + star) */
export interface DistinctOp { kind: 'Distinct'; items: Expr[]; star: boolean; span: Span }
export interface SummarizeOp {
  kind: 'Summarize';
  /** `hint.strategy=...` and similar, kept for fidelity; they never change results */
  hints: { name: string; value: string }[];
  aggregates: NamedExpr[];
  by: NamedExpr[];
  span: Span;
}

/**
 * `join [kind=K] [hint.x=y] (right) on cond, cond...`
 * Each `on` condition is either a NameRef (`on Col`) or a Binary `==` between `$left.a` and `$right.b`
 * (MemberAccess on NameRef '$left'/'$right'), or `and` of such.
 */
export interface JoinOp {
  kind: 'Join';
  joinKind?: string;
  kindSpan?: Span;
  hints: { name: string; value: string }[];
  right: Expr;
  on: Expr[];
  span: Span;
}

export interface UnionOptions {
  kind?: 'inner' | 'outer';
  withsource?: string;
  isfuzzy?: boolean;
}
/** `T | union [options] U1, U2` */
export interface UnionOp { kind: 'Union'; options: UnionOptions; tables: Expr[]; span: Span }

export interface MvExpandItem {
  /** `name = expr`, or unnamed (the column name comes from expr) */
  name?: string;
  expr: Expr;
  /** `to typeof(long)` */
  toType?: KqlType;
  span: Span;
}
/** `mv-expand [bagexpansion=bag|array] [with_itemindex=I] a, b to typeof(long) [limit n]` (also `mvexpand`) */
export interface MvExpandOp {
  kind: 'MvExpand';
  items: MvExpandItem[];
  bagExpansion?: 'bag' | 'array';
  itemIndex?: string;
  limit?: Expr;
  span: Span;
}
/** `as [hint.materialized=true] Name` */
export interface AsOp { kind: 'As'; name: string; span: Span }
export interface GetSchemaOp { kind: 'GetSchema'; span: Span }
/** `serialize [name = expr, ...]` */
export interface SerializeOp { kind: 'Serialize'; items: NamedExpr[]; span: Span }
/** `render chartType [with (k=v, ...)]` — recorded as a visualization hint */
export interface RenderOp {
  kind: 'Render';
  chart: string;
  /** `more`: further values of a list-valued property (`ycolumns=a, b` → value a, more [b]) */
  properties: { name: string; value: Expr; more?: Expr[] }[];
  span: Span;
}
/** a plugin's declared output schema `(*, a:string, ...)`; `starAt` = how many columns precede `*` (absent: no `*`) */
export interface OutputSchema {
  columns: { name: string; type: KqlType; span: Span }[];
  starAt?: number;
  span: Span;
}
/** `evaluate [hint.x=y] plugin(args) [: OutputSchema]` */
export interface EvaluateOp {
  kind: 'Evaluate';
  hints: { name: string; value: string }[];
  plugin: string;
  nameSpan: Span;
  args: Expr[];
  schema?: OutputSchema;
  span: Span;
}
/** `T | search [kind=...] predicate` (the same fields as SearchExpr; `tables` is not allowed after a pipe) */
export interface SearchOp { kind: 'Search'; caseSensitive: boolean; predicate: Expr | null; span: Span }
/** one element of a parse pattern: `*`, a string constant (a regex in kind=regex), or `name[:type]` */
export type ParsePatternItem =
  | { kind: 'Star'; span: Span }
  | { kind: 'Text'; value: string; span: Span }
  | { kind: 'Column'; name: string; type?: string; span: Span };
/** `parse [kind=simple|regex|relaxed] [flags=f] expr with pattern` and `parse-where ...` */
export interface ParseOp {
  kind: 'Parse';
  where: boolean;
  /** `kind=` as written (default simple) */
  parseKind?: string;
  flags?: string;
  params: { name: string; value: string; span: Span }[];
  source: Expr;
  items: ParsePatternItem[];
  span: Span;
}
/** `mv-apply [with_itemindex=i] items [limit n] on (operators)` (mv-apply-operator.md) */
export interface MvApplyOp {
  kind: 'MvApply';
  itemIndex?: string;
  items: MvExpandItem[];
  limit?: Expr;
  body: QueryOperator[];
  span: Span;
}
/** `scan [with_match_id=m] [declare (c:type [= default], ...)] with (step s [output=...]: cond [=> c = e, ...]; ...)` (scan-operator.md) */
export interface ScanOp {
  kind: 'Scan';
  matchId?: string;
  declarations: { name: string; type: KqlType; default?: Expr; span: Span }[];
  steps: ScanStep[];
  span: Span;
}
export interface ScanStep {
  name: string;
  output: 'all' | 'last' | 'none';
  /** whether `output=` was written (printing keeps the query as written) */
  outputWritten: boolean;
  condition: Expr;
  assignments: { name: string; value: Expr; span: Span }[];
  span: Span;
}
/** `reduce [kind=source] by Expr [with threshold=t, characters="..."]` (reduce-operator.md) */
export interface ReduceOp {
  kind: 'Reduce';
  reduceKind?: string;
  expr: Expr;
  threshold?: number;
  characters?: string;
  span: Span;
}
/** `invoke f(args)` (invoke-operator.md) */
export interface InvokeOp { kind: 'Invoke'; call: Expr; span: Span }
/** `parse-kv expr as (name:type, ...) with (name=value, ...)` (parse-kv-operator.md) */
export interface ParseKvOp {
  kind: 'ParseKv';
  source: Expr;
  columns: { name: string; type: KqlType; span: Span }[];
  /** values as written: strings decoded, `true`/`false` as text; `quote` and `escape` may repeat */
  params: { name: string; value: string; quoted: boolean; span: Span }[];
  span: Span;
}
/** `project-by-names "a", "b*", dynamic([...]), column_names_of(T)` */
export interface ProjectByNamesOp { kind: 'ProjectByNames'; items: Expr[]; span: Span }
/** `lookup [kind=leftouter|inner] (Right) on conditions` */
export interface LookupOp { kind: 'Lookup'; joinKind?: string; kindSpan?: Span; right: Expr; on: Expr[]; span: Span }

/** one level of `top-nested [N] of Expr [with others = V] by Aggregation [asc|desc]` */
export interface TopNestedClause {
  count?: Expr;
  key: NamedExpr;
  others?: Expr;
  aggregate: NamedExpr;
  direction?: 'asc' | 'desc';
  span: Span;
}
export interface TopNestedOp { kind: 'TopNested'; clauses: TopNestedClause[]; span: Span }
/** `sample N` */
export interface SampleOp { kind: 'Sample'; count: Expr; span: Span }
/** `sample-distinct N of Expr` */
export interface SampleDistinctOp { kind: 'SampleDistinct'; count: Expr; column: Expr; span: Span }

/** `make-series [kind=nonempty] aggs on Axis from/to/step | in range(start, stop, step) [by ...]` */
export interface MakeSeriesOp {
  kind: 'MakeSeries';
  parameters: { name: string; value: string }[];
  items: { item: NamedExpr; default?: Expr; span: Span }[];
  axis: Expr;
  /** `in range(start, stop, step)`: stop inclusive, bins from bin() (make-series-operator.md) */
  range?: { start: Expr; stop: Expr; step: Expr };
  from?: Expr;
  to?: Expr;
  step?: Expr;
  by: NamedExpr[];
  span: Span;
}

/** `fork [name =] (operators) ...` (fork-operator.md): one result table per leg */
export interface ForkOp {
  kind: 'Fork';
  legs: { name?: string; body: QueryOperator[]; span: Span }[];
  span: Span;
}
/** `facet by Col, ... [with (operators)]` (facet-operator.md): one result table per column, plus the `with` table */
export interface FacetOp {
  kind: 'Facet';
  columns: { name: string; span: Span }[];
  body?: QueryOperator[];
  span: Span;
}
/**
 * `partition [hint.strategy=native|shuffle|legacy ...] by Col (operators)` — the operators run over each
 * partition — or `by Col { tabular expression }` (legacy: its own source; Col is the partition's value).
 */
export interface PartitionOp {
  kind: 'Partition';
  params: { name: string; value: string; span: Span }[];
  key: { name: string; span: Span };
  body?: QueryOperator[];
  source?: Expr;
  span: Span;
}

// ───────────────────────────── graph operators ─────────────────────────────

/** a name as written, with its span */
export interface SpannedName { name: string; span: Span }

/**
 * `make-graph Src --> Dst [with Nodes on Id [, Nodes2 on Id2] | with_node_id=Name]
 * [partitioned-by Column (graph operators)]` (make-graph-operator.md)
 */
export interface MakeGraphOp {
  kind: 'MakeGraph';
  source: SpannedName;
  target: SpannedName;
  nodes: { table: Expr; id: SpannedName; span: Span }[];
  withNodeId?: SpannedName;
  partition?: { column: SpannedName; body: QueryOperator[] };
  span: Span;
}

/** `(name)` or `()` */
export interface GraphPatternNode { name?: string; span: Span }

/** `-[name*min..max]->`: direction right (`->`), left (`<-`) or any (`-`); `range` only for a variable length edge */
export interface GraphPatternEdge {
  name?: string;
  direction: 'right' | 'left' | 'any';
  /** `*min..max`, or `*n` (max absent) */
  range?: { min: number; max?: number };
  span: Span;
}

/** one sequence `(a)-[e]->(b)...`: nodes.length === edges.length + 1 */
export interface GraphPattern { nodes: GraphPatternNode[]; edges: GraphPatternEdge[]; span: Span }

/** a graph operator's `name=value` parameter */
export interface GraphParameter { name: string; value: string; span: Span }

/**
 * `graph-match [cycles=...] Pattern, ... [where P] [project ...]` (graph-match-operator.md) and
 * `graph-shortest-paths [output=any|all] Pattern [where P] project ...` (graph-shortest-paths-operator.md)
 */
export interface GraphMatchOp {
  kind: 'GraphMatch';
  shortestPaths: boolean;
  params: GraphParameter[];
  patterns: GraphPattern[];
  where?: Expr;
  project?: NamedExpr[];
  span: Span;
}

/** `graph-to-table nodes [as N] [with_node_id=C], edges [as E] [with_source_id=S] [with_target_id=T]` */
export interface GraphToTableOp {
  kind: 'GraphToTable';
  items: { what: 'nodes' | 'edges'; alias?: string; params: GraphParameter[]; span: Span }[];
  span: Span;
}

/** `graph-mark-components [kind=weak|strong] [with_component_id=C]` (graph-mark-components-operator.md) */
export interface GraphMarkComponentsOp { kind: 'GraphMarkComponents'; params: GraphParameter[]; span: Span }

/** `graph-merge RightGraph [on Column | $left.A == $right.B, ...]` (graph-merge-operator.md) */
export interface GraphMergeOp { kind: 'GraphMerge'; right: Expr; on: Expr[]; span: Span }

/**
 * An operator the parser recognises by name but whose syntax is not parsed yet
 * (`make-series`, `parse`, `evaluate`, `mv-apply`, ...): its tokens are skipped up to the next
 * top-level `|`, `;` or closing parenthesis, and the binder reports `operator 'X' is not supported yet`.
 */
export interface UnsupportedOp {
  kind: 'UnsupportedOperator';
  name: string;
  /** the skipped source text (operator name included), kept for messages and printing */
  text?: string;
  span: Span;
}

/**
 * A copy of a scalar expression with f applied to each direct sub-expression (a dotted call's target,
 * arguments, named-argument values, operands, …); other expression kinds are returned as they are.
 */
export function mapExprChildren(e: Expr, f: (x: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'Member': return { ...e, target: f(e.target) };
    case 'Index': return { ...e, target: f(e.target), index: f(e.index) };
    case 'Call': return e.target ? { ...e, target: f(e.target), args: e.args.map(f) } : { ...e, args: e.args.map(f) };
    case 'NamedArg': return { ...e, value: f(e.value) };
    case 'Unary': return { ...e, operand: f(e.operand) };
    case 'Binary': return { ...e, left: f(e.left), right: f(e.right) };
    case 'In': return { ...e, left: f(e.left), items: e.items.map(f) };
    case 'Between': return { ...e, left: f(e.left), low: f(e.low), high: f(e.high) };
    case 'Paren': return { ...e, expr: f(e.expr) };
    default: return e;
  }
}

/** A name written in an equi-join condition, with where it was written. */
export interface KeyName {
  name: string;
  span: Span;
}

/**
 * The key pairs of an equi-join condition (join's and graph-merge's `on`): `A` names A on both sides,
 * `$left.A == $right.B` (in either order) a pair, `and` several; parentheses are ignored. Calls
 * `pair(left, right)` for each, in order, and `bad(c)` (which must throw) for a condition of another form.
 */
export function forEachKeyPair(c: Expr, pair: (left: KeyName, right: KeyName) => void, bad: (c: Expr) => never): void {
  while (c.kind === 'Paren') c = c.expr;
  if (c.kind === 'NameRef') return pair({ name: c.name, span: c.span }, { name: c.name, span: c.span });
  if (c.kind === 'Binary' && c.op === 'and') {
    forEachKeyPair(c.left, pair, bad);
    forEachKeyPair(c.right, pair, bad);
    return;
  }
  if (c.kind === 'Binary' && c.op === '==') {
    const side = (x: Expr): { side: string; key: KeyName } | null => {
      while (x.kind === 'Paren') x = x.expr;
      return x.kind === 'Member' && x.target.kind === 'NameRef' && (x.target.name === '$left' || x.target.name === '$right')
        ? { side: x.target.name, key: { name: x.name, span: x.span } } : null;
    };
    const a = side(c.left);
    const b = side(c.right);
    if (a && b && a.side !== b.side) return a.side === '$left' ? pair(a.key, b.key) : pair(b.key, a.key);
  }
  bad(c);
}
