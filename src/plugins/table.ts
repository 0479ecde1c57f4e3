// Small helpers for plugins: building whole tables from boxed values.
import { allocVector, getScalar, setScalar, type Vector } from '../exec/vector.js';
import type { Column, Scalar } from '../types.js';
import type { PluginTable } from './define.js';

/** A table from row-major boxed values (null = null; strings: '' for null). */
export function tableFromRows(schema: Column[], rows: Scalar[][]): PluginTable {
  const columns: Vector[] = schema.map((c) => allocVector(c.type, rows.length));
  rows.forEach((row, r) => schema.forEach((_, j) => setScalar(columns[j]!, r, row[j] ?? null)));
  return { schema, columns, rowCount: rows.length };
}

/** Row `r` of a table as boxed values. */
export function rowOf(t: PluginTable, r: number): Scalar[] {
  return t.columns.map((c) => getScalar(c, r));
}

export function cell(t: PluginTable, column: number, r: number): Scalar {
  return getScalar(t.columns[column]!, r);
}

/** Input rows `rows` of a table, keeping its first `width` columns (the plugin's input without expr() columns). */
export function selectRows(t: PluginTable, width: number, rows: number[]): PluginTable {
  const schema = t.schema.slice(0, width);
  return tableFromRows(schema, rows.map((r) => schema.map((_, j) => cell(t, j, r))));
}
