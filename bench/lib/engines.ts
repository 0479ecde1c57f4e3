// The engines `npm run bench` compares, in the order it runs them (our engine first: it is the reference).

export interface EngineSpec {
  name: string;
  /** module under bench/peers/ */
  module: string;
  options?: Record<string, string>;
  /** what the report says it is */
  about: string;
}

export const ENGINES: readonly EngineSpec[] = [
  { name: 'kql-engine', module: 'kql-engine', options: { from: 'dist' }, about: 'this library as built (dist/): db.querySync(<the KQL text>)' },
  { name: 'duckdb-json', module: 'duckdb', options: { layout: 'json' }, about: '@duckdb/node-api, 2 threads, dynamic columns as JSON text' },
  { name: 'duckdb-struct', module: 'duckdb', options: { layout: 'struct' }, about: '@duckdb/node-api, 2 threads, RawEventData and ActivityObjects shredded into STRUCT / STRUCT[] at load' },
  { name: 'arquero', module: 'arquero', about: 'arquero 8.0.3 verbs over a column table built with aq.from(rows)' },
  { name: 'alasql', module: 'alasql', about: 'alasql SQL over the row objects' },
  { name: 'naive-js', module: 'naive-js', about: 'row-at-a-time JS: array methods, new objects per row per operator' },
  { name: 'columnar-js', module: 'columnar-js', about: 'hand-written columnar JS loops (columns as arrays, JSON.parse of Data only for object text)' },
];

export const REFERENCE_ENGINE = 'kql-engine';
/** Used as the reference for a size where our engine produced no result (skipped or failed). */
export const FALLBACK_REFERENCE = 'naive-js';
