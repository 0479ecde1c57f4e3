// The optimizer: an ordered list of rewrite rules, each switchable off by name.
import type { PlanNode } from './nodes.js';

export interface Rule {
  name: string;
  rewrite(node: PlanNode): PlanNode;
}

export interface OptimizerOptions {
  /** turn the optimizer off entirely (tests compare results with it on and off) */
  optimize?: boolean;
  /** rule names to skip */
  disabledRules?: string[];
}

/** Rules run bottom-up in this order. */
export const RULES: Rule[] = [];

export function optimize(plan: PlanNode, options: OptimizerOptions = {}): PlanNode {
  if (options.optimize === false) return plan;
  const rules = RULES.filter((r) => !options.disabledRules?.includes(r.name));
  return rules.reduce((p, r) => r.rewrite(p), plan);
}
