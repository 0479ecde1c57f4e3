// The logical plan: a tree of relational operators over bound expressions, with output schemas.
import type { Vector } from '../exec/vector.js';
import type { AggregateDef, ArgInfo, KernelContext } from '../functions/define.js';
import type { PluginTable } from '../plugins/define.js';
import type { BoundExpr } from '../semantic/bound.js';
import type { Column, KqlType, Scalar } from '../types.js';

export type PlanNode =
  | ScanNode
  | ValuesNode
  | RangeNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | JoinNode
  | SortNode
  | TopNode
  | LimitNode
  | UnionNode
  | MvExpandNode
  | WindowNode
  | PluginNode
  | MakeSeriesNode
  | TopNestedNode
  | SharedNode;

interface Base {
  schema: Column[];
}

/** Reads a loaded table. */
export interface ScanNode extends Base {
  kind: 'Scan';
  table: string;
  /** the table's columns this scan reads, in output order (all when absent) */
  columns?: number[];
}

/** Literal rows (datatable, print's single row). */
export interface ValuesNode extends Base {
  kind: 'Values';
  columns: Vector[];
  rowCount: number;
}

/** `range name from a to b step s`, inclusive. */
export interface RangeNode extends Base {
  kind: 'Range';
  from: BoundExpr;
  to: BoundExpr;
  step: BoundExpr;
  type: KqlType;
}

export interface FilterNode extends Base {
  kind: 'Filter';
  input: PlanNode;
  predicate: BoundExpr;
}

/** Computes each output column from the input row (extend, project, rename, reorder, away, keep). */
export interface ProjectNode extends Base {
  kind: 'Project';
  input: PlanNode;
  exprs: BoundExpr[];
}

export interface BoundAggregate {
  def: AggregateDef;
  args: BoundExpr[];
  argInfo: ArgInfo[];
  type: KqlType;
  /** for arg_max/arg_min/take_any: how many output columns this aggregate yields */
  outputs: number;
}

/** summarize aggs by keys → key columns then aggregate columns (schema order). */
export interface AggregateNode extends Base {
  kind: 'Aggregate';
  input: PlanNode;
  keys: BoundExpr[];
  aggregates: BoundAggregate[];
}

export type JoinKind =
  | 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter'
  | 'leftsemi' | 'leftanti' | 'rightsemi' | 'rightanti';

export interface JoinNode extends Base {
  kind: 'Join';
  joinKind: JoinKind;
  left: PlanNode;
  right: PlanNode;
  leftKeys: number[];
  rightKeys: number[];
  /**
   * inner / innerunique only: a predicate over the join's output columns that each matching pair
   * must pass (a filter above the join reading both sides, moved in by push-filter-into-join), so
   * the pairs it rejects are never materialized.
   */
  residual?: BoundExpr;
}

export interface SortKey {
  expr: BoundExpr;
  descending: boolean;
  nullsFirst: boolean;
}

export interface SortNode extends Base {
  kind: 'Sort';
  input: PlanNode;
  keys: SortKey[];
}

export interface TopNode extends Base {
  kind: 'Top';
  input: PlanNode;
  count: number;
  keys: SortKey[];
}

export interface LimitNode extends Base {
  kind: 'Limit';
  input: PlanNode;
  count: number;
}

/** Each input's columns mapped onto the union schema (-1 = null-filled); `source` fills withsource. */
export interface UnionNode extends Base {
  kind: 'Union';
  inputs: PlanNode[];
  mappings: number[][];
  sourceNames: string[] | null;
}

export interface MvExpandColumn {
  /** output column position that receives the expanded element */
  output: number;
  /** the value to expand, over the input row */
  expr: BoundExpr;
  /** element conversion (`to typeof(T)`) or dynamic */
  type: KqlType;
}

/**
 * Copies input columns (`passthrough[i]` = input column for output i, or -1) and expands the
 * `expand` columns in lockstep, one output row per element.
 */
export interface MvExpandNode extends Base {
  kind: 'MvExpand';
  input: PlanNode;
  passthrough: number[];
  expand: MvExpandColumn[];
  bagExpansion: 'bag' | 'array';
  itemIndex: number;
  limit: number;
}

/** An `evaluate` plugin: runs over its whole inputs (the piped table first, then table arguments). */
export interface PluginNode extends Base {
  kind: 'Plugin';
  name: string;
  inputs: PlanNode[];
  /** `exec`: the executor's context (exec/pipeline.ts ExecContext), for nodes that run subplans (mv-apply) */
  run: (tables: PluginTable[], ctx: KernelContext, exec?: unknown) => PluginTable;
}

/** A tabular `let`/`as`/`materialize` result referenced more than once: computed once per run. */
export interface SharedNode extends Base {
  kind: 'Shared';
  id: number;
  input: PlanNode;
}

/** A window function call (row_number, prev, next, row_cumsum, row_rank_*, row_window_session). */
export interface WindowCall {
  fn: string;
  /** over the input columns followed by the window columns computed before this one */
  args: BoundExpr[];
  type: KqlType;
}

/**
 * Window functions over a serialized row set: the input's columns, then one column per call,
 * computed in row order over the whole input (calls may read earlier calls' columns).
 */
export interface WindowNode extends Base {
  kind: 'Window';
  input: PlanNode;
  calls: WindowCall[];
}

/**
 * make-series, second half: the input is `summarize aggs by by..., bin(axis)` (by columns, the bin,
 * then the aggregates); each group of equal by values becomes one row of arrays over the axis.
 */
export interface MakeSeriesNode extends Base {
  kind: 'MakeSeries';
  input: PlanNode;
  byCount: number;
  /** per aggregate: its type and the value of absent bins (a dynamic value) */
  aggregates: { type: KqlType; default: Scalar }[];
  axisType: KqlType;
  /** series bounds in the axis's boxed form; null = from each series' own data */
  start: Scalar;
  end: Scalar;
  /** bin size: ticks for datetime/timespan axes */
  step: number;
  /** `in range(start, stop, step)`: stop is inclusive and start is binned with bin() */
  endInclusive: boolean;
  /** kind=nonempty: an empty input still yields one row of defaults (when there is no by clause) */
  nonEmpty: boolean;
}

/** One level of top-nested: group by `key`, aggregate, keep the top `count` groups (all when null). */
export interface TopNestedLevel {
  key: BoundExpr;
  aggregate: BoundAggregate;
  count: number | null;
  descending: boolean;
  /** `with others = V`: one more row with key V aggregating the groups left out (undefined: none) */
  others?: { value: unknown };
}

/** top-nested: output columns key, aggregate for each level, one row per kept path of groups. */
export interface TopNestedNode extends Base {
  kind: 'TopNested';
  input: PlanNode;
  levels: TopNestedLevel[];
}
