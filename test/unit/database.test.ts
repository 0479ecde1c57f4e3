// db.addTable: types from a schema, the built-in schemas or inference; conversions; errors that name
// table, row and column (issue "Engine foundation", Public API).
import { describe, expect, it } from 'vitest';
import { Database, KqlDataError } from '../../src/index.js';

describe('Database.addTable', () => {
  it('converts values at load by the schema (array or record form)', () => {
    const db = new Database().addTable('T', [
      { t: '2024-06-17T08:36:32.0962391Z', d: '{"a": [1, 2]}', s: 'x', n: 5, b: true, g: '74BE27DE-1E4E-49D9-B579-FE0B331D3642' },
      { t: new Date('2024-01-01T00:00:00Z'), d: { a: [3] }, s: '', n: null, b: 'false', g: null },
    ], { t: 'datetime', d: 'dynamic', s: 'string', n: 'long', b: 'bool', g: 'guid' });
    const j = db.querySync('T | extend a = d.a[0]').toJSON();
    expect(j.rows).toEqual([
      ['2024-06-17T08:36:32.0962391Z', { a: [1, 2] }, 'x', 5, true, '74be27de-1e4e-49d9-b579-fe0b331d3642', 1],
      ['2024-01-01T00:00:00Z', { a: [3] }, '', null, false, null, 3],
    ]);
  });

  it('types a known advanced-hunting table by its built-in schema, and infers others', () => {
    const db = new Database()
      .addTable('CloudAppEvents', [{ Timestamp: '2024-01-01T00:00:00Z', ActionType: 'FileDownloaded' }])
      .addTable('Mine', [{ a: 1, b: 1.5, c: 'x', d: new Date(0), e: { k: 1 }, f: false }]);
    expect(db.analyze('CloudAppEvents').columns!.length).toBe(42);
    expect(db.analyze('CloudAppEvents | project Timestamp, RawEventData').columns).toEqual([
      { name: 'Timestamp', type: 'datetime' }, { name: 'RawEventData', type: 'dynamic' }]);
    expect(db.analyze('Mine').columns!.map((c) => c.type)).toEqual(['long', 'real', 'string', 'datetime', 'dynamic', 'bool']);
  });

  it('analyze() knows built-in tables with no data loaded; query() still needs the data', async () => {
    const db = new Database();
    // DeviceProcessEvents (advanced hunting): FileName string, ProcessId long (shared/schemas)
    expect(db.analyze('DeviceProcessEvents | project FileName, ProcessId').columns).toEqual([
      { name: 'FileName', type: 'string' }, { name: 'ProcessId', type: 'long' }]);
    expect(db.analyze('DeviceProcessEvents | project NoSuchColumn').diagnostics[0]!.code).toBe('KQL0201');
    expect(db.analyze('NoSuchTable').diagnostics[0]!.code).toBe('KQL0202');
    await expect(db.query('DeviceProcessEvents | count')).rejects.toThrow(/unknown table/);
  });

  it('accepts any iterable of records', () => {
    function* rows() {
      yield { x: 1 };
      yield { x: 2 };
    }
    expect(new Database().addTable('G', rows(), { x: 'long' }).querySync('G | count').rows).toEqual([[2]]);
  });

  it('names table, row and column when a value cannot be converted', () => {
    const bad = () => new Database().addTable('Events', [{ n: 1 }, { n: 'twelve' }], { n: 'long' });
    expect(bad).toThrow(KqlDataError);
    expect(bad).toThrow(/table 'Events', row 2, column 'n' \(long\)/);
    expect(() => new Database().addTable('E', [{ t: 'not a date' }], { t: 'datetime' }))
      .toThrow(/table 'E', row 1, column 't' \(datetime\)/);
    expect(() => new Database().addTable('E', [{ t: 1234 }], { t: 'datetime' })).toThrow(/row 1, column 't'/);
  });

  it('rejects a column that is not in the schema instead of dropping it', () => {
    expect(() => new Database().addTable('E', [{ a: 1 }, { a: 2, zz: 3 }], { a: 'long' }))
      .toThrow(/table 'E', row 2: column 'zz' is not in the table's schema/);
    // a missing column and an unknown one in the same record (as many keys as the schema has)
    expect(() => new Database().addTable('E', [{ a: 1, b: 'x' }, { b: 'y', zz: 3 }], { a: 'long', b: 'string' }))
      .toThrow(/table 'E', row 2: column 'zz' is not in the table's schema/);
    // also in a later row group (rows are loaded 65,536 at a time) and under a name that is not an identifier
    const rows: Record<string, unknown>[] = Array.from({ length: 70_000 }, (_, i) => ({ 'a b': i }));
    rows[69_999] = { 'a b': 1, 'c-d': 2 };
    expect(() => new Database().addTable('E', rows, { 'a b': 'long' }))
      .toThrow(/table 'E', row 70000: column 'c-d' is not in the table's schema/);
  });

  it('loads a member set to undefined as null, and refuses rows that are not objects', () => {
    const db = new Database().addTable('E', [{ a: undefined, d: undefined }, { a: 2, d: { x: [1, 'y'] } }], { a: 'long', d: 'dynamic' });
    expect(db.querySync('E | project a, d').toJSON().rows).toEqual([[null, null], [2, { x: [1, 'y'] }]]);
    expect(() => new Database().addTable('E', [{ a: 1 }, null as unknown as Record<string, unknown>], { a: 'long' }))
      .toThrow(/table 'E', row 2: expected an object, got null/);
  });

  it('copies dynamic values that are not plain JSON (Dates, undefined members) instead of keeping them', () => {
    const d = new Date(Date.UTC(2024, 0, 2));
    const db = new Database().addTable('E', [{ d: { when: d, gone: undefined, n: [1, { deep: d }] } }], { d: 'dynamic' });
    expect(db.querySync('E').toJSON().rows).toEqual([[{ when: '2024-01-02T00:00:00.0000000Z', n: [1, { deep: '2024-01-02T00:00:00.0000000Z' }] }]]);
  });

  it('rejects unknown type names in a schema', () => {
    expect(() => new Database().addTable('E', [], { a: 'number' })).toThrow(/unknown type 'number'/);
  });
});

describe('Database.registerFunction', () => {
  it('lets the application supply a function the query calls, with JS values in and out', () => {
    const db = new Database().registerFunction('geo_info_from_ip_address', {
      params: [{ name: 'ip', type: 'string' }],
      returns: 'dynamic',
      fn: (ip) => (ip === '20.53.203.50' ? { country: 'Australia', city: 'Sydney' } : null),
    }).registerFunction('first_seen', {
      params: [{ name: 'user', type: 'string' }],
      returns: 'datetime',
      fn: (user) => (user === 'alice' ? new Date('2025-01-02T03:04:05Z') : null),
    });
    const r = db.querySync(`datatable(ip:string, user:string)["20.53.203.50", "alice", "10.0.0.1", "bob"]
      | extend country = tostring(geo_info_from_ip_address(ip).country), seen = first_seen(user)`);
    expect(r.toJSON().rows).toEqual([
      ['20.53.203.50', 'alice', 'Australia', '2025-01-02T03:04:05Z'],
      ['10.0.0.1', 'bob', '', null],
    ]);
  });

  it('calling an unregistered world-dependent function is an error naming it, with the fix', () => {
    const err = (() => {
      try {
        new Database().querySync('print g = geo_info_from_ip_address("1.2.3.4")');
      } catch (e) {
        return e as { diagnostics: { code: string; message: string; help?: string; column: number }[] };
      }
      return null;
    })();
    expect(err?.diagnostics[0]).toMatchObject({
      code: 'KQL0208', column: 11,
      message: "function 'geo_info_from_ip_address' needs an implementation registered by the application",
      help: "it needs an IP geolocation database: register an implementation with db.registerFunction('geo_info_from_ip_address', " +
        "{ params: [{ name: 'ip_address', type: 'string' }], returns: 'dynamic', fn })",
    });
  });

  it('analyze() binds an unregistered world-dependent function with Kusto\'s signature: the schema, and a warning', () => {
    const db = new Database().addTable('T', [], { Ip: 'string' });
    const a = db.analyze('T | extend geo = geo_info_from_ip_address(Ip), ep = current_cluster_endpoint()');
    expect(a.columns).toEqual([{ name: 'Ip', type: 'string' }, { name: 'geo', type: 'dynamic' }, { name: 'ep', type: 'string' }]);
    expect(a.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['warning', 'KQL0208', "function 'geo_info_from_ip_address' needs an implementation registered by the application"],
      ['warning', 'KQL0208', "function 'current_cluster_endpoint' needs an implementation registered by the application"],
    ]);
    // Kusto's parameter type still holds (geo-info-from-ip-address-function.md: IpAddress is a string)
    expect(db.analyze('print geo_info_from_ip_address(1)').diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['KQL0303']);
  });

  it('a registered function takes precedence over a built-in one (here ingestion_time), named as Kusto names it; a world function\'s signature must be Kusto\'s', () => {
    const db = new Database().addTable('T', [{ x: 1 }], { x: 'long' })
      .registerFunction('ingestion_time', { params: [], returns: 'datetime', fn: () => new Date('2026-01-01T00:00:00Z') });
    const r = db.querySync('T | extend ingestion_time()');
    expect(r.columns).toEqual([{ name: 'x', type: 'long' }, { name: '$IngestionTime', type: 'datetime' }]);
    expect(r.toJSON().rows).toEqual([[1, '2026-01-01T00:00:00Z']]);
    expect(() => new Database().registerFunction('geo_info_from_ip_address', { params: [{ name: 'ip', type: 'string' }], returns: 'string', fn: () => '' }))
      .toThrow("registerFunction('geo_info_from_ip_address'): Kusto declares it (string) → dynamic, not (string) → string");
  });

  it('a registered function returning a value of the wrong type is a clear query error', () => {
    const db = new Database().registerFunction('bad', { params: [], returns: 'long', fn: () => 'many' });
    expect(() => db.querySync('print x = bad()')).toThrow(/function 'bad' returned a value that is not a long/);
  });
});

describe('context functions answered from the Database options', () => {
  const db = new Database({ databaseName: 'Samples', principal: { fqn: 'aaduser=u1;t1', memberOf: ['aadgroup=g1@fabrikam.com'] } });
  it('current_database() is databaseName (current-database-function.md example)', () => {
    expect(db.querySync('print strcat("Database in scope: ", current_database())').rows).toEqual([['Database in scope: Samples']]);
  });
  it('current_principal(), current_principal_details(): the principal given; details default to its FQN', () => {
    expect(db.querySync('print fqn=current_principal(), d=current_principal_details()').rows).toEqual([['aaduser=u1;t1', { FQN: 'aaduser=u1;t1' }]]);
  });
  it('current_principal_is_member_of: some argument (string or array) is the principal or one of its groups', () => {
    // current-principal-is-member-of-function.md: neither form matches a principal outside those groups (false)
    const docs = "current_principal_is_member_of('aaduser=user1@fabrikam.com', 'aadgroup=group1@fabrikam.com')";
    const arr = "current_principal_is_member_of(dynamic(['x', 'aadgroup=g1@fabrikam.com']))";
    expect(db.querySync(`print a=${docs}, b=${arr}, c=current_principal_is_member_of('aaduser=u1;t1'), d=current_principal_is_member_of(dynamic(null))`).rows)
      .toEqual([[false, true, true, false]]);
  });
  it('without the option: analyze() still gives the schema; query() is KQL0208 naming the option', () => {
    const bare = new Database();
    expect(bare.analyze("print current_database(), current_principal_is_member_of('g')").columns)
      .toEqual([{ name: 'print_0', type: 'string' }, { name: 'print_1', type: 'bool' }]);
    expect(() => bare.querySync('print current_database()')).toThrow(/KQL0208 function 'current_database'/);
    try {
      bare.querySync('print current_principal()');
    } catch (e) {
      expect((e as { diagnostics: { help?: string }[] }).diagnostics[0]?.help).toContain('new Database({ principal:');
    }
  });
});

describe('render hint', () => {
  const db = new Database().addTable('T', [{ x: 1, y: 2, k: 'a' }], { x: 'long', y: 'long', k: 'string' });
  it('the final render is recorded on the result (render-operator.md: chart type and properties)', () => {
    const r = db.querySync('T | render timechart with (title = "Load", ycolumns = x, y, xcolumn = k, ymin = 0, legend = hidden)');
    expect(r.visualization).toEqual({ chart: 'timechart', properties: { title: 'Load', ycolumns: ['x', 'y'], xcolumn: 'k', ymin: 0, legend: 'hidden' } });
    expect(r.rows).toEqual([[1, 2, 'a']]);
    expect(db.querySync('T | render piechart').visualization).toEqual({ chart: 'piechart', properties: {} });
  });
  it('no render, or a render that is not the last operator, gives no hint', () => {
    expect(db.querySync('T').visualization).toBeUndefined();
    expect(db.querySync('T | render table | take 1').visualization).toBeUndefined();
  });
});

describe('database() and table() references', () => {
  const db = new Database({ databaseName: 'Samples' }).addTable('StormEvents', [{ State: 'TX' }, { State: 'WA' }], { State: 'string' });
  it("database('Samples').T and database('Samples').table('T') name this database's table (database-function.md)", () => {
    expect(db.querySync("database('Samples').StormEvents | count").rows).toEqual([[2]]);
    expect(db.querySync("database('Samples').table('StormEvents') | count").rows).toEqual([[2]]);
  });
  it('another database name is KQL0209 naming ours', () => {
    expect(() => db.querySync("database('Other').StormEvents")).toThrow(/KQL0209 unknown database 'Other'/);
  });
});

describe('ingestions, extents and entities (addTable options, addEntity)', () => {
  it('each addTable call is one extent with its own cursor; cursors increase even at one fixed time', () => {
    const db = new Database({ now: '2026-01-01T00:00:00Z' })
      .addTable('A', [{ x: 1 }], { x: 'long' })
      .addTable('B', [{ x: 2 }], { x: 'long' });
    const current = db.querySync('print c = cursor_current()').rows[0]![0] as string;
    // hand: 2026-01-01 is 639028224000000000 .NET ticks; B came second, one tick later
    expect(current).toBe('639028224000000001');
    expect(db.querySync(`A | where cursor_before_or_at('639028224000000000') | count`).rows).toEqual([[1]]);
    expect(db.querySync(`B | where cursor_before_or_at('639028224000000000') | count`).rows).toEqual([[0]]);
    const ids = db.querySync('union (A | project e = extent_id()), (B | project e = extent_id()) | summarize dcount(e)').rows;
    expect(ids).toEqual([[2]]);
  });

  it('a database with no ingestion has the empty cursor; analyze() over a built-in schema gives the types', () => {
    const db = new Database();
    expect(db.querySync('print c = cursor_current()').rows).toEqual([['']]);
    expect(db.analyze('DeviceEvents | extend e = extent_id(), t = ingestion_time() | project e, t').columns)
      .toEqual([{ name: 'e', type: 'guid' }, { name: 't', type: 'datetime' }]);
  });

  it('addEntity checks its kind and keeps external tables apart from tables; bad extent tags are refused', () => {
    const db = new Database().addTable('T', [], { x: 'long' });
    expect(() => db.addEntity('view' as never, 'V', [])).toThrow(/unknown kind 'view'/);
    expect(() => db.addEntity('external_table', 'T', [])).toThrow(/external table's name can't be a table's/);
    expect(() => db.addTable('U', [], { x: 'long' }, { extentTags: [1] as never })).toThrow(/extentTags must be an array of strings/);
    db.addEntity('external_table', 'E', [{ k: 'a' }], { k: 'string' });
    expect(db.tableNames).toEqual(['T']);
    expect(db.querySync("external_table('E') | count").rows).toEqual([[1]]);
  });
});
