// Small plugins: identity, preview, estimate_rows_count and dcount_intersect.
import { hllValues } from '../functions/aggregate/sketches.js';
import { stringifyDynamic } from '../values/dynamic.js';
import type { Column, Scalar } from '../types.js';
import type { PluginArgs, PluginDef } from './define.js';
import { cell, selectRows, tableFromRows } from './table.js';

function noArguments(a: PluginArgs): void {
  if (a.positional > 0 || a.namedArgs().length > 0) a.fail(`${a.plugin} takes no arguments`, a.spanOf(0));
}

export const identity: PluginDef = {
  name: 'identity',
  doc: 'returns its input unchanged',
  syntax: 'T | evaluate identity()',
  bind(a) {
    noArguments(a);
    const width = a.input.length;
    return {
      schema: a.input.map((c) => ({ ...c })),
      run: (t) => selectRows(t, width, Array.from({ length: t.rowCount }, (_, r) => r)),
    };
  },
};

export const preview: PluginDef = {
  name: 'preview',
  doc: 'the first NumberOfRows rows of the input (Kusto also returns a second table with the row count; one result table here)',
  syntax: 'T | evaluate preview(NumberOfRows)',
  bind(a) {
    const n = a.constant(0, 'NumberOfRows', 'long');
    if (n === null) a.fail('NumberOfRows is missing');
    const k = Number(n!.value);
    if (!(k >= 0) || !Number.isInteger(k)) a.fail('NumberOfRows must be a constant whole number of 0 or more', a.spanOf(0));
    if (a.positional > 1 || a.namedArgs().length > 0) a.fail('preview takes one argument', a.spanOf(1));
    const width = a.input.length;
    return {
      schema: a.input.map((c) => ({ ...c })),
      run: (t) => selectRows(t, width, Array.from({ length: Math.min(k, t.rowCount) }, (_, r) => r)),
    };
  },
};

export const estimateRowsCount: PluginDef = {
  name: 'estimate_rows_count',
  doc: "the number of rows of the input (Kusto estimates it from extents' metadata; here the table is in memory, so it is exact)",
  syntax: 'T | evaluate estimate_rows_count()',
  bind(a) {
    noArguments(a);
    const schema: Column[] = [{ name: 'EstimatedRowsCount', type: 'long' }];
    return { schema, run: (t) => tableFromRows(schema, [[t.rowCount]]) };
  },
};

export const dcountIntersect: PluginDef = {
  name: 'dcount_intersect',
  doc: 'per row, the distinct counts of S1, S1∩S2, …, S1∩…∩Sn for hll() sketches S1..Sn (2 to 16 of them; exact here, as hll is)',
  syntax: 'T | evaluate dcount_intersect(hll_1, hll_2 [, hll_3, ...])',
  bind(a) {
    if (a.positional < 2 || a.positional > 16) a.fail('dcount_intersect takes 2 to 16 hll values', a.positional > 16 ? a.spanOf(16) : a.span);
    if (a.namedArgs().length > 0) a.fail('dcount_intersect takes no named arguments', a.spanOf(-1, a.namedArgs()[0]));
    const args = Array.from({ length: a.positional }, (_, i) => a.expr(i, `hll_${i + 1}`, ['dynamic']).index);
    const width = a.input.length;
    const schema: Column[] = [...a.input.map((c) => ({ ...c })), ...args.map((_, i) => ({ name: `s${i}`, type: 'long' as const }))];
    return {
      schema,
      run(t) {
        const rows: Scalar[][] = [];
        for (let r = 0; r < t.rowCount; r++) {
          const row: Scalar[] = [];
          for (let j = 0; j < width; j++) row.push(cell(t, j, r));
          // a value that is not an hll sketch (null, or anything else) is the empty set
          let common: Set<string> | undefined;
          for (const i of args) {
            const values = new Set((hllValues(cell(t, i, r)) ?? []).map(stringifyDynamic));
            const prev: Set<string> | undefined = common;
            common = prev === undefined ? values : new Set([...prev].filter((x) => values.has(x)));
            row.push(common.size);
          }
          rows.push(row);
        }
        return tableFromRows(schema, rows);
      },
    };
  },
};
