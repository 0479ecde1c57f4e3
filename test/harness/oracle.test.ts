// The oracle wrapper reports what Kusto.Language says: positions, error kinds, result schemas.
import { describe, expect, it } from 'vitest';
import { loadSharedSchemas, oracle, oracleSchemaFor, sharedDir, type OracleTable } from './oracle.js';

const T: OracleTable[] = [{
  name: 'T',
  columns: [
    { name: 'A', type: 'string' }, { name: 'Timestamp', type: 'datetime' }, { name: 'N', type: 'long' },
    { name: 'D', type: 'dynamic' },
  ],
}];

describe('oracle', () => {
  const o = oracle(T);

  it('gives the result schema of a summarize with bin()', () => {
    const a = o.analyze('T | summarize count() by bin(Timestamp, 1h)');
    expect(a.syntaxErrors).toEqual([]);
    expect(a.semanticErrors).toEqual([]);
    expect(a.columns).toEqual([{ name: 'Timestamp', type: 'datetime' }, { name: 'count_', type: 'long' }]);
  });

  it('locates a syntax error and does not repeat it as a semantic error', () => {
    const a = o.analyze('T | where A = ');
    expect(a.syntaxErrors).toHaveLength(1);
    expect(a.syntaxErrors[0]).toMatchObject({ code: 'KS006', severity: 'Error', start: 13, end: 13 });
    expect(a.semanticErrors).toEqual([]);
    expect(o.syntaxErrors('T | where A = ')).toEqual(a.syntaxErrors);
    expect(o.syntaxErrors('T | where X == 1')).toEqual([]);
  });

  it('reports an unknown column as a semantic error with its span', () => {
    const a = o.analyze('T | where X == 1');
    expect(a.syntaxErrors).toEqual([]);
    expect(a.semanticErrors).toEqual([
      expect.objectContaining({ code: 'KS142', start: 10, end: 11 }),
    ]);
  });

  it('maps every scalar type to our names, dynamic variants included', () => {
    const a = o.analyze(
      'T | project b=true, i=toint(1), l=1, r=1.5, m=decimal(1), s="x", d=now(), t=1h, ' +
      'g=guid(00000000-0000-0000-0000-000000000000), y=D, arr=pack_array(1), bag=bag_pack("a", 1)');
    expect(a.columns?.map((c) => c.type)).toEqual(
      ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic', 'dynamic', 'dynamic']);
  });

  it('describes the last statement, and nothing for a scalar result', () => {
    expect(o.analyze('print a=1; print b="x"').columns).toEqual([{ name: 'b', type: 'string' }]);
    expect(o.analyze('let x = 1; T | project A; print z=2.5').columns).toEqual([{ name: 'z', type: 'real' }]);
    expect(o.analyze('1 + 1').columns).toBeNull();
  });

  it('oracleSchemaFor takes addTable-style schemas and is null on errors', () => {
    expect(oracleSchemaFor('T | extend y = A', { T: { A: 'string' } })).toEqual([
      { name: 'A', type: 'string' }, { name: 'y', type: 'string' },
    ]);
    expect(oracleSchemaFor('T | extend y = A', { T: [{ name: 'A', type: 'long' }] })).toEqual([
      { name: 'A', type: 'long' }, { name: 'y', type: 'long' },
    ]);
    expect(oracleSchemaFor('T | extend y = B', { T: { A: 'string' } })).toBeNull();
    expect(oracleSchemaFor('print x = 1 +')).toBeNull();
    expect(oracleSchemaFor('print x = 1, y = "a"')).toEqual([{ name: 'x', type: 'long' }, { name: 'y', type: 'string' }]);
  });

  it('rejects a schema with a type it does not know', () => {
    expect(() => oracle([{ name: 'U', columns: [{ name: 'x', type: 'varchar' }] }])).toThrow(/unknown type 'varchar'/);
  });

  it.runIf(sharedDir() !== null)('loads the shared schemas', () => {
    const tables = loadSharedSchemas()!;
    expect(tables.length).toBeGreaterThanOrEqual(80);
    const alertInfo = tables.find((t) => t.name === 'AlertInfo');
    expect(alertInfo?.columns[0]).toEqual({ name: 'Timestamp', type: 'datetime' });
    const withShared = oracle(tables);
    expect(withShared.analyze('AlertInfo | summarize n = count() by Severity').columns).toEqual([
      { name: 'Severity', type: 'string' }, { name: 'n', type: 'long' },
    ]);
  });
});
