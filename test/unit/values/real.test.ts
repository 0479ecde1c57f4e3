import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDecimal, formatReal } from '../../../src/values/real.js';

describe('formatReal', () => {
  it('prints as .NET Core double.ToString() (doubt: pinned on .NET rules, not on the emulator)', () => {
    const cases: [number, string][] = [
      [1.5, '1.5'], // duckdb-kql test_dynamic_strings.py: tostring(dynamic(1.5)) = "1.5", measured
      [1, '1'],
      [123.45, '123.45'],
      [-2.5, '-2.5'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e14, '100000000000000'],
      [1e15, '1E+15'],
      [1e20, '1E+20'],
      [123456789012345680000, '1.2345678901234568E+20'],
      [0.0001, '0.0001'],
      [0.00001, '1E-05'],
      [1.5e-7, '1.5E-07'],
      [5e-324, '5E-324'],
      [1.7976931348623157e308, '1.7976931348623157E+308'],
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
      [0, '0'],
      [-0, '-0'], // .NET Core 3.0+; doubt: Kusto may print 0
    ];
    for (const [x, s] of cases) expect(formatReal(x), s).toBe(s);
  });

  it('round-trips every finite double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      expect(Object.is(Number(formatReal(x)), x)).toBe(true);
    }), { numRuns: 5000 });
  });
});

describe('formatDecimal', () => {
  it('never uses an exponent', () => {
    expect(formatDecimal(1e20)).toBe('100000000000000000000');
    expect(formatDecimal(1.5e-7)).toBe('0.00000015');
    expect(formatDecimal(-12.5)).toBe('-12.5');
    expect(formatDecimal(0)).toBe('0');
  });
});
