// Canonical results: every peer's answer is turned into the same text before comparison, so "identical"
// means identical values, not identical representations.
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

/** A result as plain JS values, row-major: datetimes as Dates, dynamic values as JSON values. */
export interface Materialized {
  columns: string[];
  rows: unknown[][];
}

export interface Canonical {
  columns: string[];
  rowCount: number;
  /** sha256 over the sorted canonical rows */
  digest: string;
  /** the first few sorted canonical rows, for the report */
  sample: string[];
}

/**
 * One value in canonical form:
 * - null and undefined → null;
 * - Date → {"$dt": epoch ms};
 * - numbers: -0 → 0, integers as they are, others rounded to 15 significant digits, NaN/±Infinity tagged;
 *   bigints → numbers when safe;
 * - arrays element-wise; objects with sorted keys (undefined members dropped);
 * - strings and booleans as they are.
 */
export function canonValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return canonNumber(v);
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : { $big: v.toString() };
    case 'object': {
      if (v instanceof Date) return { $dt: v.getTime() };
      if (Array.isArray(v)) return v.map(canonValue);
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) {
        if (o[k] !== undefined) out[k] = canonValue(o[k]);
      }
      return out;
    }
    default:
      throw new Error(`canonValue: unexpected ${typeof v}`);
  }
}

function canonNumber(x: number): unknown {
  if (Number.isNaN(x)) return { $num: 'NaN' };
  if (!Number.isFinite(x)) return { $num: x > 0 ? 'Infinity' : '-Infinity' };
  if (x === 0) return 0;
  if (Number.isInteger(x)) return x;
  return Number.parseFloat(x.toPrecision(15));
}

export function canonRow(row: readonly unknown[]): string {
  return JSON.stringify(row.map(canonValue));
}

/**
 * Canonicalises a result: rows sorted (order is not compared: every workload's answer is a set or a
 * multiset of rows), digest over them; writes the sorted rows, one per line, to `rowsFile` when given.
 */
export function canonicalise(m: Materialized, rowsFile?: string): Canonical {
  const lines = m.rows.map(canonRow);
  lines.sort();
  const hash = createHash('sha256');
  hash.update(JSON.stringify(m.columns));
  const fd = rowsFile ? openSync(rowsFile, 'w') : -1;
  try {
    let buf = '';
    for (const line of lines) {
      hash.update(line);
      hash.update('\n');
      if (fd >= 0) {
        buf += line + '\n';
        if (buf.length > 1 << 22) { writeSync(fd, buf); buf = ''; }
      }
    }
    if (fd >= 0 && buf) writeSync(fd, buf);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return { columns: m.columns, rowCount: lines.length, digest: hash.digest('hex'), sample: lines.slice(0, 3) };
}
