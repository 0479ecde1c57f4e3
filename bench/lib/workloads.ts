// The benchmark's workloads: what each one asks, in KQL (our engine runs exactly this text; every peer
// implements the same meaning by hand, see bench/README.md).

export type WorkloadId = 'headline' | 'join-rows' | 'term-search' | 'bin-count' | 'dcount-top' | 'mv-expand' | 'leftanti';

export interface Workload {
  id: WorkloadId;
  /** issue 4's numbering */
  n: number;
  title: string;
  kql: string;
}

/** The instant `now()` / `ago()` refer to (the generator's default, so every timestamp lies in the 30 days before). */
export const BENCH_NOW = '2026-01-01T00:00:00Z';
export const BENCH_SEED = 42;
export const BENCH_ALERTS = 10_000;

export const DLP_PROVIDER = 'Microsoft Data Loss Prevention';

const ALERT_LET = `let Alert = SecurityAlert | where TimeGenerated > ago(30d) | where ProviderName == "${DLP_PROVIDER}";`;
const CORRELATION = `CloudAppEvents
| extend correlationId1 = parse_json(tostring(RawEventData.Data)).cid
| extend correlationId = tostring(correlationId1)
| join kind=inner Alert on $left.correlationId == $right.AlertType
| where todatetime(RawEventData.CreationTime) > StartTime and todatetime(RawEventData.CreationTime) < EndTime`;

export const WORKLOADS: readonly Workload[] = [
  {
    id: 'headline', n: 1, title: 'correlation join + summarize (the headline)',
    kql: `${ALERT_LET}\n${CORRELATION}\n| summarize Events=count(), Users=dcount(AccountObjectId) by AlertName`,
  },
  {
    id: 'join-rows', n: 2, title: 'correlation join, all 81 joined columns',
    kql: `${ALERT_LET}\n${CORRELATION}`,
  },
  {
    id: 'term-search', n: 3, title: 'term search (has / has_any)',
    kql: 'CloudAppEvents | where ObjectName has "payroll" or AccountDisplayName has_any ("admin", "svc")',
  },
  {
    id: 'bin-count', n: 4, title: 'count by hour bin and ActionType',
    kql: 'CloudAppEvents | summarize count() by bin(Timestamp, 1h), ActionType',
  },
  {
    id: 'dcount-top', n: 5, title: 'dcount by Application, top 10',
    kql: 'CloudAppEvents | summarize dcount(AccountObjectId) by Application | top 10 by dcount_AccountObjectId',
  },
  {
    id: 'mv-expand', n: 6, title: 'mv-expand ActivityObjects + summarize',
    kql: `CloudAppEvents
| mv-expand Obj = ActivityObjects
| extend Type = tostring(Obj.Type), Name = tostring(Obj.Name)
| summarize Objects=count(), Names=dcount(Name) by Type`,
  },
  {
    id: 'leftanti', n: 7, title: 'leftanti join: events with no recent alert',
    kql: `let Recent = SecurityAlert | where TimeGenerated > ago(7d) | where ProviderName == "${DLP_PROVIDER}";
CloudAppEvents
| extend correlationId = tostring(parse_json(tostring(RawEventData.Data)).cid)
| join kind=leftanti Recent on $left.correlationId == $right.AlertType
| project Timestamp, ReportId, AccountObjectId, ActionType, correlationId`,
  },
];

export const WORKLOAD_IDS: readonly WorkloadId[] = WORKLOADS.map((w) => w.id);

export function workload(id: WorkloadId): Workload {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`unknown workload ${id}`);
  return w;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** `ago(30d)` and `ago(7d)` against BENCH_NOW, in epoch milliseconds. */
export const NOW_MS = Date.parse(BENCH_NOW);
export const AGO_30D_MS = NOW_MS - 30 * DAY_MS;
export const AGO_7D_MS = NOW_MS - 7 * DAY_MS;

