// Our engine: the KQL text of each workload, run through the public API.
import { Database, type Result } from '../../src/index.js';
import type { Peer } from '../lib/peer.js';
import { BENCH_NOW, WORKLOADS } from '../lib/workloads.js';
import type { WorkloadId } from '../lib/workloads.js';

export default async function createPeer(): Promise<Peer> {
  let db: Database | undefined;
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
    describe: () => 'kql-engine (src/, run with tsx), db.querySync(text) with the built-in schemas',
  };
}
