// Microsoft's KQL analyzer (Kusto.Language, npm @kusto/language-service-next) as a test oracle:
// syntax errors, semantic errors and the result schema of a query.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface OracleColumn {
  name: string;
  type: string;
}

export interface OracleTable {
  name: string;
  columns: OracleColumn[];
}

/** A diagnostic as the analyzer reports it; `start`/`end` are UTF-16 offsets into the query text. */
export interface OracleDiag {
  code: string;
  severity: string;
  message: string;
  start: number;
  end: number;
}

export interface OracleAnalysis {
  /** parser errors (GetSyntaxDiagnostics), in the analyzer's order */
  syntaxErrors: OracleDiag[];
  /** binder errors: every error-severity diagnostic that is not a syntax diagnostic */
  semanticErrors: OracleDiag[];
  /** binder warnings (severity 'Warning'); suggestions and hints are dropped */
  warnings: OracleDiag[];
  /** the last statement's result columns, or null when it is not a table (scalar, error, nothing) */
  columns: OracleColumn[] | null;
}

export interface Oracle {
  analyze(text: string): OracleAnalysis;
  /** parser errors only (no binding: faster) */
  syntaxErrors(text: string): OracleDiag[];
}

/** Schemas in any of the forms `db.addTable` takes: `[{name, columns}]` or `{ T: {A: 'string'} | [{name, type}] }`. */
export type TableSpec = readonly OracleTable[] | Record<string, Record<string, string> | readonly OracleColumn[]>;

// ---------------------------------------------------------------------------------------------
// The bridge: a Bridge.NET translation of the C# library that installs globals (Bridge, System,
// Kusto). Only the members used here are typed.

interface KList<T> {
  Count: number;
  getItem(index: number): T;
}
interface KDiagnostic {
  Code: string;
  Severity: string;
  Message: string;
  Start: number;
  Length: number;
}
interface KTypeSymbol {
  Name: string;
  Kind: number;
}
interface KColumnSymbol {
  Name: string;
  Type: KTypeSymbol;
}
interface KResultType {
  Kind: number;
  Columns?: KList<KColumnSymbol>;
}
interface KCode {
  GetSyntaxDiagnostics(): KList<KDiagnostic>;
  GetDiagnostics(): KList<KDiagnostic>;
  ResultType: KResultType | null;
}
interface KGlobalState {
  WithDatabase(db: unknown): KGlobalState;
}
interface KustoLanguage {
  KustoCode: { ParseAndAnalyze(text: string, globals: KGlobalState): KCode; Parse(text: string, globals: KGlobalState): KCode };
  GlobalState: { Default: KGlobalState };
  Symbols: {
    SymbolKind: { Table: number };
    ScalarTypes: { GetSymbol(name: string): KTypeSymbol | null };
    ColumnSymbol: new (name: string, type: KTypeSymbol, description: null, originalColumns: null, source: null, examples: null) => unknown;
    TableSymbol: { $ctor4: new (name: string, columns: unknown) => unknown };
    DatabaseSymbol: { $ctor1: new (name: string, members: unknown, isOpen: boolean) => unknown };
    Symbol: unknown;
  };
}
interface BridgeSystem {
  Array: { init(items: unknown[], elementType: unknown): unknown };
}

let kusto: { K: KustoLanguage; System: BridgeSystem } | undefined;

/** Loads the bridge once per process (about 0.4 s). */
function loadKusto(): { K: KustoLanguage; System: BridgeSystem } {
  if (kusto) return kusto;
  const require = createRequire(import.meta.url);
  const g = globalThis as unknown as { Bridge?: unknown; Kusto?: { Language: KustoLanguage }; System?: BridgeSystem };
  if (!g.Kusto?.Language) {
    g.Bridge = require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  }
  if (!g.Kusto?.Language || !g.System) throw new Error('Kusto.Language bridge did not install its globals');
  kusto = { K: g.Kusto.Language, System: g.System };
  return kusto;
}

/** The analyzer's type names are already KQL's; these are the aliases it could print instead. */
const TYPE_NAMES: Record<string, string> = {
  boolean: 'bool', double: 'real', int32: 'int', int64: 'long', date: 'datetime', time: 'timespan', uniqueid: 'guid',
};
const toOurType = (name: string): string => TYPE_NAMES[name.toLowerCase()] ?? name.toLowerCase();

// One GlobalState per table set: building it binds every column symbol, which is slow for 82 tables.
const globalsCache = new Map<string, KGlobalState>();

function globalsFor(tables: readonly OracleTable[]): KGlobalState {
  const { K, System } = loadKusto();
  if (tables.length === 0) return K.GlobalState.Default;
  const key = JSON.stringify(tables.map((t) => [t.name, t.columns.map((c) => [c.name, c.type])]));
  let globals = globalsCache.get(key);
  if (!globals) {
    const tableSymbols = tables.map((t) => {
      const columns = t.columns.map((c) => {
        const type = K.Symbols.ScalarTypes.GetSymbol(c.type);
        if (!type) throw new Error(`oracle: table ${t.name}, column ${c.name}: unknown type '${c.type}'`);
        return new K.Symbols.ColumnSymbol(c.name, type, null, null, null, null);
      });
      return new K.Symbols.TableSymbol.$ctor4(t.name, System.Array.init(columns, K.Symbols.ColumnSymbol));
    });
    const db = new K.Symbols.DatabaseSymbol.$ctor1('db', System.Array.init(tableSymbols, K.Symbols.Symbol), false);
    globals = K.GlobalState.Default.WithDatabase(db);
    globalsCache.set(key, globals);
  }
  return globals;
}

function toList<T, U>(list: KList<T>, map: (item: T) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < list.Count; i++) out.push(map(list.getItem(i)));
  return out;
}

const toDiag = (d: KDiagnostic): OracleDiag => ({
  code: d.Code, severity: d.Severity, message: d.Message, start: d.Start, end: d.Start + d.Length,
});
const diagKey = (d: OracleDiag) => `${d.code}|${d.start}|${d.end}|${d.message}`;

/** An analyzer bound to a database holding `tables` (none: Kusto's default globals, no database tables). */
export function oracle(tables: TableSpec = []): Oracle {
  const { K } = loadKusto();
  const globals = globalsFor(normalizeTables(tables));
  return {
    analyze(text: string): OracleAnalysis {
      const code = K.KustoCode.ParseAndAnalyze(text, globals);
      const syntaxErrors = toList(code.GetSyntaxDiagnostics(), toDiag);
      // GetDiagnostics() repeats the syntax diagnostics; remove them once each.
      const pending = new Map<string, number>();
      for (const d of syntaxErrors) pending.set(diagKey(d), (pending.get(diagKey(d)) ?? 0) + 1);
      const semantic: OracleDiag[] = [];
      for (const d of toList(code.GetDiagnostics(), toDiag)) {
        const n = pending.get(diagKey(d)) ?? 0;
        if (n > 0) pending.set(diagKey(d), n - 1);
        else semantic.push(d);
      }
      const rt = code.ResultType;
      const columns = rt && rt.Kind === K.Symbols.SymbolKind.Table && rt.Columns
        ? toList(rt.Columns, (c) => ({ name: c.Name, type: toOurType(c.Type.Name) }))
        : null;
      return {
        syntaxErrors,
        semanticErrors: semantic.filter((d) => d.severity === 'Error'),
        warnings: semantic.filter((d) => d.severity === 'Warning'),
        columns,
      };
    },
    syntaxErrors(text: string): OracleDiag[] {
      return toList(K.KustoCode.Parse(text, globals).GetSyntaxDiagnostics(), toDiag);
    },
  };
}

/**
 * The analyzer's result schema for `query`, or null when it reports any error or the result is not
 * a table. One line in a test: `expect(db.analyze(q).columns).toEqual(oracleSchemaFor(q, tables))`.
 */
export function oracleSchemaFor(query: string, tables: TableSpec = []): OracleColumn[] | null {
  const a = oracle(tables).analyze(query);
  return a.syntaxErrors.length > 0 || a.semanticErrors.length > 0 ? null : a.columns;
}

export function normalizeTables(tables: TableSpec): OracleTable[] {
  if (Array.isArray(tables)) return tables as OracleTable[];
  return Object.entries(tables as Record<string, Record<string, string> | readonly OracleColumn[]>).map(([name, schema]) => ({
    name,
    columns: Array.isArray(schema)
      ? (schema as readonly OracleColumn[]).map((c) => ({ name: c.name, type: c.type }))
      : Object.entries(schema as Record<string, string>).map(([col, type]) => ({ name: col, type })),
  }));
}

// ---------------------------------------------------------------------------------------------
// The shared reference folder beside the repository (../shared; in CI too).

/** The repository root (this file is test/harness/oracle.ts). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../..');
}

/** The shared folder beside the repo root, or null when it is absent. `KQL_SHARED_DIR` overrides the location. */
export function sharedDir(): string | null {
  const dir = process.env.KQL_SHARED_DIR ?? resolve(repoRoot(), '../shared');
  return existsSync(dir) ? dir : null;
}

interface SchemaFile {
  table: string;
  columns: { name: string; type: string }[];
}

/** Every `schemas/*.json` of the shared folder as tables (each column's `type`), by file name; null if absent. */
export function loadSharedSchemas(): OracleTable[] | null {
  const shared = sharedDir();
  if (!shared) return null;
  const dir = join(shared, 'schemas');
  if (!existsSync(dir)) return null;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as SchemaFile;
      return { name: file.table, columns: file.columns.map((c) => ({ name: c.name, type: c.type })) };
    });
}
