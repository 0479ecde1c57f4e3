// Metamorphic: a table is a multiset, so permuting its rows leaves every determined answer unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { expectSameAnswer, run } from './compare.js';
import { loadTable, tableAndQueryArb } from './generators.js';
import { runs } from './config.js';

const newDb = () => new Database({ now: '2026-01-01T00:00:00Z' });

describe('row order of the input', () => {
  it('does not change what a query determines (innerunique picks, take and ties aside)', () => {
    let total = 0;
    let succeeded = 0;
    fc.assert(
      fc.property(tableAndQueryArb(10), fc.infiniteStream(fc.nat()), ({ table, query }, seeds) => {
        // a seeded Fisher-Yates shuffle of the rows
        const rows = [...table.rows];
        const it = seeds[Symbol.iterator]();
        for (let i = rows.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [rows[i], rows[j]] = [rows[j]!, rows[i]!];
        }
        const original = run(loadTable(newDb(), table), query.text, true);
        const permuted = run(loadTable(newDb(), { ...table, rows }), query.text, true);
        expectSameAnswer(query, permuted, original, 'permuted input vs original');
        total++;
        if (original.ok) succeeded++;
      }),
      { numRuns: runs(300) },
    );
    expect(succeeded, `only ${succeeded} of ${total} generated queries ran`).toBeGreaterThan(total * 0.7);
  });
});
