// The loaders over the published sample shapes (../shared/samples), chunked streams, malformed input and gzip.
// Expected values are read off the sample files by hand (see each comment), not from our output.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';
import { DataFileError, loadFile, loadTables, progressBar, readCsvRows, readJsonRecords, readTables } from '../../../src/node.js';

const SAMPLES = '/work/shared/samples';
const sample = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');
const hasSamples = (() => {
  try {
    sample('README.md');
    return true;
  } catch {
    return false;
  }
})();

/** The text one character per chunk: a stream cut at every possible place. */
function* bytewise(text: string): Generator<string> {
  for (const ch of text) yield ch;
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function fails(p: Promise<unknown>): Promise<DataFileError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error('no DataFileError');
}

async function query(db: Database, kql: string): Promise<unknown[][]> {
  return (await db.query(kql)).toJSON().rows as unknown[][];
}

describe('JSON records (NDJSON and arrays)', () => {
  it('reads NDJSON with a BOM, CRLF and blank lines, remembering each line, however the stream is cut', async () => {
    const text = '\uFEFF{"a":1}\r\n\n  {"a":2,"b":"x"}\n';
    for (const source of [text, bytewise(text)]) {
      expect(await all(readJsonRecords(source, 'x.ndjson'))).toEqual([
        { value: { a: 1 }, line: 1 },
        { value: { a: 2, b: 'x' }, line: 3 },
      ]);
    }
  });

  it('reads a JSON array element by element with the line each starts on', async () => {
    const text = '[\n  {"a": "[,{\\"}"},\n  {"a": 2,\n   "b": [1, 2]},\n  {}\n]\n';
    for (const source of [text, bytewise(text)]) {
      const records = await all(readJsonRecords(source, 'x.json'));
      expect(records.map((r) => r.value)).toEqual([{ a: '[,{"}' }, { a: 2, b: [1, 2] }, {}]);
      expect(records.map((r) => r.line)).toEqual([2, 3, 5]);
    }
    expect(await all(readJsonRecords('[]', 'e.json'))).toEqual([]);
  });

  it('names file, line and column of a malformed line', async () => {
    // line 2 is `{"a":2,}`: the parser stops at the `}` in column 8
    const e = await fails(all(readJsonRecords('{"a":1}\n{"a":2,}\n{"a":3}', 'data.ndjson')));
    expect([e.file, e.line, e.column]).toEqual(['data.ndjson', 2, 8]);
    expect(e.message).toMatch(/^data\.ndjson:2:8: not valid JSON \(.+\); expected one JSON object per line$/);
    expect((await fails(all(readJsonRecords('{"a":1}\n[1,2]', 'd.ndjson')))).message).toBe('d.ndjson:2:1: expected a JSON object, got an array');
  });

  it('names the line and column of bad array elements, an unclosed array and trailing text', async () => {
    // `{"a":}` starts on line 3 column 1 (V8 names no position for an unexpected token, so the
    // element's start is the place); `{"a":1` then `"b":2}` on the next line lacks a comma: V8 names the position, the `"` on line 3, column 1
    const bad = await fails(all(readJsonRecords('[\n{"a":1},\n{"a":}\n]', 'd.json')));
    expect([bad.line, bad.column]).toEqual([3, 1]);
    const cut = await fails(all(readJsonRecords('[\n{"a":1\n"b":2}]', 'd.json')));
    expect([cut.line, cut.column]).toEqual([3, 1]);
    expect((await fails(all(readJsonRecords('[\n{"a":1},\n  "text"\n]', 'd.json')))).message)
      .toBe('d.json:3:3: element 2 of the array is a string ("text"), not an object');
    expect((await fails(all(readJsonRecords('[{"a":1},\n', 'd.json')))).message).toMatch(/^d\.json:2:0?: ?unexpected end of file|^d\.json:\d+:\d+: unexpected end of file/);
    expect((await fails(all(readJsonRecords('[{"a":1},]', 'd.json')))).message).toBe('d.json:1:10: trailing comma before the end of the array');
    expect((await fails(all(readJsonRecords('[{"a":1}] x', 'd.json')))).message).toBe('d.json:1:11: unexpected text after the end of the array');
    expect((await fails(all(readJsonRecords('[{"a":1} {"a":2}]', 'd.json')))).message).toBe("d.json:1:10: expected ',' or ']' after element 1");
  });
});

describe.runIf(hasSamples)('Defender XDR Streaming API envelopes (defender_streaming_api_records.json)', () => {
  it('splits the records by category into typed tables', async () => {
    const db = new Database();
    const tables = await loadTables(db, sample('defender_streaming_api_records.json'), { file: 'defender.json' });
    // the file holds one record each of CloudAppEvents, AlertEvidence, AlertInfo, IdentityLogonEvents
    expect(tables.map((t) => [t.name, t.rows.length]).sort()).toEqual([
      ['AlertEvidence', 1], ['AlertInfo', 1], ['CloudAppEvents', 1], ['IdentityLogonEvents', 1],
    ]);
    // IsAdminOperation is 0 in the envelope (bool in the schema); RawEventData is JSON text, its
    // AccountMoniker "MdsResourceStackRPFCentralUS"; Timestamp "2022-12-08T12:48:45.833Z".
    expect(await query(db, 'CloudAppEvents | project IsAdminOperation, m = tostring(RawEventData.AccountMoniker), Timestamp, ApplicationId, t = gettype(ApplicationId)'))
      .toEqual([[false, 'MdsResourceStackRPFCentralUS', '2022-12-08T12:48:45.833Z', 12260, 'int']]);
    // IdentityLogonEvents: Port and DestinationPort are "" (int columns) → null
    expect(await query(db, 'IdentityLogonEvents | project isnull(Port), isnull(DestinationPort)')).toEqual([[true, true]]);
    // MachineGroup is not in the documented AlertEvidence schema: kept, typed from the data, and said so
    const evidence = tables.find((t) => t.name === 'AlertEvidence')!;
    expect(evidence.columns.at(-1)).toEqual({ name: 'MachineGroup', type: 'string' });
    expect(evidence.notes.join()).toMatch(/not in the built-in schema.*MachineGroup:string/);
  });

  it('reads Event Hub batches and refuses records of another table when one is named', async () => {
    const records = JSON.parse(sample('defender_streaming_api_records.json')) as unknown[];
    const batch = JSON.stringify({ records: records.slice(0, 1) });
    const [t] = await readTables(batch, { file: 'hub.json', table: 'CloudAppEvents' });
    expect(t!.rows).toHaveLength(1);
    const e = await fails(readTables(records.map((r) => JSON.stringify(r)).join('\n'), { file: 'mixed.ndjson', table: 'CloudAppEvents' }));
    expect(e.message).toMatch(/^mixed\.ndjson:2: a Defender streaming record of table AlertEvidence .*not CloudAppEvents/);
  });
});

describe.runIf(hasSamples)('Office 365 management-activity audit records', () => {
  it('become CloudAppEvents rows whose RawEventData is the record (the DLP correlation on Data.cid works)', async () => {
    const db = new Database();
    await loadTables(db, sample('o365_security_compliance_alert_records.json'), { file: 'alerts.json', table: 'CloudAppEvents' });
    // Only the second record's Data carries a cid: 17d51759-88e1-40c1-8df3-20bcf2e43057 (samples README);
    // its CreationTime is "2020-02-14T19:00:00" (UTC without a Z).
    expect(await query(db, `CloudAppEvents
      | extend cid = tostring(parse_json(tostring(RawEventData.Data)).cid)
      | where isnotempty(cid) | project Timestamp, ActionType, Application, cid`))
      .toEqual([['2020-02-14T19:00:00Z', 'AlertTriggered', 'Microsoft 365', '17d51759-88e1-40c1-8df3-20bcf2e43057']]);
  });

  it('become OfficeActivity rows (RecordType by name, Workload → OfficeWorkload), listing the fields left out', async () => {
    const db = new Database();
    const [t] = await loadTables(db, sample('o365_dlp_audit_records.json'), { file: 'dlp.json', table: 'OfficeActivity' });
    // 3 records of RecordType 11 (ComplianceDLPSharePoint, OneDrive) and 1 of 13 (ComplianceDLPExchange, Exchange)
    expect(await query(db, 'OfficeActivity | summarize n = count() by RecordType, OfficeWorkload, Operation | order by n desc'))
      .toEqual([['ComplianceDLPSharePoint', 'OneDrive', 'DLPRuleMatch', 3], ['ComplianceDLPExchange', 'Exchange', 'DlpRuleMatch', 1]]);
    expect(t!.notes.join()).toMatch(/not loaded: .*PolicyDetails/);
  });
});

describe.runIf(hasSamples)('Log Analytics API row (SecurityAlert_loganalytics_api_row.json)', () => {
  it('is strict: the connector\'s "None" in ConfidenceScore (real) names the line and column', async () => {
    const e = await fails(loadTables(new Database(), sample('SecurityAlert_loganalytics_api_row.json'), { file: 'alert.json', table: 'SecurityAlert' }));
    // the array's only element starts on line 2
    expect(e.message).toMatch(/^alert\.json:2: column 'ConfidenceScore' \(real\): cannot load "None" as real/);
  });
});

describe('CSV', () => {
  it('reads RFC 4180 quoting (commas, "" and line breaks inside quotes, CRLF) however the stream is cut', async () => {
    const text = 'a,b,c\r\n1,"x, ""y""",\r\n2,"two\r\nlines",z\r\n\r\n';
    for (const source of [text, bytewise(text)]) {
      expect(await all(readCsvRows(source, 'f.csv'))).toEqual([
        { fields: ['a', 'b', 'c'], line: 1 },
        { fields: ['1', 'x, "y"', ''], line: 2 },
        { fields: ['2', 'two\r\nlines', 'z'], line: 3 },
      ]);
    }
  });

  it('rejects malformed quoting and ragged rows with file, line and column', async () => {
    expect((await fails(all(readCsvRows('a,b\n1,x"y"\n', 'f.csv')))).message).toMatch(/^f\.csv:2:4: a quote inside an unquoted field/);
    expect((await fails(all(readCsvRows('a,b\n1,"x"y\n', 'f.csv')))).message).toMatch(/^f\.csv:2:6: unexpected text after a closing quote/);
    expect((await fails(all(readCsvRows('a,b\n1,"open\n2,3\n', 'f.csv')))).message).toMatch(/^f\.csv:2:3: a quoted field is not closed/);
    expect((await fails(readTables('a,b\n1,2\n3\n', { file: 'f.csv', table: 'T' }))).message).toBe('f.csv:3: 1 field but the header has 2 columns');
  });

  it('reads a Log Analytics portal export: `[UTC]` headers and the portal\'s date-times', async () => {
    const text = 'TimeGenerated [UTC],Account,Count,Extra\n"11/30/2026, 4:20:30.123 AM",alice,10,"{""k"":1}"\n"1/2/2026, 12:05:00.000 PM","bob, jr",,"[1]"\n';
    const db = new Database();
    const [t] = await loadTables(db, text, { file: 'export.csv', table: 'Logs' });
    expect(t!.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' }, { name: 'Account', type: 'string' },
      { name: 'Count', type: 'long' }, { name: 'Extra', type: 'dynamic' },
    ]);
    // 4:20:30.123 AM → 04:20:30.123; 12:05 PM → 12:05
    expect(await query(db, 'Logs')).toEqual([
      ['2026-11-30T04:20:30.123Z', 'alice', 10, { k: 1 }],
      ['2026-01-02T12:05:00Z', 'bob, jr', null, [1]],
    ]);
  });

  it('types a built-in table\'s CSV by its schema, and a bad value names line and column', async () => {
    const db = new Database();
    const csv = 'Timestamp,ActionType,IsAdminOperation,ApplicationId\n2026-01-01T00:00:00Z,FileDownloaded,false,20892\n';
    await loadTables(db, csv, { file: 'c.csv', table: 'CloudAppEvents' });
    expect(await query(db, 'CloudAppEvents | project Timestamp, IsAdminOperation, ApplicationId, isnull(AppInstanceId)'))
      .toEqual([['2026-01-01T00:00:00Z', false, 20892, true]]);
    const e = await fails(loadTables(new Database(), `${csv}2026-01-02T00:00:00Z,X,maybe,1\n`, { file: 'c.csv', table: 'CloudAppEvents' }));
    expect(e.message).toMatch(/^c\.csv:3: column 'IsAdminOperation' \(bool\): cannot load "maybe"/);
  });

  it('takes types from a schema', async () => {
    const db = new Database();
    await loadTables(db, 'n,when\n007,2026-01-01\n', { file: 's.csv', table: 'S', schema: { n: 'string', when: 'datetime' } });
    expect(await query(db, 'S')).toEqual([['007', '2026-01-01T00:00:00Z']]);
  });
});

describe('files (Node entry)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kql-io-'));

  it('loads gzip-compressed NDJSON and CSV, whatever the file is called', async () => {
    writeFileSync(join(dir, 'events.ndjson.gz'), gzipSync('{"User":"a","N":1}\n{"User":"b","N":2}\n'));
    writeFileSync(join(dir, 'events-csv.data'), gzipSync('User,N\nc,3\n'));
    const db = new Database();
    await loadFile(db, join(dir, 'events.ndjson.gz'), { table: 'E' });
    await loadFile(db, join(dir, 'events-csv.data'), { table: 'F', format: 'csv' });
    expect(await query(db, 'E | union F | summarize sum(N)')).toEqual([[6]]);
  });

  it('a malformed line inside a gzip file, and a corrupt gzip file, are data errors naming the file', async () => {
    const bad = join(dir, 'bad.ndjson.gz');
    writeFileSync(bad, gzipSync('{"a":1}\n{"a":\n'));
    expect((await fails(loadFile(new Database(), bad, { table: 'T' }))).message).toMatch(/bad\.ndjson\.gz:2:\d+: not valid JSON/);
    const corrupt = join(dir, 'corrupt.ndjson.gz');
    writeFileSync(corrupt, Buffer.concat([gzipSync('{"a":1}\n'.repeat(100)).subarray(0, 20), Buffer.from('garbage!')]));
    expect((await fails(loadFile(new Database(), corrupt, { table: 'T' }))).message).toMatch(/corrupt\.ndjson\.gz: not a valid gzip file/);
  });

  it('decodes UTF-8 across 1 MiB read chunks: a BOM, characters split between chunks, invalid bytes as U+FFFD', async () => {
    // line 1 pads the file so that the 4-byte 😀 of line 2 starts 2 bytes before the 1 MiB chunk boundary;
    // the expected values are the characters written (0xff is no UTF-8 byte: the decoder's replacement character)
    const line1 = Buffer.from(`{"s":"${'a'.repeat(100)}"}\n`);
    const prefix = Buffer.from('{"s":"');
    const padTo = (1 << 20) - 2 - 3 - prefix.length; // 3: the BOM
    const filler = Buffer.from(`{"s":"${'é'.repeat(Math.floor((padTo - line1.length - 9) / 2))}`);
    const pad = Buffer.concat([filler, Buffer.from('b'.repeat(padTo - line1.length - filler.length - 3)), Buffer.from('"}\n')]);
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), line1, pad, prefix, Buffer.from('😀€x'), Buffer.from([0xff]), Buffer.from('"}\n')]);
    expect(body.indexOf(Buffer.from('😀'))).toBe((1 << 20) - 2);
    const file = join(dir, 'utf8.ndjson');
    writeFileSync(file, body);
    const db = new Database();
    await loadFile(db, file, { table: 'U' });
    const rows = await query(db, 'U | extend n = strlen(s) | project-away s | union (U | where s startswith "😀" | project n = -1, s)');
    // strlen counts code points (strlen-function.md): é is one; 😀, €, x and U+FFFD are four
    expect(rows.slice(0, 3).map((r) => r[0])).toEqual([100, pad.toString('utf8').length - 9, 4]);
    expect(rows[3]).toEqual([-1, '😀€x\ufffd']);
  });

  it('draws a progress bar only on a terminal and only after a second', () => {
    const written: string[] = [];
    const fake = (tty: boolean) => ({ isTTY: tty, columns: 80, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
    let t = 0;
    const quiet = progressBar(fake(false), 'f', 100, () => t);
    t = 5000;
    quiet.update(50);
    quiet.done();
    expect(written).toEqual([]);
    t = 0;
    const bar = progressBar(fake(true), 'f', 100, () => t);
    t = 500;
    bar.update(10);
    expect(written).toEqual([]); // under a second: nothing
    t = 1500;
    bar.update(50);
    expect(written[0]).toMatch(/^\rf \[#+\.+\] 50% /);
    bar.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });
});
