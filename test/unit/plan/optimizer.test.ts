// Each optimizer rule: the plan before → after, and the same rows with the rule on and off.
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/engine.js';
import { explain } from '../../../src/plan/explain.js';
import { Database } from '../../../src/index.js';

const T = [{ name: 'a', type: 'long' as const }, { name: 's', type: 'string' as const }];
const U = [{ name: 'a', type: 'long' as const }, { name: 'b', type: 'string' as const }];
const options = (extra: object = {}) => ({
  table: (n: string) => (n === 'T' ? T : n === 'U' ? U : undefined), tableNames: () => ['T', 'U'], now: 0n, ...extra,
});
const plan = (q: string, extra: object = {}) => explain(compile(q, options(extra)).plan!);

const db = new Database()
  .addTable('T', [{ a: 1, s: 'x' }, { a: 2, s: 'y' }, { a: 3, s: 'x' }], T)
  .addTable('U', [{ a: 1, b: 'p' }, { a: 3, b: 'q' }, { a: 4, b: 'r' }], U);
const same = (q: string) => expect(db.querySync(q).toJSON()).toEqual(db.querySync(q, { optimize: false }).toJSON());

describe('optimizer rules', () => {
  it('push-filter-below-project: a filter on passed-through columns runs before extend', () => {
    const q = 'T | extend z = a * 2 | where s == "x"';
    expect(plan(q, { optimize: false })).toBe('Filter (s == "x")\n  Project a, s, z=(a * 2)\n    Scan T');
    expect(plan(q)).toBe('Project a, s, z=(a * 2)\n  Filter (s == "x")\n    Scan T');
    same(q);
  });

  it('keeps a filter on a computed column above the projection', () => {
    expect(plan('T | extend z = a * 2 | where z > 2')).toBe('Filter (z > 2)\n  Project a, s, z=(a * 2)\n    Scan T');
    same('T | extend z = a * 2 | where z > 2');
  });

  it('merge-filters, then split by side into an inner join', () => {
    const q = 'T | join kind=inner U on a | where s == "x" | where b != "p"';
    expect(plan(q)).toBe('Join inner on a==a\n  Filter (s == "x")\n    Scan T\n  Filter (b != "p")\n    Scan U');
    same(q);
  });

  it('push-filter-into-join leaves innerunique and the wrong side of outer joins alone', () => {
    // innerunique picks one left row per key from the rows it sees: the filter stays on the pairs
    expect(plan('T | join U on a | where s == "x"')).toBe('Join innerunique on a==a where (s == "x")\n  Scan T\n  Scan U');
    same('T | join U on a | where s == "x"');
    expect(plan('T | join kind=leftouter U on a | where b == "q"')).toBe('Filter (b == "q")\n  Join leftouter on a==a\n    Scan T\n    Scan U');
    same('T | join kind=leftouter U on a | where b == "q"');
    same('T | join kind=rightanti U on a | where b == "r"');
  });

  it('a filter reading both sides of an inner join becomes the join\'s residual predicate', () => {
    const q = 'T | join kind=inner U on a | where strlen(s) < strlen(b) or b == "q"';
    expect(plan(q)).toBe('Join inner on a==a where ((strlen(s) < strlen(b)) or (b == "q"))\n  Scan T\n  Scan U');
    same(q);
    // pruning keeps what the residual reads even when nothing above reads it
    const q2 = 'T | join kind=inner U on a | where s != b | project a';
    expect(plan(q2)).toBe('Project a\n  Join inner on a==a where (s != b)\n    Scan T\n    Scan U');
    same(q2);
    expect(db.querySync(q2).rows).toEqual([[1], [3]]); // (1,x,p) and (3,x,q): s != b on both (hand)
  });

  it('remove-constant-filter', () => {
    expect(plan('T | where 1 == 2')).toBe('Values 0 rows');
    expect(plan('T | where true')).toBe('Scan T');
    same('T | where 1 == 2');
  });

  it('prune-columns: scans read only the columns some operator uses', () => {
    const q = 'T | join kind=inner (U | where b != "r") on a | summarize n = count() by b';
    expect(plan(q)).toBe(
      'Aggregate keys b; count()\n  Join inner on a==a\n    Scan T [a]\n    Filter (b != "r")\n      Scan U');
    same(q);
    expect(plan('T | count')).toBe('Aggregate keys -; count()\n  Scan T []');
    same('T | count');
  });

  it('merge-projects: chained extends become one projection, unless a computed column is read twice', () => {
    expect(plan('T | extend z = a * 2 | extend w = z + 1 | project w')).toBe('Project w=((a * 2) + 1)\n  Scan T [a]');
    same('T | extend z = a * 2 | extend w = z + 1 | project w');
    expect(plan('T | extend z = a * 2 | project w = z + z')).toBe('Project w=(z + z)\n  Project z=(a * 2)\n    Scan T [a]');
    same('T | extend z = a * 2 | project w = z + z');
  });

  it('a rule can be switched off by name', () => {
    expect(plan('T | extend z = a * 2 | where s == "x"', { disabledRules: ['push-filter-below-project'] }))
      .toBe('Filter (s == "x")\n  Project a, s, z=(a * 2)\n    Scan T');
  });
});
