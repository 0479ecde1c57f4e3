// Bound scalar expressions: names resolved to column indexes, every node typed, functions chosen.
import type { Span } from '../errors/diagnostic.js';
import type { Implementation } from '../functions/define.js';
import type { PlanNode } from '../plan/nodes.js';
import type { KqlType, Scalar } from '../types.js';

export type BoundExpr = BoundColumn | BoundConst | BoundCall | BoundSubquery;

/** A column of the operator's input, by position. */
export interface BoundColumn {
  kind: 'Column';
  index: number;
  type: KqlType;
  name: string;
}

export interface BoundConst {
  kind: 'Const';
  type: KqlType;
  value: Scalar;
}

/** A function or operator applied to arguments; `impl` was chosen for the argument types. */
export interface BoundCall {
  kind: 'Call';
  name: string;
  type: KqlType;
  args: BoundExpr[];
  impl: Implementation;
  foldable: boolean;
  span: Span;
}

/**
 * A tabular expression used as a value: `toscalar(T)` (mode scalar: first column of the first row)
 * or the right side of `in` / `has_any` (mode list: the first column as a dynamic array).
 * Evaluated once per query run, before the rows that use it.
 */
export interface BoundSubquery {
  kind: 'Subquery';
  type: KqlType;
  mode: 'scalar' | 'list';
  plan: PlanNode;
}

export const constant = (type: KqlType, value: Scalar): BoundConst => ({ kind: 'Const', type, value });
