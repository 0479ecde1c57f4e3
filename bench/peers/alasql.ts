// alasql: the workloads as SQL over the generated row objects (a table's data is the rows array itself).
// KQL scalar semantics alasql has no function for are registered in alasql.fn (the JS peers' helpers).
// alasql's compiled-statement cache is turned off, so every run parses its SQL like every other engine.
import alasql from 'alasql';
import type { Peer } from '../lib/peer.js';
import type { BenchData } from '../lib/data.js';
import { EXTENDED, joinOutputColumns } from '../lib/data.js';
import { binHour, cidOfRaw, member, termRegex, todatetimeMs, tostringDynamic } from '../lib/kql-js.js';
import { AGO_30D_MS, AGO_7D_MS, DLP_PROVIDER, type WorkloadId } from '../lib/workloads.js';

type Row = Record<string, unknown>;

const PAYROLL = termRegex(['payroll']);
const ADMIN_SVC = termRegex(['admin', 'svc']);

interface Out {
  columns: string[];
  rows: Row[];
}

const br = (name: string) => `[${name}]`;

export default async function createPeer(): Promise<Peer> {
  const a = alasql as unknown as {
    Database: new (id?: string) => { exec(sql: string, params?: unknown[]): unknown; tables: Record<string, { data: Row[] }> };
    fn: Record<string, (...args: never[]) => unknown>;
    options: { cache: boolean };
  };
  a.options.cache = false;
  a.fn.kql_cid = ((raw: unknown) => cidOfRaw(raw)) as never;
  a.fn.kql_tostring = ((v: unknown) => tostringDynamic(v)) as never;
  a.fn.kql_after = ((t: unknown, since: number) => t instanceof Date && t.getTime() > since) as never;
  a.fn.kql_in_window = ((raw: unknown, start: unknown, end: unknown) => {
    const t = todatetimeMs(member(raw, 'CreationTime'));
    return t !== null && start instanceof Date && end instanceof Date && t > start.getTime() && t < end.getTime();
  }) as never;
  a.fn.kql_has_payroll = ((s: unknown) => PAYROLL.test(String(s ?? ''))) as never;
  a.fn.kql_has_admin_svc = ((s: unknown) => ADMIN_SVC.test(String(s ?? ''))) as never;
  a.fn.kql_bin_hour = ((t: unknown) => (t instanceof Date ? new Date(binHour(t.getTime())) : null)) as never;

  const db = new a.Database(`bench${process.pid}`);
  let d: BenchData | undefined;

  const alertSub = (since: number) =>
    `(SELECT * FROM SecurityAlert WHERE kql_after(TimeGenerated, ${since}) AND ProviderName = '${DLP_PROVIDER}')`;
  const extended = `(SELECT *, kql_cid(RawEventData) AS correlationId1, kql_tostring(kql_cid(RawEventData)) AS correlationId FROM CloudAppEvents)`;
  const correlated = `FROM ${extended} AS e JOIN ${alertSub(AGO_30D_MS)} AS a ON e.correlationId = a.AlertType
    WHERE kql_in_window(e.RawEventData, a.StartTime, a.EndTime)`;

  const run = (columns: string[], sql: string): Out => ({ columns, rows: db.exec(sql) as Row[] });

  const workloads: Partial<Record<WorkloadId, () => Out>> = {
    headline: () => run(['AlertName', 'Events', 'Users'],
      `SELECT a.AlertName AS AlertName, COUNT(*) AS Events, COUNT(DISTINCT e.AccountObjectId) AS Users ${correlated} GROUP BY a.AlertName`),
    'join-rows': () => {
      const left = d!.eventColumns.map((c) => c.name);
      const right = joinOutputColumns([...left, ...EXTENDED], d!.alertColumns.map((c) => c.name));
      const select = [...left, ...EXTENDED].map((c) => `e.${br(c)} AS ${br(c)}`).concat(right.map((c) => `a.${br(c.right)} AS ${br(c.out)}`));
      return run([...left, ...EXTENDED, ...right.map((c) => c.out)], `SELECT ${select.join(', ')} ${correlated}`);
    },
    'term-search': () => run(d!.eventColumns.map((c) => c.name),
      'SELECT * FROM CloudAppEvents WHERE kql_has_payroll(ObjectName) OR kql_has_admin_svc(AccountDisplayName)'),
    'bin-count': () => run(['Timestamp', 'ActionType', 'count_'],
      'SELECT kql_bin_hour([Timestamp]) AS [Timestamp], ActionType, COUNT(*) AS count_ FROM CloudAppEvents GROUP BY kql_bin_hour([Timestamp]), ActionType'),
    'dcount-top': () => run(['Application', 'dcount_AccountObjectId'],
      'SELECT TOP 10 Application, COUNT(DISTINCT AccountObjectId) AS dcount_AccountObjectId FROM CloudAppEvents GROUP BY Application ORDER BY dcount_AccountObjectId DESC'),
    leftanti: () => run(['Timestamp', 'ReportId', 'AccountObjectId', 'ActionType', 'correlationId'],
      `SELECT [Timestamp], ReportId, AccountObjectId, ActionType, correlationId
       FROM (SELECT [Timestamp], ReportId, AccountObjectId, ActionType, kql_tostring(kql_cid(RawEventData)) AS correlationId FROM CloudAppEvents)
       WHERE correlationId NOT IN (SELECT AlertType FROM ${alertSub(AGO_7D_MS)})`),
  };

  return {
    load(data) {
      d = data;
      db.exec('CREATE TABLE CloudAppEvents');
      db.exec('CREATE TABLE SecurityAlert');
      db.tables.CloudAppEvents!.data = data.events;
      db.tables.SecurityAlert!.data = data.alerts;
    },
    workloads,
    unsupported: { 'mv-expand': 'alasql has no UNNEST / mv-expand' },
    materialize(result) {
      const r = result as Out;
      return { columns: r.columns, rows: r.rows.map((o) => r.columns.map((c) => o[c] ?? null)) };
    },
    rowCount: (result) => (result as Out).rows.length,
    describe: () => 'alasql 4.19.1, statement cache off',
  };
}
