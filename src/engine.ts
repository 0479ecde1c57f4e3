// The pipeline on one screen: text → AST → bound plan → optimized plan → batches.
import { locate, type Diagnostic } from './errors/diagnostic.js';
import { parseQuery } from './syntax/parse.js';
import { bind, type BindOptions, type ResultTable, type Visualization } from './semantic/binder.js';
import { optimize, type OptimizerOptions } from './plan/optimizer.js';
import type { PlanNode } from './plan/nodes.js';

export interface Compiled {
  plan: PlanNode | null;
  /** every result table (fork/facet give several); the first one's plan is `plan` */
  tables?: ResultTable[];
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
  const tables = optimizeTables(bound.tables ?? [{ name: 'PrimaryResult', plan: bound.plan }], options);
  return { plan: tables[0]!.plan, tables, diagnostics, ...(bound.visualization ? { visualization: bound.visualization } : {}) };           // plan/
}

/**
 * Several result tables (fork, facet) read one shared input: they are optimized as one plan (under a
 * node that reads all of their columns), so the shared input is pruned for what all of them read.
 */
function optimizeTables(tables: ResultTable[], options: OptimizerOptions): ResultTable[] {
  if (tables.length === 1) return [{ name: tables[0]!.name, plan: optimize(tables[0]!.plan, options) }];
  const root: PlanNode = {
    kind: 'Plugin', name: 'result-tables', inputs: tables.map((t) => t.plan), schema: [],
    run: () => { throw new Error('internal error: result-tables is not executable'); },
  };
  const out = optimize(root, options);
  if (out.kind !== 'Plugin' || out.inputs.length !== tables.length) throw new Error('internal error: the optimizer changed the result tables');
  return tables.map((t, i) => ({ name: t.name, plan: out.inputs[i]! }));
}
