// kql-engine/node: the engine plus the Node-only file loaders (fs, zlib). The browser entry is ./index.ts.
export * from './index.js';
export { loadFile, readTextFile, isGzipFile, progressBar } from './io/node-files.js';
export type { LoadFileOptions } from './io/node-files.js';
export { readTables, loadTables, addTableData, formatOfName, inferCsvSchema } from './io/load.js';
export type { ReadTablesOptions, TableData, DataFormat } from './io/load.js';
export { DataFileError } from './io/errors.js';
export type { TextSource } from './io/errors.js';
export { readCsvRows } from './io/csv.js';
export { readJsonRecords } from './io/json.js';
