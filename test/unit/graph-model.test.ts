// db.addGraphModel / db.makeGraphSnapshot and graph('Model' [, snapshot]) (graph-function.md,
// graph-model-overview.md, graph-snapshot-overview.md). Expected values are worked out by hand from
// the rows loaded here.
import { describe, expect, it } from 'vitest';
import { Database, KqlDataError, KqlError } from '../../src/index.js';

const model = {
  Definition: {
    Steps: [
      { Kind: 'AddNodes' as const, Query: 'People | project Id, Name', NodeIdColumn: 'Id', Labels: ['Person'] },
      { Kind: 'AddEdges' as const, Query: 'Knows', SourceColumn: 'A', TargetColumn: 'B', Labels: ['KNOWS'] },
    ],
  },
};

function db(): Database {
  return new Database({ now: '2025-01-01T00:00:00Z' })
    .addTable('People', [{ Id: 1, Name: 'Ann' }, { Id: 2, Name: 'Ben' }, { Id: 3, Name: 'Cy' }], { Id: 'long', Name: 'string' })
    .addTable('Knows', [{ A: 1, B: 2 }], { A: 'long', B: 'long' })
    .addGraphModel('Social', model);
}

const pairs = (d: Database, g: string) =>
  d.querySync(`${g} | graph-match (a)-[e]->(b) project a.Name, b.Name, la = labels(a), le = labels(e)`).toJSON().rows;

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof KqlError) return e.diagnostics.map((x) => `${x.code} ${x.message}`).join('; ');
    if (e instanceof KqlDataError) return `data: ${e.message}`;
    throw e;
  }
  return 'no error';
};

describe('graph models', () => {
  it('without snapshots the model is built from its queries at each query: table changes show', () => {
    const d = db();
    expect(pairs(d, "graph('Social')")).toEqual([['Ann', 'Ben', ['Person'], ['KNOWS']]]);
    d.addTable('Knows', [{ A: 1, B: 2 }, { A: 2, B: 3 }], { A: 'long', B: 'long' });
    expect(pairs(d, "graph('Social')")).toEqual([['Ann', 'Ben', ['Person'], ['KNOWS']], ['Ben', 'Cy', ['Person'], ['KNOWS']]]);
  });

  it('a snapshot keeps the rows of when it was made; graph(M) reads the latest by snapshotTime', () => {
    const d = db();
    d.makeGraphSnapshot('jan', 'Social', { snapshotTime: '2025-01-01' });
    d.addTable('Knows', [{ A: 2, B: 3 }], { A: 'long', B: 'long' });
    // made later, but with an earlier time: not the latest
    d.makeGraphSnapshot('dec', 'Social', { snapshotTime: '2024-12-01' });
    d.addTable('Knows', [{ A: 3, B: 1 }], { A: 'long', B: 'long' });
    expect(pairs(d, "graph('Social')")).toEqual([['Ann', 'Ben', ['Person'], ['KNOWS']]]);
    expect(pairs(d, "graph('Social', 'jan')")).toEqual([['Ann', 'Ben', ['Person'], ['KNOWS']]]);
    expect(pairs(d, "graph('Social', snapshot='dec')")).toEqual([['Ben', 'Cy', ['Person'], ['KNOWS']]]);
    // a later snapshot becomes the latest
    d.makeGraphSnapshot('feb', 'Social', { snapshotTime: '2025-02-01' });
    expect(pairs(d, "graph('Social')")).toEqual([['Cy', 'Ann', ['Person'], ['KNOWS']]]);
  });

  it('registering a model again replaces its definition and keeps its snapshots', () => {
    const d = db();
    d.makeGraphSnapshot('s', 'Social');
    d.addGraphModel('Social', { Definition: { Steps: [{ Kind: 'AddEdges', Query: 'Knows | extend w = 1', SourceColumn: 'A', TargetColumn: 'B' }] } });
    expect(d.querySync("graph('Social', 's') | graph-to-table edges").columns.map((c) => c.name)).toEqual(['A', 'B']);
    d.makeGraphSnapshot('t', 'Social', { snapshotTime: '2030-01-01' });
    expect(d.querySync("graph('Social') | graph-to-table edges").columns.map((c) => c.name)).toEqual(['A', 'B', 'w']);
  });

  it('analyze() gives the schema of a graph() query without running it', () => {
    const d = db();
    expect(d.analyze("graph('Social') | graph-match (a)-[e]->(b) project a.Name, n = node_degree_out(a)").columns)
      .toEqual([{ name: 'a_Name', type: 'string' }, { name: 'n', type: 'long' }]);
  });

  it('analyze() binds a model over a built-in table that has no data, as it does any query; running needs the data', () => {
    const d = new Database();
    d.addGraphModel('Apps', { Definition: { Steps: [{ Kind: 'AddEdges', Query: 'CloudAppEvents | project AccountObjectId, Application, ActionType', SourceColumn: 'AccountObjectId', TargetColumn: 'Application' }] } });
    expect(d.analyze("graph('Apps') | graph-match (u)-[e]->(a) project u = node_id(u), e.ActionType"))
      .toEqual({ columns: [{ name: 'u', type: 'string' }, { name: 'e_ActionType', type: 'string' }], diagnostics: [] });
    expect(errorOf(() => d.querySync("graph('Apps') | graph-to-table edges"))).toMatch(/^KQL0212 graph model 'Apps': step 1 \(AddEdges\): KQL0202 unknown table/);
  });

  it('checks the model when it is registered', () => {
    const d = new Database();
    expect(errorOf(() => d.addGraphModel('M', '{'))).toMatch(/^data: addGraphModel\('M'\): the model is not JSON/);
    expect(errorOf(() => d.addGraphModel('M', { Definition: { Steps: [] } }))).toMatch(/Definition.Steps must be a non-empty array/);
    expect(errorOf(() => d.addGraphModel('M', JSON.stringify({ Definition: { Steps: [{ Kind: 'AddVertices', Query: 'T' }] } })))).toMatch(/step 1: Kind must be 'AddNodes' or 'AddEdges'/);
    expect(errorOf(() => d.addGraphModel('M', { Definition: { Steps: [{ Kind: 'AddNodes', Query: 'T | where', NodeIdColumn: 'x' }] } } as never))).toMatch(/step 1: Query: /);
    expect(errorOf(() => d.addGraphModel('M', { Definition: { Steps: [{ Kind: 'AddEdges', Query: 'T', SourceColumn: 'a' }] } } as never))).toMatch(/step 1: TargetColumn must be a non-empty string/);
    // a static label must be declared when the model has a Schema (graph-model-overview.md, "Static labels")
    expect(errorOf(() => d.addGraphModel('M', { Schema: { Nodes: { Person: {} } }, Definition: { Steps: [{ Kind: 'AddNodes', Query: 'T', NodeIdColumn: 'x', Labels: ['Robot'] }] } })))
      .toMatch(/step 1: label 'Robot' is not defined in Schema.Nodes/);
  });

  it('reports steps that do not fit, unknown snapshots and self reference as query errors', () => {
    const d = db();
    d.addGraphModel('Bad', { Definition: { Steps: [{ Kind: 'AddEdges', Query: 'Nope', SourceColumn: 'A', TargetColumn: 'B' }] } });
    expect(errorOf(() => d.querySync("graph('Bad') | graph-to-table edges"))).toMatch(/^KQL0212 graph model 'Bad': step 1 \(AddEdges\): KQL0202 unknown table or tabular expression 'Nope'/);
    d.addGraphModel('Mixed', { Definition: { Steps: [
      { Kind: 'AddNodes', Query: 'People', NodeIdColumn: 'Name' },
      { Kind: 'AddEdges', Query: 'Knows', SourceColumn: 'A', TargetColumn: 'B' },
    ] } });
    expect(errorOf(() => d.querySync("graph('Mixed') | graph-to-table edges"))).toBe("KQL0212 graph model 'Mixed': step 2 (AddEdges): the SourceColumn column 'A' is 'long' but the graph's node ids are 'string'");
    d.addGraphModel('Self', { Definition: { Steps: [{ Kind: 'AddEdges', Query: "graph('Self') | graph-to-table edges", SourceColumn: 'A', TargetColumn: 'B' }] } });
    expect(errorOf(() => d.querySync("graph('Self') | graph-to-table edges"))).toMatch(/KQL0212 graph model 'Self': .*reads the model itself/);
    expect(errorOf(() => d.makeGraphSnapshot('s', 'Nope'))).toMatch(/unknown graph model 'Nope'/);
    d.makeGraphSnapshot('s', 'Social');
    expect(errorOf(() => d.makeGraphSnapshot('s', 'Social'))).toMatch(/already has a snapshot 's'/);
    expect(errorOf(() => d.querySync("graph('Social', 'x') | graph-to-table nodes"))).toMatch(/^KQL0210 unknown graph snapshot 'x'/);
    expect(errorOf(() => d.querySync("graph(strcat('So', 'cial')) | graph-to-table nodes"))).toBe('no error');
    expect(errorOf(() => d.querySync('graph(1) | graph-to-table nodes'))).toMatch(/^KQL0\d+ .*graph model name/);
  });
});
