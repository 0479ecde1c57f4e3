// Looks up the built-in Defender XDR / Sentinel table schemas by table name.
import type { Schema } from '../types.js';
import { BUILTIN_SCHEMAS, BUILTIN_TYPE_BY_ENVIRONMENT } from './tables.generated.js';

export { BUILTIN_SCHEMAS, BUILTIN_TYPE_BY_ENVIRONMENT } from './tables.generated.js';
export type { BuiltinColumn, EnvironmentTypes } from './tables.generated.js';

/** Which documented type to use for the few columns whose type differs between the two products. */
export type SchemaEnvironment = 'advancedHunting' | 'sentinel';

/**
 * Other spellings published queries use for a built-in table. Table names are case-sensitive in KQL;
 * the Defender doc titles its page `GraphApiAuditEvents` while queries write `GraphAPIAuditEvents`.
 */
export const BUILTIN_TABLE_ALIASES: Readonly<Record<string, string>> = {
  GraphApiAuditEvents: 'GraphAPIAuditEvents',
};

/** The names of every built-in table, sorted. */
export const BUILTIN_TABLE_NAMES: readonly string[] = Object.keys(BUILTIN_SCHEMAS).sort();

/**
 * The columns of a built-in table (exact, case-sensitive name or a known alias), or undefined.
 * Advanced-hunting types by default; `environment: 'sentinel'` swaps in the Log Analytics types.
 */
export function getBuiltinSchema(name: string, options: { environment?: SchemaEnvironment } = {}): Schema | undefined {
  const table = Object.hasOwn(BUILTIN_SCHEMAS, name) ? name : BUILTIN_TABLE_ALIASES[name];
  if (table === undefined) return undefined;
  const columns = BUILTIN_SCHEMAS[table];
  if (!columns) return undefined;
  const differing = BUILTIN_TYPE_BY_ENVIRONMENT[table];
  if (options.environment !== 'sentinel' || !differing) return columns;
  return columns.map((c) => {
    const types = differing[c.name];
    return types ? { name: c.name, type: types.sentinel } : c;
  });
}
