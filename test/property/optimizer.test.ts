// The optimizer never changes answers: results with { optimize: true } and { optimize: false } agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { expectSameAnswer, run } from './compare.js';
import { loadTable, tableAndQueryArb } from './generators.js';
import { runs } from './config.js';

const newDb = () => new Database({ now: '2026-01-01T00:00:00Z' });

describe('optimizer on ≡ optimizer off', () => {
  it('for generated queries over generated tables', () => {
    let total = 0;
    let succeeded = 0;
    fc.assert(
      fc.property(tableAndQueryArb(10), ({ table, query }) => {
        const db = loadTable(newDb(), table);
        const off = run(db, query.text, false);
        expectSameAnswer(query, run(db, query.text, true), off);
        total++;
        if (off.ok) succeeded++;
      }),
      { numRuns: runs(300) },
    );
    // agreement on errors alone would make the property vacuous
    expect(succeeded, `only ${succeeded} of ${total} generated queries ran`).toBeGreaterThan(total * 0.7);
  });

  it('is deterministic: the same query twice gives the same answer (a sanity check on the comparison)', () => {
    fc.assert(
      fc.property(tableAndQueryArb(10), ({ table, query }) => {
        const db = loadTable(newDb(), table);
        expectSameAnswer(query, run(db, query.text, true), run(db, query.text, true));
      }),
      { numRuns: runs(50) },
    );
  });

  it('most generated queries have a comparable answer (not just a schema)', () => {
    const samples = fc.sample(tableAndQueryArb(10), { numRuns: 400, seed: 7 });
    const modes = new Map<string, number>();
    for (const { query } of samples) modes.set(query.compare, (modes.get(query.compare) ?? 0) + 1);
    const compared = (modes.get('ordered') ?? 0) + (modes.get('multiset') ?? 0);
    expect(compared / samples.length, JSON.stringify([...modes])).toBeGreaterThan(0.6);
  });
});
