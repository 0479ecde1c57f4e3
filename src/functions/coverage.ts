// What the catalog implements, measured against Microsoft's (the analyzer's) list of built-in functions.
import type { Signature } from './define.js';
import { aggregateFunctions, scalarFunctions } from './index.js';
import { KUSTO_CATALOG } from './kusto-catalog.generated.js';
import { plugins } from '../plugins/index.js';

/**
 * Functions the binder implements itself rather than through the catalog: the binder's own, then those
 * answered from the Database (its tables and entities, its options, its ingestions: database.ts,
 * world.ts contextDefinitions); each has golden cases in test/golden/functions/database-context.kqltest.
 * geo_info_from_ip_address is not here: it binds, but only an application registration
 * (db.registerFunction) can answer it.
 */
export const BINDER_FUNCTIONS = ['toscalar', 'materialize', 'column_ifexists', 'typeof', 'column_names_of',
  'row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min', 'row_window_session',
  'bin_auto',
  // scope functions (binder tableFunction, databaseRef, clusterRef, entityFunction)
  'table', 'database', 'cluster', 'external_table', 'materialized_view', 'stored_query_result',
  // entity_group('Name'): a stored entity group for macro-expand (binder entityGroupOf; golden: operators/macro-expand.kqltest)
  'entity_group',
  // graph('Model' [, snapshot]): a graph model registered with db.addGraphModel (semantic/graph.ts; golden: operators/graph-model.kqltest)
  'graph',
  // new Database({ databaseName, principal, clusterName })
  'current_database', 'current_principal', 'current_principal_details', 'current_principal_is_member_of', 'current_cluster_endpoint',
  // the row's ingestion (binder provenanceCall)
  'extent_id', 'extent_tags', 'ingestion_time', 'cursor_after', 'cursor_before_or_at', 'cursor_current',
  // graph functions, in graph-match / graph-shortest-paths (src/semantic/graph.ts; golden: operators/graph.kqltest)
  'all', 'any', 'map', 'inner_nodes', 'node_degree_in', 'node_degree_out', 'node_id', 'labels'];

export interface CoverageRow {
  kind: 'scalar' | 'aggregate' | 'plugin';
  /** visible (not hidden or obsolete) functions of this kind the analyzer knows */
  total: number;
  /** how many of them this engine implements */
  supported: number;
  missing: string[];
}

export function catalogCoverage(): CoverageRow[] {
  const scalar = new Set([...scalarFunctions.flatMap((d) => [d.name, ...(d.aliases ?? [])]), ...BINDER_FUNCTIONS]);
  const aggregate = new Set(aggregateFunctions.flatMap((d) => [d.name, ...(d.aliases ?? [])]));
  return (['scalar', 'aggregate', 'plugin'] as const).map((kind) => {
    const visible = KUSTO_CATALOG.filter(([, k, , , hidden]) => k === kind && hidden === 0).map(([name]) => name);
    const have = kind === 'scalar' ? scalar : kind === 'aggregate' ? aggregate : new Set(plugins.map((p) => p.name));
    const missing = visible.filter((n) => !have.has(n)).sort();
    return { kind, total: visible.length, supported: visible.length - missing.length, missing };
  });
}

export interface FunctionInfo {
  name: string;
  kind: 'scalar' | 'aggregate' | 'plugin';
  aliases: string[];
  signatures: string[];
  doc: string;
  example?: string;
}

const signatureText = (name: string, s: Signature) =>
  `${name}(${s.params.map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.types === 'any' ? 'any' : p.types.join('|')}${p.repeatable ? ', ...' : ''}`).join(', ')})` +
  (typeof s.returns === 'string' ? `: ${s.returns}` : '');

/** Every implemented function with its signatures and doc line, sorted by name (`kql functions`). */
export function listFunctions(): FunctionInfo[] {
  const rows: FunctionInfo[] = [
    ...scalarFunctions.map((d) => ({ d, kind: 'scalar' as const })),
    ...aggregateFunctions.map((d) => ({ d, kind: 'aggregate' as const })),
  ].map(({ d, kind }): FunctionInfo => ({
    name: d.name,
    kind,
    aliases: d.aliases ?? [],
    signatures: d.signatures.map((s) => signatureText(d.name, s)),
    doc: d.doc,
    ...(d.example ? { example: d.example } : {}),
  }));
  for (const p of plugins) rows.push({ name: p.name, kind: 'plugin', aliases: [], signatures: [p.syntax], doc: p.doc });
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
