// Merges `extend a = f(x) | extend b = g(a)` into one projection whose expressions read the input
// directly (b = g(f(x))), so a chain of extends runs as one loop. Only when every inner computed
// column the outer projection reads is read once — otherwise the work would be repeated per use.
import type { BoundExpr } from '../../semantic/bound.js';
import type { Rule } from '../optimizer.js';

function uses(e: BoundExpr, counts: number[]): void {
  if (e.kind === 'Column') counts[e.index] = (counts[e.index] ?? 0) + 1;
  else if (e.kind === 'Call') for (const a of e.args) uses(a, counts);
}

function inline(e: BoundExpr, inner: BoundExpr[]): BoundExpr {
  if (e.kind === 'Column') return inner[e.index]!;
  if (e.kind === 'Call') return { ...e, args: e.args.map((a) => inline(a, inner)) };
  return e;
}

export const mergeProjects: Rule = {
  name: 'merge-projects',
  rewrite(node) {
    if (node.kind !== 'Project' || node.input.kind !== 'Project') return node;
    const inner = node.input;
    const counts: number[] = [];
    for (const e of node.exprs) uses(e, counts);
    for (let i = 0; i < inner.exprs.length; i++) {
      if (inner.exprs[i]!.kind === 'Call' && (counts[i] ?? 0) > 1) return node;
    }
    return { ...node, input: inner.input, exprs: node.exprs.map((e) => inline(e, inner.exprs)) };
  },
};
