// Batches: the unit operators pass along — columns sharing one physical row space, plus a selection.
import type { Vector } from './vector.js';
import { gather } from './vector.js';

/**
 * `columns` all have physical length `n`; the batch's rows are `sel` (ascending physical indexes) or,
 * when `sel` is null, 0..n-1. Filters narrow `sel` instead of copying columns.
 */
export interface Batch {
  columns: Vector[];
  n: number;
  sel: Int32Array | null;
}

export const rowCount = (b: Batch): number => (b.sel === null ? b.n : b.sel.length);

/** A dense copy of the batch (no selection). */
export function compactBatch(b: Batch): Batch {
  if (b.sel === null) return b;
  const sel = b.sel;
  return { columns: b.columns.map((c) => gather(c, sel)), n: sel.length, sel: null };
}

/** Target rows per batch produced by scans and generators. */
export const BATCH_SIZE = 1 << 16;
