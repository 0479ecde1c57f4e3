// The discrete Fourier transform of any length, for series_fft / series_ifft and period detection.

/** cos and sin of 2πk/n, exact at multiples of a quarter turn (so small power-of-two transforms are exact). */
function unitRoot(k: number, n: number): [number, number] {
  const m = ((k % n) + n) % n;
  if ((4 * m) % n === 0) {
    const q = (4 * m) / n;
    return q === 0 ? [1, 0] : q === 1 ? [0, 1] : q === 2 ? [-1, 0] : [0, -1];
  }
  const a = (2 * Math.PI * m) / n;
  return [Math.cos(a), Math.sin(a)];
}

/** In-place iterative radix-2 transform (n a power of two): X[k] = Σ x[j]·e^(-2πi·jk/n). */
function fftRadix2(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    for (let k = 0; k < half; k++) {
      const [c, s] = unitRoot(k, len);
      const wr = c;
      const wi = -s;
      for (let i = k; i < n; i += len) {
        const j = i + half;
        const tr = re[j]! * wr - im[j]! * wi;
        const ti = re[j]! * wi + im[j]! * wr;
        re[j] = re[i]! - tr;
        im[j] = im[i]! - ti;
        re[i] = re[i]! + tr;
        im[i] = im[i]! + ti;
      }
    }
  }
}

/**
 * The discrete Fourier transform of any length: radix-2 for powers of two, otherwise Bluestein's
 * chirp-z algorithm (a circular convolution of power-of-two length), O(n log n) either way.
 */
export function dft(xr: readonly number[], xi: readonly number[]): [number[], number[]] {
  const n = xr.length;
  if (n === 0) return [[], []];
  if ((n & (n - 1)) === 0) {
    const re = Float64Array.from(xr);
    const im = Float64Array.from(xi);
    fftRadix2(re, im);
    return [Array.from(re), Array.from(im)];
  }
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  // chirp w[k] = e^(-πi·k²/n); k² is reduced mod 2n to keep the angle small
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const [c, s] = unitRoot((k * k) % (2 * n), 2 * n);
    cr[k] = c;
    ci[k] = -s;
  }
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = xr[k]! * cr[k]! - xi[k]! * ci[k]!;
    ai[k] = xr[k]! * ci[k]! + xi[k]! * cr[k]!;
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = cr[0]!;
  bi[0] = -ci[0]!;
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = cr[k]!;
    bi[k] = bi[m - k] = -ci[k]!;
  }
  fftRadix2(ar, ai);
  fftRadix2(br, bi);
  for (let k = 0; k < m; k++) {
    const r = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    ai[k] = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = r;
  }
  // inverse transform of the product: conj(fft(conj(.))) / m
  for (let k = 0; k < m; k++) ai[k] = -ai[k]!;
  fftRadix2(ar, ai);
  const re: number[] = new Array(n);
  const im: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const yr = ar[k]! / m;
    const yi = -ai[k]! / m;
    re[k] = yr * cr[k]! - yi * ci[k]!;
    im[k] = yr * ci[k]! + yi * cr[k]!;
  }
  return [re, im];
}

/** The inverse transform: x[j] = (1/n)·Σ X[k]·e^(2πi·jk/n), so idft(dft(x)) is x. */
export function idft(xr: readonly number[], xi: readonly number[]): [number[], number[]] {
  const n = xr.length;
  const [re, im] = dft(xr, xi.map((v) => -v));
  return [re.map((v) => v / n), im.map((v) => -v / n)];
}

