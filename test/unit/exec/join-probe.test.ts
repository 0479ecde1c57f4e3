// The join's probe writes pairs into reused typed arrays that grow when multi-matches outrun the left
// rows (1,024 pairs to start). These joins make several thousand pairs per batch, in every order of
// single matches, multi-matches and unmatched rows; the expected pairs are computed in plain JS.
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';

const L = Array.from({ length: 5000 }, (_, i) => ({ i, k: i % 7 }));
// key 0: no right row; key 1: one; key 2..6: k right rows each
const R = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6].map((k, j) => ({ k, j }));
const db = new Database()
  .addTable('L', L, [{ name: 'i', type: 'long' }, { name: 'k', type: 'long' }])
  .addTable('R', R, [{ name: 'k', type: 'long' }, { name: 'j', type: 'long' }]);

function expected(outer: boolean): [number, number | null][] {
  const out: [number, number | null][] = [];
  for (const l of L) {
    const ms = R.filter((r) => r.k === l.k);
    if (ms.length === 0 && outer) out.push([l.i, null]);
    for (const r of ms) out.push([l.i, r.j]);
  }
  return out.sort((a, b) => a[0] - b[0] || (a[1] ?? -1) - (b[1] ?? -1));
}

describe('join probe output growth', () => {
  it('a multi-match first, then one pair per row up to one past the capacity', () => {
    // 1,500 left rows: room for 2,048 pairs; row 0 matches 550 right rows, the 1,499 others one each:
    // 2,049 pairs, so the room must grow although no later single match checks for it
    const left = Array.from({ length: 1500 }, (_, i) => ({ i, k: i === 0 ? -1 : 1 }));
    const right = [...Array.from({ length: 550 }, (_, j) => ({ k: -1, j })), { k: 1, j: 550 }];
    const d = new Database()
      .addTable('A', left, [{ name: 'i', type: 'long' }, { name: 'k', type: 'long' }])
      .addTable('B', right, [{ name: 'k', type: 'long' }, { name: 'j', type: 'long' }]);
    const r = d.querySync('A | join kind=inner B on k | summarize n = count(), s = sum(j)');
    // pairs: 550 for row 0 (j = 0..549, sum 549*550/2) and 1,499 with j = 550
    expect(r.rows).toEqual([[2049, (549 * 550) / 2 + 1499 * 550]]);
  });

  for (const kind of ['inner', 'leftouter'] as const) {
    it(kind, () => {
      const r = db.querySync(`L | join kind=${kind} R on k | project i, j | order by i asc, j asc nulls first`);
      const want = expected(kind === 'leftouter');
      expect(want.length).toBeGreaterThan(10_000);
      expect(r.rows).toEqual(want);
    });
  }
});
