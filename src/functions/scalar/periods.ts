// Period detection and validation (series-periods-detect-function.md, series-periods-validate-function.md),
// also behind the automatic seasonality of series_seasonal, series_decompose and series_decompose_forecast.
//
// The docs fix only the frame: periods are in bins, between 4 points and half the series, scores lie in
// [0, 1], a period outside those bounds scores 0, and detect returns num_periods periods ordered by score.
// The scoring itself is not documented. Ours follows AUTOPERIOD (Vlachos, Yu & Castelli, 2005): the
// periodogram proposes candidates, the autocorrelation function confirms and refines them.
//   1. The series, less its least-squares line (a trend is not a period), is d.
//   2. Score of a period p: the autocorrelation of d at lag p, r(p) = (Σ d[i]·d[i+p] / (n - p)) / (Σ d[i]² / n),
//      linear between whole lags, clamped to [0, 1], and 0 when below the white-noise band 1.96/√n.
//   3. detect: every periodogram bin k (1 < k ≤ n/2) whose power is above -ln(0.01) ≈ 4.6 times the mean
//      power (the 99% quantile of a white-noise periodogram ordinate) proposes the whole lags around
//      n/(k+1)..n/(k-1);
//      the lag there with the highest autocorrelation that is a local maximum ("hill") is the period.
// Doc examples: the 12-hour traffic series detects 14 alone, as the docs show, and validates 10 as 0, but
// scores 14 at 0.96 where Kusto reports 0.84; series_seasonal's three series give 6, 5 and none, as documented.
import { dft, idft } from './fft.js';

const WHITE_NOISE_Z = 1.96;
const PERIODOGRAM_QUANTILE = -Math.log(0.01);

/** The series less its least-squares line over x = 0..n-1. */
function detrend(xs: readonly number[]): number[] {
  const n = xs.length;
  const mx = (n - 1) / 2;
  const my = xs.reduce((s, x) => s + x, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (xs[i]! - my);
    sxx += (i - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return xs.map((x, i) => x - my - slope * (i - mx));
}

/** What period scoring needs of a series: its detrended values and their autocorrelation at whole lags. */
export class PeriodScorer {
  readonly n: number;
  private readonly d: number[];
  private readonly energy: number;
  /** sums[k] = Σ d[i]·d[i+k], all at once by the Wiener–Khinchin theorem (O(n log n), not O(n²)) */
  private readonly sums: number[];

  constructor(xs: readonly number[]) {
    this.n = xs.length;
    this.d = this.n > 1 ? detrend(xs) : [...xs];
    this.energy = this.d.reduce((s, v) => s + v * v, 0);
    let m = 1;
    while (m < 2 * this.n) m <<= 1;
    const padded = [...this.d, ...new Array<number>(m - this.n).fill(0)];
    const [re, im] = dft(padded, padded.map(() => 0));
    const power = re.map((r, k) => r * r + im[k]! * im[k]!);
    this.sums = idft(power, power.map(() => 0))[0].slice(0, this.n);
  }

  /** The unbiased-normalized autocorrelation at a whole lag 0 < k < n (0 for a constant series). */
  acf(k: number): number {
    const { n } = this;
    if (!(this.energy > 1e-12 * n) || !(k > 0 && k < n)) return 0;
    return this.sums[k]! / (n - k) / (this.energy / n);
  }

  /** The score of a period in bins: 0 outside [4, n/2] or below the white-noise band, else the autocorrelation. */
  score(period: number): number {
    const { n } = this;
    if (!(period >= 4) || !(period <= n / 2)) return 0;
    const lo = Math.floor(period);
    const f = period - lo;
    const r = f === 0 ? this.acf(lo) : (1 - f) * this.acf(lo) + f * this.acf(lo + 1);
    return r < WHITE_NOISE_Z / Math.sqrt(n) ? 0 : Math.min(1, r);
  }

  /** The periods (whole bins) within [minPeriod, maxPeriod] ∩ [4, n/2] with their scores, best first. */
  detect(minPeriod: number, maxPeriod: number): { period: number; score: number }[] {
    const { n } = this;
    const lo = Math.max(4, Math.ceil(minPeriod));
    const hi = Math.min(Math.floor(n / 2), Math.floor(maxPeriod));
    if (lo > hi || this.energy <= 1e-12 * n) return [];
    const [re, im] = dft(this.d, this.d.map(() => 0));
    const half = Math.floor(n / 2);
    const power: number[] = [];
    for (let k = 1; k <= half; k++) power.push(re[k]! ** 2 + im[k]! ** 2);
    const threshold = PERIODOGRAM_QUANTILE * (power.reduce((s, v) => s + v, 0) / power.length);
    const found = new Map<number, number>();
    for (let k = 2; k <= half; k++) {
      if (!(power[k - 1]! > threshold)) continue;
      // the whole lags around the bin's period range (for short periods it may hold no whole number)
      const from = Math.max(lo, Math.floor(n / (k + 1)));
      const to = Math.min(hi, Math.ceil(n / (k - 1)));
      let best = -1;
      for (let lag = from; lag <= to; lag++) {
        const r = this.acf(lag);
        const hill = r >= this.acf(lag - 1) && (lag + 1 >= n || r >= this.acf(lag + 1));
        if (hill && (best < 0 || r > this.acf(best))) best = lag;
      }
      if (best < 0) continue;
      const score = this.score(best);
      if (score > 0) found.set(best, score);
    }
    return [...found].map(([period, score]) => ({ period, score })).sort((a, b) => b.score - a.score || a.period - b.period);
  }
}

/** The best period of a series scoring at least the threshold, or 0 (automatic seasonality). */
export function detectPeriod(xs: readonly number[], threshold: number): number {
  const best = new PeriodScorer(xs).detect(0, Infinity)[0];
  return best && best.score >= threshold ? best.period : 0;
}
