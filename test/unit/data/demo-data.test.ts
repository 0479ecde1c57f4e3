import { describe, expect, it } from 'vitest';
import {
  CORRELATED_SHARE, DEMO_DEFAULTS, DEMO_NOW, IN_WINDOW_SHARE, generateDemoData, generateDemoTables,
  type DemoRow,
} from '../../../src/data/demo-data.js';
import { getBuiltinSchema } from '../../../src/schemas/index.js';
import type { KqlType } from '../../../src/types.js';

const DAY = 86_400_000;
const data = generateDemoData(); // the demo's defaults: 20,000 events, 500 alerts
const now = Date.parse(DEMO_NOW);

/** Whether a JS value is what `addTable` should get for a column of this KQL type. */
function conforms(type: KqlType, v: unknown): boolean {
  switch (type) {
    case 'datetime': return v instanceof Date && !Number.isNaN(v.getTime());
    case 'string': return typeof v === 'string';
    case 'guid': return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
    case 'bool': return v === null || typeof v === 'boolean';
    case 'int': return v === null || (Number.isInteger(v) && Math.abs(v as number) < 2 ** 31);
    case 'long': return v === null || Number.isSafeInteger(v);
    case 'real': case 'decimal': case 'timespan': return v === null || typeof v === 'number';
    case 'dynamic': return v !== undefined && JSON.stringify(JSON.parse(JSON.stringify(v))) === JSON.stringify(v);
  }
}

function checkTable(name: string, rows: DemoRow[]) {
  const schema = getBuiltinSchema(name)!;
  const names = schema.map((c) => c.name);
  const problems: string[] = [];
  for (const [i, row] of rows.entries()) {
    const keys = Object.keys(row);
    if (keys.join() !== names.join()) problems.push(`${name}[${i}] columns ${keys.join()}`);
    for (const c of schema) {
      if (!conforms(c.type, row[c.name])) problems.push(`${name}[${i}].${c.name}: ${String(row[c.name])} is not ${c.type}`);
    }
    if (problems.length > 5) break;
  }
  expect(problems).toEqual([]);
}

const raw = (row: DemoRow) => row.RawEventData as Record<string, unknown>;
const time = (row: DemoRow, column: string) => (row[column] as Date).getTime();

/** cid of an event, or why it has none: parses `RawEventData.Data` as the query does. */
function cidOf(row: DemoRow): { cid?: string; data: 'none' | 'malformed' | 'no-cid' | 'cid' } {
  const text = raw(row).Data;
  if (text === undefined) return { data: 'none' };
  expect(typeof text).toBe('string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text as string);
  } catch {
    return { data: 'malformed' };
  }
  const cid = (parsed as { cid?: unknown }).cid;
  return typeof cid === 'string' ? { cid, data: 'cid' } : { data: 'no-cid' };
}

describe('generateDemoData', () => {
  it('has the demo sizes by default', () => {
    expect(DEMO_DEFAULTS).toMatchObject({ events: 20_000, alerts: 500 });
    expect(data.CloudAppEvents).toHaveLength(20_000);
    expect(data.SecurityAlert).toHaveLength(500);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateDemoData({ events: 300, alerts: 20, seed: 7 });
    const b = generateDemoData({ events: 300, alerts: 20, seed: 7 });
    const c = generateDemoData({ events: 300, alerts: 20, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toEqual(b);
    expect(JSON.stringify(a.CloudAppEvents)).not.toBe(JSON.stringify(c.CloudAppEvents));
    expect(JSON.stringify(a.SecurityAlert)).not.toBe(JSON.stringify(c.SecurityAlert));
  });

  it('keeps the alerts (and earlier events) the same whatever the number of events', () => {
    const small = generateDemoData({ events: 100, alerts: 30 });
    const large = generateDemoData({ events: 1_000, alerts: 30 });
    expect(large.SecurityAlert).toEqual(small.SecurityAlert);
    expect(large.CloudAppEvents.slice(0, 100)).toEqual(small.CloudAppEvents);
  });

  it('streams the same rows it materializes, on every iteration', () => {
    const tables = generateDemoTables({ events: 200, alerts: 10 });
    const full = generateDemoData({ events: 200, alerts: 10 });
    expect(tables.CloudAppEvents.length).toBe(200);
    expect([...tables.CloudAppEvents]).toEqual(full.CloudAppEvents);
    expect([...tables.CloudAppEvents]).toEqual(full.CloudAppEvents);
    expect(tables.SecurityAlert).toEqual(full.SecurityAlert);
  });

  it('gives every row every schema column, in order, with values of the declared type', () => {
    checkTable('CloudAppEvents', data.CloudAppEvents);
    checkTable('SecurityAlert', data.SecurityAlert);
  });

  it('handles edge sizes and rejects bad options', () => {
    expect(generateDemoData({ events: 0, alerts: 0 })).toEqual({ CloudAppEvents: [], SecurityAlert: [] });
    const noAlerts = generateDemoData({ events: 500, alerts: 0 });
    expect(noAlerts.CloudAppEvents.every((r) => cidOf(r).data === 'none')).toBe(true);
    const oneAlert = generateDemoData({ events: 2_000, alerts: 1 });
    expect(oneAlert.SecurityAlert[0]?.ProviderName).toBe('Microsoft Data Loss Prevention');
    expect(oneAlert.CloudAppEvents.some((r) => cidOf(r).cid === oneAlert.SecurityAlert[0]?.AlertType)).toBe(true);
    expect(() => generateDemoData({ events: -1 })).toThrow(RangeError);
    expect(() => generateDemoData({ alerts: 1.5 })).toThrow(RangeError);
    expect(() => generateDemoData({ now: 'not a date' })).toThrow(RangeError);
  });

  it('puts every timestamp in the 30 days before now (and follows the now option)', () => {
    const inRange = (t: number) => t > now - 30 * DAY && t <= now;
    expect(data.CloudAppEvents.every((r) => inRange(time(r, 'Timestamp')) && time(r, 'TimeGenerated') >= time(r, 'Timestamp'))).toBe(true);
    expect(data.SecurityAlert.every((r) => inRange(time(r, 'TimeGenerated')) && inRange(time(r, 'StartTime')))).toBe(true);
    const later = generateDemoData({ events: 200, alerts: 10, now: new Date('2030-06-01T12:00:00Z') });
    const t = Date.parse('2030-06-01T12:00:00Z');
    expect(later.CloudAppEvents.every((r) => time(r, 'Timestamp') > t - 30 * DAY && time(r, 'Timestamp') <= t)).toBe(true);
  });

  it('writes CloudAppEvents like Defender does', () => {
    const rows = data.CloudAppEvents;
    const apps = new Set(rows.map((r) => r.Application));
    for (const app of ['Microsoft SharePoint Online', 'Microsoft Exchange Online', 'Microsoft OneDrive for Business', 'Microsoft Teams']) {
      expect(apps).toContain(app);
    }
    const actions = new Set(rows.map((r) => r.ActionType));
    for (const op of ['FileDownloaded', 'FileAccessed', 'FileUploaded', 'New-InboxRule', 'DLPRuleMatch', 'DlpRuleMatch', 'MailItemsAccessed', 'AlertTriggered']) {
      expect(actions).toContain(op);
    }
    for (const r of rows.slice(0, 2_000)) {
      const record = raw(r);
      expect(record.Operation).toBe(r.ActionType);
      expect(record.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(Date.parse(`${record.CreationTime as string}Z`)).toBe(Math.floor(time(r, 'Timestamp') / 1000) * 1000);
      expect(typeof record.Workload).toBe('string');
      expect(typeof record.UserId).toBe('string');
    }
    const users = new Set(rows.map((r) => r.AccountObjectId));
    expect(users.size).toBeGreaterThan(1_000);
    expect(users.size).toBeLessThanOrEqual(2_000);
    const names = [...new Set(rows.map((r) => r.AccountDisplayName as string))];
    expect(names.some((n) => /admin/i.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('svc-'))).toBe(true);
    expect(rows.some((r) => /payroll/i.test(r.ObjectName as string))).toBe(true);
    expect(rows.some((r) => r.IsExternalUser === true)).toBe(true);
    // DLP rule matches look like the published records: PolicyDetails, no Data.
    const dlp = rows.filter((r) => r.ActionType === 'DLPRuleMatch' || r.ActionType === 'DlpRuleMatch');
    expect(dlp.length).toBeGreaterThan(0);
    for (const r of dlp) {
      expect(raw(r).PolicyDetails).toBeInstanceOf(Array);
      expect(raw(r).Data).toBeUndefined();
    }
  });

  it('writes SecurityAlert rows like Sentinel does', () => {
    const alerts = data.SecurityAlert;
    const dlp = alerts.filter((a) => a.ProviderName === 'Microsoft Data Loss Prevention');
    expect(dlp.length / alerts.length).toBeGreaterThan(0.7);
    expect(new Set(alerts.map((a) => a.ProviderName)).size).toBeGreaterThan(2);
    expect(new Set(alerts.map((a) => a.SystemAlertId)).size).toBe(alerts.length);
    for (const a of alerts) {
      expect(time(a, 'EndTime')).toBeGreaterThan(time(a, 'StartTime'));
      expect(time(a, 'EndTime') - time(a, 'StartTime')).toBeLessThanOrEqual(7 * 3_600_000);
      expect(JSON.parse(a.Entities as string)).toBeInstanceOf(Array);
      expect(typeof JSON.parse(a.ExtendedProperties as string)).toBe('object');
      expect(['Informational', 'Low', 'Medium', 'High']).toContain(a.AlertSeverity);
      expect(a.Type).toBe('SecurityAlert');
    }
    for (const a of dlp) {
      expect(a.AlertType).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(a.AlertName).toMatch(/^DLP policy match for /);
    }
    expect(dlp.some((a) => /payroll/i.test(a.AlertName as string))).toBe(true);
  });

  it('correlates about 5% of events with a DLP alert, about half inside its window', () => {
    // Computed from the rows alone, the way the investigation query does it.
    const windows = new Map<string, [number, number][]>();
    for (const a of data.SecurityAlert) {
      if (a.ProviderName !== 'Microsoft Data Loss Prevention') continue;
      const list = windows.get(a.AlertType as string) ?? [];
      list.push([time(a, 'StartTime'), time(a, 'EndTime')]);
      windows.set(a.AlertType as string, list);
    }
    const kinds = { none: 0, malformed: 0, 'no-cid': 0, cid: 0 };
    let correlated = 0;
    let inside = 0;
    let onBoundary = 0;
    for (const r of data.CloudAppEvents) {
      const { cid, data: kind } = cidOf(r);
      kinds[kind]++;
      if (cid === undefined) continue;
      const ws = windows.get(cid);
      expect(ws, `cid ${cid} names no DLP alert`).toBeDefined();
      correlated++;
      const created = Date.parse(`${raw(r).CreationTime as string}Z`);
      if (ws!.some(([s, e]) => created > s && created < e)) inside++;
      if (ws!.some(([s, e]) => created === s || created === e)) onBoundary++;
    }
    const n = data.CloudAppEvents.length;
    expect(correlated / n).toBeGreaterThan(CORRELATED_SHARE - 0.01);
    expect(correlated / n).toBeLessThan(CORRELATED_SHARE + 0.01);
    expect(inside / correlated).toBeGreaterThan(IN_WINDOW_SHARE - 0.08);
    expect(inside / correlated).toBeLessThan(IN_WINDOW_SHARE + 0.08);
    expect(onBoundary).toBeGreaterThan(0);
    // Distractors: most rows have no Data, some Data lacks cid, a few are not JSON.
    expect(kinds.none / n).toBeGreaterThan(0.9);
    expect(kinds['no-cid']).toBeGreaterThan(0);
    expect(kinds.malformed).toBeGreaterThan(0);
  });
});
