// Moves the conjuncts of a filter above a join that read only one side into that side, where the
// join kind makes it equivalent: left-side predicates for inner, leftouter, leftsemi and leftanti;
// right-side predicates for inner, rightouter, rightsemi and rightanti. Never for innerunique,
// whose choice of one left row per key depends on the rows it sees. For inner and innerunique, the
// conjuncts that read both sides become the join's residual predicate, checked on each matching pair
// before the pair's columns are gathered (the same rows as filtering the join's output).
import type { Rule } from '../optimizer.js';
import type { BoundExpr } from '../../semantic/bound.js';
import type { JoinKind } from '../nodes.js';
import { columnsOf, conjuncts, remap } from './util.js';
import { andOf } from './merge-filters.js';

const LEFT_OK = new Set<JoinKind>(['inner', 'leftouter', 'leftsemi', 'leftanti']);
const RIGHT_OK = new Set<JoinKind>(['inner', 'rightouter', 'rightsemi', 'rightanti']);

export const pushFilterIntoJoin: Rule = {
  name: 'push-filter-into-join',
  rewrite(node) {
    if (node.kind !== 'Filter' || node.input.kind !== 'Join') return node;
    const join = node.input;
    const kind = join.joinKind;
    // output columns: left then right for the pair kinds; one side only for semi/anti
    const nLeft = kind === 'rightsemi' || kind === 'rightanti' ? 0 : join.left.schema.length;
    const onlyRight = kind === 'rightsemi' || kind === 'rightanti';
    const toLeft: BoundExpr[] = [];
    const toRight: BoundExpr[] = [];
    const keep: BoundExpr[] = [];
    for (const c of conjuncts(node.predicate)) {
      const cols = [...columnsOf(c)];
      if (cols.length === 0) {
        keep.push(c);
        continue;
      }
      if (!onlyRight && LEFT_OK.has(kind) && cols.every((i) => i < nLeft)) toLeft.push(c);
      else if (RIGHT_OK.has(kind) && cols.every((i) => i >= nLeft)) {
        toRight.push(remap(c, (i) => ({ kind: 'Column', index: i - nLeft, type: join.right.schema[i - nLeft]!.type, name: join.right.schema[i - nLeft]!.name })));
      } else keep.push(c);
    }
    const toResidual: BoundExpr[] = [];
    if (kind === 'inner' || kind === 'innerunique') {
      for (let k = keep.length - 1; k >= 0; k--) {
        if (columnsOf(keep[k]!).size > 0) toResidual.unshift(...keep.splice(k, 1));
      }
    }
    if (toLeft.length === 0 && toRight.length === 0 && toResidual.length === 0) return node;
    const left = toLeft.length ? { kind: 'Filter' as const, input: join.left, predicate: andOf(toLeft), schema: join.left.schema } : join.left;
    const right = toRight.length ? { kind: 'Filter' as const, input: join.right, predicate: andOf(toRight), schema: join.right.schema } : join.right;
    const residual = toResidual.length ? andOf(join.residual ? [join.residual, ...toResidual] : toResidual) : join.residual;
    const pushed = { ...join, left, right, ...(residual ? { residual } : {}) };
    return keep.length ? { ...node, input: pushed, predicate: andOf(keep) } : pushed;
  },
};
