// Moves a filter below an extend/project when its predicate reads only columns the projection
// passes through unchanged, so rows are dropped before the new columns are computed.
import type { Rule } from '../optimizer.js';
import { columnsOf, conjuncts, remap } from './util.js';
import { andOf } from './merge-filters.js';
import type { BoundExpr } from '../../semantic/bound.js';

export const pushFilterBelowProject: Rule = {
  name: 'push-filter-below-project',
  rewrite(node) {
    if (node.kind !== 'Filter' || node.input.kind !== 'Project') return node;
    const project = node.input;
    const passthrough = (i: number) => project.exprs[i]!.kind === 'Column';
    const below: BoundExpr[] = [];
    const above: BoundExpr[] = [];
    for (const c of conjuncts(node.predicate)) {
      const cols = columnsOf(c);
      // a predicate with a subquery or no column reads no project output: still safe to move
      if ([...cols].every(passthrough)) below.push(remap(c, (i) => project.exprs[i]!));
      else above.push(c);
    }
    if (below.length === 0) return node;
    const pushed = { ...project, input: { kind: 'Filter' as const, input: project.input, predicate: andOf(below), schema: project.input.schema } };
    return above.length ? { ...node, input: pushed, predicate: andOf(above) } : pushed;
  },
};
