// Plugins as data (like functions): each `evaluate` plugin is a PluginDef — its name, doc line and a
// bind step that checks the arguments and returns the output schema and a runner over whole tables.
import type { Span } from '../errors/diagnostic.js';
import type { KernelContext } from '../functions/define.js';
import type { Vector } from '../exec/vector.js';
import type { PlanNode } from '../plan/nodes.js';
import type { OutputSchema } from '../syntax/ast.js';
import type { Column, KqlType, Scalar } from '../types.js';

/** A whole table, as plugins read and produce it. */
export interface PluginTable {
  schema: Column[];
  columns: Vector[];
  rowCount: number;
}

/** What a plugin's bind step can ask about its call. Every accessor fails with a diagnostic on bad input. */
export interface PluginArgs {
  readonly plugin: string;
  /** the input table's columns */
  readonly input: Column[];
  /** how many positional (unnamed) arguments were given */
  readonly positional: number;
  /** the `: (...)` output schema, if given */
  readonly outputSchema?: OutputSchema;
  readonly span: Span;
  /** whether positional argument `i` (or the named argument `name`) was given */
  has(i: number, name?: string): boolean;
  /** the span of an argument (the whole call when it is absent) */
  spanOf(i: number, name?: string): Span;
  /** positional argument `i` must name a column of the input: its index */
  column(i: number, what: string, types?: readonly KqlType[]): number;
  /** positional argument `i` (or named `name`) must be a constant: its value converted to `type` (null when absent) */
  constant(i: number, what: string, type: KqlType | readonly KqlType[], name?: string): { type: KqlType; value: Scalar } | null;
  /**
   * positional argument `i` is an expression over the input rows: the runner receives its values as an
   * extra input column at the returned index (after the input's own columns)
   */
  expr(i: number, what: string, types?: readonly KqlType[], name?: string): { index: number; type: KqlType };
  /** positional argument `i` is a table (a name, a let, a parenthesised pipeline): its position in `tables` */
  table(i: number, what: string): { index: number; schema: Column[] };
  /** positional argument `i` is an aggregate call (`sum(x)`): the runner receives one input per group (see pivot) */
  raw(i: number): import('../syntax/ast.js').Expr | undefined;
  /** whether positional argument `i` is a tabular expression (a table, a tabular let, a pipeline) */
  isTable(i: number): boolean;
  /** named arguments the call gave, for checking that each is known */
  namedArgs(): string[];
  /** every argument in the order written: positional ones by index, named ones by name */
  argOrder(): ({ index: number } | { name: string })[];
  fail(message: string, span?: Span): never;
}

export interface PluginPlan {
  /** the output schema, or null when it depends on the data (bag_unpack, pivot without an OutputSchema) */
  schema: Column[] | null;
  /**
   * Summarize the input first (pivot): the runner's input is then `by` columns (input indexes, in order)
   * followed by the aggregate's column; `aggregate` is an aggregate call expression (null: count()).
   */
  summarize?: { aggregate: import('../syntax/ast.js').Expr | null; by: number[] };
  /**
   * Computes the output. `input` has the input columns followed by the `expr()` columns; `tables` are the
   * `table()` arguments in order. May throw KqlDataError for data the plugin rejects.
   */
  run(input: PluginTable, tables: PluginTable[], ctx: KernelContext): PluginTable;
}

export interface PluginDef {
  name: string;
  /** one line for `kql functions` */
  doc: string;
  syntax: string;
  bind(args: PluginArgs): PluginPlan;
}

/** An output schema's columns with `*` replaced by `star`'s columns. */
export function withStar(schema: OutputSchema, star: Column[]): Column[] {
  const declared = schema.columns.map((c) => ({ name: c.name, type: c.type }));
  if (schema.starAt === undefined) return declared;
  return [...declared.slice(0, schema.starAt), ...star, ...declared.slice(schema.starAt)];
}

export type { PlanNode };
