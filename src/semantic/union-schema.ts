// The result columns of union (and search), named, typed and ordered as Microsoft's analyzer does.
import type { Column, KqlType } from '../types.js';

export interface UnionSchema {
  columns: Column[];
  /** for each input, for each result column: the input column it comes from, or -1 (nulls) */
  sources: number[][];
}

/**
 * union-operator.md: one column per name and type; a name that occurs with several types becomes one
 * column per type, `name_type`, placed together where the name first occurs; a clash with an existing
 * name gets a numeric suffix (`x_long1`).
 *
 * Kusto.Language (@kusto/language-service-next 12.4.1, ColumnMap.Add) deviates in one case, and it
 * decides result names and types here: when the first two occurrences of a name have the same type,
 * later occurrences of another type do not split it — the result keeps one column of the first type.
 * The binder converts such a source column to that type (to<type>(), null where it does not convert).
 */
export function unionSchema(inputs: readonly (readonly Column[])[]): UnionSchema {
  // 1. Per name: 'one' column so far, 'same' (two or more, the first two of one type) or 'split' by type.
  const entries = new Map<string, { state: 'one' | 'same' | 'split'; types: KqlType[] }>();
  for (const cols of inputs) {
    for (const c of cols) {
      const e = entries.get(c.name);
      if (!e) entries.set(c.name, { state: 'one', types: [c.type] });
      else if (e.state === 'one') {
        if (e.types[0] === c.type) e.state = 'same';
        else { e.state = 'split'; e.types.push(c.type); }
      } else if (e.state === 'split' && !e.types.includes(c.type)) e.types.push(c.type);
    }
  }

  // 2. Result columns in order of first occurrence; names made unique as the analyzer's UniqueNameTable does.
  const lastSuffix = new Map<string, number>();
  const uniqueName = (name: string): string => {
    const last = lastSuffix.get(name);
    if (last === undefined) {
      lastSuffix.set(name, 0);
      return name;
    }
    for (let suffix = last + 1; ; suffix++) {
      const candidate = `${name}${suffix}`;
      if (!lastSuffix.has(candidate)) {
        lastSuffix.set(name, suffix);
        lastSuffix.set(candidate, 0);
        return candidate;
      }
    }
  };
  const columns: Column[] = [];
  /** per result column: the source name, and the source type it takes (undefined: any type, converted) */
  const keys: { name: string; type: KqlType | undefined }[] = [];
  const done = new Set<string>();
  for (const cols of inputs) {
    for (const c of cols) {
      if (done.has(c.name)) continue;
      done.add(c.name);
      const e = entries.get(c.name)!;
      if (e.state === 'split') {
        for (const t of e.types) {
          columns.push({ name: uniqueName(`${c.name}_${t}`), type: t });
          keys.push({ name: c.name, type: t });
        }
      } else {
        columns.push({ name: uniqueName(c.name), type: e.types[0]! });
        keys.push({ name: c.name, type: undefined });
      }
    }
  }

  const sources = inputs.map((cols) =>
    keys.map((k) => cols.findIndex((c) => c.name === k.name && (k.type === undefined || c.type === k.type))));
  return { columns, sources };
}
