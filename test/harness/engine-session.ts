// Runs one request (query, analyze, parse) against the engine's public API and reports the outcome
// as plain data, so it can cross a worker-thread boundary.

/** The slice of `src/index.ts` the harness uses (written against the API spec, not the source). */
export interface EngineModule {
  Database: new (options?: { now?: string }) => EngineDatabase;
  parse(text: string): { diagnostics: readonly unknown[] };
  KqlError: abstract new (...args: never[]) => Error;
}

export interface EngineDatabase {
  addTable(name: string, rows: readonly Record<string, unknown>[], schema?: unknown): unknown;
  query(text: string): Promise<EngineResult> | EngineResult;
  analyze(text: string): { columns: readonly { name: string; type: string }[] | null; diagnostics: readonly unknown[] };
}

export interface EngineResult {
  columns: readonly { name: string; type: string }[];
  rows: readonly (readonly unknown[])[];
  toJSON(): { columns: unknown; rows: readonly (readonly unknown[])[] };
}

export interface TableDef {
  name: string;
  rows: Record<string, unknown>[];
  schema?: { name: string; type: string }[];
}

export type EngineRequest =
  /** a fresh `new Database({ now })` per query, with `tables` added */
  | { op: 'query'; text: string; now?: string; tables?: TableDef[] }
  /** `db.analyze(text)` on a database kept per `dbKey` (built from `tables` on first use) */
  | { op: 'analyze'; text: string; dbKey: string; tables: TableDef[] }
  | { op: 'parse'; text: string };

export interface PlainDiagnostic {
  code: string;
  severity: string;
  message: string;
  start: number;
  end: number;
  line?: number;
  column?: number;
}

export type Outcome =
  /** query: columns with our types, rows in toJSON() form */
  | { kind: 'table'; columns: { name: string; type: string }[]; rows: unknown[][]; ms: number }
  /** analyze / parse: what they returned */
  | { kind: 'analysis'; columns: { name: string; type: string }[] | null; diagnostics: PlainDiagnostic[]; ms: number }
  /** the engine threw a KqlError (a query error, by design) */
  | { kind: 'kql-error'; diagnostics: PlainDiagnostic[]; message: string; ms: number }
  /** anything else thrown: an engine bug */
  | { kind: 'crash'; name: string; message: string; stack?: string; ms: number }
  /** no answer within the time limit */
  | { kind: 'timeout'; ms: number };

/** How the engine words an unexpected exception it caught and rethrew as a KqlError. */
export const INTERNAL_ERROR = /^internal error\b/i;

export async function handleRequest(engine: EngineModule, req: EngineRequest, dbs: Map<string, EngineDatabase>): Promise<Outcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    switch (req.op) {
      case 'query': {
        const db = new engine.Database(req.now === undefined ? undefined : { now: req.now });
        for (const t of req.tables ?? []) db.addTable(t.name, t.rows, t.schema);
        let result: EngineResult;
        try {
          result = await db.query(req.text);
        } catch (e) {
          if (e instanceof engine.KqlError) {
            const diagnostics = plainDiagnostics((e as Error & { diagnostics?: unknown }).diagnostics);
            // The engine wraps unexpected exceptions as 'internal error: …' diagnostics: still a crash.
            const internal = diagnostics.find((d) => INTERNAL_ERROR.test(d.message));
            if (internal) return { kind: 'crash', name: 'KqlError(internal error)', message: internal.message, ms: ms() };
            return { kind: 'kql-error', diagnostics, message: e.message, ms: ms() };
          }
          throw e;
        }
        const json = result.toJSON();
        return {
          kind: 'table',
          columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
          rows: json.rows.map((r) => [...r]),
          ms: ms(),
        };
      }
      case 'analyze': {
        let db = dbs.get(req.dbKey);
        if (!db) {
          db = new engine.Database();
          for (const t of req.tables) db.addTable(t.name, t.rows, t.schema);
          dbs.set(req.dbKey, db);
        }
        const a = db.analyze(req.text);
        const columns = a.columns === null || a.columns === undefined ? null : a.columns.map((c) => ({ name: c.name, type: c.type }));
        return { kind: 'analysis', columns, diagnostics: plainDiagnostics(a.diagnostics), ms: ms() };
      }
      case 'parse': {
        const p = engine.parse(req.text);
        return { kind: 'analysis', columns: null, diagnostics: plainDiagnostics(p.diagnostics), ms: ms() };
      }
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const out: Outcome = { kind: 'crash', name: err.name, message: err.message, ms: ms() };
    if (err.stack) out.stack = err.stack;
    return out;
  }
}

function plainDiagnostics(list: unknown): PlainDiagnostic[] {
  if (!Array.isArray(list)) return [];
  return list.map((d: Record<string, unknown>) => {
    const out: PlainDiagnostic = {
      code: String(d.code ?? ''),
      severity: String(d.severity ?? 'error'),
      message: String(d.message ?? ''),
      start: Number(d.start ?? -1),
      end: Number(d.end ?? -1),
    };
    if (typeof d.line === 'number') out.line = d.line;
    if (typeof d.column === 'number') out.column = d.column;
    return out;
  });
}
