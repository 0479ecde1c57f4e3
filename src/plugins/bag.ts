// Plugins that reshape columns: bag_unpack (property bags → columns), narrow (columns → rows), pivot (rows → columns).
import { KqlDataError } from '../errors/diagnostic.js';
import { convertTo, toStringValue } from '../values/convert.js';
import { getMember } from '../values/dynamic.js';
import type { Column, KqlType, Scalar } from '../types.js';
import { withStar, type PluginDef } from './define.js';
import { cell, tableFromRows } from './table.js';

const isBag = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The KQL type of a bag slot's JSON value (bag_unpack: "the type of the slot"). */
function slotType(v: unknown): KqlType {
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? 'long' : 'real';
    case 'string': return 'string';
    default: return 'dynamic';
  }
}

const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const bagUnpack: PluginDef = {
  name: 'bag_unpack',
  doc: 'turns each top-level slot of a dynamic property bag column into a column',
  syntax: 'T | evaluate bag_unpack(Column [, OutputColumnPrefix] [, columnsConflict] [, ignoredProperties]) [: OutputSchema]',
  bind(a) {
    const bagCol = a.column(0, 'the column to unpack', ['dynamic']);
    const prefix = (a.constant(1, 'OutputColumnPrefix', 'string', 'OutputColumnPrefix')?.value as string | null) ?? '';
    const conflict = (a.constant(2, 'columnsConflict', 'string', 'columnsConflict')?.value as string | null) || 'error';
    if (!['error', 'replace_source', 'keep_source'].includes(conflict)) {
      a.fail(`columnsConflict must be 'error', 'replace_source' or 'keep_source', not '${conflict}'`, a.spanOf(2, 'columnsConflict'));
    }
    const ignoredArg = a.constant(3, 'ignoredProperties', 'dynamic', 'ignoredProperties')?.value;
    if (ignoredArg !== undefined && ignoredArg !== null && !Array.isArray(ignoredArg)) {
      a.fail('ignoredProperties must be a dynamic array of property names', a.spanOf(3, 'ignoredProperties'));
    }
    const ignored = new Set(((ignoredArg as unknown[] | null | undefined) ?? []).map((x) => String(x)));
    for (const n of a.namedArgs()) {
      if (!['OutputColumnPrefix', 'columnsConflict', 'ignoredProperties'].includes(n)) a.fail(`bag_unpack has no parameter '${n}'`, a.spanOf(-1, n));
    }
    const kept = a.input.map((c, i) => ({ ...c, i })).filter((c) => c.i !== bagCol);
    const width = a.input.length;

    // the output: kept input columns (a slot may replace one), then slot columns
    type Out = { name: string; type: KqlType; source: number } | { name: string; type: KqlType; slot: string };
    const build = (outs: Out[]) => ({
      schema: outs.map((o) => ({ name: o.name, type: o.type })),
      rows: (t: import('./define.js').PluginTable) => {
        const rows: Scalar[][] = [];
        for (let r = 0; r < t.rowCount; r++) {
          const bag = cell(t, bagCol, r);
          rows.push(outs.map((o) => {
            if ('source' in o) return cell(t, o.source, r);
            const v = isBag(bag) ? getMember(bag, o.slot) : undefined;
            return v === undefined || v === null ? null : convertTo(o.type, 'dynamic', v as Scalar);
          }));
        }
        return rows;
      },
    });

    const conflictError = (name: string) =>
      new KqlDataError(`bag_unpack: the property '${name}' has the name of an existing column; use columnsConflict='replace_source' or 'keep_source'`);

    const resolve = (slots: { name: string; type: KqlType; slot: string }[]): Out[] => {
      const outs: Out[] = kept.map((c) => ({ name: c.name, type: c.type, source: c.i }));
      for (const s of slots) {
        const at = outs.findIndex((o) => 'source' in o && o.name === s.name);
        if (at < 0) outs.push(s);
        else if (conflict === 'replace_source') outs[at] = s;
        else if (conflict === 'error') throw conflictError(s.name);
        // keep_source: the slot is dropped
      }
      return outs;
    };

    if (a.outputSchema) {
      // only the declared columns (and the input's, where `*` is); a declared name is prefix + slot
      const declared = a.outputSchema.columns;
      const star = a.outputSchema.starAt !== undefined;
      const outs: Out[] = [];
      const starCols: Out[] = star ? kept.map((c) => ({ name: c.name, type: c.type, source: c.i })) : [];
      const decl: Out[] = declared.map((c) => ({ name: c.name, type: c.type, slot: c.name.startsWith(prefix) ? c.name.slice(prefix.length) : c.name }));
      const before = decl.slice(0, a.outputSchema.starAt ?? decl.length);
      const after = decl.slice(a.outputSchema.starAt ?? decl.length);
      outs.push(...before, ...starCols, ...after);
      // a declared column that has an input column's name: the conflict rule decides
      const final: Out[] = [];
      for (const o of outs) {
        const twin = outs.find((x) => x !== o && x.name === o.name);
        if (!twin) { final.push(o); continue; }
        if (conflict === 'error') a.fail(`bag_unpack: the output column '${o.name}' has the name of an existing column; use columnsConflict='replace_source' or 'keep_source'`, a.outputSchema.span);
        if ('source' in o && conflict === 'replace_source') final.push(twin);
        else if ('source' in o) final.push(o);
      }
      const plan = build(final);
      return {
        schema: plan.schema,
        run: (t) => tableFromRows(plan.schema, plan.rows(t)),
      };
    }

    return {
      schema: null,
      run: (t) => {
        // every slot, typed by its non-null values (one type, else dynamic); all-null slots are skipped
        const types = new Map<string, KqlType | null>();
        for (let r = 0; r < t.rowCount; r++) {
          const bag = cell(t, bagCol, r);
          if (!isBag(bag)) continue;
          for (const [k, v] of Object.entries(bag)) {
            if (ignored.has(k)) continue;
            const prev = types.get(k);
            if (v === null || v === undefined) { if (prev === undefined) types.set(k, null); continue; }
            const ty = slotType(v);
            types.set(k, prev === undefined || prev === null ? ty : prev === ty ? prev : 'dynamic');
          }
        }
        const slots = [...types].filter(([, ty]) => ty !== null).sort(([x], [y]) => ordinal(x, y))
          .map(([k, ty]) => ({ name: prefix + k, type: ty!, slot: k }));
        const plan = build(resolve(slots));
        void width;
        return tableFromRows(plan.schema, plan.rows(t));
      },
    };
  },
};

export const narrow: PluginDef = {
  name: 'narrow',
  doc: 'unpivots a table into rows of (Row, Column, Value) with each cell as a string',
  syntax: 'T | evaluate narrow()',
  bind(a) {
    if (a.positional > 0 || a.namedArgs().length > 0) a.fail('narrow takes no arguments');
    const schema: Column[] = [{ name: 'Row', type: 'long' }, { name: 'Column', type: 'string' }, { name: 'Value', type: 'string' }];
    const input = a.input;
    return {
      schema,
      run: (t) => {
        const rows: Scalar[][] = [];
        for (let r = 0; r < t.rowCount; r++) {
          input.forEach((c, j) => rows.push([r, c.name, toStringValue(c.type, cell(t, j, r))]));
        }
        return tableFromRows(schema, rows);
      },
    };
  },
};

/** aggregates whose value over no rows is 0 (pivot fills absent cells with it); others give null */
const ZERO_WHEN_EMPTY = new Set(['count', 'sum', 'dcount', 'countif', 'sumif', 'dcountif']);

export const pivot: PluginDef = {
  name: 'pivot',
  doc: "turns each distinct value of a column into a column holding an aggregate (count() by default)",
  syntax: 'T | evaluate pivot(pivotColumn [, aggregationFunction] [, column1, column2, ...]) [: OutputSchema]',
  bind(a) {
    const pivotCol = a.column(0, 'the pivot column');
    const aggExpr = a.raw(1);
    const hasAgg = aggExpr !== undefined && aggExpr.kind === 'Call';
    const referenced = new Set<string>();
    const walk = (e: unknown) => {
      if (!e || typeof e !== 'object') return;
      const x = e as { kind?: string; name?: string };
      if (x.kind === 'NameRef' && typeof x.name === 'string') referenced.add(x.name);
      for (const v of Object.values(e)) if (v && typeof v === 'object') walk(v);
    };
    if (hasAgg) walk((aggExpr as { args: unknown }).args);
    const first = hasAgg ? 2 : 1;
    const keys: number[] = [];
    if (a.positional > first) for (let i = first; i < a.positional; i++) keys.push(a.column(i, 'a column to keep'));
    else a.input.forEach((c, i) => { if (i !== pivotCol && !referenced.has(c.name)) keys.push(i); });
    const aggName = hasAgg ? (aggExpr as { name: string }).name : 'count';
    const zero = ZERO_WHEN_EMPTY.has(aggName);
    const keyCols = keys.map((i) => a.input[i]!);
    const declared = a.outputSchema ? withStar(a.outputSchema, []) : null;
    return {
      schema: declared,
      summarize: { aggregate: hasAgg ? aggExpr! : null, by: [...keys, pivotCol] },
      run: (t) => {
        // t: keys..., pivot value, aggregate — one row per (keys, pivot value)
        const nk = keys.length;
        const pivType = t.schema[nk]!.type;
        const aggType = t.schema[nk + 1]!.type;
        const names: string[] = [];
        const nameIndex = new Map<string, number>();
        const groups = new Map<string, { key: Scalar[]; cells: Map<number, Scalar> }>();
        for (let r = 0; r < t.rowCount; r++) {
          const key = keys.map((_, j) => cell(t, j, r));
          const id = JSON.stringify(key, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
          let g = groups.get(id);
          if (!g) groups.set(id, (g = { key, cells: new Map() }));
          const name = toStringValue(pivType, cell(t, nk, r));
          let ni = nameIndex.get(name);
          if (ni === undefined) { ni = names.length; names.push(name); nameIndex.set(name, ni); }
          g.cells.set(ni, cell(t, nk + 1, r));
        }
        const empty = zero ? (aggType === 'real' ? 0 : 0) : null;
        const schema: Column[] = [...keyCols.map((c) => ({ ...c })), ...names.map((n) => ({ name: n, type: aggType }))];
        const rows = [...groups.values()].map((g) => [...g.key, ...names.map((_, i) => (g.cells.has(i) ? g.cells.get(i)! : empty))]);
        const out = tableFromRows(schema, rows);
        if (!declared) return out;
        // the declared schema: its columns by name, converted; a declared column the data lacks is empty
        const rowsOut = rows.map((row) => declared.map((c) => {
          const j = schema.findIndex((s) => s.name === c.name);
          if (j < 0) return keyCols.some((k) => k.name === c.name) ? null : empty;
          return convertTo(c.type, schema[j]!.type, row[j]!);
        }));
        return tableFromRows(declared, rowsOut);
      },
    };
  },
};
