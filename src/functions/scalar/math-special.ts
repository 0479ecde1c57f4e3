// More numeric functions: trigonometry (acos, asin, atan, atan2, cos, sin, tan, cot, degrees, radians, pi),
// special functions (gamma, loggamma, erf, erfc, beta_cdf, beta_inv, beta_pdf), around, rand, and the
// unit conversions convert_angle/energy/force/length/mass/speed/temperature/volume.
import type { Scalar } from '../../types.js';
import { defineScalar, NUMBER, p, STRING, type RowFn, type ScalarFunctionDef } from '../define.js';
import { Angle, AngleUnits } from 'unitsnet-js/dist/gen-units/angle.g.js';
import { Energy, EnergyUnits } from 'unitsnet-js/dist/gen-units/energy.g.js';
import { Force, ForceUnits } from 'unitsnet-js/dist/gen-units/force.g.js';
import { Length, LengthUnits } from 'unitsnet-js/dist/gen-units/length.g.js';
import { Mass, MassUnits } from 'unitsnet-js/dist/gen-units/mass.g.js';
import { Speed, SpeedUnits } from 'unitsnet-js/dist/gen-units/speed.g.js';
import { Temperature, TemperatureUnits } from 'unitsnet-js/dist/gen-units/temperature.g.js';
import { Volume, VolumeUnits } from 'unitsnet-js/dist/gen-units/volume.g.js';

/** A one-number function returning real (int, long, real and decimal arguments, as the analyzer's Number). */
function realFn(name: string, doc: string, example: string, f: (x: number) => number | null, param = 'number') {
  return defineScalar({
    name,
    signatures: [{ params: [p(param, NUMBER)], returns: 'real' }],
    doc,
    example,
    implement: () => (x) => f(x as number),
  });
}

/** null outside [-1, 1] (acos-function.md, asin-function.md). */
const unitDomain = (f: (x: number) => number) => (x: number): number | null => (x < -1 || x > 1 ? null : f(x));

const acos = realFn('acos', 'The angle (radians) whose cosine is x; null when x < -1 or x > 1.', `print acos(0.5)`, unitDomain(Math.acos));
const asin = realFn('asin', 'The angle (radians) whose sine is x; null when x < -1 or x > 1.', `print asin(0.5)`, unitDomain(Math.asin));
const atan = realFn('atan', 'The angle (radians) whose tangent is x.', `print atan(1)`, Math.atan);
const cos = realFn('cos', 'The cosine of an angle in radians.', `print cos(1)`, Math.cos);
const sin = realFn('sin', 'The sine of an angle in radians.', `print sin(1)`, Math.sin);
const tan = realFn('tan', 'The tangent of an angle in radians.', `print tan(1)`, Math.tan);
const cot = realFn('cot', 'The cotangent of an angle in radians.', `print cot(1)`, (x) => 1 / Math.tan(x));
const degrees = realFn('degrees', 'Radians converted to degrees (180 / π · x).', `print degrees0 = degrees(pi() / 4), degrees1 = degrees(pi() * 1.5)`, (x) => (x * 180) / Math.PI, 'radians');
const radians = realFn('radians', 'Degrees converted to radians (π / 180 · x).', `print radians0 = radians(90), radians1 = radians(180)`, (x) => (x * Math.PI) / 180, 'degrees');

const atan2 = defineScalar({
  name: 'atan2',
  signatures: [{ params: [p('y', NUMBER), p('x', NUMBER)], returns: 'real' }],
  doc: 'The angle (radians) between the positive x-axis and the ray to the point (x, y).',
  example: `print atan2_0 = atan2(1, 1), atan2_1 = atan2(0, -1), atan2_2 = atan2(-1, 0)`,
  implement: () => (y, x) => Math.atan2(y as number, x as number),
});

const pi = defineScalar({
  name: 'pi',
  signatures: [{ params: [], returns: 'real' }],
  doc: 'The constant π.',
  example: `print pi()`,
  implement: () => () => Math.PI,
});

// ───────────────────────────── gamma and friends ─────────────────────────────

// Lanczos approximation, g = 7, n = 9 (relative error about 1e-15 for the real line).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function lanczosSum(x: number): number {
  let a = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (x + i);
  return a;
}

/** Γ(x): exact products for small positive integers, Lanczos otherwise, reflection below 1/2. */
export function gammaFn(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Number.isInteger(x)) {
    if (x <= 0) return NaN;
    if (x <= 171) {
      let r = 1;
      for (let k = 2; k < x; k++) r *= k;
      return r;
    }
    return Infinity;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFn(1 - x));
  const y = x - 1;
  const t = y + LANCZOS_G + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, y + 0.5) * Math.exp(-t) * lanczosSum(y);
}

/** ln |Γ(x)|. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  const t = y + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(lanczosSum(y));
}

const gamma = realFn('gamma', 'The gamma function Γ(x) (Γ(n) = (n-1)! for whole n).', `print result = gamma(5)`, gammaFn);
const loggamma = realFn('loggamma', 'The natural logarithm of the absolute value of the gamma function.', `print result = loggamma(5)`, logGamma);

/** erfc(x) for x ≥ 2 by its continued fraction (modified Lentz). */
function erfcLarge(x: number): number {
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** erf(x) for |x| < 2 by its Maclaurin series. */
function erfSmall(x: number): number {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

export function erfFn(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 2) return erfSmall(x);
  const c = erfcLarge(Math.abs(x));
  return x > 0 ? 1 - c : c - 1;
}

export function erfcFn(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2) return erfcLarge(x);
  if (x <= -2) return 2 - erfcLarge(-x);
  return 1 - erfSmall(x);
}

const erf = realFn('erf', 'The error function.', `print erf(1)`, erfFn);
const erfc = realFn('erfc', 'The complementary error function, 1 - erf(x).', `print erfc(1)`, erfcFn);

// ───────────────────────────── beta distribution ─────────────────────────────

/** The continued fraction of the regularized incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/** I_x(a, b), the beta distribution's CDF; NaN outside the domain (beta-cdf-function.md). */
export function betaCdf(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

export function betaPdf(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return NaN;
  if (x === 0 || x === 1) {
    const edge = x === 0 ? a : b;
    return edge < 1 ? Infinity : edge === 1 ? Math.exp(-logBeta(a, b)) : 0;
  }
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - logBeta(a, b));
}

/** The inverse of betaCdf by bisection to full precision; null for p outside [0, 1] (beta-inv-function.md). */
export function betaInv(prob: number, a: number, b: number): number | null {
  if (!(prob >= 0 && prob <= 1)) return null;
  if (!(a > 0) || !(b > 0)) return NaN;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (betaCdf(mid, a, b) < prob) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function betaFn(name: string, first: string, doc: string, example: string, f: (x: number, a: number, b: number) => number | null) {
  return defineScalar({
    name,
    signatures: [{ params: [p(first, NUMBER), p('alpha', NUMBER), p('beta', NUMBER)], returns: 'real' }],
    doc,
    example,
    implement: () => (x, a, b) => f(x as number, a as number, b as number),
  });
}

const betaCdfDef = betaFn('beta_cdf', 'x', "The beta distribution's cumulative distribution function; NaN for x outside [0, 1] or alpha, beta ≤ 0.", `print beta_cdf(0.9, 10, 20)`, betaCdf);
const betaInvDef = betaFn('beta_inv', 'probability', "The inverse of the beta distribution's CDF; null for a probability outside [0, 1], NaN for alpha, beta ≤ 0.", `print beta_inv(0.1, 10, 20)`, betaInv);
const betaPdfDef = betaFn('beta_pdf', 'x', "The beta distribution's probability density; NaN for x outside [0, 1] or alpha, beta ≤ 0.", `print beta_pdf(0.5, 10, 20)`, betaPdf);

// ───────────────────────────── around, rand ─────────────────────────────

const around = defineScalar({
  name: 'around',
  signatures: [
    { params: [p('value', NUMBER), p('center', NUMBER), p('delta', NUMBER)], returns: 'bool' },
    { params: [p('value', ['datetime']), p('center', ['datetime']), p('delta', ['timespan'])], returns: 'bool' },
    { params: [p('value', ['timespan']), p('center', ['timespan']), p('delta', ['timespan'])], returns: 'bool' },
  ],
  doc: 'True when value lies in [center - delta, center + delta]; null when an argument is null.',
  example: `print a = around(1.5, 1, 0.5), b = around(datetime(2021-01-01 01:29), datetime(2021-01-01 01:30), 1min)`,
  implement: (args) => {
    if (args[0]!.type === 'datetime') {
      return (v, c, d) => {
        const delta = BigInt(Math.round(d as number));
        const x = v as bigint;
        const m = c as bigint;
        return x >= m - delta && x <= m + delta;
      };
    }
    return (v, c, d) => {
      const x = v as number;
      const m = c as number;
      const delta = d as number;
      return x >= m - delta && x <= m + delta;
    };
  },
});

const rand = defineScalar({
  name: 'rand',
  signatures: [
    { params: [], returns: 'real' },
    { params: [p('range', ['int', 'long'])], returns: 'real' },
  ],
  doc: 'A random number: a real in [0, 1), or with a range N a whole number in [0, N) (typed real, as the analyzer says).',
  example: `print a = rand() < 1, b = rand(10) < 10`,
  foldable: false,
  implement: () => {
    const fn: RowFn = (n) => {
      if (n === undefined) return Math.random();
      if (n === null) return null;
      const range = n as number;
      return range > 0 ? Math.floor(Math.random() * range) : null;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

// ───────────────────────────── unit conversions ─────────────────────────────

interface Quantity { convert(unit: string): number }
type QuantityCtor = new (value: number, unit: never) => Quantity;

/** A unit conversion over UnitsNet's definitions (the names Kusto uses are UnitsNet's unit names). */
function converter(name: string, what: string, Ctor: QuantityCtor, units: Record<string, string>, example: string) {
  const names = new Map<string, string>();
  for (const u of Object.values(units)) names.set(u.toLowerCase(), u);
  const unitOf = (s: Scalar): string | undefined => (typeof s === 'string' ? names.get(s.toLowerCase()) : undefined);
  return defineScalar({
    name,
    signatures: [{ params: [p('value', ['real']), p('from', STRING), p('to', STRING)], returns: 'real' }],
    doc: `Converts a ${what} from one unit to another (UnitsNet unit names such as ${Object.values(units).slice(0, 3).join(', ')}); null for an unknown unit.`,
    example,
    implement: () => (value, from, to) => {
      const f = unitOf(from);
      const t = unitOf(to);
      if (f === undefined || t === undefined) return null;
      return new Ctor(value as number, f as never).convert(t);
    },
  });
}

const convertAngle = converter('convert_angle', 'angle', Angle as unknown as QuantityCtor, AngleUnits, `print result = convert_angle(1.2, 'Degree', 'Arcminute')`);
const convertEnergy = converter('convert_energy', 'energy', Energy as unknown as QuantityCtor, EnergyUnits, `print result = convert_energy(1.2, 'Joule', 'BritishThermalUnit')`);
const convertForce = converter('convert_force', 'force', Force as unknown as QuantityCtor, ForceUnits, `print result = convert_force(1.2, 'Newton', 'Decanewton')`);
const convertLength = converter('convert_length', 'length', Length as unknown as QuantityCtor, LengthUnits, `print result = convert_length(1.2, 'Meter', 'Foot')`);
const convertMass = converter('convert_mass', 'mass', Mass as unknown as QuantityCtor, MassUnits, `print result = convert_mass(1.2, 'Kilogram', 'Pound')`);
const convertSpeed = converter('convert_speed', 'speed', Speed as unknown as QuantityCtor, SpeedUnits, `print result = convert_speed(1.2, 'MeterPerSecond', 'CentimeterPerHour')`);
const convertTemperature = converter('convert_temperature', 'temperature', Temperature as unknown as QuantityCtor, TemperatureUnits, `print result = convert_temperature(1.2, 'Kelvin', 'DegreeCelsius')`);
const convertVolume = converter('convert_volume', 'volume', Volume as unknown as QuantityCtor, VolumeUnits, `print result = convert_volume(1.2, 'CubicMeter', 'AcreFoot')`);

export const mathSpecialFunctions: ScalarFunctionDef[] = [
  acos, asin, atan, atan2, cos, sin, tan, cot, degrees, radians, pi, gamma, loggamma, erf, erfc,
  betaCdfDef, betaInvDef, betaPdfDef, around, rand,
  convertAngle, convertEnergy, convertForce, convertLength, convertMass, convertSpeed, convertTemperature, convertVolume,
];

