// Defender's hunting functions (src/functions/hunting.ts): FileProfile, DeviceFromIP, SeenBy and
// AssignedIPAddresses, whose data the application supplies with db.registerFunction. Columns and arguments
// from MicrosoftDocs/defender-docs (defender-xdr/advanced-hunting-*-function.md); the expected rows below are
// worked out by hand from the registered fakes and the rules written at the top of hunting.ts.
import { describe, expect, it } from 'vitest';
import { Database, KqlError } from '../../../src/index.js';

const FILES = [
  { Timestamp: '2026-11-29T10:00:00Z', ActionType: 'FileCreated', FileName: 'a.exe', FolderPath: 'C:\\t', SHA1: 'aaa', FileSize: 10 },
  { Timestamp: '2026-11-29T11:00:00Z', ActionType: 'FileCreated', FileName: 'b.dll', FolderPath: 'C:\\t', SHA1: 'bbb', FileSize: 20 },
  { Timestamp: '2026-11-29T12:00:00Z', ActionType: 'FileCreated', FileName: 'a-copy.exe', FolderPath: 'C:\\u', SHA1: 'aaa', FileSize: 10 },
  { Timestamp: '2026-11-29T13:00:00Z', ActionType: 'FileModified', FileName: 'c.exe', FolderPath: 'C:\\u', SHA1: '', FileSize: 30 },
  { Timestamp: '2026-11-29T14:00:00Z', ActionType: 'FileCreated', FileName: 'd.exe', FolderPath: 'C:\\v', SHA1: 'ddd', FileSize: 40 },
];
const FILE_SCHEMA = [
  { name: 'Timestamp', type: 'datetime' }, { name: 'ActionType', type: 'string' }, { name: 'FileName', type: 'string' },
  { name: 'FolderPath', type: 'string' }, { name: 'SHA1', type: 'string' }, { name: 'FileSize', type: 'long' },
];

function filesDb(): { db: Database; calls: string[] } {
  const db = new Database({ now: '2026-11-30T00:00:00Z' });
  db.addTable('DeviceFileEvents', FILES, FILE_SCHEMA);
  const calls: string[] = [];
  db.registerFunction('FileProfile', {
    fn: (id, idColumn) => {
      calls.push(`${idColumn}=${id}`);
      if (id === 'aaa') return { GlobalPrevalence: 3, SignatureState: 'Unsigned', FileSize: 10, GlobalFirstSeen: '2024-05-01T00:00:00Z', IsExecutable: true };
      if (id === 'ddd') return { GlobalPrevalence: 900, SignatureState: 'SignedValid', ProfileAvailability: 'Available' };
      return null;
    },
  });
  return { db, calls };
}

const rowsOf = (db: Database, q: string) => db.querySync(q).rows;
const error = (db: Database, q: string): string => {
  try {
    db.querySync(q);
  } catch (e) {
    if (e instanceof KqlError) return e.diagnostics.map((d) => `${d.code} ${d.message} at ${d.line}:${d.column}`).join('\n');
    throw e;
  }
  return 'no error';
};

describe('FileProfile', () => {
  it("the docs' second example: enrich, then keep low-prevalence files", () => {
    const { db, calls } = filesDb();
    const q = `DeviceFileEvents
| where ActionType == "FileCreated" and Timestamp > ago(1d)
| project CreatedOn = Timestamp, FileName, FolderPath, SHA1
| invoke FileProfile("SHA1", 500)
| where GlobalPrevalence < 15
| project FileName, GlobalPrevalence, SignatureState, ProfileAvailability`;
    // aaa has prevalence 3 (two rows), bbb no profile (null prevalence: dropped), ddd 900 (dropped)
    expect(rowsOf(db, q)).toEqual([['a.exe', 3, 'Unsigned', 'Available'], ['a-copy.exe', 3, 'Unsigned', 'Available']]);
    // one call per distinct id, in input order
    expect(calls).toEqual(['SHA1=aaa', 'SHA1=bbb', 'SHA1=ddd']);
  });

  it('appends the documented columns; the key is not repeated, a clashing name gets the suffix 1', () => {
    const { db } = filesDb();
    const r = db.querySync('DeviceFileEvents | invoke FileProfile()');
    const names = r.columns.map((c) => `${c.name}:${c.type}`);
    expect(names).toEqual([
      'Timestamp:datetime', 'ActionType:string', 'FileName:string', 'FolderPath:string', 'SHA1:string', 'FileSize:long',
      'SHA256:string', 'MD5:string', 'FileSize1:int', 'GlobalPrevalence:int', 'GlobalFirstSeen:datetime', 'GlobalLastSeen:datetime',
      'Signer:string', 'Issuer:string', 'SignerHash:string', 'IsCertificateValid:bool', 'IsRootSignerMicrosoft:bool',
      'SignatureState:string', 'IsExecutable:bool', 'ThreatName:string', 'Publisher:string', 'SoftwareName:string', 'ProfileAvailability:string',
    ]);
    const first = r.rows[0]!;
    expect(first[8]).toBe(10); // FileSize1 from the profile
    expect(first[10]).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(first[18]).toBe(true); // IsExecutable
  });

  it('ProfileAvailability: Available, Missing, and empty for an empty id or one past the limit', () => {
    const { db, calls } = filesDb();
    const q = 'DeviceFileEvents | project SHA1 | invoke FileProfile(SHA1, 2) | project SHA1, ProfileAvailability, GlobalPrevalence';
    expect(rowsOf(db, q)).toEqual([
      ['aaa', 'Available', 3], ['bbb', 'Missing', null], ['aaa', 'Available', 3], ['', '', null], ['ddd', '', null],
    ]);
    expect(calls).toEqual(['SHA1=aaa', 'SHA1=bbb']);
  });

  it('the id column must be one of the four the docs name, and a string column of the input', () => {
    const { db } = filesDb();
    expect(error(db, 'DeviceFileEvents | invoke FileProfile(MD5)')).toBe(
      "KQL0303 argument 1 of 'FileProfile' must be one of SHA1, SHA256, InitiatingProcessSHA1, InitiatingProcessSHA256, not 'MD5' at 1:39");
    expect(error(db, 'DeviceFileEvents | invoke FileProfile(SHA256)')).toMatch(/^KQL0201 unknown column 'SHA256' at 1:39/);
    expect(error(db, 'DeviceFileEvents | invoke FileProfile(SHA1, 0)')).toMatch(/^KQL0306 the number of files to enrich \(a positive integer\) must be a constant at 1:45/);
    expect(error(db, 'FileProfile()')).toMatch(/^KQL0001 FileProfile enriches a table: call it as T \| invoke FileProfile/);
  });

  it('unregistered: KQL0208 naming it and how to register; analyze() gives the schema with a warning', () => {
    const db = new Database();
    db.addTable('DeviceFileEvents', FILES, FILE_SCHEMA);
    expect(error(db, 'DeviceFileEvents | invoke FileProfile()')).toBe(
      "KQL0208 function 'FileProfile' needs an implementation registered by the application at 1:27");
    const a = db.analyze('DeviceFileEvents | invoke FileProfile() | project SHA1, GlobalPrevalence');
    expect(a.columns).toEqual([{ name: 'SHA1', type: 'string' }, { name: 'GlobalPrevalence', type: 'int' }]);
    expect(a.diagnostics.map((d) => [d.code, d.severity])).toEqual([['KQL0208', 'warning']]);
    expect(a.diagnostics[0]!.help).toMatch(/db\.registerFunction\('FileProfile', \{ fn: /);
  });

  it("the application's errors and wrong values are query errors naming the function", () => {
    const db = new Database();
    db.addTable('T', [{ SHA1: 'x' }], [{ name: 'SHA1', type: 'string' }]);
    db.registerFunction('FileProfile', { fn: () => { throw new Error('service down'); } });
    expect(() => db.querySync('T | invoke FileProfile()')).toThrow(/function 'FileProfile': the registered implementation failed: service down/);
    db.registerFunction('FileProfile', { fn: () => ({ GlobalPrevalence: 'many' }) });
    expect(() => db.querySync('T | invoke FileProfile()')).toThrow(/function 'FileProfile' returned a GlobalPrevalence that is not a int/);
    expect(() => db.registerFunction('FileProfile', {} as never)).toThrow(/fn must be a function/);
  });
});

describe('DeviceFromIP and SeenBy', () => {
  function netDb(): Database {
    const db = new Database();
    db.addTable('DeviceNetworkEvents', [
      { LocalIP: '10.0.0.1', DeviceId: 'self-1' }, { LocalIP: '10.0.0.9', DeviceId: 'self-2' }, { LocalIP: '10.0.0.1', DeviceId: 'self-3' },
    ], [{ name: 'LocalIP', type: 'string' }, { name: 'DeviceId', type: 'string' }]);
    db.registerFunction('DeviceFromIP', { fn: (ip, t) => (ip === '10.0.0.1' ? ['dev-a', { DeviceId: 'dev-b' }] : t === null ? [] : ['never']) });
    db.registerFunction('SeenBy', { fn: (id) => (id === 'self-1' ? ['watcher-1', 'watcher-2'] : []) });
    return db;
  }

  it("DeviceFromIP, the docs' example: one row per assigned device; none keeps the row with an empty DeviceId", () => {
    const db = netDb();
    expect(rowsOf(db, 'DeviceNetworkEvents | limit 100 | project IP = LocalIP | invoke DeviceFromIP()')).toEqual([
      ['10.0.0.1', 'dev-a'], ['10.0.0.1', 'dev-b'], ['10.0.0.9', ''], ['10.0.0.1', 'dev-a'], ['10.0.0.1', 'dev-b'],
    ]);
    // an input DeviceId stays; the function's is DeviceId1
    const r = db.querySync('DeviceNetworkEvents | invoke DeviceFromIP(LocalIP) | take 1');
    expect(r.columns.map((c) => c.name)).toEqual(['LocalIP', 'DeviceId', 'IP', 'DeviceId1']);
    expect(r.rows).toEqual([['10.0.0.1', 'self-1', '10.0.0.1', 'dev-a']]);
    expect(error(db, 'DeviceNetworkEvents | invoke DeviceFromIP()')).toMatch(/^KQL0201 unknown column 'IP' at 1:30/);
  });

  it('SeenBy adds a SeenBy column of { DeviceId } bags, as a published hunting query mv-expands it', () => {
    const db = netDb();
    const q = `DeviceNetworkEvents | project DeviceId | invoke SeenBy()
| mv-expand parse_json(SeenBy) | extend SeenByDeviceID = tostring(SeenBy.DeviceId) | project DeviceId, SeenByDeviceID`;
    // self-1: two watchers; self-2 and self-3: an empty array, which mv-expand turns into no rows (KUSTO-SEMANTICS 19)
    expect(rowsOf(db, q)).toEqual([['self-1', 'watcher-1'], ['self-1', 'watcher-2']]);
    expect(rowsOf(db, 'DeviceNetworkEvents | project DeviceId | invoke SeenBy() | project DeviceId, n = array_length(SeenBy)')).toEqual([
      ['self-1', 2], ['self-2', 0], ['self-3', 0],
    ]);
  });
});

describe('AssignedIPAddresses', () => {
  it("the docs' second example: a table joined with DeviceNetworkEvents", () => {
    const db = new Database({ now: '2026-11-30T00:00:00Z' });
    db.addTable('DeviceNetworkEvents', [
      { Timestamp: '2026-11-20T10:30:00Z', RemoteIP: '10.1.1.1', DeviceName: 'peer-1' },
      { Timestamp: '2026-11-20T14:00:00Z', RemoteIP: '10.1.1.1', DeviceName: 'peer-2' },
      { Timestamp: '2026-11-20T10:10:00Z', RemoteIP: '10.9.9.9', DeviceName: 'peer-3' },
    ], [{ name: 'Timestamp', type: 'datetime' }, { name: 'RemoteIP', type: 'string' }, { name: 'DeviceName', type: 'string' }]);
    const asked: string[] = [];
    db.registerFunction('AssignedIPAddresses', {
      fn: (device, t) => {
        asked.push(`${device}@${t?.toISOString() ?? 'latest'}`);
        return [{ Timestamp: '2026-11-20T10:00:00Z', IPAddress: '10.1.1.1', IPType: 'Private', NetworkAdapterType: 'Ethernet', ConnectedNetworks: [{ Name: 'corp' }] }];
      },
    });
    const q = `let Date = datetime(2026-11-21);
let DeviceName = "example-device-name";
AssignedIPAddresses(DeviceName, Date)
| project DeviceName, IPAddress, AssignedTime = Timestamp
| join kind=inner DeviceNetworkEvents on $left.IPAddress == $right.RemoteIP
| where Timestamp between ((AssignedTime - 1h) .. (AssignedTime + 1h))
| project DeviceName, IPAddress, DeviceName1`;
    // peer-1 at 10:30 is within an hour of 10:00; peer-2 (14:00) is not; peer-3 has another IP
    expect(rowsOf(db, q)).toEqual([['example-device-name', '10.1.1.1', 'peer-1']]);
    expect(asked).toEqual(['example-device-name@2026-11-21T00:00:00.000Z']);
    expect(rowsOf(db, `AssignedIPAddresses('x', ago(1d)) | project IPType, ConnectedNetworks`)).toEqual([['Private', [{ Name: 'corp' }]]]);
    expect(asked[1]).toBe('x@2026-11-29T00:00:00.000Z');
    expect(db.querySync('AssignedIPAddresses("x")').columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'Timestamp:datetime', 'IPAddress:string', 'IPType:string', 'NetworkAdapterType:string', 'ConnectedNetworks:dynamic',
    ]);
    expect(error(db, 'print 1 | invoke AssignedIPAddresses("x")')).toMatch(/^KQL0001 AssignedIPAddresses is a table, not invoked/);
    expect(error(db, 'AssignedIPAddresses(1)')).toMatch(/^KQL0303 argument 1 of 'AssignedIPAddresses' must be string, not 'long'/);
  });
});
