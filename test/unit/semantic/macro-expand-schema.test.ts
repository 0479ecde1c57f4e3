// macro-expand result columns agree with Microsoft's analyzer (names, types, order); kind=inner follows the docs.
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';
import { oracleSchemaFor } from '../../harness/oracle.js';
import { describeSchemaAgreement } from '../../harness/schema-agreement.js';

// the analyzer's database is named 'db' (test/harness/oracle.ts); ours too, so database('db') resolves in both
const TABLES = {
  T: { a: 'long', b: 'string' },
  U: { a: 'long', c: 'real' },
  V: { a: 'string', d: 'datetime' },
};

const QUERIES = [
  "macro-expand entity_group [database('db')] as X (X.T)",
  "macro-expand entity_group [database('db'), database('db')] as X (X.T | extend d = X.$current_database, c = X.$current_cluster_endpoint)",
  'macro-expand entity_group [T, U] as X (X)',
  'macro-expand kind=outer entity_group [T, U] as X (X)',
  'macro-expand entity_group [T, U, V] as X (X)',
  'macro-expand entity_group [U, T] as X (X | extend e = X.$current_database)',
  'let G = entity_group [T, U]; macro-expand G as X (X | project a)',
  "macro-expand entity_group [table('T'), database('db').U] as X (X) | count",
  "macro-expand entity_group [database('db')] as X (let n = 1; X.T | take n)",
  "macro-expand entity_group [database('db')] as X (X.T | union X.U)",
  "macro-expand entity_group [database('db')] as X (print d = X.$current_database)",
  "let G = entity_group [database('db')]; macro-expand G (G.T)",
  "macro-expand entity_group [database('db')] as X (X.table('T')) | summarize count() by b",
  'macro-expand entity_group [T, U] as X (X | summarize n = count() by a)',
  "macro-expand entity_group [database('db')] as X (macro-expand entity_group [database('db')] as Y (X.T | join Y.U on a))",
  "macro-expand entity_group [database('db')] as X (X.T | where a > 1 | project b, a) | extend z = strlen(b)",
];

const db = describeSchemaAgreement('macro-expand result schema ≡ Kusto.Language', TABLES, QUERIES, { databaseName: 'db', clusterName: 'help' });

describe('macro-expand: where the analyzer and the docs differ', () => {
  it('kind=inner keeps the columns common to all expansions (the docs); the analyzer gives the outer columns', () => {
    const q = 'macro-expand kind=inner entity_group [T, U] as X (X)';
    // the analyzer ignores kind here, as it does for union kind=inner
    expect(oracleSchemaFor(q, TABLES)).toEqual(oracleSchemaFor('macro-expand kind=outer entity_group [T, U] as X (X)', TABLES));
    // macro-expand-operator.md: "When kind is set to inner, the results only include columns common to all the accessed scoped entities"
    expect(db.analyze(q).columns).toEqual([{ name: 'a', type: 'long' }]);
  });

  it('reports the analyzer-detected errors at the same entity', () => {
    // mixed kinds: the analyzer says "Table expected." at the database reference
    const mixed = "macro-expand entity_group [T, database('db')] as X (X)";
    expect(db.analyze(mixed).diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([['KQL0213', 30, 44]]);
    // an unknown table entity: the analyzer's KS142 at Nope
    const unknown = 'macro-expand entity_group [T, Nope] as X (X)';
    expect(db.analyze(unknown).diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([['KQL0202', 30, 34]]);
  });
});

describe('stored entity groups (db.addEntityGroup)', () => {
  it('refuses what is not a list of entity references', () => {
    const db = new Database();
    expect(() => db.addEntityGroup('G', ['T] ; print 1 //'])).toThrow(/addEntityGroup\('G'\)/);
    expect(() => db.addEntityGroup('G', ["database('a'), database('b')"])).toThrow(/addEntityGroup\('G'\)/);
    expect(() => db.addEntityGroup('', ['T'])).toThrow(/non-empty/);
    expect(() => db.addEntityGroup('G', 'T' as unknown as string[])).toThrow(/array/);
  });

  it('expands over a stored group, by name or entity_group(name), and leaves out missing entities with isfuzzy', async () => {
    const db = new Database({ entityGroups: { G: ['T', 'U'] } });
    db.addTable('T', [{ a: 1 }], { a: 'long' });
    db.addTable('U', [{ a: 2 }, { a: 3 }], { a: 'long' });
    expect((await db.query('macro-expand G as X (X | count)')).rows).toEqual([[1], [2]]);
    expect((await db.query("macro-expand entity_group('G') as X (X) | summarize sum(a)")).rows).toEqual([[6]]);
    db.addEntityGroup('H', ['T', 'Gone']);
    const a = db.analyze('macro-expand isfuzzy=true H as X (X)');
    expect(a.columns).toEqual([{ name: 'a', type: 'long' }]);
    expect(a.diagnostics.map((d) => [d.severity, d.code, d.start])).toEqual([['warning', 'KQL0202', 26]]);
  });
});
