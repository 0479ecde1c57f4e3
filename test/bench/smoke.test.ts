// CI's smoke run of the benchmark (issue 4): every workload at 10K events on our engine (from src/) and on
// the two JavaScript loop peers, which are written independently of the engine (bench/lib/kql-js.ts).
// Their answers must be identical — the same check `npm run bench` makes before any time counts — and
// not empty. Times are not looked at here (speed lives in `npm run bench`, never in tests).
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalise } from '../../bench/lib/canon.js';
import { generate, type BenchData } from '../../bench/lib/data.js';
import type { Peer, PeerFactory } from '../../bench/lib/peer.js';
import { WORKLOAD_IDS } from '../../bench/lib/workloads.js';
import ours from '../../bench/peers/kql-engine.js';
import columnar from '../../bench/peers/columnar-js.js';
import naive from '../../bench/peers/naive-js.js';

const PEERS: [string, PeerFactory, Record<string, string>?][] = [
  ['kql-engine', ours, { from: 'src' }],
  ['columnar-js', columnar],
  ['naive-js', naive],
];

describe('benchmark smoke run at 10K events', () => {
  let data: BenchData;
  const peers = new Map<string, Peer>();
  beforeAll(async () => {
    data = generate(10_000);
    for (const [name, factory, options] of PEERS) {
      const p = await factory(options);
      await p.load(data);
      peers.set(name, p);
    }
  }, 120_000); // generating 10K events takes seconds when the machine is shared

  for (const id of WORKLOAD_IDS) {
    it(`${id}: the loop peers return exactly our answer`, async () => {
      const digests: Record<string, string> = {};
      let ourRows = 0;
      for (const [name] of PEERS) {
        const p = peers.get(name)!;
        const run = p.workloads[id];
        if (!run) throw new Error(`${name} cannot run ${id}`);
        const canon = canonicalise(await p.materialize(run(), id));
        digests[name] = `${canon.rowCount} rows ${canon.digest}`;
        if (name === 'kql-engine') ourRows = canon.rowCount;
      }
      expect(ourRows).toBeGreaterThan(0);
      expect(digests['columnar-js']).toBe(digests['kql-engine']);
      expect(digests['naive-js']).toBe(digests['kql-engine']);
    });
  }
});
