// summarize's key coding (operators/aggregate.ts) checked against an independent JS Map count, on
// data built so that groups appear in later batches, the pair grid has to grow, and the number of
// distinct pairs outgrows the grid (fallback to hashing) part-way through.
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function check(rows: { a: number | null; b: string }[]) {
  const db = new Database();
  db.addTable('T', rows, { a: 'long', b: 'string' });
  const r = db.querySync('T | summarize c = count() by a, b');
  const expected = new Map<string, number>();
  for (const x of rows) expected.set(`${x.a}|${x.b}`, (expected.get(`${x.a}|${x.b}`) ?? 0) + 1);
  const got = new Map<string, number>();
  for (const row of r.rows) got.set(`${row[0]}|${row[1]}`, row[2] as number);
  expect(got.size).toBe(expected.size);
  expect(got).toEqual(expected);
}

describe('summarize by two keys', () => {
  it('counts every pair when new values keep appearing in later batches (grid growth)', () => {
    const rnd = lcg(7);
    const rows = Array.from({ length: 300_000 }, (_, i) => ({
      a: i % 97 === 0 ? null : Math.floor(rnd() * (i < 100_000 ? 10 : 3000)),
      b: `s${Math.floor(rnd() * (i < 150_000 ? 5 : 900))}`,
    }));
    check(rows);
  });

  it('counts every pair when the distinct pairs outgrow the grid (hash fallback mid-stream)', () => {
    const rnd = lcg(11);
    const rows = Array.from({ length: 260_000 }, (_, i) => ({
      a: Math.floor(rnd() * (i < 70_000 ? 50 : 60_000)),
      b: `s${Math.floor(rnd() * (i < 70_000 ? 7 : 200))}`,
    }));
    check(rows);
  });
});
