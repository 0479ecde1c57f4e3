// The embedding API: load tables, then query, analyze and parse KQL text.
import type { Column, KqlType, Scalar } from './types.js';
import { parseTypeName } from './types.js';
import { KqlDataError, KqlError, locate, type Diagnostic } from './errors/diagnostic.js';
import * as D from './errors/diagnostics.js';
import { compile } from './engine.js';
import { optimize } from './plan/optimizer.js';
import type { PlanNode } from './plan/nodes.js';
import { localFileReader, type ExternalReader } from './plugins/external-data.js';
import { collect, collectParts, ExecContext, QueryTimeout, RowLimitExceeded, type Table } from './exec/pipeline.js';
import { allocVector, gather, setScalar, type Vector } from './exec/vector.js';
import { BATCH_SIZE } from './exec/batch.js';
import { Result } from './result.js';
import { inferType, isPlainJsonValue, loadValue, LoadValueError } from './values/load.js';
import { toJsValue } from './values/json-out.js';
import { getMember } from './values/dynamic.js';
import { msToTicks, parseDateTime, parseDateTimeInto } from './values/datetime.js';
import { getBuiltinSchema } from './schemas/index.js';
import { parseQuery } from './syntax/parse.js';
import type { EntityGroupExpr } from './syntax/ast.js';
import type { ScalarFunctionDef } from './functions/define.js';
import type { GraphModelStep } from './semantic/graph.js';
import type { BindOptions } from './semantic/binder.js';
import { DictStrings, encodeStrings, releaseDecoded } from './exec/dictionary.js';
import { contextDefinitions, lookupWorldFunction, type Principal } from './functions/world.js';
import { HUNTING_FUNCTIONS, lookupHuntingFunction, type HuntingFunctionName, type HuntingFunctionTypes, type HuntingImpl } from './functions/hunting.js';

export type SchemaInput = { name: string; type: string }[] | Record<string, string>;

export interface DatabaseOptions {
  /** fixes now() / ago() for reproducible runs (Date or ISO text); default: the wall clock at each query */
  now?: Date | string;
  /**
   * Lets `externaldata` read local files under this directory (relative paths resolve against it; a
   * path that leaves it is refused). Default: externaldata reads nothing. URLs (http, https, ...) are
   * refused unless readExternalUrl answers them: the engine makes no network requests.
   */
  externalDataRoot?: string;
  /** how externaldata reads a file (an absolute path under externalDataRoot); default: Node's fs, when present */
  readExternalFile?: (path: string) => string;
  /**
   * The text behind an externaldata URL (http, https, ...), as the application provides it — e.g. a
   * fixture file standing for a published IOC list, so a saved hunting query runs in CI. The engine
   * itself never fetches. Without it, a URL in externaldata is error KQL0401 at the URL when binding.
   */
  readExternalUrl?: (url: string) => string;
  /** what current_database() answers; without it, calling current_database() is error KQL0208 */
  databaseName?: string;
  /** who runs the queries: current_principal(), current_principal_details(), current_principal_is_member_of() */
  principal?: Principal;
  /**
   * the cluster's name: `cluster('name').database(...)` resolves to this database when it names this cluster
   * (compared case-insensitively, with or without `https://` and the `.kusto.windows.net` suffix); without
   * it, every cluster(...) reference is an unknown cluster
   */
  clusterName?: string;
  /**
   * dictionary-encode each loaded string column chunk with few distinct values (codes into its distinct
   * strings; with at most 256 of them the chunk keeps only the codes), which makes grouping, distinct
   * counts and predicates on it faster and the table smaller, for some load time; default true. Answers
   * are the same either way.
   */
  dictionaryEncoding?: boolean;
  /**
   * stored entity groups (management/entity-groups.md, as `.create entity_group Name (Ref, ...)` stores them),
   * which macro-expand reaches by name or as entity_group('Name'): each a list of entity references in KQL,
   * e.g. `{ MyGroup: ["database('Samples')", "cluster('help').database('Samples')"] }` (db.addEntityGroup)
   */
  entityGroups?: Record<string, string[]>;
}

/** The kinds of database entity besides tables that a query reaches through a function (external_table('E'), ...). */
export type EntityKind = 'external_table' | 'materialized_view' | 'stored_query_result';
const ENTITY_KINDS: readonly EntityKind[] = ['external_table', 'materialized_view', 'stored_query_result'];

/**
 * A graph model as Kusto's `.create-or-alter graph_model` takes it (graph-model-overview.md): an optional
 * Schema of node and edge labels, and a Definition whose Steps add nodes and edges from KQL queries
 * over this database.
 */
export interface GraphModelDefinition {
  Schema?: { Nodes?: Record<string, Record<string, string>>; Edges?: Record<string, Record<string, string>> };
  Definition: { Steps: GraphModelStepDefinition[] };
}
export type GraphModelStepDefinition =
  | { Kind: 'AddNodes'; Query: string; NodeIdColumn: string; Labels?: string[]; LabelsColumn?: string }
  | { Kind: 'AddEdges'; Query: string; SourceColumn: string; TargetColumn: string; Labels?: string[]; LabelsColumn?: string };

/** makeGraphSnapshot's options. */
export interface GraphSnapshotOptions {
  /** the snapshot's time (the latest one is what graph('Model') reads); default: the database's `now`, else the wall clock */
  snapshotTime?: Date | string;
}

interface GraphSnapshot {
  time: bigint;
  /** the order snapshots were made in (breaks a tie of times) */
  seq: number;
  steps: { def: GraphModelStepDefinition; key: string; schema: Column[] }[];
}

/** addTable's options. */
export interface AddTableOptions {
  /** the extent's tags (extent_tags()), e.g. ['drop-by:2026-01-01', 'ingest-by:batch7'] */
  extentTags?: string[];
  /** when the rows were ingested (ingestion_time()); default: the database's `now` option, else the wall clock */
  ingestionTime?: Date | string;
}

/**
 * What this engine knows of where a table's rows came from: each addTable call is one ingestion,
 * stored as one extent (data shard) with a random id, the tags given, an ingestion time and the
 * database cursor value of that ingestion: its ingestion time in .NET ticks (100 ns since 0001-01-01,
 * like Kusto's cursor values), one more than the previous cursor when that is not later.
 */
export interface ExtentInfo {
  id: string;
  tags: string[];
  /** ticks */
  ingestionTime: bigint;
  cursor: bigint;
}

/** The Scan key of an entity's rows (a name no table can have). */
export const entityKey = (kind: EntityKind, name: string) => `\u0000${kind}\u0000${name}`;

export interface QueryOptions {
  /** overrides the database's `now` for this query */
  now?: Date | string;
  /** stop with an error after this many milliseconds (checked between batches); default 60 s */
  timeoutMs?: number;
  /** the most rows a result or an intermediate operator may hold; default 50 million */
  maxRows?: number;
  /** run without the optimizer and without compiled expressions (for testing that they never change answers) */
  optimize?: boolean;
  /** compile expressions into specialised JS loops (default true; false = the vector interpreter) */
  compile?: boolean;
}

export interface AnalyzeResult {
  columns: Column[] | null;
  diagnostics: Diagnostic[];
}

/** A function the application supplies (db.registerFunction). */
export interface RegisteredFunction {
  /** parameter types in order (KQL type names); a call must match them (ints widen to long/real) */
  params: { name: string; type: string }[];
  /** the result type (a KQL type name) */
  returns: string;
  /** the implementation, row at a time over boxed values (see the README); null in → null out */
  fn: (...args: unknown[]) => unknown;
  doc?: string;
}

export class Database {
  private readonly tables = new Map<string, Table>();
  private readonly functions = new Map<string, ScalarFunctionDef>();
  /** Defender's hunting functions the application implemented (functions/hunting.ts) */
  private readonly hunting = new Map<string, HuntingImpl>();
  private readonly fixedNow: bigint | undefined;
  private readonly externalData: ExternalReader;
  /** DatabaseOptions.readExternalUrl was given: externaldata may name URLs */
  private readonly externalUrls: boolean;
  private readonly databaseName: string | undefined;
  private readonly clusterName: string | undefined;
  /** DatabaseOptions.dictionaryEncoding */
  private readonly dictionary: boolean;
  /** the extent of each loaded table (and entity), by its Scan key */
  private readonly extents = new Map<string, ExtentInfo>();
  /** the database cursor: the cursor of the last ingestion, 0 before any (database-cursor.md) */
  private cursor = 0n;
  /** graph models (graph('Model')) and their snapshots */
  private readonly graphModels = new Map<string, { model: GraphModelDefinition; snapshots: Map<string, GraphSnapshot> }>();
  private snapshotSeq = 0;
  /** the graph models whose steps are being bound (a model reaching itself through graph() is an error) */
  private readonly bindingModels = new Set<string>();
  /** stored entity groups (addEntityGroup), parsed */
  private readonly entityGroups = new Map<string, EntityGroupExpr>();

  constructor(options: DatabaseOptions = {}) {
    this.fixedNow = options.now === undefined ? undefined : toTicks(options.now, 'options.now');
    this.externalData = localFileReader(options.externalDataRoot, options.readExternalFile, options.readExternalUrl);
    this.externalUrls = options.readExternalUrl !== undefined;
    this.databaseName = options.databaseName;
    this.clusterName = options.clusterName;
    this.dictionary = options.dictionaryEncoding ?? true;
    for (const def of contextDefinitions(options.databaseName, options.principal, options.clusterName)) this.functions.set(def.name, def);
    for (const [name, entities] of Object.entries(options.entityGroups ?? {})) this.addEntityGroup(name, entities);
  }

  /**
   * Stores an entity group (create-entity-group.md: `.create entity_group Name (Ref, ...)`; stored again, it is
   * replaced, as `.create-or-alter`): entity references in KQL text — `database('D')`, `cluster('C').database('D')`,
   * `cluster('C')`, a table name, `table('T')` — all of one kind. `macro-expand Name as X (...)` and
   * `macro-expand entity_group('Name') as X (...)` expand over them; they are checked when a query uses them.
   */
  addEntityGroup(name: string, entities: readonly string[]): this {
    if (typeof name !== 'string' || name === '') throw new KqlDataError('addEntityGroup: the name must be a non-empty string');
    if (!Array.isArray(entities) || entities.some((e) => typeof e !== 'string')) {
      throw new KqlDataError(`addEntityGroup('${name}'): the entities must be an array of entity references (strings)`);
    }
    const text = `let g = entity_group [${entities.join(', ')}]`;
    const parsed = parseQuery(text);
    const st = parsed.ast?.statements.length === 1 ? parsed.ast.statements[0] : undefined;
    const value = st?.kind === 'Let' ? st.value : undefined;
    if (!value || value.kind !== 'EntityGroup' || value.entities.length !== entities.length) {
      const why = parsed.diagnostics[0]?.message ?? 'not a list of entity references';
      throw new KqlDataError(`addEntityGroup('${name}'): ${why} in entity_group [${entities.join(', ')}]`);
    }
    this.entityGroups.set(name, value);
    return this;
  }

  /**
   * Loads a table from plain records. Types come from `schema`, else from the built-in schema of a
   * known advanced-hunting / Sentinel table, else they are inferred. A value that cannot be converted
   * is an error naming the table, row and column; nothing is dropped silently.
   */
  addTable(name: string, rows: Iterable<Record<string, unknown>>, schema?: SchemaInput, options: AddTableOptions = {}): this {
    return this.load(name, name, rows, schema, options);
  }

  /**
   * Loads an external table (external_table('name')), a materialized view (materialized_view('name'))
   * or a stored query result (stored_query_result('name')) from plain records, as addTable does. They
   * are separate from tables: a query reaches them only through their function.
   */
  addEntity(kind: EntityKind, name: string, rows: Iterable<Record<string, unknown>>, schema?: SchemaInput, options: AddTableOptions = {}): this {
    if (!ENTITY_KINDS.includes(kind)) throw new KqlDataError(`addEntity: unknown kind '${String(kind)}' (one of ${ENTITY_KINDS.join(', ')})`);
    // schema-entities/external-tables.md: external table names can't overlap with table names
    if (kind === 'external_table' && this.tables.has(name)) throw new KqlDataError(`addEntity: '${name}' is a table; an external table's name can't be a table's`);
    return this.load(entityKey(kind, name), name, rows, schema, options);
  }

  private load(key: string, name: string, rows: Iterable<Record<string, unknown>>, schema: SchemaInput | undefined, options: AddTableOptions): this {
    const records = Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [...rows];
    let columns: Column[];
    if (schema) columns = normalizeSchema(name, schema);
    else {
      const builtin = getBuiltinSchema(name);
      columns = builtin ? builtin.map((c) => ({ name: c.name, type: c.type })) : inferSchema(records);
    }
    // stored as chunks of BATCH_SIZE rows (row groups): scans hand them to operators without copying
    const chunks: Vector[][] = [];
    const spare: (string[] | undefined)[] = [];
    for (let start = 0; start < records.length || start === 0; start += BATCH_SIZE) {
      chunks.push(loadRows(name, columns, records, start, Math.min(records.length, start + BATCH_SIZE), this.dictionary, spare));
    }
    const tags = options.extentTags ?? [];
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new KqlDataError(`table '${name}': extentTags must be an array of strings`);
    const ingestionTime = options.ingestionTime !== undefined ? toTicks(options.ingestionTime, 'options.ingestionTime') : this.fixedNow ?? msToTicks(Date.now());
    this.tables.set(key, { name, schema: columns, chunks, rowCount: records.length });
    // the cursor: the ingestion time in .NET ticks (as Kusto's cursor values look, database-cursor.md),
    // kept strictly increasing so that each ingestion has its own
    const ticks = ingestionTime + DOTNET_EPOCH_TICKS;
    this.cursor = ticks > this.cursor ? ticks : this.cursor + 1n;
    this.extents.set(key, { id: randomGuid(), tags: [...tags], ingestionTime, cursor: this.cursor });
    return this;
  }

  /**
   * Registers a scalar function the query can call by name — for functions that depend on the world
   * outside the query (`geo_info_from_ip_address`, `ingestion_time`, ...) or application-specific
   * ones. A registered name takes precedence over a built-in one.
   */
  registerFunction<N extends HuntingFunctionName>(name: N, f: { fn: HuntingFunctionTypes[N]; doc?: string }): this;
  registerFunction(name: string, f: RegisteredFunction): this;
  registerFunction(name: string, f: RegisteredFunction | { fn: (...args: never[]) => unknown; doc?: string }): this {
    const hunting = lookupHuntingFunction(name);
    if (hunting) {
      // Defender's FileProfile, DeviceFromIP, SeenBy, AssignedIPAddresses: their shape is Defender's
      // (functions/hunting.ts); the application gives the lookup behind them
      if (typeof f?.fn !== 'function') throw new KqlDataError(`registerFunction('${name}'): fn must be a function ${HUNTING_FUNCTIONS[name as HuntingFunctionName].fnShape}`);
      this.hunting.set(name, f.fn as HuntingImpl);
      return this;
    }
    if (!('params' in f) || !Array.isArray(f.params)) throw new KqlDataError(`registerFunction('${name}'): params must be an array of { name, type }`);
    const returns = parseTypeName(f.returns);
    if (!returns) throw new KqlDataError(`registerFunction('${name}'): unknown result type '${f.returns}'`);
    const params = f.params.map((p) => {
      const t = parseTypeName(p.type);
      if (!t) throw new KqlDataError(`registerFunction('${name}'): parameter '${p.name}' has unknown type '${p.type}'`);
      return { name: p.name, types: [t] as KqlType[] };
    });
    const world = lookupWorldFunction(name);
    if (world) {
      // a world-dependent function keeps Kusto's signature, so analyze() and query() agree with Kusto
      const kusto = `(${world.params.map((q) => q.type).join(', ')}) → ${world.returns}`;
      const given = `(${params.map((q) => q.types[0]).join(', ')}) → ${returns}`;
      if (kusto !== given) throw new KqlDataError(`registerFunction('${name}'): Kusto declares it ${kusto}, not ${given}`);
    }
    const fn = f.fn;
    const types = params.map((p) => p.types[0]!);
    this.functions.set(name, {
      name,
      signatures: [{ params, returns }],
      doc: f.doc ?? `registered by the application`,
      // the application's answer may change between runs: never folded at bind time
      foldable: false,
      // arguments arrive as the JS values result.rows uses (Date, ms, JSON); the result is converted
      // like a loaded value, and one that cannot be is a query error naming the function
      implement: () => (...args: Scalar[]) => {
        const v = fn(...args.map((a, i) => toJsValue(types[i]!, a)));
        try {
          return loadValue(returns, v);
        } catch (e) {
          throw new KqlDataError(`function '${name}' returned a value that is not a ${returns}: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    });
    return this;
  }

  /**
   * Registers a graph model (graph-model-overview.md), which a query reads with graph('name'): as
   * Kusto's `.create-or-alter graph_model`, an object (or its JSON text) with an optional Schema and a
   * Definition of AddNodes / AddEdges steps whose queries run over this database. Without a snapshot
   * the graph is built from the steps' queries at query time; registering a name again replaces the
   * model and keeps its snapshots.
   */
  addGraphModel(name: string, model: GraphModelDefinition | string): this {
    const parsed = parseGraphModel(name, model);
    const known = this.graphModels.get(name);
    this.graphModels.set(name, { model: parsed, snapshots: known?.snapshots ?? new Map() });
    return this;
  }

  /**
   * Materializes a graph model now, as Kusto's `.make graph_snapshot SnapshotName from ModelName`
   * (graph-snapshot-overview.md): each step's query runs once and the snapshot keeps its rows, so later
   * changes to the tables don't change it. graph('Model') reads the latest snapshot (by snapshotTime),
   * graph('Model', 'SnapshotName') this one. A query error of a step throws KqlError.
   */
  makeGraphSnapshot(snapshotName: string, modelName: string, options: GraphSnapshotOptions = {}): this {
    const m = this.graphModels.get(modelName);
    if (!m) throw new KqlDataError(`makeGraphSnapshot: unknown graph model '${modelName}' (register it with addGraphModel)`);
    if (m.snapshots.has(snapshotName)) throw new KqlDataError(`makeGraphSnapshot: graph model '${modelName}' already has a snapshot '${snapshotName}'`);
    const time = options.snapshotTime !== undefined ? toTicks(options.snapshotTime, 'options.snapshotTime') : this.fixedNow ?? msToTicks(Date.now());
    const now = this.fixedNow ?? msToTicks(Date.now());
    const ctx = new ExecContext(this.tables, { now }, { maxRows: 50_000_000, deadline: Date.now() + 60_000 });
    const steps = m.model.Definition.Steps.map((def, k) => {
      let compiled: ReturnType<typeof compile>;
      try {
        compiled = compile(def.Query, this.bindOptions(now, ctx));
      } catch (e) {
        throw this.runError(def.Query, e);
      }
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
      if (!compiled.plan || errors.length) throw new KqlError(errors.length ? errors : compiled.diagnostics);
      const plan = compiled.plan;
      let out: { columns: Vector[]; rowCount: number };
      try {
        out = collect(plan, ctx);
      } catch (e) {
        throw this.runError(def.Query, e);
      }
      const key = `\u0000graph_snapshot\u0000${modelName}\u0000${snapshotName}\u0000${k}`;
      const schema = plan.schema.map((c) => ({ name: c.name, type: c.type }));
      const chunks: Vector[][] = [];
      for (let start = 0; start < out.rowCount || start === 0; start += BATCH_SIZE) {
        const rows = Array.from({ length: Math.min(out.rowCount, start + BATCH_SIZE) - start }, (_, i) => start + i);
        chunks.push(out.columns.map((c) => gather(c, rows)));
      }
      this.tables.set(key, { name: `${modelName}/${snapshotName}#${k + 1}`, schema, chunks, rowCount: out.rowCount });
      return { def, key, schema };
    });
    m.snapshots.set(snapshotName, { time, seq: this.snapshotSeq++, steps });
    return this;
  }

  /** graph('name' [, snapshot]): the steps of the snapshot, the latest snapshot, or the model bound now */
  private graphModelSteps(name: string, snapshot: string | undefined, options: BindOptions) {
    const m = this.graphModels.get(name);
    if (!m) return undefined;
    const step = (def: GraphModelStepDefinition, plan: PlanNode): GraphModelStep => {
      const labels = def.Labels ?? [];
      const labelsColumn = def.LabelsColumn !== undefined ? { labelsColumn: def.LabelsColumn } : {};
      return def.Kind === 'AddNodes'
        ? { kind: 'AddNodes', plan, nodeIdColumn: def.NodeIdColumn, labels, ...labelsColumn }
        : { kind: 'AddEdges', plan, sourceColumn: def.SourceColumn, targetColumn: def.TargetColumn, labels, ...labelsColumn };
    };
    let snap: GraphSnapshot | undefined;
    if (snapshot !== undefined) {
      snap = m.snapshots.get(snapshot);
      if (!snap) return { unknownSnapshot: [...m.snapshots.keys()] };
    } else {
      for (const s of m.snapshots.values()) if (!snap || s.time > snap.time || (s.time === snap.time && s.seq > snap.seq)) snap = s;
    }
    if (snap) return { steps: snap.steps.map((s) => step(s.def, { kind: 'Scan', table: s.key, schema: s.schema.map((c) => ({ ...c })) })) };
    if (this.bindingModels.has(name)) return { error: 'its definition reads the model itself through graph()' };
    this.bindingModels.add(name);
    try {
      const steps: GraphModelStep[] = [];
      for (const [k, def] of m.model.Definition.Steps.entries()) {
        const compiled = compile(def.Query, { ...options, optimize: false });
        const error = compiled.diagnostics.find((d) => d.severity === 'error');
        if (error || !compiled.plan) return { error: `step ${k + 1} (${def.Kind}): ${error ? `${error.code} ${error.message}` : 'its query gives no table'}` };
        steps.push(step(def, compiled.plan));
      }
      return { steps };
    } finally {
      this.bindingModels.delete(name);
    }
  }

  /** Whether a table of this name is loaded. */
  hasTable(name: string): boolean {
    return this.tables.has(name);
  }

  get tableNames(): string[] {
    return [...this.tables.keys()].filter((k) => !k.startsWith('\u0000'));
  }

  /** Runs a query. Throws KqlError (with `.diagnostics`) for any query error. */
  async query(text: string, options: QueryOptions = {}): Promise<Result> {
    return this.querySync(text, options);
  }

  /** The synchronous form of `query` (the engine itself is synchronous today). */
  querySync(text: string, options: QueryOptions = {}): Result {
    const now = options.now !== undefined ? toTicks(options.now, 'options.now') : this.fixedNow ?? msToTicks(Date.now());
    const ctx = new ExecContext(this.tables, { now }, {
      maxRows: options.maxRows ?? 50_000_000,
      deadline: Date.now() + (options.timeoutMs ?? 60_000),
    }, { compile: options.compile ?? options.optimize !== false });
    let compiled: ReturnType<typeof compile>;
    try {
      compiled = compile(String(text), { ...this.bindOptions(now, ctx), optimize: options.optimize });
    } catch (e) {
      throw this.runError(text, e);
    }
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (!compiled.plan || errors.length) throw new KqlError(errors.length ? errors : compiled.diagnostics);
    try {
      const tables = (compiled.tables ?? [{ name: 'PrimaryResult', plan: compiled.plan }]).map((t) => {
        const out = collectParts(t.plan, ctx);
        return new Result(t.plan.schema, out.batches, out.rowCount, compiled.visualization, t.name);
      });
      tables[0]!.setTables(tables);
      return tables[0]!;
    } catch (e) {
      throw this.runError(text, e);
    } finally {
      // dictionary-encoded table chunks this query read as strings go back to codes only
      releaseDecoded();
    }
  }

  /** An error raised while running a query (or a plan the binder ran) as a KqlError. */
  private runError(text: string, e: unknown): KqlError {
    {
      const span = { start: 0, end: text.length };
      if (e instanceof KqlError) return e;
      if (e instanceof KqlDataError) return new KqlError([locate(text, D.runtimeError(e.message, e.span ?? span))]);
      if (e instanceof QueryTimeout || e instanceof RowLimitExceeded) {
        return new KqlError([locate(text, D.resourceLimit(e.message, span))]);
      }
      if (e instanceof RangeError) {
        return new KqlError([locate(text, D.resourceLimit(`the query exceeded an engine limit: ${e.message}`, span))]);
      }
      return new KqlError([locate(text, D.runtimeError(`internal error: ${(e as Error).message}`, span,
        'this is an engine bug; please report the query'))]);
    }
  }

  /**
   * The result schema the query would produce, or its errors, without running it. Built-in Defender
   * XDR / Sentinel tables are known by their schema even with no data loaded.
   */
  analyze(text: string): AnalyzeResult {
    const now = this.fixedNow ?? msToTicks(Date.now());
    const ctx = new ExecContext(this.tables, { now }, { maxRows: 50_000_000, deadline: Date.now() + 60_000 });
    let compiled: ReturnType<typeof compile>;
    // A built-in Defender XDR / Sentinel table that has no data loaded is still known by its schema,
    // so a hunting query can be checked before any data exists.
    const options = this.bindOptions(now, ctx);
    const table = (name: string) => options.table(name) ?? getBuiltinSchema(name)?.map((c) => ({ name: c.name, type: c.type }));
    try {
      // diagnostics and the result schema only: the optimizer never changes a plan's schema (its
      // rules are checked for that by the property suite), so analyze() skips it
      compiled = compile(String(text), { ...options, table, unregisteredAsWarning: true, optimize: false });
    } catch (e) {
      return { columns: null, diagnostics: this.runError(text, e).diagnostics };
    }
    return { columns: compiled.plan ? compiled.plan.schema.map((c) => ({ ...c })) : null, diagnostics: compiled.diagnostics };
  }

  private bindOptions(now: bigint, ctx: ExecContext) {
    return {
      table: (name: string) => (name.startsWith('\u0000') ? undefined : this.tables.get(name)?.schema),
      tableNames: () => this.tableNames,
      functions: (name: string) => this.functions.get(name),
      huntingFunction: (name: string) => this.hunting.get(name),
      databaseName: this.databaseName,
      clusterName: this.clusterName,
      entity: (kind: EntityKind, name: string) => {
        const t = this.tables.get(entityKey(kind, name));
        return t ? { key: entityKey(kind, name), schema: t.schema } : undefined;
      },
      entityNames: (kind: EntityKind) => [...this.tables.keys()].filter((k) => k.startsWith(entityKey(kind, ''))).map((k) => k.slice(entityKey(kind, '').length)),
      extent: (key: string) => this.extents.get(key),
      cursorCurrent: () => this.cursor,
      now,
      externalData: this.externalData,
      externalUrls: this.externalUrls,
      // plugins whose output schema depends on the data (bag_unpack, pivot) run their input while binding
      materialize: (plan: PlanNode) => ({ schema: plan.schema, ...collect(optimize(plan, {}), ctx) }),
      graphModel: (name: string, snapshot: string | undefined, bind: BindOptions) => this.graphModelSteps(name, snapshot, bind),
      graphModelNames: () => [...this.graphModels.keys()],
      entityGroup: (name: string) => this.entityGroups.get(name),
      entityGroupNames: () => [...this.entityGroups.keys()],
    };
  }
}

/** Syntax errors only. */
export function parse(text: string): { diagnostics: Diagnostic[] } {
  const { diagnostics } = parseQuery(String(text));
  return { diagnostics: diagnostics.map((d) => locate(text, d)) };
}

/**
 * All columns at once, row by row: each record is read while it is in cache (3-4× faster than one
 * column at a time over many records). The loop is generated once per schema so every column gets
 * its own type test; column names are passed in as data (K), never written into the code. Values
 * that are not the column's plain JS shape take the slow path (`loadValue`), which converts or throws.
 */
/** Loads records[start, end) into one vector per column. */
/** Throws if record r is not an object or has a member that is not a column of the table. */
function checkRecord(table: string, known: Set<string>, rec: unknown, r: number): void {
  if (rec === null || typeof rec !== 'object') {
    throw new KqlDataError(`table '${table}', row ${r + 1}: expected an object, got ${rec === null ? 'null' : typeof rec}`);
  }
  for (const key in rec) {
    if (!known.has(key)) {
      throw new KqlDataError(`table '${table}', row ${r + 1}: column '${key}' is not in the table's schema`);
    }
  }
}

function loadRows(
  table: string, columns: Column[], records: Record<string, unknown>[], start: number, end: number, dictionary: boolean,
  spare: (string[] | undefined)[],
): Vector[] {
  let loop: RowLoader | null = null;
  try {
    loop = rowLoader(columns.map((c) => c.type), columns.map((c) => c.name));
  } catch {
    loop = null; // no code generation (CSP): every cell through the general converter
  }
  const n = end - start;
  // a string column's array comes from `spare` when the previous chunk's went unused (kept as codes only)
  const vectors = columns.map((c, j) => {
    const a = c.type === 'string' ? spare[j] : undefined;
    if (a === undefined || a.length !== n) return allocTableVector(c.type, n);
    spare[j] = undefined;
    return { type: 'string', length: n, data: a, nulls: null } as Vector;
  });
  const slowPaths = columns.map((c, j) => slowLoader(table, c, vectors[j]!, start));
  const known = new Set(columns.map((c) => c.name));
  const check = (r: number) => checkRecord(table, known, records[start + r], start + r);
  if (loop) loop(records, columns.map((c) => c.name), vectors.map((v) => v.data), (j, r, x) => slowPaths[j]!(r, x), n, start, isPlainJsonValue, check);
  else {
    for (let r = 0; r < n; r++) {
      check(r);
      const rec = records[start + r]!;
      for (let j = 0; j < columns.length; j++) slowPaths[j]!(r, getMember(rec, columns[j]!.name));
    }
  }
  for (const v of vectors) if (v.type === 'datetime' && v.sub !== null && v.sub.every((t) => t === 0)) v.sub = null;
  // few distinct strings: codes into a dictionary for grouping, distinct counts and gathers (exec/dictionary.ts).
  // With at most 256 values the chunk keeps only the codes (1 byte a row instead of an 8-byte reference;
  // a kernel that reads the strings decodes them for the query); with more, the strings stay as well, since
  // such columns (names, addresses) are often read as text.
  if (dictionary) {
    vectors.forEach((v, j) => {
      if (v.type !== 'string') return;
      const dict = encodeStrings(v.data, n, TABLE_ARRAYS);
      if (dict === null) return;
      if (dict.codes instanceof Uint8Array) {
        vectors[j] = new DictStrings(n, dict);
        // the strings are not kept: the next chunk loads into the same array. Allocating a fresh one per
        // chunk and column added large objects to a heap that holds the caller's rows, and with them
        // full garbage collections: a tenth of a million-row load.
        spare[j] = v.data;
      } else v.dict = dict;
    });
  }
  return vectors;
}

/**
 * Where the platform has SharedArrayBuffer, the fixed-width columns of a loaded table (bool, int, long,
 * real, decimal, timespan, datetime) keep their values in one: V8 counts an ArrayBuffer's bytes as
 * "external memory" and starts a full mark-compact of the whole heap every 64 MB of it, and a table is
 * loaded while the caller's source rows are still live — at 4M CloudAppEvents rows that heap is 4.5 GB, the
 * loaded numbers and times 144 MB, hence two full collections of 4.5 GB (a third of the load's CPU time) for
 * memory that is no garbage. A SharedArrayBuffer's bytes are not counted that way (they may be shared
 * between isolates); they are freed the same way, when the vector is collected. The values, the typed
 * array types and the layout are the same. Browsers without cross-origin isolation have no
 * SharedArrayBuffer: there the columns use ArrayBuffers, as before.
 */
const SharedBuffer: typeof SharedArrayBuffer | undefined = (() => {
  const S = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;
  try {
    return typeof S === 'function' && new S(8).byteLength === 8 ? S : undefined;
  } catch {
    return undefined;
  }
})();

/** Zero-filled typed arrays of n elements for a loaded table (see SharedBuffer). */
const tableU8 = (n: number) => (SharedBuffer ? new Uint8Array(new SharedBuffer(n)) : new Uint8Array(n));
const tableU16 = (n: number) => (SharedBuffer ? new Uint16Array(new SharedBuffer(n * 2)) : new Uint16Array(n));
const tableI32 = (n: number) => (SharedBuffer ? new Int32Array(new SharedBuffer(n * 4)) : new Int32Array(n));
const tableF64 = (n: number) => (SharedBuffer ? new Float64Array(new SharedBuffer(n * 8)) : new Float64Array(n));
const TABLE_ARRAYS = { u8: tableU8, u16: tableU16 };

/** A zero-filled column vector of n rows for a loaded table: allocVector's, with tableU8 & co. */
function allocTableVector(type: KqlType, n: number): Vector {
  switch (type) {
    case 'bool':
      return { type, length: n, data: tableU8(n), nulls: null };
    case 'int':
      return { type, length: n, data: tableI32(n), nulls: null };
    case 'long':
    case 'real':
    case 'decimal':
    case 'timespan':
      return { type, length: n, data: tableF64(n), nulls: null };
    case 'datetime':
      return { type, length: n, data: tableF64(n), sub: null, nulls: null };
    case 'string':
    case 'dynamic':
      // not filled: the loader writes every row (a string's null as '', a dynamic's as null), and filling
      // n cells first cost a quarter of a million-row load. loadRows checks that no row was left out.
      return type === 'string' ? { type, length: n, data: new Array<string>(n), nulls: null } : { type, length: n, data: new Array<unknown>(n), nulls: null };
    default:
      return allocVector(type, n);
  }
}

type RowLoader = (R: unknown[], K: string[], D: unknown[], slow: (j: number, r: number, x: unknown) => void, n: number,
  off: number, plain: (x: object) => boolean, check: (r: number) => void) => void;
const rowLoaders = new Map<string, RowLoader>();

/** Column names that can be written as `rec.name` in generated code (nothing else is ever spliced in). */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * How the generated loop reads column j: a named load for an identifier, a keyed load otherwise; a name
 * every object inherits (`constructor`, `toString`, `__proto__`…) is read only as the record's own member,
 * so a record that lacks that column gives undefined (null), never Object.prototype's function or itself.
 */
function readColumn(name: string, j: number): string {
  if (name in Object.prototype) return `x = Object.prototype.hasOwnProperty.call(rec, K[${j}]) ? rec[K[${j}]] : undefined;`;
  return IDENTIFIER.test(name) ? `x = rec.${name};` : `x = rec[K[${j}]];`;
}

/**
 * A loop converting rows to column vectors, generated once per column list: each cell of the common
 * JS type is stored inline, anything else goes through `slow` (conversion with errors naming the cell).
 * Member reads use constant names (`rec.Timestamp`) where the name is an identifier, so V8's inline
 * caches see one shape per column instead of a megamorphic keyed load.
 */
function rowLoader(types: KqlType[], names: string[]) {
  const key = `${types.join(',')}|${names.join(',')}`;
  let f = rowLoaders.get(key);
  if (f) return f;
  const cells = types.map((t, j) => {
    // `present` counts the columns the record has; fewer than its keys means an unknown member (or one
    // set to undefined): then `check` looks at the record's keys one by one
    const read = `${readColumn(names[j]!, j)} if (x !== undefined) present++;`;
    switch (t) {
      case 'string':
        // null → '' (Kusto strings are never null), as loadValue does
        return `${read} if (typeof x === 'string') D${j}[r] = x; else if (x === null || x === undefined) D${j}[r] = ''; else slow(${j}, r, x);`;
      case 'long':
        return `${read} if (typeof x === 'number' && Number.isSafeInteger(x)) D${j}[r] = x; else slow(${j}, r, x);`;
      case 'real':
        return `${read} if (typeof x === 'number') D${j}[r] = x; else slow(${j}, r, x);`;
      case 'decimal':
        return `${read} if (typeof x === 'number' && Number.isFinite(x)) D${j}[r] = x + 0; else slow(${j}, r, x);`;
      case 'int':
        return `${read} if (typeof x === 'number' && (x | 0) === x) D${j}[r] = x; else slow(${j}, r, x);`;
      case 'bool':
        return `${read} if (typeof x === 'boolean') D${j}[r] = x ? 1 : 0; else slow(${j}, r, x);`;
      case 'datetime':
        return `${read} if (x instanceof Date && (ms = x.getTime()) >= ${MIN_DATE_MS} && ms <= ${MAX_DATE_MS}) D${j}[r] = ms; else slow(${j}, r, x);`;
      case 'dynamic':
        // as loadValue: numbers, booleans and strings that cannot be JSON object/array text (empty, or
        // starting with a printable ASCII character other than '{' and '[') are stored as they are
        return `${read} if (x === null || x === undefined) D${j}[r] = null; else if (typeof x === 'object') { if (plain(x)) D${j}[r] = x; else slow(${j}, r, x); }`
          + ` else if (typeof x === 'string' ? x.length === 0 || ((c = x.charCodeAt(0)) > 32 && c < 127 && c !== 123 && c !== 91) : typeof x === 'number' || typeof x === 'boolean') D${j}[r] = x;`
          + ` else slow(${j}, r, x);`;
      default:
        return `${read} slow(${j}, r, x);`;
    }
  });
  const body = `"use strict";
  ${types.map((_, j) => `const D${j} = D[${j}];`).join(' ')}
  let x, ms, c;
  for (let r = 0; r < n; r++) {
    const rec = R[off + r];
    if (rec === null || typeof rec !== 'object') check(r);
    let present = 0, keys = 0;
    for (const _ in rec) keys++;
    ${cells.join('\n    ')}
    if (keys !== present) check(r);
  }`;
  f = new Function('R', 'K', 'D', 'slow', 'n', 'off', 'plain', 'check', body) as RowLoader;
  rowLoaders.set(key, f);
  return f;
}

/** Converts one value of a column through `loadValue`, with an error naming table, row and column. */
function slowLoader(table: string, col: Column, v: Vector, off: number): (r: number, x: unknown) => void {
  return (r, x) => {
    if (v.type === 'datetime' && typeof x === 'string') {
      if (v.sub === null) v.sub = tableU16(v.length);
      if (parseDateTimeInto(x, v.data, v.sub, r)) return;
    }
    let boxed: Scalar;
    try {
      boxed = loadValue(col.type, x);
    } catch (e) {
      const why = e instanceof LoadValueError ? e.message : String(e);
      throw new KqlDataError(`table '${table}', row ${off + r + 1}, column '${col.name}' (${col.type}): ${why}`);
    }
    if (boxed === null && v.nulls === null && v.type !== 'string' && v.type !== 'dynamic') v.nulls = tableU8(v.length);
    setScalar(v, r, boxed);
  };
}

// Dates JS can hold that are inside Kusto's range (0001-01-01 .. 9999-12-31)
const MIN_DATE_MS = -62135596800000;
const MAX_DATE_MS = 253402300799999;

/** 0001-01-01 (.NET's DateTime epoch) to 1970-01-01, in 100-ns ticks. */
const DOTNET_EPOCH_TICKS = 621355968000000000n;

/** A random (version 4) guid for an extent id. */
function randomGuid(): string {
  const b = new Uint8Array(16);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function toTicks(x: Date | string, what: string): bigint {
  if (x instanceof Date) {
    if (Number.isNaN(x.getTime())) throw new KqlDataError(`${what}: invalid Date`);
    return msToTicks(x.getTime());
  }
  const t = parseDateTime(String(x));
  if (t === null) throw new KqlDataError(`${what}: '${x}' is not a datetime`);
  return t;
}

function normalizeSchema(table: string, schema: SchemaInput): Column[] {
  const entries = Array.isArray(schema) ? schema.map((c) => [c.name, c.type] as const) : Object.entries(schema);
  const seen = new Set<string>();
  return entries.map(([name, type]) => {
    const t: KqlType | undefined = parseTypeName(String(type));
    if (!t) throw new KqlDataError(`table '${table}': column '${name}' has unknown type '${type}' (use bool, int, long, real, decimal, string, datetime, timespan, guid or dynamic)`);
    if (seen.has(name)) throw new KqlDataError(`table '${table}': column '${name}' appears twice in the schema`);
    seen.add(name);
    return { name, type: t };
  });
}

function inferSchema(records: Record<string, unknown>[]): Column[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (r === null || typeof r !== 'object') continue;
    for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); names.push(k); }
  }
  return names.map((name) => ({ name, type: inferType(records.map((r) => (r === null || typeof r !== 'object' ? undefined : getMember(r, name)))) }));
}

/** Checks a graph model's shape (graph-model-overview.md) and its step queries' syntax; throws KqlDataError. */
function parseGraphModel(name: string, model: GraphModelDefinition | string): GraphModelDefinition {
  const bad = (why: string): never => {
    throw new KqlDataError(`addGraphModel('${name}'): ${why}`);
  };
  let m: unknown = model;
  if (typeof model === 'string') {
    try {
      m = JSON.parse(model);
    } catch (e) {
      bad(`the model is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (!isObject(m)) return bad('the model must be an object with a Definition');
  const schema = m.Schema;
  const labelsOf = (what: 'Nodes' | 'Edges'): Set<string> | null => {
    if (schema === undefined) return null;
    if (!isObject(schema)) return bad('Schema must be an object');
    const x = schema[what];
    if (x === undefined) return new Set();
    if (!isObject(x)) return bad(`Schema.${what} must be an object of labels`);
    return new Set(Object.keys(x));
  };
  const nodeLabels = labelsOf('Nodes');
  const edgeLabels = labelsOf('Edges');
  const def = m.Definition;
  if (!isObject(def) || !Array.isArray(def.Steps) || def.Steps.length === 0) return bad('Definition.Steps must be a non-empty array of steps');
  const str = (x: unknown, what: string): string => (typeof x === 'string' && x !== '' ? x : bad(`${what} must be a non-empty string`));
  const steps = (def.Steps as unknown[]).map((st, k): GraphModelStepDefinition => {
    const at = `step ${k + 1}`;
    if (!isObject(st)) return bad(`${at} must be an object`);
    const kind = st.Kind;
    if (kind !== 'AddNodes' && kind !== 'AddEdges') return bad(`${at}: Kind must be 'AddNodes' or 'AddEdges'`);
    const query = str(st.Query, `${at}: Query`);
    const syntax = parseQuery(query).diagnostics.find((d) => d.severity === 'error');
    if (syntax) bad(`${at}: Query: ${syntax.message}`);
    const labels = st.Labels === undefined ? undefined : Array.isArray(st.Labels) ? st.Labels.map((l) => str(l, `${at}: a label`)) : bad(`${at}: Labels must be an array of strings`);
    const declared = kind === 'AddNodes' ? nodeLabels : edgeLabels;
    for (const l of labels ?? []) if (declared && !declared.has(l)) bad(`${at}: label '${l}' is not defined in Schema.${kind === 'AddNodes' ? 'Nodes' : 'Edges'}`);
    const extra = {
      ...(labels ? { Labels: labels } : {}),
      ...(st.LabelsColumn !== undefined ? { LabelsColumn: str(st.LabelsColumn, `${at}: LabelsColumn`) } : {}),
    };
    return kind === 'AddNodes'
      ? { Kind: kind, Query: query, NodeIdColumn: str(st.NodeIdColumn, `${at}: NodeIdColumn`), ...extra }
      : { Kind: kind, Query: query, SourceColumn: str(st.SourceColumn, `${at}: SourceColumn`), TargetColumn: str(st.TargetColumn, `${at}: TargetColumn`), ...extra };
  });
  return { ...(isObject(schema) ? { Schema: schema as GraphModelDefinition['Schema'] } : {}), Definition: { Steps: steps } };
}
