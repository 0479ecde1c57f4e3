// Functions whose answer depends on the world outside the query: the application supplies them.
import type { KqlType } from '../types.js';
import { KqlDataError } from '../errors/diagnostic.js';
import { p, STRING, type ScalarFunctionDef } from './define.js';

/**
 * A world-dependent function as Kusto declares it (signature and result type from Microsoft's analyzer,
 * Kusto.Language 12.4.1), so a query calling it binds and `db.analyze()` reports the right schema. Running
 * it needs an implementation the application registers with `db.registerFunction` (same result type);
 * without one, `db.query()` fails with KQL0208 naming the function and how to register it.
 */
export interface WorldFunction {
  name: string;
  params: { name: string; type: KqlType }[];
  returns: KqlType;
  /** why the engine cannot answer it itself */
  needs: string;
}

export const WORLD_FUNCTIONS: readonly WorldFunction[] = [
  // geo-info-from-ip-address-function.md: a GeoLite2 geolocation database
  { name: 'geo_info_from_ip_address', params: [{ name: 'ip_address', type: 'string' }], returns: 'dynamic', needs: 'an IP geolocation database' },
  // ingestion-time-function.md: the time each record was ingested, kept by the cluster
  { name: 'ingestion_time', params: [], returns: 'datetime', needs: "the records' ingestion times" },
  // current-cluster-endpoint-function.md: the cluster's network endpoint
  { name: 'current_cluster_endpoint', params: [], returns: 'string', needs: 'a cluster endpoint' },
];

const byName = new Map(WORLD_FUNCTIONS.map((f) => [f.name, f]));

export const lookupWorldFunction = (name: string): WorldFunction | undefined => byName.get(name);

/** How the application registers `f` (the KQL0208 help text). */
export function registrationHint(f: WorldFunction): string {
  const params = f.params.map((q) => `{ name: '${q.name}', type: '${q.type}' }`).join(', ');
  return `it needs ${f.needs}: register an implementation with db.registerFunction('${f.name}', { params: [${params}], returns: '${f.returns}', fn })`;
}

/**
 * The definition the binder uses for an unregistered world function: Kusto's signature, and an
 * implementation that refuses to run (the binder reports KQL0208 first, so this is a safety net).
 */
export function unregisteredDefinition(f: WorldFunction): ScalarFunctionDef {
  return {
    name: f.name,
    signatures: [{ params: f.params.map((q) => p(q.name, q.type === 'string' ? STRING : [q.type])), returns: f.returns }],
    doc: `world-dependent: ${registrationHint(f)}`,
    foldable: false,
    implement: () => () => {
      throw new KqlDataError(`function '${f.name}' has no implementation: ${registrationHint(f)}`);
    },
  };
}
