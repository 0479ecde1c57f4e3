// Binder: resolves names, checks types and computes each operator's output schema, producing the plan.
import type { RawDiagnostic, Span } from '../errors/diagnostic.js';
import * as D from '../errors/diagnostics.js';
import type * as A from '../syntax/ast.js';
import { forEachKeyPair, mapExprChildren } from '../syntax/ast.js';
import type { Column, KqlType, Scalar } from '../types.js';
import { isNumeric, parseTypeName } from '../types.js';
import { convertTo } from '../values/convert.js';
import { parseDateTime } from '../values/datetime.js';
import { allocVector, concatSelected, gather, getScalar, isConst, setScalar, type Vector } from '../exec/vector.js';
import { keyReader } from '../exec/operators/keys.js';
import {
  approximateLongArgs, expandParams, isRowFn, type AggregateDef, type ParamDef, type ArgInfo, type RowFn, type Implementation, type KernelContext, type ScalarFunctionDef, type Signature,
} from '../functions/define.js';
import { packImplementation } from '../functions/scalar/array.js';
import { ESTIMATED_BYTES, estimateDataSizeImplementation } from '../functions/scalar/context.js';
import { parseJsonMember } from '../functions/scalar/conversion.js';
import { implementedNames, isKustoFunction, lookupAggregate, lookupScalar, resultNameRule } from '../functions/index.js';
import {
  accessMember, arithmeticType, comparisonDefined, implementArithmetic, implementComparison, implementHasAny,
  implementIn, implementLogical, implementNegate, implementStringOperator, isArithmetic, isComparison,
  isStringOperator, memberKernel, safeRegex, stringOperatorDefined, unaryMinusType,
} from '../functions/scalar/operators.js';
import { castImplementation } from './casts.js';
import { collect, ExecContext, RowLimitExceeded } from '../exec/pipeline.js';
import { evaluate, valueAt } from '../exec/evaluate.js';
import { extractKv, type KvOptions } from '../values/kv.js';
import { compileRegexOrError, quoteRegex, regexSyntaxError, RegexSyntaxError, type KqlRegex } from '../values/regex.js';
import { toDynamicValue } from '../functions/scalar/dynamic.js';
import { TUPLE_FUNCTIONS, tupleField } from '../functions/scalar/series.js';
import type { BoundAggregate, JoinKind, PlanNode, SortKey, WindowCall } from '../plan/nodes.js';
import { constant, type BoundCall, type BoundExpr } from './bound.js';
import { closest, expressionName, uniqueName, wildcardMatcher } from './naming.js';
import { unionSchema } from './union-schema.js';
import { bindGraphPipe, bindPartitionedGraph, GRAPH_FUNCTIONS, graphFunctionOutsideGraph, graphNotTable, isGraphCall, isGraphConsumer, isGraphExpr, misplacedGraphOperator, type GraphHost, type GraphModelStep } from './graph.js';
import { EXTERNAL_PLUGINS, lookupPlugin } from '../plugins/index.js';
import type { PluginArgs, PluginTable } from '../plugins/define.js';
import { EXTERNAL_FORMATS, externalTable, isUrl, urlRefused, type ExternalReader } from '../plugins/external-data.js';
import { KqlDataError } from '../errors/diagnostic.js';
import { toJsValue } from '../values/json-out.js';
import { KUSTO_CATALOG } from '../functions/kusto-catalog.generated.js';
import { clusterEndpoint, lookupWorldFunction, registrationHint, unregisteredDefinition } from '../functions/world.js';
import { enrichedSchema, FILE_ID_COLUMNS, huntingRegistrationHint, lookupHuntingFunction, runAssignedIPAddresses, runDeviceFromIP, runFileProfile, runSeenBy, type HuntingFunction, type HuntingImpl } from '../functions/hunting.js';
import type { EntityKind, ExtentInfo } from '../database.js';
import { decFromText, type DecBox } from '../values/decimal.js';

export interface BindOptions {
  /** schema of a loaded table, or undefined */
  table: (name: string) => Column[] | undefined;
  tableNames: () => string[];
  now: bigint;
  /** functions the application registered (db.registerFunction); they take precedence over built-ins */
  functions?: (name: string) => ScalarFunctionDef | undefined;
  /** Defender's hunting functions the application implemented (functions/hunting.ts) */
  huntingFunction?: (name: string) => HuntingImpl | undefined;
  /**
   * Runs a plan to completion while binding — for plugins whose output schema depends on the data
   * (bag_unpack, pivot without an OutputSchema). Without it such a plugin needs an OutputSchema.
   */
  materialize?: (plan: PlanNode) => PluginTable;
  /** reads an externaldata URI (the Database's guarded local-file reader); absent: externaldata is refused */
  externalData?: ExternalReader;
  /** the application answers externaldata URLs (DatabaseOptions.readExternalUrl); otherwise a URL is refused when binding */
  externalUrls?: boolean;
  /**
   * A call to a world-dependent function nobody registered (functions/world.ts) is a warning and binds
   * with Kusto's signature (db.analyze: the schema without running); otherwise it is error KQL0208.
   */
  unregisteredAsWarning?: boolean;
  /** the database's name (new Database({ databaseName })): database('x') must name it */
  databaseName?: string;
  /** the cluster's name (new Database({ clusterName })): cluster('x') must name it */
  clusterName?: string;
  /** an external table / materialized view / stored query result: its Scan key and schema */
  entity?: (kind: EntityKind, name: string) => { key: string; schema: Column[] } | undefined;
  entityNames?: (kind: EntityKind) => string[];
  /** the extent (ingestion) a loaded table's rows belong to, by Scan key */
  extent?: (key: string) => ExtentInfo | undefined;
  /** the database cursor (the number of ingestions so far) */
  cursorCurrent?: () => bigint;
  /**
   * A graph model (db.addGraphModel) for graph('Model' [, 'Snapshot']): the steps of its definition with
   * their queries bound (of the snapshot named, else the latest one, else the model at query time);
   * `unknownSnapshot` lists the model's snapshots when the one named is not among them; `error` says
   * why a step's query does not bind (with `options`, the options of the query being bound). Undefined: no such model.
   */
  graphModel?: (name: string, snapshot: string | undefined, options: BindOptions) =>
    | { steps: GraphModelStep[] }
    | { unknownSnapshot: string[] }
    | { error: string }
    | undefined;
  graphModelNames?: () => string[];
  /** a stored entity group (db.addEntityGroup), for macro-expand: its entity references, parsed from their own text */
  entityGroup?: (name: string) => A.EntityGroupExpr | undefined;
  entityGroupNames?: () => string[];
}

/** Where the rows an expression sees come from (extent_id(), ingestion_time(), cursor_after(), ...). */
type RowSource = { kind: 'table'; key: string } | { kind: 'calculated' } | { kind: 'unknown'; what: string };

/**
 * Functions whose answer depends on the world outside the query (geo databases, ingestion metadata):
 * the application registers an implementation; calling an unregistered one is an error naming it.
 */
export const PLUGGABLE_FUNCTIONS = new Set<string>();

/** Functions answered from the extent (ingestion) of the row's table (binder: provenanceCall). */
const PROVENANCE_FUNCTIONS = new Set(['extent_id', 'extent_tags', 'ingestion_time', 'cursor_after', 'cursor_before_or_at']);
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** One result table of a query: `PrimaryResult`, or a fork leg / facet table with its name. */
export interface ResultTable {
  name: string;
  plan: PlanNode;
}

export interface BindResult {
  plan: PlanNode | null;
  /**
   * Every result table of the last statement, the first being `plan` (fork and facet give several,
   * fork-operator.md / facet-operator.md); absent when the query failed.
   */
  tables?: ResultTable[];
  diagnostics: RawDiagnostic[];
  /** the query's final `render`, as a visualization hint (render-operator.md) */
  visualization?: Visualization;
}

/** `render chart with (name = value, ...)`: column names as strings, constants as JS values, lists as arrays. */
export interface Visualization {
  chart: string;
  properties: Record<string, unknown>;
}

type Binding =
  | { kind: 'scalar'; expr: BoundExpr }
  | { kind: 'tabular'; plan: PlanNode }
  | { kind: 'function'; decl: A.FunctionDecl; scope: Scope }
  /** `let G = E | make-graph ...` (graph.ts): bound again where a graph operator reads it */
  | { kind: 'graph'; expr: A.Expr; scope: Scope }
  /** `let G = entity_group [...]` (macro-expand-operator.md): its entities are resolved where macro-expand uses it */
  | { kind: 'entityGroup'; group: A.EntityGroupExpr; scope: Scope }
  /** a macro-expand scope name inside its subquery: the entity of this expansion */
  | { kind: 'entity'; entity: Entity };

/**
 * An entity of a macro-expand entity group (schema-entities/index.md). This engine holds one cluster with one
 * database, so a cluster or database entity is always that one; a table entity names one of its tables.
 */
interface Entity {
  kind: EntityGroupKind;
  table?: string;
}
type EntityGroupKind = 'cluster' | 'database' | 'table';

/** What an entity reference names, by its form: `cluster('c')`, `database('d')`, a table (`T`, `table('T')`, `database('d').T`). */
function entityKind(x: A.Expr): EntityGroupKind | undefined {
  if (x.kind === 'NameRef') return 'table';
  if (x.kind === 'Member' && x.target.kind === 'Call' && x.target.name === 'database') return 'table';
  if (x.kind === 'Call' && x.name === 'table') return 'table';
  if (x.kind === 'Call' && x.name === 'database') return 'database';
  if (x.kind === 'Call' && x.name === 'cluster' && !x.target) return 'cluster';
  return undefined;
}

/** A macro-expand entity or entity group where a value or a table belongs. */
function notAnEntityValue(b: Binding, name: string, span: Span): RawDiagnostic {
  if (b.kind === 'entityGroup') {
    return D.invalidEntity(`'${name}' is an entity group, not a value or a table`, span, `expand a subquery over it: macro-expand ${name} as X (...)`);
  }
  return D.invalidEntity(`'${name}' is a macro-expand entity, not a value`, span,
    `read ${name}.$current_database or ${name}.$current_cluster_endpoint`);
}

/** The scope-name properties a macro-expand subquery can read (macro-expand-operator.md, "Subquery contextual functions"). */
const ENTITY_PROPERTIES: Record<string, string> = { $current_database: 'current_database', $current_cluster_endpoint: 'current_cluster_endpoint' };

/**
 * The type a dynamic operand converts to when the other operand of `op` has type `other` (checked
 * against Microsoft's analyzer for + - * / % with every scalar type): integers make it long, real real,
 * decimal decimal; with a timespan (+, -) it is a timespan; with a datetime it is a timespan for +
 * (datetime + timespan) and a datetime for - (datetime - datetime). Otherwise none (an error, as there).
 */
function dynamicOperandType(op: string, other: KqlType): KqlType | undefined {
  switch (other) {
    case 'int':
    case 'long':
      return 'long';
    case 'real':
    case 'decimal':
      return other;
    case 'timespan':
      return op === '+' || op === '-' ? 'timespan' : undefined;
    case 'datetime':
      return op === '+' ? 'timespan' : op === '-' ? 'datetime' : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether a name names an expression's result column like a column does: a column, or a let-bound scalar
 * (Microsoft's analyzer: `let d = "x"; T | project d` is column d, `summarize max(d)` is max_d; only
 * `print d` stays print_0, and print passes its own rule).
 */
const namesLikeColumn = (cols: readonly Column[], scope: Scope) => (n: string): boolean =>
  cols.some((c) => c.name === n) || scope.get(n)?.kind === 'scalar';

class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent: Scope | null) {}
  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }
  set(name: string, b: Binding) {
    this.names.set(name, b);
  }
  allNames(): string[] {
    return [...this.names.keys(), ...(this.parent?.allNames() ?? [])];
  }
}

/** Raised inside the binder to abandon an expression after its diagnostic was recorded. */
class BindFailure extends Error {}

const MAX_INLINE_DEPTH = 64;

/** Window functions (window-functions.md): valid only over a serialized row set, in extend/project/serialize. */
const WINDOW_FUNCTIONS = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min', 'row_window_session']);

export function bind(query: A.QueryText, options: BindOptions): BindResult {
  const b = new Binder(options);
  try {
    const plan = b.bindQuery(query);
    return { plan, diagnostics: b.diagnostics, ...(plan ? { tables: b.tables ?? [{ name: 'PrimaryResult', plan }] } : {}), ...(b.visualization ? { visualization: b.visualization } : {}) };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { plan: null, diagnostics: [...b.diagnostics, D.resourceLimit('the query is nested too deeply to analyze', query.span)] };
  }
}

class Binder {
  readonly diagnostics: RawDiagnostic[] = [];
  visualization?: Visualization;
  /** the result tables of the last statement when it ends with fork or facet */
  tables?: ResultTable[];
  private sharedIds = 0;
  private inlineDepth = 0;
  /** in extend/project: how many leading visible columns are the input's (pack_all packs only those) */
  private inputWidth: number | undefined;
  private readonly kctx: KernelContext;
  /** unnamed computed columns so far in this query (nextColumnName) */
  private unnamedColumns = 0;
  /** plan nodes `serialize` or `getschema` marked as serialized (serialize-operator.md) */
  private readonly serializedMarks = new WeakSet<PlanNode>();
  /** `set name = value;` statements seen so far (their value expressions) */
  private readonly requestProperties = new Map<string, A.Expr>();
  /** plan nodes that are not serialized although their inputs are (sample) */
  private readonly unserializedMarks = new WeakSet<PlanNode>();
  /** the input of the operator whose expressions are being bound (null: print, datatable, ...) */
  private rowInput: PlanNode | null = null;

  constructor(private readonly options: BindOptions) {
    this.kctx = { now: options.now };
  }

  private fail(d: RawDiagnostic): never {
    this.diagnostics.push(d);
    throw new BindFailure(d.message);
  }

  bindQuery(q: A.QueryText): PlanNode | null {
    const scope = new Scope(null);
    let result: PlanNode | null = null;
    let last: A.ExpressionStatement | undefined;
    for (const st of q.statements) {
      try {
        if (st.kind === 'Let') this.bindLet(st, scope);
        else if (st.kind === 'Set') {
          // request properties the query reads (bin-auto-function.md: query_bin_auto_size, query_bin_auto_at)
          if (st.value) this.requestProperties.set(st.name.toLowerCase(), st.value);
        } else if (st.kind === 'ExprStatement') {
          last = st;
          result = null;
          delete this.tables;
          const multi = this.multiTable(st.expr, scope);
          if (multi) {
            this.tables = multi;
            result = multi[0]!.plan;
          } else result = this.tabular(st.expr, scope);
          this.visualization = this.renderHint(st.expr, scope);
        }
      } catch (e) {
        if (!(e instanceof BindFailure)) throw e;
      }
    }
    if (!last && !this.diagnostics.some((d) => d.severity === 'error')) {
      this.diagnostics.push(D.missingTabularExpression({ start: q.span.end, end: q.span.end }));
    }
    return this.diagnostics.some((d) => d.severity === 'error') ? null : result;
  }

  private bindLet(st: A.LetStatement, scope: Scope) {
    if (st.value.kind === 'EntityGroup') {
      scope.set(st.name, { kind: 'entityGroup', group: st.value, scope });
      return;
    }
    if (st.value.kind === 'FunctionDecl') {
      scope.set(st.name, { kind: 'function', decl: st.value, scope });
      return;
    }
    if (isGraphExpr(this.graphHost(), st.value, scope)) {
      scope.set(st.name, { kind: 'graph', expr: st.value, scope });
      return;
    }
    if (this.isTabular(st.value, scope)) {
      const plan = this.tabular(st.value, scope);
      scope.set(st.name, { kind: 'tabular', plan: this.shared(plan) });
    } else {
      scope.set(st.name, { kind: 'scalar', expr: this.scalar(st.value, [], scope) });
    }
  }

  private shared(plan: PlanNode): PlanNode {
    if (plan.kind === 'Shared' || plan.kind === 'Scan' || plan.kind === 'Values') return plan;
    return { kind: 'Shared', id: this.sharedIds++, input: plan, schema: plan.schema };
  }

  // ───────────────────────────── classification ─────────────────────────────

  /** Whether an expression denotes a table (as opposed to a scalar). */
  private isTabular(e: A.Expr, scope: Scope): boolean {
    switch (e.kind) {
      case 'Pipe':
      case 'Datatable':
      case 'Print':
      case 'Range':
      case 'UnionSource':
      case 'Search':
      case 'Find':
      case 'ExternalData':
        return true;
      case 'Unsupported':
      case 'MacroExpand':
        return true;
      case 'Paren':
        return this.isTabular(e.expr, scope);
      case 'NameRef': {
        const b = scope.get(e.name);
        if (b) return b.kind === 'tabular' || (b.kind === 'entity' && b.entity.kind === 'table');
        return this.options.table(e.name) !== undefined;
      }
      case 'Member': {
        // X.T of a macro-expand database entity X
        const b = e.target.kind === 'NameRef' ? scope.get(e.target.name) : undefined;
        return b?.kind === 'entity' && b.entity.kind === 'database';
      }
      case 'Call': {
        if (e.name === 'materialize' || e.name === 'view') return true;
        const b = scope.get(e.name);
        if (b?.kind === 'function') {
          const body = b.decl.body.result;
          const inner = new Scope(b.scope);
          for (const prm of b.decl.params) {
            if (typeof prm.type === 'string') inner.set(prm.name, { kind: 'scalar', expr: constant(prm.type, null) });
            else inner.set(prm.name, { kind: 'tabular', plan: { kind: 'Values', columns: [], rowCount: 0, schema: [] } });
          }
          for (const l of b.decl.body.lets) {
            if (l.value.kind === 'FunctionDecl') inner.set(l.name, { kind: 'function', decl: l.value, scope: inner });
            else if (this.isTabular(l.value, inner)) inner.set(l.name, { kind: 'tabular', plan: { kind: 'Values', columns: [], rowCount: 0, schema: [] } });
            else inner.set(l.name, { kind: 'scalar', expr: constant('dynamic', null) });
          }
          return this.isTabular(body, inner);
        }
        return false;
      }
      default:
        return false;
    }
  }

  // ───────────────────────────── tabular expressions ─────────────────────────────

  tabular(e: A.Expr, scope: Scope): PlanNode {
    // a nested tabular expression (toscalar, a join's right side) has its own row: not the enclosing extend's
    const outerWidth = this.inputWidth;
    const outerInput = this.rowInput;
    this.inputWidth = undefined;
    this.rowInput = null;
    try {
      return this.tabularInner(e, scope);
    } finally {
      this.inputWidth = outerWidth;
      this.rowInput = outerInput;
    }
  }

  private tabularInner(e: A.Expr, scope: Scope): PlanNode {
    switch (e.kind) {
      case 'Paren':
        return this.tabular(e.expr, scope);
      case 'NameRef':
        return this.tableRef(e.name, e.span, scope);
      case 'Pipe': {
        if (isGraphConsumer(e.operator)) return bindGraphPipe(this.graphHost(), e, scope);
        if ((e.operator.kind === 'GraphMerge' || e.operator.kind === 'GraphMarkComponents') && isGraphExpr(this.graphHost(), e.source, scope)) {
          return this.fail(misplacedGraphOperator(e.operator));
        }
        const input = this.tabular(e.source, scope);
        return this.operator(input, e.operator, scope);
      }
      case 'Datatable':
        return this.datatable(e, scope);
      case 'Print':
        return this.print(e, scope);
      case 'Range':
        return this.range(e, scope);
      case 'UnionSource':
        return this.union(null, e.options, e.tables, scope);
      case 'MacroExpand':
        return this.macroExpand(e, scope);
      case 'Search':
        return this.search(null, e, scope);
      case 'Find':
        return this.find(e, scope);
      case 'ExternalData':
        return this.externalData(e);
      case 'Call':
        return this.tabularCall(e, scope);
      case 'Member':
        if (e.target.kind === 'NameRef' && scope.get(e.target.name)?.kind === 'entity') return this.entityTable(e, scope);
        // database('Name').Table (database-function.md)
        if (e.target.kind === 'Call' && e.target.name === 'database' && !scope.get('database')) {
          this.databaseRef(e.target, scope);
          return this.databaseTable(e.name, e.span);
        }
        return this.fail(D.syntaxError('a tabular expression is expected here', e.span));
      case 'Unsupported':
        return this.fail(D.unsupportedOperator(e.what, e.span));
      default:
        return this.fail(D.syntaxError('a tabular expression is expected here', e.span));
    }
  }

  /** the binder as the graph operators (graph.ts) use it */
  private graphHost(): GraphHost<Scope> {
    return {
      tabular: (e, scope) => this.tabular(e, scope),
      scalar: (e, cols, scope) => this.scalar(e, cols, scope),
      operator: (input, op, scope) => this.operator(input, op, scope),
      fail: (d) => this.fail(d),
      setTabular: (name, plan, scope) => scope.set(name, { kind: 'tabular', plan: this.shared(plan) }),
      graphLet: (name, scope) => {
        const b = scope.get(name);
        return b?.kind === 'graph' ? { expr: b.expr, scope: b.scope } : undefined;
      },
      graphModel: (call, scope) => this.graphModel(call, scope),
    };
  }

  /** graph-function.md: `graph('Model')`, `graph('Model', 'Snapshot')`, `graph('Model', snapshot='Snapshot')` */
  private graphModel(call: A.Call, scope: Scope): { name: string; steps: GraphModelStep[] } {
    const positional = call.args.filter((a) => a.kind !== 'NamedArg');
    const named = call.args.filter((a): a is A.NamedArg => a.kind === 'NamedArg');
    for (const a of named) if (a.name !== 'snapshot') this.fail(D.unknownName(a.name, a.nameSpan, closest(a.name, ['snapshot'])));
    if (positional.length < 1 || call.args.length > 2) this.fail(D.argumentCount('graph', '1 or 2', call.args.length, call.span));
    const name = this.constantString(positional[0]!, 'the graph model name', scope);
    const snapArg = positional[1] ?? named[0]?.value;
    const snapshot = snapArg ? this.constantString(snapArg, 'the graph snapshot name', scope) : undefined;
    const found = this.options.graphModel?.(name, snapshot, this.options);
    if (!found) {
      return this.fail(D.unknownEntity('graph model', name, positional[0]!.span, closest(name, this.options.graphModelNames?.() ?? []),
        `register it with db.addGraphModel('${name}', model)`));
    }
    if ('unknownSnapshot' in found) {
      const near = closest(snapshot!, found.unknownSnapshot);
      return this.fail(D.unknownEntity('graph snapshot', snapshot!, snapArg!.span, near,
        found.unknownSnapshot.length ? `graph model '${name}' has the snapshots ${found.unknownSnapshot.map((n) => `'${n}'`).join(', ')}`
          : `graph model '${name}' has no snapshots: make one with db.makeGraphSnapshot('${snapshot}', '${name}')`));
    }
    if ('error' in found) return this.fail(D.invalidGraphModel(name, found.error, call.span));
    return { name, steps: found.steps };
  }

  private tableRef(name: string, span: Span, scope: Scope): PlanNode {
    const b = scope.get(name);
    if (b?.kind === 'tabular') return b.plan;
    if (b?.kind === 'scalar') this.fail(D.notTabular(name, span));
    if (b?.kind === 'graph') this.fail(graphNotTable(name, span));
    if (b?.kind === 'entity') {
      if (b.entity.kind === 'table') return this.databaseTable(b.entity.table!, span);
      this.fail(D.invalidEntity(`'${name}' is a ${b.entity.kind}, not a table`, span,
        b.entity.kind === 'database' ? `name a table of it: ${name}.TableName` : `name a table of it: ${name}.database('Name').TableName`));
    }
    if (b?.kind === 'entityGroup') this.fail(notAnEntityValue(b, name, span));
    if (b?.kind === 'function') {
      if (b.decl.params.every((p) => p.default !== undefined)) {
        return this.tabularCall({ kind: 'Call', name, nameSpan: span, args: [], span }, scope);
      }
      this.fail(D.syntaxError(`function '${name}' must be called with arguments`, span));
    }
    const schema = this.options.table(name);
    if (schema) return { kind: 'Scan', table: name, schema: schema.map((c) => ({ ...c })) };
    const candidates = [...this.options.tableNames(), ...scope.allNames()];
    return this.fail(D.unknownTable(name, span, closest(name, candidates)));
  }

  private tabularCall(e: A.Call, scope: Scope): PlanNode {
    if (e.name === 'materialize') {
      if (e.args.length !== 1) this.fail(D.argumentCount('materialize', '1', e.args.length, e.span));
      return this.shared(this.tabular(e.args[0]!, scope));
    }
    const b = scope.get(e.name);
    if (e.name === 'table' && !b) return this.tableFunction(e, scope);
    if (isGraphCall(e) && !b) {
      this.graphModel(e, scope);
      return this.fail(D.typeMismatch(`graph(...) is a graph, not a table: follow it with graph-match, graph-shortest-paths or graph-to-table`, e.span));
    }
    if ((e.name === 'external_table' || e.name === 'materialized_view' || e.name === 'stored_query_result') && !b) return this.entityFunction(e, scope);
    if (b?.kind === 'function') {
      const r = this.inline(b, e, scope, null);
      if (r.kind === 'tabular') return r.plan;
      return this.fail(D.notTabular(e.name, e.span));
    }
    if (b?.kind === 'tabular' && e.args.length === 0) return b.plan;
    const hunting = b ? undefined : lookupHuntingFunction(e.name);
    if (hunting) return this.huntingCall(hunting, null, e, scope);
    return this.fail(D.unknownTable(e.name, e.nameSpan, closest(e.name, [...this.options.tableNames(), ...scope.allNames()])));
  }

  /**
   * table-function.md: table(Name [, DataScope]) — a table of the database by a constant name; a
   * DataScope ('hotcache', 'all', 'default') changes nothing here, where all data is in memory.
   * `database('x').table('T')` checks the database first.
   */
  private tableFunction(e: A.Call, scope: Scope, databaseOnly = false): PlanNode {
    const entity = e.target?.kind === 'NameRef' ? scope.get(e.target.name) : undefined;
    if (entity?.kind === 'entity') {
      // X.table('T') of a macro-expand database entity X
      if (entity.entity.kind !== 'database') this.fail(D.invalidEntity(`'${(e.target as A.NameRef).name}' is a ${entity.entity.kind}, not a database`, e.target!.span));
    } else if (e.target) {
      if (e.target.kind !== 'Call' || e.target.name !== 'database') return this.fail(D.syntaxError('a tabular expression is expected here', e.target.span));
      this.databaseRef(e.target, scope);
    }
    if (e.args.length < 1 || e.args.length > 2) this.fail(D.argumentCount('table', '1 or 2', e.args.length, e.span));
    const name = this.constantString(e.args[0]!, 'the table name', scope);
    if (e.args[1]) {
      const dataScope = this.constantString(e.args[1], 'the data scope', scope);
      if (!['hotcache', 'all', 'default'].includes(dataScope)) {
        this.fail(D.argumentTypeMismatch('table', 1, "one of 'hotcache', 'all', 'default'", `'${dataScope}'`, e.args[1].span));
      }
    }
    // the analyzer resolves a let-bound name too (let Q = ...; table('Q'))
    return e.target || databaseOnly || entity ? this.databaseTable(name, e.args[0]!.span) : this.tableRef(name, e.args[0]!.span, scope);
  }

  /**
   * external_table('E' [, mapping]) (external-table-function.md), materialized_view('V' [, max_age])
   * (materialized-view-function.md) and stored_query_result('S') (stored-query-result-function.md):
   * the rows the application loaded with db.addEntity(kind, name, rows). A materialized view here is
   * always fully materialized, so max_age changes nothing; external-table mappings are not supported.
   */
  private entityFunction(e: A.Call, scope: Scope): PlanNode {
    const kind = e.name as EntityKind;
    const max = kind === 'stored_query_result' ? 1 : 2;
    if (e.target) this.fail(D.unsupportedFeature(`${kind}() of another database`, e.target.span));
    if (e.args.length < 1 || e.args.length > max) this.fail(D.argumentCount(kind, max === 1 ? '1' : '1 or 2', e.args.length, e.span));
    const name = this.constantString(e.args[0]!, `the ${kind.replace(/_/g, ' ')} name`, scope);
    if (e.args[1]) {
      if (kind === 'external_table') this.fail(D.unsupportedFeature('external table mappings', e.args[1].span));
      const age = this.fold(this.scalar(e.args[1], [], scope));
      if (age.kind !== 'Const' || age.type !== 'timespan') this.fail(D.constantRequired("materialized_view's max_age (a timespan)", e.args[1].span));
    }
    const found = this.options.entity?.(kind, name);
    if (!found) {
      const what = kind.replace(/_/g, ' ');
      this.fail(D.unknownEntity(what, name, e.args[0]!.span, closest(name, this.options.entityNames?.(kind) ?? []),
        `load it with db.addEntity('${kind}', '${name}', rows)`));
    }
    return { kind: 'Scan', table: found!.key, schema: found!.schema.map((c) => ({ ...c })) };
  }

  /** A table of the database (database('x').T names a database entity, not a let-bound name). */
  private databaseTable(name: string, span: Span): PlanNode {
    const schema = this.options.table(name);
    if (schema) return { kind: 'Scan', table: name, schema: schema.map((c) => ({ ...c })) };
    return this.fail(D.unknownTable(name, span, closest(name, this.options.tableNames())));
  }

  /**
   * database-function.md: database('Name') scopes to a database. This engine holds one, named by
   * new Database({ databaseName }); another name (or any name while it has none) is an error, and
   * cluster(...) — a Kusto cluster — is not available in memory.
   */
  private databaseRef(e: A.Call, scope: Scope): void {
    if (e.target) this.clusterRef(e.target, scope);
    if (e.args.length !== 1) this.fail(D.argumentCount('database', '1', e.args.length, e.span));
    const name = this.constantString(e.args[0]!, 'the database name', scope);
    if (name !== this.options.databaseName) this.fail(D.unknownDatabase(name, e.args[0]!.span, this.options.databaseName));
  }

  /**
   * cluster-function.md: cluster('name') — a name or a fully qualified domain name (`help`,
   * `help.kusto.windows.net`). The only cluster here is this engine's, named by
   * new Database({ clusterName }); two names are the same cluster when they have the same DNS name
   * (world.ts clusterEndpoint: case-insensitive; `help` is `help.kusto.windows.net`).
   */
  private clusterRef(e: A.Expr, scope: Scope): void {
    // X.database('d') of a macro-expand cluster entity X
    const b = e.kind === 'NameRef' ? scope.get(e.name) : undefined;
    if (b?.kind === 'entity') {
      if (b.entity.kind !== 'cluster') this.fail(D.invalidEntity(`'${(e as A.NameRef).name}' is a ${b.entity.kind}, not a cluster`, e.span));
      return;
    }
    if (e.kind !== 'Call' || e.name !== 'cluster' || e.target) return this.fail(D.syntaxError('a tabular expression is expected here', e.span));
    if (e.args.length !== 1) this.fail(D.argumentCount('cluster', '1', e.args.length, e.span));
    const name = this.constantString(e.args[0]!, 'the cluster name', scope);
    const ours = this.options.clusterName;
    if (ours === undefined || clusterEndpoint(name) !== clusterEndpoint(ours)) this.fail(D.unknownCluster(name, e.args[0]!.span, ours));
  }

  private constantString(x: A.Expr, what: string, scope: Scope): string {
    const v = this.fold(this.scalar(x, [], scope));
    if (v.kind !== 'Const' || typeof v.value !== 'string') return this.fail(D.constantRequired(`${what} (a string)`, x.span));
    return v.value;
  }

  /** Inlines a user function: binds its body with parameters bound to the call's arguments. */
  private inline(
    b: Extract<Binding, { kind: 'function' }>, call: A.Call, scope: Scope, row: Column[] | null,
  ): { kind: 'tabular'; plan: PlanNode } | { kind: 'scalar'; expr: BoundExpr } {
    if (++this.inlineDepth > MAX_INLINE_DEPTH) {
      this.inlineDepth = 0;
      this.fail(D.runtimeError(`function '${call.name}' is recursive or nested too deeply`, call.span));
    }
    try {
      const decl = b.decl;
      const inner = new Scope(b.scope);
      if (call.args.length > decl.params.length) {
        this.fail(D.argumentCount(call.name, String(decl.params.length), call.args.length, call.span));
      }
      // named arguments (`f(c=7, a=12)`, user-defined-functions.md) go to the parameter of that name
      const positional = call.args.filter((a) => a.kind !== 'NamedArg');
      const named = new Map<string, A.Expr>();
      for (const a of call.args) {
        if (a.kind !== 'NamedArg') continue;
        if (!decl.params.some((p) => p.name === a.name)) this.fail(D.unknownName(a.name, a.nameSpan, closest(a.name, decl.params.map((p) => p.name))));
        if (named.has(a.name)) this.fail(D.syntaxError(`argument '${a.name}' is given twice`, a.nameSpan));
        named.set(a.name, a.value);
      }
      // positional arguments fill the parameters not given by name, in order (assert-function.md calls
      // checkLength(len=3, input): `input` goes to the second parameter)
      let nextPositional = 0;
      decl.params.forEach((prm) => {
        const arg = named.get(prm.name) ?? positional[nextPositional++];
        if (typeof prm.type !== 'string') {
          if (!arg) this.fail(D.argumentCount(call.name, String(decl.params.length), call.args.length, call.span));
          inner.set(prm.name, { kind: 'tabular', plan: this.tabular(arg, scope) });
          return;
        }
        let expr: BoundExpr;
        if (arg) expr = this.scalar(arg, row ?? [], scope);
        else if (prm.default) expr = this.scalar(prm.default, [], b.scope);
        else return this.fail(D.argumentCount(call.name, String(decl.params.length), call.args.length, call.span));
        // a number passes to any numeric parameter (comb-fl.md passes range's long to n:int; the analyzer accepts it)
        const narrowing = isNumeric(expr.type) && isNumeric(prm.type);
        inner.set(prm.name, { kind: 'scalar', expr: this.coerce(expr, prm.type, arg?.span ?? call.span, narrowing) });
      });
      for (const l of decl.body.lets) this.bindLet(l, inner);
      if (this.isTabular(decl.body.result, inner)) return { kind: 'tabular', plan: this.tabular(decl.body.result, inner) };
      // the body sees its parameters and lets, not the caller's columns: Kusto binds a function body in
      // its own scope (the analyzer: `let f = (x:long) { a + x }; T | extend f(1)` — "the name 'a' does
      // not refer to any known column"), so a parameter named like a column of the caller is the parameter
      return { kind: 'scalar', expr: this.scalar(decl.body.result, [], inner) };
    } finally {
      this.inlineDepth--;
    }
  }

  private datatable(e: A.DatatableExpr, scope: Scope): PlanNode {
    const ncol = e.columns.length;
    if (ncol === 0) this.fail(D.syntaxError('datatable needs at least one column', e.span));
    if (e.values.length % ncol !== 0) {
      this.fail(D.syntaxError(`datatable has ${e.values.length} values, not a multiple of its ${ncol} columns`, e.span));
    }
    const rows = e.values.length / ncol;
    const columns = e.columns.map((c) => allocVector(c.type, rows));
    e.values.forEach((v, k) => {
      const col = e.columns[k % ncol]!;
      // a number in a decimal column keeps its exact digits (not the double nearest them)
      const exact = col.type === 'decimal' ? exactDecimalLiteral(v) : null;
      if (exact !== null) return setScalar(columns[k % ncol]!, Math.floor(k / ncol), exact);
      const bound = this.fold(this.coerce(this.scalar(v, [], scope), col.type, v.span, true));
      if (bound.kind !== 'Const') this.fail(D.constantRequired('a datatable value', v.span));
      setScalar(columns[k % ncol]!, Math.floor(k / ncol), bound.value);
    });
    const used = new Set<string>();
    for (const c of e.columns) if (used.has(c.name)) this.fail(D.duplicateColumn(c.name, c.span)); else used.add(c.name);
    return { kind: 'Values', columns, rowCount: rows, schema: e.columns.map((c) => ({ name: c.name, type: c.type })) };
  }

  private print(e: A.PrintExpr, scope: Scope): PlanNode {
    const one: PlanNode = { kind: 'Values', columns: [], rowCount: 1, schema: [] };
    const used = new Set<string>();
    const exprs: BoundExpr[] = [];
    const schema: Column[] = [];
    this.spreadItems(e.items, [], scope).forEach((item, i) => {
      const x = this.scalar(item.expr, [], scope);
      // an unnamed function with several result columns: one column per field, `<fn>_<arg>_<field>`
      // (the analyzer: `print series_fft(dynamic([1]))` is series_fft__real, series_fft__imag)
      const call = unparen(item.expr);
      // or, named `(a, b) = f(...)`, only the named ones (`x = f(...)` is one dynamic column, the analyzer's type)
      const named = item.names && item.names.length > 1 ? item.names : undefined;
      const fields = call.kind === 'Call' && (!item.names || named) && !scope.get(call.name) ? TUPLE_FUNCTIONS[call.name] : undefined;
      if (fields && call.kind === 'Call') {
        const bag = this.fold(x);
        const arg = call.args[0];
        const argName = arg ? (arg.kind === 'NameRef' ? arg.name : expressionName(arg, () => false) ?? '') : '';
        for (const [k, [field, type]] of fields.entries()) {
          if (named && k >= named.length) break;
          const impl: Implementation = { kind: 'row', fn: (b) => tupleField(b, field, type), nullPropagating: true };
          const name = named ? named[k]!.name : `${call.name}_${argName}_${field}`;
          if (named && used.has(name)) this.fail(D.duplicateColumn(name, named[k]!.span));
          schema.push({ name: uniqueName(name, used), type });
          exprs.push(this.fold(this.callNode(`${call.name}.${field}`, type, [bag], impl, item.span)));
        }
        return;
      }
      // Microsoft's analyzer names every unnamed print column print_i, even `print d.a` or `print gettype(1)`
      // …except the columns of a several-array sort (array_sort_asc(a, b) → a_sorted, b_sorted)
      const spread = SPREAD_ITEMS.has(item) ? expressionName(item.expr, () => false) : undefined;
      const name = item.names?.[0]?.name ?? spread ?? `print_${i}`;
      schema.push({ name: uniqueName(name, used), type: x.type });
      exprs.push(x);
    });
    return { kind: 'Project', input: one, exprs, schema };
  }

  private range(e: A.RangeExpr, scope: Scope): PlanNode {
    const from = this.fold(this.scalar(e.from, [], scope));
    const to = this.fold(this.scalar(e.to, [], scope));
    const step = this.fold(this.scalar(e.step, [], scope));
    let type: KqlType = from.type;
    if (type === 'int') type = 'long';
    if (isNumeric(from.type) && (to.type === 'real' || step.type === 'real')) type = 'real';
    const okStep = type === 'datetime' || type === 'timespan' ? step.type === 'timespan' : isNumeric(step.type);
    if (!(isNumeric(type) || type === 'datetime' || type === 'timespan') || !okStep) {
      this.fail(D.typeMismatch(`range is not defined for '${from.type}' from, '${to.type}' to and '${step.type}' step`, e.span));
    }
    return {
      kind: 'Range', from: this.coerce(from, type, e.from.span), to: this.coerce(to, type, e.to.span), step,
      type, schema: [{ name: e.name, type }],
    };
  }

  // ───────────────────────────── query operators ─────────────────────────────

  private operator(input: PlanNode, op: A.QueryOperator, scope: Scope): PlanNode {
    const outer = this.rowInput;
    this.rowInput = input;
    try {
      return this.operatorInner(input, op, scope);
    } finally {
      this.rowInput = outer;
    }
  }

  private operatorInner(input: PlanNode, op: A.QueryOperator, scope: Scope): PlanNode {
    const cols = input.schema;
    switch (op.kind) {
      case 'Where': {
        if (this.hasWindowCall(op.predicate, scope)) {
          // `where prev(x) != x`: the window columns are computed first, filtered on, then dropped
          const h = this.hoistWindows(input, [op.predicate], scope);
          const pred = this.scalar(h.exprs[0]!, h.node.schema, scope);
          if (pred.type !== 'bool') this.fail(D.predicateNotBool(pred.type, op.predicate.span));
          const filter: PlanNode = { kind: 'Filter', input: h.node, predicate: this.fold(pred), schema: h.node.schema };
          return this.select(filter, cols.map((_, i) => i));
        }
        const pred = this.scalar(op.predicate, cols, scope);
        if (pred.type !== 'bool') this.fail(D.predicateNotBool(pred.type, op.predicate.span));
        const folded = this.fold(pred);
        if (folded.kind === 'Const' && folded.value === true) return input;
        return { kind: 'Filter', input, predicate: folded, schema: cols };
      }
      case 'Extend':
        return this.extendOrProject(input, op.items, scope, true);
      case 'Project':
        return this.extendOrProject(input, op.items, scope, false);
      case 'ProjectAway': {
        const drop = new Set<number>();
        for (const c of op.columns) {
          const m = wildcardMatcher(c.pattern);
          let any = false;
          cols.forEach((col, i) => { if (m(col.name)) { drop.add(i); any = true; } });
          if (!any && !c.pattern.includes('*')) this.fail(D.unknownColumn(c.pattern, c.span, closest(c.pattern, cols.map((x) => x.name))));
        }
        return this.select(input, cols.map((_, i) => i).filter((i) => !drop.has(i)));
      }
      case 'ProjectKeep': {
        const keep = new Set<number>();
        for (const c of op.columns) {
          const m = wildcardMatcher(c.pattern);
          let any = false;
          cols.forEach((col, i) => { if (m(col.name)) { keep.add(i); any = true; } });
          if (!any && !c.pattern.includes('*')) this.fail(D.unknownColumn(c.pattern, c.span, closest(c.pattern, cols.map((x) => x.name))));
        }
        return this.select(input, cols.map((_, i) => i).filter((i) => keep.has(i)));
      }
      case 'ProjectRename': {
        const names = cols.map((c) => c.name);
        for (const it of op.items) {
          const i = cols.findIndex((c) => c.name === it.oldName);
          if (i < 0) this.fail(D.unknownColumn(it.oldName, it.span, closest(it.oldName, names)));
          names[i] = it.newName;
        }
        const node = this.select(input, cols.map((_, i) => i));
        node.schema = node.schema.map((c, i) => ({ name: names[i]!, type: c.type }));
        return node;
      }
      case 'ProjectReorder': {
        const order: number[] = [];
        for (const c of op.columns) {
          const m = wildcardMatcher(c.pattern);
          let matched = cols.map((col, i) => ({ col, i })).filter((x) => m(x.col.name) && !order.includes(x.i));
          if (matched.length === 0 && !c.pattern.includes('*')) {
            this.fail(D.unknownColumn(c.pattern, c.span, closest(c.pattern, cols.map((x) => x.name))));
          }
          if (c.order) {
            // as Microsoft's analyzer orders them: names compared case-insensitively (a stable sort keeps ab
            // before aB either way); granny-* compares runs of digits by their number (a9 before a10)
            const dir = c.order.endsWith('desc') ? -1 : 1;
            const cmp = c.order.startsWith('granny') ? grannyCompare : (x: string, y: string) => compareOrdinal(x.toUpperCase(), y.toUpperCase());
            matched = matched.sort((a, b) => dir * cmp(a.col.name, b.col.name));
          }
          order.push(...matched.map((x) => x.i));
        }
        cols.forEach((_, i) => { if (!order.includes(i)) order.push(i); });
        return this.select(input, order);
      }
      case 'Take': {
        const n = this.constNumber(op.count, scope, 'the number of rows');
        return { kind: 'Limit', input, count: n, schema: cols };
      }
      case 'Sort':
        return { kind: 'Sort', input, keys: this.sortKeys(op.items, cols, scope), schema: cols };
      case 'Top': {
        const n = this.constNumber(op.count, scope, 'the number of rows');
        return { kind: 'Top', input, count: n, keys: this.sortKeys(op.items, cols, scope), schema: cols };
      }
      case 'Count':
        return this.countRows(input, 'Count');
      case 'Distinct': {
        const items: A.NamedExpr[] = op.star
          ? cols.map((c) => ({ expr: { kind: 'NameRef', name: c.name, span: op.span } as A.NameRef, span: op.span }))
          : op.items.map((x) => ({ expr: x, span: x.span }));
        return this.summarize(input, [], items, scope);
      }
      case 'Summarize':
        return this.summarize(input, op.aggregates, op.by, scope);
      case 'Join':
        return this.join(input, op, scope);
      case 'Union':
        return this.union(input, op.options, op.tables, scope);
      case 'MvExpand':
        return this.mvExpand(input, op, scope);
      case 'As': {
        const named = this.shared(input);
        scope.set(op.name, { kind: 'tabular', plan: named });
        return named;
      }
      case 'Serialize': {
        const marked = this.select(input, input.schema.map((_, i) => i));
        this.serializedMarks.add(marked);
        return op.items.length ? this.extendOrProject(marked, op.items, scope, true) : marked;
      }
      case 'Render':
        return input;
      case 'GetSchema': {
        const schema = this.getSchema(input);
        this.serializedMarks.add(schema);
        return schema;
      }
      case 'Evaluate':
        return this.evaluate(input, op, scope);
      case 'ProjectByNames':
        return this.projectByNames(input, op, scope);
      case 'Search':
        return this.search(input, op, scope);
      case 'Parse':
        return this.parseOperator(input, op, scope);
      case 'ParseKv':
        return this.parseKv(input, op, scope);
      case 'Invoke':
        return this.invoke(input, op, scope);
      case 'MvApply':
        return this.mvApply(input, op, scope);
      case 'MakeSeries':
        return this.makeSeries(input, op, scope);
      case 'Lookup':
        return this.lookup(input, op, scope);
      case 'TopNested':
        return this.topNested(input, op, scope);
      case 'Sample': {
        const n = this.constNumber(op.count, scope, 'the number of rows');
        return this.sample(input, n);
      }
      case 'SampleDistinct': {
        const n = this.constNumber(op.count, scope, 'the number of values');
        const distinct = this.summarize(input, [], [{ expr: op.column, span: op.column.span }], scope);
        return this.sample(distinct, n);
      }
      case 'Scan':
        return this.scan(input, op, scope);
      case 'Reduce':
        return this.reduce(input, op, scope);
      case 'Partition':
        return this.partition(input, op, scope);
      case 'Fork':
      case 'Facet':
        return this.fail(D.operatorNotAllowed(op.kind.toLowerCase(), op.span,
          `${op.kind.toLowerCase()} gives several result tables, so it must be the last operator of the query`));
      case 'MakeGraph':
        if (op.partition) return bindPartitionedGraph(this.graphHost(), input, op, scope);
        return this.fail(misplacedGraphOperator(op));
      case 'GraphMatch':
      case 'GraphToTable':
      case 'GraphMarkComponents':
      case 'GraphMerge':
        return this.fail(misplacedGraphOperator(op));
      case 'UnsupportedOperator':
        return this.fail(D.unsupportedOperator(op.name, op.span));
    }
  }

  // ───────────────────────────── fork, facet, partition ─────────────────────────────

  /**
   * A statement ending with `fork` or `facet`: its result tables (the input runs once, shared by them).
   * fork-operator.md: one table per leg, named by `name =` or the leg's `as`; facet-operator.md: the
   * `with` table first, then per column `summarize count_<Col> = count() by <Col>` over the input.
   * Unnamed tables take the names Kusto's v1 REST responses use (`Table_<i>`).
   */
  private multiTable(e: A.Expr, scope: Scope): ResultTable[] | null {
    const u = unparen(e);
    if (u.kind !== 'Pipe' || (u.operator.kind !== 'Fork' && u.operator.kind !== 'Facet')) return null;
    const op = u.operator;
    const input = this.shared(this.tabular(u.source, scope));
    const pipeline = (ops: A.QueryOperator[]): { plan: PlanNode; as?: string } => {
      let plan = input;
      let as: string | undefined;
      const inner = new Scope(scope);
      for (const o of ops) {
        if (o.kind === 'Fork' || o.kind === 'Facet') this.fail(D.operatorNotAllowed(o.kind.toLowerCase(), o.span));
        plan = this.operator(plan, o, inner);
        if (o.kind === 'As') as = o.name;
      }
      return as !== undefined ? { plan, as } : { plan };
    };
    const tables: ResultTable[] = [];
    const unnamed = () => `Table_${tables.length}`;
    if (op.kind === 'Fork') {
      for (const leg of op.legs) {
        const { plan, as } = pipeline(leg.body);
        tables.push({ name: leg.name ?? as ?? unnamed(), plan });
      }
    } else {
      if (op.body) {
        const { plan, as } = pipeline(op.body);
        tables.push({ name: as ?? unnamed(), plan });
      }
      for (const c of op.columns) {
        const i = input.schema.findIndex((x) => x.name === c.name);
        if (i < 0) this.fail(D.unknownColumn(c.name, c.span, closest(c.name, input.schema.map((x) => x.name))));
        const count: A.Call = { kind: 'Call', name: 'count', nameSpan: c.span, args: [], span: c.span };
        const plan = this.summarize(input, [{ names: [{ name: `count_${c.name}`, span: c.span }], expr: count, span: c.span }],
          [{ expr: { kind: 'NameRef', name: c.name, span: c.span } as A.NameRef, span: c.span }], scope);
        tables.push({ name: c.name, plan });
      }
    }
    const seen = new Set<string>();
    for (const t of tables) {
      if (seen.has(t.name)) this.fail(D.duplicateColumn(t.name, op.span));
      seen.add(t.name);
    }
    return tables;
  }

  /**
   * partition-operator.md. `hint.strategy=native|shuffle` (same result; the strategies only differ in
   * how Kusto distributes the work) and legacy (the default): the input is split by the key column's
   * value and the operators in parentheses run over each part as their source; the result is the
   * union of the parts' results (parts in order of first appearance). `by Col { T | ... }`: the
   * expression has its own source and sees Col as a scalar, the part's value. The legacy strategy is
   * limited to 64 partitions (an error beyond, as documented).
   */
  private partition(input: PlanNode, op: A.PartitionOp, scope: Scope): PlanNode {
    const cols = input.schema;
    let strategy = 'legacy';
    for (const p of op.params) {
      const name = p.name.toLowerCase();
      if (name === 'hint.strategy') {
        const v = p.value.toLowerCase();
        if (v !== 'native' && v !== 'shuffle' && v !== 'legacy') {
          this.fail(D.syntaxError(`unknown partition strategy '${p.value}'`, p.span, 'use hint.strategy=native, shuffle or legacy'));
        }
        strategy = v;
      } else if (!name.startsWith('hint.')) this.fail(D.syntaxError(`unknown partition parameter '${p.name}'`, p.span));
    }
    const keyIndex = cols.findIndex((c) => c.name === op.key.name);
    if (keyIndex < 0) this.fail(D.unknownColumn(op.key.name, op.key.span, closest(op.key.name, cols.map((c) => c.name))));
    const keyType = cols[keyIndex]!.type;
    if (keyType === 'dynamic') this.fail(D.dynamicKey('the partition key', op.key.span));
    // partition-operator.md allows `{ source }` with the legacy strategy only, but the docs' own
    // geo_point_in_polygon example runs it under hint.strategy=native: every strategy takes it here
    const legacy = strategy === 'legacy';
    const slot: PlanNode & { kind: 'Values' } = { kind: 'Values', columns: [], rowCount: 0, schema: cols.map((c) => ({ ...c })) };
    let template: PlanNode;
    const bindSource = (value: Scalar): PlanNode => {
      const inner = new Scope(scope);
      inner.set(op.key.name, { kind: 'scalar', expr: constant(keyType, value) });
      return this.tabular(op.source!, inner);
    };
    if (op.source) template = bindSource(null);
    else {
      let sub: PlanNode = slot;
      const inner = new Scope(scope);
      for (const o of op.body!) {
        if (o.kind === 'Fork' || o.kind === 'Facet') this.fail(D.operatorNotAllowed(o.kind.toLowerCase(), o.span));
        sub = this.operator(sub, o, inner);
      }
      template = sub;
    }
    const schema = template.schema.map((c) => ({ ...c }));
    const types = schema.map((c) => c.type);
    const run = (tables: { columns: Vector[]; rowCount: number }[], _k: KernelContext, exec?: unknown): { schema: Column[]; columns: Vector[]; rowCount: number } => {
      const ctx = exec as ExecContext;
      const t = tables[0]!;
      const key = keyReader(t.columns[keyIndex]!);
      const parts = new Map<string | number | undefined, number[]>();
      for (let r = 0; r < t.rowCount; r++) {
        const k = key(r);
        let rows = parts.get(k);
        if (!rows) parts.set(k, (rows = []));
        rows.push(r);
      }
      if (legacy && parts.size > 64) {
        throw new KqlDataError(`partition: the legacy strategy allows at most 64 partitions, and the key '${op.key.name}' has ${parts.size} values; use hint.strategy=native or shuffle`);
      }
      const results: { columns: Vector[]; rowCount: number }[] = [];
      let total = 0;
      for (const rows of parts.values()) {
        const sub = new ExecContext(ctx.tables, ctx.kernel, ctx.limits, ctx.options);
        let res: { columns: Vector[]; rowCount: number };
        if (op.source) res = collect(bindSource(getScalar(t.columns[keyIndex]!, rows[0]!)), sub);
        else {
          const idx = Int32Array.from(rows);
          slot.columns = t.columns.map((v) => gather(v, idx));
          slot.rowCount = rows.length;
          res = collect(template, sub);
        }
        total += res.rowCount;
        if (total > ctx.limits.maxRows) throw new RowLimitExceeded(`partition produced more than ${ctx.limits.maxRows} rows`);
        results.push(res);
      }
      const columns = types.map((type, j) => concatSelected(type, results.map((r) => r.columns[j]!), results.map(() => null), results.map((r) => r.rowCount)));
      return { schema, columns, rowCount: total };
    };
    return { kind: 'Plugin', name: 'partition', inputs: [input], run, schema };
  }

  /** The hint of a statement's last operator when it is `render` (a `render` elsewhere changes nothing). */
  private renderHint(e: A.Expr, scope: Scope): Visualization | undefined {
    const u = unparen(e);
    if (u.kind !== 'Pipe' || u.operator.kind !== 'Render') return undefined;
    const op = u.operator;
    const value = (x: A.Expr): unknown => {
      const v = unparen(x);
      if (v.kind === 'NameRef' && !scope.get(v.name)) return v.name;
      const c = this.fold(this.scalar(v, [], scope));
      if (c.kind !== 'Const') this.fail(D.constantRequired(`the render property value`, x.span));
      return toJsValue(c.type, (c as { value: Scalar }).value);
    };
    const properties: Record<string, unknown> = {};
    for (const p of op.properties) properties[p.name] = p.more ? [value(p.value), ...p.more.map(value)] : value(p.value);
    return { chart: op.chart, properties };
  }

  // ───────────────────────────── parse, parse-where ─────────────────────────────

  /**
   * parse-operator.md / parse-where-operator.md. The pattern becomes one RE2 regex with a group per
   * column (a hidden dynamic column holds each row's captures, or null when the row does not parse),
   * then one column per name. kind=simple (default): constants are literal, the whole text must match
   * (`^…$`, `*` and string columns lazy `.*?`), typed columns must convert or the row fails.
   * kind=regex: constants are regexes, string/other columns greedy `(.*)` (as the doc's regex-mode
   * examples show; flag U swaps), numbers `-?\d+`. kind=relaxed: like simple, but a column that does
   * not convert is null on its own. parse-where keeps only the rows that parse.
   */
  private parseOperator(input: PlanNode, op: A.ParseOp, scope: Scope): PlanNode {
    const cols = input.schema;
    const kind = (op.parseKind ?? 'simple').toLowerCase();
    if (kind !== 'simple' && kind !== 'regex' && kind !== 'relaxed') {
      this.fail(D.syntaxError(`unknown parse kind '${op.parseKind}'`, op.params.find((p) => p.name === 'kind')?.span ?? op.span, 'use kind=simple, kind=regex or kind=relaxed'));
    }
    const flagsParam = op.params.find((p) => p.name === 'flags');
    if (flagsParam && kind !== 'regex') this.fail(D.syntaxError('flags= is only allowed with kind=regex', flagsParam.span));
    const flags = op.flags ?? '';
    if (flagsParam && !/^[imsU]*$/.test(flags)) this.fail(D.syntaxError(`unknown regex flags '${flags}'`, flagsParam.span, 'use U, i, m, s (re2-library.md, Flags)'));
    for (const p of op.params) {
      if (p.name !== 'kind' && p.name !== 'flags' && !p.name.startsWith('hint.')) this.fail(D.syntaxError(`unknown parse parameter '${p.name}'`, p.span));
    }
    let src = this.scalar(op.source, cols, scope);
    if (src.type !== 'string') src = this.coerce(src, 'string', op.source.span, true);

    const regexKind = kind === 'regex';
    const strict = kind !== 'relaxed';
    const columns: { name: string; type: KqlType; group: number; span: Span }[] = [];
    let pattern = regexKind ? '' : '^';
    let groups = 0;
    let prev: A.ParsePatternItem['kind'] | undefined;
    for (const it of op.items) {
      if (it.kind === 'Star') {
        pattern += regexKind ? '.*?' : '(?:.*?)';
      } else if (it.kind === 'Text') {
        if (regexKind) {
          const piece = compileRegexOrError(it.value);
          if (typeof piece === 'string') this.fail(D.invalidRegex(it.value, piece, it.span));
          groups += (piece as KqlRegex).groupCount;
          pattern += `(?:${it.value})`;
        } else pattern += quoteRegex(it.value);
      } else {
        if (prev === 'Column') this.fail(D.syntaxError('two columns in a row: put a string constant or * between them', it.span));
        let type: KqlType = 'string';
        if (it.type !== undefined) {
          const t = parseTypeName(it.type);
          if (!t) this.fail(D.typeMismatch(`unknown type '${it.type}'`, it.span));
          type = t!;
        }
        if (columns.some((c) => c.name === it.name)) this.fail(D.duplicateColumn(it.name, it.span));
        groups += 1;
        columns.push({ name: it.name, type, group: groups, span: it.span });
        pattern += '(' + parseColumnRegex(type, kind) + ')';
      }
      prev = it.kind;
    }
    if (!regexKind) pattern += '$';
    const reFlags = regexKind ? flags : 's';
    const full = compileRegexOrError(reFlags ? `(?${reFlags})${pattern}` : pattern);
    if (typeof full === 'string') this.fail(D.invalidRegex(pattern, full, op.span));
    const re = full as KqlRegex;

    // hidden column: the captures (as text) of each column, or null when the row does not parse
    const colInfo = columns.map((c) => ({ type: c.type, group: c.group }));
    const matchFn: RowFn = (text) => {
      const m = re.exec(text as string);
      if (m === null) return null;
      const out: (string | null)[] = [];
      for (const c of colInfo) {
        let v: string | null = m.groups[c.group] ?? '';
        // regex mode: values without surrounding whitespace, as the doc's regex-mode examples show
        // (parse-operator.md: "02/17/2016 08:40:00," before ".*?releaseTime=", "PipelineScheduler" before a newline)
        if (regexKind) v = v.trim();
        if (c.type !== 'string' && convertTo(c.type, 'string', v.trim()) === null) {
          if (strict) return null;
          v = null;
        }
        out.push(v);
      }
      return out;
    };
    return this.extendFromCaptures(input, src, matchFn, columns, op.where, op.span);
  }

  /**
   * mv-apply-operator.md: for each input row, the arrays are expanded (exactly as mv-expand does) and
   * the subquery runs over those rows; the result is the subquery's rows, preceded by the input row's
   * columns the subquery does not output. A row whose subquery yields nothing disappears. The subquery
   * is bound over a one-row placeholder table that the executor refills for each input row.
   */
  private mvApply(input: PlanNode, op: A.MvApplyOp, scope: Scope): PlanNode {
    const cols = input.schema;
    const slot: PlanNode & { kind: 'Values' } = { kind: 'Values', columns: [], rowCount: 0, schema: cols.map((c) => ({ ...c })) };
    const expandOp: A.MvExpandOp = { kind: 'MvExpand', items: op.items, span: op.span };
    if (op.itemIndex !== undefined) expandOp.itemIndex = op.itemIndex;
    if (op.limit) expandOp.limit = op.limit;
    let sub: PlanNode = this.mvExpand(slot, expandOp, scope);
    for (const o of op.body) sub = this.operator(sub, o, scope);
    const subPlan = sub;
    const batch = this.mvApplyBatch(input, op, scope, subPlan);
    // the input row's columns come first, except those the subquery outputs and the expanded ones
    // (percentiles-linear-fl.md: `mv-apply pct to typeof(real) on (...)` leaves no outer pct)
    const subNames = new Set([...subPlan.schema.map((c) => c.name), ...op.items.map((it) => it.name ?? expressionName(it.expr, () => true) ?? '')]);
    const outer = cols.map((c, i) => ({ c, i })).filter((x) => !subNames.has(x.c.name));
    const schema: Column[] = [...outer.map((x) => ({ ...x.c })), ...subPlan.schema.map((c) => ({ ...c }))];
    const run = (tables: { columns: Vector[]; rowCount: number }[], _k: KernelContext, exec?: unknown): { schema: Column[]; columns: Vector[]; rowCount: number } => {
      const ctx = exec as ExecContext;
      const t = tables[0]!;
      const outRows: Scalar[][] = schema.map(() => []);
      // batch mode: the body once over every row's expansion, row by row in the output
      let perRow: number[] | null = null;
      const batchOut: Map<number, Scalar[][]> = new Map();
      if (batch) {
        const ids = allocVector('long', t.rowCount);
        for (let r = 0; r < t.rowCount; r++) setScalar(ids, r, r);
        batch.slot.columns = [...t.columns, ids];
        batch.slot.rowCount = t.rowCount;
        const res = collect(batch.plan, new ExecContext(ctx.tables, ctx.kernel, ctx.limits, ctx.options));
        const idCol = res.columns[batch.idIndex]!;
        const rowOf = new Int32Array(res.rowCount);
        let ordered = true;
        for (let k = 0; k < res.rowCount; k++) {
          rowOf[k] = Number(getScalar(idCol, k));
          if (k > 0 && rowOf[k]! < rowOf[k - 1]!) ordered = false;
        }
        let complete = !batch.emptyInputRow;
        if (!complete) {
          const seen = new Uint8Array(t.rowCount);
          for (let k = 0; k < res.rowCount; k++) seen[rowOf[k]!] = 1;
          complete = seen.every((x) => x === 1);
        }
        // the common case, column by column: each output row's outer columns gathered from its input row
        if (ordered && complete) {
          if (res.rowCount > ctx.limits.maxRows) throw new RowLimitExceeded(`mv-apply produced more than ${ctx.limits.maxRows} rows`);
          const columns = [...outer.map((x) => gather(t.columns[x.i]!, rowOf)), ...batch.keep.map((j) => res.columns[j]!)];
          return { schema, columns, rowCount: res.rowCount };
        }
        for (let k = 0; k < res.rowCount; k++) {
          const id = Number(getScalar(res.columns[batch.idIndex]!, k));
          let rows = batchOut.get(id);
          if (!rows) batchOut.set(id, (rows = []));
          rows.push(batch.keep.map((j) => getScalar(res.columns[j]!, k)));
        }
        // a summarize without `by` gives a row even over no input: rows the batch left out run alone
        perRow = [];
        if (batch.emptyInputRow) for (let r = 0; r < t.rowCount; r++) if (!batchOut.has(r)) perRow.push(r);
      }
      const rowsToRun = perRow ?? Array.from({ length: t.rowCount }, (_, r) => r);
      const perRowOut = new Map<number, Scalar[][]>();
      for (const r of rowsToRun) {
        slot.columns = cols.map((c, i) => {
          const v = allocVector(c.type, 1);
          setScalar(v, 0, getScalar(t.columns[i]!, r));
          return v;
        });
        slot.rowCount = 1;
        const res = collect(subPlan, new ExecContext(ctx.tables, ctx.kernel, ctx.limits, ctx.options));
        const rows: Scalar[][] = [];
        for (let k = 0; k < res.rowCount; k++) rows.push(res.columns.map((col) => getScalar(col, k)));
        perRowOut.set(r, rows);
      }
      let total = 0;
      for (let r = 0; r < t.rowCount; r++) {
        const rows = batch ? (batchOut.get(r) ?? perRowOut.get(r)) : perRowOut.get(r);
        if (!rows) continue;
        for (const row of rows) {
          outer.forEach((x, j) => outRows[j]!.push(getScalar(t.columns[x.i]!, r)));
          row.forEach((v, j) => outRows[outer.length + j]!.push(v));
        }
        total += rows.length;
        if (total > ctx.limits.maxRows) throw new RowLimitExceeded(`mv-apply produced more than ${ctx.limits.maxRows} rows`);
      }
      const n = outRows[0]?.length ?? 0;
      const columns = schema.map((c, j) => {
        const v = allocVector(c.type, n);
        outRows[j]!.forEach((x, k) => setScalar(v, k, x));
        return v;
      });
      return { schema, columns, rowCount: n };
    };
    return { kind: 'Plugin', name: 'mv-apply', inputs: [input], run, schema };
  }

  /**
   * mv-apply in one pass: when the body's operators are row-local (where, extend, project*, mv-expand)
   * or group (summarize, distinct), the body can run once over every row's expansion with a hidden row
   * id column that summarize and distinct also group by — the same rows as running it per input row,
   * in the same order (groups come out in first-appearance order, so by row). Anything else (take,
   * top, sort, window functions, `*` that would see the row id, …) keeps the per-row plan. A summarize
   * without `by` yields a row even for an empty input: the run re-runs, alone, the rows the batch
   * left out (emptyInputRow). Bound here a second time; any failure means per-row.
   */
  private mvApplyBatch(input: PlanNode, op: A.MvApplyOp, scope: Scope, subPlan: PlanNode):
    { plan: PlanNode; slot: PlanNode & { kind: 'Values' }; idIndex: number; keep: number[]; emptyInputRow: boolean } | null {
    const ID = '\u0001mvapply_row';
    const text = JSON.stringify(op.body);
    if (text.includes('"kind":"Star"') || /"name":"(pack_all|row_number|prev|next|row_cumsum|row_rank_dense|row_rank_min|row_window_session|toscalar|materialize)"/.test(text)) return null;
    const idRef = (span: Span): A.NameRef => ({ kind: 'NameRef', name: ID, span });
    const body: A.QueryOperator[] = [];
    let emptyInputRow = false;
    for (const o of op.body) {
      switch (o.kind) {
        case 'Where': case 'Extend': case 'ProjectRename': case 'ProjectReorder': case 'MvExpand':
          body.push(o);
          break;
        case 'Project':
          body.push({ ...o, items: [...o.items, { expr: idRef(o.span), span: o.span }] });
          break;
        case 'ProjectKeep':
          body.push({ ...o, columns: [...o.columns, { pattern: ID, span: o.span }] });
          break;
        case 'ProjectAway':
          if (o.columns.some((c) => c.pattern.startsWith('*'))) return null;
          body.push(o);
          break;
        case 'Summarize':
          if (o.by.length === 0) emptyInputRow = true;
          body.push({ ...o, by: [...o.by, { expr: idRef(o.span), span: o.span }] });
          break;
        case 'Distinct':
          if (o.star) return null;
          body.push({ ...o, items: [...o.items, idRef(o.span)] });
          break;
        default:
          return null;
      }
    }
    const slot: PlanNode & { kind: 'Values' } = {
      kind: 'Values', columns: [], rowCount: 0, schema: [...input.schema.map((c) => ({ ...c })), { name: ID, type: 'long' }],
    };
    const expandOp: A.MvExpandOp = { kind: 'MvExpand', items: op.items, span: op.span };
    if (op.itemIndex !== undefined) expandOp.itemIndex = op.itemIndex;
    if (op.limit) expandOp.limit = op.limit;
    const mark = this.diagnostics.length;
    try {
      let plan: PlanNode = this.mvExpand(slot, expandOp, scope);
      for (const o of body) plan = this.operator(plan, o, new Scope(scope));
      const idIndex = plan.schema.findIndex((c) => c.name === ID);
      if (idIndex < 0) return null;
      const keep = plan.schema.map((_, j) => j).filter((j) => j !== idIndex);
      // the same columns as the per-row plan, or no batch
      if (keep.length !== subPlan.schema.length) return null;
      if (keep.some((j, k) => plan.schema[j]!.name !== subPlan.schema[k]!.name || plan.schema[j]!.type !== subPlan.schema[k]!.type)) return null;
      return { plan, slot, idIndex, keep, emptyInputRow };
    } catch (e) {
      if (!(e instanceof BindFailure)) throw e;
      return null;
    } finally {
      this.diagnostics.length = mark;
    }
  }

  /**
   * scan-operator.md. The rows are visited in input order; each row is checked against the steps from
   * the last to the first (Check 1: the previous step has an active sequence and the condition holds
   * with that state: the sequence moves to this step; Check 2: this step has an active sequence, or is
   * the first step, and the condition holds with this step's state). A match computes the step's
   * assignments, stores the extended row as this step's entry of the sequence and outputs it
   * (output=all), keeps only the last of a run of matches (output=last) or outputs nothing (none).
   * `s.Col` reads step s's entry of the state the condition is checked against; an empty entry reads
   * null for input columns and the declared default for declared columns. Declared columns a step does
   * not assign take their default. A new sequence (a first-step match with no active sequence) takes
   * the next match id, from 0.
   */
  private scan(input: PlanNode, op: A.ScanOp, scope: Scope): PlanNode {
    const cols = input.schema;
    const declared: { name: string; type: KqlType; value: Scalar }[] = [];
    for (const d of op.declarations) {
      if (cols.some((c) => c.name === d.name) || declared.some((x) => x.name === d.name)) this.fail(D.duplicateColumn(d.name, d.span));
      let value: Scalar = null;
      if (d.default) {
        const x = this.fold(this.coerce(this.scalar(d.default, [], scope), d.type, d.default.span));
        if (x.kind !== 'Const') this.fail(D.constantRequired(`the default value of '${d.name}'`, d.default.span));
        value = (x as { value: Scalar }).value;
      }
      declared.push({ name: d.name, type: d.type, value });
    }
    const rowCols: Column[] = [...cols.map((c) => ({ ...c })), ...declared.map((d) => ({ name: d.name, type: d.type }))];
    const width = rowCols.length;
    const stepIndex = new Map<string, number>();
    op.steps.forEach((st, j) => {
      if (stepIndex.has(st.name)) this.fail(D.syntaxError(`step name '${st.name}' is used twice: step names must be unique`, st.span));
      stepIndex.set(st.name, j);
    });
    const hidden = (j: number, c: string): string => `\u0001scan${j}\u0001${c}`;
    const evalCols: Column[] = [...rowCols, ...op.steps.flatMap((_, j) => rowCols.map((c) => ({ name: hidden(j, c.name), type: c.type })))];
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node === null || typeof node !== 'object') return node;
      const n = node as Record<string, unknown>;
      if (n.kind === 'Member') {
        const m = n as unknown as A.MemberAccess;
        if (m.target.kind === 'NameRef' && stepIndex.has(m.target.name) && !rowCols.some((c) => c.name === (m.target as A.NameRef).name)) {
          if (!rowCols.some((c) => c.name === m.name)) this.fail(D.unknownColumn(m.name, m.nameSpan, closest(m.name, rowCols.map((c) => c.name))));
          return { kind: 'NameRef', name: hidden(stepIndex.get(m.target.name)!, m.name), span: m.span } as A.NameRef;
        }
      }
      if (n.kind === 'Pipe' || n.kind === 'Tabular') return node; // subqueries see no scan state
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(n)) out[k] = k === 'span' || k.endsWith('Span') ? v : rewrite(v);
      return out;
    };
    const steps = op.steps.map((st) => {
      const condition = this.scalar(rewrite(st.condition) as A.Expr, evalCols, scope);
      if (condition.type !== 'bool') this.fail(D.predicateNotBool(condition.type, st.condition.span));
      const assignments = st.assignments.map((a) => {
        const k = declared.findIndex((d) => d.name === a.name);
        if (k < 0) this.fail(D.unknownColumn(a.name, a.span, closest(a.name, declared.map((d) => d.name))));
        const value = this.coerce(this.scalar(rewrite(a.value) as A.Expr, evalCols, scope), declared[k]!.type, a.value.span);
        return { slot: cols.length + k, value };
      });
      return { condition, assignments, output: st.output };
    });
    // without with_match_id the analyzer still lists a `match_id` column (the docs' tables leave it
    // out); the analyzer decides result schemas here
    if (op.matchId !== undefined && rowCols.some((c) => c.name === op.matchId)) this.fail(D.duplicateColumn(op.matchId, op.span));
    const matchId = op.matchId ?? uniqueName('match_id', new Set(rowCols.map((c) => c.name)));
    const schema: Column[] = [...rowCols.map((c) => ({ ...c })), { name: matchId, type: 'long' }];
    const defaults: Scalar[] = [...cols.map(() => null), ...declared.map((d) => d.value)];
    const S = steps.length;
    const run = (tables: { columns: Vector[]; rowCount: number }[], _k: KernelContext, exec?: unknown): { schema: Column[]; columns: Vector[]; rowCount: number } => {
      const ctx = exec as ExecContext;
      const t = tables[0]!;
      const vecs = evalCols.map((c) => allocVector(c.type, 1));
      const batch = { columns: vecs, n: 1, sel: null };
      const put = (v: Vector, x: Scalar): void => {
        if (x !== null && v.nulls !== null) v.nulls[0] = 0;
        setScalar(v, 0, x);
      };
      interface Sequence { id: number; entries: (Scalar[] | null)[] }
      const state: (Sequence | null)[] = new Array(S).fill(null);
      const pending: ({ rec: Scalar[]; id: number } | null)[] = new Array(S).fill(null);
      const outRows: Scalar[][] = schema.map(() => []);
      const emit = (rec: Scalar[], id: number): void => {
        for (let i = 0; i < width; i++) outRows[i]!.push(rec[i]!);
        outRows[width]!.push(id);
        if (outRows[0]!.length > ctx.limits.maxRows) throw new RowLimitExceeded(`scan produced more than ${ctx.limits.maxRows} rows`);
      };
      const flush = (k: number): void => {
        const p = pending[k];
        if (p) emit(p.rec, p.id);
        pending[k] = null;
      };
      const output = (k: number, rec: Scalar[], id: number): void => {
        const mode = steps[k]!.output;
        if (mode === 'all') emit(rec, id);
        else if (mode === 'last') pending[k] = { rec, id };
      };
      let loaded: Sequence | null | undefined;
      const load = (seq: Sequence | null): void => {
        if (loaded === seq) return;
        loaded = seq;
        for (let j = 0; j < S; j++) {
          const e = seq?.entries[j] ?? defaults;
          const base = width * (j + 1);
          for (let i = 0; i < width; i++) put(vecs[base + i]!, e[i]!);
        }
      };
      const holds = (k: number): boolean => valueAt(evaluate(steps[k]!.condition, batch, ctx), 0) === true;
      const extend = (k: number, row: Scalar[]): Scalar[] => {
        const rec = row.slice();
        for (const a of steps[k]!.assignments) rec[a.slot] = valueAt(evaluate(a.value, batch, ctx), 0);
        return rec;
      };
      let nextId = 0;
      const row: Scalar[] = defaults.slice();
      for (let r = 0; r < t.rowCount; r++) {
        for (let i = 0; i < cols.length; i++) row[i] = getScalar(t.columns[i]!, r);
        for (let i = 0; i < width; i++) put(vecs[i]!, row[i]!);
        for (let k = S - 1; k >= 0; k--) {
          const prev = k > 0 ? state[k - 1]! : null;
          if (prev) {
            load(prev);
            if (holds(k)) {
              const rec = extend(k, row);
              if (k > 0) flush(k - 1);
              flush(k);
              state[k - 1] = null;
              prev.entries[k] = rec;
              state[k] = prev;
              loaded = undefined;
              output(k, rec, prev.id);
              continue;
            }
          }
          const cur = state[k]!;
          if (cur || k === 0) {
            load(cur);
            if (holds(k)) {
              const rec = extend(k, row);
              let seq = cur;
              if (!seq) {
                seq = { id: nextId++, entries: new Array(S).fill(null) };
                state[k] = seq;
              }
              seq.entries[k] = rec;
              loaded = undefined;
              output(k, rec, seq.id);
            }
          }
        }
      }
      for (let k = 0; k < S; k++) flush(k);
      const n = outRows[0]?.length ?? 0;
      const columns = schema.map((c, j) => {
        const v = allocVector(c.type, n);
        outRows[j]!.forEach((x, i) => setScalar(v, i, x));
        return v;
      });
      return { schema, columns, rowCount: n };
    };
    return { kind: 'Plugin', name: 'scan', inputs: [input], run, schema };
  }

  /**
   * reduce-operator.md. Kusto's clustering is approximate and not fully specified; this follows the
   * algorithm the docs name (Vaarandi's SLCT): values are split into terms at the separator characters
   * (`characters`, default every character that is not an ASCII letter or digit); a (position, term)
   * pair is frequent when more than threshold × rows values have it; values with the same set of
   * frequent pairs form a group, reported when it too holds more than threshold × rows values, with
   * its pattern (frequent terms kept, each run of other terms with the separators before it becoming
   * `*`), count and first value. Values in no reported group are counted in an `others` row with an
   * empty representative. kind=source keeps the rows and appends each row's group (Pattern, Count,
   * Representative: the analyzer's columns; the docs name only Pattern).
   */
  private reduce(input: PlanNode, op: A.ReduceOp, scope: Scope): PlanNode {
    const cols = input.schema;
    if (op.reduceKind !== undefined && op.reduceKind.toLowerCase() !== 'source') {
      this.fail(D.syntaxError(`unknown reduce kind '${op.reduceKind}'`, op.span, 'the only kind is kind=source'));
    }
    const source = op.reduceKind !== undefined;
    let expr = this.scalar(op.expr, cols, scope);
    if (expr.type !== 'string') expr = this.coerce(expr, 'string', op.expr.span, true);
    const bound = expr;
    const threshold = op.threshold ?? 0.1;
    const chars = op.characters;
    const isSep = chars !== undefined ? (ch: string) => chars.includes(ch) : (ch: string) => !/[A-Za-z0-9]/.test(ch);
    const schema: Column[] = source
      ? [...cols.map((c) => ({ ...c })), { name: 'Pattern', type: 'string' }, { name: 'Count', type: 'long' }, { name: 'Representative', type: 'string' }]
      : [{ name: 'Pattern', type: 'string' }, { name: 'Count', type: 'long' }, { name: 'Representative', type: 'string' }];
    /** the terms of a value, each with the separator text before it */
    const split = (text: string): { lead: string; term: string }[] => {
      const out: { lead: string; term: string }[] = [];
      let lead = '';
      let term = '';
      for (const ch of text) {
        if (isSep(ch)) {
          if (term !== '') { out.push({ lead, term }); lead = ''; term = ''; }
          lead += ch;
        } else term += ch;
      }
      if (term !== '') out.push({ lead, term });
      return out;
    };
    const run = (tables: { columns: Vector[]; rowCount: number }[], _k: KernelContext, exec?: unknown): { schema: Column[]; columns: Vector[]; rowCount: number } => {
      const ctx = exec as ExecContext;
      const t = tables[0]!;
      const n = t.rowCount;
      const values: string[] = [];
      const v = evaluate(bound, { columns: t.columns, n, sel: null }, ctx);
      for (let r = 0; r < n; r++) values.push((valueAt(v, r) as string | null) ?? '');
      const support = threshold * n;
      const terms = values.map(split);
      const freq = new Map<string, number>();
      for (const ts of terms) ts.forEach((x, i) => { const key = `${i}\u0000${x.term}`; freq.set(key, (freq.get(key) ?? 0) + 1); });
      const frequent = (i: number, term: string): boolean => (freq.get(`${i}\u0000${term}`) ?? 0) > support;
      const groups = new Map<string, { count: number; first: number }>();
      const keys: (string | null)[] = terms.map((ts) => {
        const parts = ts.map((x, i) => (frequent(i, x.term) ? `${i}\u0000${x.term}` : null)).filter((x) => x !== null);
        if (parts.length === 0) return null;
        return parts.join('\u0001');
      });
      keys.forEach((k, r) => {
        if (k === null) return;
        const g = groups.get(k);
        if (g) g.count++;
        else groups.set(k, { count: 1, first: r });
      });
      const patternOf = (r: number): string => {
        let out = '';
        let star = false;
        terms[r]!.forEach((x, i) => {
          if (frequent(i, x.term)) { out += x.lead + x.term; star = false; } else if (!star) { out += '*'; star = true; }
        });
        return out;
      };
      const kept = new Map<string, string>();
      for (const [k, g] of groups) if (g.count > support) kept.set(k, patternOf(g.first));
      const rowsOut: Scalar[][] = [];
      if (source) {
        let others = 0;
        keys.forEach((k) => { if (k === null || !kept.has(k)) others++; });
        for (let r = 0; r < n; r++) {
          const k = keys[r] ?? null;
          const g = k !== null && kept.has(k) ? groups.get(k)! : null;
          const group: Scalar[] = g ? [kept.get(k!)!, g.count, values[g.first]!] : ['others', others, ''];
          rowsOut.push([...t.columns.map((c) => getScalar(c, r)), ...group]);
        }
      } else {
        let others = 0;
        keys.forEach((k) => { if (k === null || !kept.has(k)) others++; });
        const list = [...groups.entries()].filter(([k]) => kept.has(k)).sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first);
        for (const [k, g] of list) rowsOut.push([kept.get(k)!, g.count, values[g.first]!]);
        if (others > 0) rowsOut.push(['others', others, '']);
      }
      if (rowsOut.length > ctx.limits.maxRows) throw new RowLimitExceeded(`reduce produced more than ${ctx.limits.maxRows} rows`);
      const columns = schema.map((c, j) => {
        const out = allocVector(c.type, rowsOut.length);
        rowsOut.forEach((row, i) => setScalar(out, i, row[j]!));
        return out;
      });
      return { schema, columns, rowCount: rowsOut.length };
    };
    return { kind: 'Plugin', name: 'reduce', inputs: [input], run, schema };
  }

  /** invoke-operator.md: `T | invoke f(a, b)` is `f(T, a, b)`. */
  private invoke(input: PlanNode, op: A.InvokeOp, scope: Scope): PlanNode {
    const c = op.call.kind === 'Paren' ? op.call.expr : op.call;
    let call: A.Call;
    if (c.kind === 'Call') call = c;
    else if (c.kind === 'NameRef') call = { kind: 'Call', name: c.name, nameSpan: c.span, args: [], span: c.span };
    else return this.fail(D.syntaxError('invoke expects a function call, e.g. invoke f(1)', op.call.span));
    const b = scope.get(call.name);
    const hunting = b ? undefined : lookupHuntingFunction(call.name);
    if (hunting) return this.huntingCall(hunting, input, call, scope);
    if (b?.kind !== 'function') {
      if (!b && isKustoFunction(call.name)) this.fail(D.syntaxError(`'${call.name}' is not a tabular function: invoke calls a user-defined function`, call.nameSpan));
      this.fail(D.unknownFunction(call.name, call.nameSpan, closest(call.name, scope.allNames())));
    }
    const first = b!.decl.params[0];
    if (!first || typeof first.type === 'string') {
      this.fail(D.syntaxError(`function '${call.name}' has no tabular first parameter for invoke to pass the table to`, call.nameSpan));
    }
    const inner = new Scope(scope);
    const hidden = uniqueName('__invoke_input', new Set(scope.allNames()));
    inner.set(hidden, { kind: 'tabular', plan: input });
    const withInput: A.Call = { ...call, args: [{ kind: 'NameRef', name: hidden, span: op.span } as A.NameRef, ...call.args] };
    return this.tabularCall(withInput, inner);
  }

  /**
   * Defender's hunting functions (functions/hunting.ts): `T | invoke FileProfile(...)`, `DeviceFromIP(...)`,
   * `SeenBy(...)` enrich the piped table; `AssignedIPAddresses(device, time)` is a table. Their data is the
   * application's (db.registerFunction); without it, KQL0208 (a warning in analyze, which gives the schema).
   */
  private huntingCall(f: HuntingFunction, input: PlanNode | null, call: A.Call, scope: Scope): PlanNode {
    if ((f.form === 'invoke') !== (input !== null)) {
      this.fail(D.syntaxError(f.form === 'invoke' ? `${f.name} enriches a table: call it as ${f.syntax}` : `${f.name} is a table, not invoked: call it as ${f.syntax}`, call.nameSpan));
    }
    const impl = this.options.huntingFunction?.(f.name);
    if (!impl) {
      const d = D.unknownFunctionForRegistration(f.name, call.nameSpan, huntingRegistrationHint(f));
      if (this.options.unregisteredAsWarning) this.diagnostics.push({ ...d, severity: 'warning' });
      else this.fail(d);
    }
    const max = f.name === 'SeenBy' ? 1 : 2;
    if (call.args.length > max) this.fail(D.argumentCount(f.name, `0 to ${max}`, call.args.length, call.span));
    if (!input) {
      // AssignedIPAddresses(device, timestamp?): row-independent values (let values, ago(1d), ...), computed
      // by a one-row projection the plugin reads
      if (call.args.length < 1) this.fail(D.argumentCount(f.name, '1 or 2', call.args.length, call.span));
      const device = this.scalar(call.args[0]!, [], scope);
      if (device.type !== 'string') this.fail(D.argumentTypeMismatch(f.name, 0, 'string', device.type, call.args[0]!.span));
      const exprs = [device];
      if (call.args[1]) {
        const t = this.scalar(call.args[1], [], scope);
        if (t.type !== 'datetime') this.fail(D.argumentTypeMismatch(f.name, 1, 'datetime', t.type, call.args[1].span));
        exprs.push(t);
      }
      const one: PlanNode = { kind: 'Values', columns: [], rowCount: 1, schema: [] };
      const argsRow: PlanNode = { kind: 'Project', input: one, exprs, schema: exprs.map((x, k) => ({ name: `arg${k}`, type: x.type })) };
      return {
        kind: 'Plugin', name: f.name, inputs: [argsRow], schema: f.columns.map((c) => ({ ...c })),
        run: ([t]) => {
          const d = getScalar(t!.columns[0]!, 0);
          const when = t!.columns[1] ? getScalar(t!.columns[1], 0) : null;
          return runAssignedIPAddresses(d === null ? '' : String(d), when === null ? null : (toJsValue('datetime', when) as Date), impl);
        },
      };
    }
    const cols = input.schema;
    // a column argument: its name (FileProfile(SHA1) or FileProfile("SHA1")), which the input must have
    const columnArg = (k: number, fallback: string | null, what: string, types: KqlType[], allowed?: string[]): string | null => {
      const a = call.args[k];
      let name = fallback;
      if (a) {
        if (a.kind === 'NameRef') name = a.name;
        else name = this.constantString(a, what, scope);
      }
      if (name === null) return null;
      const span = a?.span ?? call.nameSpan;
      if (allowed && !allowed.includes(name)) this.fail(D.argumentTypeMismatch(f.name, k, `one of ${allowed.join(', ')}`, name, span));
      const c = cols.find((x) => x.name === name);
      if (!c) this.fail(D.unknownColumn(name, span, closest(name, cols.map((x) => x.name))));
      if (!types.includes(c!.type)) this.fail(D.argumentTypeMismatch(f.name, k, types.join(' or '), c!.type, span));
      return name;
    };
    if (f.name === 'FileProfile') {
      const idColumn = columnArg(0, 'SHA1', 'the file id column', ['string'], FILE_ID_COLUMNS)!;
      let limit = 100;
      if (call.args[1]) {
        const v = this.fold(this.scalar(call.args[1], [], scope));
        if (v.kind !== 'Const' || (v.type !== 'int' && v.type !== 'long') || v.value === null || Number(v.value) < 1) this.fail(D.constantRequired('the number of files to enrich (a positive integer)', call.args[1].span));
        limit = Number((v as { value: Scalar }).value);
      }
      const { schema, addedColumns } = enrichedSchema(cols, f.columns, idColumn);
      return { kind: 'Plugin', name: f.name, inputs: [input], run: ([t]) => runFileProfile(t!, schema, addedColumns, idColumn, limit, impl), schema };
    }
    if (f.name === 'DeviceFromIP') {
      const ipColumn = columnArg(0, 'IP', 'the IP address column', ['string'])!;
      const timeColumn = columnArg(1, null, 'the timestamp column', ['datetime']);
      const { schema, addedColumns } = enrichedSchema(cols, f.columns, ipColumn);
      return { kind: 'Plugin', name: f.name, inputs: [input], run: ([t]) => runDeviceFromIP(t!, schema, addedColumns, ipColumn, timeColumn, impl), schema };
    }
    const deviceColumn = columnArg(0, 'DeviceId', 'the device id column', ['string'])!;
    const { schema } = enrichedSchema(cols, f.columns, deviceColumn);
    return { kind: 'Plugin', name: f.name, inputs: [input], run: ([t]) => runSeenBy(t!, schema, deviceColumn, impl), schema };
  }

  /** parse-kv-operator.md: specified delimiters, no delimiters, or a two-group regex; see values/kv.ts. */
  private parseKv(input: PlanNode, op: A.ParseKvOp, scope: Scope): PlanNode {
    let src = this.scalar(op.source, input.schema, scope);
    if (src.type !== 'string') src = this.coerce(src, 'string', op.source.span, true);
    const o: KvOptions = { quotes: [], escapes: [], greedy: false };
    for (const p of op.params) {
      switch (p.name) {
        case 'pair_delimiter': o.pairDelimiter = p.value; break;
        case 'kv_delimiter': o.kvDelimiter = p.value; break;
        case 'quote':
          if (p.value.length < 1 || p.value.length > 2) this.fail(D.syntaxError('quote must be one or two characters (opening and closing)', p.span));
          o.quotes.push([p.value[0]!, p.value[1] ?? p.value[0]!]);
          break;
        case 'escape':
          if (p.value.length !== 1) this.fail(D.syntaxError('escape must be one character', p.span));
          o.escapes.push(p.value);
          break;
        case 'greedy': o.greedy = p.value === 'true'; break;
        case 'regex': {
          const re = compileRegexOrError(p.value);
          if (typeof re === 'string') this.fail(D.invalidRegex(p.value, re, p.span));
          if ((re as KqlRegex).groupCount !== 2) this.fail(D.syntaxError(`the regex of parse-kv must have exactly two capturing groups (key and value), not ${(re as KqlRegex).groupCount}`, p.span));
          o.regex = re as KqlRegex;
          break;
        }
        default:
          this.fail(D.syntaxError(`unknown parse-kv parameter '${p.name}'`, p.span, 'use pair_delimiter, kv_delimiter, quote, escape, greedy or regex'));
      }
    }
    if ((o.pairDelimiter === undefined) !== (o.kvDelimiter === undefined)) {
      this.fail(D.syntaxError('pair_delimiter and kv_delimiter go together', op.span));
    }
    const names = new Set<string>();
    for (const c of op.columns) {
      if (names.has(c.name)) this.fail(D.duplicateColumn(c.name, c.span));
      names.add(c.name);
    }
    const keys = op.columns.map((c) => c.name);
    const matchFn: RowFn = (text) => {
      const found = extractKv(text as string, names, o);
      return keys.map((k) => found.get(k) ?? null);
    };
    return this.extendFromCaptures(input, src, matchFn, op.columns, false, op.span);
  }

  /**
   * parse / parse-kv: `match` turns the source text into one value per column (text, or null), or
   * null when the row does not parse; it runs once per row into a hidden dynamic column, from which
   * each column is converted to its type. `where`: only the rows that parse remain.
   */
  private extendFromCaptures(
    input: PlanNode, src: BoundExpr, matchFn: RowFn, columns: { name: string; type: KqlType; span: Span }[], where: boolean, span: Span,
  ): PlanNode {
    const cols = input.schema;
    const hiddenName = uniqueName('__parse', new Set(cols.map((c) => c.name)));
    const matchExpr = this.callNode('parse', 'dynamic', [src], { kind: 'row', fn: matchFn, nullPropagating: false }, span);
    matchExpr.foldable = false;
    const withHidden: PlanNode = {
      kind: 'Project', input,
      exprs: [...cols.map((c, i): BoundExpr => ({ kind: 'Column', index: i, type: c.type, name: c.name })), matchExpr],
      schema: [...cols.map((c) => ({ ...c })), { name: hiddenName, type: 'dynamic' }],
    };
    const h = cols.length;
    const hidden: BoundExpr = { kind: 'Column', index: h, type: 'dynamic', name: hiddenName };
    let rows: PlanNode = withHidden;
    if (where) {
      const notNull: RowFn = (v) => v !== null;
      rows = { kind: 'Filter', input: withHidden, predicate: this.callNode('isnotnull', 'bool', [hidden], { kind: 'row', fn: notNull, nullPropagating: false }, span), schema: withHidden.schema };
    }
    // output: the input columns (a parsed name replaces a column of that name in place), then the new ones
    const exprs: BoundExpr[] = cols.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }));
    const schema: Column[] = cols.map((c) => ({ ...c }));
    columns.forEach((c, k) => {
      const type = c.type;
      const get: RowFn = (caps) => {
        const v = caps === null ? null : (caps as (string | null)[])[k] ?? null;
        if (v === null) return type === 'string' ? '' : null;
        return type === 'string' ? v : convertTo(type, 'string', v.trim());
      };
      const e = this.callNode(c.name, type, [hidden], { kind: 'row', fn: get, nullPropagating: false }, c.span);
      const at = schema.findIndex((x) => x.name === c.name);
      if (at >= 0) {
        exprs[at] = e;
        schema[at] = { name: c.name, type };
      } else {
        exprs.push(e);
        schema.push({ name: c.name, type });
      }
    });
    return { kind: 'Project', input: rows, exprs, schema };
  }

  // ───────────────────────────── evaluate (plugins) ─────────────────────────────

  private evaluate(input: PlanNode, op: A.EvaluateOp, scope: Scope): PlanNode {
    const def = lookupPlugin(op.plugin);
    if (!def) {
      const external = EXTERNAL_PLUGINS[op.plugin];
      if (external) this.fail(D.pluginUnavailable(op.plugin, external, op.nameSpan));
      const known = KUSTO_CATALOG.filter(([, k]) => k === 'plugin').map(([n]) => n);
      if (known.includes(op.plugin)) this.fail(D.unsupportedFeature(`plugin '${op.plugin}'`, op.nameSpan));
      this.fail(D.unknownFunction(op.plugin, op.nameSpan, closest(op.plugin, known)));
    }
    const positional = op.args.filter((x) => x.kind !== 'NamedArg');
    const named = new Map<string, A.NamedArg>();
    for (const x of op.args) if (x.kind === 'NamedArg') named.set(x.name, x);
    const cols = input.schema;
    const extras: BoundExpr[] = [];
    const tables: PlanNode[] = [];
    const argAt = (i: number, name?: string): A.Expr | undefined =>
      (name !== undefined ? named.get(name)?.value : undefined) ?? (i >= 0 ? positional[i] : undefined);
    const fail = (message: string, span: Span = op.span): never => this.fail(D.typeMismatch(`${op.plugin}: ${message}`, span));
    const checkType = (t: KqlType, types: readonly KqlType[] | undefined, what: string, span: Span) => {
      if (types && !types.includes(t)) fail(`${what} must be of type ${types.join(' or ')}, not ${t}`, span);
    };
    const args: PluginArgs = {
      plugin: op.plugin,
      input: cols.map((c) => ({ ...c })),
      positional: positional.length,
      ...(op.schema ? { outputSchema: op.schema } : {}),
      span: op.span,
      has: (i, name) => argAt(i, name) !== undefined,
      spanOf: (i, name) => (name !== undefined ? named.get(name)?.span : undefined) ?? argAt(i, name)?.span ?? op.span,
      column: (i, what, types) => {
        const e = argAt(i);
        if (!e) return fail(`${what} is missing`);
        const u = unparen(e);
        const idx = u.kind === 'NameRef' ? cols.findIndex((c) => c.name === u.name) : -1;
        if (idx < 0) {
          if (u.kind === 'NameRef') this.fail(D.unknownColumn(u.name, u.span, closest(u.name, cols.map((c) => c.name))));
          fail(`${what} must be a column name`, e.span);
        }
        checkType(cols[idx]!.type, types, what, e.span);
        return idx;
      },
      constant: (i, what, type, name) => {
        const e = argAt(i, name);
        if (!e) return null;
        let x = this.fold(this.scalar(e, [], scope));
        const types = typeof type === 'string' ? [type] : type;
        if (!types.includes(x.type)) x = this.fold(this.coerce(x, types[0]!, e.span));
        if (x.kind !== 'Const') this.fail(D.constantRequired(what, e.span));
        return { type: x.type, value: (x as { value: Scalar }).value };
      },
      expr: (i, what, types, name) => {
        const e = argAt(i, name);
        if (!e) return fail(`${what} is missing`);
        const x = this.scalar(e, cols, scope);
        checkType(x.type, types, what, e.span);
        extras.push(x);
        return { index: cols.length + extras.length - 1, type: x.type };
      },
      table: (i, what) => {
        const e = argAt(i);
        if (!e) return fail(`${what} is missing`);
        const plan = this.tabular(e, scope);
        tables.push(plan);
        return { index: tables.length - 1, schema: plan.schema.map((c) => ({ ...c })) };
      },
      raw: (i) => argAt(i),
      isTable: (i) => { const e = argAt(i); return e !== undefined && this.isTabular(e, scope); },
      namedArgs: () => [...named.keys()],
      argOrder: () => {
        let k = 0;
        return op.args.map((x) => (x.kind === 'NamedArg' ? { name: x.name } : { index: k++ }));
      },
      fail,
    };
    const plan = def.bind(args);
    let main = input;
    if (plan.summarize) {
      const span = op.span;
      const agg: A.Expr = plan.summarize.aggregate ?? { kind: 'Call', name: 'count', nameSpan: span, args: [], span };
      const by = plan.summarize.by.map((i) => ({ expr: { kind: 'NameRef', name: cols[i]!.name, span } as A.NameRef, span }));
      main = this.summarize(input, [{ expr: agg, span: agg.span }], by, scope);
      if (main.schema.length !== by.length + 1) fail('the aggregation must yield one column', agg.span);
    } else if (extras.length) {
      const used = new Set(cols.map((c) => c.name));
      const exprs: BoundExpr[] = [...cols.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }) as BoundExpr), ...extras];
      main = { kind: 'Project', input, exprs, schema: [...cols, ...extras.map((x) => ({ name: uniqueName('__plugin_arg', used), type: x.type }))] };
    }
    const run = (ts: PluginTable[], ctx: KernelContext) => plan.run(ts[0]!, ts.slice(1), ctx);
    const node: PlanNode = { kind: 'Plugin', name: op.plugin, inputs: [main, ...tables], run, schema: plan.schema ?? [] };
    if (plan.schema) return node;
    // the output schema depends on the data: run the plugin now
    const materialize = this.options.materialize;
    if (!materialize) return fail('this plugin\'s output columns depend on the data; give an OutputSchema, e.g. `: (*, name:string)`');
    let out: PluginTable;
    try {
      out = run(node.inputs.map((p) => materialize(p)), this.kctx);
    } catch (e) {
      if (e instanceof KqlDataError) this.fail(D.runtimeError(e.message, op.span));
      throw e;
    }
    return { kind: 'Values', columns: out.columns, rowCount: out.rowCount, schema: out.schema };
  }

  // ───────────────────────────── search, find ─────────────────────────────

  /** The tables `search`/`find` look in by default: the database's tables and the `view`s in scope. */
  private defaultSources(span: Span, scope: Scope): A.Expr[] {
    const names = [...this.options.tableNames()];
    for (const n of new Set(scope.allNames())) {
      const b = scope.get(n);
      if (b?.kind === 'function' && b.decl.view && !names.includes(n)) names.push(n);
    }
    return names.map((name) => ({ kind: 'NameRef', name, span }) as A.NameRef);
  }

  /** search-operator.md: `$table` then the union of the sources' columns, rows where the predicate holds. */
  private search(input: PlanNode | null, e: A.SearchExpr | A.SearchOp, scope: Scope): PlanNode {
    let plan: PlanNode;
    if (input) {
      const name = input.kind === 'Scan' ? input.table : '';
      const exprs: BoundExpr[] = [constant('string', name), ...input.schema.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }) as BoundExpr)];
      plan = { kind: 'Project', input, exprs, schema: [{ name: '$table', type: 'string' }, ...input.schema] };
    } else {
      const tables = ('tables' in e && e.tables) || this.defaultSources(e.span, scope);
      if (tables.length === 0) this.fail(D.typeMismatch('search: there are no tables to search', e.span));
      plan = this.union(null, { withsource: '$table' }, tables, scope);
    }
    if (!e.predicate) return plan;
    const searched = plan.schema.slice(1).map((c) => c.name);
    const pred = this.scalar(searchTerms(e.predicate, searched, e.caseSensitive), plan.schema, scope);
    if (pred.type !== 'bool') this.fail(D.predicateNotBool(pred.type, e.predicate.span));
    return { kind: 'Filter', input: plan, predicate: pred, schema: plan.schema };
  }

  /** find-operator.md: `source_`, the projected (or project-smart) columns, and `pack_` with the rest. */
  private find(e: A.FindExpr, scope: Scope): PlanNode {
    const tableExprs = e.tables ?? this.defaultSources(e.span, scope);
    const sources = tableExprs.map((t) => ({ name: sourceName(t) ?? '', plan: this.tabular(t, scope) }));
    const referenced = new Set<string>();
    const walk = (x: A.Expr) => { if (x.kind === 'NameRef' && !scope.get(x.name)) referenced.add(x.name); forEachChild(x, walk); };
    walk(e.predicate);
    // tables with none of the predicate's columns are left out (a predicate of terms only keeps them all)
    const used = sources.filter((src) => referenced.size === 0 || src.plan.schema.some((c) => referenced.has(c.name)));
    const typeOf = (n: string): KqlType | undefined => {
      for (const src of used) { const c = src.plan.schema.find((x) => x.name === n); if (c) return c.type; }
      return undefined;
    };
    const out: { name: string; type: KqlType }[] = [];
    let pack = false;
    if (e.project) {
      for (const p of e.project) {
        if (p.packAll) { pack = true; continue; }
        const type = p.type ?? typeOf(p.name);
        if (!type) this.fail(D.unknownColumn(p.name, p.span));
        out.push({ name: p.name, type: type! });
      }
    } else {
      pack = true;
      const add = (n: string) => { const t = typeOf(n); if (t && !out.some((o) => o.name === n)) out.push({ name: n, type: t }); };
      for (const src of used) for (const c of src.plan.schema) if (referenced.has(c.name)) add(c.name);
      for (const c of used[0]?.plan.schema ?? []) {
        if (used.every((src) => src.plan.schema.some((x) => x.name === c.name && x.type === c.type))) add(c.name);
      }
    }
    const sourceCol = e.withsource ?? 'source_';
    const schema: Column[] = [{ name: sourceCol, type: 'string' }, ...out, ...(pack ? [{ name: 'pack_', type: 'dynamic' as KqlType }] : [])];
    if (used.length === 0) return { kind: 'Values', columns: schema.map((c) => allocVector(c.type, 0)), rowCount: 0, schema };
    const inputs = used.map((src) => {
      // columns the predicate names but this table lacks are typed nulls
      const missing = [...referenced].filter((n) => !src.plan.schema.some((c) => c.name === n) && typeOf(n) !== undefined);
      const cols = [...src.plan.schema, ...missing.map((n) => ({ name: n, type: typeOf(n)! }))];
      const base: PlanNode = missing.length === 0 ? src.plan : {
        kind: 'Project', input: src.plan, schema: cols,
        exprs: [...src.plan.schema.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }) as BoundExpr), ...missing.map((n) => constant(typeOf(n)!, null))],
      };
      const pred = this.scalar(searchTerms(e.predicate, src.plan.schema.map((c) => c.name), false), cols, scope);
      if (pred.type !== 'bool') this.fail(D.predicateNotBool(pred.type, e.predicate.span));
      const filtered: PlanNode = { kind: 'Filter', input: base, predicate: pred, schema: cols };
      const exprs: BoundExpr[] = [constant('string', src.name)];
      for (const o of out) {
        const i = src.plan.schema.findIndex((c) => c.name === o.name);
        if (i < 0) exprs.push(constant(o.type, null));
        else {
          const col: BoundExpr = { kind: 'Column', index: i, type: src.plan.schema[i]!.type, name: o.name };
          exprs.push(col.type === o.type ? col : this.coerce(col, o.type, e.span, true));
        }
      }
      if (pack) {
        const rest = src.plan.schema.filter((c) => !out.some((o) => o.name === c.name));
        const args: A.Expr[] = rest.flatMap((c) => [
          { kind: 'Literal', type: 'string', value: c.name, text: JSON.stringify(c.name), span: e.span } as A.Literal,
          { kind: 'NameRef', name: c.name, span: e.span } as A.NameRef,
        ]);
        exprs.push(args.length ? this.scalar({ kind: 'Call', name: 'bag_pack', nameSpan: e.span, args, span: e.span }, cols, scope) : constant('dynamic', {}));
      }
      return { kind: 'Project', input: filtered, exprs, schema } as PlanNode;
    });
    if (inputs.length === 1) return inputs[0]!;
    return { kind: 'Union', inputs, mappings: inputs.map(() => schema.map((_, i) => i)), sourceNames: null, schema };
  }

  // ───────────────────────────── externaldata ─────────────────────────────

  /** externaldata-operator.md over local files: read when the query runs (the schema is declared). */
  private externalData(e: A.ExternalDataExpr): PlanNode {
    let format = 'csv';
    let ignoreFirst = false;
    for (const p of e.properties) {
      const key = p.name.toLowerCase();
      if (key === 'format') {
        format = p.value.toLowerCase();
        if (!EXTERNAL_FORMATS.includes(format)) this.fail(D.typeMismatch(`externaldata: format '${p.value}' is not supported (use ${EXTERNAL_FORMATS.join(', ')})`, p.span));
      } else if (key === 'ignorefirstrecord') ignoreFirst = p.value.toLowerCase() === 'true';
      // other properties (compression, encodings, ...) do not change how a local text file reads
    }
    const used = new Set<string>();
    for (const c of e.columns) if (used.has(c.name)) this.fail(D.duplicateColumn(c.name, c.span)); else used.add(c.name);
    const schema = e.columns.map((c) => ({ name: c.name, type: c.type }));
    const read = this.options.externalData;
    // a URL nobody answers fails here, at its position, whatever the data (not only when the plan reads it)
    // (recorded, not thrown: the name a let gives it stays known, so no unknown-name errors follow)
    // (analyze(), like an unregistered world function: a warning, the schema still given)
    for (const u of e.uris) {
      if (!isUrl(u.value) || this.options.externalUrls) continue;
      const d = D.runtimeError(urlRefused(u.value), u.span);
      this.diagnostics.push(this.options.unregisteredAsWarning ? { ...d, severity: 'warning' } : d);
    }
    const uris = e.uris.map((u) => u.value);
    const run = () => {
      if (!read) throw new KqlDataError(`externaldata: reading '${uris[0]}' is refused: the application has not allowed local files (Database option externalDataRoot)`);
      // a reader's failure points at its URI in the query
      const texts = e.uris.map((u) => {
        try {
          return { uri: u.value, text: read(u.value) };
        } catch (err) {
          if (err instanceof KqlDataError && err.span === undefined) throw new KqlDataError(err.message, u.span);
          throw err;
        }
      });
      return externalTable(schema, texts, format, ignoreFirst);
    };
    return { kind: 'Plugin', name: 'externaldata', inputs: [], run, schema };
  }

  // ───────────────────────────── project-by-names ─────────────────────────────

  /** `project-by-names` items: constant strings (wildcards allowed) or dynamic arrays of them; unmatched names are skipped. */
  private projectByNames(input: PlanNode, op: A.ProjectByNamesOp, scope: Scope): PlanNode {
    const order: number[] = [];
    for (const item of op.items) {
      const x = this.fold(this.scalar(item, [], scope));
      if (x.kind !== 'Const' || (x.type !== 'string' && x.type !== 'dynamic')) this.fail(D.constantRequired('a column name (string) or a dynamic array of names', item.span));
      const v = (x as { value: Scalar }).value;
      const names = Array.isArray(v) ? v.map((n) => (typeof n === 'string' ? n : JSON.stringify(n))) : typeof v === 'string' ? [v] : [];
      for (const n of names) {
        const match = wildcardMatcher(n);
        input.schema.forEach((c, i) => { if (match(c.name) && !order.includes(i)) order.push(i); });
      }
    }
    return this.select(input, order);
  }

  // ───────────────────────────── lookup, sample, top-nested ─────────────────────────────

  /**
   * lookup (lookup-operator.md): a join of kind leftouter (default) or inner whose result has the left
   * columns, then the right columns that are not join keys (colliding names suffixed as join does).
   */
  private lookup(input: PlanNode, op: A.LookupOp, scope: Scope): PlanNode {
    const kind = (op.joinKind ?? 'leftouter').toLowerCase();
    if (kind !== 'leftouter' && kind !== 'inner') {
      this.fail(D.syntaxError(`unknown lookup kind '${op.joinKind}'`, op.kindSpan ?? op.span, 'use kind=leftouter or kind=inner'));
    }
    const join = this.join(input, { kind: 'Join', joinKind: kind, hints: [], right: op.right, on: op.on, span: op.span }, scope);
    if (join.kind !== 'Join') return join;
    const nl = join.left.schema.length;
    const rightKeys = new Set(join.rightKeys);
    const keep = join.schema.map((_, i) => i).filter((i) => i < nl || !rightKeys.has(i - nl));
    return this.select(join, keep);
  }

  /** sample / sample-distinct: N rows in random order (serialize-operator.md: not serialized). */
  private sample(input: PlanNode, n: number): PlanNode {
    const random: Implementation = {
      kind: 'vector',
      kernel: (_args, len) => {
        const v = allocVector('real', len);
        for (let i = 0; i < len; i++) v.data[i] = Math.random();
        return v;
      },
    };
    const key: BoundCall = { kind: 'Call', name: 'rand', type: 'real', args: [], impl: random, foldable: false, span: { start: 0, end: 0 } };
    const top: PlanNode = { kind: 'Top', input, count: n, keys: [{ expr: key, descending: false, nullsFirst: false }], schema: input.schema };
    const out = this.select(top, input.schema.map((_, i) => i));
    this.unserializedMarks.add(out);
    return out;
  }

  /** top-nested (top-nested-operator.md): per level, a key column and an aggregate column (`aggregated_<key>` unless named). */
  private topNested(input: PlanNode, op: A.TopNestedOp, scope: Scope): PlanNode {
    const cols = input.schema;
    const used = new Set<string>();
    const schema: Column[] = [];
    const levels = op.clauses.map((c, i) => {
      const key = this.fold(this.scalar(c.key.expr, cols, scope));
      if (key.type === 'dynamic') this.fail(D.dynamicKey('a top-nested key', c.key.expr.span));
      const keyName = c.key.names?.[0]?.name ?? expressionName(c.key.expr, namesLikeColumn(cols, scope)) ?? `Column${i + 1}`;
      const e = unparen(c.aggregate.expr);
      if (e.kind !== 'Call' || scope.get(e.name) || !lookupAggregate(e.name) || lookupAggregate(e.name)!.resultName.kind === 'Columns') {
        this.fail(D.expectedAggregate(c.aggregate.expr.span));
      }
      const { agg } = this.aggregateCall(e as A.Call, cols, scope, c.aggregate, new Set());
      const aggName = c.aggregate.names?.[0]?.name ?? `aggregated_${keyName}`;
      schema.push({ name: uniqueName(keyName, used), type: key.type }, { name: uniqueName(aggName, used), type: agg.type });
      const count = c.count ? this.constNumber(c.count, scope, 'the number of top-nested values') : null;
      let others: { value: unknown } | undefined;
      if (c.others) {
        const o = this.fold(this.coerce(this.fold(this.scalar(c.others, [], scope)), key.type, c.others.span));
        if (o.kind !== 'Const') this.fail(D.constantRequired('the top-nested others value', c.others.span));
        others = { value: (o as { value: Scalar }).value };
      }
      return { key, aggregate: agg, count, descending: c.direction !== 'asc', ...(others ? { others } : {}) };
    });
    return { kind: 'TopNested', input, levels, schema };
  }

  // ───────────────────────────── make-series ─────────────────────────────

  /** make-series = summarize aggs by by..., bin_at(axis, step, start) (or bin() without start), then a MakeSeries node. */
  private makeSeries(input: PlanNode, op: A.MakeSeriesOp, scope: Scope): PlanNode {
    const cols = input.schema;
    const axis = this.scalar(op.axis, cols, scope);
    const axisType = axis.type;
    if (!(isNumeric(axisType) || axisType === 'datetime' || axisType === 'timespan')) {
      this.fail(D.typeMismatch(`the make-series axis must be a datetime, timespan or number, not '${axisType}'`, op.axis.span));
    }
    const stepAst = op.range ? op.range.step : op.step!;
    const step = this.fold(this.scalar(stepAst, [], scope));
    const stepOk = axisType === 'datetime' || axisType === 'timespan' ? step.type === 'timespan' : isNumeric(step.type);
    if (!stepOk) this.fail(D.typeMismatch(`the make-series step must be ${axisType === 'datetime' || axisType === 'timespan' ? "a 'timespan'" : 'a number'}, not '${step.type}'`, stepAst.span));
    if (step.kind !== 'Const' || step.value === null) this.fail(D.constantRequired('the make-series step', stepAst.span));
    const stepValue = step.kind === 'Const' ? Number(step.value) : 0;
    if (!(stepValue > 0)) this.fail(D.typeMismatch('the make-series step must be positive', stepAst.span));
    const bound = (e: A.Expr | undefined): Scalar => {
      if (!e) return null;
      // a bound is one value for the whole query: now() and ago() (not folded elsewhere) are evaluated here
      const x = this.foldOnce(this.coerce(this.foldOnce(this.scalar(e, [], scope)), axisType === 'int' ? 'long' : axisType, e.span));
      if (x.kind !== 'Const') this.fail(D.constantRequired('a make-series bound', e.span));
      return (x as { value: Scalar }).value;
    };
    const startAst = op.range ? op.range.start : op.from;
    const start = bound(startAst);
    const end = bound(op.range ? op.range.stop : op.to);
    // the bin of each row: bin_at(axis, step, start) when a start is given, else bin(axis, step)
    const binCall: A.Call = startAst && !op.range
      ? { kind: 'Call', name: 'bin_at', nameSpan: op.axis.span, args: [op.axis, stepAst, startAst], span: op.axis.span }
      : { kind: 'Call', name: 'bin', nameSpan: op.axis.span, args: [op.axis, stepAst], span: op.axis.span };
    const axisName = expressionName(op.axis, namesLikeColumn(cols, scope)) ?? 'Column1';
    const aggItems = op.items.map((it): A.NamedExpr => {
      const e = unparen(it.item.expr);
      const def = e.kind === 'Call' && !scope.get(e.name) ? lookupAggregate(e.name) : undefined;
      if (def && (def.resultName.kind === 'Columns' || (def.resultName.kind === 'Percentiles' && e.kind === 'Call' && e.args.length > 2))) {
        this.fail(D.expectedAggregate(it.item.expr.span));
      }
      if (def) return it.item;
      // a plain expression (`other = -1` in make-series-operator.md): its value in every bin that has rows
      return { ...it.item, expr: { kind: 'Call', name: 'take_any', nameSpan: it.item.expr.span, args: [it.item.expr], span: it.item.expr.span } };
    });
    const byItems: A.NamedExpr[] = [...op.by, { names: [{ name: axisName, span: op.axis.span }], expr: binCall, span: op.axis.span }];
    const summarized = this.summarize(input, aggItems, byItems, scope);
    const byCount = op.by.length;
    const aggregates = op.items.map((it, j) => {
      const type = summarized.schema[byCount + 1 + j]!.type;
      if (!(isNumeric(type) || type === 'timespan' || type === 'datetime' || type === 'bool')) {
        this.fail(D.typeMismatch(`make-series aggregates must be numeric, not '${type}'`, it.item.expr.span));
      }
      let def: Scalar = 0;
      if (it.default) {
        const d = this.fold(this.scalar(it.default, [], scope));
        if (d.kind !== 'Const') this.fail(D.constantRequired('a make-series default', it.default.span));
        def = toDynamicValue(d.type, (d as { value: Scalar }).value);
      }
      return { type, default: def };
    });
    const nonEmpty = op.parameters.some((p) => p.name === 'kind' && p.value.toLowerCase() === 'nonempty');
    const schema: Column[] = [
      ...summarized.schema.slice(0, byCount).map((c) => ({ ...c })),
      ...summarized.schema.slice(byCount + 1).map((c) => ({ name: c.name, type: 'dynamic' as KqlType })),
      { name: axisName, type: 'dynamic' },
    ];
    return {
      kind: 'MakeSeries', input: summarized, byCount, aggregates, axisType, start, end, step: stepValue,
      endInclusive: op.range !== undefined, nonEmpty, schema,
    };
  }

  private select(input: PlanNode, indexes: number[]): PlanNode & { kind: 'Project' } {
    const exprs: BoundExpr[] = indexes.map((i) => ({ kind: 'Column', index: i, type: input.schema[i]!.type, name: input.schema[i]!.name }));
    return { kind: 'Project', input, exprs, schema: indexes.map((i) => ({ ...input.schema[i]! })) };
  }

  private getSchema(input: PlanNode): PlanNode {
    const n = input.schema.length;
    const name = allocVector('string', n);
    const ord = allocVector('long', n);
    const dt = allocVector('string', n);
    const ct = allocVector('string', n);
    const netTypes: Record<KqlType, string> = {
      bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
      string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
    };
    input.schema.forEach((c, i) => {
      setScalar(name, i, c.name);
      setScalar(ord, i, i);
      setScalar(dt, i, netTypes[c.type]);
      setScalar(ct, i, c.type);
    });
    return {
      kind: 'Values', columns: [name, ord, dt, ct], rowCount: n,
      schema: [
        { name: 'ColumnName', type: 'string' }, { name: 'ColumnOrdinal', type: 'long' },
        { name: 'DataType', type: 'string' }, { name: 'ColumnType', type: 'string' },
      ],
    };
  }

  /**
   * array_sort_asc/desc over several arrays yield one column per array (array-sort-asc-function.md):
   * an item `array_sort_asc(a, b)` or `(x, y) = array_sort_asc(a, b)` becomes one item per array,
   * `array_sort_asc(a, b)[k]`, named `a_sorted`, `b_sorted` (literals: `array0_sorted`, …) as the analyzer does.
   */
  private spreadItems(items: A.NamedExpr[], cols: Column[], scope: Scope): A.NamedExpr[] {
    const out: A.NamedExpr[] = [];
    for (const item of items) {
      const e = unparen(item.expr);
      if (e.kind !== 'Call' || !MULTI_ARRAY_FUNCTIONS.has(e.name) || scope.get(e.name) || e.args.length < 2) {
        out.push(item);
        continue;
      }
      const last = e.args[e.args.length - 1]!;
      const arrays = last.kind !== 'Star' && this.scalar(last, cols, scope).type === 'bool' ? e.args.length - 1 : e.args.length;
      if (arrays < 2 && !(item.names && item.names.length > 1)) {
        out.push(item);
        continue;
      }
      for (let k = 0; k < arrays; k++) {
        const index: A.Literal = { kind: 'Literal', type: 'long', value: k, text: String(k), span: e.span };
        const given = item.names?.[k];
        const one: A.NamedExpr = { names: given ? [given] : undefined, expr: { kind: 'Index', target: e, index, span: e.span }, span: item.span };
        SPREAD_ITEMS.add(one);
        out.push(one);
      }
    }
    return out;
  }

  private constNumber(e: A.Expr, scope: Scope, what: string): number {
    const x = this.fold(this.scalar(e, [], scope));
    if (x.kind !== 'Const' || typeof x.value !== 'number' || !isNumeric(x.type)) this.fail(D.constantRequired(what, e.span));
    return Math.max(0, Math.trunc(x.value as number));
  }

  /**
   * extend / project: each item is bound against the columns so far (an item may use the ones before it);
   * extend replaces an existing column in place and appends new ones (Microsoft's analyzer, KUSTO-SEMANTICS 23).
   */
  private extendOrProject(input: PlanNode, items: A.NamedExpr[], scope: Scope, extend: boolean): PlanNode {
    if (!items.some((it) => this.hasWindowCall(it.expr, scope))) return this.extendOrProjectItems(input, items, scope, extend);
    if (!extend) {
      const h = this.hoistWindows(input, items.map((it) => it.expr), scope);
      return this.extendOrProjectItems(h.node, items.map((it, k) => ({ ...it, expr: h.exprs[k]! })), scope, false, items.map((it) => it.expr));
    }
    // extend: items see the ones before them, so each item with window calls gets its own window node
    let plan = input;
    let pending: A.NamedExpr[] = [];
    const flush = () => {
      if (pending.length) plan = this.extendOrProjectItems(plan, pending, scope, true);
      pending = [];
    };
    for (const item of items) {
      if (!this.hasWindowCall(item.expr, scope)) {
        pending.push(item);
        continue;
      }
      flush();
      const before = plan.schema.length;
      const h = this.hoistWindows(plan, [item.expr], scope);
      const hidden = h.node.schema.length - before;
      const ext = this.extendOrProjectItems(h.node, [{ ...item, expr: h.exprs[0]! }], scope, true, [item.expr]);
      plan = this.select(ext, ext.schema.map((_, i) => i).filter((i) => i < before || i >= before + hidden));
    }
    flush();
    return plan;
  }

  /** Whether the plan's rows are serialized (serialize-operator.md: sort, top, range, getschema, serialize; kept by row-wise operators). */
  private isSerialized(plan: PlanNode): boolean {
    if (this.serializedMarks.has(plan)) return true;
    if (this.unserializedMarks.has(plan)) return false;
    switch (plan.kind) {
      case 'Sort':
      case 'Top':
      case 'Range':
      case 'Window':
        return true;
      case 'Project':
      case 'Filter':
      case 'Limit':
      case 'MvExpand':
      case 'Shared':
        return this.isSerialized(plan.input);
      default:
        return false;
    }
  }

  private hasWindowCall(e: A.Expr, scope: Scope): boolean {
    if (e.kind === 'Call' && WINDOW_FUNCTIONS.has(e.name) && !scope.get(e.name)) return true;
    let found = false;
    forEachChild(e, (x) => { if (!found && this.hasWindowCall(x, scope)) found = true; });
    return found;
  }

  /** Moves each window call of `exprs` (innermost first) into a column of a Window node over `input`. */
  private hoistWindows(input: PlanNode, exprs: A.Expr[], scope: Scope): { node: PlanNode; exprs: A.Expr[] } {
    const cols: Column[] = input.schema.map((c) => ({ ...c }));
    const used = new Set(cols.map((c) => c.name));
    const calls: WindowCall[] = [];
    const rewrite = (x: A.Expr): A.Expr => {
      if (x.kind === 'Call' && WINDOW_FUNCTIONS.has(x.name) && !scope.get(x.name)) {
        if (!this.isSerialized(input)) this.fail(D.notSerialized(x.name, x.nameSpan));
        const args = x.args.map(rewrite);
        const call = this.bindWindowCall(x, args, cols, scope);
        const name = uniqueName(`__window${calls.length}`, used);
        calls.push(call);
        cols.push({ name, type: call.type });
        return { kind: 'NameRef', name, span: x.span };
      }
      return mapExprChildren(x, rewrite);
    };
    const out = exprs.map(rewrite);
    return { node: { kind: 'Window', input, calls, schema: cols }, exprs: out };
  }

  private bindWindowCall(e: A.Call, argAsts: A.Expr[], cols: Column[], scope: Scope): WindowCall {
    const [min, max] = ({ row_number: [0, 2], prev: [1, 3], next: [1, 3], row_cumsum: [1, 2], row_rank_dense: [1, 2], row_rank_min: [1, 2], row_window_session: [3, 4] } as Record<string, [number, number]>)[e.name]!;
    if (argAsts.length < min || argAsts.length > max) this.fail(D.argumentCount(e.name, min === max ? String(min) : `${min} to ${max}`, argAsts.length, e.span));
    const args = argAsts.map((a) => this.fold(this.scalar(a, cols, scope)));
    const span = (i: number) => argAsts[i]!.span;
    const need = (i: number, ok: (t: KqlType) => boolean, expected: string) => {
      if (args[i] && !ok(args[i]!.type)) this.fail(D.argumentTypeMismatch(e.name, i, expected, args[i]!.type, span(i)));
    };
    const mustBeConst = (i: number, what: string) => {
      if (args[i] && args[i]!.kind !== 'Const') this.fail(D.constantRequired(`the ${what} of '${e.name}'`, span(i)));
    };
    const restart = (i: number) => {
      need(i, (t) => t === 'bool', "of type 'bool'");
      if (args[i]) args[i] = this.fold(args[i]!);
    };
    switch (e.name) {
      case 'row_number':
        need(0, isNumeric, 'a number');
        mustBeConst(0, 'starting index');
        if (args[0]) args[0] = this.coerce(args[0], 'long', span(0));
        restart(1);
        return { fn: e.name, args, type: 'long' };
      case 'prev':
      case 'next': {
        const t = args[0]!.type;
        need(1, isNumeric, 'a number');
        mustBeConst(1, 'offset');
        if (args[1]) {
          args[1] = this.coerce(args[1], 'long', span(1));
          if (((args[1] as { value: Scalar }).value as number) < 0) this.fail(D.typeMismatch(`the offset of '${e.name}' must not be negative`, span(1)));
        }
        // next-function.md: default_value is any scalar; Microsoft's analyzer accepts one of another type
        // (prev(Timestamp, 1, 0), next(x, 1, "s")) and the result keeps the column's type: the default is
        // converted to it as to<type>() would (a value that does not convert is null)
        if (args[2] && args[2].type !== t && !widenTo(args[2].type, [t])) {
          const convert = lookupScalar(t === 'dynamic' ? 'todynamic' : `to${t}`);
          args[2] = convert ? this.applyScalar(convert, [args[2]], [e.args[2]!], span(2)) : this.coerce(args[2], t, span(2), true);
        } else if (args[2]) args[2] = this.coerce(args[2], t, span(2));
        return { fn: e.name, args, type: t };
      }
      case 'row_cumsum':
        need(0, (t) => isNumeric(t), "'int', 'long', 'real' or 'decimal'");
        restart(1);
        return { fn: e.name, args, type: args[0]!.type };
      case 'row_rank_dense':
      case 'row_rank_min':
        need(0, (t) => t !== 'dynamic', 'a scalar of a non-dynamic type');
        restart(1);
        return { fn: e.name, args, type: 'long' };
      default: // row_window_session
        need(0, (t) => t === 'datetime', "of type 'datetime'");
        need(1, (t) => t === 'timespan', "of type 'timespan'");
        need(2, (t) => t === 'timespan', "of type 'timespan'");
        mustBeConst(1, 'maximum distance from the first value');
        mustBeConst(2, 'maximum distance between neighbors');
        restart(3);
        return { fn: e.name, args, type: 'datetime' };
    }
  }

  private extendOrProjectItems(
    input: PlanNode, items: A.NamedExpr[], scope: Scope, extend: boolean, nameSources?: A.Expr[],
  ): PlanNode & { kind: 'Project' } {
    const outCols: Column[] = extend ? input.schema.map((c) => ({ ...c })) : [];
    const outExprs: BoundExpr[] = extend
      ? input.schema.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }))
      : [];
    // names visible to later items: input columns, overridden by the items bound so far
    const visible: Column[] = input.schema.map((c) => ({ ...c }));
    const visibleExprs: BoundExpr[] = input.schema.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }));
    const used = new Set(outCols.map((c) => c.name));
    const explicit = new Set(items.flatMap((it) => it.names?.map((n) => n.name) ?? []));
    const outerWidth = this.inputWidth;
    this.inputWidth = input.schema.length;
    try {
      this.bindItems(items, nameSources, scope, extend, { outCols, outExprs, visible, visibleExprs, used, explicit });
    } finally {
      this.inputWidth = outerWidth;
    }
    return { kind: 'Project', input, exprs: outExprs, schema: outCols };
  }

  private bindItems(
    items: A.NamedExpr[], nameSources: A.Expr[] | undefined, scope: Scope, extend: boolean,
    st: { outCols: Column[]; outExprs: BoundExpr[]; visible: Column[]; visibleExprs: BoundExpr[]; used: Set<string>; explicit: Set<string> },
  ): void {
    const { outCols, outExprs, visible, visibleExprs, used, explicit } = st;
    const assigned = new Set<string>();
    const expanded: { item: A.NamedExpr; source: A.Expr | undefined }[] = [];
    items.forEach((it, k) => {
      for (const one of this.spreadItems([it], visible, scope)) expanded.push({ item: one, source: one === it ? nameSources?.[k] : undefined });
    });
    for (const { item, source } of expanded) {
      const given = item.names?.[0];
      if (given) {
        if (assigned.has(given.name)) this.fail(D.duplicateColumn(given.name, given.span));
        assigned.add(given.name);
      }
      const place = (name: string, bound: BoundExpr, span: Span) => {
        const at = outCols.findIndex((c) => c.name === name);
        if (at >= 0) {
          if (!extend) this.fail(D.duplicateColumn(name, span));
          outCols[at] = { name, type: bound.type };
          outExprs[at] = bound;
        } else {
          outCols.push({ name, type: bound.type });
          outExprs.push(bound);
          used.add(name);
        }
        const v = visible.findIndex((c) => c.name === name);
        if (v >= 0) {
          visible[v] = { name, type: bound.type };
          visibleExprs[v] = bound;
        } else {
          visible.push({ name, type: bound.type });
          visibleExprs.push(bound);
        }
      };
      // a function with several result columns (series_stats, series_fit_line, ...): one column per field
      const call = unparen(item.expr);
      const fields = call.kind === 'Call' && !scope.get(call.name) ? TUPLE_FUNCTIONS[call.name] : undefined;
      if (fields && call.kind === 'Call') {
        const bag = this.fold(this.scalarOver(item.expr, visible, visibleExprs, scope));
        const argName = call.args[0] ? expressionName(call.args[0], namesLikeColumn(visible, scope)) ?? '' : '';
        fields.forEach(([field, type], k) => {
          const named = item.names?.[k];
          const name = named?.name ?? uniqueName(`${call.name}_${argName}_${field}`, new Set([...used, ...explicit]));
          if (k > 0 && named) {
            if (assigned.has(named.name)) this.fail(D.duplicateColumn(named.name, named.span));
            assigned.add(named.name);
          }
          const impl: Implementation = { kind: 'row', fn: (b) => tupleField(b, field, type), nullPropagating: true };
          place(name, this.fold(this.callNode(`${call.name}.${field}`, type, [bag], impl, item.span)), item.span);
        });
        continue;
      }
      let bound = this.scalarOver(item.expr, visible, visibleExprs, scope);
      bound = this.fold(bound);
      let name = item.names?.[0]?.name;
      if (item.names && item.names.length > 1) this.fail(D.unsupportedFeature('assigning to several names', item.span));
      if (name === undefined) {
        const derived = expressionName(source ?? item.expr, namesLikeColumn(visible, scope));
        if (derived !== undefined) name = derived;
        else name = this.nextColumnName(new Set([...used, ...explicit]));
      }
      // project: a derived name already taken gets a suffix (tolong(r), toint(r) → r, r1), as the analyzer does
      if (!extend && !item.names && outCols.some((c) => c.name === name)) name = uniqueName(name, new Set([...used, ...explicit]));
      place(name, bound, item.span);
    }
  }

  /** Binds a scalar over a "virtual" row whose columns may be expressions of the real input. */
  private scalarOver(e: A.Expr, visible: Column[], exprs: BoundExpr[], scope: Scope): BoundExpr {
    const bound = this.scalar(e, visible, scope);
    return substitute(bound, exprs);
  }

  private sortKeys(items: A.SortItem[], cols: Column[], scope: Scope): SortKey[] {
    return items.map((it) => {
      const expr = this.scalar(it.expr, cols, scope);
      const descending = it.direction !== 'asc';
      const nullsFirst = it.nulls ? it.nulls === 'first' : !descending;
      return { expr, descending, nullsFirst };
    });
  }

  private countRows(input: PlanNode, name: string): PlanNode {
    const def = lookupAggregate('count')!;
    const agg: BoundAggregate = { def, args: [], argInfo: [], type: 'long', outputs: 1 };
    return { kind: 'Aggregate', input, keys: [], aggregates: [agg], schema: [{ name, type: 'long' }] };
  }

  // ───────────────────────────── summarize ─────────────────────────────

  private summarize(input: PlanNode, aggItems: A.NamedExpr[], byItems: A.NamedExpr[], scope: Scope): PlanNode {
    const cols = input.schema;
    const used = new Set<string>();
    const keys: BoundExpr[] = [];
    const keyCols: Column[] = [];
    const isCol = namesLikeColumn(cols, scope);
    for (const item of byItems) {
      const k = this.fold(this.scalar(item.expr, cols, scope));
      if (k.type === 'dynamic') this.fail(D.dynamicKey('a summarize by key', item.expr.span));
      let name = item.names?.[0]?.name ?? expressionName(item.expr, isCol);
      if (name === undefined) name = this.nextColumnName(used);
      keyCols.push({ name: uniqueName(name, used), type: k.type });
      keys.push(k);
    }
    // a `*` argument (arg_max(x, *)) leaves out the input columns that are keys as they are (by a, by k = a);
    // a key computed from a column (by bin(a, 1h)) leaves it in, renamed a1, as Microsoft's analyzer does
    const keyInputs = new Set(keys.flatMap((k) => (k.kind === 'Column' ? [cols[k.index]!.name] : [])));
    // Aggregates: each item is an aggregate call, or an expression over aggregate calls (computed after).
    const aggs: BoundAggregate[] = [];
    const aggCols: Column[] = [];
    const post: { expr: BoundExpr; name: string }[] = [];
    let needPost = false;
    for (const item of aggItems) {
      const e = unparen(item.expr);
      const direct = e.kind === 'Call' && lookupAggregate(e.name) !== undefined && !scope.get(e.name);
      if (direct) {
        const { agg, names, types } = this.aggregateCall(e, cols, scope, item, keyInputs);
        const start = keyCols.length + aggCols.length;
        aggs.push(agg);
        names.forEach((nm, j) => {
          const t = types[j]!;
          const finalName = uniqueName(nm ?? this.nextColumnName(used), used);
          aggCols.push({ name: finalName, type: t });
          post.push({ expr: { kind: 'Column', index: start + j, type: t, name: finalName }, name: finalName });
        });
      } else {
        // expression over aggregates: hoist each aggregate call into a hidden column
        needPost = true;
        const hoisted: { call: A.Call; index: number }[] = [];
        const collect = (x: A.Expr) => {
          if (x.kind === 'Call' && lookupAggregate(x.name) && !scope.get(x.name)) {
            const { agg, types } = this.aggregateCall(x, cols, scope, { expr: x, span: x.span }, keyInputs);
            const index = keyCols.length + aggCols.length;
            aggs.push(agg);
            types.forEach((t, j) => aggCols.push({ name: j === 0 ? `__agg${index}` : `__agg${index}_${j}`, type: t }));
            hoisted.push({ call: x, index });
            return;
          }
          if (x.kind === 'Call' && !scope.get(x.name) && !lookupScalar(x.name) && !['toscalar', 'typeof', 'column_ifexists'].includes(x.name)) {
            if (isKustoFunction(x.name)) this.fail(D.unsupportedFunction(x.name, x.nameSpan));
            this.fail(D.unknownFunction(x.name, x.nameSpan, closest(x.name, implementedNames())));
          }
          forEachChild(x, collect);
        };
        collect(e);
        if (hoisted.length === 0) this.fail(D.expectedAggregate(item.expr.span));
        const rowCols = [...keyCols, ...aggCols];
        const bound = this.scalarWithHoisted(e, rowCols, hoisted, scope);
        const name = item.names?.[0]?.name ?? this.nextColumnName(used);
        post.push({ expr: this.fold(bound), name: uniqueName(name, used) });
      }
    }
    const aggSchema = [...keyCols, ...aggCols];
    const node: PlanNode = { kind: 'Aggregate', input, keys, aggregates: aggs, schema: aggSchema };
    if (!needPost) return node;
    const exprs: BoundExpr[] = keyCols.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }));
    exprs.push(...post.map((p) => p.expr));
    return {
      kind: 'Project', input: node, exprs,
      schema: [...keyCols, ...post.map((p) => ({ name: p.name, type: p.expr.type }))],
    };
  }

  /** Binds an expression whose aggregate calls were hoisted into columns `index` of `rowCols`. */
  private scalarWithHoisted(e: A.Expr, rowCols: Column[], hoisted: { call: A.Call; index: number }[], scope: Scope): BoundExpr {
    const names = new Map<A.Call, string>();
    hoisted.forEach((h) => names.set(h.call, rowCols[h.index]!.name));
    const rewrite = (x: A.Expr): A.Expr => {
      if (x.kind === 'Call' && names.has(x)) return { kind: 'NameRef', name: names.get(x)!, span: x.span };
      return mapExprChildren(x, rewrite);
    };
    return this.scalar(rewrite(e), rowCols, scope);
  }

  /** `byNames`: the input columns that are by-keys as they are, which a `*` argument leaves out. */
  private aggregateCall(
    e: A.Call, cols: Column[], scope: Scope, item: A.NamedExpr, byNames: Set<string>,
  ): { agg: BoundAggregate; names: (string | undefined)[]; types: KqlType[] } {
    const isCol = namesLikeColumn(cols, scope);
    const def = lookupAggregate(e.name)!;
    const multi = def.resultName.kind === 'Columns';
    // arg_max(x, *) / take_any(*) expand `*` into all input columns
    let argExprs: A.Expr[] = e.args;
    if (e.args.some((a) => a.kind === 'Star')) {
      if (!multi) this.fail(D.syntaxError(`'*' is not allowed in ${e.name}()`, e.span));
      const first = e.args[0]!;
      const firstName = first.kind === 'Star' ? undefined : expressionName(first, isCol);
      argExprs = [];
      for (const a of e.args) {
        if (a.kind !== 'Star') argExprs.push(a);
        else {
          for (const c of cols) {
            if (c.name === firstName || byNames.has(c.name)) continue;
            argExprs.push({ kind: 'NameRef', name: c.name, span: a.span });
          }
        }
      }
    }
    const args = argExprs.map((a) => this.fold(this.scalar(a, cols, scope)));
    const { sig, converted } = this.pickSignature(def.name, def.signatures, args, argExprs, e.span);
    const argInfo = converted.map(toArgInfo);
    let type = resolveReturn(sig, argInfo);
    if (type === undefined) this.fail(D.argumentTypeMismatch(e.name, 0, 'a supported type', args[0]?.type ?? 'none', e.span));
    if (def.name === 'take_any' || def.name === 'any' || multi) type = argInfo[0]?.type ?? type;
    let names: (string | undefined)[];
    let types: KqlType[];
    const given = item.names?.map((n) => n.name) ?? [];
    const firstName = argExprs[0] ? expressionName(argExprs[0], isCol) : undefined;
    if (multi) {
      // arg_max(x, a, b) → columns x, a, b (or the names given: (m, a) = arg_max(...))
      names = argExprs.map((a, i) => given[i] ?? expressionName(a, isCol));
      types = argInfo.map((a, i) => (i === 0 ? type! : a.type));
    } else if (def.resultName.kind === 'Percentiles') {
      // percentiles(x, 50, 99.9) → percentile_x_50, percentile_x_99_9: one column per percentile
      const from = def.resultName.percentArgsFrom ?? 1;
      const pcts = argInfo.slice(from).map((a) => String(a.constant?.value ?? '').replace(/\./g, '_').replace(/-/g, '_'));
      names = pcts.map((pt, i) => given[i] ?? `${def.resultName.prefix ?? 'percentile'}_${firstName ?? ''}_${pt}`);
      types = pcts.map(() => type!);
    } else if (def.resultName.kind === 'FirstArgument') {
      names = [given[0] ?? firstName];
      types = [type!];
    } else {
      types = [type!];
      const prefix = def.resultName.prefix ?? def.name;
      const rule = resultNameRule(def.name, 'aggregate');
      let derived: string | undefined;
      if (rule?.kind === 'PrefixOnly' || def.resultName.kind === 'PrefixOnly') derived = prefix;
      else if (def.resultName.kind === 'PrefixAndFirstArgument') derived = `${prefix}_${firstName ?? ''}`;
      names = [given[0] ?? derived];
    }
    return { agg: { def, args: converted, argInfo, type: type!, outputs: types.length }, names, types };
  }

  // ───────────────────────────── join ─────────────────────────────

  private join(left: PlanNode, op: A.JoinOp, scope: Scope): PlanNode {
    const right = this.tabular(op.right, scope);
    const kind = normalizeJoinKind(op.joinKind);
    if (!kind) this.fail(D.syntaxError(`unknown join kind '${op.joinKind}'`, op.kindSpan ?? op.span, 'use one of innerunique, inner, leftouter, rightouter, fullouter, leftsemi, leftanti, rightsemi, rightanti'));
    const lcols = left.schema;
    const rcols = right.schema;
    const leftKeys: number[] = [];
    const rightKeys: number[] = [];
    const findCol = (cols: Column[], name: string, span: Span, side: string) => {
      const i = cols.findIndex((c) => c.name === name);
      if (i < 0) this.fail(D.invalidJoinKey(`the ${side} side of the join has no column '${name}'`, span, closest(name, cols.map((c) => c.name)) && `did you mean '${closest(name, cols.map((c) => c.name))}'?`));
      return i;
    };
    const addCondition = (c: A.Expr) => forEachKeyPair(c, (l, r) => {
      leftKeys.push(findCol(lcols, l.name, l.span, 'left'));
      rightKeys.push(findCol(rcols, r.name, r.span, 'right'));
    }, (bad) => this.fail(D.invalidJoinKey('a join condition must be a column name or $left.Column == $right.Column', bad.span,
      'write e.g. on $left.correlationId == $right.AlertType')));
    if (op.on.length === 0) this.fail(D.invalidJoinKey('join needs an on clause', op.span));
    op.on.forEach(addCondition);
    leftKeys.forEach((li, k) => {
      const lt = lcols[li]!.type;
      const rt = rcols[rightKeys[k]!]!.type;
      const span = op.on[Math.min(k, op.on.length - 1)]!.span;
      if (lt === 'dynamic' || rt === 'dynamic') this.fail(D.dynamicKey('a join key', span));
      const compatible = lt === rt || (isNumeric(lt) && isNumeric(rt)) || ((lt === 'string' || lt === 'guid') && (rt === 'string' || rt === 'guid'));
      if (!compatible) this.fail(D.invalidJoinKey(`join keys have different types: '${lt}' and '${rt}'`, span, `convert one side, e.g. to${lt}(...)`));
    });
    let schema: Column[];
    if (kind === 'leftsemi' || kind === 'leftanti') schema = lcols.map((c) => ({ ...c }));
    else if (kind === 'rightsemi' || kind === 'rightanti') schema = rcols.map((c) => ({ ...c }));
    else {
      // right-side names that collide get a numeric suffix, unique against every name on both sides
      const leftNames = new Set(lcols.map((c) => c.name));
      const used = new Set([...lcols.map((c) => c.name), ...rcols.map((c) => c.name)]);
      schema = [...lcols.map((c) => ({ ...c }))];
      for (const c of rcols) {
        if (!leftNames.has(c.name)) schema.push({ ...c });
        else {
          let k = 1;
          while (used.has(`${c.name}${k}`)) k++;
          const nm = `${c.name}${k}`;
          used.add(nm);
          schema.push({ name: nm, type: c.type });
        }
      }
    }
    return { kind: 'Join', joinKind: kind!, left, right, leftKeys, rightKeys, schema };
  }

  // ───────────────────────────── union ─────────────────────────────

  private union(first: PlanNode | null, options: A.UnionOptions, tables: A.Expr[], scope: Scope): PlanNode {
    const inputs: PlanNode[] = first ? [first] : [];
    const sourceNames: string[] = first ? ['union_arg0'] : [];
    // isfuzzy=true (union-operator.md): legs naming a table or view that does not exist are left out,
    // as long as at least one leg remains
    const skipped: RawDiagnostic[] = [];
    // union-operator.md: "a set of tables specified with a wildcard. For example, `E*` would form the union
    // of all the tables in the database whose names begin `E`" (`union *`: every table); `view`s in scope
    // count too (the docs' `union isfuzzy=true View*, SomeView*` example). One matching nothing is an
    // unknown table, left out under isfuzzy=true like any other leg.
    const expanded: A.Expr[] = [];
    for (const t of tables) {
      const u = unparen(t);
      if (u.kind !== 'NameRef' || !u.name.includes('*')) { expanded.push(t); continue; }
      const matchesName = wildcardMatcher(u.name);
      const matches = this.defaultSources(u.span, scope).filter((n) => matchesName((n as A.NameRef).name));
      if (matches.length === 0) {
        const d = D.unknownTable(u.name, u.span);
        if (!options.isfuzzy) this.fail(d);
        skipped.push(d);
      }
      expanded.push(...matches);
    }
    tables = expanded;
    tables.forEach((t) => {
      const before = this.diagnostics.length;
      try {
        inputs.push(this.tabular(t, scope));
      } catch (e) {
        const d = this.diagnostics[this.diagnostics.length - 1];
        if (!options.isfuzzy || !(e instanceof BindFailure) || this.diagnostics.length !== before + 1 || d?.code !== 'KQL0202') throw e;
        skipped.push(this.diagnostics.pop()!);
        return;
      }
      sourceNames.push(sourceName(t) ?? `union_arg${sourceNames.length}`);
    });
    if (inputs.length === 0 && skipped.length > 0) this.fail(skipped[0]!);
    return this.unionOf(inputs, sourceNames, options, tables[0]?.span ?? { start: 0, end: 0 });
  }

  /** The union of bound inputs (union-operator.md): superset (kind=outer) or common (kind=inner) columns. */
  private unionOf(inputs: PlanNode[], sourceNames: string[], options: A.UnionOptions, castSpan: Span): PlanNode {
    const unified = unionSchema(inputs.map((inp) => inp.schema));
    let schema = unified.columns;
    let mappings = unified.sources;
    // a source column the analyzer folds into a column of another type is converted to it
    inputs.forEach((inp, k) => {
      const casts = new Map<number, KqlType>();
      mappings[k]!.forEach((j, i) => { if (j >= 0 && inp.schema[j]!.type !== schema[i]!.type) casts.set(j, schema[i]!.type); });
      if (casts.size === 0) return;
      const exprs = inp.schema.map((c, j): BoundExpr => {
        const col: BoundExpr = { kind: 'Column', index: j, type: c.type, name: c.name };
        const to = casts.get(j);
        return to === undefined ? col : this.coerce(col, to, castSpan, true);
      });
      inputs[k] = { kind: 'Project', input: inp, exprs, schema: inp.schema.map((c, j) => ({ name: c.name, type: casts.get(j) ?? c.type })) };
    });
    if (options.kind === 'inner') {
      const keep = schema.map((_, i) => mappings.every((m) => m[i]! >= 0));
      schema = schema.filter((_, i) => keep[i]);
      mappings = mappings.map((m) => m.filter((_, i) => keep[i]));
    }
    if (options.withsource) schema = [{ name: options.withsource, type: 'string' }, ...schema];
    return { kind: 'Union', inputs, mappings, sourceNames: options.withsource ? sourceNames : null, schema };
  }

  // ───────────────────────────── macro-expand ─────────────────────────────

  /**
   * macro-expand-operator.md: "the union of expanding the subquery as many times as there are individual
   * entities in the entity group" — the subquery (its lets, then its tabular expression) is bound once per
   * entity with the scope name standing for that entity, and the expansions are combined as union combines
   * its legs: kind=outer (the default) keeps every column, kind=inner the columns common to all.
   * isfuzzy=true (or the request property best_effort) leaves out entities that do not exist, as long as one
   * remains; each left out is a warning.
   */
  private macroExpand(e: A.MacroExpandExpr, scope: Scope): PlanNode {
    if (e.name !== undefined && scope.get(e.name)?.kind === 'entity') this.fail(D.macroExpandNameReused(e.name, e.nameSpan ?? e.span));
    const group = this.entityGroupOf(e.group, scope);
    const bestEffort = this.requestProperties.get('best_effort');
    const fuzzy = e.options.isfuzzy ?? (bestEffort?.kind === 'Literal' && bestEffort.value === true);
    let entities: Entity[];
    try {
      entities = this.resolveEntities(group.entities, group.span, group.scope, fuzzy, group.stored !== undefined);
    } catch (err) {
      // a stored group's reference is not in the query's text: the error points at the group's name
      const d = this.diagnostics[this.diagnostics.length - 1];
      if (group.stored !== undefined && err instanceof BindFailure && d) {
        this.diagnostics[this.diagnostics.length - 1] = { ...d, message: `${d.message} (in stored entity group '${group.stored}')`, span: group.span };
      }
      throw err;
    }
    const plans = entities.map((entity) => {
      const inner = new Scope(scope);
      if (e.name !== undefined) inner.set(e.name, { kind: 'entity', entity });
      for (const l of e.body.lets) this.bindLet(l, inner);
      return this.tabular(e.body.result, inner);
    });
    return this.unionOf(plans, [], { kind: e.options.kind ?? 'outer' }, e.span);
  }

  /**
   * The entity references of `entity_group [...]`, of a let-bound group's name, or of a stored group (by name, or
   * `entity_group('Name')`; entity-groups.md: only the current database's). A stored group's references come
   * from their own text: `stored` is its name, and `span` where the query names it, for their errors.
   */
  private entityGroupOf(g: A.Expr, scope: Scope): { entities: A.Expr[]; span: Span; scope: Scope; stored?: string } {
    if (g.kind === 'EntityGroup') return { entities: g.entities, span: g.span, scope };
    const storedGroup = (name: string, span: Span) => {
      const found = this.options.entityGroup?.(name);
      if (!found) {
        const names = [...(this.options.entityGroupNames?.() ?? []), ...scope.allNames().filter((n) => scope.get(n)?.kind === 'entityGroup')];
        return this.fail(D.unknownEntity('entity group', name, span, closest(name, names),
          `define it in the query (let ${name || 'G'} = entity_group [...]) or store it with db.addEntityGroup('${name}', [...])`));
      }
      return { entities: found.entities, span, scope: new Scope(null), stored: name };
    };
    if (g.kind === 'NameRef') {
      const b = scope.get(g.name);
      if (b?.kind === 'entityGroup') return { entities: b.group.entities, span: g.span, scope: b.scope };
      if (b || (this.options.table(g.name) && !this.options.entityGroup?.(g.name))) {
        this.fail(D.invalidEntity(`'${g.name}' is not an entity group`, g.span, 'define one with let G = entity_group [...]'));
      }
      return storedGroup(g.name, g.span);
    }
    if (g.kind === 'Call' && g.name === 'entity_group' && !g.target) {
      if (g.args.length !== 1) this.fail(D.argumentCount('entity_group', '1', g.args.length, g.span));
      const name = this.constantString(g.args[0]!, 'the entity group name', scope);
      return storedGroup(name, g.args[0]!.span);
    }
    return this.fail(D.invalidEntity('expected an entity group: entity_group [...] or the name of one', g.span,
      'entity groups of other databases or clusters cannot be referenced (macro-expand-operator.md)'));
  }

  /**
   * Each entity reference, checked: all of one kind (the first's), each one existing. With `fuzzy`, one that
   * does not exist is left out (a warning), unless none exists.
   */
  private resolveEntities(list: A.Expr[], span: Span, scope: Scope, fuzzy: boolean, stored: boolean): Entity[] {
    if (list.length === 0) this.fail(D.invalidEntity('an entity group needs at least one entity', span, "e.g. entity_group [database('Name')]"));
    const kinds = list.map(entityKind);
    kinds.forEach((k, i) => {
      if (!k) {
        this.fail(D.invalidEntity('expected a cluster, database or table reference', list[i]!.span,
          "e.g. cluster('Name'), database('Name'), cluster('Name').database('Name'), TableName, table('Name')"));
      }
    });
    const first = kinds[0]!;
    kinds.forEach((k, i) => {
      if (k !== first) this.fail(D.invalidEntity(`expected a ${first}: an entity group's entities are of one kind, and its first is a ${first}`, list[i]!.span));
    });
    const out: Entity[] = [];
    const skipped: RawDiagnostic[] = [];
    for (const x of list) {
      const before = this.diagnostics.length;
      try {
        out.push(this.resolveEntity(x, first, scope));
      } catch (err) {
        const d = this.diagnostics[this.diagnostics.length - 1];
        const missing = d?.code === 'KQL0202' || d?.code === 'KQL0209' || d?.code === 'KQL0211';
        if (!fuzzy || !(err instanceof BindFailure) || this.diagnostics.length !== before + 1 || !missing) throw err;
        skipped.push(this.diagnostics.pop()!);
      }
    }
    if (out.length === 0) this.fail(skipped[0]!);
    for (const d of skipped) this.diagnostics.push({ ...d, severity: 'warning', message: `${d.message} (left out: isfuzzy)`, ...(stored ? { span } : {}) });
    return out;
  }

  private resolveEntity(x: A.Expr, kind: EntityGroupKind, scope: Scope): Entity {
    if (kind === 'cluster') {
      this.clusterRef(x, scope);
      return { kind };
    }
    if (kind === 'database') {
      this.databaseRef(x as A.Call, scope);
      return { kind };
    }
    // a table of the database: T, table('T'), database('d').T, database('d').table('T') (not a let-bound name)
    let plan: PlanNode;
    if (x.kind === 'NameRef') plan = this.databaseTable(x.name, x.span);
    else if (x.kind === 'Call') plan = this.tableFunction(x, scope, true);
    else {
      const m = x as A.MemberAccess;
      this.databaseRef(m.target as A.Call, scope);
      plan = this.databaseTable(m.name, m.nameSpan);
    }
    return { kind, table: (plan as Extract<PlanNode, { kind: 'Scan' }>).table };
  }

  /** `X.T` in a macro-expand subquery: table T of the database entity X. */
  private entityTable(e: A.MemberAccess, scope: Scope): PlanNode {
    const x = e.target as A.NameRef;
    const { entity } = scope.get(x.name) as Extract<Binding, { kind: 'entity' }>;
    if (ENTITY_PROPERTIES[e.name]) this.fail(D.notTabular(`${x.name}.${e.name}`, e.span));
    if (entity.kind !== 'database') {
      this.fail(D.invalidEntity(`'${x.name}' is a ${entity.kind}, not a database`, x.span,
        entity.kind === 'table' ? `the table itself is ${x.name}` : `name a database of it: ${x.name}.database('Name').${e.name}`));
    }
    return this.databaseTable(e.name, e.nameSpan);
  }

  /** `X.$current_database`, `X.$current_cluster_endpoint`: the entity's database name and cluster endpoint. */
  private entityProperty(e: A.MemberAccess, cols: Column[], scope: Scope): BoundExpr {
    const fn = ENTITY_PROPERTIES[e.name];
    if (!fn) {
      const x = e.target as A.NameRef;
      const { entity } = scope.get(x.name) as Extract<Binding, { kind: 'entity' }>;
      if (entity.kind === 'database' && this.options.table(e.name)) this.fail(D.notScalar(`table '${e.name}'`, e.span));
      this.fail(D.unknownName(e.name, e.nameSpan, closest(e.name, Object.keys(ENTITY_PROPERTIES))));
    }
    // every entity here is of this engine's one database and cluster: what current_database() and
    // current_cluster_endpoint() answer (or, without a databaseName / clusterName, the error they give)
    return this.call({ kind: 'Call', name: fn!, nameSpan: e.nameSpan, args: [], span: e.span }, cols, new Scope(null));
  }

  // ───────────────────────────── mv-expand ─────────────────────────────

  private mvExpand(input: PlanNode, op: A.MvExpandOp, scope: Scope): PlanNode {
    const cols = input.schema;
    const schema = cols.map((c) => ({ ...c }));
    const passthrough = cols.map((_, i) => i);
    const expand: { output: number; expr: BoundExpr; type: KqlType }[] = [];
    for (const it of op.items) {
      const expr = this.scalar(it.expr, cols, scope);
      if (expr.type !== 'dynamic') this.fail(D.argumentTypeMismatch('mv-expand', 0, "of type 'dynamic'", expr.type, it.expr.span));
      const name = it.name ?? expressionName(it.expr, (n) => cols.some((c) => c.name === n));
      if (name === undefined) this.fail(D.syntaxError('mv-expand needs a column name or name = expression', it.span));
      const type = it.toType ?? 'dynamic';
      let at = schema.findIndex((c) => c.name === name);
      if (at >= 0) {
        schema[at] = { name: name!, type };
        passthrough[at] = -1;
      } else {
        at = schema.length;
        schema.push({ name: name!, type });
        passthrough.push(-1);
      }
      expand.push({ output: at, expr, type });
    }
    let itemIndex = -1;
    if (op.itemIndex) {
      itemIndex = schema.length;
      schema.push({ name: op.itemIndex, type: 'long' });
      passthrough.push(-1);
    }
    const limit = op.limit ? this.constNumber(op.limit, scope, 'the mv-expand limit') : Infinity;
    return {
      kind: 'MvExpand', input, passthrough, expand, bagExpansion: op.bagExpansion ?? 'bag', itemIndex, limit, schema,
    };
  }

  // ───────────────────────────── scalar expressions ─────────────────────────────

  scalar(e: A.Expr, cols: Column[], scope: Scope): BoundExpr {
    switch (e.kind) {
      case 'Literal':
        return constant(e.type, e.value);
      case 'Paren':
        return this.scalar(e.expr, cols, scope);
      case 'NameRef':
        return this.nameRef(e, cols, scope);
      case 'Member': {
        if (e.target.kind === 'NameRef' && (e.target.name === '$left' || e.target.name === '$right')) {
          this.fail(D.syntaxError(`${e.target.name} can only be used in a join condition`, e.target.span));
        }
        if (e.target.kind === 'NameRef' && scope.get(e.target.name)?.kind === 'entity') return this.entityProperty(e, cols, scope);
        const target = this.scalar(e.target, cols, scope);
        return this.member(target, constant('string', e.name), e.span, e.target.span);
      }
      case 'Index': {
        const target = this.scalar(e.target, cols, scope);
        const index = this.fold(this.scalar(e.index, cols, scope));
        return this.member(target, index, e.span, e.target.span);
      }
      case 'Call':
        return this.call(e, cols, scope);
      case 'Unary': {
        const x = this.scalar(e.operand, cols, scope);
        if (e.op === '+') return x;
        const t = unaryMinusType(x.type);
        if (!t) this.fail(D.unaryTypeMismatch('-', x.type, e.span));
        // a negated int constant stays an int (the analyzer types -int(1) as int, -n on an int column as long)
        if (x.kind === 'Const' && x.type === 'int') return constant('int', x.value === null ? null : -(x.value as number));
        return this.fold(this.callNode('-', t!, [x], implementNegate(x.type), e.span));
      }
      case 'Binary':
        return this.binary(e, cols, scope);
      case 'In':
        return this.inExpr(e, cols, scope);
      case 'Between': {
        const x = this.scalar(e.left, cols, scope);
        const lo = this.scalar(e.low, cols, scope);
        let hi = this.scalar(e.high, cols, scope);
        if (x.type === 'datetime' && hi.type === 'timespan') {
          hi = this.arith('+', lo, hi, e.high.span);
        }
        // the analyzer: numbers (a dynamic on one side at most), timespans, datetimes; not bools
        if ([x, lo, hi].some((v) => v.type === 'bool') || [x, lo, hi].every((v) => v.type === 'dynamic')) {
          this.fail(D.operatorTypeMismatch(e.negated ? '!between' : 'between', x.type, lo.type, e.span));
        }
        const ge = this.compare('>=', x, lo, e.span, e.span);
        const le = this.compare('<=', x, hi, e.span, e.span);
        const both = this.callNode('and', 'bool', [ge, le], implementLogical('and'), e.span);
        const folded = this.fold(both);
        return this.fold(e.negated ? this.notExpr(folded, e.span) : folded);
      }
      case 'Star':
        return this.fail(D.syntaxError("'*' is not allowed here", e.span));
      default:
        return this.fail(D.notScalar('a tabular expression', e.span));
    }
  }

  private nameRef(e: A.NameRef, cols: Column[], scope: Scope): BoundExpr {
    const i = cols.findIndex((c) => c.name === e.name);
    if (i >= 0) return { kind: 'Column', index: i, type: cols[i]!.type, name: e.name };
    const b = scope.get(e.name);
    if (b?.kind === 'scalar') return b.expr;
    if (b?.kind === 'tabular') this.fail(D.notScalar(`'${e.name}'`, e.span));
    if (b?.kind === 'graph') this.fail(graphNotTable(e.name, e.span));
    if (b?.kind === 'function') return this.call({ kind: 'Call', name: e.name, nameSpan: e.span, args: [], span: e.span }, cols, scope);
    if (b?.kind === 'entity' || b?.kind === 'entityGroup') this.fail(notAnEntityValue(b, e.name, e.span));
    if (this.options.table(e.name)) this.fail(D.notScalar(`table '${e.name}'`, e.span));
    // macro-expand-operator.md: `entity_group [...]` is written only after macro-expand or as a let value
    if (e.name === 'entity_group') {
      this.fail(D.invalidEntity('an entity group (entity_group [...]) is not a value', e.span,
        'write it after macro-expand, or name it: let G = entity_group [...]; macro-expand G as X (...)'));
    }
    const candidates = [...cols.map((c) => c.name), ...scope.allNames()];
    return this.fail(D.unknownColumn(e.name, e.span, closest(e.name, candidates)));
  }

  private member(target: BoundExpr, key: BoundExpr, span: Span, targetSpan: Span): BoundExpr {
    if (target.type !== 'dynamic') {
      this.fail(D.typeMismatch(`member access needs a 'dynamic' value, not '${target.type}'`, targetSpan, 'use parse_json(...) to turn JSON text into a dynamic value'));
    }
    if (key.kind === 'Const' && target.kind === 'Const') {
      return constant('dynamic', accessMember(target.value, key.value as string | number) as Scalar);
    }
    // parse_json(text).key: one call, which checks only the member for longs beyond 2^53 (conversion.ts)
    if (key.kind === 'Const' && key.value !== null && target.kind === 'Call' && (target.name === 'parse_json' || target.name === 'todynamic')
      && target.args.length === 1 && target.args[0]!.type === 'string' && target.impl.kind === 'row') {
      return this.callNode('parse_json_member', 'dynamic', [target.args[0]!, key], { kind: 'row', fn: parseJsonMember, nullPropagating: true }, span);
    }
    return this.callNode('member', 'dynamic', [target, key], { kind: 'vector', kernel: memberKernel }, span);
  }

  /**
   * `* has "x"` (where-operator.md: "Traces | where * has "Kusto"": the word in any column): each
   * column's text (tostring, as search reads columns) against the right side, or-ed; a negated
   * operator (`* !has "x"`) holds when no column matches. As Microsoft's analyzer, only string
   * operators, `==`, `=~`, `!~` and `matches regex` take `*` (the grammar's atStarOperator).
   */
  private anyColumn(e: A.Binary, cols: Column[]): A.Expr {
    const op = e.op;
    const negated = op.startsWith('!');
    const positive = op === '!~' ? '=~' : negated ? op.slice(1) : op;
    if (!(positive === '==' || positive === '=~' || positive === 'matches regex' || isStringOperator(positive))) {
      this.fail(D.syntaxError(`'*' cannot be the left side of '${op}'`, e.opSpan, 'use a string operator: * has "x"'));
    }
    const span = e.span;
    const text = (x: A.Expr): A.Expr => ({ kind: 'Call', name: 'tostring', nameSpan: span, args: [x], span });
    const right = text(e.right);
    const tests = cols.filter((c) => !c.name.startsWith('\u0001')).map((c) => ({
      kind: 'Binary', op: positive, left: text({ kind: 'NameRef', name: c.name, span }), right, span, opSpan: e.opSpan,
    }) as unknown as A.Expr);
    const any: A.Expr = tests.length === 0
      ? { kind: 'Literal', type: 'bool', value: false, text: 'false', span } as A.Literal
      : tests.reduce((l, r) => ({ kind: 'Binary', op: 'or', left: l, right: r, span, opSpan: e.opSpan }) as unknown as A.Expr);
    return negated ? { kind: 'Call', name: 'not', nameSpan: span, args: [{ kind: 'Paren', expr: any, span } as A.Paren], span } : any;
  }

  private binary(e: A.Binary, cols: Column[], scope: Scope): BoundExpr {
    const op = e.op;
    if (op === ':') this.fail(D.syntaxError('Column:"term" is only allowed in a search predicate', e.opSpan, 'use Column has "term" elsewhere'));
    if (op === 'and' || op === 'or') {
      // a chain `a or b or c …` is one n-ary call: no recursion per term, however long the chain
      const operands: A.Expr[] = [];
      const stack: A.Expr[] = [e];
      while (stack.length) {
        const x = stack.pop()!;
        if (x.kind === 'Binary' && x.op === op) stack.push(x.right, x.left);
        else operands.push(x);
      }
      const bound = operands.map((x) => {
        const b = this.scalar(x, cols, scope);
        // a dynamic operand reads as tobool reads it (the analyzer accepts `d.flag and x`)
        if (b.type === 'dynamic') return this.coerce(b, 'bool', x.span, true);
        if (b.type !== 'bool') this.fail(D.operatorTypeMismatch(op, b.type, 'bool', x.span, `both sides of '${op}' must be bool`));
        return b;
      });
      return this.fold(this.callNode(op, 'bool', bound, implementLogical(op), e.opSpan));
    }
    if (unparen(e.left).kind === 'Star') {
      // the analyzer types `*` as dynamic here: a string operator needs a string on the right
      const r = this.scalar(e.right, cols, scope);
      if (e.op !== '==' && r.type !== 'string') this.fail(D.operatorTypeMismatch(e.op, 'dynamic', r.type, e.opSpan));
      return this.scalar(this.anyColumn(e, cols), cols, scope);
    }
    const l = this.scalar(e.left, cols, scope);
    const r = this.scalar(e.right, cols, scope);
    if (isArithmetic(op)) return this.arith(op, l, r, e.opSpan);
    if (isComparison(op)) return this.compare(op, l, r, e.opSpan, e.span);
    if (op === '!~' || isStringOperator(op)) {
      if (!stringOperatorDefined(l.type, r.type)) this.fail(D.operatorTypeMismatch(op, l.type, r.type, e.opSpan));
      let regex: KqlRegex | undefined;
      if (op === 'matches regex') {
        const rf = this.fold(r);
        if (rf.kind === 'Const') {
          const src = String(rf.value ?? '');
          const re = compileRegexOrError(src);
          if (typeof re === 'string') this.fail(D.invalidRegex(src, re, e.right.span));
          regex = re as KqlRegex;
        }
      }
      return this.fold(this.callNode(op, 'bool', [l, r], implementStringOperator(op, l.type, r.type, regex), e.opSpan));
    }
    return this.fail(D.syntaxError(`unknown operator '${op}'`, e.opSpan));
  }

  private arith(op: string, l: BoundExpr, r: BoundExpr, span: Span): BoundExpr {
    // one dynamic operand takes the type the other side's operator needs (Microsoft's analyzer:
    // dynamic / long is long, dynamic * real is real, datetime - dynamic is timespan), converted as
    // tolong/toreal/... convert it; dynamic with dynamic stays dynamic arithmetic
    if ((l.type === 'dynamic') !== (r.type === 'dynamic')) {
      const target = dynamicOperandType(op, l.type === 'dynamic' ? r.type : l.type);
      if (target) {
        if (l.type === 'dynamic') l = this.coerce(l, target, span, true);
        else r = this.coerce(r, target, span, true);
      }
    }
    const t = arithmeticType(op, l.type, r.type);
    if (!t) this.fail(D.operatorTypeMismatch(op, l.type, r.type, span));
    return this.fold(this.callNode(op, t!, [l, r], implementArithmetic(op, l.type, r.type, t!), span));
  }

  private compare(op: string, l: BoundExpr, r: BoundExpr, opSpan: Span, _span: Span): BoundExpr {
    if (!comparisonDefined(op, l.type, r.type)) {
      const dynSide = l.type === 'dynamic' ? r.type : r.type === 'dynamic' ? l.type : undefined;
      const help = dynSide && dynSide !== 'dynamic'
        ? `convert the dynamic side first, e.g. to${dynSide}(...)`
        : undefined;
      // recorded, not thrown: binding goes on so every mismatched comparison is reported
      this.diagnostics.push(D.operatorTypeMismatch(op, l.type, r.type, opSpan, help));
      return constant('bool', null);
    }
    return this.fold(this.callNode(op, 'bool', [l, r], implementComparison(op, l.type, r.type), opSpan));
  }

  private notExpr(x: BoundExpr, span: Span): BoundExpr {
    const impl: Implementation = { kind: 'row', fn: (v) => !v, nullPropagating: true };
    return this.callNode('not', 'bool', [x], impl, span);
  }

  private inExpr(e: A.InExpr, cols: Column[], scope: Scope): BoundExpr {
    const left = this.scalar(e.left, cols, scope);
    let list: BoundExpr;
    if (e.items.length === 1 && this.isTabular(e.items[0]!, scope)) {
      const plan = this.tabular(e.items[0]!, scope);
      if (plan.schema.length === 0) this.fail(D.typeMismatch('the subquery returns no columns', e.items[0]!.span));
      list = { kind: 'Subquery', type: 'dynamic', mode: 'list', plan };
    } else {
      const values: unknown[] = [];
      const items = e.items.map((it) => this.fold(this.scalar(it, cols, scope)));
      const subquery = items.find((x) => x.kind === 'Subquery');
      if (items.some((x) => x.kind !== 'Const' && x.kind !== 'Subquery')) {
        // in-operator.md: each item is a scalar expression, not only a constant (x in (ColumnA, ColumnB),
        // x in~ (DynamicColumn)): the list is built per row, dynamic arrays flattened into it
        if (subquery) this.fail(D.constantRequired(`each value in '${e.op}' list beside a subquery`, e.span));
        list = this.callNode('in_list', 'dynamic', items, { kind: 'row', fn: flattenInList as never, nullPropagating: false }, e.span);
      } else {
        for (const x of items) {
          if (x.kind === 'Subquery') {
            list = { ...x, mode: 'list' };
            continue;
          }
          const v = (x as { value: Scalar }).value;
          if (x.type === 'dynamic' && Array.isArray(v)) values.push(...v);
          else values.push(v);
        }
        if (!subquery) list = constant('dynamic', values as Scalar);
      }
    }
    // in~, !in~, has_any, has_all compare text: the left side is a string or a dynamic (the analyzer)
    if (e.op.endsWith('~') && left.type !== 'string' && left.type !== 'dynamic') this.fail(D.operatorTypeMismatch(e.op, left.type, 'dynamic', e.opSpan));
    if (e.op.startsWith('has_')) {
      if (!stringOperatorDefined(left.type, 'string')) this.fail(D.operatorTypeMismatch(e.op, left.type, 'dynamic', e.opSpan));
      return this.fold(this.callNode(e.op, 'bool', [left, list!], implementHasAny(e.op, left.type), e.opSpan));
    }
    if (left.type === 'dynamic' && e.op.endsWith('~')) {
      return this.fold(this.callNode(e.op, 'bool', [left, list!], implementIn(e.op, 'string'), e.opSpan));
    }
    return this.fold(this.callNode(e.op, 'bool', [left, list!], implementIn(e.op, left.type), e.opSpan));
  }

  private call(e: A.Call, cols: Column[], scope: Scope): BoundExpr {
    const b = scope.get(e.name);
    if (b?.kind === 'function') {
      const r = this.inline(b, e, scope, cols);
      if (r.kind === 'scalar') return r.expr;
      return this.fail(D.notScalar(`function '${e.name}'`, e.span));
    }
    switch (e.name) {
      case 'bin_auto': {
        // bin-auto-function.md: bin(value, query_bin_auto_size) shifted so that query_bin_auto_at
        // (default 0) is its own bin: bin_at(value, size, at)
        if (e.args.length !== 1) this.fail(D.argumentCount('bin_auto', '1', e.args.length, e.span));
        const size = this.requestProperties.get('query_bin_auto_size');
        if (!size) {
          this.fail(D.runtimeError('bin_auto needs the request property query_bin_auto_size', e.nameSpan, 'set it before the query, e.g. set query_bin_auto_size=1h;'));
        }
        const at = this.requestProperties.get('query_bin_auto_at');
        const args = at ? [e.args[0]!, size!, at] : [e.args[0]!, size!];
        return this.call({ ...e, name: at ? 'bin_at' : 'bin', args }, cols, scope);
      }
      case 'toscalar': {
        if (e.args.length !== 1) this.fail(D.argumentCount('toscalar', '1', e.args.length, e.span));
        // toscalar-function.md: a scalar expression is its own value (`toscalar(2)`); it cannot read the row
        if (!this.isTabular(e.args[0]!, scope)) return this.scalar(e.args[0]!, [], scope);
        const plan = this.tabular(e.args[0]!, scope);
        if (plan.schema.length === 0) this.fail(D.typeMismatch('toscalar needs a tabular expression with at least one column', e.span));
        return { kind: 'Subquery', type: plan.schema[0]!.type, mode: 'scalar', plan };
      }
      case 'typeof': {
        const a = e.args[0];
        const name = a && a.kind === 'NameRef' ? a.name : undefined;
        return constant('string', name ?? '');
      }
      case 'pack_all': {
        // pack_all([ignore_null_empty]): a bag of every column of the row (pack-all-function.md)
        if (e.args.length > 1) this.fail(D.argumentCount('pack_all', '0..1', e.args.length, e.span));
        const flag = e.args[0] ? this.fold(this.scalar(e.args[0], cols, scope)) : constant('bool', false);
        if (flag.kind !== 'Const' || flag.type !== 'bool') this.fail(D.constantRequired("pack_all's ignore_null_empty", e.span));
        const row = cols.slice(0, this.inputWidth ?? cols.length);
        const exprs: BoundExpr[] = row.map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }));
        const impl = packImplementation(row.map((c) => c.name), row.map((c) => c.type), (flag as { value: Scalar }).value === true);
        return { kind: 'Call', name: 'pack_all', type: 'dynamic', args: exprs, impl, foldable: false, span: e.span };
      }
      case 'bag_pack_columns': {
        // bag_pack_columns(c1, c2, …): a bag of the named columns (bag-pack-columns-function.md)
        if (e.args.length === 0) this.fail(D.argumentCount('bag_pack_columns', '1..', 0, e.span));
        const exprs = e.args.map((a) => {
          if (a.kind !== 'NameRef') this.fail(D.typeMismatch('bag_pack_columns takes column names', a.span));
          return this.scalar(a, cols, scope);
        });
        const names = e.args.map((a) => (a as A.NameRef).name);
        const impl = packImplementation(names, exprs.map((x) => x.type), false);
        return { kind: 'Call', name: 'bag_pack_columns', type: 'dynamic', args: exprs, impl, foldable: false, span: e.span };
      }
      case 'estimate_data_size': {
        // estimate_data_size(c1, c2, …) or (*): the row's estimated byte size (estimate-data-size-function.md)
        if (e.args.length === 0) this.fail(D.argumentCount('estimate_data_size', '1..', 0, e.span));
        const star = e.args.some((a) => a.kind === 'Star');
        if (star && e.args.length > 1) this.fail(D.syntaxError("estimate_data_size takes either '*' or column names", e.span));
        const exprs: BoundExpr[] = star
          ? cols.slice(0, this.inputWidth ?? cols.length).map((c, i) => ({ kind: 'Column', index: i, type: c.type, name: c.name }))
          : e.args.map((a) => {
            if (a.kind !== 'NameRef') this.fail(D.typeMismatch('estimate_data_size takes column names or *', a.span));
            return this.scalar(a, cols, scope);
          });
        for (const x of exprs) {
          if (x.type !== 'string' && ESTIMATED_BYTES[x.type] === undefined) {
            const col = x.kind === 'Column' ? ` column ${x.name}` : '';
            this.fail(D.unsupportedFeature(`estimate_data_size of a ${x.type}${col} (the docs give no byte size for ${x.type} values)`, e.span));
          }
        }
        return { kind: 'Call', name: 'estimate_data_size', type: 'long', args: exprs, impl: estimateDataSizeImplementation(exprs.map((x) => x.type)), foldable: false, span: e.span };
      }
      case 'column_names_of': {
        // column-names-of-function.md: the names of a table's columns, as a dynamic array (known while binding)
        if (e.args.length !== 1) this.fail(D.argumentCount('column_names_of', '1', e.args.length, e.span));
        if (!this.isTabular(e.args[0]!, scope)) this.fail(D.typeMismatch('column_names_of needs a tabular expression', e.args[0]!.span));
        return constant('dynamic', this.tabular(e.args[0]!, scope).schema.map((c) => c.name));
      }
      case 'column_ifexists': {
        const nameArg = e.args[0] ? this.fold(this.scalar(e.args[0], [], scope)) : undefined;
        if (!nameArg || nameArg.kind !== 'Const' || typeof nameArg.value !== 'string') this.fail(D.constantRequired('the column name', e.span));
        const i = cols.findIndex((c) => c.name === nameArg.value);
        if (i >= 0) return { kind: 'Column', index: i, type: cols[i]!.type, name: cols[i]!.name };
        if (!e.args[1]) this.fail(D.argumentCount('column_ifexists', '2', e.args.length, e.span));
        return this.scalar(e.args[1]!, cols, scope);
      }
    }
    if ((PROVENANCE_FUNCTIONS.has(e.name) || e.name === 'cursor_current') && !this.options.functions?.(e.name)) return this.provenanceCall(e, cols, scope);
    let def = this.options.functions?.(e.name) ?? lookupScalar(e.name);
    const world = def ? undefined : lookupWorldFunction(e.name);
    if (world) {
      // Kusto's signature, so the query binds; running it needs the application's implementation
      const d = D.unknownFunctionForRegistration(e.name, e.nameSpan, registrationHint(world));
      if (this.options.unregisteredAsWarning) this.diagnostics.push({ ...d, severity: 'warning' });
      else this.fail(d);
      def = unregisteredDefinition(world);
    }
    if (!def) {
      if (PLUGGABLE_FUNCTIONS.has(e.name)) this.fail(D.unknownFunctionForRegistration(e.name, e.nameSpan));
      if (GRAPH_FUNCTIONS.includes(e.name) && e.name !== 'any') this.fail(graphFunctionOutsideGraph(e.name, e.nameSpan));
      if (lookupAggregate(e.name)) this.fail(D.aggregateOutsideSummarize(e.name, e.nameSpan));
      if (isKustoFunction(e.name)) this.fail(D.unsupportedFunction(e.name, e.nameSpan));
      this.fail(D.unknownFunction(e.name, e.nameSpan, closest(e.name, [...implementedNames(), ...scope.allNames()])));
    }
    const args = e.args.map((a) => {
      if (a.kind === 'Star') this.fail(D.syntaxError("'*' is not allowed here", a.span));
      return this.scalar(a, cols, scope);
    });
    return this.applyScalar(def!, args, e.args, e.span);
  }

  /**
   * Where the rows of `plan` come from: a loaded table through operators that keep each row's identity
   * (where, extend, project, sort, take, top, serialize, materialize: extent-id-function.md names where,
   * extend and project), calculated data (print, datatable, range, summarize, make-series), or something
   * this engine does not follow rows through (join, union, mv-expand, plugins).
   */
  private rowSource(plan: PlanNode | null): RowSource {
    if (!plan) return { kind: 'calculated' };
    switch (plan.kind) {
      case 'Scan': return { kind: 'table', key: plan.table };
      case 'Filter': case 'Project': case 'Sort': case 'Top': case 'Limit': case 'Window': case 'Shared':
        return this.rowSource(plan.input);
      case 'Values': case 'Range': case 'Aggregate': case 'MakeSeries': case 'TopNested':
        return { kind: 'calculated' };
      case 'Union': {
        // a union of inputs that all come from one table, or are all calculated data, is that source
        const sources = plan.inputs.map((i) => this.rowSource(i));
        const first = sources[0];
        if (first && first.kind !== 'unknown' && sources.every((x) => x.kind === first.kind && (x.kind !== 'table' || first.kind !== 'table' || x.key === first.key))) return first;
        return { kind: 'unknown', what: 'union of different tables' };
      }
      default:
        return { kind: 'unknown', what: plan.kind === 'Join' ? 'join' : plan.kind === 'MvExpand' ? 'mv-expand' : 'plugin' };
    }
  }

  /**
   * The functions of a row's ingestion (one extent per addTable call, database.ts ExtentInfo):
   * extent_id() (extent-id-function.md: the extent's guid; calculated data: the empty guid),
   * extent_tags() (extent-tags-function.md: the extent's tags as an array; calculated data: an empty
   * value, here a null dynamic), ingestion_time() (ingestion-time-function.md: calculated data: null),
   * cursor_after(c) / cursor_before_or_at(c) (whether the row's ingestion cursor is after / at or before
   * c; '' is the beginning, database-cursor.md; only over table records) and cursor_current() (the
   * database cursor, as text). All rows of one table share one extent, so each is a constant here.
   */
  private provenanceCall(e: A.Call, cols: Column[], scope: Scope): BoundExpr {
    const name = e.name;
    const cursorFn = name === 'cursor_after' || name === 'cursor_before_or_at';
    if (e.args.length !== (cursorFn ? 1 : 0)) this.fail(D.argumentCount(name, cursorFn ? '1' : '0', e.args.length, e.span));
    if (name === 'cursor_current') {
      const c = this.options.cursorCurrent?.() ?? 0n;
      return constant('string', c === 0n ? '' : String(c));
    }
    const source = this.rowSource(this.rowInput);
    if (source.kind === 'unknown') {
      this.fail(D.unsupportedFeature(`${name}() over rows of a ${source.what} (this engine follows a row's table through where, extend, project, sort, take, top and unions of one table only)`, e.nameSpan));
    }
    // a known table without loaded data (db.analyze over a built-in schema): the type, no value
    const extent = source.kind === 'table' ? this.options.extent?.(source.key) : undefined;
    if (source.kind === 'table' && !extent) {
      if (cursorFn) this.scalar(e.args[0]!, cols, scope);
      return constant(name === 'extent_id' ? 'guid' : name === 'extent_tags' ? 'dynamic' : name === 'ingestion_time' ? 'datetime' : 'bool', null);
    }
    switch (name) {
      case 'extent_id': return constant('guid', extent ? extent.id : EMPTY_GUID);
      case 'extent_tags': return constant('dynamic', extent ? [...extent.tags] : null);
      case 'ingestion_time': return constant('datetime', extent ? extent.ingestionTime : null);
    }
    if (!extent) this.fail(D.typeMismatch(`${name}() applies to the records of a table (cursor-after-function.md), not to calculated data`, e.nameSpan));
    const rhs = this.fold(this.scalar(e.args[0]!, cols, scope));
    if (rhs.type !== 'string') this.fail(D.argumentTypeMismatch(name, 0, "of type 'string'", rhs.type, e.args[0]!.span));
    const after = name === 'cursor_after';
    const recordCursor = extent!.cursor;
    // a cursor value (.NET ticks, as cursor_current() gives), '' (the beginning), or a datetime (as
    // cursor-after-function.md's example: cursor_after('2024-08-01T00:00:00Z'))
    const parse = (c: string): bigint | null => {
      if (c === '') return 0n;
      if (/^[0-9]{1,19}$/.test(c)) return BigInt(c);
      const t = parseDateTime(c);
      return t === null ? null : t + 621355968000000000n;
    };
    if (rhs.kind === 'Const') {
      const c = parse(String(rhs.value ?? ''));
      if (c === null) this.fail(D.typeMismatch(`'${String(rhs.value)}' is not a database cursor value (cursor_current() gives one; '' is the beginning; a datetime is a time)`, e.args[0]!.span));
      return constant('bool', after ? recordCursor > c! : recordCursor <= c!);
    }
    const fn = (x: Scalar) => {
      const c = parse(String(x ?? ''));
      if (c === null) throw new KqlDataError(`${name}: '${String(x)}' is not a database cursor value`);
      return after ? recordCursor > c : recordCursor <= c;
    };
    const node = this.callNode(name, 'bool', [rhs], { kind: 'row', nullPropagating: false, fn: fn as never }, e.span);
    node.foldable = false;
    return node;
  }

  private applyScalar(def: ScalarFunctionDef, args: BoundExpr[], asts: A.Expr[], span: Span): BoundExpr {
    const folded = args.map((a) => this.fold(a));
    const { sig, converted } = this.pickSignature(def.name, def.signatures, folded, asts, span);
    const info = converted.map(toArgInfo);
    const expanded = expandParams(sig.params, converted.length) ?? [];
    expanded.forEach((prm, i) => {
      const c = info[i]?.constant?.value;
      if (!prm.regex || typeof c !== 'string') return;
      const why = regexSyntaxError(c);
      if (why !== null) this.fail(D.invalidRegex(c, why, asts[i]?.span ?? span));
    });
    const type = resolveReturn(sig, info);
    if (type === undefined) this.fail(D.argumentTypeMismatch(def.name, 0, 'of a supported type', folded[0]?.type ?? 'none', span));
    let implemented: Implementation;
    try {
      const impl = def.implement(info, type!);
      implemented = isRowFn(impl) ? { kind: 'row', fn: impl, nullPropagating: true } : impl;
      if (implemented.kind === 'row' && def.exactLong !== true) {
        const exact = def.exactLong === 'any' ? (k: number) => expanded[k]?.types === 'any' : undefined;
        implemented = { ...implemented, fn: approximateLongArgs(implemented.fn, info, exact) };
      }
    } catch (err) {
      if (err instanceof RegexSyntaxError) this.fail(D.invalidRegex(err.pattern, err.reason, span));
      this.fail(D.typeMismatch(`${def.name}: ${(err as Error).message}`, span));
    }
    const node = this.callNode(def.name, type!, converted, implemented!, span);
    node.foldable = def.foldable !== false;
    return this.fold(node);
  }

  /** Chooses the first signature the arguments fit, inserting widening casts (int → long → real). */
  private pickSignature(
    name: string, sigs: Signature[], args: BoundExpr[], asts: A.Expr[], span: Span,
  ): { sig: Signature; converted: BoundExpr[] } {
    let best: { msg: RawDiagnostic } | null = null;
    // second pass: Microsoft's analyzer lets a dynamic value (a column, a member, parse_json(...)) stand where
    // a string is expected, read as its text (tostring) — only when no signature takes the arguments as they are
    for (const dynamicAsString of [false, true]) for (const sig of sigs) {
      const expanded = expandParams(sig.params, args.length);
      if (!expanded) {
        best ??= { msg: D.argumentCount(name, expectedCount(sig.params), args.length, span) };
        continue;
      }
      const converted: BoundExpr[] = [];
      let ok = true;
      for (let i = 0; i < args.length; i++) {
        const prm = expanded[i]!;
        const a = args[i]!;
        if (prm.constant && this.fold(a).kind !== 'Const') {
          if (!dynamicAsString) best = { msg: D.constantRequired(`argument '${prm.name}' of '${name}'`, asts[i]?.span ?? span) };
          ok = false;
          break;
        }
        if (prm.types === 'any' || prm.types.includes(a.type)) {
          converted.push(a);
          continue;
        }
        const target = widenTo(a.type, prm.types);
        if (target) {
          converted.push(this.coerce(a, target, asts[i]?.span ?? span));
          continue;
        }
        // (a dynamic(...) literal the analyzer still refuses; and only for a parameter that takes strings
        // alone: one that takes any scalar but dynamic — hash_md5, max_of — refuses a dynamic value there)
        if (dynamicAsString && a.type === 'dynamic' && Array.isArray(prm.types) && prm.types.length > 0 && prm.types.every((t) => t === 'string') && asts[i]?.kind !== 'Literal') {
          converted.push(this.applyScalar(lookupScalar('tostring')!, [a], [asts[i]!], asts[i]?.span ?? span));
          continue;
        }
        const expected = prm.types.length === 1 ? `of type '${prm.types[0]}'` : `one of ${prm.types.map((t) => `'${t}'`).join(', ')}`;
        const help = a.type === 'dynamic' && prm.types.length ? `convert it first, e.g. to${prm.types[0] === 'real' ? 'real' : prm.types[0]}(...)` : undefined;
        if (!dynamicAsString) best = { msg: D.argumentTypeMismatch(name, i, expected, a.type, asts[i]?.span ?? span, help) };
        ok = false;
        break;
      }
      if (ok) return { sig, converted };
    }
    return this.fail(best?.msg ?? D.argumentCount(name, '?', args.length, span));
  }

  /** Converts an expression to a type: widening numbers, or (explicit) any conversion the loader allows. */
  private coerce(x: BoundExpr, to: KqlType, span: Span, lenient = false): BoundExpr {
    if (x.type === to) return x;
    if (x.kind === 'Const' && x.value === null) return constant(to, null);
    const impl = castImplementation(x.type, to, lenient);
    if (!impl) this.fail(D.typeMismatch(`a value of type '${x.type}' cannot be used as '${to}'`, span));
    return this.fold(this.callNode(`to${to}`, to, [x], impl!, span));
  }

  private callNode(name: string, type: KqlType, args: BoundExpr[], impl: Implementation, span: Span): BoundCall {
    return { kind: 'Call', name, type, args, impl, foldable: true, span };
  }

  /**
   * Folds an expression that reads no column into one value, evaluating calls that are not folded in
   * general (now(), ago()) once: for places that take a single value for the whole query.
   */
  foldOnce(x: BoundExpr): BoundExpr {
    if (x.kind !== 'Call') return x;
    return this.fold({ ...x, args: x.args.map((a) => this.foldOnce(a)), foldable: true });
  }

  /**
   * The name of an unnamed computed column: Microsoft's analyzer numbers them Column1, Column2, … across
   * the whole query (a second summarize by startofmonth(T) gives Column2 even when Column1 is gone),
   * skipping names already taken in the operator's output.
   */
  private nextColumnName(taken: Set<string>): string {
    let name: string;
    do name = `Column${++this.unnamedColumns}`; while (taken.has(name));
    return name;
  }

  /** Evaluates a call whose arguments are all constants (constant folding at bind time). */
  fold(x: BoundExpr): BoundExpr {
    if (x.kind !== 'Call' || !x.foldable || !x.args.every((a) => a.kind === 'Const')) return x;
    try {
      const consts = x.args.map((a) => ({ kind: 'const' as const, type: a.type, value: (a as { value: Scalar }).value }));
      if (x.impl.kind === 'row') {
        const vals = consts.map((c) => c.value);
        if (x.impl.nullPropagating && vals.some((v) => v === null)) return constant(x.type, null);
        return constant(x.type, normalize(x.type, x.impl.fn(...vals)));
      }
      const out = x.impl.kernel(consts, 1, null, this.kctx);
      return constant(x.type, isConst(out) ? out.value : getScalar(out as Vector, 0));
    } catch (err) {
      if (err instanceof BindFailure) throw err;
      return this.fail(D.runtimeError(`${x.name}: ${(err as Error).message}`, x.span));
    }
  }
}

// ───────────────────────────── helpers ─────────────────────────────

/** The regex a parse column of a type captures: numbers by shape, anything else as text (converted after). */
function parseColumnRegex(type: KqlType, kind: string): string {
  const text = kind === 'regex' ? '.*' : '.*?';
  let shape: string | undefined;
  if (type === 'int' || type === 'long') shape = String.raw`-?\d+`;
  if (type === 'real' || type === 'decimal') shape = String.raw`-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|NaN|-?Infinity`;
  if (shape === undefined) return text;
  // relaxed: a value of the wrong shape still matches (as text) and becomes null on its own
  return kind === 'relaxed' ? `(?:${shape})|${text}` : shape;
}

function normalize(type: KqlType, v: Scalar): Scalar {
  if (v === undefined) return null;
  if (type === 'string' && v === null) return '';
  return v;
}

function toArgInfo(a: BoundExpr): ArgInfo {
  return a.kind === 'Const' ? { type: a.type, constant: { value: a.value } } : { type: a.type };
}

function resolveReturn(sig: Signature, args: ArgInfo[]): KqlType | undefined {
  return typeof sig.returns === 'function' ? sig.returns(args) : sig.returns;
}

/** The implicit widening Kusto applies to fit a parameter: int → long → real / decimal. */
function widenTo(from: KqlType, to: readonly KqlType[]): KqlType | undefined {
  const order: Partial<Record<KqlType, KqlType[]>> = {
    int: ['long', 'real', 'decimal'],
    long: ['real', 'decimal'],
    decimal: ['real'],
  };
  for (const t of order[from] ?? []) if (to.includes(t)) return t;
  return undefined;
}

/** How many arguments a parameter list takes, in words: `2`, `1 to 3`, `at least 1`, `an even number of`. */
function expectedCount(params: readonly ParamDef[]): string {
  const group = params.filter((p) => p.repeatable);
  const fixed = params.filter((p) => !p.repeatable);
  const required = fixed.filter((p) => !p.optional).length;
  if (group.length === 0) return required === fixed.length ? String(required) : `${required} to ${fixed.length}`;
  const groupMin = group.every((p) => p.optional) ? 0 : group.length;
  if (group.length === 1) return `at least ${required + groupMin}`;
  if (fixed.length === 0 && group.length === 2) return 'an even number of';
  return `${required + groupMin} + a multiple of ${group.length}`;
}

function normalizeJoinKind(k: string | undefined): JoinKind | undefined {
  if (k === undefined) return 'innerunique';
  const m: Record<string, JoinKind> = {
    innerunique: 'innerunique', inner: 'inner', leftouter: 'leftouter', rightouter: 'rightouter', fullouter: 'fullouter',
    outer: 'fullouter', leftsemi: 'leftsemi', leftanti: 'leftanti', anti: 'leftanti', leftantisemi: 'leftanti',
    rightsemi: 'rightsemi', rightanti: 'rightanti', rightantisemi: 'rightanti',
  };
  return m[k.toLowerCase()];
}

/** The name withsource= reports for a union input: its table name, or the name a trailing `as` gives it. */
function sourceName(t: A.Expr): string | undefined {
  const u = unparen(t);
  if (u.kind === 'NameRef') return u.name;
  if (u.kind === 'Pipe' && u.operator.kind === 'As') return u.operator.name;
  return undefined;
}

/** Scalar functions whose several-array form yields one column per array. */
const MULTI_ARRAY_FUNCTIONS = new Set(['array_sort_asc', 'array_sort_desc']);
/** the items `spreadItems` made (their columns are named after the sorted arrays) */
const SPREAD_ITEMS = new WeakSet<A.NamedExpr>();

/**
 * search/find predicates: a string literal where a condition belongs is a term looked up in every
 * column (search-operator.md): `x` has, `*x` hassuffix, `x*` hasprefix, `*x*` contains, `a*b` matches
 * regex `\ba.*b\b`, `*` every row. Other conditions are left as written.
 */
function searchTerms(e: A.Expr, columns: string[], caseSensitive: boolean): A.Expr {
  const span = e.span;
  if (e.kind === 'Paren') return { ...e, expr: searchTerms(e.expr, columns, caseSensitive) };
  if (e.kind === 'Binary' && (e.op === 'and' || e.op === 'or')) {
    return { ...e, left: searchTerms(e.left, columns, caseSensitive), right: searchTerms(e.right, columns, caseSensitive) };
  }
  if (e.kind === 'Call' && e.name === 'not' && e.args.length === 1) return { ...e, args: [searchTerms(e.args[0]!, columns, caseSensitive)] };
  // `Column:"term"`: the term looked up in that column only
  // (spans: the column's, so an unknown column is reported at its name)
  if (e.kind === 'Binary' && e.op === ':' && e.left.kind === 'NameRef') return searchTerms({ ...e.right, span: e.left.span }, [e.left.name], caseSensitive);
  if (e.kind !== 'Literal' || e.type !== 'string' || typeof e.value !== 'string') return e;
  const term = e.value;
  const bool = (v: boolean): A.Expr => ({ kind: 'Literal', type: 'bool', value: v, text: String(v), span });
  if (/^\*+$/.test(term)) return bool(true);
  const cs = caseSensitive ? '_cs' : '';
  let op: string;
  let text = term;
  const inner = term.replace(/^\*/, '').replace(/\*$/, '');
  if (inner.includes('*')) {
    op = 'matches regex';
    const esc = (x: string) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    // case-insensitive: both sides lower-cased (no inline flags needed)
    const body = caseSensitive ? inner : inner.toLowerCase();
    text = `${term.startsWith('*') ? '' : '\\b'}${body.split('*').map(esc).join('.*')}${term.endsWith('*') ? '' : '\\b'}`;
  } else if (term.startsWith('*') && term.endsWith('*')) { op = `contains${cs}`; text = inner; }
  else if (term.startsWith('*')) { op = `hassuffix${cs}`; text = inner; }
  else if (term.endsWith('*')) { op = `hasprefix${cs}`; text = inner; }
  else op = `has${cs}`;
  const lit: A.Expr = { kind: 'Literal', type: 'string', value: text, text: JSON.stringify(text), span };
  const lower = (x: A.Expr): A.Expr => (op === 'matches regex' && !caseSensitive ? { kind: 'Call', name: 'tolower', nameSpan: span, args: [x], span } : x);
  const tests: A.Expr[] = columns.map((c) => ({
    kind: 'Binary', op,
    left: lower({ kind: 'Call', name: 'tostring', nameSpan: span, args: [{ kind: 'NameRef', name: c, span }], span }),
    right: lit, span, opSpan: span,
  }) as unknown as A.Expr);
  if (tests.length === 0) return bool(false);
  return tests.reduce((l, r) => ({ kind: 'Binary', op: 'or', left: l, right: r, span, opSpan: span }) as unknown as A.Expr);
}

function unparen(e: A.Expr): A.Expr {
  while (e.kind === 'Paren') e = e.expr;
  return e;
}

/** Replaces column references into a virtual row by the expressions that compute those columns. */
function substitute(x: BoundExpr, exprs: BoundExpr[]): BoundExpr {
  switch (x.kind) {
    case 'Column':
      return exprs[x.index]!;
    case 'Call':
      return { ...x, args: x.args.map((a) => substitute(a, exprs)) };
    default:
      return x;
  }
}

function forEachChild(e: A.Expr, f: (x: A.Expr) => void) {
  switch (e.kind) {
    case 'Member': f(e.target); break;
    case 'Index': f(e.target); f(e.index); break;
    case 'Call': e.args.forEach(f); break;
    case 'Unary': f(e.operand); break;
    case 'Binary': f(e.left); f(e.right); break;
    case 'In': f(e.left); e.items.forEach(f); break;
    case 'Between': f(e.left); f(e.low); f(e.high); break;
    case 'Paren': f(e.expr); break;
    default:
  }
}


export type { AggregateDef };

/** A number literal (or its negation) written in a decimal context, as an exact decimal; null otherwise. */
function exactDecimalLiteral(e: A.Expr): DecBox | null {
  if (e.kind === 'Unary' && e.op === '-') {
    const d = exactDecimalLiteral(e.operand);
    return d === null ? null : typeof d === 'number' ? -d + 0 : d.startsWith('-') ? d.slice(1) : `-${d}`;
  }
  if (e.kind === 'Literal' && (e.type === 'real' || e.type === 'long' || e.type === 'int') && /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(e.text)) {
    return decFromText(e.text);
  }
  return null;
}

/** The list of `x in (a, b, ...)` for one row when its items are not constants: dynamic arrays flattened. */
function flattenInList(...items: Scalar[]): Scalar {
  const out: unknown[] = [];
  for (const v of items) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out as Scalar;
}

function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** project-reorder granny-asc: case-insensitive, with runs of digits compared by their value (a9 < a10). */
function grannyCompare(a: string, b: string): number {
  const parts = (s: string) => s.toUpperCase().match(/\d+|\D+/g) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    const c = dx && dy ? Number(x) - Number(y) || compareOrdinal(x, y) : compareOrdinal(x, y);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}
