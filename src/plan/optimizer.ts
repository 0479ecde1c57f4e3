// The optimizer: an ordered list of rewrite rules, each switchable off by name.
import type { PlanNode } from './nodes.js';
import { mapInputs } from './rules/util.js';
import { removeConstantFilter } from './rules/remove-constant-filter.js';
import { mergeFilters } from './rules/merge-filters.js';
import { pushFilterBelowProject } from './rules/push-filter-below-project.js';
import { pushFilterIntoJoin } from './rules/push-filter-into-join.js';
import { mergeProjects } from './rules/merge-projects.js';
import { pruneColumns } from './prune-columns.js';

export interface Rule {
  name: string;
  /** rewrites one node (its inputs are already optimized); returns the node itself when nothing applies */
  rewrite(node: PlanNode): PlanNode;
}

export interface OptimizerOptions {
  /** turn the optimizer off entirely (tests compare results with it on and off) */
  optimize?: boolean;
  /** rule names to skip */
  disabledRules?: string[];
}

/** Rules, tried in this order at every node, bottom-up, until none changes the node. */
export const RULES: Rule[] = [removeConstantFilter, mergeFilters, pushFilterBelowProject, pushFilterIntoJoin, mergeProjects];

const MAX_PASSES = 32;

export function optimize(plan: PlanNode, options: OptimizerOptions = {}): PlanNode {
  if (options.optimize === false) return plan;
  const rules = RULES.filter((r) => !options.disabledRules?.includes(r.name));
  const visit = (node: PlanNode, depth: number): PlanNode => {
    let n = mapInputs(node, (c) => visit(c, depth));
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let changed = false;
      for (const r of rules) {
        const next = r.rewrite(n);
        if (next !== n) {
          // a rewrite may move a filter below: optimize the new subtree too
          n = depth < 8 ? mapInputs(next, (c) => visit(c, depth + 1)) : next;
          changed = true;
        }
      }
      if (!changed) break;
    }
    return n;
  };
  const rewritten = visit(plan, 0);
  // then projection pruning, a whole-plan pass (it needs what every consumer reads)
  if (options.disabledRules?.includes('prune-columns')) return rewritten;
  const pruned = pruneColumns(rewritten);
  // pruning drops pass-through columns, which lets projections merge that could not before
  // (`extend a = f(x) | extend b = g(a)` keeps `a` until pruning shows nothing else reads it)
  const merged = visit(pruned, 0);
  return merged === pruned ? pruned : pruneColumns(merged);
}
