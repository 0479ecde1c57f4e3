// The numeric kernels behind series_fft/ifft, series_fit_poly, welch_test and period detection, checked
// against independent computations (a naive O(n²) DFT, closed forms of the incomplete beta function).
import { describe, expect, it } from 'vitest';
import { dft, idft } from '../../../src/functions/scalar/fft.js';
import { fitPoly, incompleteBeta } from '../../../src/functions/scalar/series-analysis.js';
import { PeriodScorer } from '../../../src/functions/scalar/periods.js';

/** A fixed pseudo-random sequence (a linear congruential generator), so the test cannot flake. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function naiveDft(xr: number[], xi: number[]): [number[], number[]] {
  const n = xr.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      sr += xr[j]! * Math.cos(a) - xi[j]! * Math.sin(a);
      si += xr[j]! * Math.sin(a) + xi[j]! * Math.cos(a);
    }
    re.push(sr);
    im.push(si);
  }
  return [re, im];
}

describe('dft', () => {
  it('matches a naive DFT for every length 1..64 (radix-2 and Bluestein paths)', () => {
    const rand = lcg(7);
    for (let n = 1; n <= 64; n++) {
      const xr = Array.from({ length: n }, rand);
      const xi = Array.from({ length: n }, rand);
      const [r, i] = dft(xr, xi);
      const [er, ei] = naiveDft(xr, xi);
      for (let k = 0; k < n; k++) {
        expect(Math.abs(r[k]! - er[k]!)).toBeLessThan(1e-9);
        expect(Math.abs(i[k]! - ei[k]!)).toBeLessThan(1e-9);
      }
      const [br, bi] = idft(r, i);
      for (let k = 0; k < n; k++) {
        expect(Math.abs(br[k]! - xr[k]!)).toBeLessThan(1e-12);
        expect(Math.abs(bi[k]! - xi[k]!)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('incompleteBeta', () => {
  it('agrees with closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(incompleteBeta(x, 1, 1)).toBeCloseTo(x, 13); // I_x(1,1) = x
      expect(incompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 13); // I_x(a,1) = x^a
      expect(incompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 13); // I_x(1,b) = 1 - (1-x)^b
    }
    expect(incompleteBeta(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 13); // symmetry
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('fitPoly', () => {
  it('interpolates n points exactly with degree n - 1, and gives null when x cannot determine it', () => {
    const xs = [0.1, 0.3, 0.45, 0.7, 0.9, 1];
    const ys = xs.map((x) => 3 * x ** 5 - 2 * x ** 3 + x - 4);
    const f = fitPoly(ys, xs, 5)!;
    [3, 0, -2, 0, 1, -4].forEach((c, i) => expect(f.coefficients[i]).toBeCloseTo(c, 6));
    expect(f.rsquare).toBeCloseTo(1, 12);
    expect(fitPoly([1, 2, 3], [1, 1, 1], 1)).toBeNull();
  });
});

describe('PeriodScorer', () => {
  it('finds the period of a noisy sinusoid and scores others low', () => {
    const rand = lcg(3);
    const xs = Array.from({ length: 200 }, (_, i) => 10 * Math.sin((2 * Math.PI * i) / 24) + rand() + 0.05 * i);
    const s = new PeriodScorer(xs);
    expect(s.detect(0, 100)[0]!.period).toBe(24);
    expect(s.score(24)).toBeGreaterThan(0.9);
    expect(s.score(12)).toBe(0);
    expect(s.score(3)).toBe(0);
    expect(s.score(101)).toBe(0);
  });
});
