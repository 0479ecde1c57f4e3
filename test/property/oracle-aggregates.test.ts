// Aggregate kernels ≡ a row-at-a-time oracle: summarize over generated tables with nulls, null keys and
// empty input, checked against plain JS following KUSTO-SEMANTICS.md rows 6–7 and the make_list docs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { runs } from './config.js';
import type { GenColumn } from './generators.js';

const SCHEMA: GenColumn[] = [
  { name: 'rowid', type: 'long' },
  { name: 'b', type: 'bool' },
  { name: 'k', type: 'long' },
  { name: 'l', type: 'long' },
  { name: 'r', type: 'real' },
  { name: 's', type: 'string' },
];

type Row = { rowid: number; b: boolean | null; k: number | null; l: number | null; r: number | null; s: string };

const tableArb: fc.Arbitrary<Row[]> = fc
  .array(
    fc.record({
      b: fc.option(fc.boolean(), { nil: null, freq: 4 }),
      k: fc.option(fc.integer({ min: -1, max: 2 }), { nil: null, freq: 4 }),
      l: fc.option(fc.integer({ min: -50, max: 50 }), { nil: null, freq: 3 }),
      // multiples of 1/8: sums are exact in any order
      r: fc.option(fc.oneof(fc.integer({ min: -40, max: 40 }).map((x) => x / 8), fc.constantFrom(NaN, Infinity)), { nil: null, freq: 3 }),
      s: fc.constantFrom('', 'a', 'B', 'a b'),
    }),
    { maxLength: 14, size: 'max' },
  )
  .map((rows) => rows.map((r, i) => ({ rowid: i, ...r })));

const AGGS = [
  'c = count()',
  'ci = countif(l > 0)',
  'su = sum(l)',
  'sr = sum(r)',
  'si = sumif(l, b)',
  'av = avg(l)',
  'mn = min(l)',
  'mx = max(l)',
  'dc = dcount(l)',
  'ms = make_set(l)',
  'ml = make_list(l)',
  'am = arg_max(l, rowid)',
] as const;

type Json = unknown;

/** Non-finite reals as toJSON renders them. */
const realJson = (x: number): Json => (Number.isFinite(x) ? x + 0 : Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity');

/** The expected aggregate values of one group (KUSTO-SEMANTICS 7: nulls are ignored; count/sum of nothing is 0, avg NaN, min/max null). */
function expectedAggregates(group: Row[]): Record<string, Json> {
  const ls = group.map((r) => r.l).filter((x): x is number => x !== null);
  const rs = group.map((r) => r.r).filter((x): x is number => x !== null);
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  return {
    c: group.length,
    ci: group.filter((r) => r.l !== null && r.l > 0).length,
    su: sum(ls),
    sr: realJson(sum(rs)),
    si: sum(group.filter((r) => r.b === true && r.l !== null).map((r) => r.l!)),
    av: ls.length ? realJson(sum(ls) / ls.length) : 'NaN',
    mn: ls.length ? Math.min(...ls) : null,
    mx: ls.length ? Math.max(...ls) : null,
    dc: new Set(ls).size,
    ms: [...new Set(ls)].sort((a, b) => a - b),
    ml: [...ls].sort((a, b) => a - b),
  };
}

const sortedNumbers = (v: Json) => (Array.isArray(v) ? [...(v as number[])].sort((a, b) => a - b) : v);

function check(rows: Row[], key: 'k' | 'b' | 's' | null): void {
  const db = new Database({ now: '2026-01-01T00:00:00Z' });
  db.addTable('T', rows, SCHEMA);
  const query = `T | summarize ${AGGS.join(', ')}${key ? ` by ${key}` : ''}`;
  const json = db.querySync(query).toJSON();
  const names = json.columns.map((c) => c.name);
  const expectedNames = [...(key ? [key] : []), 'c', 'ci', 'su', 'sr', 'si', 'av', 'mn', 'mx', 'dc', 'ms', 'ml', 'am', 'rowid'];
  expect(names, query).toEqual(expectedNames);

  // group the rows as Kusto does: null keys form one group (strings are never null)
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const kv = key ? JSON.stringify(row[key]) : '*';
    groups.set(kv, [...(groups.get(kv) ?? []), row]);
  }
  if (!key && rows.length === 0) groups.set('*', []); // no `by` over empty input: one row of defaults

  expect(json.rows.length, `${query}: number of groups`).toBe(groups.size);
  for (const out of json.rows) {
    const rec = Object.fromEntries(names.map((n, j) => [n, out[j]]));
    const kv = key ? JSON.stringify(rec[key]) : '*';
    const group = groups.get(kv);
    expect(group, `${query}: unexpected group ${kv}`).toBeDefined();
    const want = expectedAggregates(group!);
    const got: Record<string, unknown> = { ...rec, ms: sortedNumbers(rec.ms), ml: sortedNumbers(rec.ml) };
    for (const name of Object.keys(want)) {
      expect(got[name], `${query}: ${name} of group ${kv} (rows ${JSON.stringify(group)})`).toEqual(want[name]);
    }
    // am = arg_max(l, rowid) names its first column am: the group's max; rowid names a row holding it (ties: any)
    expect(rec.am, `${query}: arg_max's value of group ${kv}`).toEqual(want.mx);
    if (want.mx !== null) {
      const row = group!.find((r) => r.rowid === rec.rowid);
      expect(row?.l, `${query}: arg_max's rowid ${String(rec.rowid)} of group ${kv}`).toBe(want.mx);
    }
  }
}

describe('aggregate kernels ≡ row-at-a-time oracle', () => {
  for (const key of [null, 'k', 'b', 's'] as const) {
    it(`summarize ... ${key ? `by ${key} (${key === 's' ? 'strings' : 'null keys group together'})` : 'without by (empty input: one row of defaults)'}`, () => {
      fc.assert(fc.property(tableArb, (rows) => check(rows, key)), { numRuns: runs(key ? 80 : 120) });
    });
  }
});
