// Result-schema agreement with Microsoft's analyzer, shared by the tests that compare db.analyze() with it.
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import type { DatabaseOptions } from '../../src/database.js';
import { oracleSchemaFor, type Oracle, type TableSpec } from './oracle.js';

/**
 * One test per query: the analyzer accepts it, and db.analyze() gives the analyzer's columns (names, types,
 * order). `tables` are created empty in a Database made with `options`.
 */
export function describeSchemaAgreement(title: string, tables: Record<string, Record<string, string>>, queries: readonly string[], options: DatabaseOptions = {}): Database {
  const db = new Database(options);
  for (const [name, cols] of Object.entries(tables)) db.addTable(name, [], cols);
  describe(title, () => {
    for (const q of queries) {
      it(q, () => {
        const expected = oracleSchemaFor(q, tables as TableSpec);
        expect(expected).not.toBeNull();
        expect(db.analyze(q).columns).toEqual(expected);
      });
    }
  });
  return db;
}

export type SchemaComparison = { status: 'rejected' } | { status: 'open' } | { status: 'same' } | { status: 'differ'; detail: string };

/** One query's result schema, ours against the analyzer's: rejected by it, open (no columns), same, or different. */
export function compareSchema(kusto: Oracle, db: Database, query: string): SchemaComparison {
  const a = kusto.analyze(query);
  if (a.syntaxErrors.length + a.semanticErrors.length > 0) return { status: 'rejected' };
  if (!a.columns || a.columns.length === 0) return { status: 'open' };
  const ours = db.analyze(query);
  const want = a.columns.map((x) => `${x.name}:${x.type}`).join(', ');
  const got = ours.columns ? ours.columns.map((x) => `${x.name}:${x.type}`).join(', ') : `error ${ours.diagnostics.map((d) => d.message).join('; ')}`;
  return want === got ? { status: 'same' } : { status: 'differ', detail: `analyzer: ${want} | ours: ${got}` };
}
