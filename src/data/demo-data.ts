// Seeded, realistic CloudAppEvents and SecurityAlert rows for the DLP investigation demo and the benchmarks.
import { asciiString, Rng, weighted } from './rng.js';
import { civilFromDays } from '../values/datetime.js';
import {
  CLIENTS, COUNTRIES, DEPARTMENTS, DLP_FILE_NAMES, DLP_POLICIES, EMAIL_SUBJECTS, FILE_NAMES, FIRST_NAMES, INBOX_RULE_NAMES,
  LAST_NAMES, OFFICE_CLIENT_UA, SENSITIVE_FILE_NAMES, SENSITIVE_TYPES, SERVICE_ACCOUNTS, SYNC_CLIENT_UA,
  TEAM_NAMES, UNUSUAL_LOCATIONS,
} from './vocabulary.js';

export interface DemoDataOptions {
  /** CloudAppEvents rows (default 20,000). */
  events?: number;
  /** SecurityAlert rows (default 500); about 80% are DLP alerts. */
  alerts?: number;
  /** Same seed, same rows (default 42). */
  seed?: number;
  /** Every timestamp falls in the 30 days before this instant (default DEMO_NOW, so output never drifts). */
  now?: string | Date;
}

/** One row as a plain record: datetime columns hold `Date`s, dynamic columns JSON values. */
export type DemoRow = Record<string, unknown>;

export interface DemoData {
  CloudAppEvents: DemoRow[];
  SecurityAlert: DemoRow[];
}

/** A re-iterable row stream: every iteration regenerates the same rows, one at a time. */
export interface RowStream extends Iterable<DemoRow> {
  readonly length: number;
}

export interface DemoTables {
  CloudAppEvents: RowStream;
  SecurityAlert: DemoRow[];
}

export const DEMO_NOW = '2026-01-01T00:00:00Z';
export const DEMO_DEFAULTS = { events: 20_000, alerts: 500, seed: 42, now: DEMO_NOW } as const;

/** Share of events whose `RawEventData.Data` carries a DLP alert's `AlertType` as `cid`. */
export const CORRELATED_SHARE = 0.05;
/** Share of those whose `RawEventData.CreationTime` lies strictly inside that alert's [StartTime, EndTime]. */
export const IN_WINDOW_SHARE = 0.5;
/** Alert-record events whose `Data` has no `cid` (AlertEntityGenerated), and ones whose `Data` is cut-off JSON. */
const NO_CID_SHARE = 0.01;
const MALFORMED_SHARE = 0.003;
/** DLP alerts per alert policy: alerts of one policy share an AlertType, so the join fans out and the window decides. */
const ALERTS_PER_POLICY = 4;
const USERS = 2_000;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Materializes both tables. Rows cost about 1.2 KB each, so beyond about a million events prefer
 * `generateDemoTables`, which streams them.
 */
export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const tables = generateDemoTables(options);
  const events = new Array<DemoRow>(tables.CloudAppEvents.length);
  let i = 0;
  for (const row of tables.CloudAppEvents) events[i++] = row;
  return { CloudAppEvents: events, SecurityAlert: tables.SecurityAlert };
}

/**
 * The same data as `generateDemoData`, with CloudAppEvents as a lazy, re-iterable stream, so
 * `db.addTable('CloudAppEvents', tables.CloudAppEvents, schema)` never holds every row object at once.
 */
export function generateDemoTables(options: DemoDataOptions = {}): DemoTables {
  const events = options.events ?? DEMO_DEFAULTS.events;
  const alerts = options.alerts ?? DEMO_DEFAULTS.alerts;
  if (!Number.isInteger(events) || events < 0) throw new RangeError(`events must be a non-negative integer, got ${events}`);
  if (!Number.isInteger(alerts) || alerts < 0) throw new RangeError(`alerts must be a non-negative integer, got ${alerts}`);
  const nowMs = toMs(options.now ?? DEMO_DEFAULTS.now);
  const world = buildWorld(new Rng(options.seed ?? DEMO_DEFAULTS.seed), nowMs, alerts);
  const stream: RowStream = {
    length: events,
    *[Symbol.iterator]() {
      const rng = world.rng.fork('events');
      for (let i = 0; i < events; i++) yield eventRow(world, rng);
    },
  };
  return { CloudAppEvents: stream, SecurityAlert: world.alerts };
}

function toMs(now: string | Date): number {
  const ms = now instanceof Date ? now.getTime() : Date.parse(now);
  if (Number.isNaN(ms)) throw new RangeError(`now is not a valid date: ${String(now)}`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// The world: tenant, offices, users, alert policies and alerts — everything events refer to.

interface Place {
  ip: string;
  country: string;
  city: string;
  isp: string;
}

interface User {
  objectId: string;
  displayName: string;
  upn: string;
  kind: 'regular' | 'admin' | 'service' | 'guest';
  office: Place;
  home: Place;
  os: string;
  deviceType: string;
  userAgent: string;
  sharePoint: Site;
  oneDrive: Site;
}

interface AlertPolicy {
  alertType: string;
  policyId: string;
  policyName: string;
  ruleName: string;
  ruleId: string;
  severity: string;
}

/** What CloudAppEvents alert records need to know about one DLP alert. */
interface DlpAlert {
  start: number;
  end: number;
  policy: AlertPolicy;
  /** The Office 365 alert id (RawEventData.AlertId), also the SecurityAlert's VendorOriginalId. */
  officeAlertId: string;
  name: string;
  user: User;
  objectName: string;
  workload: string;
}

interface World {
  rng: Rng;
  now: number;
  orgId: string;
  workspaceId: string;
  users: User[];
  regulars: User[];
  admins: User[];
  alerts: DemoRow[];
  dlpAlerts: DlpAlert[];
  alertsByType: Map<string, DlpAlert[]>;
}

const pickCountry = weighted(COUNTRIES.map((c) => [c, c[1]] as const));
const pickClient = weighted(CLIENTS.map((c) => [c, c[3]] as const));

function publicIp(rng: Rng): string {
  // First octets of big public allocations (no private, loopback or multicast ranges).
  const first = rng.pick([20, 23, 31, 40, 51, 52, 62, 66, 73, 77, 81, 86, 92, 98, 104, 109, 131, 145, 151, 185, 203, 212]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

function place(rng: Rng): Place {
  const [country, , cities, isps] = pickCountry(rng);
  return { ip: publicIp(rng), country, city: rng.pick(cities), isp: rng.pick(isps) };
}

function buildWorld(root: Rng, now: number, alertCount: number): World {
  const rng = root.fork('world');
  const domain = 'contoso.com';
  const offices = Array.from({ length: 24 }, () => place(rng));
  const users: User[] = [];
  const seenUpn = new Set<string>();
  const uniqueUpn = (local: string, at: string) => {
    let upn = `${local}@${at}`;
    for (let n = 2; seenUpn.has(upn); n++) upn = `${local}${n}@${at}`;
    seenUpn.add(upn);
    return upn;
  };
  const asciiLocal = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  for (let i = 0; i < USERS; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const client = pickClient(rng);
    const office = rng.pick(offices);
    let kind: User['kind'] = 'regular';
    let displayName = `${first} ${last}`;
    let upn: string;
    const roll = rng.next();
    const service = i % 160 === 7 ? SERVICE_ACCOUNTS[(i - 7) / 160] : undefined;
    if (service) {
      const [name, nick] = service;
      kind = 'service';
      displayName = name;
      upn = uniqueUpn(nick, domain);
    } else if (roll < 0.02) {
      kind = 'admin';
      displayName = rng.chance(0.5) ? `${first} ${last} (admin)` : `admin-${asciiLocal(first)[0]}${asciiLocal(last)}`;
      upn = uniqueUpn(`adm-${asciiLocal(first)}.${asciiLocal(last)}`, domain);
    } else if (roll < 0.05) {
      kind = 'guest';
      const partner = rng.pick(['fabrikam.com', 'northwindtraders.com', 'adatum.com', 'gmail.com', 'outlook.com']);
      upn = uniqueUpn(`${asciiLocal(first)}.${asciiLocal(last)}_${partner}#EXT#`, 'contoso.onmicrosoft.com');
    } else {
      upn = uniqueUpn(`${asciiLocal(first)}.${asciiLocal(last)}`, domain);
    }
    users.push({
      objectId: rng.guid(), displayName, upn, kind, office,
      home: { ...place(rng), country: office.country, city: office.city },
      os: kind === 'service' ? '' : client[0],
      deviceType: kind === 'service' ? '' : client[1],
      userAgent: kind === 'service' ? '' : client[2],
      ...userSites(upn, rng.pick(DEPARTMENTS)),
    });
  }
  const world: World = {
    rng: root, now,
    orgId: rng.guid(), workspaceId: rng.guid(),
    users,
    regulars: users.filter((u) => u.kind === 'regular'),
    admins: users.filter((u) => u.kind === 'admin'),
    alerts: [], dlpAlerts: [], alertsByType: new Map(),
  };
  buildAlerts(world, root.fork('alerts'), alertCount);
  return world;
}

// ---------------------------------------------------------------------------------------------
// SecurityAlert

interface OtherProvider {
  provider: string;
  product: string;
  tactics: string;
  /** Alert name and AlertType. */
  names: readonly (readonly [string, string])[];
}

const pickOtherProvider = weighted<OtherProvider>([
  [{ provider: 'MCAS', product: 'Microsoft Cloud App Security', tactics: 'InitialAccess', names: [
    ['Impossible travel activity', 'MCAS_ALERT_ANUBIS_DETECTION_IMPOSSIBLE_TRAVEL'],
    ['Activity from infrequent country', 'MCAS_ALERT_ANUBIS_DETECTION_NEW_COUNTRY'],
    ['Mass download by a single user', 'MCAS_ALERT_ANUBIS_DETECTION_MASS_DOWNLOAD'],
    ['Suspicious inbox manipulation rule', 'MCAS_ALERT_ANUBIS_DETECTION_SUSPICIOUS_INBOX_RULE'],
  ] }, 40],
  [{ provider: 'Azure Security Center', product: 'Azure Security Center', tactics: 'Execution', names: [
    ['Executable found running from a suspicious location', 'VM_SuspectExecutablePath'],
    ['Suspicious PowerShell Activity Detected', 'VM_SuspiciousPowerShellActivity'],
    ['Failed SSH brute force attack', 'VM_SshBruteForceFailed'],
  ] }, 25],
  [{ provider: 'OATP', product: 'Office 365 Advanced Threat Protection', tactics: 'InitialAccess', names: [
    ['Email messages containing malicious URL removed after delivery', 'ThreatManagement'],
    ['A potentially malicious URL click was detected', 'ThreatManagement'],
  ] }, 20],
  [{ provider: 'MDATP', product: 'Microsoft Defender Advanced Threat Protection', tactics: 'DefenseEvasion', names: [
    ['Suspicious process injection observed', 'WindowsDefenderAtp'],
    ['Suspicious PowerShell command line', 'WindowsDefenderAtp'],
  ] }, 15],
]);

const pickDlpWorkload = weighted([['SharePoint', 45], ['OneDrive', 30], ['Exchange', 20], ['MicrosoftTeams', 5]]);
const pickStatus = weighted([['New', 60], ['InProgress', 15], ['Resolved', 20], ['Dismissed', 5]]);

/** An alert's impact window: whole seconds, minutes to hours long, ending between 29 days and 14 hours ago. */
function alertWindow(rng: Rng, now: number): [number, number] {
  const end = Math.floor((now - rng.float(14 * HOUR, 29 * DAY)) / SECOND) * SECOND;
  const minutes = rng.chance(0.6) ? rng.int(2, 59) : rng.int(60, 360);
  return [end - minutes * MINUTE - rng.int(0, 59) * SECOND, end];
}

function buildAlerts(world: World, rng: Rng, count: number): void {
  const nDlp = count === 0 ? 0 : Math.max(1, Math.round(count * 0.8));
  const policies: AlertPolicy[] = Array.from({ length: Math.ceil(nDlp / ALERTS_PER_POLICY) }, (_, k) => {
    const [policyName, rules] = DLP_POLICIES[k % DLP_POLICIES.length] as (typeof DLP_POLICIES)[number];
    const ruleName = rules[Math.floor(k / DLP_POLICIES.length) % rules.length] as string;
    const alertType = rng.guid();
    return {
      alertType, policyId: rng.guid(), policyName, ruleName, ruleId: rng.guid(),
      severity: /High volume|shared|bulk|leaving/.test(ruleName) ? 'High' : rng.pick(['Low', 'Medium', 'Informational']),
    };
  });
  const alerts: { row: DemoRow; dlp: DlpAlert | null }[] = [];
  for (let i = 0; i < count; i++) {
    const [start, end] = alertWindow(rng, world.now);
    const processed = end + rng.int(5, 120) * SECOND;
    const generated = processed + rng.int(10, 900) * SECOND;
    const user = rng.pick(rng.chance(0.1) ? world.admins : world.regulars);
    const systemAlertId = rng.guid();
    const vendorId = rng.guid();
    const base = {
      TimeGenerated: new Date(generated), AlertLink: '', AlertName: '', AlertSeverity: '', AlertType: '',
      CompromisedEntity: '', ConfidenceLevel: '', ConfidenceScore: null as number | null, Description: '',
      DisplayName: '', EndTime: new Date(end), Entities: '', ExtendedLinks: '', ExtendedProperties: '',
      IsIncident: false, ProcessingEndTime: new Date(processed), ProductComponentName: '', ProductName: '',
      ProviderName: '', RemediationSteps: '', ResourceId: '', SourceComputerId: '', SourceSystem: 'Detection',
      StartTime: new Date(start), Status: pickStatus(rng), SubTechniques: '', SystemAlertId: systemAlertId,
      Tactics: '', Techniques: '', TenantId: world.workspaceId, Type: 'SecurityAlert', VendorName: 'Microsoft',
      VendorOriginalId: vendorId, WorkspaceResourceGroup: '', WorkspaceSubscriptionId: '',
      _BilledSize: 0, _IsBillable: 'True',
    };
    const accountEntity = {
      $id: '2', Name: user.upn.split('@')[0], UPNSuffix: user.upn.split('@')[1], AadUserId: user.objectId,
      DisplayName: user.displayName, Type: 'account',
    };
    let alert: { row: DemoRow; dlp: DlpAlert | null };
    if (i < nDlp) {
      const policy = policies[i % policies.length] as AlertPolicy;
      const workload = pickDlpWorkload(rng);
      const sensitive = rng.chance(0.6);
      const objectName = workload === 'Exchange' ? rng.pick(EMAIL_SUBJECTS)
        : workload === 'MicrosoftTeams' ? rng.pick(TEAM_NAMES)
        : rng.pick(sensitive ? SENSITIVE_FILE_NAMES : DLP_FILE_NAMES);
      const where = workload === 'OneDrive' ? 'OneDrive' : 'SharePoint';
      const name = workload === 'Exchange' ? `DLP policy match for email with subject '${objectName}'`
        : workload === 'MicrosoftTeams' ? `DLP policy match for Teams message in '${objectName}'`
        : `DLP policy match for document '${objectName}' in ${where}`;
      const [, infoType] = rng.pick(SENSITIVE_TYPES);
      const objectEntity = workload === 'Exchange'
        ? { $id: '3', Subject: objectName, Sender: user.upn, Type: 'mailMessage' }
        : { $id: '3', Name: objectName, Directory: siteOf(user, workload).dir, Type: 'file' };
      const row = Object.assign(base, {
        AlertLink: `https://security.microsoft.com/alerts/dl${vendorId.replace(/-/g, '')}`,
        AlertName: name, DisplayName: name, AlertSeverity: policy.severity, AlertType: policy.alertType,
        CompromisedEntity: user.displayName,
        Description: `The '${policy.ruleName}' rule of the '${policy.policyName}' DLP policy matched ${infoType} in '${objectName}'.`,
        Entities: JSON.stringify([accountEntity, objectEntity, {
          $id: '4', AppId: appOf(workload).id, Name: appOf(workload).name, Type: 'cloud-application',
        }]),
        ExtendedProperties: JSON.stringify({
          'Policy Name': policy.policyName, 'Rule Name': policy.ruleName, 'Policy Id': policy.policyId,
          'Rule Id': policy.ruleId, 'Sensitive Information Types': infoType, Workload: workload,
          'Matched Items': String(rng.int(1, 40)), ProcessedBySentinel: 'True',
          'Alert generation status': 'Full alert created',
        }),
        ProductName: 'Microsoft Data Loss Prevention', ProviderName: 'Microsoft Data Loss Prevention',
        Tactics: 'Exfiltration',
      });
      alert = { row, dlp: { start, end, policy, officeAlertId: vendorId, name, user, objectName, workload } };
    } else {
      const p = pickOtherProvider(rng);
      const [name, alertType] = rng.pick(p.names);
      const vm = `vm-${rng.pick(DEPARTMENTS).toLowerCase()}-${rng.int(1, 40)}`;
      const onVm = p.provider === 'Azure Security Center';
      const row = Object.assign(base, {
        AlertName: name, DisplayName: name, AlertType: alertType,
        AlertSeverity: rng.pick(['Low', 'Medium', 'High']),
        CompromisedEntity: onVm ? vm : user.displayName,
        ConfidenceLevel: p.provider === 'MCAS' ? 'Medium' : '',
        Description: `${name}. Review the activity of ${onVm ? vm : user.displayName} around ${new Date(start).toISOString()}.`,
        Entities: JSON.stringify(onVm ? [{ $id: '2', HostName: vm, OSFamily: 'Windows', Type: 'host' }] : [accountEntity]),
        ExtendedProperties: JSON.stringify({ resourceType: onVm ? 'Virtual Machine' : 'User', ProcessedBySentinel: 'True' }),
        ProductName: p.product, ProviderName: p.provider, Tactics: p.tactics,
        RemediationSteps: onVm ? 'Review the process in this alert and escalate to the security team if it is not legitimate.' : '',
        ResourceId: onVm ? `/subscriptions/${world.workspaceId}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/${vm}` : '',
      });
      alert = { row, dlp: null };
    }
    alert.row._BilledSize = 600 + (alert.row.Entities as string).length + (alert.row.ExtendedProperties as string).length
      + (alert.row.Description as string).length;
    alerts.push(alert);
  }
  // Log order: by TimeGenerated.
  alerts.sort((a, b) => (a.row.TimeGenerated as Date).getTime() - (b.row.TimeGenerated as Date).getTime());
  world.alerts = alerts.map((a) => a.row);
  world.dlpAlerts = alerts.flatMap((a) => (a.dlp ? [a.dlp] : []));
  for (const a of world.dlpAlerts) {
    const list = world.alertsByType.get(a.policy.alertType);
    if (list) list.push(a);
    else world.alertsByType.set(a.policy.alertType, [a]);
  }
}

// ---------------------------------------------------------------------------------------------
// CloudAppEvents

interface App {
  name: string;
  id: number;
}

// Defender for Cloud Apps application ids. The app Defender assigns to Security & Compliance alert records
// is not documented; 'Microsoft 365' is a guess.
const SHAREPOINT: App = { name: 'Microsoft SharePoint Online', id: 20892 };
const ONEDRIVE: App = { name: 'Microsoft OneDrive for Business', id: 15600 };
const EXCHANGE: App = { name: 'Microsoft Exchange Online', id: 20893 };
const TEAMS: App = { name: 'Microsoft Teams', id: 28375 };
const M365: App = { name: 'Microsoft 365', id: 11161 };
const appOf = (workload: string): App =>
  workload === 'OneDrive' ? ONEDRIVE : workload === 'Exchange' ? EXCHANGE : workload === 'MicrosoftTeams' ? TEAMS
  : workload === 'SharePoint' ? SHAREPOINT : M365;

type Family = 'file' | 'mailAccess' | 'mailSend' | 'mailMove' | 'inboxRule' | 'mailboxAdmin' | 'teams' | 'dlp';
interface Activity {
  op: string;
  family: Family;
  activityType: string;
  /** Low-value events skip Defender for Cloud Apps enrichment (UncommonForUser is ""). */
  lowValue: boolean;
}
const act = (op: string, family: Family, activityType = 'Basic', lowValue = false): Activity =>
  ({ op, family, activityType, lowValue });

const pickActivity = weighted<Activity>([
  [act('FileAccessed', 'file', 'Basic', true), 26], [act('FileDownloaded', 'file', 'Download'), 9],
  [act('FileUploaded', 'file', 'Upload'), 6], [act('FileModified', 'file', 'Edit'), 7],
  [act('FilePreviewed', 'file', 'Basic', true), 6], [act('FileDeleted', 'file', 'Delete'), 1.2],
  [act('FileRenamed', 'file', 'Edit'), 0.8], [act('FileSyncDownloadedFull', 'file', 'Download'), 1.5],
  [act('FileSyncUploadedFull', 'file', 'Upload'), 1], [act('SharingSet', 'file', 'Share'), 1],
  [act('AnonymousLinkCreated', 'file', 'Share'), 0.4], [act('SharingInvitationCreated', 'file', 'Share'), 0.4],
  [act('MailItemsAccessed', 'mailAccess', 'Basic', true), 18], [act('Send', 'mailSend'), 6],
  [act('MoveToDeletedItems', 'mailMove', 'Delete'), 2.5], [act('SoftDelete', 'mailMove', 'Delete'), 1],
  [act('New-InboxRule', 'inboxRule', 'Create'), 0.25], [act('Set-InboxRule', 'inboxRule', 'Edit'), 0.15],
  [act('UpdateInboxRules', 'inboxRule', 'Edit'), 0.2],
  [act('Set-Mailbox', 'mailboxAdmin', 'Edit'), 0.08], [act('Add-MailboxPermission', 'mailboxAdmin', 'Edit'), 0.08],
  [act('MessageSent', 'teams'), 5], [act('TeamsSessionStarted', 'teams', 'Basic', true), 4],
  [act('MemberAdded', 'teams', 'Edit'), 0.5], [act('ChannelAdded', 'teams', 'Create'), 0.2],
  [act('DLPRuleMatch', 'dlp'), 1], [act('DlpRuleMatch', 'dlp'), 0.5],
]);
const pickGuestActivity = weighted<Activity>([
  [act('FileAccessed', 'file', 'Basic', true), 6], [act('FileDownloaded', 'file', 'Download'), 3],
  [act('FilePreviewed', 'file', 'Basic', true), 2], [act('MessageSent', 'teams'), 2],
]);
const pickServiceActivity = weighted<Activity>([
  [act('FileAccessed', 'file', 'Basic', true), 5], [act('FileSyncDownloadedFull', 'file', 'Download'), 3],
  [act('FileUploaded', 'file', 'Upload'), 2], [act('MailItemsAccessed', 'mailAccess', 'Basic', true), 2],
]);

const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 11, 13, 14, 13, 11, 8, 5, 4, 3, 2, 2, 1];
const pickHour = weighted(HOUR_WEIGHTS.map((w, h) => [h, w] as const));

/** A time in the 30 days before `now`, busier on weekdays and in working hours (whole seconds). */
function activityTime(rng: Rng, now: number): number {
  const from = now - 30 * DAY;
  for (let tries = 0; tries < 8; tries++) {
    const dayStart = Math.floor(from / DAY) * DAY + rng.int(0, 30) * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.7)) continue;
    const t = dayStart + pickHour(rng) * HOUR + rng.int(0, 3599) * SECOND;
    if (t >= from && t < now) return t;
  }
  return Math.floor(rng.float(from, now) / SECOND) * SECOND;
}

const ISO_CODES = new Uint8Array(19);
const put2 = (at: number, v: number) => {
  ISO_CODES[at] = 48 + Math.floor(v / 10);
  ISO_CODES[at + 1] = 48 + (v % 10);
};

/**
 * Office's CreationTime form, `yyyy-MM-ddTHH:mm:ss` (UTC, no zone), as one flat string: the readable
 * `new Date(ms).toISOString().slice(0, 19)` keeps the whole ISO text alive behind every slice.
 */
function isoSeconds(ms: number): string {
  const days = Math.floor(ms / DAY);
  const secs = Math.floor((ms - days * DAY) / SECOND);
  const [year, month, day] = civilFromDays(days);
  put2(0, Math.floor(year / 100));
  put2(2, year % 100);
  ISO_CODES[4] = 45;
  put2(5, month);
  ISO_CODES[7] = 45;
  put2(8, day);
  ISO_CODES[10] = 84;
  put2(11, Math.floor(secs / 3600));
  ISO_CODES[13] = 58;
  put2(14, Math.floor(secs / 60) % 60);
  ISO_CODES[16] = 58;
  put2(17, secs % 60);
  return asciiString(ISO_CODES);
}
/** Office's 7-digit fraction form used inside `Data`: 2020-02-14T18:45:00.0000000Z. */
const iso7 = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}0000Z`;

/** Where a user's files live: their department's SharePoint site or their OneDrive. */
interface Site {
  /** Folder URL, e.g. https://contoso.sharepoint.com/sites/Finance/Shared Documents */
  dir: string;
  /** Site URL with a trailing slash, as in SharePoint audit records. */
  siteUrl: string;
  /** The folder relative to the site. */
  relativeUrl: string;
}

function site(siteUrl: string, relativeUrl: string): Site {
  return { dir: siteUrl + relativeUrl, siteUrl, relativeUrl };
}

function userSites(upn: string, department: string): { sharePoint: Site; oneDrive: Site } {
  const local = upn.replace(/[@.#]/g, '_').toLowerCase();
  return {
    sharePoint: site(`https://contoso.sharepoint.com/sites/${department}/`, 'Shared Documents'),
    oneDrive: site(`https://contoso-my.sharepoint.com/personal/${local}/`, 'Documents'),
  };
}

const siteOf = (user: User, workload: string): Site => (workload === 'OneDrive' ? user.oneDrive : user.sharePoint);

function fileName(rng: Rng): string {
  if (rng.chance(0.035)) return rng.pick(SENSITIVE_FILE_NAMES);
  const name = rng.pick(FILE_NAMES);
  if (rng.chance(0.1)) {
    const dot = name.lastIndexOf('.');
    return `${name.slice(0, dot)} (${rng.int(1, 3)})${name.slice(dot)}`;
  }
  return name;
}

// Dynamic values that repeat are shared between rows (frozen, since rows must not affect each other).
const NO_ITEMS: readonly unknown[] = Object.freeze([]);
const NATIVE_CLIENT: readonly string[] = Object.freeze(['Native client']);
const AZURE_IP_TAGS: readonly string[] = Object.freeze(['Microsoft Azure']);
const UNCOMMON_LOCATION: readonly string[] = Object.freeze(['CountryCode', 'ISP']);
const NOT_SATELLITE = Object.freeze({ IsSatelliteProvider: false });
const FIRST_SEEN_LOCATION = Object.freeze({ CountryCode: '-1', ISP: '-1', ActionType: '0' });
/** LastSeenForUser bags: days since each attribute was last seen (strings, as Defender writes them). */
const LAST_SEEN: readonly Readonly<Record<string, string>>[] = Array.from({ length: 64 }, (_, i) =>
  Object.freeze({ ActionType: String((i * 7) % 21), OSPlatform: String(i % 6), ISP: String((i * 5) % 10) }));

/** The table row with every CloudAppEvents column, in schema order; callers fill in the event. */
function blankEvent(world: World, rng: Rng, t: number, user: User): DemoRow {
  const ts = t + rng.int(0, 999);
  return {
    Timestamp: new Date(ts), ActionType: '', Application: '', ApplicationId: 0, AppInstanceId: 0,
    AccountObjectId: user.objectId, AccountId: user.objectId, AccountDisplayName: user.displayName,
    IsAdminOperation: false, DeviceType: user.deviceType, OSPlatform: user.os, IPAddress: '',
    IsAnonymousProxy: false, CountryCode: '', City: '', ISP: '', UserAgent: user.userAgent, ActivityType: 'Basic',
    ActivityObjects: NO_ITEMS, ObjectName: '', ObjectType: '', ObjectId: '', ReportId: rng.hex(64),
    AccountType: user.kind === 'admin' ? 'Admin' : user.kind === 'service' ? 'Application' : 'Regular',
    IsExternalUser: user.kind === 'guest', IsImpersonated: false, IPTags: null, IPCategory: '',
    UserAgentTags: NO_ITEMS, RawEventData: null, AdditionalFields: NOT_SATELLITE,
    LastSeenForUser: '', UncommonForUser: '',
    AuditSource: 'Defender for Cloud Apps app connector', SessionData: null, OAuthAppId: '',
    TimeGenerated: new Date(ts + rng.int(40, 600) * SECOND), TenantId: world.workspaceId, SourceSystem: '',
    Type: 'CloudAppEvents', _BilledSize: 0, _IsBillable: 'True',
  };
}

/** Sets where the event came from: office, home, a phone network, or (rarely) somewhere unusual. */
function locate(row: DemoRow, rng: Rng, user: User): Place {
  const r = rng.next();
  let p: Place;
  if (user.kind === 'service') {
    p = { ip: `52.${96 + (user.objectId.charCodeAt(1) % 16)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, country: 'US', city: 'Boydton', isp: 'Microsoft Azure' };
    row.IPTags = AZURE_IP_TAGS;
  } else if (r < 0.62) {
    p = user.office;
    row.IPCategory = 'Corporate';
  } else if (r < 0.93) {
    p = user.home;
  } else if (r < 0.99) {
    p = { ip: publicIp(rng), country: user.home.country, city: user.home.city, isp: user.home.isp };
  } else {
    const [country, city, isp, proxy] = rng.pick(UNUSUAL_LOCATIONS);
    p = { ip: publicIp(rng), country, city, isp };
    row.IsAnonymousProxy = proxy;
    row.UncommonForUser = UNCOMMON_LOCATION;
    row.LastSeenForUser = FIRST_SEEN_LOCATION;
  }
  row.IPAddress = p.ip;
  row.CountryCode = p.country;
  row.City = p.city;
  row.ISP = p.isp;
  return p;
}

function eventRow(world: World, rng: Rng): DemoRow {
  const r = rng.next();
  if (world.dlpAlerts.length > 0) {
    if (r < CORRELATED_SHARE) return alertRecordRow(world, rng, 'cid');
    if (r < CORRELATED_SHARE + NO_CID_SHARE) return alertRecordRow(world, rng, 'no-cid');
    if (r < CORRELATED_SHARE + NO_CID_SHARE + MALFORMED_SHARE) return alertRecordRow(world, rng, 'malformed');
  }
  return activityRow(world, rng);
}

function activityRow(world: World, rng: Rng): DemoRow {
  // A few heavy users do most of the work.
  let user = world.users[Math.floor(world.users.length * rng.next() ** 1.7)] as User;
  let activity = user.kind === 'guest' ? pickGuestActivity(rng)
    : user.kind === 'service' ? pickServiceActivity(rng) : pickActivity(rng);
  if (activity.family === 'mailboxAdmin' && world.admins.length > 0) user = rng.pick(world.admins);
  const t = activityTime(rng, world.now);
  const row = blankEvent(world, rng, t, user);
  const from = locate(row, rng, user);
  row.ActionType = activity.op;
  row.ActivityType = activity.activityType;
  if (!activity.lowValue && row.UncommonForUser === '') {
    row.UncommonForUser = NO_ITEMS;
    row.LastSeenForUser = rng.pick(LAST_SEEN);
  }
  // The audit record's common fields, named as in the record: each family below writes its record as one
  // literal (the readable `{ ...common, RecordType: 6 }` is ~100x slower in V8, and extending an object
  // after the fact costs a property array per row).
  const CreationTime = isoSeconds(t);
  const Id = rng.guid();
  const Operation = activity.op;
  const OrganizationId = world.orgId;
  const UserKey = user.objectId;
  const UserType = user.kind === 'admin' ? 2 : 0;
  const ClientIP = from.ip;
  const UserId = user.upn;
  let raw: Record<string, unknown>;
  let app: App;
  switch (activity.family) {
    case 'file': {
      const workload = user.kind !== 'guest' && rng.chance(0.4) ? 'OneDrive' : 'SharePoint';
      app = workload === 'OneDrive' ? ONEDRIVE : SHAREPOINT;
      const name = fileName(rng);
      const site = siteOf(user, workload);
      const url = `${site.dir}/${name}`;
      const ext = name.slice(name.lastIndexOf('.') + 1);
      if (activity.op.startsWith('FileSync')) {
        row.UserAgent = SYNC_CLIENT_UA;
        row.UserAgentTags = NATIVE_CLIENT;
      } else if (activity.op === 'FileModified' && ext === 'xlsx' && rng.chance(0.5)) {
        row.UserAgent = OFFICE_CLIENT_UA;
        row.UserAgentTags = NATIVE_CLIENT;
      }
      raw = {
        CreationTime, Id, Operation, OrganizationId, RecordType: 6, UserKey, UserType, Version: 1, Workload: workload,
        ClientIP, UserId, ObjectId: url, ItemType: 'File', SiteUrl: site.siteUrl, SourceFileName: name,
        SourceFileExtension: ext, SourceRelativeUrl: site.relativeUrl, UserAgent: row.UserAgent,
      };
      row.ObjectName = name;
      row.ObjectType = 'File';
      row.ObjectId = url;
      row.ActivityObjects = [{ Type: 'File', Role: 'Target object', Name: name, Id: url }];
      break;
    }
    case 'mailAccess': {
      app = EXCHANGE;
      const guid = rng.guid();
      raw = {
        CreationTime, Id, Operation, OrganizationId, RecordType: 50, UserKey, UserType, Version: 1, Workload: 'Exchange',
        ClientIP, UserId, ResultStatus: 'Succeeded', MailboxOwnerUPN: user.upn,
        MailboxGuid: guid, LogonType: 0, ClientInfoString: row.DeviceType === 'Mobile' ? 'Client=REST;Client=OutlookService;' : 'Client=OWA;Action=ViaProxy',
        OperationProperties: [{ Name: 'MailAccessType', Value: rng.chance(0.8) ? 'Bind' : 'Sync' }],
        OperationCount: rng.int(1, 40),
      };
      row.ObjectName = user.upn;
      row.ObjectType = 'Mailbox';
      row.ObjectId = guid;
      break;
    }
    case 'mailSend':
    case 'mailMove': {
      app = EXCHANGE;
      const subject = rng.pick(EMAIL_SUBJECTS);
      const messageId = `<${rng.hex(16).toUpperCase()}@${rng.pick(['DM6PR11MB4321', 'AM0PR05MB4803', 'BY5PR21MB1443'])}.namprd11.prod.outlook.com>`;
      raw = {
        CreationTime, Id, Operation, OrganizationId, RecordType: 2, UserKey, UserType, Version: 1, Workload: 'Exchange',
        ClientIP, UserId, ResultStatus: 'Succeeded', MailboxOwnerUPN: user.upn,
        Item: { Subject: subject, InternetMessageId: messageId, ParentFolder: { Path: activity.op === 'Send' ? '\\Sent Items' : '\\Inbox' } },
      };
      row.ObjectName = subject;
      row.ObjectType = 'Email';
      row.ObjectId = messageId;
      row.ActivityObjects = [{ Type: 'Email', Role: 'Target object', Name: subject, Id: messageId }];
      break;
    }
    case 'inboxRule': {
      app = EXCHANGE;
      const ruleName = rng.pick(INBOX_RULE_NAMES);
      const forward = rng.chance(0.25);
      const parameters = [
        { Name: 'Name', Value: ruleName },
        forward ? { Name: 'ForwardTo', Value: `${rng.hex(8)}@${rng.pick(['gmail.com', 'protonmail.com', 'outlook.com'])}` }
          : { Name: 'MoveToFolder', Value: rng.pick(['RSS Feeds', 'Archive', 'Conversation History', 'Deleted Items']) },
        { Name: 'SubjectContainsWords', Value: rng.pick(['invoice;payment', 'payroll', 'urgent', 'newsletter']) },
        { Name: 'StopProcessingRules', Value: 'True' },
      ];
      raw = {
        CreationTime, Id, Operation, OrganizationId, RecordType: 1, UserKey, UserType, Version: 1, Workload: 'Exchange',
        ClientIP, UserId, ObjectId: `${user.upn}\\${ruleName}`, Parameters: parameters, ResultStatus: 'True',
        ExternalAccess: false, OrganizationName: 'contoso.onmicrosoft.com',
      };
      row.ObjectName = ruleName;
      row.ObjectType = 'Inbox rule';
      row.ObjectId = `${user.upn}\\${ruleName}`;
      break;
    }
    case 'mailboxAdmin': {
      app = EXCHANGE;
      const target = rng.pick(world.regulars);
      raw = {
        CreationTime, Id, Operation, OrganizationId, RecordType: 1, UserKey, UserType, Version: 1, Workload: 'Exchange',
        ClientIP, UserId, ObjectId: target.upn, ResultStatus: 'True', ExternalAccess: false,
        Parameters: activity.op === 'Set-Mailbox'
          ? [{ Name: 'Identity', Value: target.upn }, { Name: 'ForwardingSmtpAddress', Value: `smtp:${rng.hex(8)}@gmail.com` }]
          : [{ Name: 'Identity', Value: target.upn }, { Name: 'User', Value: user.upn }, { Name: 'AccessRights', Value: 'FullAccess' }],
        OrganizationName: 'contoso.onmicrosoft.com',
      };
      row.IsAdminOperation = true;
      row.ObjectName = target.upn;
      row.ObjectType = 'Mailbox';
      row.ObjectId = target.objectId;
      break;
    }
    case 'teams': {
      app = TEAMS;
      const team = rng.pick(TEAM_NAMES);
      const teamId = `19:${rng.hex(32)}@thread.tacv2`;
      raw = {
        CreationTime, Id, Operation, OrganizationId, RecordType: 25, UserKey, UserType, Version: 1,
        Workload: 'MicrosoftTeams', ClientIP, UserId, TeamName: team, TeamGuid: teamId, CommunicationType: 'Team',
      };
      row.ObjectName = team;
      row.ObjectType = 'Team';
      row.ObjectId = teamId;
      break;
    }
    case 'dlp': {
      const exchange = activity.op === 'DlpRuleMatch';
      app = exchange ? EXCHANGE : rng.chance(0.5) ? ONEDRIVE : SHAREPOINT;
      const [policyName, rules] = rng.pick(DLP_POLICIES);
      const [sensitiveType] = rng.pick(SENSITIVE_TYPES);
      const policyDetails = [{
        PolicyId: rng.guid(), PolicyName: policyName,
        Rules: [{
          ActionParameters: [], Actions: ['NotifyUser'], RuleId: rng.guid(), RuleMode: 'Enable',
          RuleName: rng.pick(rules), Severity: rng.pick(['Low', 'Medium', 'High']),
          ConditionsMatched: { SensitiveInformation: [{ Confidence: rng.pick([65, 75, 85]), Count: rng.int(1, 30), SensitiveType: sensitiveType }] },
        }],
      }];
      const IncidentId = rng.guid();
      if (exchange) {
        const subject = rng.pick(EMAIL_SUBJECTS);
        const messageId = `<${rng.hex(16).toUpperCase()}@AM0PR05MB4803.eurprd05.prod.outlook.com>`;
        raw = {
          CreationTime, Id, IncidentId, ObjectId: messageId, Operation, OrganizationId, PolicyDetails: policyDetails,
          RecordType: 13, SensitiveInfoDetectionIsIncluded: false, UserId: 'DlpAgent', UserKey, UserType: 4, Version: 1,
          Workload: 'Exchange',
          ExchangeMetaData: { From: user.upn, To: [`${rng.hex(6)}@example.org`], CC: [], BCC: [], Subject: subject, MessageID: messageId, RecipientCount: 1 },
        };
        row.ObjectName = subject;
        row.ObjectType = 'Email';
        row.ObjectId = messageId;
      } else {
        const name = rng.pick(rng.chance(0.5) ? SENSITIVE_FILE_NAMES : DLP_FILE_NAMES);
        const workload = app === ONEDRIVE ? 'OneDrive' : 'SharePoint';
        const uniqueId = rng.guid();
        raw = {
          CreationTime, Id, IncidentId, ObjectId: uniqueId, Operation, OrganizationId, PolicyDetails: policyDetails,
          RecordType: 11, SensitiveInfoDetectionIsIncluded: false, UserId: 'DlpPolicyEventBasedAssistantOneDriveForBusiness',
          UserKey: 'DlpPolicyEventBasedAssistantOneDriveForBusiness', UserType: 4, Version: 1, Workload: workload,
          SharePointMetaData: {
            FileName: name, FileOwner: user.displayName, FilePathUrl: `${siteOf(user, workload).dir}/${name}`,
            From: user.upn.toUpperCase(), UniqueID: uniqueId,
          },
        };
        row.ObjectName = name;
        row.ObjectType = 'File';
        row.ObjectId = uniqueId;
      }
      break;
    }
  }
  row.Application = app.name;
  row.ApplicationId = app.id;
  row.RawEventData = raw;
  row._BilledSize = 900 + (row.ObjectId as string).length * 3 + rng.int(0, 600);
  return row;
}

/**
 * A Security & Compliance alert record (RecordType 40) — the only audit record whose `Data` JSON string can
 * carry `cid`. 'cid' rows belong to one DLP alert: half land strictly inside its window, half outside every
 * window of the same AlertType (some exactly on StartTime or EndTime, which a strict comparison drops).
 */
function alertRecordRow(world: World, rng: Rng, kind: 'cid' | 'no-cid' | 'malformed'): DemoRow {
  const alert = rng.pick(world.dlpAlerts);
  const { policy, user } = alert;
  let t: number;
  if (kind === 'cid' && rng.chance(IN_WINDOW_SHARE)) {
    t = alert.start + rng.int(1, (alert.end - alert.start) / SECOND - 1) * SECOND;
  } else {
    t = outsideWindows(rng, alert, world.alertsByType.get(policy.alertType) ?? [alert]);
  }
  const operation = kind === 'no-cid' ? 'AlertEntityGenerated' : rng.chance(0.4) ? 'AlertTriggered' : 'AlertUpdated';
  const row = blankEvent(world, rng, t, user);
  row.ActionType = operation;
  row.Application = M365.name;
  row.ApplicationId = M365.id;
  row.DeviceType = '';
  row.OSPlatform = '';
  row.UserAgent = '';
  row.UserAgentTags = null;
  row.ObjectName = alert.objectName;
  row.ObjectType = alert.workload === 'Exchange' ? 'Email' : alert.workload === 'MicrosoftTeams' ? 'Team' : 'File';
  row.ObjectId = alert.officeAlertId;
  const data = kind === 'no-cid'
    ? {
        etype: 'User', eid: user.upn, tid: world.orgId, ts: iso7(alert.start), te: iso7(alert.end), op: 'DlpRuleMatch',
        tdc: '1', suid: user.upn, ut: 'Regular', lon: 'DlpRuleMatch',
      }
    : {
        f3u: user.upn, ts: iso7(alert.start), te: iso7(alert.end), op: 'DlpRuleMatch', wl: alert.workload,
        tid: world.orgId, tdc: '1', reid: rng.guid(), rid: policy.ruleId, cid: policy.alertType,
        ad: `DLP rule '${policy.ruleName}' matched content.`, lon: 'DlpRuleMatch', an: alert.name, sev: policy.severity,
      };
  let dataText = JSON.stringify(data);
  if (kind === 'malformed') dataText = dataText.slice(0, rng.int(12, dataText.length - 12)); // cut off: never valid JSON
  row.RawEventData = {
    CreationTime: isoSeconds(t), Id: rng.guid(), Operation: operation, OrganizationId: world.orgId, RecordType: 40,
    ResultStatus: 'Succeeded', UserKey: 'SecurityComplianceAlerts', UserType: 4, Version: 1,
    Workload: 'SecurityComplianceCenter', ObjectId: operation === 'AlertEntityGenerated' ? user.upn : alert.officeAlertId,
    UserId: 'SecurityComplianceAlerts', AlertId: alert.officeAlertId, AlertLinks: [], AlertType: 'Custom',
    Category: 'DataLossPrevention', Comments: 'New alert', Data: dataText, Name: alert.name, PolicyId: policy.alertType,
    Severity: policy.severity, Source: 'Office 365 Security & Compliance', Status: 'Active',
  };
  if (operation === 'AlertEntityGenerated') Object.assign(row.RawEventData as object, { EntityType: 'User', AlertEntityId: user.upn });
  row._BilledSize = 1200 + dataText.length;
  return row;
}

/** A whole-second time outside every [StartTime, EndTime] window of the alert's type (boundaries included). */
function outsideWindows(rng: Rng, alert: DlpAlert, sameType: readonly DlpAlert[]): number {
  const roll = rng.next();
  if (roll < 0.05) return alert.start;
  if (roll < 0.1) return alert.end;
  for (let tries = 0; tries < 16; tries++) {
    const gap = rng.int(1, 12 * 60) * MINUTE + rng.int(0, 59) * SECOND;
    const t = rng.chance(0.5) ? alert.start - gap : alert.end + gap;
    if (sameType.every((a) => t <= a.start || t >= a.end)) return t;
  }
  return alert.start;
}
