// Series analysis functions: Fourier transforms (series-fft-function.md, series-ifft-function.md),
// polynomial and two-segment regression (series-fit-poly-function.md, series-fit-2lines-function.md,
// series-fit-2lines-dynamic-function.md) and Welch's t-test (welch-test-function.md).
import { betaCdf } from './math-special.js';
import type { Scalar } from '../../types.js';
import { defineScalar, DYNAMIC, NUMBER, p, STRING, type Implementation, type RowFn, type ScalarFunctionDef } from '../define.js';
import { decompose, fitLine } from './series.js';
import { PeriodScorer } from './periods.js';
import { dft, idft } from './fft.js';

// a long beyond 2^53 (a bigint inside dynamic) is its nearest double: series compute in doubles
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : null);
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
/** A finite double for a dynamic array or a real column (NaN and infinities: null). */
const out = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x + 0);
const noNulls = (fn: RowFn): Implementation => ({ kind: 'row', fn, nullPropagating: false });

// ───────────────────────────── Fourier transform ─────────────────────────────

/**
 * The complex input of series_fft / series_ifft: missing or non-numeric elements are 0 (the docs
 * say nothing of them); without an imaginary series it is all 0; the shorter series is padded with 0.
 */
function complexInput(re: Scalar, im: Scalar | undefined): [number[], number[]] | null {
  if (!isArray(re) || (im !== undefined && im !== null && !isArray(im))) return null;
  const imag = isArray(im) ? im : [];
  const n = Math.max(re.length, imag.length);
  const xr: number[] = new Array(n);
  const xi: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    xr[k] = num(re[k]) ?? 0;
    xi[k] = num(imag[k]) ?? 0;
  }
  return [xr, xi];
}

function transform(name: string, fn: typeof dft, doc: string, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [
      { params: [p('x_real', DYNAMIC)], returns: 'dynamic' },
      { params: [p('x_real', DYNAMIC), p('x_imaginary', DYNAMIC)], returns: 'dynamic' },
    ],
    doc,
    example,
    implement: () => noNulls((re, im) => {
      const x = complexInput(re, im);
      if (!x) return null;
      const [r, i] = fn(x[0], x[1]);
      return { real: r.map(out), imag: i.map(out) } as Scalar;
    }),
  });
}

// ───────────────────────────── polynomial regression ─────────────────────────────

/**
 * Least squares for A·c ≈ y by Householder QR (A is m×k, m ≥ k, column-major copies), which keeps
 * high-degree Vandermonde fits usable where the normal equations lose half the digits. Null when A
 * does not have full column rank.
 */
function leastSquares(cols: number[][], y: number[]): number[] | null {
  const m = y.length;
  const k = cols.length;
  const a = cols.map((c) => [...c]);
  const b = [...y];
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[j]![i]! ** 2;
    norm = Math.sqrt(norm);
    const scale = Math.max(...a.map((c) => Math.max(...c.map(Math.abs))));
    if (norm <= 1e-13 * (scale || 1)) return null;
    const alpha = a[j]![j]! > 0 ? -norm : norm;
    const v = new Array<number>(m).fill(0);
    for (let i = j; i < m; i++) v[i] = a[j]![i]!;
    v[j] = v[j]! - alpha;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i]! ** 2;
    if (vv === 0) continue;
    const reflect = (col: number[]) => {
      let d = 0;
      for (let i = j; i < m; i++) d += v[i]! * col[i]!;
      const f = (2 * d) / vv;
      for (let i = j; i < m; i++) col[i] = col[i]! - f * v[i]!;
    };
    for (let c = j; c < k; c++) reflect(a[c]!);
    reflect(b);
  }
  const x = new Array<number>(k).fill(0);
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let c = j + 1; c < k; c++) s -= a[c]![j]! * x[c]!;
    x[j] = s / a[j]![j]!;
  }
  return x;
}

export interface PolyFit { rsquare: number; coefficients: number[]; variance: number; rvariance: number; poly_fit: number[] }

/**
 * series_fit_poly: the least-squares polynomial of the degree over the points (x[i], y[i]) (x defaults
 * to 1..n). coefficients run from the highest power down; variance and rvariance are, as for
 * series_fit_line (which degree 1 must match), the sums of squares about the mean and about the fit
 * over n - 1. Null when the points cannot determine the polynomial (fewer than degree + 1 distinct x).
 */
export function fitPoly(ys: number[], xs: number[], degree: number): PolyFit | null {
  const n = ys.length;
  if (n === 0 || xs.length !== n || degree < 0) return null;
  const cols: number[][] = [];
  for (let d = degree; d >= 0; d--) cols.push(xs.map((x) => x ** d));
  const coefficients = leastSquares(cols, ys);
  if (!coefficients) return null;
  const poly_fit = xs.map((x) => coefficients.reduce((acc, c) => acc * x + c, 0));
  const mean = ys.reduce((s, y) => s + y, 0) / n;
  let ssTot = 0;
  let ssRes = 0;
  for (let i = 0; i < n; i++) {
    ssTot += (ys[i]! - mean) ** 2;
    ssRes += (ys[i]! - poly_fit[i]!) ** 2;
  }
  return {
    rsquare: ssTot === 0 ? 1 : 1 - ssRes / ssTot,
    coefficients,
    variance: n > 1 ? ssTot / (n - 1) : 0,
    rvariance: n > 1 ? ssRes / (n - 1) : 0,
    poly_fit,
  };
}

// ───────────────────────────── two-segment regression ─────────────────────────────

type Line = ReturnType<typeof fitLine>;
export interface TwoLines {
  rsquare: number; split_idx: number; variance: number; rvariance: number; line_fit: number[];
  right: Omit<Line, 'line_fit'>; left: Omit<Line, 'line_fit'>;
}

const lineParams = (l: Line): Omit<Line, 'line_fit'> =>
  ({ rsquare: l.rsquare, slope: l.slope, interception: l.interception, variance: l.variance, rvariance: l.rvariance });

/**
 * series_fit_2lines: for each split index k, the left part y[0..k-1] and the right part y[k..n-1] each get
 * series_fit_line's line (over their own x = 1..length, as the docs say the parts are fitted "using
 * series_fit_line()"); the split with the highest total r-square, 1 - (left + right residual sum of
 * squares) / total sum of squares, wins (the first on ties). Each part has at least two points, so the
 * series needs four; fewer: null. Our reading of the docs (they give no numbers): split_idx is the first
 * index of the right part.
 */
export function fitTwoLines(ys: number[]): TwoLines | null {
  const n = ys.length;
  if (n < 4) return null;
  const mean = ys.reduce((s, y) => s + y, 0) / n;
  const ssTot = ys.reduce((s, y) => s + (y - mean) ** 2, 0);
  const ssRes = (part: number[], l: Line) => part.reduce((s, y, i) => s + (y - l.line_fit[i]!) ** 2, 0);
  let best: { k: number; ss: number; left: Line; right: Line } | null = null;
  for (let k = 2; k <= n - 2; k++) {
    const lp = ys.slice(0, k);
    const rp = ys.slice(k);
    const left = fitLine(lp);
    const right = fitLine(rp);
    const ss = ssRes(lp, left) + ssRes(rp, right);
    if (best === null || ss < best.ss - 1e-12 * Math.max(1, ssTot)) best = { k, ss, left, right };
  }
  const { k, ss, left, right } = best!;
  return {
    rsquare: ssTot === 0 ? 1 : 1 - ss / ssTot,
    split_idx: k,
    variance: ssTot / (n - 1),
    rvariance: ss / (n - 1),
    line_fit: [...left.line_fit, ...right.line_fit],
    right: lineParams(right),
    left: lineParams(left),
  };
}

const numbersOrZero = (a: unknown[]): number[] => a.map((v) => num(v) ?? 0);

// ───────────────────────────── Welch's t-test ─────────────────────────────

/** The regularized incomplete beta function I_x(a, b): beta_cdf's (math-special.ts), 0 and 1 outside (0, 1). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betaCdf(x, a, b);
}

/**
 * welch_test: the two-sided p-value of Welch's t-test (the test the docs link), t = (m1 - m2) /
 * √(v1/c1 + v2/c2) with the Welch–Satterthwaite degrees of freedom; P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2).
 * Null when the statistic is undefined (a count below 2, both variances 0).
 */
export function welchPValue(m1: number, v1: number, c1: number, m2: number, v2: number, c2: number): number | null {
  if (!(c1 > 1 && c2 > 1) || v1 < 0 || v2 < 0) return null;
  const s1 = v1 / c1;
  const s2 = v2 / c2;
  const se2 = s1 + s2;
  if (!(se2 > 0)) return null;
  const t = (m1 - m2) / Math.sqrt(se2);
  const df = (se2 * se2) / ((s1 * s1) / (c1 - 1) + (s2 * s2) / (c2 - 1));
  if (!Number.isFinite(t) || !(df > 0)) return null;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

// ───────────────────────────── periods and forecast ─────────────────────────────

/** The most periods series_periods_detect returns (its output arrays are num_periods long). */
const MAX_PERIODS = 1024;

const trendKinds = new Set(['avg', 'linefit', 'none']);

// ───────────────────────────── definitions ─────────────────────────────

const flatTwoLines = (r: TwoLines | null): Scalar => {
  if (!r) return null;
  const bag: { [k: string]: unknown } = { rsquare: out(r.rsquare), split_idx: r.split_idx, variance: out(r.variance), rvariance: out(r.rvariance), line_fit: r.line_fit.map(out) };
  for (const side of ['right', 'left'] as const) {
    for (const [k, v] of Object.entries(r[side])) bag[`${side}_${k}`] = out(v);
  }
  return bag as Scalar;
};

const nestedTwoLines = (r: TwoLines | null): Scalar => {
  if (!r) return null;
  const side = (l: Omit<Line, 'line_fit'>) => ({ rsquare: out(l.rsquare), slope: out(l.slope), interception: out(l.interception), variance: out(l.variance), rvariance: out(l.rvariance) });
  return { rsquare: out(r.rsquare), split_idx: r.split_idx, variance: out(r.variance), rvariance: out(r.rvariance), line_fit: r.line_fit.map(out), right: side(r.right), left: side(r.left) } as Scalar;
};

export const seriesAnalysisFunctions: ScalarFunctionDef[] = [
  transform('series_fft', dft, 'Columns real and imag: the discrete Fourier transform X[k] = Σ x[j]·e^(-2πi·jk/n) of a complex series (imaginary part optional; missing elements are 0).',
    'print x = dynamic([1, 2, 3, 4]) | extend series_fft(x)'),
  transform('series_ifft', idft, 'Columns real and imag: the inverse discrete Fourier transform x[j] = (1/n)·Σ X[k]·e^(2πi·jk/n), so series_ifft(series_fft(x)) is x.',
    'print re = dynamic([10, -2, -2, -2]), im = dynamic([0, 2, 0, -2]) | extend series_ifft(re, im)'),
  defineScalar({
    name: 'series_fit_poly',
    signatures: [
      { params: [p('y_series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('y_series', DYNAMIC), p('x_series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('y_series', DYNAMIC), p('x_series', DYNAMIC), p('degree', NUMBER)], returns: 'dynamic' },
    ],
    doc: 'Columns rsquare, coefficients (highest power first), variance, rvariance and poly_fit of the least-squares polynomial of the degree (default 1) over x (default 1..n).',
    example: 'print y = dynamic([2, 5, 10, 17]) | extend series_fit_poly(y, dynamic([1, 2, 3, 4]), 2)',
    implement: () => noNulls((y, x = null, deg = 1) => {
      if (!isArray(y) || (x !== null && !isArray(x))) return null;
      const degree = deg === null ? 1 : Number(deg);
      if (!Number.isInteger(degree) || degree < 1) throw new Error(`the degree must be a whole number of at least 1, not ${String(deg)}`);
      const ys = numbersOrZero(y);
      const xs = isArray(x) ? numbersOrZero(x) : ys.map((_, i) => i + 1);
      const f = fitPoly(ys, xs, degree);
      if (!f) return null;
      return { rsquare: out(f.rsquare), coefficients: f.coefficients.map(out), variance: out(f.variance), rvariance: out(f.rvariance), poly_fit: f.poly_fit.map(out) } as Scalar;
    }),
  }),
  defineScalar({
    name: 'series_fit_2lines',
    signatures: [{ params: [p('series', DYNAMIC)], returns: 'dynamic' }],
    doc: 'Columns rsquare, split_idx, variance, rvariance, line_fit and right_/left_ rsquare, slope, interception, variance, rvariance of the best two-segment linear regression.',
    example: 'print y = dynamic([1, 2, 3, 4, 10, 8, 6, 4]) | extend series_fit_2lines(y)',
    implement: () => (a) => (isArray(a) ? flatTwoLines(fitTwoLines(numbersOrZero(a))) : null),
  }),
  defineScalar({
    name: 'series_fit_2lines_dynamic',
    signatures: [{ params: [p('series', DYNAMIC)], returns: 'dynamic' }],
    doc: 'The best two-segment linear regression as a bag: rsquare, split_idx, variance, rvariance, line_fit, and right / left bags of rsquare, slope, interception, variance, rvariance.',
    example: 'print series_fit_2lines_dynamic(dynamic([1, 2, 3, 4, 10, 8, 6, 4]))',
    implement: () => (a) => (isArray(a) ? nestedTwoLines(fitTwoLines(numbersOrZero(a))) : null),
  }),
  defineScalar({
    name: 'welch_test',
    signatures: [{
      params: [p('mean1', NUMBER), p('variance1', NUMBER), p('count1', NUMBER), p('mean2', NUMBER), p('variance2', NUMBER), p('count2', NUMBER)],
      returns: 'real',
    }],
    doc: "The two-sided p-value of Welch's t-test for two samples given by mean, variance and count.",
    example: 'print welch_test(1, 2, 3, 4, 5, 6)',
    implement: () => (m1, v1, c1, m2, v2, c2) =>
      out(welchPValue(m1 as number, v1 as number, c1 as number, m2 as number, v2 as number, c2 as number)),
  }),
  defineScalar({
    name: 'series_periods_detect',
    signatures: [{ params: [p('series', DYNAMIC), p('min_period', NUMBER), p('max_period', NUMBER), p('num_periods', NUMBER)], returns: 'dynamic' }],
    doc: 'Columns periods and scores: the num_periods most significant periods (in bins, 4 to half the series, within [min_period, max_period]) by score in [0, 1], padded with 0 (periodogram candidates confirmed by autocorrelation).',
    example: 'print y = dynamic([1, 5, 9, 5, 1, 5, 9, 5, 1, 5, 9, 5, 1, 5, 9, 5]) | project series_periods_detect(y, 0.0, 8.0, 2)',
    implement: () => noNulls((a, lo, hi, count) => {
      if (!isArray(a) || lo === null || hi === null || count === null) return null;
      const want = Math.trunc(count as number);
      if (!(want <= MAX_PERIODS)) throw new Error(`num_periods must be at most ${MAX_PERIODS}, not ${String(count)}`);
      const found = new PeriodScorer(numbersOrZero(a)).detect(lo as number, hi as number).slice(0, Math.max(0, want));
      const periods = found.map((f) => f.period);
      const scores = found.map((f) => out(f.score));
      while (periods.length < want) { periods.push(0); scores.push(0); }
      return { periods, scores } as Scalar;
    }),
  }),
  defineScalar({
    name: 'series_periods_validate',
    signatures: [{ params: [p('series', DYNAMIC), p('period', NUMBER, { repeatable: true })], returns: 'dynamic' }],
    doc: 'Columns periods and scores: each given period (in bins) with its score in [0, 1]; a period below 4 or above half the series scores 0.',
    example: 'print y = dynamic([1, 5, 9, 5, 1, 5, 9, 5, 1, 5, 9, 5, 1, 5, 9, 5]) | project series_periods_validate(y, 4.0, 5.0)',
    implement: () => noNulls((a, ...periods) => {
      if (!isArray(a)) return null;
      if (periods.length > 16) throw new Error(`at most 16 periods can be validated, not ${periods.length}`);
      const scorer = new PeriodScorer(numbersOrZero(a));
      return {
        periods: periods.map((q) => (typeof q === 'number' ? out(q) : null)),
        scores: periods.map((q) => (typeof q === 'number' ? out(scorer.score(q)) : null)),
      } as Scalar;
    }),
  }),
  defineScalar({
    name: 'series_decompose_forecast',
    signatures: [
      { params: [p('series', DYNAMIC), p('points', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('points', NUMBER), p('seasonality', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('points', NUMBER), p('seasonality', NUMBER), p('trend', STRING)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('points', NUMBER), p('seasonality', NUMBER), p('trend', STRING), p('seasonality_threshold', NUMBER)], returns: 'dynamic' },
    ],
    doc: 'Columns baseline (the forecast), seasonal, trend and residual: series_decompose learning from all but the last points values, extended over them (seasonality -1: detected, 0: none; trend avg (default), linefit or none).',
    example: 'print y = dynamic([1, 3, 5, 1, 3, 5, 1, 3, 5, 0, 0, 0]) | extend series_decompose_forecast(y, 3, 3)',
    implement: () => noNulls((a, points, season = -1, trend = 'avg', seasonThreshold = 0.6) => {
      if (!isArray(a) || points === null) return null;
      const t = String(trend ?? 'avg');
      if (!trendKinds.has(t)) throw new Error(`trend must be 'avg', 'linefit' or 'none', not '${t}'`);
      const d = decompose(numbersOrZero(a), (season as number | null) ?? -1, t, points as number, (seasonThreshold as number | null) ?? 0.6);
      return { baseline: d.baseline.map(out), seasonal: d.seasonal.map(out), trend: d.trend.map(out), residual: d.residual.map(out) } as Scalar;
    }),
  }),
];
