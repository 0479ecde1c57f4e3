// Where a loaded table's fixed-width columns keep their values: SharedArrayBuffers when the platform has
// them (V8 does not count them as external memory, so loading a large table next to a large heap of source
// rows starts no full collection), ArrayBuffers otherwise (browsers without cross-origin isolation) —
// with the same answers either way.
import { afterEach, describe, expect, it, vi } from 'vitest';

const SCHEMA = { b: 'bool', i: 'int', l: 'long', r: 'real', m: 'decimal', ts: 'timespan', t: 'datetime', s: 'string', d: 'dynamic' };
const ROWS = [
  { b: true, i: 7, l: 9007199254740991, r: 1.5, m: 0.1, ts: 1000, t: new Date('2026-01-01T00:00:00Z'), s: 'x', d: { k: [1] } },
  { b: null, i: null, l: null, r: null, m: null, ts: null, t: null, s: null, d: null },
  { b: 'false', i: '-3', l: '12', r: '2.25', m: '1.10', ts: '00:01:00', t: '2026-01-02T03:04:05.5Z', s: 'y', d: '[2]' },
];
// worked out by hand from ROWS and addTable's documented conversions (null string → '', timespan number = ms)
const EXPECTED = [
  [true, 7, 9007199254740991, 1.5, 0.1, '00:00:01', '2026-01-01T00:00:00Z', 'x', { k: [1] }],
  [null, null, null, null, null, null, null, '', null],
  [false, -3, 12, 2.25, 1.1, '00:01:00', '2026-01-02T03:04:05.5Z', 'y', [2]],
];

type Chunk = { type: string; data: unknown; nulls: Uint8Array | null }[];
const chunksOf = (db: unknown, name: string): Chunk[] => (db as { tables: Map<string, { chunks: Chunk[] }> }).tables.get(name)!.chunks;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('loaded table memory', () => {
  it('keeps bool/int/long/real/decimal/timespan/datetime values and null masks in SharedArrayBuffers', async () => {
    const { Database } = await import('../../src/index.js');
    const db = new Database().addTable('T', ROWS, SCHEMA);
    expect(db.querySync('T').toJSON().rows).toEqual(EXPECTED);
    const [chunk] = chunksOf(db, 'T');
    for (const v of chunk!) {
      if (v.type === 'string' || v.type === 'dynamic') {
        expect(Array.isArray(v.data)).toBe(true);
        continue;
      }
      expect((v.data as Uint8Array).buffer, v.type).toBeInstanceOf(SharedArrayBuffer);
      expect(v.nulls?.buffer, `${v.type} nulls`).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('uses ArrayBuffers where there is no SharedArrayBuffer, with the same answers', async () => {
    vi.stubGlobal('SharedArrayBuffer', undefined);
    vi.resetModules();
    const { Database } = await import('../../src/index.js');
    const db = new Database().addTable('T', ROWS, SCHEMA);
    expect(db.querySync('T').toJSON().rows).toEqual(EXPECTED);
    expect(db.querySync('T | summarize n = countif(b), s = sum(r), x = max(t)').toJSON().rows).toEqual([[1, 3.75, '2026-01-02T03:04:05.5Z']]);
    for (const v of chunksOf(db, 'T')[0]!) {
      if (v.type !== 'string' && v.type !== 'dynamic') expect((v.data as Uint8Array).buffer, v.type).toBeInstanceOf(ArrayBuffer);
    }
  });
});
