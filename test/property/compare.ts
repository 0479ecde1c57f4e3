// Compares two runs of one generated query as far as the query determines its answer (order, multiset, count).
import { expect } from 'vitest';
import { KqlError, type Database, type ResultJson } from '../../src/index.js';
import type { GenQuery, Stability } from './generators.js';

export type Outcome = { ok: true; json: ResultJson } | { ok: false; errors: string[] };

export function run(db: Database, text: string, optimize: boolean): Outcome {
  try {
    return { ok: true, json: db.querySync(text, { optimize, timeoutMs: 2000, maxRows: 200_000 }).toJSON() };
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    return { ok: false, errors: e.diagnostics.map((d) => `${d.code} ${d.message} at ${d.line}:${d.column}`) };
  }
}

/**
 * A cell in a form two correct runs must agree on: reals rounded to 12 significant digits and
 * below 1e-9 to 0 (sums and averages may add in another order; the generated data keeps such sums
 * exact or nearly so, see generators.ts longValue), -0 as 0, bag keys sorted; `set` arrays
 * (make_set / make_list over unordered input) with their elements sorted.
 */
function canonicalCell(v: unknown, stability: Stability): unknown {
  const canon = (x: unknown): unknown => {
    if (typeof x === 'number') return Number.isInteger(x) ? x + 0 : Math.abs(x) < 1e-9 ? 0 : Number(x.toPrecision(12));
    if (Array.isArray(x)) return x.map(canon);
    if (x && typeof x === 'object') {
      return Object.fromEntries(Object.keys(x).sort().map((k) => [k, canon((x as Record<string, unknown>)[k])]));
    }
    return x;
  };
  const c = canon(v);
  if (stability === 'set' && Array.isArray(c)) return [...c].sort((a, b) => cmpText(JSON.stringify(a), JSON.stringify(b)));
  return c;
}

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How to compare this query's results, given what the generator knows and what the run returned. */
function comparisonFor(q: GenQuery, json: ResultJson): { mode: GenQuery['compare']; stability: Stability[] } {
  const shape = q.shape;
  if (!shape) return { mode: q.compare, stability: json.columns.map(() => 'exact') };
  // the generator tracks the schema itself; if it lost track, only the row count is safe to compare
  const names = shape.cols.map((c) => c.name);
  if (names.join(',') !== json.columns.map((c) => c.name).join(',')) {
    return { mode: shape.countDet ? 'count' : 'schema', stability: json.columns.map(() => 'exact') };
  }
  return { mode: q.compare, stability: shape.cols.map((c) => c.stability) };
}

function canonicalRows(json: ResultJson, stability: Stability[]): string[] {
  return json.rows.map((row) =>
    JSON.stringify(row.flatMap((cell, j) => (stability[j] === 'skip' ? [] : [canonicalCell(cell, stability[j] ?? 'exact')]))),
  );
}

/** Asserts the two outcomes agree as far as the query determines its answer. */
export function expectSameAnswer(q: GenQuery, on: Outcome, off: Outcome, what = 'optimizer on vs off'): void {
  const context = `query:\n${q.text}\ncompare: ${q.compare}`;
  if (!on.ok || !off.ok) {
    expect(on.ok ? 'succeeded' : on.errors, `${what}: ${context}`).toEqual(off.ok ? 'succeeded' : off.errors);
    return;
  }
  expect(on.json.columns, context).toEqual(off.json.columns);
  const { mode, stability } = comparisonFor(q, off.json);
  switch (mode) {
    case 'ordered':
      expect(canonicalRows(on.json, stability), context).toEqual(canonicalRows(off.json, stability));
      break;
    case 'multiset':
      expect(canonicalRows(on.json, stability).sort(cmpText), context).toEqual(canonicalRows(off.json, stability).sort(cmpText));
      break;
    case 'count':
      expect(on.json.rows.length, context).toBe(off.json.rows.length);
      break;
    case 'schema':
      break;
  }
}
