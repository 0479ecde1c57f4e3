// Tabular operators ≡ a plain-JS oracle on generated tables: sort/top (KUSTO-SEMANTICS 20, 26), distinct,
// the nine join kinds (1–3), mv-expand (19), union (22) and range (21).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database, type ResultJson } from '../../src/index.js';
import { runs } from './config.js';

type L = { k: number | null; v: number | null; s: string };
type R = { k: number; w: number | null };

const small = fc.integer({ min: 0, max: 3 });
const leftArb: fc.Arbitrary<L[]> = fc.array(
  fc.record({ k: fc.option(small, { nil: null, freq: 5 }), v: fc.option(fc.integer({ min: -9, max: 9 }), { nil: null, freq: 4 }), s: fc.constantFrom('', 'a', 'B', 'b', 'a b') }),
  { maxLength: 8, size: 'max' },
);
const rightArb: fc.Arbitrary<R[]> = fc.array(fc.record({ k: small, w: fc.option(fc.integer({ min: 10, max: 99 }), { nil: null, freq: 4 }) }), { maxLength: 8, size: 'max' });

function db(left: L[], right: R[] = []): Database {
  return new Database({ now: '2026-01-01T00:00:00Z' })
    .addTable('L', left, { k: 'long', v: 'long', s: 'string' })
    .addTable('R', right, { k: 'long', w: 'long' });
}

const q = (d: Database, text: string): ResultJson => d.querySync(text).toJSON();
const rowKey = (r: unknown[]) => JSON.stringify(r);
const multiset = (rows: unknown[][]) => rows.map(rowKey).sort();

/** Kusto's order on a nullable long: nulls are the smallest value unless `nulls first|last` says otherwise. */
function sortKeys(keys: (number | null)[], desc: boolean, nulls: 'first' | 'last' | undefined): (number | null)[] {
  const nullsFirst = nulls === undefined ? !desc : nulls === 'first';
  const nonNull = keys.filter((x): x is number => x !== null).sort((a, b) => (desc ? b - a : a - b));
  const nullKeys = keys.filter((x) => x === null);
  return nullsFirst ? [...nullKeys, ...nonNull] : [...nonNull, ...nullKeys];
}

const directionArb = fc.constantFrom<'' | ' asc' | ' desc'>('', ' asc', ' desc');
const nullsArb = fc.constantFrom<undefined | 'first' | 'last'>(undefined, 'first', 'last');

describe('tabular operators ≡ JS oracle', () => {
  it('sort by k: keys in order (default desc, nulls smallest), rows preserved', () => {
    fc.assert(
      fc.property(leftArb, directionArb, nullsArb, (left, dir, nulls) => {
        const text = `L | sort by k${dir}${nulls ? ` nulls ${nulls}` : ''}`;
        const out = q(db(left), text);
        const desc = dir !== ' asc';
        expect(out.rows.map((r) => r[0]), text).toEqual(sortKeys(left.map((r) => r.k), desc, nulls));
        expect(multiset(out.rows), text).toEqual(multiset(left.map((r) => [r.k, r.v, r.s])));
      }),
      { numRuns: runs(100) },
    );
  });

  it('top n by k: the first n keys of that order (which tied rows is the engine’s choice)', () => {
    fc.assert(
      fc.property(leftArb, fc.integer({ min: 0, max: 6 }), directionArb, nullsArb, (left, n, dir, nulls) => {
        const text = `L | top ${n} by k${dir}${nulls ? ` nulls ${nulls}` : ''}`;
        const out = q(db(left), text);
        expect(out.rows.map((r) => r[0]), text).toEqual(sortKeys(left.map((r) => r.k), dir !== ' asc', nulls).slice(0, n));
        const all = new Set(left.map((r) => rowKey([r.k, r.v, r.s])));
        for (const row of out.rows) expect(all.has(rowKey(row)), `${text}: row ${rowKey(row)} is not an input row`).toBe(true);
      }),
      { numRuns: runs(100) },
    );
  });

  it('distinct k, s: each combination once, null keys together', () => {
    fc.assert(
      fc.property(leftArb, (left) => {
        const out = q(db(left), 'L | distinct k, s');
        expect(multiset(out.rows)).toEqual([...new Set(left.map((r) => rowKey([r.k, r.s])))].sort());
      }),
      { numRuns: runs(80) },
    );
  });

  describe('join kinds on a long key (right keys never null; left keys sometimes null, which match nothing)', () => {
    const KINDS = ['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'leftanti', 'rightsemi', 'rightanti'] as const;
    /** The expected rows (over k, v, s, k1, w or one side) of `L | join kind=K R on k`. */
    function expectedJoin(kind: (typeof KINDS)[number], left: L[], right: R[]): unknown[][] {
      const matches = (l: L) => right.filter((r) => l.k !== null && r.k === l.k);
      const lrow = (l: L) => [l.k, l.v, l.s];
      const rrow = (r: R) => [r.k, r.w];
      const nullL = [null, null, ''];
      const nullR = [null, null];
      switch (kind) {
        case 'inner':
          return left.flatMap((l) => matches(l).map((r) => [...lrow(l), ...rrow(r)]));
        case 'leftouter':
          return left.flatMap((l) => (matches(l).length ? matches(l).map((r) => [...lrow(l), ...rrow(r)]) : [[...lrow(l), ...nullR]]));
        case 'rightouter':
          return right.flatMap((r) => {
            const ls = left.filter((l) => l.k !== null && l.k === r.k);
            return ls.length ? ls.map((l) => [...lrow(l), ...rrow(r)]) : [[...nullL, ...rrow(r)]];
          });
        case 'fullouter':
          return [
            ...expectedJoin('leftouter', left, right),
            ...right.filter((r) => !left.some((l) => l.k === r.k)).map((r) => [...nullL, ...rrow(r)]),
          ];
        case 'leftsemi':
          return left.filter((l) => matches(l).length).map(lrow);
        case 'leftanti':
          return left.filter((l) => !matches(l).length).map(lrow);
        case 'rightsemi':
          return right.filter((r) => left.some((l) => l.k === r.k)).map(rrow);
        case 'rightanti':
          return right.filter((r) => !left.some((l) => l.k === r.k)).map(rrow);
        case 'innerunique':
          return []; // checked by key counts below: which left row survives per key is the engine's choice
      }
    }
    for (const kind of KINDS) {
      it(`kind=${kind}`, () => {
        fc.assert(
          fc.property(leftArb, rightArb, (left, right) => {
            const text = `L | join kind=${kind} R on k`;
            const out = q(db(left, right), text);
            const semi = kind.endsWith('semi') || kind.endsWith('anti');
            const cols = out.columns.map((c) => `${c.name}:${c.type}`).join(', ');
            if (!semi) expect(cols, text).toBe('k:long, v:long, s:string, k1:long, w:long');
            else expect(cols, text).toBe(kind.startsWith('left') ? 'k:long, v:long, s:string' : 'k:long, w:long');
            if (kind !== 'innerunique') {
              expect(multiset(out.rows), text).toEqual(multiset(expectedJoin(kind, left, right)));
              return;
            }
            // innerunique (the default): one left row per key, then inner-joined (KUSTO-SEMANTICS 1)
            const leftByKey = new Map<number, L[]>();
            for (const l of left) if (l.k !== null) leftByKey.set(l.k, [...(leftByKey.get(l.k) ?? []), l]);
            const want = [...leftByKey.keys()].flatMap((k) => right.filter((r) => r.k === k).map((r) => rowKey([k, ...[r.k, r.w]])));
            expect(out.rows.map((r) => rowKey([r[0], r[3], r[4]])).sort(), text).toEqual(want.sort());
            const leftRows = new Set(left.map((l) => rowKey([l.k, l.v, l.s])));
            for (const r of out.rows) expect(leftRows.has(rowKey(r.slice(0, 3))), `${text}: left part ${rowKey(r.slice(0, 3))}`).toBe(true);
            // and the same left row for every match of a key
            const chosen = new Map<unknown, string>();
            for (const r of out.rows) {
              const prev = chosen.get(r[0]);
              const cur = rowKey(r.slice(0, 3));
              if (prev !== undefined) expect(cur, `${text}: two left rows for key ${String(r[0])}`).toBe(prev);
              chosen.set(r[0], cur);
            }
          }),
          { numRuns: runs(60) },
        );
      });
    }
  });

  it('mv-expand: array → one row per element, [] → none, null or a scalar → one row, bag → one row per key', () => {
    const cell = fc.oneof(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null), fc.constant('x')), { maxLength: 3 }),
      fc.constant(null),
      fc.integer({ min: 0, max: 9 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 9 }), { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 5 }), (cells) => {
        const d = new Database().addTable('M', cells.map((c, i) => ({ id: i, a: c })), { id: 'long', a: 'dynamic' });
        const out = q(d, 'M | mv-expand a');
        const want = cells.flatMap((c, i): unknown[][] => {
          if (Array.isArray(c)) return c.map((e) => [i, e]);
          if (c !== null && typeof c === 'object') return Object.entries(c).map(([k, v]) => [i, { [k]: v }]);
          return [[i, c]];
        });
        expect(multiset(out.rows), JSON.stringify(cells)).toEqual(multiset(want));
      }),
      { numRuns: runs(100) },
    );
  });

  it('union: the multiset sum, missing columns null-filled', () => {
    fc.assert(
      fc.property(leftArb, rightArb, (left, right) => {
        const out = q(db(left, right), 'union L, R');
        expect(out.columns.map((c) => c.name)).toEqual(['k', 'v', 's', 'w']);
        const want = [...left.map((l) => [l.k, l.v, l.s, null]), ...right.map((r) => [r.k, null, '', r.w])];
        expect(multiset(out.rows)).toEqual(multiset(want));
      }),
      { numRuns: runs(60) },
    );
  });

  it('range from a to b step s: inclusive of both ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: -7, max: 7 }).filter((s) => s !== 0), (a, b, s) => {
        const out = q(new Database(), `range x from ${a} to ${b} step ${s}`);
        const want: number[] = [];
        for (let x = a; s > 0 ? x <= b : x >= b; x += s) want.push(x);
        expect(out.rows.map((r) => r[0]), `range x from ${a} to ${b} step ${s}`).toEqual(want);
      }),
      { numRuns: runs(100) },
    );
  });
});
