// A query's result keeps the batches its last operator produced (selections included) instead of
// copying them into one vector per column: rows, cell and toJSON must read them exactly as the dense
// copy would, in order, across batches of any selection density.
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';
import { BATCH_SIZE } from '../../../src/exec/batch.js';

// three chunks: the table is stored in BATCH_SIZE-row chunks, so the filters below select from each
const N = BATCH_SIZE * 2 + 1000;
const rows = Array.from({ length: N }, (_, i) => ({ i, s: `r${i}`, d: i % 3 === 0 ? null : { v: i } }));
const db = new Database().addTable('T', rows, [{ name: 'i', type: 'long' }, { name: 's', type: 'string' }, { name: 'd', type: 'dynamic' }]);

/** what the rows must be, computed in plain JS from the source rows (not by the engine) */
const expected = (keep: (i: number) => boolean) => rows.filter((r) => keep(r.i)).map((r) => [r.i, r.s, r.d]);

describe('results over several batches', () => {
  const cases: [string, (i: number) => boolean][] = [
    ['T', () => true], // dense batches, no selection
    ['T | where i % 10 != 3', (i) => i % 10 !== 3], // dense selections (kept as views)
    ['T | where i % 97 == 5', (i) => i % 97 === 5], // sparse selections (compacted)
    ['T | where i < 5 or i >= ' + (N - 5), (i) => i < 5 || i >= N - 5], // first and last chunk only
    ['T | where i == -1', () => false], // nothing
  ];
  for (const [q, keep] of cases) {
    it(q, () => {
      const r = db.querySync(q);
      const want = expected(keep);
      expect(r.rowCount).toBe(want.length);
      expect(r.rows).toEqual(want);
      // cell, read out of order (backwards), agrees with rows
      for (let k = want.length - 1; k >= 0; k -= 7) {
        expect(r.cell(k, 0)).toBe(want[k]![0]);
        expect(r.cell(k, 1)).toBe(want[k]![1]);
      }
      expect(r.toJSON().rows.map((x) => x[1])).toEqual(want.map((x) => x[1]));
      expect(() => r.cell(want.length, 0)).toThrow(RangeError);
      expect(() => r.cell(-1, 0)).toThrow(RangeError);
    });
  }

  it('a result is not changed by later queries', () => {
    const r = db.querySync('T | where i % 2 == 0 | extend t = strcat(s, "x")');
    const before = r.rows.slice(0, 3).map((x) => [...x]);
    db.querySync('T | where i % 2 == 1 | extend t = strcat(s, "y")');
    const fresh = db.querySync('T | where i % 2 == 0 | extend t = strcat(s, "x")');
    expect(fresh.rows.slice(0, 3)).toEqual(before);
    expect(r.cell(1, 3)).toBe('r2x');
  });
});
