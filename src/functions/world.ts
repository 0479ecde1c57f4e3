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
  params: { name: string; type: KqlType; repeatable?: boolean; /** types accepted besides `type` */ alsoAccepts?: KqlType[] }[];
  returns: KqlType;
  /** why the engine cannot answer it itself */
  needs: string;
  /** the Database option that answers it instead of a registration */
  option?: string;
}

export const WORLD_FUNCTIONS: readonly WorldFunction[] = [
  // geo-info-from-ip-address-function.md: a GeoLite2 geolocation database
  { name: 'geo_info_from_ip_address', params: [{ name: 'ip_address', type: 'string' }], returns: 'dynamic', needs: 'an IP geolocation database' },
  // current-cluster-endpoint-function.md: the cluster's network endpoint (DNS name): answered from new Database({ clusterName })
  { name: 'current_cluster_endpoint', params: [], returns: 'string', needs: 'a cluster endpoint', option: "new Database({ clusterName: 'help' })" },
  // current-database-function.md, current-principal*.md: answered from new Database({ databaseName, principal })
  { name: 'current_database', params: [], returns: 'string', needs: "the database's name", option: "new Database({ databaseName: 'MyDatabase' })" },
  { name: 'current_principal', params: [], returns: 'string', needs: 'the principal running the query', option: "new Database({ principal: { fqn: 'aaduser=...;tenant' } })" },
  { name: 'current_principal_details', params: [], returns: 'dynamic', needs: 'the principal running the query', option: "new Database({ principal: { fqn, details } })" },
  {
    name: 'current_principal_is_member_of', params: [{ name: 'group', type: 'dynamic', alsoAccepts: ['string'], repeatable: true }], returns: 'bool',
    needs: "the principal's group memberships", option: "new Database({ principal: { fqn, memberOf: ['aadgroup=...'] } })",
  },
];

const byName = new Map(WORLD_FUNCTIONS.map((f) => [f.name, f]));

export const lookupWorldFunction = (name: string): WorldFunction | undefined => byName.get(name);

/** How the application registers `f` (the KQL0208 help text). */
export function registrationHint(f: WorldFunction): string {
  if (f.option) return `it needs ${f.needs}: give it with ${f.option}`;
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
    signatures: [{ params: f.params.map((q) => p(q.name, q.type === 'string' ? STRING : [q.type, ...(q.alsoAccepts ?? [])], q.repeatable ? { repeatable: true } : {})), returns: f.returns }],
    doc: `world-dependent: ${registrationHint(f)}`,
    foldable: false,
    implement: () => () => {
      throw new KqlDataError(`function '${f.name}' has no implementation: ${registrationHint(f)}`);
    },
  };
}

/**
 * The DNS name of a cluster named `name`: cluster-function.md takes a cluster as a fully qualified domain
 * name or as the name without the `.kusto.windows.net` suffix (`help` is `help.kusto.windows.net`); a
 * name with a dot is taken as the domain name already (scheme, path and port dropped).
 */
export function clusterEndpoint(name: string): string {
  const host = name.trim().replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/s, '').replace(/:\d+$/, '').toLowerCase();
  return host.includes('.') ? host : `${host}.kusto.windows.net`;
}

/** The principal running queries, as the application states it (new Database({ principal })). */
export interface Principal {
  /** fully qualified name, e.g. `aaduser=<object id>;<tenant id>` (current-principal-function.md) */
  fqn: string;
  /** current_principal_details(); default `{ "FQN": fqn }` */
  details?: Record<string, unknown>;
  /** the groups (FQNs) the principal is a member of, for current_principal_is_member_of */
  memberOf?: string[];
}

/**
 * Definitions that answer the context functions from the Database's options: current_database() is
 * `databaseName`; current_principal() the principal's FQN; current_principal_details() its details;
 * current_principal_is_member_of(g, ...) whether some argument (a string, or an array of strings) is the
 * principal's FQN or one of its `memberOf` groups (compared exactly).
 */
export function contextDefinitions(databaseName: string | undefined, principal: Principal | undefined, clusterName?: string): ScalarFunctionDef[] {
  const def = (name: string, returns: KqlType, fn: (...a: unknown[]) => unknown, params: ScalarFunctionDef['signatures'][number]['params'] = []): ScalarFunctionDef => ({
    name, signatures: [{ params, returns }], doc: `answered from the Database's options`, foldable: false,
    implement: () => ({ kind: 'row', nullPropagating: false, fn: fn as never }),
  });
  const out: ScalarFunctionDef[] = [];
  if (databaseName !== undefined) out.push(def('current_database', 'string', () => databaseName));
  if (clusterName !== undefined) out.push(def('current_cluster_endpoint', 'string', () => clusterEndpoint(clusterName)));
  if (principal) {
    const details = principal.details ?? { FQN: principal.fqn };
    const names = new Set([principal.fqn, ...(principal.memberOf ?? [])]);
    out.push(def('current_principal', 'string', () => principal.fqn));
    out.push(def('current_principal_details', 'dynamic', () => details));
    out.push(def('current_principal_is_member_of', 'bool', (...groups) => groups.some((g) =>
      (Array.isArray(g) ? g : [g]).some((x) => typeof x === 'string' && names.has(x))), [p('group', ['string', 'dynamic'], { repeatable: true })]));
  }
  return out;
}
