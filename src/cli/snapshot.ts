// Result snapshots for `kql test`: stable text (fast-json-stable-stringify, one row per line, rows
// sorted — a query without `order by` has no row order) and a row-level diff people can read.
import stringify from 'fast-json-stable-stringify';
import type { Column } from '../types.js';

export interface Snapshot {
  columns: Column[];
  /** each row as an object keyed by column name, in Kusto's JSON conventions */
  rows: Record<string, unknown>[];
}

export function toSnapshot(result: { columns: readonly Column[]; rows: readonly (readonly unknown[])[] }): Snapshot {
  const columns = result.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows = result.rows.map((row) => Object.fromEntries(columns.map((c, j) => [c.name, row[j] ?? null])));
  rows.sort((a, b) => compare(stringify(a), stringify(b)));
  return { columns, rows };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The snapshot file's text: stable key order, one column and one row per line. */
export function snapshotText(s: Snapshot): string {
  const list = (items: string[]) => (items.length ? `[\n    ${items.join(',\n    ')}\n  ]` : '[]');
  return `{\n  "columns": ${list(s.columns.map((c) => stringify(c)))},\n  "rows": ${list(s.rows.map((r) => stringify(r)))}\n}\n`;
}

/** Reads a snapshot file's text; throws an Error saying what is wrong with it. */
export function parseSnapshot(text: string): Snapshot {
  const value = JSON.parse(text) as Snapshot;
  if (!value || !Array.isArray(value.columns) || !Array.isArray(value.rows)) throw new Error('expected { "columns": [...], "rows": [...] }');
  return value;
}

/**
 * The differences between an expected and an actual snapshot as readable lines (empty when equal):
 * changed columns, then rows only expected (-) and only actual (+); a removed and an added row that
 * agree on most columns are shown as one changed row with the columns that differ.
 */
export function diffSnapshots(expected: Snapshot, actual: Snapshot): string[] {
  const out: string[] = [];
  const cols = (s: Snapshot) => s.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  if (cols(expected) !== cols(actual)) {
    const gone = expected.columns.filter((c) => !actual.columns.some((a) => a.name === c.name)).map((c) => c.name);
    const added = actual.columns.filter((c) => !expected.columns.some((e) => e.name === c.name)).map((c) => c.name);
    out.push('columns differ:', `  expected: ${cols(expected)}`, `  actual:   ${cols(actual)}`);
    if (gone.length) out.push(`  missing: ${gone.join(', ')}`);
    if (added.length) out.push(`  unexpected: ${added.join(', ')}`);
  }
  const remaining = new Map<string, number>();
  for (const r of actual.rows) {
    const k = stringify(r);
    remaining.set(k, (remaining.get(k) ?? 0) + 1);
  }
  const missing: Record<string, unknown>[] = [];
  for (const r of expected.rows) {
    const k = stringify(r);
    const n = remaining.get(k) ?? 0;
    if (n > 0) remaining.set(k, n - 1);
    else missing.push(r);
  }
  const extra: Record<string, unknown>[] = [];
  for (const r of actual.rows) {
    const k = stringify(r);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      extra.push(r);
      remaining.set(k, n - 1);
    }
  }
  if (missing.length === 0 && extra.length === 0) return out;
  out.push(`rows differ: expected ${expected.rows.length}, got ${actual.rows.length} (- expected only, + actual only)`);
  const unpaired = [...extra];
  for (const m of missing) {
    // pair with the added row that shares the most values
    let best = -1;
    let bestScore = 0;
    unpaired.forEach((a, i) => {
      const keys = Object.keys(m);
      const same = keys.filter((k) => stringify(m[k] ?? null) === stringify(a[k] ?? null)).length;
      if (same > bestScore && same >= Math.ceil(keys.length / 2)) {
        best = i;
        bestScore = same;
      }
    });
    if (best >= 0) {
      const a = unpaired.splice(best, 1)[0] as Record<string, unknown>;
      out.push(`  - ${stringify(m)}`, `  + ${stringify(a)}`);
      const changed = [...new Set([...Object.keys(m), ...Object.keys(a)])].filter((k) => stringify(m[k] ?? null) !== stringify(a[k] ?? null));
      out.push(`    changed: ${changed.map((k) => `${k}: ${show(m[k])} → ${show(a[k])}`).join('; ')}`);
    } else out.push(`  - ${stringify(m)}`);
  }
  for (const a of unpaired) out.push(`  + ${stringify(a)}`);
  return out;
}

const show = (v: unknown) => (v === undefined ? '(no column)' : JSON.stringify(v));
