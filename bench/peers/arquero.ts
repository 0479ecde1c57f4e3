// arquero 8: the workloads as arquero verbs (derive / join / filter / groupby + rollup / unroll / antijoin)
// over column tables built with aq.from(rows). KQL's scalar semantics that arquero has no op for are added
// with aq.addFunction (the same helpers the JS peers use). Filtered results are reify()'d so every
// result is materialized.
import * as aq from 'arquero';
import type { Peer } from '../lib/peer.js';
import type { BenchData } from '../lib/data.js';
import { EXTENDED, joinOutputColumns } from '../lib/data.js';
import { binHour, cidOfRaw, expandValues, member, termRegex, todatetimeMs, tostringDynamic } from '../lib/kql-js.js';
import { AGO_30D_MS, AGO_7D_MS, DLP_PROVIDER, type WorkloadId } from '../lib/workloads.js';

type Table = ReturnType<typeof aq.from>;

const PAYROLL = termRegex(['payroll']);
const ADMIN_SVC = termRegex(['admin', 'svc']);

aq.addFunction('kql_cid', (raw: unknown) => cidOfRaw(raw));
aq.addFunction('kql_tostring', (v: unknown) => tostringDynamic(v));
aq.addFunction('kql_in_window', (raw: unknown, start: unknown, end: unknown) => {
  const t = todatetimeMs(member(raw, 'CreationTime'));
  return t !== null && start instanceof Date && end instanceof Date && t > start.getTime() && t < end.getTime();
});
aq.addFunction('kql_has_payroll', (s: unknown) => PAYROLL.test(String(s ?? '')));
aq.addFunction('kql_has_admin_svc', (s: unknown) => ADMIN_SVC.test(String(s ?? '')));
aq.addFunction('kql_bin_hour', (t: unknown) => (t instanceof Date ? binHour(t.getTime()) : null));
aq.addFunction('kql_expand', (v: unknown) => expandValues(v));
aq.addFunction('kql_member_string', (v: unknown, key: unknown) => tostringDynamic(member(v, String(key))));
aq.addFunction('kql_after', (t: unknown, since: unknown) => t instanceof Date && t.getTime() > Number(since));

export default async function createPeer(): Promise<Peer> {
  let E: Table | undefined;
  let A: Table | undefined;
  let d: BenchData | undefined;

  const alertsSince = (since: number) =>
    A!.params({ since, dlp: DLP_PROVIDER }).filter('(d, $) => op.kql_after(d.TimeGenerated, $.since) && d.ProviderName === $.dlp');

  const correlate = (): Table => {
    const alert = alertsSince(AGO_30D_MS);
    const ext = E!
      .derive({ correlationId1: 'd => op.kql_cid(d.RawEventData)' })
      .derive({ correlationId: 'd => op.kql_tostring(d.correlationId1)' });
    return ext
      .join(alert, ['correlationId', 'AlertType'], [aq.all(), aq.all()], { suffix: ['', '1'] })
      .filter('d => op.kql_in_window(d.RawEventData, d.StartTime, d.EndTime)');
  };

  const workloads: Partial<Record<WorkloadId, () => Table>> = {
    headline: () => correlate()
      .groupby('AlertName')
      .rollup({ Events: aq.op.count(), Users: aq.op.distinct('AccountObjectId') }),
    'join-rows': () => {
      const left = d!.eventColumns.map((c) => c.name);
      const right = joinOutputColumns([...left, ...EXTENDED], d!.alertColumns.map((c) => c.name));
      return correlate().select([...left, ...EXTENDED, ...right.map((c) => c.out)]).reify();
    },
    'term-search': () => E!.filter('d => op.kql_has_payroll(d.ObjectName) || op.kql_has_admin_svc(d.AccountDisplayName)').reify(),
    'bin-count': () => E!
      .groupby({ Timestamp: 'd => op.kql_bin_hour(d.Timestamp)', ActionType: 'd => d.ActionType' })
      .rollup({ count_: aq.op.count() }),
    'dcount-top': () => E!
      .groupby('Application')
      .rollup({ dcount_AccountObjectId: aq.op.distinct('AccountObjectId') })
      .orderby(aq.desc('dcount_AccountObjectId'))
      .slice(0, 10)
      .reify(),
    'mv-expand': () => E!
      .select('ActivityObjects')
      .derive({ Obj: 'd => op.kql_expand(d.ActivityObjects)' })
      .unroll('Obj')
      .derive({ Type: 'd => op.kql_member_string(d.Obj, "Type")', Name: 'd => op.kql_member_string(d.Obj, "Name")' })
      .groupby('Type')
      .rollup({ Objects: aq.op.count(), Names: aq.op.distinct('Name') }),
    leftanti: () => E!
      .derive({ correlationId: 'd => op.kql_tostring(op.kql_cid(d.RawEventData))' })
      .antijoin(alertsSince(AGO_7D_MS), ['correlationId', 'AlertType'])
      .select(['Timestamp', 'ReportId', 'AccountObjectId', 'ActionType', 'correlationId'])
      .reify(),
  };

  return {
    load(data) {
      d = data;
      E = aq.from(data.events, data.eventColumns.map((c) => c.name));
      A = aq.from(data.alerts, data.alertColumns.map((c) => c.name));
    },
    workloads,
    materialize(result, id) {
      const t = result as Table;
      const columns = t.columnNames();
      const arrays = columns.map((c) => t.array(c) as ArrayLike<unknown>);
      const rows: unknown[][] = [];
      const n = t.numRows();
      for (let i = 0; i < n; i++) {
        rows.push(arrays.map((a, j) => {
          const v = a[i];
          if (id === 'bin-count' && columns[j] === 'Timestamp') return typeof v === 'number' ? new Date(v) : null;
          return v === undefined ? null : v;
        }));
      }
      return { columns, rows };
    },
    rowCount: (result) => (result as Table).numRows(),
    describe: () => 'arquero 8.0.3 (flechette 2.6.0)',
  };
}
