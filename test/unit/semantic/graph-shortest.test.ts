// graph-shortest-paths: the breadth-first path (a where of one-variable filters) gives the same rows as
// enumerating every simple path and keeping the shortest (forced by a where conjunct over two variables
// that is always true), on seeded random graphs, for each direction and output=any|all.
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('graph-shortest-paths: breadth-first search equals enumeration', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`random graph ${seed}`, async () => {
      const r = rng(seed);
      const n = 4 + Math.floor(r() * 6);
      const m = Math.floor(r() * n * 2.5);
      const rows = Array.from({ length: m }, () => ({ s: `n${Math.floor(r() * n)}`, d: `n${Math.floor(r() * n)}`, w: Math.floor(r() * 3) }));
      const db = new Database();
      db.addTable('E', rows, { s: 'string', d: 'string', w: 'long' });
      for (const arrow of ['-[e*1..4]->', '<-[e*1..4]-', '-[e*1..3]-']) {
        for (const output of ['any', 'all']) {
          const base = `E | make-graph s --> d with_node_id=id | graph-shortest-paths output=${output} (x)${arrow}(y) where x.id != "n0" and e.w != 2`;
          const project = ' project x.id, y.id, p = e.w, l = array_length(e.w)';
          const fast = await db.query(base + project);
          const slow = await db.query(base + ' and (x.id != y.id or true)' + project);
          const key = (row: unknown[]) => JSON.stringify(row);
          expect(fast.rows.map(key).sort(), `${arrow} ${output}`).toEqual(slow.rows.map(key).sort());
        }
      }
    });
  }
});
