// Real hunting queries (shared folder, read at test time) RUN on this engine, not only parsed: each over the
// 82 shared table schemas holding 6 synthetic rows each, with Defender's world functions registered as
// fakes (FileProfile, SeenBy, DeviceFromIP, AssignedIPAddresses, geo_info_from_ip_address) and externaldata
// URLs answered by a fixture text (DatabaseOptions.readExternalUrl, as `kql run --external` does). A query
// may fail only where Microsoft's analyzer also reports an error for it (a column the published schema
// lacks, a type error, text that is not KQL). A crash (an exception that is not a KqlError) always fails.
// The count of queries that run may only go up (MIN_RUNS).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, KqlError } from '../../src/index.js';
import { loadSharedSchemas, oracle, sharedDir } from '../harness/oracle.js';

const MIN_RUNS = 144;
const ROWS = 6;

const shared = sharedDir();
const queriesFile = shared && join(shared, 'queries', 'real-hunting-sample.jsonl');
const tables = loadSharedSchemas();
const skip = !queriesFile || !existsSync(queriesFile) || !tables;

/** A value of a type, varied by row (empty strings and zeros included). */
function value(type: string, i: number, name: string): unknown {
  switch (type) {
    case 'string': return i % 3 === 0 ? '' : `${name}-${i % 4}`;
    case 'int': case 'long': return i % 5;
    case 'real': return i * 1.5;
    case 'bool': return i % 2 === 0;
    case 'datetime': return new Date(Date.UTC(2026, 10, 29, i % 24));
    case 'timespan': return '00:00:01';
    case 'guid': return '12e8b78d-55b4-46ae-b068-26d7a0080254';
    case 'dynamic': return i % 2 ? { a: i, ip: '10.0.0.1', list: [1, 'x'] } : [i, 'a'];
    default: return null;
  }
}

describe.skipIf(skip)('real hunting queries run (shared schemas, synthetic rows, world functions faked)', () => {
  it('every query runs, or fails only where the analyzer also reports an error', { timeout: 300_000 }, () => {
    const queries = readFileSync(queriesFile!, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; query: string });
    // externaldata URLs (published IOC lists) answered with a two-line fixture, as a CI run would with --external
    const db = new Database({ now: '2026-11-30T00:00:00Z', readExternalUrl: () => 'evil.example,10.0.0.1,abc\nbad.example,10.0.0.2,def\n' });
    for (const t of tables!) {
      const rows = Array.from({ length: ROWS }, (_, i) => Object.fromEntries(t.columns.map((c) => [c.name, value(c.type, i, c.name)])));
      db.addTable(t.name, rows, t.columns.map((c) => ({ name: c.name, type: c.type })));
    }
    db.registerFunction('FileProfile', { fn: (id) => (id.endsWith('1') ? { GlobalPrevalence: 5, SignatureState: 'Unsigned' } : null) });
    db.registerFunction('SeenBy', { fn: (id) => [`seen-by-${id}`] });
    db.registerFunction('DeviceFromIP', { fn: (ip) => [`device-of-${ip}`] });
    db.registerFunction('AssignedIPAddresses', { fn: () => [{ Timestamp: '2026-11-29T00:00:00Z', IPAddress: '10.0.0.1', IPType: 'Private' }] });
    db.registerFunction('geo_info_from_ip_address', { params: [{ name: 'ip_address', type: 'string' }], returns: 'dynamic', fn: () => ({ country: 'Nowhere' }) });
    const kusto = oracle(tables!);
    let runs = 0;
    const unexplained: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const q of queries) {
      let outcome = 'runs';
      try {
        db.querySync(q.query);
        runs++;
      } catch (e) {
        if (!(e instanceof KqlError)) {
          unexplained.push(`${q.id}: crash ${e instanceof Error ? e.stack : String(e)}`);
          continue;
        }
        const d = e.diagnostics[0]!;
        outcome = d.code;
        const a = kusto.analyze(q.query);
        const analyzerRejects = a.syntaxErrors.length + a.semanticErrors.length > 0;
        if (!analyzerRejects) unexplained.push(`${q.id}: ${d.code} ${d.message} at ${d.line}:${d.column}`);
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    console.log(`hunting queries run: ${runs} / ${queries.length} (${JSON.stringify(outcomes)})`);
    expect(unexplained).toEqual([]);
    expect(runs).toBeGreaterThanOrEqual(MIN_RUNS);
  });
});
