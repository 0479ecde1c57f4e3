// Removes `where true`; replaces `where false` (or null) with an empty relation of the same schema.
import { allocVector } from '../../exec/vector.js';
import type { Rule } from '../optimizer.js';

export const removeConstantFilter: Rule = {
  name: 'remove-constant-filter',
  rewrite(node) {
    if (node.kind !== 'Filter' || node.predicate.kind !== 'Const') return node;
    if (node.predicate.value === true) return node.input;
    return { kind: 'Values', columns: node.schema.map((c) => allocVector(c.type, 0)), rowCount: 0, schema: node.schema };
  },
};
