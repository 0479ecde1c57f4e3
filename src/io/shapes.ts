// The shapes real exports come in, turned into rows of the table they belong to:
// Defender XDR Streaming API envelopes, Office 365 Management Activity audit records, and the
// Log Analytics / Sentinel portal's CSV export conventions.
import { isRecord } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Defender XDR Streaming API (Event Hub / storage account):
// { "time", "tenantId", "operationName", "category": "AdvancedHunting-<Table>", "properties": {<row>} },
// several of them possibly batched as { "records": [ ... ] }.

const STREAMING_PREFIX = 'AdvancedHunting-';

/** The table and row of a Streaming API record, or undefined when `record` is not one. */
export function streamingRecord(record: Record<string, unknown>): { table: string; row: Record<string, unknown> } | undefined {
  const category = record.category;
  const props = record.properties;
  if (typeof category !== 'string' || !category.startsWith(STREAMING_PREFIX) || !isRecord(props)) return undefined;
  return { table: category.slice(STREAMING_PREFIX.length), row: props };
}

/** An Event Hub batch, `{ "records": [ {...}, ... ] }`: its records; else undefined. */
export function eventHubBatch(record: Record<string, unknown>): unknown[] | undefined {
  const records = record.records;
  return Array.isArray(records) && Object.keys(record).length === 1 ? records : undefined;
}

// ---------------------------------------------------------------------------------------------
// Office 365 Management Activity API audit records (the unified audit log):
// { "CreationTime": "2020-02-25T16:20:15", "Id", "Operation", "RecordType": 11, "Workload", "UserId", ... }

/** Whether a record has the common schema of the Management Activity API. */
export function isO365AuditRecord(record: Record<string, unknown>): boolean {
  return typeof record.CreationTime === 'string' && typeof record.Operation === 'string'
    && (typeof record.RecordType === 'number' || (typeof record.RecordType === 'string' && /^\d+$/.test(record.RecordType))) && typeof record.Workload === 'string' && 'Id' in record;
}

/**
 * Defender for Cloud Apps' application names and ids for the Office 365 workloads
 * (the values CloudAppEvents.Application / ApplicationId carry for them).
 */
const WORKLOAD_APPS: Record<string, [string, number]> = {
  Exchange: ['Microsoft Exchange Online', 20893],
  SharePoint: ['Microsoft SharePoint Online', 20892],
  OneDrive: ['Microsoft OneDrive for Business', 15600],
  MicrosoftTeams: ['Microsoft Teams', 28375],
};
const OFFICE_365: [string, number] = ['Microsoft 365', 11161];

/** `RecordType` numbers → names (AuditLogRecordType, Office 365 Management Activity API schema). */
const RECORD_TYPES: Record<number, string> = {
  1: 'ExchangeAdmin', 2: 'ExchangeItem', 3: 'ExchangeItemGroup', 4: 'SharePoint', 6: 'SharePointFileOperation',
  7: 'OneDrive', 8: 'AzureActiveDirectory', 9: 'AzureActiveDirectoryAccountLogon', 10: 'DataCenterSecurityCmdlet',
  11: 'ComplianceDLPSharePoint', 13: 'ComplianceDLPExchange', 14: 'SharePointSharingOperation',
  15: 'AzureActiveDirectoryStsLogon', 18: 'SecurityComplianceCenterEOPCmdlet', 25: 'MicrosoftTeams',
  28: 'ThreatIntelligence', 40: 'SecurityComplianceAlerts', 47: 'ThreatIntelligenceAtpContent',
};

/** `ClientIP` as the audit log writes it (`1.2.3.4:5678`, `[::1]:80`) without its port. */
function ipOnly(ip: unknown): unknown {
  if (typeof ip !== 'string') return ip;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracket) return bracket[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(ip);
  return v4 ? v4[1] : ip;
}

/**
 * An audit record as a CloudAppEvents row, the way Defender XDR exposes Office 365 activity: the
 * whole record is RawEventData; Timestamp, ActionType, Application(Id), AccountId, IPAddress,
 * ObjectId and ReportId come from its common fields.
 */
export function o365ToCloudAppEvents(record: Record<string, unknown>): Record<string, unknown> {
  const [app, appId] = (Object.hasOwn(WORKLOAD_APPS, String(record.Workload)) ? WORKLOAD_APPS[String(record.Workload)] : undefined) ?? OFFICE_365;
  const row: Record<string, unknown> = {
    Timestamp: utcText(record.CreationTime),
    ActionType: record.Operation,
    Application: app,
    ApplicationId: appId,
    AccountId: record.UserId ?? null,
    AccountObjectId: typeof record.UserKey === 'string' && /^[0-9a-f-]{36}$/i.test(record.UserKey) ? record.UserKey : null,
    IPAddress: ipOnly(record.ClientIP ?? record.ClientIPAddress ?? null),
    ObjectId: record.ObjectId ?? null,
    ReportId: record.Id,
    RawEventData: record,
  };
  return row;
}

/**
 * An audit record as a Sentinel OfficeActivity row: fields of the same name are kept, the renamed
 * ones mapped (CreationTime → TimeGenerated, Id → OfficeId, Workload → OfficeWorkload, ObjectId →
 * OfficeObjectId, OrganizationId → OfficeTenantId too, RecordType number → its name). Fields that
 * have no OfficeActivity column are returned in `unmapped` so the caller can say so.
 */
export function o365ToOfficeActivity(record: Record<string, unknown>, columns: ReadonlySet<string>): { row: Record<string, unknown>; unmapped: string[] } {
  const row: Record<string, unknown> = {};
  const unmapped: string[] = [];
  const renamed: Record<string, string> = { CreationTime: 'TimeGenerated', Id: 'OfficeId', Workload: 'OfficeWorkload', ObjectId: 'OfficeObjectId' };
  for (const [key, value] of Object.entries(record)) {
    const name = (Object.hasOwn(renamed, key) ? renamed[key] : undefined) ?? key;
    if (key === 'RecordType') row.RecordType = RECORD_TYPES[Number(value)] ?? String(value);
    else if (key === 'CreationTime') row.TimeGenerated = utcText(value);
    else if (key === 'ClientIP') row.ClientIP = value;
    else if (columns.has(name)) row[name] = value;
    else unmapped.push(key);
  }
  if (row.OfficeTenantId === undefined && record.OrganizationId !== undefined) row.OfficeTenantId = record.OrganizationId;
  return { row, unmapped };
}

/** The audit log's `2020-02-25T16:20:15` is UTC without saying so. */
function utcText(v: unknown): unknown {
  return typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(v) ? `${v}Z` : v;
}

// ---------------------------------------------------------------------------------------------
// Log Analytics / Sentinel portal "Export to CSV": headers such as `TimeGenerated [UTC]`, and
// date-times as the portal shows them, `11/30/2026, 4:20:30.123 AM`.

/** A CSV header cell → the column name, and whether the header marks it as a UTC date-time. */
export function portalHeader(cell: string): { name: string; utc: boolean } {
  const m = /^(.*\S)\s+\[UTC\]$/.exec(cell.trim());
  return m ? { name: m[1] as string, utc: true } : { name: cell.trim(), utc: false };
}

const PORTAL_DATETIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d{1,7}))?)?\s*([AP]M)?$/i;

/** The portal's `M/D/YYYY, h:mm:ss.fff AM` as ISO 8601 UTC text, or undefined when it is not that. */
export function portalDateTime(text: string): string | undefined {
  const m = PORTAL_DATETIME.exec(text.trim());
  if (!m) return undefined;
  const [, mo, d, y, h, mi, s, frac, ampm] = m as unknown as string[];
  let hour = Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = ampm.toUpperCase() === 'PM';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const two = (n: string | number) => String(n).padStart(2, '0');
  return `${y}-${two(mo!)}-${two(d!)}T${two(hour)}:${mi}:${s ?? '00'}${frac ? `.${frac}` : ''}Z`;
}
