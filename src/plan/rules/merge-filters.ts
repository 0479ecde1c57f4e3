// Merges `where a | where b` into one filter whose predicate is `a and b`.
import { implementLogical } from '../../functions/scalar/operators.js';
import type { BoundExpr } from '../../semantic/bound.js';
import type { Rule } from '../optimizer.js';
import { conjuncts } from './util.js';

export const andOf = (parts: BoundExpr[]): BoundExpr =>
  parts.length === 1
    ? parts[0]!
    : { kind: 'Call', name: 'and', type: 'bool', args: parts, impl: implementLogical('and'), foldable: true, span: { start: 0, end: 0 } };

export const mergeFilters: Rule = {
  name: 'merge-filters',
  rewrite(node) {
    if (node.kind !== 'Filter' || node.input.kind !== 'Filter') return node;
    const inner = node.input;
    return { ...inner, predicate: andOf([...conjuncts(inner.predicate), ...conjuncts(node.predicate)]), schema: node.schema };
  },
};
