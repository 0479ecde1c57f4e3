// A naive row-at-a-time JavaScript pipeline over the generated row objects, the way one writes it without
// thinking about speed: each operator is an array method producing new row objects (`{...row, x}` for
// extend, merged objects for the join), then Maps and Sets for the aggregates.
import type { DemoRow } from '../../src/data/index.js';
import type { Peer } from '../lib/peer.js';
import type { BenchData } from '../lib/data.js';
import { EXTENDED, joinOutputColumns } from '../lib/data.js';
import { binHour, cidOfRaw, expandValues, hasTerm, member, todatetimeMs, tostringDynamic } from '../lib/kql-js.js';
import { AGO_30D_MS, AGO_7D_MS, DLP_PROVIDER } from '../lib/workloads.js';
import type { WorkloadId } from '../lib/workloads.js';

type Row = Record<string, unknown>;
interface Out {
  columns: string[];
  rows: Row[] | unknown[][];
  objects: boolean;
}

export default async function createPeer(): Promise<Peer> {
  let d: BenchData | undefined;
  let eventNames: string[] = [];
  let rightCols: { right: string; out: string }[] = [];

  const time = (v: unknown) => (v instanceof Date ? v.getTime() : null);

  const alertsSince = (since: number) =>
    d!.alerts.filter((a) => (time(a.TimeGenerated) ?? -Infinity) > since && a.ProviderName === DLP_PROVIDER);

  /** extend correlationId1, correlationId | join kind=inner Alert | where window */
  const correlate = (): Row[] => {
    const alerts = alertsSince(AGO_30D_MS);
    const extended = d!.events.map((r: DemoRow): Row & { correlationId: string } => {
      const correlationId1 = cidOfRaw(r.RawEventData);
      return { ...r, correlationId1, correlationId: tostringDynamic(correlationId1) };
    });
    const byType = new Map<string, Row[]>();
    for (const a of alerts) {
      const renamed: Row = {};
      for (const c of rightCols) renamed[c.out] = a[c.right];
      const key = String(a.AlertType ?? '');
      const list = byType.get(key);
      if (list) list.push(renamed);
      else byType.set(key, [renamed]);
    }
    const joined = extended.flatMap((l) => (byType.get(l.correlationId) ?? []).map((r): Row => ({ ...l, ...r })));
    return joined.filter((r) => {
      const t = todatetimeMs(member(r.RawEventData, 'CreationTime'));
      const start = time(r.StartTime);
      const end = time(r.EndTime);
      return t !== null && start !== null && end !== null && t > start && t < end;
    });
  };

  const workloads: Partial<Record<WorkloadId, () => Out>> = {
    headline() {
      const groups = new Map<string, { events: number; users: Set<unknown> }>();
      for (const r of correlate()) {
        const k = String(r.AlertName ?? '');
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { events: 0, users: new Set() }));
        g.events++;
        g.users.add(r.AccountObjectId ?? '');
      }
      return { columns: ['AlertName', 'Events', 'Users'], rows: [...groups].map(([k, g]) => [k, g.events, g.users.size]), objects: false };
    },
    'join-rows'() {
      return { columns: [...eventNames, ...EXTENDED, ...rightCols.map((c) => c.out)], rows: correlate(), objects: true };
    },
    'term-search'() {
      const rows = d!.events.filter((r) => hasTerm(String(r.ObjectName ?? ''), 'payroll')
        || hasTerm(String(r.AccountDisplayName ?? ''), 'admin') || hasTerm(String(r.AccountDisplayName ?? ''), 'svc'));
      return { columns: eventNames, rows, objects: true };
    },
    'bin-count'() {
      const groups = new Map<string, [Date | null, string, number]>();
      for (const r of d!.events) {
        const t = time(r.Timestamp);
        const bin = t === null ? null : binHour(t);
        const action = String(r.ActionType ?? '');
        const k = `${bin}|${action}`;
        const g = groups.get(k);
        if (g) g[2]++;
        else groups.set(k, [bin === null ? null : new Date(bin), action, 1]);
      }
      return { columns: ['Timestamp', 'ActionType', 'count_'], rows: [...groups.values()], objects: false };
    },
    'dcount-top'() {
      const groups = new Map<string, Set<unknown>>();
      for (const r of d!.events) {
        const k = String(r.Application ?? '');
        let g = groups.get(k);
        if (!g) groups.set(k, (g = new Set()));
        g.add(r.AccountObjectId ?? '');
      }
      const rows = [...groups].map(([k, s]) => [k, s.size] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, 10);
      return { columns: ['Application', 'dcount_AccountObjectId'], rows, objects: false };
    },
    'mv-expand'() {
      const expanded = d!.events.flatMap((r) => expandValues(r.ActivityObjects).map((Obj) => ({ ...r, Obj })));
      const extended = expanded.map((r) => ({ ...r, Type: tostringDynamic(member(r.Obj, 'Type')), Name: tostringDynamic(member(r.Obj, 'Name')) }));
      const groups = new Map<string, { n: number; names: Set<string> }>();
      for (const r of extended) {
        let g = groups.get(r.Type);
        if (!g) groups.set(r.Type, (g = { n: 0, names: new Set() }));
        g.n++;
        g.names.add(r.Name);
      }
      return { columns: ['Type', 'Objects', 'Names'], rows: [...groups].map(([k, g]) => [k, g.n, g.names.size]), objects: false };
    },
    leftanti() {
      const recent = new Set(alertsSince(AGO_7D_MS).map((a) => String(a.AlertType ?? '')));
      const rows = d!.events
        .map((r): Row & { correlationId: string } => ({ ...r, correlationId: tostringDynamic(cidOfRaw(r.RawEventData)) }))
        .filter((r) => !recent.has(r.correlationId))
        .map((r) => ({ Timestamp: r.Timestamp, ReportId: r.ReportId, AccountObjectId: r.AccountObjectId, ActionType: r.ActionType, correlationId: r.correlationId }));
      return { columns: ['Timestamp', 'ReportId', 'AccountObjectId', 'ActionType', 'correlationId'], rows, objects: true };
    },
  };

  return {
    load(data) {
      // Nothing to build: the naive loop works on the generated row objects themselves.
      d = data;
      eventNames = data.eventColumns.map((c) => c.name);
      rightCols = joinOutputColumns([...eventNames, ...EXTENDED], data.alertColumns.map((c) => c.name));
    },
    workloads,
    materialize(result) {
      const r = result as Out;
      if (!r.objects) return { columns: r.columns, rows: r.rows as unknown[][] };
      return { columns: r.columns, rows: (r.rows as Row[]).map((o) => r.columns.map((c) => o[c] ?? null)) };
    },
    rowCount: (result) => (result as Out).rows.length,
    describe: () => 'naive row-at-a-time JS: array methods, a new object per row per operator',
  };
}
