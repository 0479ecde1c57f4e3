// Microsoft Defender XDR's built-in hunting functions (FileProfile, DeviceFromIP, SeenBy,
// AssignedIPAddresses): their answers come from Microsoft's services, so the application supplies them
// (db.registerFunction(name, { fn })); a query that calls one nobody registered is error KQL0208 naming it.
//
// Sources: MicrosoftDocs/defender-docs, defender-xdr/advanced-hunting-{fileprofile,devicefromip,seenby,
// assignedipaddresses}-function.md. The docs give the output columns and the arguments; what they leave
// open is decided here and listed in the README (Known differences):
//  - the enrichment functions (`T | invoke FileProfile()`, `DeviceFromIP()`, `SeenBy()`) keep every input
//    row and column and append their columns, as `join kind=leftouter` on the key column would: the key is
//    not repeated, and an appended column whose name the input already has gets join's suffix (FileSize1);
//  - FileProfile enriches the first `limit` distinct file ids in input order (docs: "limit to the number of
//    records to enrich", default 100; the docs give the range 1-1000, a larger limit is honoured here);
//    ProfileAvailability is 'Available' for a profile the application returned (unless it says otherwise),
//    'Missing' when it returned none, and empty for an empty id or one past the limit (the docs' values);
//  - DeviceFromIP gives one row per device assigned to the row's IP (and one row with an empty DeviceId
//    when there is none); SeenBy's column is named SeenBy and holds an array of { DeviceId } bags (the
//    column a published hunting query mv-expands; the docs only name DeviceId);
//  - AssignedIPAddresses' NetworkAdapterType is a string and ConnectedNetworks dynamic, as in the
//    DeviceNetworkInfo table (the docs' table says int for both but describes a name and JSON arrays).
import type { Column, KqlType, Scalar } from '../types.js';
import { KqlDataError } from '../errors/diagnostic.js';
import type { PluginTable } from '../plugins/define.js';
import { allocVector, gather, getScalar, setScalar, type Vector } from '../exec/vector.js';
import { loadValue } from '../values/load.js';
import { toJsValue } from '../values/json-out.js';
import { uniqueName } from '../semantic/naming.js';

/** FileProfile(id, idColumn): the profile of one file, or null/undefined when there is none. */
export type FileProfileFn = (id: string, idColumn: string) => Record<string, unknown> | null | undefined;
/** DeviceFromIP(ip, timestamp): the devices assigned the IP (at the time, or latest when null): ids or { DeviceId } records. */
export type DeviceFromIPFn = (ip: string, timestamp: Date | null) => Iterable<string | Record<string, unknown>> | null | undefined;
/** SeenBy(deviceId): the onboarded devices that discovered the device: ids or records (at least { DeviceId }). */
export type SeenByFn = (deviceId: string) => Iterable<string | Record<string, unknown>> | null | undefined;
/** AssignedIPAddresses(device, timestamp): the device's IP addresses (at the time, or latest when null), as rows. */
export type AssignedIPAddressesFn = (device: string, timestamp: Date | null) => Iterable<Record<string, unknown>> | null | undefined;

export interface HuntingFunctionTypes {
  FileProfile: FileProfileFn;
  DeviceFromIP: DeviceFromIPFn;
  SeenBy: SeenByFn;
  AssignedIPAddresses: AssignedIPAddressesFn;
}
export type HuntingFunctionName = keyof HuntingFunctionTypes;

export interface HuntingFunction {
  name: HuntingFunctionName;
  /** `invoke`: enriches the piped table (T | invoke F(...)); `source`: a table of its own (F(...)) */
  form: 'invoke' | 'source';
  /** the columns it adds (invoke) or returns (source) */
  columns: Column[];
  /** the call's shape, for messages */
  syntax: string;
  /** what registerFunction's fn receives and returns */
  fnShape: string;
}

const col = (name: string, type: KqlType): Column => ({ name, type });

export const FILE_ID_COLUMNS = ['SHA1', 'SHA256', 'InitiatingProcessSHA1', 'InitiatingProcessSHA256'];

export const HUNTING_FUNCTIONS: Record<HuntingFunctionName, HuntingFunction> = {
  FileProfile: {
    name: 'FileProfile',
    form: 'invoke',
    columns: [
      col('SHA1', 'string'), col('SHA256', 'string'), col('MD5', 'string'), col('FileSize', 'int'), col('GlobalPrevalence', 'int'),
      col('GlobalFirstSeen', 'datetime'), col('GlobalLastSeen', 'datetime'), col('Signer', 'string'), col('Issuer', 'string'),
      col('SignerHash', 'string'), col('IsCertificateValid', 'bool'), col('IsRootSignerMicrosoft', 'bool'), col('SignatureState', 'string'),
      col('IsExecutable', 'bool'), col('ThreatName', 'string'), col('Publisher', 'string'), col('SoftwareName', 'string'),
      col('ProfileAvailability', 'string'),
    ],
    syntax: 'T | invoke FileProfile([IdColumn [, Limit]])',
    fnShape: '(id: string, idColumn: string) => profile record | null',
  },
  DeviceFromIP: {
    name: 'DeviceFromIP',
    form: 'invoke',
    columns: [col('IP', 'string'), col('DeviceId', 'string')],
    syntax: 'T | invoke DeviceFromIP([IpColumn [, TimestampColumn]])',
    fnShape: '(ip: string, timestamp: Date | null) => device ids or { DeviceId } records',
  },
  SeenBy: {
    name: 'SeenBy',
    form: 'invoke',
    columns: [col('SeenBy', 'dynamic')],
    syntax: 'T | invoke SeenBy([DeviceIdColumn])',
    fnShape: '(deviceId: string) => device ids or { DeviceId } records',
  },
  AssignedIPAddresses: {
    name: 'AssignedIPAddresses',
    form: 'source',
    columns: [col('Timestamp', 'datetime'), col('IPAddress', 'string'), col('IPType', 'string'), col('NetworkAdapterType', 'string'), col('ConnectedNetworks', 'dynamic')],
    syntax: 'AssignedIPAddresses(DeviceIdOrName [, Timestamp])',
    fnShape: '(device: string, timestamp: Date | null) => rows { Timestamp, IPAddress, IPType, NetworkAdapterType, ConnectedNetworks }',
  },
};

export const lookupHuntingFunction = (name: string): HuntingFunction | undefined =>
  Object.prototype.hasOwnProperty.call(HUNTING_FUNCTIONS, name) ? HUNTING_FUNCTIONS[name as HuntingFunctionName] : undefined;

/** The KQL0208 help: how to register `f`. */
export const huntingRegistrationHint = (f: HuntingFunction): string =>
  `it needs Microsoft Defender's data: register an implementation with db.registerFunction('${f.name}', { fn: ${f.fnShape} })`;

/** The application's implementation, or undefined when none is registered (bind fails first, except in analyze). */
export type HuntingImpl = (...args: unknown[]) => unknown;

/** Calls the application's function; its failure is a query error naming the function. */
function callApp(name: string, impl: HuntingImpl | undefined, args: unknown[]): unknown {
  if (!impl) throw new KqlDataError(`function '${name}' has no implementation: ${huntingRegistrationHint(HUNTING_FUNCTIONS[name as HuntingFunctionName])}`);
  try {
    return impl(...args);
  } catch (e) {
    throw new KqlDataError(`function '${name}': the registered implementation failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A value the application returned, converted to the column's type (an error names function and column). */
function convert(name: string, c: Column, v: unknown): Scalar {
  try {
    return loadValue(c.type, v);
  } catch (e) {
    throw new KqlDataError(`function '${name}' returned a ${c.name} that is not a ${c.type}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function iterableOf(name: string, v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string' || typeof (v as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new KqlDataError(`function '${name}' must return an array (or other iterable), not ${typeof v}`);
  }
  return [...(v as Iterable<unknown>)];
}

/** A device id or a record holding one, as the { DeviceId, ... } record the column or row takes. */
function deviceRecord(name: string, v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return { DeviceId: v };
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw new KqlDataError(`function '${name}' must give device ids (strings) or records with a DeviceId, not ${JSON.stringify(v)}`);
}

/** Output schema of an enrichment: the input, then the added columns (the key not repeated; clashes suffixed). */
export function enrichedSchema(input: Column[], added: Column[], key: string): { schema: Column[]; addedNames: string[]; addedColumns: Column[] } {
  const used = new Set(input.map((c) => c.name));
  const addedColumns = added.filter((c) => c.name !== key);
  const addedNames = addedColumns.map((c) => uniqueName(c.name, used));
  return { schema: [...input, ...addedColumns.map((c, k) => ({ name: addedNames[k]!, type: c.type }))], addedNames, addedColumns };
}

/** Builds a table from output rows: the input row each copies (gathered column by column) and the added values. */
function buildTable(schema: Column[], input: PluginTable, from: number[], added: Scalar[][]): PluginTable {
  const n = from.length;
  const nIn = input.schema.length;
  const idx = Int32Array.from(from);
  const columns: Vector[] = input.columns.slice(0, nIn).map((v) => gather(v, idx));
  for (let k = nIn; k < schema.length; k++) {
    const v = allocVector(schema[k]!.type, n);
    for (let r = 0; r < n; r++) setScalar(v, r, added[r]![k - nIn]!);
    columns.push(v);
  }
  return { schema, columns, rowCount: n };
}

const text = (v: Scalar): string => (v === null ? '' : typeof v === 'string' ? v : String(v));

/** `T | invoke FileProfile(idColumn, limit)`. */
export function runFileProfile(input: PluginTable, schema: Column[], addedColumns: Column[], idColumn: string, limit: number, impl: HuntingImpl | undefined): PluginTable {
  const name = 'FileProfile';
  const idIndex = input.schema.findIndex((c) => c.name === idColumn);
  const availability = addedColumns.findIndex((c) => c.name === 'ProfileAvailability');
  // the added values of a row, by what its id got: converted once per id, shared by the rows that repeat it
  const valuesOf = (profile: Record<string, unknown> | null | undefined): Scalar[] =>
    addedColumns.map((c, k) => {
      if (k === availability) return profile === undefined ? '' : profile === null ? 'Missing' : convert(name, c, profile[c.name] ?? 'Available');
      return profile ? convert(name, c, profile[c.name]) : c.type === 'string' ? '' : null;
    });
  const notEnriched = valuesOf(undefined);
  const byId = new Map<string, Scalar[]>();
  const from: number[] = [];
  const added: Scalar[][] = [];
  for (let r = 0; r < input.rowCount; r++) {
    const id = text(getScalar(input.columns[idIndex]!, r));
    let values = id === '' ? notEnriched : byId.get(id);
    if (values === undefined) {
      if (byId.size < limit) {
        const got = callApp(name, impl, [id, idColumn]);
        if (got !== null && got !== undefined && (typeof got !== 'object' || Array.isArray(got))) throw new KqlDataError(`function '${name}' must return a record (or null), not ${JSON.stringify(got)}`);
        values = valuesOf((got ?? null) as Record<string, unknown> | null);
        byId.set(id, values);
      } else values = notEnriched; // past the limit: not enriched (ProfileAvailability empty)
    }
    from.push(r);
    added.push(values);
  }
  return buildTable(schema, input, from, added);
}

/** `T | invoke DeviceFromIP(ipColumn, timestampColumn?)`: one row per assigned device. */
export function runDeviceFromIP(input: PluginTable, schema: Column[], addedColumns: Column[], ipColumn: string, timeColumn: string | null, impl: HuntingImpl | undefined): PluginTable {
  const name = 'DeviceFromIP';
  const ipIndex = input.schema.findIndex((c) => c.name === ipColumn);
  const timeIndex = timeColumn === null ? -1 : input.schema.findIndex((c) => c.name === timeColumn);
  const cache = new Map<string, Record<string, unknown>[]>();
  const from: number[] = [];
  const added: Scalar[][] = [];
  for (let r = 0; r < input.rowCount; r++) {
    const ip = text(getScalar(input.columns[ipIndex]!, r));
    const t = timeIndex < 0 ? null : getScalar(input.columns[timeIndex]!, r);
    const when = t === null ? null : (toJsValue('datetime', t) as Date);
    const key = `${ip}\u0000${t === null ? '' : String(t)}`;
    let devices = cache.get(key);
    if (!devices) {
      devices = ip === '' ? [] : iterableOf(name, callApp(name, impl, [ip, when])).map((d) => deviceRecord(name, d));
      cache.set(key, devices);
    }
    const rows = devices.length > 0 ? devices : [null];
    for (const d of rows) {
      from.push(r);
      added.push(addedColumns.map((c) => (d ? convert(name, c, c.name === 'IP' ? d[c.name] ?? ip : d[c.name]) : c.type === 'string' ? '' : null)));
    }
  }
  return buildTable(schema, input, from, added);
}

/** `T | invoke SeenBy(deviceIdColumn)`: a SeenBy column of { DeviceId } bags. */
export function runSeenBy(input: PluginTable, schema: Column[], deviceColumn: string, impl: HuntingImpl | undefined): PluginTable {
  const name = 'SeenBy';
  const idIndex = input.schema.findIndex((c) => c.name === deviceColumn);
  const cache = new Map<string, Scalar>();
  const from: number[] = [];
  const added: Scalar[][] = [];
  for (let r = 0; r < input.rowCount; r++) {
    const id = text(getScalar(input.columns[idIndex]!, r));
    let v = cache.get(id);
    if (v === undefined) {
      v = id === '' ? null : convert(name, { name: 'SeenBy', type: 'dynamic' }, iterableOf(name, callApp(name, impl, [id])).map((d) => deviceRecord(name, d)));
      cache.set(id, v);
    }
    from.push(r);
    added.push([v]);
  }
  return buildTable(schema, input, from, added);
}

/** `AssignedIPAddresses(device, timestamp?)`: the rows the application gives. */
export function runAssignedIPAddresses(device: string, when: Date | null, impl: HuntingImpl | undefined): PluginTable {
  const name = 'AssignedIPAddresses';
  const f = HUNTING_FUNCTIONS.AssignedIPAddresses;
  const rows = iterableOf(name, callApp(name, impl, [device, when]));
  const empty: PluginTable = { schema: [], columns: [], rowCount: 0 };
  const added = rows.map((row) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new KqlDataError(`function '${name}' must return records, not ${JSON.stringify(row)}`);
    return f.columns.map((c) => convert(name, c, (row as Record<string, unknown>)[c.name]));
  });
  return buildTable(f.columns, empty, added.map(() => -1), added);
}
