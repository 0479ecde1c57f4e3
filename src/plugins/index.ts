// The plugin registry: every `evaluate` plugin the engine implements, by name.
import type { PluginDef } from './define.js';
import { bagUnpack, narrow, pivot } from './bag.js';
import { activeUsersCount, activityCountsMetrics, rollingPercentile, rowsNear, slidingWindowCounts } from './time-window.js';
import { ipv4Lookup, ipv6Lookup } from './lookup.js';
import { activityEngagement, activityMetrics, newActivityMetrics } from './activity.js';
import { autocluster, basket, diffpatterns } from './patterns.js';
import { dcountIntersect, estimateRowsCount, identity, preview } from './misc.js';
import { funnelSequence, funnelSequenceCompletion, sequenceDetect, sessionCount } from './sequence.js';
import { geoLineLookup, geoPolygonLookup } from './geo-lookup.js';

export const plugins: PluginDef[] = [
  bagUnpack, narrow, pivot,
  rollingPercentile, rowsNear, activeUsersCount, activityCountsMetrics, slidingWindowCounts,
  ipv4Lookup,
  ipv6Lookup, identity, preview, estimateRowsCount, dcountIntersect,
  sequenceDetect, funnelSequence, funnelSequenceCompletion, sessionCount,
  activityEngagement, activityMetrics, newActivityMetrics,
  basket, autocluster, diffpatterns,
  geoPolygonLookup, geoLineLookup,
];

const byName = new Map(plugins.map((p) => [p.name, p]));

export function lookupPlugin(name: string): PluginDef | undefined {
  return byName.get(name);
}

/**
 * Plugins that need the world outside the engine (a language runtime, another database, the network):
 * never run here; `evaluate` names them with the reason.
 */
export const EXTERNAL_PLUGINS: Record<string, string> = {
  python: 'it runs Python code', r: 'it runs R code', csharp: 'it runs C# code',
  http_request: 'it makes HTTP requests (no network)', http_request_post: 'it makes HTTP requests (no network)',
  sql_request: 'it queries an external SQL database', mysql_request: 'it queries an external MySQL database',
  postgresql_request: 'it queries an external PostgreSQL database', cosmosdb_sql_request: 'it queries Cosmos DB',
  azure_digital_twins_query_request: 'it queries Azure Digital Twins', dax_request: 'it queries an external model',
  ai_embed_text: 'it calls an AI service', ai_chat_completion: 'it calls an AI service',
  ai_chat_completion_prompt: 'it calls an AI service', ai_embeddings: 'it calls an AI service',
  execute_show_command: 'it runs cluster management commands', execute_query: 'it queries another cluster',
  external_datatable: 'it reads an external table',
  infer_storage_schema: 'it reads files in external storage', infer_storage_schema_with_suggestions: 'it reads files in external storage',
};
