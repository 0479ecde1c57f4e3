// Series functions over dynamic arrays of numbers (series-*-function.md): element-wise arithmetic,
// comparisons and math, fills, statistics, filters, seasonality and line fitting.
import type { KqlType, Scalar } from '../../types.js';
import { defineScalar, DYNAMIC, NUMBER, p, type Implementation, type RowFn, type ScalarFunctionDef } from '../define.js';
import { detectPeriod } from './periods.js';

/** A series element as a number: non-numeric elements (null, strings, bags) are missing. */
// a long beyond 2^53 (a bigint inside dynamic) is its nearest double: series compute in doubles
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : null);
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
/** A finite double for a dynamic array (NaN and infinities have no JSON number form: null). */
const out = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x + 0);
const noNulls = (fn: RowFn): Implementation => ({ kind: 'row', fn, nullPropagating: false });

// ───────────────────────────── element-wise ─────────────────────────────

/** One array argument or a number broadcast to every position (series_add(s, 1)). */
type Operand = { arr: unknown[] } | { scalar: number | null };
const operand = (v: Scalar): Operand | null =>
  isArray(v) ? { arr: v } : typeof v === 'number' || v === null ? { scalar: v as number | null } : null;
const at = (o: Operand, i: number): number | null => ('arr' in o ? num(o.arr[i]) : o.scalar);
const lengthOf = (o: Operand): number => ('arr' in o ? o.arr.length : 0);

/**
 * series_add(s1, s2) and the other binary element-wise functions: the result is as long as the longer
 * array; a missing or non-numeric element on either side gives null (series-add-function.md).
 */
function binary(name: string, op: (a: number, b: number) => number | boolean, returns: 'number' | 'bool', doc: string, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [
      { params: [p('series1', DYNAMIC), p('series2', DYNAMIC)], returns: 'dynamic' },
      { params: [p('series1', DYNAMIC), p('series2', NUMBER)], returns: 'dynamic' },
      { params: [p('series1', NUMBER), p('series2', DYNAMIC)], returns: 'dynamic' },
    ],
    doc,
    example,
    implement: () => (a, b) => {
      const x = operand(a);
      const y = operand(b);
      if (!x || !y || (!('arr' in x) && !('arr' in y))) return null;
      const n = Math.max(lengthOf(x), lengthOf(y));
      const res: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const u = at(x, i);
        const v = at(y, i);
        if (u === null || v === null) res[i] = null;
        else {
          const r = op(u, v);
          res[i] = returns === 'bool' ? r : out(r as number);
        }
      }
      return res as Scalar;
    },
  });
}

/** series_abs(s) and the other unary element-wise functions: non-numeric elements give null. */
function unary(name: string, op: (a: number) => number, doc: string, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [{ params: [p('series', DYNAMIC)], returns: 'dynamic' }],
    doc,
    example,
    implement: () => (a) => {
      if (!isArray(a)) return null;
      return a.map((e) => {
        const v = num(e);
        return v === null ? null : out(op(v));
      }) as Scalar;
    },
  });
}

const arithmetic = [
  binary('series_add', (a, b) => a + b, 'number', 'Element-wise sum of two series (or a series and a number).', 'print series_add(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_subtract', (a, b) => a - b, 'number', 'Element-wise difference of two series.', 'print series_subtract(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_multiply', (a, b) => a * b, 'number', 'Element-wise product of two series.', 'print series_multiply(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_divide', (a, b) => a / b, 'number', 'Element-wise quotient of two series, as doubles.', 'print series_divide(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_pow', (a, b) => Math.pow(a, b), 'number', 'Element-wise power: series1[i] ^ series2[i].', 'print series_pow(dynamic([1, 2, 3, 4]), dynamic([1, 2, 3, 0.5]))'),
  binary('series_equals', (a, b) => a === b, 'bool', 'Element-wise series1[i] == series2[i].', 'print series_equals(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_not_equals', (a, b) => a !== b, 'bool', 'Element-wise series1[i] != series2[i].', 'print series_not_equals(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_greater', (a, b) => a > b, 'bool', 'Element-wise series1[i] > series2[i].', 'print series_greater(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_greater_equals', (a, b) => a >= b, 'bool', 'Element-wise series1[i] >= series2[i].', 'print series_greater_equals(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_less', (a, b) => a < b, 'bool', 'Element-wise series1[i] < series2[i].', 'print series_less(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  binary('series_less_equals', (a, b) => a <= b, 'bool', 'Element-wise series1[i] <= series2[i].', 'print series_less_equals(dynamic([1, 2, 4]), dynamic([4, 2, 1]))'),
  unary('series_abs', Math.abs, 'Element-wise absolute value.', 'print series_abs(dynamic([-6.5, 0, 8.2]))'),
  unary('series_sign', (a) => Math.sign(a) + 0, 'Element-wise sign: -1, 0 or 1.', 'print series_sign(dynamic([-6, 0, 8]))'),
  unary('series_floor', Math.floor, 'Element-wise floor.', 'print series_floor(dynamic([-1.5, 1, 2.5]))'),
  unary('series_ceiling', Math.ceil, 'Element-wise ceiling.', 'print series_ceiling(dynamic([-1.5, 1, 2.5]))'),
  unary('series_exp', Math.exp, 'Element-wise e^x.', 'print series_exp(dynamic([1, 2, 3]))'),
  unary('series_log', Math.log, 'Element-wise natural logarithm.', 'print series_log(dynamic([1, 2, 3]))'),
  unary('series_sin', Math.sin, 'Element-wise sine.', 'print series_sin(dynamic([0, 1]))'),
  unary('series_cos', Math.cos, 'Element-wise cosine.', 'print series_cos(dynamic([0, 1]))'),
  unary('series_tan', Math.tan, 'Element-wise tangent.', 'print series_tan(dynamic([0, 1]))'),
  unary('series_asin', Math.asin, 'Element-wise arc sine.', 'print series_asin(dynamic([-1, 0, 1]))'),
  unary('series_acos', Math.acos, 'Element-wise arc cosine.', 'print series_acos(dynamic([-1, 0, 1]))'),
  unary('series_atan', Math.atan, 'Element-wise arc tangent.', 'print series_atan(dynamic([-1, 0, 1]))'),
];

// ───────────────────────────── reductions ─────────────────────────────

const numbers = (a: unknown[]): number[] => a.map(num).filter((x): x is number => x !== null);

function reduction(name: string, fn: (a: unknown[]) => number | null, doc: string, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [{ params: [p('series', DYNAMIC)], returns: 'real' }],
    doc,
    example,
    implement: () => (a) => (isArray(a) ? fn(a) : null),
  });
}

/** Pairs of elements of two series (a number broadcast), over the shorter array's length. */
function pairs(a: Scalar, b: Scalar): [number | null, number | null][] | null {
  const x = operand(a);
  const y = operand(b);
  if (!x || !y || (!('arr' in x) && !('arr' in y))) return null;
  const n = 'arr' in x && 'arr' in y ? Math.min(x.arr.length, y.arr.length) : Math.max(lengthOf(x), lengthOf(y));
  const res: [number | null, number | null][] = [];
  for (let i = 0; i < n; i++) res.push([at(x, i), at(y, i)]);
  return res;
}

function pairwise(name: string, fn: (xs: number[], ys: number[]) => number | null, doc: string, example: string, scalarSecond: boolean): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [
      { params: [p('series1', DYNAMIC), p('series2', DYNAMIC)], returns: 'real' },
      ...(scalarSecond
        ? [
          { params: [p('series1', DYNAMIC), p('series2', NUMBER)], returns: 'real' as KqlType },
          { params: [p('series1', NUMBER), p('series2', DYNAMIC)], returns: 'real' as KqlType },
        ]
        : []),
    ],
    doc,
    example,
    implement: () => (a, b) => {
      const ps = pairs(a, b);
      if (!ps) return null;
      // elements missing on either side are left out
      const kept = ps.filter((q): q is [number, number] => q[0] !== null && q[1] !== null);
      return out(fn(kept.map((q) => q[0]), kept.map((q) => q[1])));
    },
  });
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

const reductions = [
  reduction('series_sum', (a) => sum(numbers(a)), 'The sum of a series\' numeric elements.', 'print series_sum(dynamic([1, 2, 3]))'),
  reduction('series_product', (a) => numbers(a).reduce((s, x) => s * x, 1), 'The product of a series\' numeric elements.', 'print series_product(dynamic([1, 2, 3]))'),
  reduction('series_magnitude', (a) => Math.sqrt(sum(numbers(a).map((x) => x * x))), 'The Euclidean norm of a series.', 'print series_magnitude(dynamic([3, 4]))'),
  pairwise('series_dot_product', (xs, ys) => sum(xs.map((x, i) => x * ys[i]!)), 'The dot product of two series (or a series and a number).', 'print series_dot_product(dynamic([1, 2, 4]), dynamic([4, 2, 1]))', true),
  pairwise('series_cosine_similarity', (xs, ys) => {
    const d = sum(xs.map((x, i) => x * ys[i]!));
    return d / (Math.sqrt(sum(xs.map((x) => x * x))) * Math.sqrt(sum(ys.map((y) => y * y))));
  }, 'The cosine similarity of two series.', 'print series_cosine_similarity(dynamic([0.1, 0.2, 0.1, 0.2]), dynamic([1, 2, 3, 4]))', false),
  pairwise('series_pearson_correlation', (xs, ys) => {
    const n = xs.length;
    if (n === 0) return null;
    const mx = sum(xs) / n;
    const my = sum(ys) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
      syy += (ys[i]! - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
  }, 'The Pearson correlation coefficient of two series.', 'print series_pearson_correlation(dynamic([1, 2, 3]), dynamic([2, 4, 6]))', false),
];

// ───────────────────────────── statistics ─────────────────────────────

/**
 * min, min_idx, max, max_idx, avg, stdev, variance (sample), sum, len over the numeric elements. Without
 * ignoreNonFinite, an element that is not a finite number (null, NaN, ±inf, a non-number) makes every statistic
 * null (series-stats-function.md, series-stats-dynamic-function.md: ignore_nonfinite "default is false, which
 * returns null if non-finite values are present"); len stays the array's length.
 */
export function seriesStats(a: unknown[], ignoreNonFinite = false): { [k: string]: number | null } {
  if (!ignoreNonFinite && a.some((e) => { const v = num(e); return v === null || !Number.isFinite(v); })) {
    return { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null, sum: null, len: a.length };
  }
  let min: number | null = null;
  let max: number | null = null;
  let minIdx: number | null = null;
  let maxIdx: number | null = null;
  let s = 0;
  let n = 0;
  a.forEach((e, i) => {
    const v = num(e);
    if (v === null || (ignoreNonFinite && !Number.isFinite(v))) return;
    if (min === null || v < min) { min = v; minIdx = i; }
    if (max === null || v > max) { max = v; maxIdx = i; }
    s += v;
    n++;
  });
  const avg = n ? s / n : null;
  let ss = 0;
  if (avg !== null) a.forEach((e) => { const v = num(e); if (v !== null && (!ignoreNonFinite || Number.isFinite(v))) ss += (v - avg) ** 2; });
  const variance = n > 1 ? ss / (n - 1) : n === 1 ? 0 : null;
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg, stdev: variance === null ? null : Math.sqrt(variance), variance, sum: n ? s : null, len: n };
}

const seriesStatsDynamic = defineScalar({
  name: 'series_stats_dynamic',
  signatures: [
    { params: [p('series', DYNAMIC)], returns: 'dynamic' },
    { params: [p('series', DYNAMIC), p('ignore_nonfinite', ['bool'])], returns: 'dynamic' },
  ],
  doc: 'A bag with min, min_idx, max, max_idx, avg, stdev, variance, sum and len of a series (stdev and variance are sample statistics).',
  example: 'print series_stats_dynamic(dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]))',
  implement: () => (a, ign) => (isArray(a) ? (seriesStats(a, ign === true) as Scalar) : null),
});

// ───────────────────────────── fills ─────────────────────────────

/** Whether an element is missing: null, or equal to the placeholder when one is given. */
const missing = (e: unknown, placeholder: Scalar): boolean =>
  e === null || e === undefined || (placeholder !== null && e === placeholder) || (placeholder === null && num(e) === null);

function fill(name: string, direction: 'forward' | 'backward', doc: string, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [
      { params: [p('series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('missing_value_placeholder', 'any')], returns: 'dynamic' },
    ],
    doc,
    example,
    implement: () => noNulls((a, ph = null) => {
      if (!isArray(a)) return null;
      const res = [...a];
      let last: unknown = null;
      const n = res.length;
      for (let k = 0; k < n; k++) {
        const i = direction === 'forward' ? k : n - 1 - k;
        if (missing(res[i], ph)) res[i] = last;
        else last = res[i];
      }
      return res as Scalar;
    }),
  });
}

const fills = [
  fill('series_fill_forward', 'forward', 'Replaces each missing element by the last value before it (leading ones stay missing).', 'print series_fill_forward(dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]))'),
  fill('series_fill_backward', 'backward', 'Replaces each missing element by the next value after it (trailing ones stay missing).', 'print series_fill_backward(dynamic([111, null, 36, 41, null, null, 16, 61, 33, null, null]))'),
  defineScalar({
    name: 'series_fill_const',
    signatures: [
      { params: [p('series', DYNAMIC), p('constant_value', 'any')], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('constant_value', 'any'), p('missing_value_placeholder', 'any')], returns: 'dynamic' },
    ],
    doc: 'Replaces each missing element by a constant.',
    example: 'print series_fill_const(dynamic([111, null, 36, 41, 23, null, 16, 61, 33, null, null]), 0.0)',
    implement: () => noNulls((a, c = null, ph = null) => (isArray(a) ? (a.map((e) => (missing(e, ph) ? c : e)) as Scalar) : null)),
  }),
  defineScalar({
    name: 'series_fill_linear',
    signatures: [
      { params: [p('series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('missing_value_placeholder', 'any')], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('missing_value_placeholder', 'any'), p('fill_edges', ['bool'])], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('missing_value_placeholder', 'any'), p('fill_edges', ['bool']), p('constant_value', NUMBER)], returns: 'dynamic' },
    ],
    doc: 'Linear interpolation of missing elements between known ones; edges take the nearest known value (fill_edges, default true); an array with no known value is filled with constant_value (default 0).',
    example: 'print series_fill_linear(dynamic([null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null]))',
    implement: () => noNulls((a, ph = null, edges = true, c = 0) => {
      if (!isArray(a)) return null;
      const res: unknown[] = [...a];
      const known: number[] = [];
      res.forEach((e, i) => { if (!missing(e, ph) && num(e) !== null) known.push(i); });
      if (known.length === 0) return res.map(() => (c === null ? 0 : c)) as Scalar;
      for (let k = 0; k + 1 < known.length; k++) {
        const i0 = known[k]!;
        const i1 = known[k + 1]!;
        const v0 = num(res[i0])!;
        const v1 = num(res[i1])!;
        for (let i = i0 + 1; i < i1; i++) res[i] = v0 + ((v1 - v0) * (i - i0)) / (i1 - i0);
      }
      if (edges !== false) {
        const first = known[0]!;
        const last = known[known.length - 1]!;
        for (let i = 0; i < first; i++) res[i] = res[first];
        for (let i = last + 1; i < res.length; i++) res[i] = res[last];
      }
      return res as Scalar;
    }),
  }),
];

// ───────────────────────────── filters ─────────────────────────────

const seriesIir = defineScalar({
  name: 'series_iir',
  signatures: [{ params: [p('series', DYNAMIC), p('numerators', DYNAMIC), p('denominators', DYNAMIC)], returns: 'dynamic' }],
  doc: 'Infinite impulse response filter: y[i] = (Σ b[k]·x[i-k] − Σ_{k≥1} a[k]·y[i-k]) / a[0] (series-iir-function.md).',
  example: 'print series_iir(dynamic([1.0, 2, 3, 4]), dynamic([1]), dynamic([1, -1]))',
  implement: () => (x, b, a) => {
    if (!isArray(x) || !isArray(b) || !isArray(a) || a.length === 0) return null;
    const bs = b.map((v) => num(v) ?? 0);
    const as = a.map((v) => num(v) ?? 0);
    const a0 = as[0]!;
    if (a0 === 0) return null;
    const xs = x.map((v) => num(v) ?? 0);
    const ys: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      let acc = 0;
      for (let k = 0; k < bs.length && k <= i; k++) acc += bs[k]! * xs[i - k]!;
      for (let k = 1; k < as.length && k <= i; k++) acc -= as[k]! * ys[i - k]!;
      ys.push(acc / a0);
    }
    return ys.map(out) as Scalar;
  },
});

const seriesFir = defineScalar({
  name: 'series_fir',
  signatures: [
    { params: [p('series', DYNAMIC), p('filter', DYNAMIC)], returns: 'dynamic' },
    { params: [p('series', DYNAMIC), p('filter', DYNAMIC), p('normalize', ['bool'])], returns: 'dynamic' },
    { params: [p('series', DYNAMIC), p('filter', DYNAMIC), p('normalize', ['bool']), p('center', ['bool'])], returns: 'dynamic' },
  ],
  doc: 'Finite impulse response filter: y[i] = Σ f[k]·x[i-k] (normalized by Σ f when normalize, the default; centered when center).',
  example: 'print series_fir(dynamic([1, 2, 5, 3, 4]), dynamic([1, 1, 1]))',
  implement: () => noNulls((x, f, norm = null, center = false) => {
    if (!isArray(x) || !isArray(f)) return null;
    const fs = f.map((v) => num(v) ?? 0);
    // normalize defaults to true unless the filter sums to 0 (series-fir-function.md)
    const total = sum(fs);
    const normalize = norm === null ? total !== 0 : norm === true;
    const xs = x.map((v) => num(v));
    const shift = center === true ? Math.floor((fs.length - 1) / 2) : 0;
    return xs.map((_, i) => {
      let acc = 0;
      for (let k = 0; k < fs.length; k++) {
        const j = i + shift - k;
        const v = j >= 0 && j < xs.length ? xs[j] : 0;
        if (v === null) return null;
        acc += fs[k]! * (v ?? 0);
      }
      return out(normalize ? acc / total : acc);
    }) as Scalar;
  }),
});

// ───────────────────────────── seasonality ─────────────────────────────

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The seasonal component for a period: the median of the values at each phase (0 for period <= 1). */
export function seasonalComponent(xs: number[], period: number): number[] {
  if (!(period > 1) || period >= xs.length) return xs.map(() => 0);
  const phases: number[] = [];
  for (let ph = 0; ph < period; ph++) {
    const vals: number[] = [];
    for (let i = ph; i < xs.length; i += period) vals.push(xs[i]!);
    phases.push(median(vals));
  }
  return xs.map((_, i) => phases[i % period]!);
}

const seriesSeasonal = defineScalar({
  name: 'series_seasonal',
  signatures: [
    { params: [p('series', DYNAMIC)], returns: 'dynamic' },
    { params: [p('series', DYNAMIC), p('period', NUMBER)], returns: 'dynamic' },
  ],
  doc: 'The seasonal component of a series: the median of each phase of the period (-1, the default: detected as series_periods_detect with a score of at least 0.7; 0: none).',
  example: 'print series_seasonal(dynamic([1, 3, 5, 1, 3, 5, 2, 4, 6]), 3)',
  implement: () => noNulls((a, per = -1) => {
    if (!isArray(a)) return null;
    const xs = a.map((v) => num(v) ?? 0);
    // -1 (the default) detects the period with series_periods_detect at a threshold of 0.7; any other value
    // that is not a positive whole number means no seasonality (series-seasonal-function.md)
    const period = per === null || per === -1 ? detectPeriod(xs, 0.7) : (per as number) > 0 ? Math.trunc(per as number) : 0;
    return seasonalComponent(xs, period) as Scalar;
  }),
});

// ───────────────────────────── line fitting ─────────────────────────────

/** Least-squares line over x = 1..n (series-fit-line-function.md): rsquare, slope, variance, rvariance, interception, line_fit. */
export function fitLine(ys: number[]): { rsquare: number; slope: number; variance: number; rvariance: number; interception: number; line_fit: number[] } {
  const n = ys.length;
  const xs = ys.map((_, i) => i + 1);
  const mx = sum(xs) / n;
  const my = sum(ys) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  const line = xs.map((x) => slope * x + interception);
  const ssTot = sum(ys.map((y) => (y - my) ** 2));
  const ssRes = sum(ys.map((y, i) => (y - line[i]!) ** 2));
  const variance = n > 1 ? ssTot / (n - 1) : 0;
  const rvariance = n > 1 ? ssRes / (n - 1) : 0;
  const rsquare = ssTot === 0 ? 1 : 1 - ssRes / ssTot;
  return { rsquare, slope, variance, rvariance, interception, line_fit: line };
}

const seriesFitLineDynamic = defineScalar({
  name: 'series_fit_line_dynamic',
  signatures: [{ params: [p('series', DYNAMIC)], returns: 'dynamic' }],
  doc: 'Least-squares line over x = 1..n as a bag: rsquare, slope, variance, rvariance, interception, line_fit.',
  example: 'print series_fit_line_dynamic(dynamic([1, 2, 3, 4]))',
  implement: () => (a) => (isArray(a) ? (fitLine(a.map((v) => num(v) ?? 0)) as unknown as Scalar) : null),
});

export const seriesFunctions: ScalarFunctionDef[] = [
  ...arithmetic,
  ...reductions,
  seriesStatsDynamic,
  ...fills,
  seriesIir,
  seriesFir,
  seriesSeasonal,
  seriesFitLineDynamic,
];

/**
 * Functions whose result is several columns (named `<fn>_<arg>_<field>`, or by `(a, b) = f(...)`): their
 * registered implementation returns a bag, and the binder splits it into one column per field.
 */
export const TUPLE_FUNCTIONS: Record<string, [string, KqlType][]> = {
  series_stats: [['min', 'real'], ['min_idx', 'long'], ['max', 'real'], ['max_idx', 'long'], ['avg', 'real'], ['stdev', 'real'], ['variance', 'real']],
  series_fit_line: [['rsquare', 'real'], ['slope', 'real'], ['variance', 'real'], ['rvariance', 'real'], ['interception', 'real'], ['line_fit', 'dynamic']],
  series_decompose: [['baseline', 'dynamic'], ['seasonal', 'dynamic'], ['trend', 'dynamic'], ['residual', 'dynamic']],
  series_decompose_anomalies: [['ad_flag', 'dynamic'], ['ad_score', 'dynamic'], ['baseline', 'dynamic']],
  series_fft: [['real', 'dynamic'], ['imag', 'dynamic']],
  series_ifft: [['real', 'dynamic'], ['imag', 'dynamic']],
  series_fit_poly: [['rsquare', 'real'], ['coefficients', 'dynamic'], ['variance', 'real'], ['rvariance', 'real'], ['poly_fit', 'dynamic']],
  series_fit_2lines: [['rsquare', 'real'], ['split_idx', 'long'], ['variance', 'real'], ['rvariance', 'real'], ['line_fit', 'dynamic'],
    ['right_rsquare', 'real'], ['right_slope', 'real'], ['right_interception', 'real'], ['right_variance', 'real'], ['right_rvariance', 'real'],
    ['left_rsquare', 'real'], ['left_slope', 'real'], ['left_interception', 'real'], ['left_variance', 'real'], ['left_rvariance', 'real']],
  series_periods_detect: [['periods', 'dynamic'], ['scores', 'dynamic']],
  series_periods_validate: [['periods', 'dynamic'], ['scores', 'dynamic']],
  series_decompose_forecast: [['baseline', 'dynamic'], ['seasonal', 'dynamic'], ['trend', 'dynamic'], ['residual', 'dynamic']],
};

// ───────────────────────────── decomposition and outliers ─────────────────────────────

/** The p-th percentile (0..100) of sorted values, interpolating linearly between ranks. */
function percentileOf(sorted: number[], pct: number): number {
  if (sorted.length === 0) return 0;
  const rank = (pct / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/**
 * Tukey-fence scores (series-outliers-function.md): for x above the high percentile q_hi,
 * (x - q_hi) / (q_hi - q_lo); below q_lo, (x - q_lo) / (q_hi - q_lo) (negative); 0 inside and for
 * missing values. "tukey" uses the 25th/75th percentiles, "ctukey" (default) 10th/90th or the ones given.
 * Doubt: the docs give no formula; this is the fence test the docs name, expressed as the fence factor k.
 */
export function outlierScores(xs: (number | null)[], kind = 'ctukey', lowPct = 10, highPct = 90, learn = xs.length): number[] {
  const [pl, ph] = kind === 'tukey' ? [25, 75] : [lowPct, highPct];
  const known = xs.slice(0, learn).filter((x): x is number => x !== null).sort((a, b) => a - b);
  const qlo = percentileOf(known, pl);
  const qhi = percentileOf(known, ph);
  const range = qhi - qlo;
  return xs.map((x) => {
    if (x === null || range <= 0) return 0;
    if (x > qhi) return (x - qhi) / range;
    if (x < qlo) return (x - qlo) / range;
    return 0;
  });
}

/** series_decompose's components (series-decompose-function.md), learning from the first n - testPoints values. */
export function decompose(xs: number[], seasonality: number, trend: string, testPoints: number, seasonalityThreshold = 0.6) {
  const n = xs.length;
  const learn = Math.max(0, n - Math.max(0, Math.trunc(testPoints)));
  const train = xs.slice(0, learn);
  const period = seasonality < 0 ? detectPeriod(train, seasonalityThreshold) : Math.trunc(seasonality);
  // 1. the seasonal series: the median of each phase over the learning points
  let seasonal = xs.map(() => 0);
  if (period > 1 && period < learn) {
    const phases = seasonalComponent(train, period).slice(0, period);
    seasonal = xs.map((_, i) => phases[i % period]!);
  }
  // 2-3. the trend of the deseasonalized series: its average, a least-squares line, or nothing
  const deseason = train.map((x, i) => x - seasonal[i]!);
  let trendSeries = xs.map(() => 0);
  if (trend === 'avg' && learn > 0) {
    const avg = sum(deseason) / learn;
    trendSeries = xs.map(() => avg);
  } else if (trend === 'linefit' && learn > 0) {
    const f = fitLine(deseason);
    trendSeries = xs.map((_, i) => f.slope * (i + 1) + f.interception);
  }
  // 4-5. baseline and residual
  const baseline = xs.map((_, i) => seasonal[i]! + trendSeries[i]!);
  const residual = xs.map((x, i) => x - baseline[i]!);
  return { baseline, seasonal, trend: trendSeries, residual, learn };
}

const numbersOrZero = (a: unknown[]): number[] => a.map((v) => num(v) ?? 0);
const trendKinds = new Set(['avg', 'linefit', 'none']);

seriesFunctions.push(
  defineScalar({
    name: 'series_outliers',
    signatures: [
      { params: [p('series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('kind', ['string'])], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('kind', ['string']), p('ignore_val', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('kind', ['string']), p('ignore_val', NUMBER), p('min_percentile', NUMBER), p('max_percentile', NUMBER)], returns: 'dynamic' },
    ],
    doc: 'Anomaly scores by Tukey\'s fence test: above 1.5 a rise, below -1.5 a decline; 0 for missing values ("ctukey": 10th/90th percentiles, "tukey": 25th/75th).',
    example: 'print series_outliers(dynamic([1, 2, 1, 2, 1, 30, 2, 1, 2, 1]))',
    implement: () => noNulls((a, kind = 'ctukey', ignore = null, lo = 10, hi = 90) => {
      if (!isArray(a)) return null;
      const xs = a.map((v) => {
        const x = num(v);
        return x === null || (ignore !== null && x === ignore) ? null : x;
      });
      return outlierScores(xs, String(kind ?? 'ctukey'), (lo as number | null) ?? 10, (hi as number | null) ?? 90).map(out) as Scalar;
    }),
  }),
  defineScalar({
    name: 'series_decompose',
    signatures: [
      { params: [p('series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('seasonality', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('seasonality', NUMBER), p('trend', ['string'])], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('seasonality', NUMBER), p('trend', ['string']), p('test_points', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('seasonality', NUMBER), p('trend', ['string']), p('test_points', NUMBER), p('seasonality_threshold', NUMBER)], returns: 'dynamic' },
    ],
    doc: 'Columns baseline, seasonal, trend and residual: seasonal = median per phase (period -1: detected, 0: none), trend of the rest = avg (default), linefit or none.',
    example: 'print x = dynamic([1, 3, 5, 1, 3, 5, 1, 3, 5]) | extend series_decompose(x, 3)',
    implement: () => noNulls((a, season = -1, trend = 'avg', test = 0, seasonThreshold = 0.6) => {
      if (!isArray(a)) return null;
      const t = String(trend ?? 'avg');
      if (!trendKinds.has(t)) throw new Error(`trend must be 'avg', 'linefit' or 'none', not '${t}'`);
      const d = decompose(numbersOrZero(a), (season as number | null) ?? -1, t, (test as number | null) ?? 0, (seasonThreshold as number | null) ?? 0.6);
      return { baseline: d.baseline.map(out), seasonal: d.seasonal.map(out), trend: d.trend.map(out), residual: d.residual.map(out) } as Scalar;
    }),
  }),
  defineScalar({
    name: 'series_decompose_anomalies',
    signatures: [
      { params: [p('series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('threshold', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('threshold', NUMBER), p('seasonality', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('threshold', NUMBER), p('seasonality', NUMBER), p('trend', ['string'])], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('threshold', NUMBER), p('seasonality', NUMBER), p('trend', ['string']), p('test_points', NUMBER)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('threshold', NUMBER), p('seasonality', NUMBER), p('trend', ['string']), p('test_points', NUMBER), p('ad_method', ['string'])], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('threshold', NUMBER), p('seasonality', NUMBER), p('trend', ['string']), p('test_points', NUMBER), p('ad_method', ['string']), p('seasonality_threshold', NUMBER)], returns: 'dynamic' },
    ],
    doc: 'Columns ad_flag (+1 rise, -1 decline, 0), ad_score and baseline: series_decompose (trend linefit by default) then Tukey scores of the residual against threshold (1.5).',
    example: 'print x = dynamic([1, 2, 1, 2, 1, 2, 30, 2, 1, 2, 1, 2]) | extend series_decompose_anomalies(x, 1.5, 0)',
    implement: () => noNulls((a, thr = 1.5, season = -1, trend = 'linefit', test = 0, method = 'ctukey', seasonThreshold = 0.6) => {
      if (!isArray(a)) return null;
      const t = String(trend ?? 'linefit');
      if (!trendKinds.has(t)) throw new Error(`trend must be 'avg', 'linefit' or 'none', not '${t}'`);
      const threshold = (thr as number | null) ?? 1.5;
      const d = decompose(numbersOrZero(a), (season as number | null) ?? -1, t, (test as number | null) ?? 0, (seasonThreshold as number | null) ?? 0.6);
      const scores = outlierScores(d.residual, String(method ?? 'ctukey'), 10, 90, d.learn);
      return {
        ad_flag: scores.map((s) => (s > threshold ? 1 : s < -threshold ? -1 : 0)),
        ad_score: scores.map(out),
        baseline: d.baseline.map(out),
      } as Scalar;
    }),
  }),
);

/** One field of a tuple function's bag, as a value of the column's type. */
export function tupleField(bag: Scalar, field: string, type: KqlType): Scalar {
  if (bag === null || typeof bag !== 'object' || Array.isArray(bag)) return null;
  const v = Object.prototype.hasOwnProperty.call(bag, field) ? (bag as { [k: string]: unknown })[field] : undefined;
  if (v === undefined || v === null) return null;
  if (type === 'dynamic') return v as Scalar;
  return typeof v === 'number' ? v : null;
}

seriesFunctions.push(
  defineScalar({
    name: 'series_stats',
    signatures: [
      { params: [p('series', DYNAMIC)], returns: 'dynamic' },
      { params: [p('series', DYNAMIC), p('ignore_nonfinite', ['bool'])], returns: 'dynamic' },
    ],
    doc: 'Columns min, min_idx, max, max_idx, avg, stdev and variance of a series (sample statistics), named series_stats_<arg>_<field>.',
    example: 'print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project series_stats(x)',
    implement: () => (a, ign) => (isArray(a) ? (seriesStats(a, ign === true) as Scalar) : null),
  }),
  defineScalar({
    name: 'series_fit_line',
    signatures: [{ params: [p('series', DYNAMIC)], returns: 'dynamic' }],
    doc: 'Columns rsquare, slope, variance, rvariance, interception and line_fit of the least-squares line over x = 1..n.',
    example: 'print x = dynamic([1, 2, 3, 4]) | extend series_fit_line(x)',
    implement: () => (a) => (isArray(a) ? (fitLine(a.map((v) => num(v) ?? 0)) as unknown as Scalar) : null),
  }),
);
