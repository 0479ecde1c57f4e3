// Compares an engine result with a documented result table, normalizing cells as the shared
// conformance README ("Comparing results") prescribes.
import {
  isNullText, parseBoolText, parseDatetimeTicks, parseIntegerText, parseRealText, parseTimespanTicks, realsMatch,
} from './cell-text.js';
import type { DocsCase } from './docs-cases.js';
import { canonicalJson, fromJsValue, parseLosslessJson, type JsonNode } from './lossless-json.js';

/** Our result in `toJSON()` form: column names and KQL types, rows of JSON-convention values. */
export interface ActualTable {
  columns: readonly { name: string; type?: string }[];
  rows: readonly (readonly unknown[])[];
}

/** The documented table: names and cell texts. */
export interface ExpectedTable {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

export interface CompareOptions {
  /** row order is defined: compare row i with row i; otherwise as a multiset */
  ordered: boolean;
  /** arrays inside dynamic values are compared as multisets (`make_set*`, `set_*`) */
  setOrder?: boolean;
  /** column order comes from the data (`bag_unpack`, `pivot`): names compared as a set */
  dynamicSchema?: boolean;
  /** types to fall back on, by expected column position, when a result column has no KQL type */
  inferredTypes?: readonly string[];
}

export type Verdict =
  | { status: 'pass' }
  | { status: 'fail' | 'soft-fail'; reason: string };

/** Flags under which a mismatch may be legitimate (estimates, arbitrary picks): reported as soft failures. */
export const SOFT_FLAGS = ['approximate', 'arbitrary_rows', 'arbitrary_value'] as const;

const KQL_TYPES = new Set(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic']);

/** Compares one conformance case's expected table with our result; soft flags turn a failure soft. */
export function compareCase(c: DocsCase, actual: ActualTable): Verdict {
  const flags = c.flags ?? [];
  const options: CompareOptions = {
    ordered: c.ordered,
    setOrder: flags.includes('set_order'),
    dynamicSchema: flags.includes('dynamic_schema'),
  };
  if (c.inferred_types) options.inferredTypes = c.inferred_types;
  const reason = compareTables(c.expected, actual, options);
  if (reason === undefined) return { status: 'pass' };
  const soft = SOFT_FLAGS.filter((f) => flags.includes(f));
  return soft.length > 0
    ? { status: 'soft-fail', reason: `[${soft.join(', ')}] ${reason}` }
    : { status: 'fail', reason };
}

/** Returns undefined when the tables match, else the first difference in words. */
export function compareTables(expected: ExpectedTable, actual: ActualTable, options: CompareOptions): string | undefined {
  // 1. Columns: same names in the same order, or the same set for data-dependent schemas.
  const actualNames = actual.columns.map((c) => c.name);
  let order: number[]; // order[i] = index of the actual column lined up with expected column i
  if (options.dynamicSchema) {
    const sortedExpected = [...expected.columns].sort();
    const sortedActual = [...actualNames].sort();
    if (!sameList(sortedExpected, sortedActual)) return columnsDiffer(expected.columns, actualNames, 'as a set');
    order = expected.columns.map((name) => actualNames.indexOf(name));
  } else {
    if (!sameList(expected.columns, actualNames)) return columnsDiffer(expected.columns, actualNames);
    order = expected.columns.map((_, i) => i);
  }

  // 2. Each column's type: ours when it is a KQL type, else the analyzer's inferred one.
  const types = order.map((actualIndex, i) => {
    const ours = actual.columns[actualIndex]?.type;
    if (ours !== undefined && KQL_TYPES.has(ours)) return ours;
    const inferred = options.dynamicSchema ? undefined : options.inferredTypes?.[i];
    return inferred !== undefined && KQL_TYPES.has(inferred) ? inferred : undefined;
  });
  const columns: ColumnInfo[] = expected.columns.map((name, i) => ({ name, type: types[i], index: order[i]! }));
  const setOrder = options.setOrder ?? false;

  // 3. Rows: same count, then row by row or as a multiset.
  if (expected.rows.length !== actual.rows.length) {
    return `expected ${expected.rows.length} row${expected.rows.length === 1 ? '' : 's'}, got ${actual.rows.length}`;
  }
  if (options.ordered) {
    for (let r = 0; r < expected.rows.length; r++) {
      const why = rowMismatch(expected.rows[r]!, actual.rows[r]!, columns, setOrder);
      if (why !== undefined) return `row ${r + 1}: ${why}`;
    }
    return undefined;
  }
  const { unmatchedA, unmatchedB } = matchMultiset(
    expected.rows, actual.rows, (e, a) => rowMismatch(e, a, columns, setOrder) === undefined);
  if (unmatchedA.length === 0) return undefined;
  const e = expected.rows[unmatchedA[0]!]!;
  const a = actual.rows[unmatchedB[0]!]!;
  return `rows differ (compared as a multiset): ${unmatchedA.length} expected row(s) have no match, e.g. ` +
    `expected ${visible(JSON.stringify(e))}; unmatched result row e.g. ${showRow(a)} (${rowMismatch(e, a, columns, setOrder)})`;
}

interface ColumnInfo {
  name: string;
  type: string | undefined;
  index: number;
}

function rowMismatch(expected: readonly string[], actual: readonly unknown[], columns: readonly ColumnInfo[], setOrder: boolean): string | undefined {
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i]!;
    const text = expected[i] ?? '';
    const value = actual[col.index];
    const why = cellMismatch(text, value, col.type, setOrder);
    if (why !== undefined) return `column '${col.name}' (${col.type ?? 'untyped'}): expected ${visible(JSON.stringify(text))}, got ${showValue(value)}${why ? ` — ${why}` : ''}`;
  }
  return undefined;
}

/**
 * Does one cell match? Returns undefined when it does, else a (possibly empty) explanation.
 * `value` is in `toJSON()` form: datetime and timespan as text, dynamic as a JSON value, NaN/Infinity as strings.
 */
export function cellMismatch(text: string, value: unknown, type: string | undefined, setOrder = false): string | undefined {
  const isNull = value === null || value === undefined;
  // Null: on non-string columns "", null and (null) stand for null; strings are never null in Kusto.
  if (type !== 'string' && isNullText(text)) return isNull ? undefined : 'expected null';
  if (type === 'string') {
    if (text.trim() === '') return isNull || (typeof value === 'string' && value.trim() === '') ? undefined : '';
    return typeof value === 'string' && value.trim() === text.trim() ? undefined : '';
  }
  if (isNull) return 'got null';

  switch (type) {
    case 'bool': {
      const b = parseBoolText(text);
      if (b === undefined) return 'expected text is not a bool';
      return value === b ? undefined : '';
    }
    case 'int':
    case 'long': {
      const n = parseIntegerText(text);
      if (n === undefined) return 'expected text is not an integer';
      const v = toBigInt(value);
      if (v === undefined) return 'result is not an integer';
      if (v === n) return undefined;
      return typeof value === 'number' && !Number.isSafeInteger(value) ? 'result is a JS number beyond 2^53 (precision lost)' : '';
    }
    case 'real':
    case 'decimal': {
      const e = parseRealText(text);
      if (e === undefined) return 'expected text is not a number';
      const v = typeof value === 'number' ? value : typeof value === 'string' ? parseRealText(value)?.value : undefined;
      if (v === undefined) return 'result is not a number';
      return realsMatch(e, v) ? undefined : '';
    }
    case 'datetime': {
      const e = parseDatetimeTicks(text);
      if (e === undefined) return 'expected text is not a datetime';
      const v = value instanceof Date ? BigInt(value.getTime()) * 10_000n : typeof value === 'string' ? parseDatetimeTicks(value) : undefined;
      if (v === undefined) return 'result is not a datetime text';
      return v === e ? undefined : '';
    }
    case 'timespan': {
      const e = parseTimespanTicks(text);
      if (e === undefined) return 'expected text is not a timespan';
      const v = typeof value === 'string' ? parseTimespanTicks(value) : undefined;
      if (v === undefined) return 'result is not a timespan text';
      return v === e ? undefined : '';
    }
    case 'guid':
      return typeof value === 'string' && value.trim().toLowerCase() === text.trim().toLowerCase() ? undefined : '';
    case 'dynamic': {
      const e = parseLosslessJson(text.trim());
      // Not JSON: the doc shows a dynamic string without its quotes.
      if (e === undefined) return typeof value === 'string' && value.trim() === text.trim() ? undefined : '';
      return dynamicMismatch(e, fromJsValue(value), setOrder, '$');
    }
    default:
      return showPlain(value).trim() === text.trim() ? undefined : '';
  }
}

/** Structural comparison of dynamic values; returns the path of the first difference. */
function dynamicMismatch(e: JsonNode, a: JsonNode, setOrder: boolean, path: string): string | undefined {
  const at = (what: string) => `at ${path}: ${what}`;
  if (e.kind === 'number') {
    if (a.kind !== 'number') return at(`expected number ${e.text}, got ${a.kind}`);
    const expected = parseRealText(e.text)!;
    return realsMatch(expected, a.value) ? undefined : at(`expected ${e.text}, got ${a.text}`);
  }
  if (e.kind !== a.kind) return at(`expected ${e.kind}, got ${a.kind}`);
  switch (e.kind) {
    case 'null':
      return undefined;
    case 'bool':
      return e.value === (a as typeof e).value ? undefined : at(`expected ${e.value}`);
    case 'string': {
      const av = (a as typeof e).value;
      return stringsMatchAsValues(e.value, av) ? undefined : at(`expected ${JSON.stringify(e.value)}, got ${JSON.stringify(av)}`);
    }
    case 'array': {
      const items = (a as typeof e).items;
      if (items.length !== e.items.length) return at(`expected ${e.items.length} elements, got ${items.length}`);
      if (!setOrder) {
        for (let i = 0; i < items.length; i++) {
          const why = dynamicMismatch(e.items[i]!, items[i]!, setOrder, `${path}[${i}]`);
          if (why !== undefined) return why;
        }
        return undefined;
      }
      const { unmatchedA } = matchMultiset(e.items, items, (x, y) => dynamicMismatch(x, y, setOrder, path) === undefined);
      return unmatchedA.length === 0 ? undefined : at(`element ${canonicalJson(e.items[unmatchedA[0]!]!)} has no match (compared as a set)`);
    }
    case 'object': {
      const entries = (a as typeof e).entries;
      const ek = [...e.entries.keys()].sort();
      const ak = [...entries.keys()].sort();
      if (!sameList(ek, ak)) return at(`expected keys ${JSON.stringify(ek)}, got ${JSON.stringify(ak)}`);
      for (const k of ek) {
        const why = dynamicMismatch(e.entries.get(k)!, entries.get(k)!, setOrder, `${path}.${k}`);
        if (why !== undefined) return why;
      }
      return undefined;
    }
  }
}

/** Strings inside dynamic values: equal, or the same instant, or the same duration (.NET round-trip form vs ours). */
function stringsMatchAsValues(e: string, a: string): boolean {
  if (e === a) return true;
  const et = parseDatetimeTicks(e);
  if (et !== undefined) return et === parseDatetimeTicks(a);
  const es = parseTimespanTicks(e);
  return es !== undefined && es === parseTimespanTicks(a);
}

/**
 * Pairs each A with a distinct equal B (maximum bipartite matching: a greedy pass, then augmenting
 * paths for what greedy left over). Equality with tolerances is not transitive, so sorting keys is not enough.
 */
export function matchMultiset<A, B>(as: readonly A[], bs: readonly B[], equal: (a: A, b: B) => boolean): { unmatchedA: number[]; unmatchedB: number[] } {
  const cache = new Map<number, boolean>();
  const eq = (i: number, j: number) => {
    const key = i * bs.length + j;
    let r = cache.get(key);
    if (r === undefined) cache.set(key, (r = equal(as[i]!, bs[j]!)));
    return r;
  };
  const ownerOfB = new Array<number>(bs.length).fill(-1);
  const matchOfA = new Array<number>(as.length).fill(-1);
  for (let i = 0; i < as.length; i++) {
    for (let j = 0; j < bs.length; j++) {
      if (ownerOfB[j] === -1 && eq(i, j)) {
        ownerOfB[j] = i;
        matchOfA[i] = j;
        break;
      }
    }
  }
  const augment = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < bs.length; j++) {
      if (seen[j] || !eq(i, j)) continue;
      seen[j] = true;
      if (ownerOfB[j] === -1 || augment(ownerOfB[j]!, seen)) {
        ownerOfB[j] = i;
        matchOfA[i] = j;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < as.length; i++) {
    if (matchOfA[i] === -1) augment(i, new Array<boolean>(bs.length).fill(false));
  }
  return {
    unmatchedA: matchOfA.flatMap((j, i) => (j === -1 ? [i] : [])),
    unmatchedB: ownerOfB.flatMap((i, j) => (i === -1 ? [j] : [])),
  };
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string') return parseIntegerText(value);
  return undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function columnsDiffer(expected: readonly string[], actual: readonly string[], how = ''): string {
  return `columns differ${how ? ` ${how}` : ''}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function showPlain(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  return showValue(value);
}

/** A result value for messages: JSON, with bigint and Date spelled out. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  try {
    return visible(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value));
  } catch {
    return String(value);
  }
}

/** Spells out characters that look like a space or nothing (NBSP, zero-width, line separators) as \\uXXXX. */
function visible(text: string): string {
  return text.replace(/[\u0080-\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function showRow(row: readonly unknown[]): string {
  return `[${row.map(showValue).join(',')}]`;
}
