// The product's seed: Microsoft's DLP investigation query, end to end (issue "Engine foundation", Done when).
import { describe, expect, it } from 'vitest';
import { Database, KqlError, parse, formatDiagnostic } from '../../src/index.js';
import { BUILTIN_SCHEMAS } from '../../src/schemas/index.js';
import { oracleSchemaFor } from '../harness/oracle.js';
import { PUBLISHED_DLP_QUERY } from '../fixtures/dlp-query.js';

const PUBLISHED = PUBLISHED_DLP_QUERY;

const WITHOUT_TABLE_LINE = PUBLISHED.replace('CloudAppEvents\n', '');

const corrected = (alertId: string) => PUBLISHED
  .replace('SystemAlertId == ""', `SystemAlertId == "${alertId}"`)
  .replace('RawEventData.CreationTime > StartTime and RawEventData.CreationTime < EndTime',
    'todatetime(RawEventData.CreationTime) > StartTime and todatetime(RawEventData.CreationTime) < EndTime');

const NOW = '2026-01-01T00:00:00Z';
const CID = '6a1c3f0e-8d2b-4c55-9a0e-1f2d3c4b5a69';
const CID_OLD = 'b1e0f6a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

// Alerts: the one investigated, one older than 30 days with another correlation id, and one
// with the same AlertType but another SystemAlertId (filtered out by the first let).
const alerts = [
  { TimeGenerated: '2025-12-20T12:00:00Z', SystemAlertId: 'alert-1', AlertType: CID, AlertName: 'DLP policy match for Payroll.xlsx',
    ProviderName: 'Microsoft Data Loss Prevention', StartTime: '2025-12-20T10:00:00Z', EndTime: '2025-12-20T11:00:00Z' },
  { TimeGenerated: '2025-11-01T12:00:00Z', SystemAlertId: 'alert-2', AlertType: CID_OLD, AlertName: 'Old alert',
    ProviderName: 'Microsoft Data Loss Prevention', StartTime: '2025-11-01T10:00:00Z', EndTime: '2025-11-01T11:00:00Z' },
  { TimeGenerated: '2025-12-21T12:00:00Z', SystemAlertId: 'alert-3', AlertType: CID, AlertName: 'Another alert, same type',
    ProviderName: 'Microsoft Data Loss Prevention', StartTime: '2025-12-20T00:00:00Z', EndTime: '2025-12-21T00:00:00Z' },
];

const ev = (id: string, raw: Record<string, unknown>) => ({
  Timestamp: '2025-12-20T12:00:00Z', ActionType: 'FileDownloaded', Application: 'Microsoft SharePoint Online', ReportId: id,
  AccountDisplayName: `user-${id}`, RawEventData: raw,
});
const data = (cid: string) => JSON.stringify({ cid, policy: 'Payroll' });
const events = [
  ev('inside', { CreationTime: '2025-12-20T10:30:00', Data: data(CID) }),
  ev('before-window', { CreationTime: '2025-12-20T09:00:00', Data: data(CID) }),
  ev('at-start', { CreationTime: '2025-12-20T10:00:00', Data: data(CID) }),
  ev('last-tick', { CreationTime: '2025-12-20T10:59:59.9999999', Data: data(CID) }),
  ev('at-end', { CreationTime: '2025-12-20T11:00:00', Data: data(CID) }),
  ev('no-data', { CreationTime: '2025-12-20T10:30:00' }),
  ev('malformed-data', { CreationTime: '2025-12-20T10:30:00', Data: '{"cid": "' + CID + '"' }),
  ev('old-alert', { CreationTime: '2025-11-01T10:30:00', Data: data(CID_OLD) }),
  ev('no-cid', { CreationTime: '2025-12-20T10:30:00', Data: JSON.stringify({ other: 1 }) }),
];

/**
 * The answer computed independently of the engine, straight from the query's meaning: alerts with the
 * chosen SystemAlertId generated in the last 30 days; events whose Data parses as JSON with a cid equal
 * to the alert's AlertType and whose CreationTime (UTC, 100-ns ticks) lies strictly inside the window.
 */
function expectedReportIds(alertId: string): string[] {
  const now = Date.parse(NOW);
  const ticks = (iso: string) => {
    const m = /^(.*?)(?:\.(\d{1,7}))?Z?$/.exec(iso)!;
    return BigInt(Date.parse(`${m[1]}Z`)) * 10_000n + BigInt((m[2] ?? '').padEnd(7, '0'));
  };
  const chosen = alerts.filter((a) => Date.parse(a.TimeGenerated) > now - 30 * 86_400_000 && a.SystemAlertId === alertId);
  const out: string[] = [];
  for (const e of events) {
    let cid: unknown = null;
    try {
      const d = JSON.parse(String(e.RawEventData.Data ?? ''));
      cid = d && typeof d === 'object' ? (d as Record<string, unknown>).cid ?? null : null;
    } catch { cid = null; }
    for (const a of chosen) {
      if (cid !== a.AlertType) continue;
      const t = ticks(String(e.RawEventData.CreationTime));
      if (t > ticks(a.StartTime) && t < ticks(a.EndTime)) out.push(e.ReportId);
    }
  }
  return out.sort();
}

function db() {
  return new Database({ now: NOW }).addTable('SecurityAlert', alerts).addTable('CloudAppEvents', events);
}

describe('DLP investigation query', () => {
  it('without the CloudAppEvents line: a syntax error at the stray | on line 4, column 1', () => {
    const { diagnostics } = parse(WITHOUT_TABLE_LINE);
    expect(diagnostics.length).toBeGreaterThan(0);
    const d = diagnostics[0]!;
    expect([d.line, d.column, d.severity]).toEqual([4, 1, 'error']);
    expect(WITHOUT_TABLE_LINE.slice(d.start, d.start + 1)).toBe('|');
    expect(formatDiagnostic(WITHOUT_TABLE_LINE, d)).toContain('4 | | extend correlationId1');
  });

  it('as published: the dynamic-vs-datetime comparisons are type errors, each positioned and with a todatetime() hint', async () => {
    const err = await db().query(PUBLISHED).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(KqlError);
    const ds = (err as KqlError).diagnostics;
    expect(ds.map((d) => [d.line, d.column, PUBLISHED.slice(d.start, d.end)])).toEqual([[8, 35, '>'], [8, 77, '<']]);
    for (const d of ds) {
      expect(d.message).toMatch(/'dynamic' and 'datetime'/);
      expect(d.help).toMatch(/todatetime\(/);
    }
  });

  it('corrected: exactly the events inside the alert window, worked out independently', async () => {
    const expected = expectedReportIds('alert-1');
    expect(expected).toEqual(['inside', 'last-tick']); // sanity of the fixture itself
    const r = await db().query(corrected('alert-1'));
    const ids = r.rows.map((row) => row[r.columns.findIndex((c) => c.name === 'ReportId')] as string).sort();
    expect(ids).toEqual(expected);
    const cidCol = r.columns.findIndex((c) => c.name === 'correlationId');
    expect(r.rows.every((row) => row[cidCol] === CID)).toBe(true);
  });

  it('corrected, other alert: a wider window matches more events', async () => {
    const r = await db().query(corrected('alert-3'));
    expect(r.rowCount).toBe(expectedReportIds('alert-3').length);
    expect(r.rowCount).toBe(5);
  });

  it("the result schema (81 columns over the full schemas) matches Microsoft's analyzer", () => {
    const tables = {
      CloudAppEvents: BUILTIN_SCHEMAS.CloudAppEvents!.map((c) => ({ name: c.name, type: c.type })),
      SecurityAlert: BUILTIN_SCHEMAS.SecurityAlert!.map((c) => ({ name: c.name, type: c.type })),
    };
    const ours = new Database({ now: NOW }).addTable('SecurityAlert', [], tables.SecurityAlert)
      .addTable('CloudAppEvents', [], tables.CloudAppEvents).analyze(corrected('alert-1'));
    expect(ours.diagnostics).toEqual([]);
    const theirs = oracleSchemaFor(corrected('alert-1'), tables);
    expect(theirs).not.toBeNull();
    expect(ours.columns).toEqual(theirs);
    expect(ours.columns!.length).toBe(81);
  });
});
