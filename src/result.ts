// Query results: typed columns, JS rows for embedding apps, and Kusto's JSON form.
import type { Column } from './types.js';
import type { Batch } from './exec/batch.js';
import type { Vector } from './exec/vector.js';
import { getScalar } from './exec/vector.js';
import { toJsonValue, toJsValue } from './values/json-out.js';

export interface ResultJson {
  columns: Column[];
  rows: unknown[][];
}

export class Result {
  readonly columns: Column[];
  /**
   * The rows, as the query's last operator produced them: batches of column vectors, each with its
   * selection (the rows of it that are results). Result rows are the batches' selected rows in order;
   * `starts[p]` is the first result row of part p. A selection is kept as it came (no copy of the
   * selected rows into new vectors), so a result is a view over vectors the query already holds.
   */
  private readonly parts: readonly Batch[];
  private readonly starts: number[];
  /** the part the last `cell` read was in (rows are mostly read in order) */
  private lastPart = 0;
  readonly rowCount: number;
  /** `render` hint, when the query ends with one */
  readonly visualization?: { chart: string; properties: Record<string, unknown> };
  /**
   * The table's name: `PrimaryResult` for an ordinary query; a `fork` leg's `name =` or `as` name;
   * a `facet` column's name; `Table_<i>` for an unnamed one.
   */
  readonly name: string;
  private rowsCache?: unknown[][];
  private allTables?: Result[];

  /** `rows`: dense vectors of `rowCount` rows, or batches (see `parts`) holding `rowCount` selected rows in all */
  constructor(columns: Column[], rows: Vector[] | readonly Batch[], rowCount: number, visualization?: { chart: string; properties: Record<string, unknown> }, name = 'PrimaryResult') {
    this.name = name;
    this.columns = columns;
    const parts: readonly Batch[] = rows.length > 0 && 'columns' in rows[0]! ? (rows as readonly Batch[]) : [{ columns: rows as Vector[], n: rowCount, sel: null }];
    this.parts = parts;
    this.starts = [];
    let start = 0;
    for (const b of parts) {
      this.starts.push(start);
      start += b.sel === null ? b.n : b.sel.length;
    }
    if (start !== rowCount && !(parts.length === 1 && columns.length === 0)) throw new Error(`Result: ${start} rows in the parts, ${rowCount} expected`);
    this.rowCount = rowCount;
    if (visualization) this.visualization = visualization;
  }

  /** Calls f(vectors, physical row) for every result row in order. */
  private eachRow(f: (columns: Vector[], i: number) => void): void {
    for (const b of this.parts) {
      const count = b.sel === null ? b.n : b.sel.length;
      for (let k = 0; k < count; k++) f(b.columns, b.sel === null ? k : b.sel[k]!);
    }
  }

  /**
   * Every result table of the query, in order, the first being this one. A query ending with `fork`
   * (one table per leg) or `facet` (the `with` table, then one per column) has several; others one.
   */
  get tables(): Result[] {
    return this.allTables ?? [this];
  }

  /** Looks a result table up by name (`result.table('StormsWithDeaths')`). */
  table(name: string): Result | undefined {
    return this.tables.find((t) => t.name === name);
  }

  /** @internal set once by Database.query on the primary result */
  setTables(tables: Result[]): void {
    this.allTables = tables;
  }

  /** Rows as JS values: datetime → Date, dynamic → JSON value, null → null (see values/json-out.ts). */
  get rows(): unknown[][] {
    if (!this.rowsCache) {
      const rows: unknown[][] = [];
      this.eachRow((vs, i) => rows.push(this.columns.map((c, j) => toJsValue(c.type, getScalar(vs[j]!, i)))));
      this.rowsCache = rows;
    }
    return this.rowsCache;
  }

  /** Kusto's JSON conventions: datetime ISO text, timespan `[d.]hh:mm:ss[.fffffff]`, NaN as "NaN". */
  toJSON(): ResultJson {
    const rows: unknown[][] = [];
    this.eachRow((vs, i) => rows.push(this.columns.map((c, j) => toJsonValue(c.type, getScalar(vs[j]!, i)))));
    return { columns: this.columns.map((c) => ({ ...c })), rows };
  }

  /** The boxed value (see types.ts) of one cell. */
  cell(row: number, column: number) {
    if (!(row >= 0 && row < this.rowCount)) throw new RangeError(`row ${row} is outside the result's ${this.rowCount} rows`);
    const starts = this.starts;
    let p = this.lastPart;
    if (!(row >= starts[p]! && (p + 1 === starts.length || row < starts[p + 1]!))) {
      // binary search: the last part starting at or before the row
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= row) lo = mid;
        else hi = mid - 1;
      }
      p = this.lastPart = lo;
    }
    const b = this.parts[p]!;
    const k = row - starts[p]!;
    return getScalar(b.columns[column]!, b.sel === null ? k : b.sel[k]!);
  }
}
