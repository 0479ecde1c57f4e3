// Graph semantics: make-graph, graph-match, graph-shortest-paths, graph-to-table, graph-mark-components
// and the graph functions (map, all, any, inner_nodes, node_degree_in/out, node_id, labels).
//
// make-graph-operator.md: each row of the piped table is an edge (its columns are the edge's
// properties); each row of the `with` node tables is a node; a node id found only in the edges is a
// node with empty properties (its id column(s) hold the id). A node id present twice merges the rows
// (conflicting values: the docs allow any; the first non-null value is kept). `with_node_id=Name`
// gives the nodes one property, the id; without either the nodes have no properties (the analyzer's
// schema for `graph-to-table nodes` is empty then). Nodes are kept in order: node-table rows first,
// then ids as the edges first name them (source, then target) — the order the doc examples show.
//
// A graph is not a table: make-graph (and graph-mark-components) must be followed by graph-match,
// graph-shortest-paths or graph-to-table; the binder binds the whole chain here as one plan node whose
// inputs are the edges and node tables and whose runner builds the graph and runs the last operator.
//
// graph-match: where/project expressions reference pattern variables: `n.prop` (a property),
// `n` (the whole element, a property bag), node_degree_in(n) / node_degree_out(n) / node_id(n) /
// labels(n), and for a variable length edge e: `e.prop` (a dynamic array, one value per edge),
// map(e, expr) / all(e, pred) / any(e, pred) over its edges, and the same over inner_nodes(e).
// Each such reference becomes a column of a "binding table" with one row per match; `where` and
// `project` are then bound over that table like any filter and projection.
// A conjunct of `where` that reads one node variable only filters that variable's candidate nodes
// before matching; one that reads only properties of one edge variable filters its edges — for a
// variable length edge that is the doc's rule "all the edges in the sequence satisfy the constraints".
//
// Limits (ours; the docs give none): a variable length edge spans at most MAX_PATH_LENGTH edges, and
// matching stops with an error past the query's row limit or time limit.
import type { RawDiagnostic, Span } from '../errors/diagnostic.js';
import * as D from '../errors/diagnostics.js';
import type * as A from '../syntax/ast.js';
import { forEachKeyPair, mapExprChildren } from '../syntax/ast.js';
import type { Column, KqlType, Scalar } from '../types.js';
import { isNumeric } from '../types.js';
import type { BoundExpr } from './bound.js';
import type { PlanNode } from '../plan/nodes.js';
import type { PluginTable } from '../plugins/define.js';
import type { KernelContext, RowFn } from '../functions/define.js';
import { allocVector, gather, getScalar, setScalar, type Vector } from '../exec/vector.js';
import { collect, evalColumn, ExecContext, RowLimitExceeded } from '../exec/pipeline.js';
import { setMember, stringifyDynamic } from '../values/dynamic.js';
import { convertTo } from '../values/convert.js';
import { toDynamicValue } from '../functions/scalar/dynamic.js';
import { hashFunctions } from '../functions/scalar/hash.js';
import { closest, expressionName, uniqueName } from './naming.js';

/** What the graph binder needs from the binder (scope is the binder's own Scope class). */
export interface GraphHost<S> {
  tabular(e: A.Expr, scope: S): PlanNode;
  scalar(e: A.Expr, cols: Column[], scope: S): BoundExpr;
  operator(input: PlanNode, op: A.QueryOperator, scope: S): PlanNode;
  fail(d: RawDiagnostic): never;
  /** binds a tabular name (graph-to-table ... as Name) */
  setTabular(name: string, plan: PlanNode, scope: S): void;
  /** a `let G = ... | make-graph ...` in scope: its expression and the scope it was declared in */
  graphLet(name: string, scope: S): { expr: A.Expr; scope: S } | undefined;
  /** `graph('Model' [, 'Snapshot' | snapshot='Snapshot'])`: the steps of the graph model (or of its snapshot) */
  graphModel(call: A.Call, scope: S): { name: string; steps: GraphModelStep[] };
}

/**
 * One step of a graph model's definition (graph-model-overview.md, "Definition steps in detail") with
 * its query bound: AddNodes (NodeIdColumn) or AddEdges (SourceColumn, TargetColumn); Labels are static
 * labels, LabelsColumn a string column (one label) or a dynamic array column (several).
 */
export type GraphModelStep =
  | { kind: 'AddNodes'; plan: PlanNode; nodeIdColumn: string; labels: string[]; labelsColumn?: string }
  | { kind: 'AddEdges'; plan: PlanNode; sourceColumn: string; targetColumn: string; labels: string[]; labelsColumn?: string };

/** Graph functions the binder implements inside graph-match / graph-shortest-paths (coverage.ts counts them). */
export const GRAPH_FUNCTIONS = ['all', 'any', 'map', 'inner_nodes', 'node_degree_in', 'node_degree_out', 'node_id', 'labels'];

/** A graph function called outside graph-match / graph-shortest-paths. */
export const graphFunctionOutsideGraph = (name: string, span: Span): RawDiagnostic =>
  D.typeMismatch(`'${name}' is a graph function: it applies to pattern variables in the where and project clauses of graph-match and graph-shortest-paths`, span);

/** A graph let used as a table or a value. */
export const graphNotTable = (name: string, span: Span): RawDiagnostic =>
  D.typeMismatch(`'${name}' is a graph, not a table: follow it with graph-match, graph-shortest-paths or graph-to-table`, span);

/** Our limit on a variable length edge's upper bound (the docs document none). */
export const MAX_PATH_LENGTH = 64;

export const isGraphConsumer = (op: A.QueryOperator): op is A.GraphMatchOp | A.GraphToTableOp =>
  op.kind === 'GraphMatch' || op.kind === 'GraphToTable';

const opName = (op: A.QueryOperator): string =>
  op.kind === 'GraphMatch' ? (op.shortestPaths ? 'graph-shortest-paths' : 'graph-match')
    : op.kind === 'GraphToTable' ? 'graph-to-table'
    : op.kind === 'GraphMarkComponents' ? 'graph-mark-components'
    : op.kind === 'GraphMerge' ? 'graph-merge'
    : 'make-graph';

/** `G | graph-match/graph-to-table ...` where G is a graph (make-graph, graph-mark-components, graph-merge, graph(), a graph let): one plan node. */
export function bindGraphPipe<S>(host: GraphHost<S>, pipe: A.Pipe, scope: S): PlanNode {
  return bindConsumer(host, resolveGraph(host, pipe.source, scope, pipe.operator), pipe.operator, scope);
}

/** The graph a graph operator reads, bound: make-graph over its tables, graph(), and the operators after them; through lets. */
function resolveGraph<S>(host: GraphHost<S>, e: A.Expr, scope: S, consumer: A.QueryOperator): GraphSpec {
  if (e.kind === 'Paren') return resolveGraph(host, e.expr, scope, consumer);
  if (e.kind === 'NameRef') {
    const g = host.graphLet(e.name, scope);
    if (g) return resolveGraph(host, g.expr, g.scope, consumer);
  }
  if (e.kind === 'Pipe' && e.operator.kind === 'GraphMarkComponents') {
    return markComponents(host, resolveGraph(host, e.source, scope, e.operator), e.operator);
  }
  if (e.kind === 'Pipe' && e.operator.kind === 'GraphMerge') {
    const op = e.operator;
    return mergeSpec(host, resolveGraph(host, e.source, scope, op), resolveGraph(host, op.right, scope, op), op);
  }
  if (e.kind === 'Pipe' && e.operator.kind === 'MakeGraph' && !e.operator.partition) {
    return makeGraphSpec(host, host.tabular(e.source, scope), e.operator, scope);
  }
  if (isGraphCall(e)) return modelSpec(host, host.graphModel(e, scope), e);
  if (consumer.kind === 'GraphMerge' && e === consumer.right) {
    return host.fail(D.typeMismatch('the right side of graph-merge must be a graph (make-graph, graph(), or a let bound to one)', e.span));
  }
  return host.fail(needsGraphInput(consumer));
}

/** `graph('Model', ...)` (graph-function.md) */
export const isGraphCall = (e: A.Expr): e is A.Call => e.kind === 'Call' && e.name === 'graph' && !e.target;

/** Whether a let value is a graph (make-graph, graph(), graph-mark-components or graph-merge after one, or a graph let). */
export function isGraphExpr<S>(host: GraphHost<S>, e: A.Expr, scope: S): boolean {
  if (e.kind === 'Paren') return isGraphExpr(host, e.expr, scope);
  if (e.kind === 'NameRef') return host.graphLet(e.name, scope) !== undefined;
  if (isGraphCall(e)) return true;
  if (e.kind !== 'Pipe') return false;
  return (e.operator.kind === 'MakeGraph' && !e.operator.partition) || e.operator.kind === 'GraphMarkComponents' || e.operator.kind === 'GraphMerge';
}

/** `make-graph ... partitioned-by Column (graph operators)`: one graph per value of Column. */
export function bindPartitionedGraph<S>(host: GraphHost<S>, edges: PlanNode, op: A.MakeGraphOp, scope: S): PlanNode {
  let spec = makeGraphSpec(host, edges, op, scope);
  const body = op.partition!.body;
  const last = body[body.length - 1]!;
  for (const t of body.slice(0, -1)) {
    if (t.kind === 'GraphMerge') host.fail(D.unsupportedFeature('graph-merge inside make-graph partitioned-by', t.span));
    if (t.kind !== 'GraphMarkComponents') host.fail(misplacedGraphOperator(t));
    spec = markComponents(host, spec, t as A.GraphMarkComponentsOp);
  }
  return bindConsumer(host, spec, last, scope);
}

/** A graph operator whose input is not a graph. */
function needsGraphInput(op: A.QueryOperator): RawDiagnostic {
  return D.typeMismatch(`'${opName(op)}' needs a graph as its input`, op.span,
    `build one with make-graph first: T | make-graph Source --> Target | ${opName(op)} ...`);
}

/** A graph operator reached outside a graph chain (make-graph not followed by a consumer, or a consumer without a graph). */
export function misplacedGraphOperator(op: A.QueryOperator): RawDiagnostic {
  if (op.kind === 'MakeGraph' || op.kind === 'GraphMarkComponents' || op.kind === 'GraphMerge') {
    return D.typeMismatch(`'${opName(op)}' produces a graph: follow it with graph-match, graph-shortest-paths or graph-to-table`, op.span);
  }
  return D.typeMismatch(`'${opName(op)}' needs a graph as its input`, op.span,
    `build one with make-graph first: T | make-graph Source --> Target | ${opName(op)} ...`);
}

// ───────────────────────────── graph shape (bind time) ─────────────────────────────

interface NodeSource {
  plan: PlanNode;
  id: number;
  /** table column → node property */
  map: number[];
}

/** What the graph operators know of a graph at bind time: its edge and node properties and the type of its node ids. */
interface GraphSchema {
  edgeSchema: Column[];
  nodeSchema: Column[];
  idType: KqlType;
}

/** A bound graph source: its schema, the plans it reads and how its graph is built from their tables. */
interface GraphSpec extends GraphSchema {
  inputs: PlanNode[];
  build: (tabs: Tab[], ctx: ExecContext) => Graph;
  /** make-graph partitioned-by: the partition column of each input (the edges, then the node tables) */
  partition?: number[];
}

/** make-graph's graph */
interface Shape extends GraphSchema {
  src: number;
  dst: number;
  nodeSources: NodeSource[];
  /** node properties that hold the node's id */
  idProps: number[];
}

const sameKind = (a: KqlType, b: KqlType): boolean => a === b || (isNumeric(a) && isNumeric(b));

function columnIndex<S>(host: GraphHost<S>, schema: Column[], n: A.SpannedName, what: string): number {
  const i = schema.findIndex((c) => c.name === n.name);
  if (i < 0) host.fail(D.unknownColumn(n.name, n.span, undefined));
  void what;
  return i;
}

function makeGraphSpec<S>(host: GraphHost<S>, edges: PlanNode, mk: A.MakeGraphOp, scope: S): GraphSpec {
  const shape = graphShape(host, edges, mk, scope);
  return {
    edgeSchema: shape.edgeSchema,
    nodeSchema: shape.nodeSchema,
    idType: shape.idType,
    inputs: [edges, ...shape.nodeSources.map((n) => n.plan)],
    build: (tabs) => buildGraph(shape, tabs[0]!, tabs.slice(1)),
    ...(shape.partition ? { partition: shape.partition } : {}),
  };
}

function graphShape<S>(host: GraphHost<S>, edges: PlanNode, mk: A.MakeGraphOp, scope: S): Shape & { partition?: number[] } {
  const edgeSchema = edges.schema;
  const src = columnIndex(host, edgeSchema, mk.source, 'source');
  const dst = columnIndex(host, edgeSchema, mk.target, 'target');
  const idType = edgeSchema[src]!.type;
  if (!sameKind(idType, edgeSchema[dst]!.type)) {
    host.fail(D.typeMismatch(`the source and target node ids of make-graph must have the same type, not '${idType}' and '${edgeSchema[dst]!.type}'`, mk.target.span));
  }
  const shape: Shape & { partition?: number[] } = { edgeSchema, src, dst, idType, nodeSources: [], nodeSchema: [], idProps: [] };
  if (mk.withNodeId) {
    shape.nodeSchema.push({ name: mk.withNodeId.name, type: idType });
    shape.idProps.push(0);
  }
  if (mk.nodes.length > 2) host.fail(D.syntaxError('make-graph takes at most two node tables', mk.nodes[2]!.span));
  for (const n of mk.nodes) {
    const plan = host.tabular(n.table, scope);
    const id = columnIndex(host, plan.schema, n.id, 'node id');
    if (!sameKind(plan.schema[id]!.type, idType)) {
      host.fail(D.typeMismatch(`the node id column '${n.id.name}' has type '${plan.schema[id]!.type}' but the edges' node ids are '${idType}'`, n.id.span));
    }
    const map = plan.schema.map((c) => {
      const k = shape.nodeSchema.findIndex((x) => x.name === c.name);
      if (k >= 0) {
        if (shape.nodeSchema[k]!.type !== c.type) {
          host.fail(D.typeMismatch(`node property '${c.name}' has type '${shape.nodeSchema[k]!.type}' in one node table and '${c.type}' in another`, n.span));
        }
        return k;
      }
      shape.nodeSchema.push({ name: c.name, type: c.type });
      return shape.nodeSchema.length - 1;
    });
    if (!shape.idProps.includes(map[id]!)) shape.idProps.push(map[id]!);
    shape.nodeSources.push({ plan, id, map });
  }
  if (mk.partition) {
    const col = mk.partition.column;
    const edge = columnIndex(host, edgeSchema, col, 'partition');
    const nodes = shape.nodeSources.map((s) => {
      const i = s.plan.schema.findIndex((c) => c.name === col.name);
      if (i < 0) host.fail(D.unknownColumn(col.name, col.span, undefined));
      return i;
    });
    shape.partition = [edge, ...nodes];
  }
  return shape;
}

function paramValue<S>(host: GraphHost<S>, params: A.GraphParameter[], op: string, allowed: Record<string, readonly string[] | null>): Map<string, A.GraphParameter> {
  const out = new Map<string, A.GraphParameter>();
  for (const p of params) {
    const values = allowed[p.name];
    if (values === undefined) {
      host.fail(D.syntaxError(`unknown ${op} parameter '${p.name}'`, p.span, `use ${Object.keys(allowed).map((k) => `${k}=...`).join(' or ')}`));
    }
    if (values && !values.includes(p.value)) {
      host.fail(D.syntaxError(`${op} ${p.name} must be ${values.map((v) => `'${v}'`).join(', ')}, not '${p.value}'`, p.span));
    }
    if (out.has(p.name)) host.fail(D.syntaxError(`${op} parameter '${p.name}' is given twice`, p.span));
    out.set(p.name, p);
  }
  return out;
}

// ───────────────────────────── the graph at run time ─────────────────────────────

interface Tab {
  columns: Vector[];
  rowCount: number;
}

interface Graph {
  n: number;
  ids: Scalar[];
  /** node property columns (shape.nodeSchema), n rows */
  props: Vector[];
  m: number;
  src: Int32Array;
  dst: Int32Array;
  edgeCols: Vector[];
  out: number[][];
  in: number[][];
  degIn: Int32Array;
  degOut: Int32Array;
  /** each node's labels (graph models); null: none has any (make-graph) */
  nodeLabels: string[][] | null;
  /** each edge's labels (graph models); null: none has any */
  edgeLabels: string[][] | null;
}

const keyOf = (v: Scalar): string =>
  v === null ? '\u0000' : typeof v === 'string' ? 's' + v : typeof v === 'object' ? 'o' + stringifyDynamic(v) : typeof v === 'boolean' ? 'b' + String(v) : 'n' + String(v);

/** Nodes as they are collected: ids in order of first appearance, property values, labels. */
class NodeSet {
  private readonly index = new Map<string, number>();
  readonly ids: Scalar[] = [];
  readonly values: Scalar[][];
  readonly labels: string[][] = [];
  hasLabels = false;

  constructor(readonly schema: Column[], private readonly idProps: number[]) {
    this.values = schema.map(() => []);
  }

  /** the node of this id, added (with its id properties set) if new */
  add(id: Scalar): number {
    const key = keyOf(id);
    let i = this.index.get(key);
    if (i !== undefined) return i;
    i = this.ids.length;
    this.index.set(key, i);
    this.ids.push(id);
    for (const col of this.values) col.push(null);
    for (const p of this.idProps) this.values[p]![i] = id;
    this.labels.push([]);
    return i;
  }

  addLabels(i: number, labels: readonly string[]): void {
    const mine = this.labels[i]!;
    for (const l of labels) if (!mine.includes(l)) mine.push(l);
    if (labels.length) this.hasLabels = true;
  }

  vectors(): Vector[] {
    const n = this.ids.length;
    return this.schema.map((c, p) => {
      const v = allocVector(c.type, n);
      for (let i = 0; i < n; i++) setScalar(v, i, this.values[p]![i] ?? null);
      return v;
    });
  }
}

/** A graph from its nodes and edges: adjacency lists and degrees. */
function assembleGraph(nodes: NodeSet, src: Int32Array, dst: Int32Array, edgeCols: Vector[], edgeLabels: string[][] | null): Graph {
  const n = nodes.ids.length;
  const m = src.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  const inn: number[][] = Array.from({ length: n }, () => []);
  const degIn = new Int32Array(n);
  const degOut = new Int32Array(n);
  for (let e = 0; e < m; e++) {
    out[src[e]!]!.push(e);
    inn[dst[e]!]!.push(e);
    degOut[src[e]!]!++;
    degIn[dst[e]!]!++;
  }
  return {
    n, ids: nodes.ids, props: nodes.vectors(), m, src, dst, edgeCols, out, in: inn, degIn, degOut,
    nodeLabels: nodes.hasLabels ? nodes.labels : null,
    edgeLabels: edgeLabels && edgeLabels.some((l) => l.length) ? edgeLabels : null,
  };
}

function buildGraph(shape: Shape, edges: Tab, nodeTabs: Tab[]): Graph {
  const nodes = new NodeSet(shape.nodeSchema, shape.idProps);
  shape.nodeSources.forEach((s, t) => {
    const tab = nodeTabs[t]!;
    for (let r = 0; r < tab.rowCount; r++) {
      const i = nodes.add(getScalar(tab.columns[s.id]!, r));
      s.map.forEach((p, j) => {
        if (nodes.values[p]![i] === null) nodes.values[p]![i] = getScalar(tab.columns[j]!, r);
      });
    }
  });
  const m = edges.rowCount;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    src[r] = nodes.add(getScalar(edges.columns[shape.src]!, r));
    dst[r] = nodes.add(getScalar(edges.columns[shape.dst]!, r));
  }
  return assembleGraph(nodes, src, dst, edges.columns, null);
}

// ───────────────────────────── graph-mark-components ─────────────────────────────

/** `G | graph-mark-components [kind=weak|strong] [with_component_id=Name]`: a long node property, the node's component. */
function markComponents<S>(host: GraphHost<S>, spec: GraphSpec, op: A.GraphMarkComponentsOp): GraphSpec {
  const params = paramValue(host, op.params, 'graph-mark-components', { kind: ['weak', 'strong'], with_component_id: null });
  const name = params.get('with_component_id')?.value ?? 'ComponentId';
  if (spec.nodeSchema.some((c) => c.name === name)) host.fail(D.duplicateColumn(name, params.get('with_component_id')?.span ?? op.span));
  const kind = params.get('kind')?.value ?? 'weak';
  return {
    ...spec,
    nodeSchema: [...spec.nodeSchema, { name, type: 'long' }],
    build: (tabs, ctx) => {
      const g = spec.build(tabs, ctx);
      const comp = kind === 'weak' ? weakComponents(g) : strongComponents(g);
      const v = allocVector('long', g.n);
      for (let i = 0; i < g.n; i++) setScalar(v, i, comp[i]!);
      return { ...g, props: [...g.props, v] };
    },
  };
}

// ───────────────────────────── graph models: graph() ─────────────────────────────
//
// graph-function.md: graph('Model') is the model's latest snapshot, graph('Model', 'Snapshot') or
// graph('Model', snapshot='Snapshot') a named one; a model without snapshots is built at query time
// (graph-model-overview.md, "Querying Graph models"). The Database resolves the name to the steps of
// the model's definition with their queries bound (a snapshot: the rows they gave when it was made).
// graph-model-overview.md, "Definition steps in detail": AddNodes adds a node per row (NodeIdColumn),
// AddEdges an edge per row (SourceColumn -> TargetColumn); each row's columns are its properties.
// Labels: the step's static Labels, then the row's LabelsColumn (a string: one label; a dynamic
// array: several). Nodes of several rows with one id are one node ("Duplicates are merged ... the
// last value processed takes precedence"): a later non-null value replaces an earlier one; duplicate
// edges stay. An edge whose end no AddNodes step names gets a node with its id only, as make-graph does.

function modelSpec<S>(host: GraphHost<S>, found: { name: string; steps: GraphModelStep[] }, call: A.Call): GraphSpec {
  const { name: model, steps } = found;
  const fail = (k: number, message: string): never =>
    host.fail(D.invalidGraphModel(model, `step ${k + 1} (${steps[k]!.kind}): ${message}`, call.span));
  const column = (k: number, name: string, what: string): number => {
    const i = steps[k]!.plan.schema.findIndex((c) => c.name === name);
    if (i < 0) fail(k, `its query has no ${what} column '${name}'`);
    return i;
  };
  const nodeSchema: Column[] = [];
  const edgeSchema: Column[] = [];
  let idType: KqlType | undefined;
  const idColumn = (k: number, name: string, what: string): number => {
    const i = column(k, name, what);
    const t = steps[k]!.plan.schema[i]!.type;
    if (t === 'dynamic') fail(k, `the ${what} column '${name}' can't be of type dynamic`);
    if (idType === undefined) idType = t;
    else if (!sameKind(idType, t)) fail(k, `the ${what} column '${name}' is '${t}' but the graph's node ids are '${idType}'`);
    return i;
  };
  const labelsColumn = (k: number): number => {
    const name = steps[k]!.labelsColumn;
    if (name === undefined) return -1;
    const i = column(k, name, 'LabelsColumn');
    const t = steps[k]!.plan.schema[i]!.type;
    if (t !== 'string' && t !== 'dynamic') fail(k, `LabelsColumn '${name}' must be a string or a dynamic array, not '${t}'`);
    return i;
  };
  const properties = (k: number, into: Column[]): number[] =>
    steps[k]!.plan.schema.map((c) => {
      const p = into.findIndex((x) => x.name === c.name);
      if (p < 0) {
        into.push({ ...c });
        return into.length - 1;
      }
      if (into[p]!.type !== c.type) fail(k, `property '${c.name}' is '${c.type}' here but '${into[p]!.type}' in an earlier step`);
      return p;
    });
  type NodeStep = { k: number; id: number; labels: number; map: number[] };
  type EdgeStep = { k: number; src: number; dst: number; labels: number; map: number[] };
  const nodeSteps: NodeStep[] = [];
  const edgeSteps: EdgeStep[] = [];
  const idProps: number[] = [];
  steps.forEach((st, k) => {
    if (st.kind === 'AddNodes') {
      const id = idColumn(k, st.nodeIdColumn, 'NodeIdColumn');
      const map = properties(k, nodeSchema);
      if (!idProps.includes(map[id]!)) idProps.push(map[id]!);
      nodeSteps.push({ k, id, labels: labelsColumn(k), map });
    } else {
      const src = idColumn(k, st.sourceColumn, 'SourceColumn');
      const dst = idColumn(k, st.targetColumn, 'TargetColumn');
      edgeSteps.push({ k, src, dst, labels: labelsColumn(k), map: properties(k, edgeSchema) });
    }
  });
  if (idType === undefined) host.fail(D.invalidGraphModel(model, 'its definition has no AddNodes or AddEdges step', call.span));
  const rowLabels = (stat: string[], tab: Tab, col: number, r: number): string[] => {
    const out = [...stat];
    if (col < 0) return out;
    const v = getScalar(tab.columns[col]!, r);
    const add = (x: unknown) => {
      if (typeof x === 'string' && x !== '' && !out.includes(x)) out.push(x);
    };
    if (Array.isArray(v)) v.forEach(add);
    else add(v);
    return out;
  };
  return {
    nodeSchema,
    edgeSchema,
    idType: idType!,
    inputs: steps.map((st) => st.plan),
    build: (tabs) => {
      const nodes = new NodeSet(nodeSchema, idProps);
      for (const ns of nodeSteps) {
        const tab = tabs[ns.k]!;
        const stat = steps[ns.k]!.labels;
        for (let r = 0; r < tab.rowCount; r++) {
          const i = nodes.add(getScalar(tab.columns[ns.id]!, r));
          ns.map.forEach((p, j) => {
            const v = getScalar(tab.columns[j]!, r);
            if (v !== null) nodes.values[p]![i] = v;
          });
          nodes.addLabels(i, rowLabels(stat, tab, ns.labels, r));
        }
      }
      const m = edgeSteps.reduce((sum, es) => sum + tabs[es.k]!.rowCount, 0);
      const src = new Int32Array(m);
      const dst = new Int32Array(m);
      const values: Scalar[][] = edgeSchema.map(() => new Array<Scalar>(m).fill(null));
      const labels: string[][] = [];
      let e = 0;
      for (const es of edgeSteps) {
        const tab = tabs[es.k]!;
        const stat = steps[es.k]!.labels;
        for (let r = 0; r < tab.rowCount; r++, e++) {
          src[e] = nodes.add(getScalar(tab.columns[es.src]!, r));
          dst[e] = nodes.add(getScalar(tab.columns[es.dst]!, r));
          es.map.forEach((p, j) => { values[p]![e] = getScalar(tab.columns[j]!, r); });
          labels.push(rowLabels(stat, tab, es.labels, r));
        }
      }
      return assembleGraph(nodes, src, dst, vectorsOf(edgeSchema, values), labels);
    },
  };
}

/** one vector per column from its values */
function vectorsOf(schema: Column[], values: Scalar[][]): Vector[] {
  return schema.map((c, p) => {
    const col = values[p]!;
    const v = allocVector(c.type, col.length);
    for (let k = 0; k < col.length; k++) setScalar(v, k, col[k]!);
    return v;
  });
}

// ───────────────────────────── graph-merge ─────────────────────────────
//
// graph-merge-operator.md: "merges the nodes and edges of two graphs". Its examples fix the shape:
// the nodes are merged by id, their properties are the left graph's then the right graph's others
// (principalId, alias, firstName, lastName); the edge properties likewise (fromPrincipal, ..., when,
// caller, callee, subject, duration). Without `on` the edges are the union of both graphs' edges;
// with `on` a left and a right edge whose columns match are one edge (the left values of a shared
// column win: the example's merged edge 1 -> 2 keeps the email's `when`), an edge without a partner
// stays as it is. Ours where the docs say nothing: a node or shared property keeps the left value
// unless it is null or empty, then takes the right one; a merged edge keeps the left edge's
// endpoints; an edge matching several is one edge per pair (as a join); null keys never match.

/** the union of two property lists by name: the left's, then the right's others; where each right property went */
function unionProperties<S>(host: GraphHost<S>, left: Column[], right: Column[], what: string, span: Span): { schema: Column[]; map: number[] } {
  const schema = left.map((c) => ({ ...c }));
  const map = right.map((c) => {
    const k = schema.findIndex((x) => x.name === c.name);
    if (k < 0) {
      schema.push({ ...c });
      return schema.length - 1;
    }
    if (schema[k]!.type !== c.type) {
      host.fail(D.typeMismatch(`graph-merge: ${what} property '${c.name}' is '${schema[k]!.type}' in the left graph and '${c.type}' in the right graph`, span));
    }
    return k;
  });
  return { schema, map };
}

function mergeSpec<S>(host: GraphHost<S>, left: GraphSpec, right: GraphSpec, op: A.GraphMergeOp): GraphSpec {
  if (!sameKind(left.idType, right.idType)) {
    host.fail(D.typeMismatch(`graph-merge: the left graph's node ids are '${left.idType}' and the right graph's '${right.idType}'`, op.right.span));
  }
  const nodes = unionProperties(host, left.nodeSchema, right.nodeSchema, 'node', op.right.span);
  const edges = unionProperties(host, left.edgeSchema, right.edgeSchema, 'edge', op.right.span);
  const keys: [number, number][] = [];
  const edgeColumn = (schema: Column[], name: string, span: Span): number => {
    const i = schema.findIndex((c) => c.name === name);
    if (i < 0) host.fail(D.unknownColumn(name, span, closest(name, schema.map((c) => c.name))));
    return i;
  };
  const addCondition = (c: A.Expr): void => forEachKeyPair(c, (l, r) => {
    keys.push([edgeColumn(left.edgeSchema, l.name, l.span), edgeColumn(right.edgeSchema, r.name, r.span)]);
  }, (bad) => host.fail(D.invalidJoinKey('a graph-merge condition must be an edge property name or $left.Property == $right.Property', bad.span,
    'write e.g. on $left.fromPrincipal == $right.caller')));
  op.on.forEach(addCondition);
  for (const [l, r] of keys) {
    const lt = left.edgeSchema[l]!.type;
    const rt = right.edgeSchema[r]!.type;
    if (lt === 'dynamic' || rt === 'dynamic') host.fail(D.dynamicKey('a graph-merge key', op.span));
    if (!sameKind(lt, rt)) host.fail(D.typeMismatch(`graph-merge: the key properties are '${lt}' and '${rt}'`, op.span));
  }
  const nl = left.inputs.length;
  return {
    edgeSchema: edges.schema,
    nodeSchema: nodes.schema,
    idType: left.idType,
    inputs: [...left.inputs, ...right.inputs],
    build: (tabs, ctx) => mergeGraphs(left.build(tabs.slice(0, nl), ctx), right.build(tabs.slice(nl), ctx), nodes, edges, keys),
  };
}

const missing = (v: Scalar): boolean => v === null || v === '';

function mergeGraphs(L: Graph, R: Graph, nodeProps: { schema: Column[]; map: number[] }, edgeProps: { schema: Column[]; map: number[] }, keys: [number, number][]): Graph {
  const nodes = new NodeSet(nodeProps.schema, []);
  for (let i = 0; i < L.n; i++) {
    const k = nodes.add(L.ids[i]!);
    L.props.forEach((col, p) => { nodes.values[p]![k] = getScalar(col, i); });
    if (L.nodeLabels) nodes.addLabels(k, L.nodeLabels[i]!);
  }
  const rNode = new Int32Array(R.n);
  for (let j = 0; j < R.n; j++) {
    const k = nodes.add(R.ids[j]!);
    rNode[j] = k;
    R.props.forEach((col, q) => {
      const p = nodeProps.map[q]!;
      if (missing(nodes.values[p]![k]!)) nodes.values[p]![k] = getScalar(col, j);
    });
    if (R.nodeLabels) nodes.addLabels(k, R.nodeLabels[j]!);
  }
  // edges: (left edge or -1, right edge or -1), in order
  const pairs: [number, number][] = [];
  if (!keys.length) {
    for (let e = 0; e < L.m; e++) pairs.push([e, -1]);
    for (let f = 0; f < R.m; f++) pairs.push([-1, f]);
  } else {
    const keyAt = (g: Graph, side: 0 | 1, e: number): string | null => {
      let k = '';
      for (const pair of keys) {
        const v = getScalar(g.edgeCols[pair[side]]!, e);
        if (v === null) return null;
        k += keyOf(v) + '\u0001';
      }
      return k;
    };
    const byKey = new Map<string, number[]>();
    for (let f = 0; f < R.m; f++) {
      const k = keyAt(R, 1, f);
      if (k === null) continue;
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(f);
    }
    const matched = new Uint8Array(R.m);
    for (let e = 0; e < L.m; e++) {
      const k = keyAt(L, 0, e);
      const partners = k === null ? undefined : byKey.get(k);
      if (!partners) {
        pairs.push([e, -1]);
        continue;
      }
      for (const f of partners) {
        pairs.push([e, f]);
        matched[f] = 1;
      }
    }
    for (let f = 0; f < R.m; f++) if (!matched[f]) pairs.push([-1, f]);
  }
  const m = pairs.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const values: Scalar[][] = edgeProps.schema.map(() => new Array<Scalar>(m).fill(null));
  const labels: string[][] = [];
  pairs.forEach(([e, f], k) => {
    src[k] = e >= 0 ? L.src[e]! : rNode[R.src[f]!]!;
    dst[k] = e >= 0 ? L.dst[e]! : rNode[R.dst[f]!]!;
    const mine: string[] = [];
    if (e >= 0) {
      L.edgeCols.forEach((col, p) => { values[p]![k] = getScalar(col, e); });
      if (L.edgeLabels) mine.push(...L.edgeLabels[e]!);
    }
    if (f >= 0) {
      R.edgeCols.forEach((col, q) => {
        const p = edgeProps.map[q]!;
        if (missing(values[p]![k]!)) values[p]![k] = getScalar(col, f);
      });
      if (R.edgeLabels) for (const l of R.edgeLabels[f]!) if (!mine.includes(l)) mine.push(l);
    }
    labels.push(mine);
  });
  return assembleGraph(nodes, src, dst, vectorsOf(edgeProps.schema, values), labels);
}

/** Weakly connected components, numbered 0, 1, ... in the order of their first node. */
function weakComponents(g: Graph): Int32Array {
  const parent = new Int32Array(g.n).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let e = 0; e < g.m; e++) {
    const a = find(g.src[e]!);
    const b = find(g.dst[e]!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  return relabel(g.n, (i) => find(i));
}

/** Renumbers component representatives 0, 1, ... in node order. */
function relabel(n: number, rep: (i: number) => number): Int32Array {
  const ids = new Map<number, number>();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rep(i);
    let c = ids.get(r);
    if (c === undefined) {
      c = ids.size;
      ids.set(r, c);
    }
    out[i] = c;
  }
  return out;
}

/** Strongly connected components (Tarjan's algorithm, iterative), numbered in the order of their first node. */
function strongComponents(g: Graph): Int32Array {
  const index = new Int32Array(g.n).fill(-1);
  const low = new Int32Array(g.n);
  const onStack = new Uint8Array(g.n);
  const comp = new Int32Array(g.n).fill(-1);
  const stack: number[] = [];
  let next = 0;
  let compCount = 0;
  for (let root = 0; root < g.n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; k: number }[] = [{ v: root, k: 0 }];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1]!;
      const edges = g.out[top.v]!;
      if (top.k < edges.length) {
        const w = g.dst[edges[top.k++]!]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ v: w, k: 0 });
        } else if (onStack[w]) low[top.v] = Math.min(low[top.v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.v;
        low[parent] = Math.min(low[parent]!, low[top.v]!);
      }
      if (low[top.v] === index[top.v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = compCount;
          if (w === top.v) break;
        }
        compCount++;
      }
    }
  }
  return relabel(g.n, (i) => comp[i]!);
}

/** Splits a table's rows by a column's value, in order of first appearance. */
function partitionRows(tab: Tab, col: number): Map<string, number[]> {
  const parts = new Map<string, number[]>();
  for (let r = 0; r < tab.rowCount; r++) {
    const k = keyOf(getScalar(tab.columns[col]!, r));
    let rows = parts.get(k);
    if (!rows) parts.set(k, (rows = []));
    rows.push(r);
  }
  return parts;
}

const subTable = (tab: Tab, rows: number[] | undefined): Tab =>
  rows ? { columns: tab.columns.map((c) => gather(c, rows)), rowCount: rows.length } : { columns: tab.columns.map((c) => gather(c, [])), rowCount: 0 };

function concatTables(schema: Column[], parts: Tab[]): PluginTable {
  if (parts.length === 1) return { schema, columns: parts[0]!.columns, rowCount: parts[0]!.rowCount };
  const total = parts.reduce((s, p) => s + p.rowCount, 0);
  const columns = schema.map((c, j) => {
    const v = allocVector(c.type, total);
    let k = 0;
    for (const p of parts) for (let r = 0; r < p.rowCount; r++) setScalar(v, k++, getScalar(p.columns[j]!, r));
    return v;
  });
  return { schema, columns, rowCount: total };
}

// ───────────────────────────── the chain ─────────────────────────────

type Runner = (g: Graph, ctx: ExecContext) => Tab;

/** The graph operator that turns a graph into a table (graph-match, graph-shortest-paths, graph-to-table) over a bound graph. */
function bindConsumer<S>(host: GraphHost<S>, spec: GraphSpec, last: A.QueryOperator, scope: S): PlanNode {
  if (!isGraphConsumer(last)) return host.fail(misplacedGraphOperator(last));
  const node = (schema: Column[], runner: Runner, name: string): PlanNode => ({
    kind: 'Plugin',
    name,
    inputs: spec.inputs,
    schema,
    run: (tables: PluginTable[], _k: KernelContext, exec?: unknown): PluginTable => {
      const ctx = exec as ExecContext;
      if (!spec.partition) return concatTables(schema, [runner(spec.build(tables, ctx), ctx)]);
      const parts = tables.map((t, i) => partitionRows(t, spec.partition![i]!));
      const keys = [...parts[0]!.keys()];
      for (const np of parts.slice(1)) for (const k of np.keys()) if (!parts[0]!.has(k) && !keys.includes(k)) keys.push(k);
      const results = keys.map((k) => {
        ctx.checkDeadline();
        return runner(spec.build(tables.map((t, i) => subTable(t, parts[i]!.get(k))), ctx), ctx);
      });
      return concatTables(schema, results.length ? results : [{ columns: schema.map((c) => allocVector(c.type, 0)), rowCount: 0 }]);
    },
  });
  if (last.kind === 'GraphToTable') {
    const outputs = last.items.map((item) => graphToTable(host, spec, item));
    if (last.items.length > 1 && last.items.some((i) => i.alias === undefined)) {
      host.fail(D.syntaxError('graph-to-table with both nodes and edges needs a name for each: nodes as N, edges as E', last.span));
    }
    const plans = outputs.map((o, k) => node(o.schema, o.run, `graph-to-table ${last.items[k]!.what}`));
    last.items.forEach((item, k) => {
      if (item.alias !== undefined) host.setTabular(item.alias, plans[k]!, scope);
    });
    return plans[0]!;
  }
  const m = graphMatch(host, spec, last, scope);
  return node(m.schema, m.run, last.shortestPaths ? 'graph-shortest-paths' : 'graph-match');
}

function hashFn(type: KqlType): RowFn {
  const impl = hashFunctions[0]!.implement([{ type }], 'long');
  if (typeof impl === 'function') return impl;
  if (impl.kind === 'row') return impl.fn;
  throw new Error('internal error: hash() has no row implementation');
}

function graphToTable<S>(host: GraphHost<S>, shape: GraphSchema, item: A.GraphToTableOp['items'][number]): { schema: Column[]; run: Runner } {
  if (item.what === 'nodes') {
    const params = paramValue(host, item.params, 'graph-to-table nodes', { with_node_id: null });
    const idName = params.get('with_node_id')?.value;
    const schema: Column[] = [...(idName !== undefined ? [{ name: idName, type: 'long' as KqlType }] : []), ...shape.nodeSchema.map((c) => ({ ...c }))];
    if (idName !== undefined && shape.nodeSchema.some((c) => c.name === idName)) host.fail(D.duplicateColumn(idName, params.get('with_node_id')!.span));
    const hash = hashFn(shape.idType);
    return {
      schema,
      run: (g) => {
        const cols: Vector[] = [];
        if (idName !== undefined) {
          const v = allocVector('long', g.n);
          for (let i = 0; i < g.n; i++) setScalar(v, i, hash(g.ids[i]!) as Scalar);
          cols.push(v);
        }
        return { columns: [...cols, ...g.props], rowCount: g.n };
      },
    };
  }
  const params = paramValue(host, item.params, 'graph-to-table edges', { with_source_id: null, with_target_id: null });
  const s = params.get('with_source_id')?.value;
  const t = params.get('with_target_id')?.value;
  const extra: Column[] = [];
  if (s !== undefined) extra.push({ name: s, type: 'long' });
  if (t !== undefined) extra.push({ name: t, type: 'long' });
  for (const c of extra) {
    if (shape.edgeSchema.some((e) => e.name === c.name) || extra.filter((x) => x.name === c.name).length > 1) host.fail(D.duplicateColumn(c.name, item.span));
  }
  const hash = hashFn(shape.idType);
  return {
    schema: [...extra, ...shape.edgeSchema.map((c) => ({ ...c }))],
    run: (g) => {
      const cols: Vector[] = [];
      for (const ends of [s !== undefined ? g.src : null, t !== undefined ? g.dst : null]) {
        if (!ends) continue;
        const v = allocVector('long', g.m);
        for (let e = 0; e < g.m; e++) setScalar(v, e, hash(g.ids[ends[e]!]!) as Scalar);
        cols.push(v);
      }
      return { columns: [...cols, ...g.edgeCols], rowCount: g.m };
    },
  };
}

// ───────────────────────────── graph-match / graph-shortest-paths ─────────────────────────────

interface Var {
  name: string | undefined;
  kind: 'node' | 'edge';
  varLength: boolean;
  /** index among the variables of its kind */
  index: number;
  span: Span;
}

interface EdgeStep {
  edge: number;
  dir: 'out' | 'in' | 'any';
  min: number;
  max: number;
  varLength: boolean;
}

type Step = { kind: 'node'; node: number } | { kind: 'edge'; step: EdgeStep; from: number; to: number; reverse: boolean };

/** A column of the binding table (one row per match). */
type Synth =
  | { kind: 'prop'; v: Var; prop: number; type: KqlType }
  | { kind: 'whole'; v: Var }
  | { kind: 'degree'; v: Var; dir: 'in' | 'out' }
  | { kind: 'nodeId'; v: Var }
  | { kind: 'labels'; v: Var }
  | { kind: 'innerNodes'; v: Var }
  | { kind: 'path'; fn: 'map' | 'all' | 'any'; v: Var; inner: boolean; expr: BoundExpr };

const SYNTH_PREFIX = '\u0001g';
const ELEM_DEG_IN = '\u0001deg_in';
const ELEM_DEG_OUT = '\u0001deg_out';
const ELEM_ID = '\u0001node_id';
const ELEM_LABELS = '\u0001labels';


function forEachChild(e: A.Expr, f: (x: A.Expr) => void): void {
  mapExprChildren(e, (x) => {
    f(x);
    return x;
  });
}

const PATH_FUNCTIONS = new Set(['map', 'all', 'any']);
const NODE_FUNCTIONS = new Set(['node_degree_in', 'node_degree_out', 'node_id']);

function graphMatch<S>(host: GraphHost<S>, shape: GraphSchema, op: A.GraphMatchOp, scope: S): { schema: Column[]; run: Runner } {
  const what = op.shortestPaths ? 'graph-shortest-paths' : 'graph-match';
  const params = op.shortestPaths
    ? paramValue(host, op.params, what, { output: ['any', 'all'] })
    : paramValue(host, op.params, what, { cycles: ['all', 'none', 'unique_edges'] });
  const cycles: 'all' | 'none' | 'unique_edges' = op.shortestPaths ? 'none' : ((params.get('cycles')?.value ?? 'unique_edges') as 'all' | 'none' | 'unique_edges');
  const outputAll = params.get('output')?.value === 'all';
  if (!op.project) host.fail(D.syntaxError(`${what} needs a project clause`, op.span, 'add: project a = n.Property, ...'));
  if (op.shortestPaths) {
    if (op.patterns.length > 1) host.fail(D.syntaxError('graph-shortest-paths takes a single path pattern', op.patterns[1]!.span));
    if (!op.patterns[0]!.edges.some((e) => e.range)) {
      host.fail(D.syntaxError('the pattern of graph-shortest-paths needs a variable length edge', op.patterns[0]!.span, 'for example (a)-[e*1..5]->(b)'));
    }
  }

  // variables
  const vars = new Map<string, Var>();
  const nodeVars: Var[] = [];
  const edgeVars: Var[] = [];
  const nodeVar = (n: A.GraphPatternNode): number => {
    if (n.name !== undefined) {
      const v = vars.get(n.name);
      if (v) {
        if (v.kind !== 'node') host.fail(D.syntaxError(`'${n.name}' names an edge; it cannot also name a node`, n.span));
        return v.index;
      }
    }
    const v: Var = { name: n.name, kind: 'node', varLength: false, index: nodeVars.length, span: n.span };
    nodeVars.push(v);
    if (n.name !== undefined) vars.set(n.name, v);
    return v.index;
  };
  const sequences = op.patterns.map((p) => {
    const nodes = p.nodes.map(nodeVar);
    const edges = p.edges.map((e): EdgeStep => {
      if (e.name !== undefined && vars.has(e.name)) host.fail(D.syntaxError(`'${e.name}' is already a pattern variable`, e.span));
      let min = 1;
      let max = 1;
      if (e.range) {
        min = e.range.min;
        max = e.range.max ?? e.range.min;
        if (min > max) host.fail(D.syntaxError(`a variable length edge needs min <= max, not ${min}..${max}`, e.span));
        if (max > MAX_PATH_LENGTH) host.fail(D.syntaxError(`a variable length edge spans at most ${MAX_PATH_LENGTH} edges in this engine, not ${max}`, e.span));
      }
      const v: Var = { name: e.name, kind: 'edge', varLength: e.range !== undefined, index: edgeVars.length, span: e.span };
      edgeVars.push(v);
      if (e.name !== undefined) vars.set(e.name, v);
      return { edge: v.index, dir: e.direction === 'right' ? 'out' : e.direction === 'left' ? 'in' : 'any', min, max, varLength: v.varLength };
    });
    return { nodes, edges, span: p.span };
  });

  // the order of matching: the first sequence from its first node, each next one from a node already bound
  const steps: Step[] = [];
  const bound = new Set<number>();
  const pending = [...sequences];
  let firstSeq = true;
  while (pending.length) {
    let k = -1;
    let at = -1;
    if (firstSeq) {
      k = 0;
      at = 0;
    } else {
      for (let s = 0; s < pending.length && k < 0; s++) {
        const i = pending[s]!.nodes.findIndex((n) => bound.has(n));
        if (i >= 0) {
          k = s;
          at = i;
        }
      }
      if (k < 0) {
        host.fail(D.syntaxError('the pattern sequences must be connected: each one must share a node variable with another', pending[0]!.span));
      }
    }
    const seq = pending.splice(k, 1)[0]!;
    if (firstSeq) steps.push({ kind: 'node', node: seq.nodes[0]! });
    firstSeq = false;
    bound.add(seq.nodes[at]!);
    for (let i = at; i < seq.edges.length; i++) {
      steps.push({ kind: 'edge', step: seq.edges[i]!, from: seq.nodes[i]!, to: seq.nodes[i + 1]!, reverse: false });
      bound.add(seq.nodes[i + 1]!);
    }
    for (let i = at - 1; i >= 0; i--) {
      steps.push({ kind: 'edge', step: seq.edges[i]!, from: seq.nodes[i + 1]!, to: seq.nodes[i]!, reverse: true });
      bound.add(seq.nodes[i]!);
    }
  }

  const nodeElemSchema: Column[] = [
    ...shape.nodeSchema,
    { name: ELEM_DEG_IN, type: 'long' },
    { name: ELEM_DEG_OUT, type: 'long' },
    { name: ELEM_ID, type: 'string' },
    { name: ELEM_LABELS, type: 'dynamic' },
  ];
  const edgeElemSchema: Column[] = [...shape.edgeSchema, { name: ELEM_LABELS, type: 'dynamic' }];

  const graphVar = (e: A.Expr): Var | undefined => (e.kind === 'NameRef' ? vars.get(e.name) : undefined);
  const property = (v: Var, name: string, span: Span): number => {
    const schema = v.kind === 'node' ? shape.nodeSchema : shape.edgeSchema;
    const i = schema.findIndex((c) => c.name === name);
    if (i < 0) host.fail(D.unknownColumn(name, span, undefined));
    return i;
  };

  /** rewrites an element expression (inside map/all/any, or a one-variable where conjunct) over the element's columns */
  const elementExpr = (e: A.Expr, kind: 'node' | 'edge', only?: Var): A.Expr => {
    const rw = (x: A.Expr): A.Expr => {
      if (only && x.kind === 'Member') {
        const v = graphVar(x.target);
        if (v === only) {
          property(v, x.name, x.nameSpan);
          return { kind: 'NameRef', name: x.name, span: x.span };
        }
      }
      if (x.kind === 'Call' && !x.target) {
        const fn = x.name;
        const arg = x.args[0];
        const self = x.args.length === 0 || (only !== undefined && x.args.length === 1 && arg !== undefined && graphVar(arg) === only);
        if (self && (NODE_FUNCTIONS.has(fn) || fn === 'labels')) {
          if (fn === 'labels') return { kind: 'NameRef', name: ELEM_LABELS, span: x.span };
          if (kind !== 'node') host.fail(D.typeMismatch(`'${fn}' applies to nodes, not edges`, x.span));
          return { kind: 'NameRef', name: fn === 'node_degree_in' ? ELEM_DEG_IN : fn === 'node_degree_out' ? ELEM_DEG_OUT : ELEM_ID, span: x.span };
        }
      }
      return mapExprChildren(x, rw);
    };
    return rw(e);
  };

  // the binding table's columns
  const synths: Synth[] = [];
  const synthKeys = new Map<string, number>();
  const synthColumns: Column[] = [];
  const addSynth = (key: string, s: Synth, type: KqlType, span: Span): A.Expr => {
    let i = synthKeys.get(key);
    if (i === undefined) {
      i = synths.length;
      synths.push(s);
      synthKeys.set(key, i);
      synthColumns.push({ name: `${SYNTH_PREFIX}${i}`, type });
    }
    return { kind: 'NameRef', name: `${SYNTH_PREFIX}${i}`, span };
  };
  let pathFnCount = 0;
  const rowExpr = (e: A.Expr): A.Expr => {
    const rw = (x: A.Expr): A.Expr => {
      if (x.kind === 'Member') {
        const v = graphVar(x.target);
        if (v) {
          const prop = property(v, x.name, x.nameSpan);
          const type: KqlType = v.varLength ? 'dynamic' : v.kind === 'node' ? shape.nodeSchema[prop]!.type : shape.edgeSchema[prop]!.type;
          return addSynth(`p:${v.kind}${v.index}:${prop}`, { kind: 'prop', v, prop, type }, type, x.span);
        }
      }
      if (x.kind === 'NameRef') {
        const v = vars.get(x.name);
        if (v) return addSynth(`w:${v.kind}${v.index}`, { kind: 'whole', v }, 'dynamic', x.span);
        return x;
      }
      if (x.kind === 'Call' && !x.target) {
        const fn = x.name;
        const arg0 = x.args[0];
        const v0 = arg0 ? graphVar(arg0) : undefined;
        if (PATH_FUNCTIONS.has(fn) && x.args.length === 2 && arg0) {
          let inner = false;
          let pv = v0;
          if (!pv && arg0.kind === 'Call' && arg0.name === 'inner_nodes' && arg0.args.length === 1) {
            pv = graphVar(arg0.args[0]!);
            inner = true;
          }
          if (pv) {
            if (pv.kind !== 'edge') host.fail(D.argumentTypeMismatch(fn, 0, 'an edge variable or inner_nodes(edge)', 'node', arg0.span));
            if (inner && !pv.varLength) host.fail(D.argumentTypeMismatch('inner_nodes', 0, 'a variable length edge', 'edge', arg0.span));
            const elem = elementExpr(x.args[1]!, inner ? 'node' : 'edge');
            const bound = host.scalar(elem, inner ? nodeElemSchema : edgeElemSchema, scope);
            if (fn !== 'map' && bound.type !== 'bool') host.fail(D.predicateNotBool(bound.type, x.args[1]!.span));
            const type: KqlType = fn === 'map' ? 'dynamic' : 'bool';
            return addSynth(`f${pathFnCount++}`, { kind: 'path', fn: fn as 'map' | 'all' | 'any', v: pv, inner, expr: bound }, type, x.span);
          }
        }
        if (fn === 'inner_nodes') {
          if (x.args.length !== 1 || !v0 || v0.kind !== 'edge' || !v0.varLength) {
            host.fail(D.argumentTypeMismatch('inner_nodes', 0, 'a variable length edge variable', v0 ? v0.kind : 'expression', x.span));
          }
          return addSynth(`i:${v0.index}`, { kind: 'innerNodes', v: v0 }, 'dynamic', x.span);
        }
        if (NODE_FUNCTIONS.has(fn)) {
          if (x.args.length !== 1 || !v0 || v0.kind !== 'node') {
            host.fail(D.argumentTypeMismatch(fn, 0, 'a node variable of the pattern', v0 ? v0.kind : x.args.length ? 'expression' : 'nothing', x.span,
              `outside all(), any() and map() write ${fn}(n) with a node variable n`));
          }
          if (fn === 'node_id') return addSynth(`id:${v0.index}`, { kind: 'nodeId', v: v0 }, 'string', x.span);
          const dir = fn === 'node_degree_in' ? 'in' : 'out';
          return addSynth(`d${dir}:${v0.index}`, { kind: 'degree', v: v0, dir }, 'long', x.span);
        }
        if (fn === 'labels') {
          if (x.args.length !== 1 || !v0) host.fail(D.argumentTypeMismatch('labels', 0, 'a node or edge variable of the pattern', 'expression', x.span));
          return addSynth(`l:${v0.kind}:${v0.index}`, { kind: 'labels', v: v0 }, 'dynamic', x.span);
        }
      }
      return mapExprChildren(x, rw);
    };
    return rw(e);
  };

  // where: one-variable conjuncts filter candidates; the rest filter the binding table
  const conjuncts: A.Expr[] = [];
  const split = (e: A.Expr) => {
    if (e.kind === 'Binary' && e.op === 'and') {
      split(e.left);
      split(e.right);
    } else if (e.kind === 'Paren' && e.expr.kind === 'Binary' && e.expr.op === 'and') split(e.expr);
    else conjuncts.push(e);
  };
  if (op.where) split(op.where);
  const nodeFilters: BoundExpr[][] = nodeVars.map(() => []);
  const edgeFilters: BoundExpr[][] = edgeVars.map(() => []);
  const post: A.Expr[] = [];
  for (const c of conjuncts) {
    const used = new Set<Var>();
    let simple = true;
    const scan = (x: A.Expr): void => {
      if (x.kind === 'Member' && graphVar(x.target)) {
        used.add(graphVar(x.target)!);
        return;
      }
      if (x.kind === 'NameRef' && vars.has(x.name)) {
        used.add(vars.get(x.name)!);
        simple = false;
        return;
      }
      if (x.kind === 'Call' && !x.target) {
        if (PATH_FUNCTIONS.has(x.name) && x.args.length === 2 || x.name === 'inner_nodes') {
          simple = false;
          const a = x.args[0];
          if (a) scan(a);
          return;
        }
        if ((NODE_FUNCTIONS.has(x.name) || x.name === 'labels') && x.args.length === 1 && graphVar(x.args[0]!)) {
          const v = graphVar(x.args[0]!)!;
          used.add(v);
          if (v.kind !== 'node' && x.name !== 'labels') simple = false;
          return;
        }
      }
      forEachChild(x, scan);
    };
    scan(c);
    const v = used.size === 1 ? [...used][0]! : undefined;
    if (simple && v) {
      const schema = v.kind === 'node' ? nodeElemSchema : edgeElemSchema;
      const pred = host.scalar(elementExpr(c, v.kind, v), schema, scope);
      if (pred.type !== 'bool') host.fail(D.predicateNotBool(pred.type, c.span));
      (v.kind === 'node' ? nodeFilters : edgeFilters)[v.index]!.push(pred);
    } else post.push(c);
  }
  let postPred: BoundExpr | null = null;
  if (post.length) {
    const joined = post.reduce((a, b): A.Expr => ({ kind: 'Binary', op: 'and', left: a, right: b, opSpan: b.span, span: { start: a.span.start, end: b.span.end } }));
    postPred = host.scalar(rowExpr(joined), synthColumns, scope);
    if (postPred.type !== 'bool') host.fail(D.predicateNotBool(postPred.type, op.where!.span));
  }

  // project: bound over the binding table; unnamed items keep the names Kusto gives them (n.name → n_name)
  // (the analyzer: `x.name` → x_name, a repeated one → x_name1, an expression without a name → Column1, Column2, ...)
  const used = new Set(op.project!.flatMap((it) => (it.names ?? []).map((n) => n.name)));
  let unnamed = 0;
  const items = op.project!.map((it): A.NamedExpr => {
    const expr = rowExpr(it.expr);
    if (it.names) return { ...it, expr };
    const name = uniqueName(expressionName(it.expr) ?? `Column${++unnamed}`, used);
    return { names: [{ name, span: it.expr.span }], expr, span: it.span };
  });
  const slot: PlanNode & { kind: 'Values' } = { kind: 'Values', columns: [], rowCount: 0, schema: synthColumns };
  const projection = host.operator(slot, { kind: 'Project', items, span: op.span }, scope);
  const schema = projection.schema.map((c) => ({ ...c }));

  const first = sequences[0]!.nodes[0]!;
  const lastNode = sequences[0]!.nodes[sequences[0]!.nodes.length - 1]!;
  // `(a)-[e*min..max]->(b)` with min <= 1 and a where made only of one-variable filters: breadth-first
  // search per source instead of enumerating every simple path (the same answer: the shortest paths are
  // simple and a one-variable filter holds for each node and edge on its own)
  const only = sequences[0]!.edges;
  const bfsStep = op.shortestPaths && sequences.length === 1 && only.length === 1 && only[0]!.varLength && only[0]!.min <= 1 && !postPred && first !== lastNode ? only[0]! : null;
  const run: Runner = (g, ctx) => {
    const masks = (filters: BoundExpr[][], count: number, columns: () => Vector[]): (Uint8Array | null)[] => {
      let cols: Vector[] | null = null;
      return filters.map((fs) => {
        if (!fs.length) return null;
        cols ??= columns();
        const mask = new Uint8Array(count).fill(1);
        for (const f of fs) {
          const v = evalColumn(f, { columns: cols, n: count, sel: null }, ctx);
          for (let i = 0; i < count; i++) if (getScalar(v, i) !== true) mask[i] = 0;
        }
        return mask;
      });
    };
    const nodeMasks = masks(nodeFilters, g.n, () => nodeElementColumns(g, shape, allIndexes(g.n)));
    const edgeMasks = masks(edgeFilters, g.m, () => [...g.edgeCols, labelColumn(g.edgeLabels, allIndexes(g.m))]);
    const matches = bfsStep
      ? shortestByBfs(g, bfsStep, first, lastNode, nodeVars.length, edgeVars, nodeMasks, edgeMasks, outputAll, ctx)
      : enumerate(g, steps, nodeVars.length, edgeVars, nodeMasks, edgeMasks, cycles, ctx);
    const count = matches.nodes[0]?.length ?? 0;
    const columns = synths.map((s, k) => synthColumn(s, synthColumns[k]!.type, g, shape, matches, count, ctx));
    let rows: number[] = allIndexes(count);
    if (postPred) {
      const v = evalColumn(postPred, { columns, n: count, sel: null }, ctx);
      rows = rows.filter((r) => getScalar(v, r) === true);
    }
    if (op.shortestPaths && !bfsStep) rows = shortest(rows, matches, first, lastNode, outputAll);
    slot.columns = columns.map((c) => gather(c, rows));
    slot.rowCount = rows.length;
    const res = collect(projection, new ExecContext(ctx.tables, ctx.kernel, ctx.limits, ctx.options));
    slot.columns = [];
    slot.rowCount = 0;
    return res;
  };
  return { schema, run };
}

/** node_id(): the id as a string (the analyzer types node_id() string whatever the ids' type) */
const idText = (type: KqlType, v: Scalar): Scalar => (type === 'string' ? v : convertTo('string', type, v));

const allIndexes = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** the labels of the elements `idx` (a dynamic array each; empty for a graph without labels: labels-graph-function.md) */
function labelColumn(labels: string[][] | null, idx: number[]): Vector {
  const v = allocVector('dynamic', idx.length);
  idx.forEach((e, k) => setScalar(v, k, labels ? [...labels[e]!] : []));
  return v;
}

/** node property columns, then degree in/out, id and labels, for the nodes `idx` */
function nodeElementColumns(g: Graph, shape: GraphSchema, idx: number[]): Vector[] {
  const degIn = allocVector('long', idx.length);
  const degOut = allocVector('long', idx.length);
  const id = allocVector('string', idx.length);
  idx.forEach((n, k) => {
    setScalar(degIn, k, g.degIn[n]!);
    setScalar(degOut, k, g.degOut[n]!);
    setScalar(id, k, idText(shape.idType, g.ids[n]!));
  });
  return [...g.props.map((p) => gather(p, idx)), degIn, degOut, id, labelColumn(g.nodeLabels, idx)];
}

interface Matches {
  /** per node variable: the node of each match */
  nodes: number[][];
  /** per edge variable: the edge (single edges) of each match */
  edges: number[][];
  /** per variable length edge variable: the edges and inner nodes of each match, in pattern order */
  paths: { edges: number[]; inner: number[] }[][];
}

function enumerate(
  g: Graph, steps: Step[], nodeCount: number, edgeVars: Var[], nodeMasks: (Uint8Array | null)[], edgeMasks: (Uint8Array | null)[],
  cycles: 'all' | 'none' | 'unique_edges', ctx: ExecContext,
): Matches {
  const out: Matches = { nodes: Array.from({ length: nodeCount }, () => []), edges: edgeVars.map(() => []), paths: edgeVars.map(() => []) };
  const nodeOf = new Int32Array(nodeCount).fill(-1);
  const edgeOf = new Int32Array(edgeVars.length).fill(-1);
  const pathOf: ({ edges: number[]; inner: number[] } | null)[] = edgeVars.map(() => null);
  const usedEdge = new Uint8Array(g.m);
  let work = 0;
  let found = 0;
  const limit = ctx.limits.maxRows;
  const tick = () => {
    if ((++work & 4095) === 0) ctx.checkDeadline();
  };
  const emit = () => {
    if (cycles === 'none') {
      // no node twice: the distinct variables' nodes and every inner node
      const seen = new Set<number>();
      const bound = new Set<number>();
      for (let v = 0; v < nodeCount; v++) {
        if (bound.has(nodeOf[v]!)) return;
        bound.add(nodeOf[v]!);
        seen.add(nodeOf[v]!);
      }
      for (const p of pathOf) {
        if (!p) continue;
        for (const i of p.inner) {
          if (seen.has(i)) return;
          seen.add(i);
        }
      }
    }
    if (++found > limit) throw new RowLimitExceeded(`graph matching found more than ${limit} matches`);
    for (let v = 0; v < nodeCount; v++) out.nodes[v]!.push(nodeOf[v]!);
    edgeVars.forEach((ev, i) => {
      if (ev.varLength) out.paths[i]!.push(pathOf[i]!);
      else out.edges[i]!.push(edgeOf[i]!);
    });
  };
  const step = (si: number): void => {
    tick();
    if (si === steps.length) {
      emit();
      return;
    }
    const st = steps[si]!;
    if (st.kind === 'node') {
      const mask = nodeMasks[st.node];
      for (let c = 0; c < g.n; c++) {
        if (mask && !mask[c]) continue;
        nodeOf[st.node] = c;
        step(si + 1);
      }
      nodeOf[st.node] = -1;
      return;
    }
    const { step: es, from, to, reverse } = st;
    const dir = es.dir === 'any' ? 'any' : (es.dir === 'out') !== reverse ? 'out' : 'in';
    const emask = edgeMasks[es.edge];
    const toMask = nodeMasks[to] ?? null;
    const start = nodeOf[from]!;
    const pathEdges: number[] = [];
    const pathNodes: number[] = [start];
    const finish = (cur: number) => {
      const preset = nodeOf[to]!;
      if (preset >= 0 ? preset !== cur : toMask !== null && !toMask[cur]) return;
      if (es.varLength) {
        const edges = reverse ? [...pathEdges].reverse() : [...pathEdges];
        const inner = pathNodes.slice(1, -1);
        pathOf[es.edge] = { edges, inner: reverse ? inner.reverse() : inner };
      } else edgeOf[es.edge] = pathEdges[0]!;
      if (preset < 0) nodeOf[to] = cur;
      step(si + 1);
      if (preset < 0) nodeOf[to] = -1;
    };
    const walk = (cur: number, len: number): void => {
      tick();
      if (len >= es.min) finish(cur);
      if (len >= es.max) return;
      const visit = (e: number, next: number) => {
        if (emask && !emask[e]) return;
        if (cycles !== 'all' && usedEdge[e]) return;
        if (cycles === 'none' && pathNodes.includes(next)) return;
        usedEdge[e]!++;
        pathEdges.push(e);
        pathNodes.push(next);
        walk(next, len + 1);
        pathNodes.pop();
        pathEdges.pop();
        usedEdge[e]!--;
      };
      if (dir !== 'in') for (const e of g.out[cur]!) visit(e, g.dst[e]!);
      if (dir !== 'out') for (const e of g.in[cur]!) if (dir === 'in' || g.src[e] !== g.dst[e]) visit(e, g.src[e]!);
    };
    walk(start, 0);
  };
  step(0);
  return out;
}

/**
 * graph-shortest-paths over one variable length edge: per source node, a breadth-first search up to `max`
 * edges gives each target's distance; the shortest paths to a target are then walked forward over the
 * edges that gain one level and lead to the target, in adjacency order — the first of them is the one the
 * enumeration (depth-first, adjacency order) would have kept for output=any.
 */
function shortestByBfs(
  g: Graph, step: EdgeStep, x: number, y: number, nodeCount: number, edgeVars: Var[], nodeMasks: (Uint8Array | null)[],
  edgeMasks: (Uint8Array | null)[], all: boolean, ctx: ExecContext,
): Matches {
  const out: Matches = { nodes: Array.from({ length: nodeCount }, () => []), edges: edgeVars.map(() => []), paths: edgeVars.map(() => []) };
  const xm = nodeMasks[x] ?? null;
  const ym = nodeMasks[y] ?? null;
  const em = edgeMasks[step.edge] ?? null;
  const forward = (u: number, f: (e: number, v: number) => void) => {
    if (step.dir !== 'in') for (const e of g.out[u]!) if (!em || em[e]) f(e, g.dst[e]!);
    if (step.dir !== 'out') for (const e of g.in[u]!) if ((!em || em[e]) && (step.dir === 'in' || g.src[e] !== g.dst[e])) f(e, g.src[e]!);
  };
  const backward = (v: number, f: (u: number) => void) => {
    if (step.dir !== 'in') for (const e of g.in[v]!) if (!em || em[e]) f(g.src[e]!);
    if (step.dir !== 'out') for (const e of g.out[v]!) if (!em || em[e]) f(g.dst[e]!);
  };
  const dist = new Int32Array(g.n);
  const mark = new Int32Array(g.n).fill(-1);
  const limit = ctx.limits.maxRows;
  let found = 0;
  let work = 0;
  let stamp = 0;
  for (let s = 0; s < g.n; s++) {
    if (xm && !xm[s]) continue;
    ctx.checkDeadline();
    dist.fill(-1);
    dist[s] = 0;
    let frontier = [s];
    const reached: number[] = [];
    for (let d = 1; d <= step.max && frontier.length; d++) {
      const next: number[] = [];
      for (const u of frontier) {
        forward(u, (_e, v) => {
          if (dist[v] === -1) {
            dist[v] = d;
            next.push(v);
            reached.push(v);
          }
        });
      }
      frontier = next;
    }
    for (const t of reached) {
      if (ym && !ym[t]) continue;
      // the nodes on some shortest path to t: t, then its predecessors one level down, ... (marked with this stamp)
      const mt = ++stamp;
      mark[t] = mt;
      let level = [t];
      for (let d = dist[t]!; d > 1; d--) {
        const below: number[] = [];
        for (const v of level) backward(v, (u) => {
          if (dist[u] === d - 1 && mark[u] !== mt) {
            mark[u] = mt;
            below.push(u);
          }
        });
        level = below;
      }
      const edges: number[] = [];
      const nodes: number[] = [];
      let done = false;
      const walk = (u: number) => {
        if ((++work & 4095) === 0) ctx.checkDeadline();
        if (u === t) {
          if (++found > limit) throw new RowLimitExceeded(`graph-shortest-paths found more than ${limit} paths`);
          out.nodes[x]!.push(s);
          out.nodes[y]!.push(t);
          out.paths[step.edge]!.push({ edges: [...edges], inner: nodes.slice(0, -1) });
          if (!all) done = true;
          return;
        }
        forward(u, (e, v) => {
          if (done || dist[v] !== dist[u]! + 1 || mark[v] !== mt) return;
          edges.push(e);
          nodes.push(v);
          walk(v);
          nodes.pop();
          edges.pop();
        });
      };
      walk(s);
    }
  }
  return out;
}

/** graph-shortest-paths: per (first node, last node) pair the matches of the fewest edges (output=any: the first of them). */
function shortest(rows: number[], m: Matches, first: number, last: number, all: boolean): number[] {
  const length = (r: number) => m.edges.reduce((s, e) => s + (e.length ? 1 : 0), 0) + m.paths.reduce((s, p) => s + (p.length ? p[r]!.edges.length : 0), 0);
  const best = new Map<string, number>();
  for (const r of rows) {
    const k = `${m.nodes[first]![r]}:${m.nodes[last]![r]}`;
    const l = length(r);
    const b = best.get(k);
    if (b === undefined || l < b) best.set(k, l);
  }
  const taken = new Set<string>();
  return rows.filter((r) => {
    const k = `${m.nodes[first]![r]}:${m.nodes[last]![r]}`;
    if (length(r) !== best.get(k)) return false;
    if (all) return true;
    if (taken.has(k)) return false;
    taken.add(k);
    return true;
  });
}

function bag(schema: Column[], cols: Vector[], i: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  schema.forEach((c, j) => setMember(o, c.name, toDynamicValue(c.type, getScalar(cols[j]!, i))));
  return o;
}

function synthColumn(s: Synth, type: KqlType, g: Graph, shape: GraphSchema, m: Matches, count: number, ctx: ExecContext): Vector {
  const v = allocVector(type, count);
  switch (s.kind) {
    case 'prop': {
      if (s.v.kind === 'node') return gather(g.props[s.prop]!, m.nodes[s.v.index]!);
      if (!s.v.varLength) return gather(g.edgeCols[s.prop]!, m.edges[s.v.index]!);
      const col = g.edgeCols[s.prop]!;
      const t = shape.edgeSchema[s.prop]!.type;
      m.paths[s.v.index]!.forEach((p, r) => setScalar(v, r, p.edges.map((e) => toDynamicValue(t, getScalar(col, e)))));
      return v;
    }
    case 'whole': {
      if (s.v.kind === 'node') m.nodes[s.v.index]!.forEach((n, r) => setScalar(v, r, bag(shape.nodeSchema, g.props, n)));
      else if (!s.v.varLength) m.edges[s.v.index]!.forEach((e, r) => setScalar(v, r, bag(shape.edgeSchema, g.edgeCols, e)));
      else m.paths[s.v.index]!.forEach((p, r) => setScalar(v, r, p.edges.map((e) => bag(shape.edgeSchema, g.edgeCols, e))));
      return v;
    }
    case 'degree':
      m.nodes[s.v.index]!.forEach((n, r) => setScalar(v, r, (s.dir === 'in' ? g.degIn : g.degOut)[n]!));
      return v;
    case 'nodeId':
      m.nodes[s.v.index]!.forEach((n, r) => setScalar(v, r, idText(shape.idType, g.ids[n]!)));
      return v;
    case 'labels': {
      const labels = s.v.kind === 'node' ? g.nodeLabels : g.edgeLabels;
      const of = (e: number): string[] => (labels ? [...labels[e]!] : []);
      if (s.v.kind === 'node') m.nodes[s.v.index]!.forEach((n, r) => setScalar(v, r, of(n)));
      else if (!s.v.varLength) m.edges[s.v.index]!.forEach((e, r) => setScalar(v, r, of(e)));
      else m.paths[s.v.index]!.forEach((p, r) => setScalar(v, r, p.edges.map(of)));
      return v;
    }
    case 'innerNodes':
      m.paths[s.v.index]!.forEach((p, r) => setScalar(v, r, p.inner.map((n) => bag(shape.nodeSchema, g.props, n))));
      return v;
    case 'path': {
      // every element of every match in one table; the expression is evaluated once over it
      const lists: number[][] = s.v.varLength ? m.paths[s.v.index]!.map((p) => (s.inner ? p.inner : p.edges)) : m.edges[s.v.index]!.map((e) => [e]);
      const flat = lists.flat();
      const cols = s.inner ? nodeElementColumns(g, shape, flat) : [...g.edgeCols.map((c) => gather(c, flat)), labelColumn(g.edgeLabels, flat)];
      const values = evalColumn(s.expr, { columns: cols, n: flat.length, sel: null }, ctx);
      let k = 0;
      lists.forEach((list, r) => {
        const xs: Scalar[] = [];
        for (let j = 0; j < list.length; j++) xs.push(getScalar(values, k++));
        if (s.fn === 'map') setScalar(v, r, xs.map((x) => toDynamicValue(s.expr.type, x)));
        else if (s.fn === 'all') setScalar(v, r, xs.every((x) => x === true));
        else setScalar(v, r, xs.some((x) => x === true));
      });
      return v;
    }
  }
}
