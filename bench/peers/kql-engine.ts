// Our engine: the KQL text of each workload, run through the public API — by default of the built library
// (dist/, what `npm install` gives users; `npm run bench` builds it first), or of src/ (option from=src:
// the CI smoke test, which runs without a build).
import type { Database as DatabaseClass, Result } from '../../src/index.js';
import type { Peer } from '../lib/peer.js';
import { BENCH_NOW, WORKLOADS } from '../lib/workloads.js';
import type { WorkloadId } from '../lib/workloads.js';

export default async function createPeer(options?: Record<string, string>): Promise<Peer> {
  const from = options?.from ?? 'dist';
  const lib = (from === 'src' ? await import('../../src/index.js') : await import(new URL('../../dist/index.js', import.meta.url).href)) as
    { Database: typeof DatabaseClass };
  const { Database } = lib;
  let db: DatabaseClass | undefined;
  const run = (id: WorkloadId) => {
    const text = WORKLOADS.find((w) => w.id === id)!.kql;
    return () => db!.querySync(text);
  };
  const workloads: Peer['workloads'] = {};
  for (const w of WORKLOADS) workloads[w.id] = run(w.id);
  return {
    load(data) {
      db = new Database({ now: BENCH_NOW });
      db.addTable('CloudAppEvents', data.events);
      db.addTable('SecurityAlert', data.alerts);
    },
    workloads,
    materialize(result) {
      const r = result as Result;
      return { columns: r.columns.map((c) => c.name), rows: r.rows };
    },
    rowCount: (result) => (result as Result).rowCount,
    describe: () => `kql-engine (${from === 'src' ? 'src/ through tsx' : 'the built dist/index.js'}), db.querySync(text) with the built-in schemas`,
  };
}
