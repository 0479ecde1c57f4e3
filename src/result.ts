// Query results: typed columns, JS rows for embedding apps, and Kusto's JSON form.
import type { Column } from './types.js';
import type { Vector } from './exec/vector.js';
import { getScalar } from './exec/vector.js';
import { toJsonValue, toJsValue } from './values/json-out.js';

export interface ResultJson {
  columns: Column[];
  rows: unknown[][];
}

export class Result {
  readonly columns: Column[];
  private readonly vectors: Vector[];
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

  constructor(columns: Column[], vectors: Vector[], rowCount: number, visualization?: { chart: string; properties: Record<string, unknown> }, name = 'PrimaryResult') {
    this.name = name;
    this.columns = columns;
    this.vectors = vectors;
    this.rowCount = rowCount;
    if (visualization) this.visualization = visualization;
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
      for (let i = 0; i < this.rowCount; i++) {
        rows.push(this.columns.map((c, j) => toJsValue(c.type, getScalar(this.vectors[j]!, i))));
      }
      this.rowsCache = rows;
    }
    return this.rowsCache;
  }

  /** Kusto's JSON conventions: datetime ISO text, timespan `[d.]hh:mm:ss[.fffffff]`, NaN as "NaN". */
  toJSON(): ResultJson {
    const rows: unknown[][] = [];
    for (let i = 0; i < this.rowCount; i++) {
      rows.push(this.columns.map((c, j) => toJsonValue(c.type, getScalar(this.vectors[j]!, i))));
    }
    return { columns: this.columns.map((c) => ({ ...c })), rows };
  }

  /** The boxed value (see types.ts) of one cell. */
  cell(row: number, column: number) {
    return getScalar(this.vectors[column]!, row);
  }
}
