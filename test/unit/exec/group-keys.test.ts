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

describe('summarize by one numeric key (open-addressing number codes)', () => {
  it('counts real keys like a JS Map: 0 and -0 one group, NaN one group, nulls one group, large values exact', () => {
    const rnd = lcg(5);
    const values = [0, -0, NaN, 1.5, -1.5, 1e300, -1e-300, 1_700_000_000_000, 1_700_000_000_001, 2 ** 52 + 1];
    const rows = Array.from({ length: 150_000 }, (_, i) => ({
      // runs of repeated values (the previous-row shortcut) mixed with scattered ones, and 40,000 distinct
      // values later on (the table grows several times)
      x: i % 1009 === 0 ? null : i < 50_000 ? values[Math.floor(i / 7) % values.length]! : i < 90_000 ? i * 0.25 : values[Math.floor(rnd() * values.length)]!,
    }));
    const db = new Database();
    db.addTable('T', rows, { x: 'real' });
    const r = db.querySync('T | summarize c = count() by x');
    // expected, independently: a JS Map (SameValueZero: -0 is 0, NaN is NaN) plus a null count
    const expected = new Map<number | null, number>();
    for (const { x } of rows) expected.set(x, (expected.get(x) ?? 0) + 1);
    const got = new Map<number | null, number>();
    for (const row of r.rows) got.set(row[0] as number | null, row[1] as number);
    expect(got.size).toBe(expected.size);
    expect(got).toEqual(expected);
  });

  it('groups datetimes by bin() and strings in runs the same as a Map', () => {
    const base = Date.UTC(2025, 0, 1);
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ t: new Date(base + Math.floor(i / 3) * 60_000 + (i % 3)), s: `k${Math.floor(i / 500) % 37}` }));
    const db = new Database();
    db.addTable('T', rows, { t: 'datetime', s: 'string' });
    const r = db.querySync('T | summarize c = count() by bin(t, 1h), s');
    const expected = new Map<string, number>();
    for (const { t, s } of rows) {
      const key = `${Math.floor(t.getTime() / 3_600_000) * 3_600_000}|${s}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const got = new Map<string, number>();
    for (const row of r.rows) got.set(`${(row[0] as Date).getTime()}|${row[1]}`, row[2] as number);
    expect(got).toEqual(expected);
  });
});
