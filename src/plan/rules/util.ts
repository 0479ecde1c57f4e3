// Helpers shared by plan rules: walking plans, reading and rewriting column references.
import type { BoundExpr } from '../../semantic/bound.js';
import type { PlanNode } from '../nodes.js';

/** Applies `f` to each child of a node (bottom-up rewriting is the optimizer's job). */
export function mapInputs(node: PlanNode, f: (child: PlanNode) => PlanNode): PlanNode {
  switch (node.kind) {
    case 'Scan':
    case 'Values':
    case 'Range':
      return node;
    case 'Join':
      return { ...node, left: f(node.left), right: f(node.right) };
    case 'Union':
    case 'Plugin':
      return { ...node, inputs: node.inputs.map(f) };
    default:
      return { ...node, input: f(node.input) } as PlanNode;
  }
}

/** The input column indexes an expression reads. */
export function columnsOf(e: BoundExpr, out = new Set<number>()): Set<number> {
  if (e.kind === 'Column') out.add(e.index);
  else if (e.kind === 'Call') for (const a of e.args) columnsOf(a, out);
  return out;
}

/** Rewrites column references through a mapping (old index → new expression). */
export function remap(e: BoundExpr, to: (index: number) => BoundExpr): BoundExpr {
  if (e.kind === 'Column') return to(e.index);
  if (e.kind === 'Call') return { ...e, args: e.args.map((a) => remap(a, to)) };
  return e;
}

/** Splits `a and b and c` into its conjuncts. */
export function conjuncts(e: BoundExpr): BoundExpr[] {
  if (e.kind === 'Call' && e.name === 'and') return e.args.flatMap(conjuncts);
  return [e];
}
