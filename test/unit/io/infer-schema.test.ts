import { describe, expect, it } from 'vitest';
import { inferFileSchema } from '../../../src/io/infer-schema.js';

describe('inferFileSchema', () => {
  it('types columns like the engine, and ISO date-time text as datetime', () => {
    expect(inferFileSchema([
      { Time: '2026-01-01T00:00:00Z', User: 'a', N: 1, X: 1, Ok: true, Bag: { a: 1 } },
      { Time: '2023-03-10 04:47:22.632009+00:00', User: 'b', N: 2, X: 1.5, Ok: null, Extra: '2020-02-25T16:20:15' },
      { Time: null, User: '2026-01-01T00:00:00Z', N: null },
    ])).toEqual([
      { name: 'Time', type: 'datetime' },
      { name: 'User', type: 'string' },
      { name: 'N', type: 'long' },
      { name: 'X', type: 'real' },
      { name: 'Ok', type: 'bool' },
      { name: 'Bag', type: 'dynamic' },
      { name: 'Extra', type: 'datetime' },
    ]);
  });

  it('keeps dates without a time, and empty columns, as the engine types them', () => {
    expect(inferFileSchema([{ Day: '2026-01-01', Empty: null }])).toEqual([
      { name: 'Day', type: 'string' },
      { name: 'Empty', type: 'string' },
    ]);
    expect(inferFileSchema([])).toEqual([]);
  });
});
