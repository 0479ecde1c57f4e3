// DuckDB through @duckdb/node-api, 2 threads, in two layouts:
// - json:   every dynamic column is JSON text; members are read with json_extract_string at query time;
// - struct: RawEventData and ActivityObjects are shredded at load (from_json, with the structure merged over
//           every row) into a STRUCT and a STRUCT[]; the other dynamic columns stay JSON text.
// Rows reach DuckDB through the appender, one data chunk of 2,048 rows at a time.
import {
  DuckDBDataChunk, DuckDBInstance, DuckDBMaterializedResult, DuckDBTimestampValue, DuckDBTypeId, version,
  type DuckDBConnection, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';
import type { Materialized } from '../lib/canon.js';
import type { BenchData, ColumnDef } from '../lib/data.js';
import { EXTENDED, joinOutputColumns } from '../lib/data.js';
import type { Peer } from '../lib/peer.js';
import { AGO_30D_MS, AGO_7D_MS, DLP_PROVIDER, type WorkloadId } from '../lib/workloads.js';

const SQL_TYPES: Partial<Record<string, string>> = {
  string: 'VARCHAR', int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE', bool: 'BOOLEAN', datetime: 'TIMESTAMP', dynamic: 'JSON',
};

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ts = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;

function toDuck(c: ColumnDef, v: unknown): DuckDBValue {
  if (v === null || v === undefined) return c.type === 'string' ? '' : null;
  switch (c.type) {
    case 'string': return String(v);
    case 'int': case 'real': return Number(v);
    case 'long': return BigInt(v as number);
    case 'bool': return Boolean(v);
    case 'datetime': return new DuckDBTimestampValue(BigInt((v as Date).getTime()) * 1000n);
    case 'dynamic': return JSON.stringify(v);
    default: throw new Error(`duckdb peer: no mapping for ${c.type}`);
  }
}

async function loadTable(con: DuckDBConnection, name: string, columns: readonly ColumnDef[], rows: readonly Record<string, unknown>[]): Promise<void> {
  await con.run(`CREATE TABLE ${q(name)} (${columns.map((c) => {
    const t = SQL_TYPES[c.type];
    if (!t) throw new Error(`duckdb peer: no SQL type for ${c.type}`);
    return `${q(c.name)} ${t}`;
  }).join(', ')})`);
  const app = await con.createAppender(name);
  const types: DuckDBType[] = columns.map((_, j) => app.columnType(j));
  const CHUNK = 2048;
  for (let s = 0; s < rows.length; s += CHUNK) {
    const e = Math.min(rows.length, s + CHUNK);
    const chunk = DuckDBDataChunk.create(types, e - s);
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j]!;
      const values = new Array<DuckDBValue>(e - s);
      for (let i = s; i < e; i++) values[i - s] = toDuck(c, rows[i]![c.name]);
      chunk.setColumnValues(j, values);
    }
    app.appendDataChunk(chunk);
  }
  app.closeSync();
}

/** A STRUCT value read back: members DuckDB added for keys a row did not have are null; drop them. */
function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) o[k] = stripNulls(x);
    return o;
  }
  return v;
}

/** True when some object inside `v` has a null member (which the STRUCT layout could not tell from a missing one). */
function hasNullMember(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasNullMember);
  if (v !== null && typeof v === 'object') return Object.values(v).some((x) => x === null || hasNullMember(x));
  return false;
}

/** A JSON value's DuckDB type as from_json's structure argument takes it: a type name, [element], or {key: type}. */
type Shape = string | Shape[] | { [key: string]: Shape };

const SCALARS = new Set(['NULL', 'BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR', 'JSON']);

function scalarShape(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  switch (typeof v) {
    case 'boolean': return 'BOOLEAN';
    case 'number': return Number.isInteger(v) ? 'BIGINT' : 'DOUBLE';
    case 'string': return 'VARCHAR';
    default: return 'JSON';
  }
}

/** Widens `acc` so that `v` fits (mutating object shapes in place). */
function mergeShape(acc: Shape, v: unknown): Shape {
  if (v === null || v === undefined) return acc;
  if (Array.isArray(v)) {
    if (acc === 'NULL') acc = ['NULL'];
    if (!Array.isArray(acc)) return 'JSON';
    let el = acc[0] ?? 'NULL';
    for (const x of v) el = mergeShape(el, x);
    acc[0] = el;
    return acc;
  }
  if (typeof v === 'object') {
    if (acc === 'NULL') acc = {};
    if (typeof acc !== 'object' || Array.isArray(acc)) return 'JSON';
    for (const [k, x] of Object.entries(v)) acc[k] = mergeShape(acc[k] ?? 'NULL', x);
    return acc;
  }
  const s = scalarShape(v);
  if (acc === 'NULL' || acc === s) return s;
  if (typeof acc !== 'string' || !SCALARS.has(acc)) return 'JSON';
  if ((acc === 'BIGINT' && s === 'DOUBLE') || (acc === 'DOUBLE' && s === 'BIGINT')) return 'DOUBLE';
  return 'JSON';
}

/** The structure text; an element or member seen only as null or [] stays JSON. */
function shapeText(s: Shape): string {
  const fix = (x: Shape): Shape => {
    if (typeof x === 'string') return x === 'NULL' ? 'JSON' : x;
    if (Array.isArray(x)) return [fix(x[0] ?? 'NULL')];
    return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, fix(y)]));
  };
  return JSON.stringify(fix(s));
}

export default async function createPeer(options: Record<string, string> = {}): Promise<Peer> {
  const layout = options.layout === 'struct' ? 'struct' : 'json';
  const threads = options.threads ?? '2';
  let instance: DuckDBInstance | undefined;
  let con: DuckDBConnection | undefined;
  let data: BenchData | undefined;
  let checkedNulls = false;

  // Expressions over CloudAppEvents aliased `e`
  const rawMember = (m: string) => (layout === 'json' ? `json_extract_string(e.RawEventData, ${lit(`$.${m}`)})` : `struct_extract(e.RawEventData, ${lit(m)})`);
  /** parse_json(tostring(RawEventData.Data)).cid as JSON, and tostring() of it, from the text column _data */
  const CID_JSON = `CASE WHEN json_valid(_data) THEN json_extract(_data, '$.cid') END`;
  const CID_TEXT = `COALESCE(CASE WHEN json_valid(_data) THEN json_extract_string(_data, '$.cid') END, '')`;
  const withData = `SELECT e.*, ${rawMember('Data')} AS _data, TRY_CAST(${rawMember('CreationTime')} AS TIMESTAMP) AS _ct FROM CloudAppEvents e`;
  const alertCte = (since: number) => `SELECT * FROM SecurityAlert WHERE TimeGenerated > ${ts(since)} AND ProviderName = ${lit(DLP_PROVIDER)}`;
  const correlated = `WITH Alert AS (${alertCte(AGO_30D_MS)}),
    D AS (${withData}),
    E AS (SELECT D.* EXCLUDE (_data), ${CID_JSON} AS correlationId1, ${CID_TEXT} AS correlationId FROM D)`;
  const JOIN_WHERE = 'FROM E JOIN Alert a ON E.correlationId = a.AlertType WHERE E._ct > a.StartTime AND E._ct < a.EndTime';

  const sql = (id: WorkloadId): string => {
    switch (id) {
      case 'headline':
        return `${correlated}
          SELECT a.AlertName, count(*) AS Events, count(DISTINCT E.AccountObjectId) AS Users ${JOIN_WHERE} GROUP BY a.AlertName`;
      case 'join-rows': {
        const left = data!.eventColumns.map((c) => c.name);
        const right = joinOutputColumns([...left, ...EXTENDED], data!.alertColumns.map((c) => c.name));
        const select = [...left, ...EXTENDED].map((c) => `E.${q(c)}`).concat(right.map((c) => `a.${q(c.right)} AS ${q(c.out)}`));
        return `${correlated} SELECT ${select.join(', ')} ${JOIN_WHERE}`;
      }
      case 'term-search':
        return `SELECT * FROM CloudAppEvents
          WHERE regexp_matches(ObjectName, '(^|[^0-9A-Za-z])payroll($|[^0-9A-Za-z])', 'i')
             OR regexp_matches(AccountDisplayName, '(^|[^0-9A-Za-z])(admin|svc)($|[^0-9A-Za-z])', 'i')`;
      case 'bin-count':
        return `SELECT date_trunc('hour', "Timestamp") AS "Timestamp", ActionType, count(*) AS count_ FROM CloudAppEvents GROUP BY 1, 2`;
      case 'dcount-top':
        return `SELECT Application, count(DISTINCT AccountObjectId) AS dcount_AccountObjectId FROM CloudAppEvents
          GROUP BY Application ORDER BY dcount_AccountObjectId DESC LIMIT 10`;
      case 'mv-expand':
        return layout === 'json'
          ? `WITH X AS (SELECT unnest(CASE WHEN ActivityObjects IS NULL THEN [NULL::JSON]
                  WHEN json_type(ActivityObjects) = 'ARRAY' THEN json_extract(ActivityObjects, '$[*]')
                  ELSE [ActivityObjects] END) AS Obj FROM CloudAppEvents)
             SELECT COALESCE(json_extract_string(Obj, '$.Type'), '') AS Type, count(*) AS Objects,
                    count(DISTINCT COALESCE(json_extract_string(Obj, '$.Name'), '')) AS Names FROM X GROUP BY 1`
          : `WITH X AS (SELECT unnest(CASE WHEN ActivityObjects IS NULL THEN [NULL] ELSE ActivityObjects END) AS Obj FROM CloudAppEvents)
             SELECT COALESCE(struct_extract(Obj, 'Type'), '') AS Type, count(*) AS Objects,
                    count(DISTINCT COALESCE(struct_extract(Obj, 'Name'), '')) AS Names FROM X GROUP BY 1`;
      case 'leftanti':
        return `WITH Recent AS (${alertCte(AGO_7D_MS)}),
          D AS (SELECT e."Timestamp", e.ReportId, e.AccountObjectId, e.ActionType, ${rawMember('Data')} AS _data FROM CloudAppEvents e),
          E AS (SELECT "Timestamp", ReportId, AccountObjectId, ActionType, ${CID_TEXT} AS correlationId FROM D)
          SELECT E.* FROM E ANTI JOIN Recent r ON E.correlationId = r.AlertType`;
    }
  };

  const workloads: Partial<Record<WorkloadId, () => Promise<DuckDBMaterializedResult>>> = {};
  for (const id of ['headline', 'join-rows', 'term-search', 'bin-count', 'dcount-top', 'mv-expand', 'leftanti'] as const) {
    workloads[id] = () => con!.run(sql(id));
  }

  return {
    async load(d) {
      data = d;
      instance = await DuckDBInstance.create(':memory:', { threads });
      con = await instance.connect();
      await loadTable(con, 'CloudAppEvents', d.eventColumns, d.events);
      await loadTable(con, 'SecurityAlert', d.alertColumns, d.alerts);
      if (layout === 'struct') {
        // The STRUCT types: every key any row has, merged over all rows (in JS: DuckDB's json_group_structure
        // aggregate does the same but takes 3x longer here); empty arrays' elements and mixed types stay JSON.
        let raw: Shape = 'NULL';
        let objects: Shape = 'NULL';
        for (const e of d.events) {
          raw = mergeShape(raw, e.RawEventData);
          objects = mergeShape(objects, e.ActivityObjects);
        }
        await con.run(`CREATE TABLE CloudAppEvents_struct AS SELECT * REPLACE (
            from_json(RawEventData, ${lit(shapeText(raw))}) AS RawEventData,
            from_json(ActivityObjects, ${lit(shapeText(objects))}) AS ActivityObjects) FROM CloudAppEvents`);
        await con.run('DROP TABLE CloudAppEvents');
        await con.run('ALTER TABLE CloudAppEvents_struct RENAME TO CloudAppEvents');
      }
    },
    workloads,
    async materialize(result): Promise<Materialized> {
      const r = result as DuckDBMaterializedResult;
      const columns = r.columnNames();
      const types = r.columnTypes();
      const rows = (await r.getRowsJS()) as unknown[][];
      const json = types.map((t) => t.alias === 'JSON');
      const struct = types.map((t) => t.typeId === DuckDBTypeId.STRUCT || t.typeId === DuckDBTypeId.LIST);
      if (layout === 'struct' && struct.some(Boolean) && !checkedNulls) {
        // stripNulls below is exact only if the source objects never hold a null member
        if (data!.events.some((e) => hasNullMember(e.RawEventData) || hasNullMember(e.ActivityObjects))) {
          throw new Error('duckdb-struct: the data has null members inside RawEventData/ActivityObjects; the STRUCT layout cannot round-trip them');
        }
        checkedNulls = true;
      }
      for (const row of rows) {
        for (let j = 0; j < row.length; j++) {
          const v = row[j];
          if (v === null || v === undefined) continue;
          if (json[j]) row[j] = JSON.parse(v as string) as unknown;
          else if (struct[j]) row[j] = stripNulls(v);
        }
      }
      return { columns, rows };
    },
    rowCount: (result) => (result as DuckDBMaterializedResult).rowCount,
    async dispose() {
      con?.closeSync();
      instance?.closeSync();
    },
    describe: () => `DuckDB ${version()}, threads=${threads}, layout=${layout}`,
  };
}
