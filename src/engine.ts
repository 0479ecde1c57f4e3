// The pipeline on one screen: text → AST → bound plan → optimized plan → batches.
import { locate, type Diagnostic } from './errors/diagnostic.js';
import { parseQuery } from './syntax/parse.js';
import { bind, type BindOptions, type Visualization } from './semantic/binder.js';
import { optimize, type OptimizerOptions } from './plan/optimizer.js';
import type { PlanNode } from './plan/nodes.js';

export interface Compiled {
  plan: PlanNode | null;
  diagnostics: Diagnostic[];
  /** the final `render`, if any */
  visualization?: Visualization;
}

export function compile(text: string, options: BindOptions & OptimizerOptions): Compiled {
  const { ast, diagnostics: syntax } = parseQuery(text);                 // grammar/ + syntax/
  if (!ast || syntax.some((d) => d.severity === 'error')) {
    return { plan: null, diagnostics: syntax.map((d) => locate(text, d)) };
  }
  const bound = bind(ast, options);                                       // semantic/
  const diagnostics = [...syntax, ...bound.diagnostics].map((d) => locate(text, d));
  if (!bound.plan || diagnostics.some((d) => d.severity === 'error')) return { plan: null, diagnostics };
  return { plan: optimize(bound.plan, options), diagnostics, ...(bound.visualization ? { visualization: bound.visualization } : {}) };           // plan/
}
