// kql-engine: a KQL (Kusto Query Language) engine for in-memory tables.
export { Database, parse } from './database.js';
export type { DatabaseOptions, QueryOptions, AnalyzeResult, SchemaInput, RegisteredFunction, GraphModelDefinition, GraphModelStepDefinition, GraphSnapshotOptions } from './database.js';
export type { Principal } from './functions/world.js';
export { Result } from './result.js';
export type { ResultJson } from './result.js';
export { KqlError, KqlDataError } from './errors/diagnostic.js';
export type { Diagnostic, Span } from './errors/diagnostic.js';
export { formatDiagnostic } from './errors/render.js';
export type { KqlType, Column } from './types.js';
export { getBuiltinSchema } from './schemas/index.js';
