// runCli in-process with fake I/O, and one spawned `kql --help`. Needs the engine (src/index.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/main.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DLP_QUERY = readFileSync(resolve(ROOT, 'examples/dlp-investigation.kql'), 'utf8');

/** Runs the CLI over an in-memory file system. */
async function kql(argv: string[], files: Record<string, string> = {}, width?: number) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    width,
  });
  return { code, stdout, stderr };
}

const LOGS = [
  { Time: '2025-12-31T08:00:00Z', User: 'alice', Bytes: 10 },
  { Time: '2025-12-31T09:00:00Z', User: 'bob', Bytes: 25 },
  { Time: '2025-12-31T10:00:00Z', User: 'bob', Bytes: 5 },
].map((r) => JSON.stringify(r)).join('\n');

describe('kql help and usage', () => {
  it('prints help with examples, exit 0', async () => {
    for (const argv of [['--help'], ['help'], ['run', '--help'], ['check', '-h']]) {
      const r = await kql(argv);
      expect(r.code, argv.join(' ')).toBe(EXIT.ok);
      expect(r.stdout).toMatch(/Usage:/);
      expect(r.stdout).toMatch(/Examples:\n {2}kql /);
    }
    expect((await kql(['run', '--help'])).stdout).toMatch(/--table Name=PATH/);
  });

  it('exits 2 on usage errors, saying what is wrong', async () => {
    const none = await kql([]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/^kql: missing command/);
    const bad = await kql(['run', 'q.kql', '--formt', 'json']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/unknown option '--formt'[\s\S]*kql run --help/);
    const missing = await kql(['run', 'nope.kql']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toBe("kql: cannot read query file 'nope.kql': no such file\n");
    const now = await kql(['run', 'q.kql', '--now', 'yesterday-ish'], { 'q.kql': 'print 1' });
    expect(now.code).toBe(EXIT.usage);
    expect(now.stderr).toMatch(/^kql: --now: /);
  });
});

describe('kql data errors', () => {
  it('exits 3 naming the file (and line) of a bad table file', async () => {
    const q = { 'q.kql': 'Logs | count' };
    const missing = await kql(['run', 'q.kql', '--table', 'Logs=logs.ndjson'], q);
    expect(missing.code).toBe(EXIT.dataError);
    expect(missing.stderr).toMatch(/^kql: logs\.ndjson: cannot read the data file: no such file/);
    const bad = await kql(['run', 'q.kql', '--table', 'Logs=logs.ndjson'], { ...q, 'logs.ndjson': '{"a":1}\n{"a":\n' });
    expect(bad.code).toBe(EXIT.dataError);
    expect(bad.stderr).toMatch(/^kql: logs\.ndjson:2:6: not valid JSON \(Unexpected end of JSON input\)/); // line 2 is `{"a":`
  });

  it('exits 3 when a value does not fit the built-in schema, pointing at its line', async () => {
    const rows = `\n{"Timestamp":"2025-12-31T00:00:00Z","ActionType":"FileAccessed"}\n\n{"Timestamp":"not a date"}\n`;
    const r = await kql(['run', 'q.kql', '--table', 'CloudAppEvents=e.ndjson'], { 'q.kql': 'CloudAppEvents | count', 'e.ndjson': rows });
    expect(r.code).toBe(EXIT.dataError);
    expect(r.stderr).toMatch(/^kql: e\.ndjson:4: .*Timestamp/);
  });
});

describe('kql run', () => {
  it('runs the DLP investigation over the demo data as a table', async () => {
    const r = await kql(['run', 'dlp.kql', '--demo'], { 'dlp.kql': DLP_QUERY }, 200);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Timestamp +AlertName +AccountDisplayName +ActionType +ObjectName +correlationId$/);
    expect(lines[1]).toMatch(/^-+ +-+/);
    expect(lines).toHaveLength(2 + 20 + 1);
    expect(lines.at(-1)).toBe('(20 rows)');
    expect(lines[2]).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z +DLP policy match for /);
  });

  it('prints Kusto JSON with --format json, newest first, every row inside its alert window', async () => {
    const r = await kql(['run', 'dlp.kql', '--demo', '--format', 'json'], { 'dlp.kql': DLP_QUERY });
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as { columns: { name: string; type: string }[]; rows: unknown[][] };
    expect(json.columns).toEqual([
      { name: 'Timestamp', type: 'datetime' }, { name: 'AlertName', type: 'string' },
      { name: 'AccountDisplayName', type: 'string' }, { name: 'ActionType', type: 'string' },
      { name: 'ObjectName', type: 'string' }, { name: 'correlationId', type: 'string' },
    ]);
    expect(json.rows).toHaveLength(20);
    const times = json.rows.map((row) => Date.parse(row[0] as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const row of json.rows) {
      expect(row[3]).toMatch(/^Alert(Triggered|Updated)$/);
      expect(row[5]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('loads NDJSON tables with inferred types and honours --now', async () => {
    const q = 'Logs | where Time > ago(1d) | summarize Total = sum(Bytes) by User | order by User asc';
    const r = await kql(['run', 'q.kql', '--table', 'Logs=logs.ndjson', '--now', '2026-01-01T00:00:00Z', '--format', 'json'],
      { 'q.kql': q, 'logs.ndjson': LOGS });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).rows).toEqual([['alice', 10], ['bob', 30]]);
    const later = await kql(['run', 'q.kql', '--table', 'Logs=logs.ndjson', '--now', '2026-02-01T00:00:00Z'],
      { 'q.kql': q, 'logs.ndjson': LOGS });
    expect(later.stdout).toMatch(/\(0 rows\)\n$/);
  });

  it('exits 1 on a query error, drawing the caret under it', async () => {
    const r = await kql(['run', 'q.kql', '--demo'], { 'q.kql': 'CloudAppEvents\n| where ActionTyp == "FileDownloaded"' });
    expect(r.code).toBe(EXIT.queryError);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/KQL0201/);
    expect(r.stderr).toMatch(/ActionTyp/);
    expect(r.stderr).toMatch(/\^/);
  });
});

describe('kql check', () => {
  it('knows the built-in tables without data', async () => {
    const r = await kql(['check', 'dlp.kql'], { 'dlp.kql': DLP_QUERY });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^ok: 6 columns \(Timestamp:datetime, AlertName:string, /);
  });

  it('prints every diagnostic and exits 1 on errors', async () => {
    const r = await kql(['check', 'q.kql'], { 'q.kql': 'CloudAppEvents\n| where ActionTyp == 1\n| project Nope' });
    expect(r.code).toBe(EXIT.queryError);
    expect(r.stdout).toMatch(/KQL0201/);
    expect(r.stdout).toMatch(/\d+ errors?\n$/);
  });
});

describe('the kql binary', () => {
  it('prints help when spawned (npx tsx src/cli/main.ts --help)', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/main.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/^kql — run KQL/);
    expect(out).toMatch(/kql run FILE\.kql/);
  });
});

describe('kql run --data and output formats', () => {
  it('names a --data table after its file, types CSV, and writes csv / ndjson / markdown', async () => {
    const files = { 'q.kql': 'Logs | summarize Bytes = sum(Bytes) by User | order by User asc', 'fixtures/Logs.csv': 'Time,User,Bytes\n2025-12-31T08:00:00Z,alice,10\n2025-12-31T09:00:00Z,"bob, jr",25\n' };
    const csv = await kql(['run', 'q.kql', '--data', 'fixtures/Logs.csv', '--format', 'csv'], files);
    expect(csv.stderr).toBe('');
    expect(csv.stdout).toBe('User,Bytes\r\nalice,10\r\n"bob, jr",25\r\n');
    expect((await kql(['run', 'q.kql', '-d', 'fixtures/Logs.csv', '-f', 'ndjson'], files)).stdout).toBe('{"User":"alice","Bytes":10}\n{"User":"bob, jr","Bytes":25}\n');
    expect((await kql(['run', 'q.kql', '-d', 'fixtures/Logs.csv', '-f', 'markdown'], files)).stdout).toBe('| User | Bytes |\n| --- | ---: |\n| alice | 10 |\n| bob, jr | 25 |\n');
  });

  it('takes column types from --schema, and a bad schema file is a data error', async () => {
    const files = { 'q.kql': 'Logs | project User, t = gettype(Bytes)', 'Logs.csv': 'User,Bytes\nalice,10\n', 's.json': '{"Logs": {"User": "string", "Bytes": "real"}}', 'bad.json': '{"Logs": 3}' };
    expect((await kql(['run', 'q.kql', '-d', 'Logs.csv', '--schema', 's.json', '-f', 'csv'], files)).stdout).toBe('User,t\r\nalice,real\r\n');
    const bad = await kql(['run', 'q.kql', '-d', 'Logs.csv', '--schema', 'bad.json'], files);
    expect(bad.code).toBe(EXIT.dataError);
    expect(bad.stderr).toMatch(/^kql: bad\.json: table 'Logs': expected/);
  });
});

describe('help', () => {
  it('every command has --help with examples', async () => {
    for (const command of ['run', 'check', 'test', 'functions']) {
      const r = await kql([command, '--help']);
      expect(r.code, command).toBe(EXIT.ok);
      expect(r.stdout, command).toMatch(new RegExp(`^kql ${command} — `));
      expect(r.stdout, command).toMatch(/\nExamples:\n {2}kql /);
    }
  });
});

describe('kql run --external', () => {
  const Q = `let iocs = externaldata (Domain:string) [@"https://raw.example.com/lists/domains.txt"] with (format="txt");
datatable(Url:string)["http://evil.example/x", "http://good.example/"]
| where Url has_any (iocs)`;

  it('answers an externaldata URL from a local file (no network); without it the URL is a query error at its position', async () => {
    const files = { 'q.kql': Q, 'fixtures/domains.txt': 'evil.example\n' };
    const ok = await kql(['run', 'q.kql', '--external', 'https://raw.example.com/lists/domains.txt=fixtures/domains.txt', '--format', 'json'], files);
    expect(ok.code).toBe(EXIT.ok);
    // hand: only the first URL has a listed domain
    expect(JSON.parse(ok.stdout).rows).toEqual([['http://evil.example/x']]);
    const refused = await kql(['run', 'q.kql'], files);
    expect(refused.code).toBe(EXIT.queryError);
    expect(refused.stderr).toMatch(/KQL0401: externaldata: 'https:\/\/raw\.example\.com\/lists\/domains\.txt' is a URL; this engine makes no network requests/);
    expect(refused.stderr).toMatch(/--> 1:42/);
    const other = await kql(['run', 'q.kql', '--external', 'https://raw.example.com/other.txt=fixtures/domains.txt'], files);
    expect(other.code).toBe(EXIT.queryError);
    expect(other.stderr).toMatch(/no --external gives this URL/);
  });
});
