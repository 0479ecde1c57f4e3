// The ratchet reports drops below the baseline and asks to raise it on gains.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRatchet } from './ratchet.js';

describe('checkRatchet', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ratchet-')), 'baseline.json');
  writeFileSync(file, '{ "pass": 10, "other": 3 }');

  it('reports a drop', () => {
    expect(checkRatchet(file, { pass: 9 }).drops).toEqual([`pass: 9 < baseline 10`]);
  });

  it('is quiet at the baseline', () => {
    expect(checkRatchet(file, { pass: 10, other: 3 })).toEqual({ drops: [], notes: [] });
  });

  it('asks to raise the baseline on a gain, keeping the other keys', () => {
    const { drops, notes } = checkRatchet(file, { pass: 12 });
    expect(drops).toEqual([]);
    expect(notes[0]).toBe('pass: 12 > baseline 10');
    expect(notes[1]).toContain('{ "pass": 12, "other": 3 }');
  });

  it('treats a missing file as a zero baseline', () => {
    expect(checkRatchet(join(tmpdir(), 'no-such-baseline.json'), { pass: 0 })).toEqual({ drops: [], notes: [] });
  });
});
