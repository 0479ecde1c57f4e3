// Loaders: a file's text (streamed in chunks) → typed tables ready for `db.addTable`, strictly — a bad
// line is a DataFileError naming the file, line and column, never a silently dropped row.
import type { Database, SchemaInput } from '../database.js';
import { KqlDataError } from '../errors/diagnostic.js';
import { BUILTIN_TABLE_ALIASES, getBuiltinSchema, type SchemaEnvironment } from '../schemas/index.js';

const canonical = (table: string) => BUILTIN_TABLE_ALIASES[table] ?? table;
import type { Column } from '../types.js';
import { getMember, setMember } from '../values/dynamic.js';
import { readCsvRows } from './csv.js';
import { DataFileError, isRecord, type TextSource } from './errors.js';
import { inferFileSchema } from './infer-schema.js';
import { readJsonBatches } from './json.js';
import { eventHubBatch, isO365AuditRecord, o365ToCloudAppEvents, o365ToOfficeActivity, portalDateTime, portalHeader, streamingRecord } from './shapes.js';

export type DataFormat = 'json' | 'csv';

export interface ReadTablesOptions {
  /** the file's name, for messages (and, without `format`, its extension chooses the format) */
  file: string;
  /**
   * The table the rows go to: its built-in schema types them. Optional for files of Defender
   * Streaming API records, which name their table (a file may then hold several tables).
   */
  table?: string;
  /**
   * The table for records that do not name theirs when `table` is not given (e.g. from the file's
   * name); Defender Streaming API records still go to the table their category names.
   */
  defaultTable?: string;
  /** json (NDJSON or a JSON array) or csv; default: from the file name, else from the first character */
  format?: DataFormat;
  /** the columns and types, instead of the built-in schema or inference */
  schema?: SchemaInput;
  /** columns and types per table name (for files holding several tables); `schema` wins */
  schemas?: Readonly<Record<string, SchemaInput>>;
  /** which product's types for the few built-in columns that differ (default advancedHunting) */
  environment?: SchemaEnvironment;
}

/** One table read from a file, ready for `db.addTable(name, rows, columns)`. */
export interface TableData {
  name: string;
  file: string;
  columns: Column[];
  rows: Record<string, unknown>[];
  /** the 1-based line each row starts on */
  lines: number[];
  /** what the loader did that the user should know (e.g. columns typed from the data) */
  notes: string[];
}

/** The format of a file by its name (`.csv`, `.csv.gz` → csv; `.json`, `.ndjson`, `.jsonl` → json), or undefined. */
export function formatOfName(file: string): DataFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (/\.(json|ndjson|jsonl)$/.test(name)) return 'json';
  return undefined;
}

interface Group {
  rows: Record<string, unknown>[];
  lines: number[];
  streaming: boolean;
  notes: string[];
}

/** Reads every table a file holds (one, unless it holds Defender Streaming API records of several tables). */
export async function readTables(source: TextSource, options: ReadTablesOptions): Promise<TableData[]> {
  let format = options.format ?? formatOfName(options.file);
  let text = source;
  if (format === undefined) {
    const sniffed = await sniff(source);
    format = /^\s*[[{]/.test(sniffed.head) ? 'json' : 'csv';
    text = sniffed.rest;
  }
  return format === 'csv' ? [await readCsvTable(text, options)] : readJsonTables(text, options);
}

async function sniff(source: TextSource): Promise<{ head: string; rest: TextSource }> {
  if (typeof source === 'string') return { head: source.slice(0, 1000).replace(/^\uFEFF/, ''), rest: source };
  const it = (source as AsyncIterable<string>)[Symbol.asyncIterator]?.() ?? toAsync((source as Iterable<string>)[Symbol.iterator]());
  const seen: string[] = [];
  let head = '';
  while (!/\S/.test(head)) {
    const next = await it.next();
    if (next.done) break;
    seen.push(next.value);
    head += next.value;
  }
  async function* rest() {
    yield* seen;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: head.replace(/^\uFEFF/, ''), rest: rest() };
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next() };
}

async function readJsonTables(source: TextSource, options: ReadTablesOptions): Promise<TableData[]> {
  const { file } = options;
  const groups = new Map<string, Group>();
  const group = (name: string, streaming: boolean): Group => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { rows: [], lines: [], streaming, notes: [] }));
    return g;
  };
  const officeColumns = new Set((getBuiltinSchema('OfficeActivity') ?? []).map((c) => c.name));
  const unmappedOffice = new Set<string>();
  if (options.table) group(options.table, false); // an empty file is an empty table
  for await (const records of readJsonBatches(source, file)) for (const { value, line } of records) {
    const hub = eventHubBatch(value);
    for (const item of hub ?? [value]) {
      if (!isRecord(item)) throw new DataFileError(file, line, 'a record of the Event Hub batch ("records") is not an object');
      const streamed = streamingRecord(item);
      if (streamed) {
        const target = options.table ?? streamed.table;
        if (canonical(target) !== canonical(streamed.table)) {
          throw new DataFileError(file, line, `a Defender streaming record of table ${streamed.table} (category AdvancedHunting-${streamed.table}), not ${target}; load the file without a table name to split it by category`);
        }
        const g = group(target, true);
        g.streaming = true;
        g.rows.push(streamed.row);
        g.lines.push(line);
        continue;
      }
      const table = options.table ?? options.defaultTable;
      if (table === undefined) {
        throw new DataFileError(file, line, 'which table? this record is not a Defender streaming record (which names its table); give the table name (kql: --table Name=PATH)');
      }
      let row = item;
      if (isO365AuditRecord(item) && (table === 'CloudAppEvents' || table === 'OfficeActivity')) {
        if (table === 'CloudAppEvents') row = o365ToCloudAppEvents(item);
        else {
          const mapped = o365ToOfficeActivity(item, officeColumns);
          row = mapped.row;
          for (const u of mapped.unmapped) unmappedOffice.add(u);
        }
      }
      const g = group(table, false);
      g.rows.push(row);
      g.lines.push(line);
    }
  }
  if (groups.size === 0 && options.defaultTable) group(options.defaultTable, false);
  if (unmappedOffice.size) {
    group('OfficeActivity', false).notes.push(`audit record fields with no OfficeActivity column were not loaded: ${[...unmappedOffice].sort().join(', ')}`);
  }
  return [...groups].map(([name, g]) => {
    const columns = schemaFor(name, g.rows, options, (rows) => inferFileSchema(rows), g.notes);
    if (g.streaming) fixStreamingValues(columns, g.rows);
    return { name, file, columns, rows: g.rows, lines: g.lines, notes: g.notes };
  });
}

/**
 * The Streaming API writes bool columns as 0/1 and absent numbers as "": make them true/false and null
 * where the schema says bool / a non-text type.
 */
function fixStreamingValues(columns: readonly Column[], rows: Record<string, unknown>[]): void {
  for (const c of columns) {
    const bool = c.type === 'bool';
    const text = c.type === 'string' || c.type === 'dynamic';
    if (text) continue;
    for (const row of rows) {
      const v = getMember(row, c.name);
      if (v === '') row[c.name] = null;
      else if (bool && (v === 0 || v === 1)) row[c.name] = v === 1;
    }
  }
}

/** Explicit schema > the built-in schema (plus any extra columns, typed from the data) > inference. */
function schemaFor(
  name: string,
  rows: Record<string, unknown>[],
  options: ReadTablesOptions,
  infer: (rows: Record<string, unknown>[]) => Column[],
  notes: string[],
): Column[] {
  const given = options.schema ?? (options.schemas && Object.hasOwn(options.schemas, name) ? options.schemas[name] : undefined);
  if (given) {
    return Array.isArray(given)
      ? given.map((c) => ({ name: c.name, type: c.type as Column['type'] }))
      : Object.entries(given).map(([n, type]) => ({ name: n, type: type as Column['type'] }));
  }
  const builtin = getBuiltinSchema(name, { environment: options.environment });
  if (!builtin) return infer(rows);
  const known = new Set(builtin.map((c) => c.name));
  const extra = new Set<string>();
  for (const row of rows) for (const key in row) if (!known.has(key)) extra.add(key);
  const columns: Column[] = builtin.map((c) => ({ name: c.name, type: c.type }));
  if (extra.size) {
    const extraRows = rows.map((r) => Object.fromEntries([...extra].map((k) => [k, getMember(r, k)])));
    const typed = infer(extraRows).filter((c) => extra.has(c.name));
    columns.push(...typed);
    notes.push(`${name}: column${typed.length === 1 ? '' : 's'} not in the built-in schema, typed from the data: ${typed.map((c) => `${c.name}:${c.type}`).join(', ')}`);
  }
  return columns;
}

async function readCsvTable(source: TextSource, options: ReadTablesOptions): Promise<TableData> {
  const { file } = options;
  const table = options.table ?? options.defaultTable;
  if (!table) throw new DataFileError(file, undefined, 'which table? a CSV file holds one table; give its name (kql: --table Name=PATH)');
  let names: string[] | undefined;
  const utc = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  for await (const { fields, line } of readCsvRows(source, file)) {
    if (!names) {
      names = fields.map((cell, j) => {
        const h = portalHeader(cell);
        if (!h.name) throw new DataFileError(file, line, `column ${j + 1} of the header has no name`);
        if (h.utc) utc.add(h.name);
        return h.name;
      });
      const seen = new Set<string>();
      for (const n of names) {
        if (seen.has(n)) throw new DataFileError(file, line, `column '${n}' appears twice in the header`);
        seen.add(n);
      }
      continue;
    }
    if (fields.length !== names.length) {
      throw new DataFileError(file, line, `${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${names.length} columns`);
    }
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) {
      const v = fields[j] as string;
      setMember(row, names[j] as string, v === '' ? null : v); // CSV has no null: an empty field is one
    }
    rows.push(row);
    lines.push(line);
  }
  if (!names) throw new DataFileError(file, undefined, 'empty file: a CSV file needs a header line naming its columns');
  const header = names;
  const notes: string[] = [];
  const columns = schemaFor(table, rows, options, (r) => inferCsvSchema(r, header, utc), notes);
  // Date-times as the portal displays them → ISO text.
  for (const c of columns) {
    if (c.type !== 'datetime') continue;
    for (const row of rows) {
      const v = getMember(row, c.name);
      if (typeof v === 'string') {
        const iso = portalDateTime(v);
        if (iso) row[c.name] = iso;
      }
    }
  }
  return { name: table, file, columns, rows, lines, notes };
}

const INTEGER = /^[-+]?\d+$/;
const REAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const ISO_DATETIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?$/;

/**
 * Column types of CSV text: long when every non-empty value is an integer (within ±2^53), real when
 * numeric, bool for true/false, datetime for ISO 8601 or portal date-times (or a `[UTC]` header),
 * dynamic when every value is a JSON object or array; else string.
 */
export function inferCsvSchema(rows: readonly Record<string, unknown>[], names: readonly string[], utc: ReadonlySet<string> = new Set()): Column[] {
  return names.map((name) => {
    if (utc.has(name)) return { name, type: 'datetime' };
    const values = rows.map((r) => getMember(r, name)).filter((v): v is string => typeof v === 'string');
    if (values.length === 0) return { name, type: 'string' };
    const all = (test: (v: string) => boolean) => values.every(test);
    if (all((v) => INTEGER.test(v) && Number.isSafeInteger(Number(v)))) return { name, type: 'long' };
    if (all((v) => REAL.test(v))) return { name, type: 'real' };
    if (all((v) => /^(true|false)$/i.test(v))) return { name, type: 'bool' };
    if (all((v) => ISO_DATETIME.test(v) || portalDateTime(v) !== undefined)) return { name, type: 'datetime' };
    if (all((v) => /^\s*[[{]/.test(v) && isJson(v))) return { name, type: 'dynamic' };
    return { name, type: 'string' };
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds a table read by `readTables` to the database. A value its column's type cannot hold is a
 * DataFileError naming the file, the line of the row and the column.
 */
export function addTableData(db: Database, data: TableData): void {
  try {
    db.addTable(data.name, data.rows, data.columns);
  } catch (e) {
    if (!(e instanceof KqlDataError)) throw e;
    const m = /^table '[^']*', row (\d+)[,:]\s*(.*)$/s.exec(e.message);
    if (!m) throw new DataFileError(data.file, undefined, e.message);
    throw new DataFileError(data.file, data.lines[Number(m[1]) - 1], m[2] as string);
  }
}

/** Reads a file's tables and adds them to the database; returns them (rows, notes). */
export async function loadTables(db: Database, source: TextSource, options: ReadTablesOptions): Promise<TableData[]> {
  const tables = await readTables(source, options);
  for (const t of tables) addTableData(db, t);
  return tables;
}
