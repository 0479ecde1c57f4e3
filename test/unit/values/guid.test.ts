import { describe, expect, it } from 'vitest';
import { isCanonicalGuid, parseGuid } from '../../../src/values/guid.js';

describe('parseGuid', () => {
  const g = '74be27de-1e4e-49d9-b579-fe0b331d3642';
  it('accepts the .NET Guid.Parse shapes, lowercasing', () => {
    expect(parseGuid(g)).toBe(g);
    expect(parseGuid(g.toUpperCase())).toBe(g);
    expect(parseGuid(`{${g}}`)).toBe(g);
    expect(parseGuid(`(${g})`)).toBe(g);
    expect(parseGuid(` ${g} `)).toBe(g);
    expect(parseGuid(g.replace(/-/g, ''))).toBe(g);
    // gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254)) (gettype-function.md)
    expect(parseGuid('12e8b78d-55b4-46ae-b068-26d7a0080254')).toBe('12e8b78d-55b4-46ae-b068-26d7a0080254');
  });
  it('rejects the rest', () => {
    for (const s of ['', 'x', `{${g}`, `${g}}`, g.slice(1), g + '0', g.replace('7', 'g'), '0123456789ab-cdef-0123-456789abcdef'])
      expect(parseGuid(s), s).toBeNull();
  });
  it('recognises canonical text', () => {
    expect(isCanonicalGuid(g)).toBe(true);
    expect(isCanonicalGuid(g.toUpperCase())).toBe(false);
  });
});
