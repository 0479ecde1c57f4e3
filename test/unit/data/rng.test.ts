import { describe, expect, it } from 'vitest';
import { Rng, weighted } from '../../../src/data/rng.js';

const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.u32());

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(take(new Rng(7), 20)).toEqual(take(new Rng(7), 20));
    expect(take(new Rng(7), 20)).not.toEqual(take(new Rng(8), 20));
    expect(take(new Rng(0), 4).every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  it('forks independent, stable streams without advancing the parent', () => {
    const a = new Rng(1);
    const before = take(new Rng(1), 5);
    const f1 = take(a.fork('events'), 5);
    expect(take(a, 5)).toEqual(before);
    expect(take(new Rng(1).fork('events'), 5)).toEqual(f1);
    expect(take(new Rng(1).fork('alerts'), 5)).not.toEqual(f1);
  });

  it('keeps next/int/float/chance in range and roughly uniform', () => {
    const rng = new Rng(3);
    const counts = new Array<number>(6).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 60_000; i++) {
      const x = rng.next();
      const k = rng.int(1, 6);
      const f = rng.float(-2, 3);
      if (!(x >= 0 && x < 1) || !(f >= -2 && f < 3) || !(k >= 1 && k <= 6)) outOfRange++;
      counts[k - 1]! += 1;
    }
    expect(outOfRange).toBe(0);
    for (const c of counts) expect(c / 60_000).toBeCloseTo(1 / 6, 1);
    let hits = 0;
    for (let i = 0; i < 20_000; i++) if (rng.chance(0.25)) hits++;
    expect(hits / 20_000).toBeGreaterThan(0.23);
    expect(hits / 20_000).toBeLessThan(0.27);
  });

  it('makes canonical lowercase v4 guids and flat hex strings', () => {
    const rng = new Rng(11);
    const ids = Array.from({ length: 1000 }, () => rng.guid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1000);
    expect(rng.hex(64)).toMatch(/^[0-9a-f]{64}$/);
    expect(rng.hex(5)).toMatch(/^[0-9a-f]{5}$/);
    expect(rng.hex(300)).toMatch(/^[0-9a-f]{300}$/);
  });

  it('picks uniformly and by weight', () => {
    const rng = new Rng(5);
    expect(() => rng.pick([])).toThrow(RangeError);
    const pick = weighted([['a', 3], ['b', 1], ['never', 0]] as const);
    const seen = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) seen[pick(rng)]++;
    expect(seen.never).toBe(0);
    expect(seen.a / 40_000).toBeGreaterThan(0.73);
    expect(seen.a / 40_000).toBeLessThan(0.77);
    expect(() => weighted([['x', 0]])).toThrow(RangeError);
  });
});
