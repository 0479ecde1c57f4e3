// Baselines that only move up: a suite fails when a measured count drops below its stored value.
import { existsSync, readFileSync } from 'node:fs';

export type Baseline = Record<string, number>;

export function readBaseline(path: string): Baseline {
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Baseline;
}

/**
 * Compares measured counts with the baseline; returns the drops (to assert on) and notes asking
 * to raise the baseline where the measurement is higher. The file is never rewritten here: raising
 * it is a reviewed change.
 */
export function checkRatchet(path: string, measured: Baseline): { drops: string[]; notes: string[] } {
  const baseline = readBaseline(path);
  const drops: string[] = [];
  const notes: string[] = [];
  for (const [key, value] of Object.entries(measured)) {
    const base = baseline[key] ?? 0;
    if (value < base) drops.push(`${key}: ${value} < baseline ${base}`);
    else if (value > base) notes.push(`${key}: ${value} > baseline ${base}`);
  }
  if (notes.length > 0) {
    const raised = JSON.stringify({ ...baseline, ...measured }, null, 2);
    notes.push(`raise the baseline: write ${raised.replace(/\s+/g, ' ')} to ${path}`);
  }
  return { drops, notes };
}
