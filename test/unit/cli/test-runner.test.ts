// kql test's pieces: expect.yaml parsing, snapshots and their diff, JUnit XML; and runCli('test') over
// scratch directories. Expected texts are written by hand from the formats' rules.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/main.js';
import { diffSnapshots, snapshotText, toSnapshot } from '../../../src/cli/snapshot.js';
import { junitXml, parseExpectations } from '../../../src/cli/test-runner.js';

async function kql(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readFile: (p) => readFileSync(p, 'utf8') });
  return { code, stdout, stderr };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kql-test-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('expect.yaml', () => {
  it('reads fires, rows (number or comparison), contains (one or a list), columns, now, snapshot', () => {
    expect(parseExpectations('e.yaml', 'fires: true\nrows: ">= 2"\ncontains: { A: x }\ncolumns: [A, B]\nnow: 2026-01-01T00:00:00Z\nsnapshot: false\n')).toEqual({
      fires: true, rows: { op: '>=', n: 2 }, contains: [{ A: 'x' }], columns: ['A', 'B'], now: '2026-01-01T00:00:00Z', snapshot: false,
    });
    expect(parseExpectations('e.yaml', 'rows: 0\ncontains:\n  - { A: 1 }\n  - { B: true }\n')).toEqual({ rows: { op: '==', n: 0 }, contains: [{ A: 1 }, { B: true }] });
    expect(parseExpectations('e.yaml', '')).toEqual({ contains: [] });
  });

  it('refuses unknown keys (a typo must not silently disable a check) and malformed values', () => {
    expect(() => parseExpectations('e.yaml', 'fire: true\n')).toThrow(/^e\.yaml: unknown expectation 'fire'/);
    expect(() => parseExpectations('e.yaml', 'rows: some\n')).toThrow(/'rows' must be a number or a comparison/);
    expect(() => parseExpectations('e.yaml', 'fires: yes please\n')).toThrow(/'fires' must be true or false/);
    expect(() => parseExpectations('e.yaml', 'contains: [1]\n')).toThrow(/'contains' must be a mapping/);
    expect(() => parseExpectations('e.yaml', 'rows: [\n')).toThrow(/not valid YAML/);
  });
});

describe('snapshots', () => {
  const result = (rows: unknown[][]) => ({ columns: [{ name: 'User', type: 'string' as const }, { name: 'N', type: 'long' as const }], rows });

  it('are stable: keys sorted, rows sorted, one per line', () => {
    expect(snapshotText(toSnapshot(result([['b', 2], ['a', 1]])))).toBe(
      '{\n  "columns": [\n    {"name":"User","type":"string"},\n    {"name":"N","type":"long"}\n  ],\n  "rows": [\n    {"N":1,"User":"a"},\n    {"N":2,"User":"b"}\n  ]\n}\n',
    );
  });

  it('diff: nothing when equal in any row order; changed rows paired with the columns that differ', () => {
    expect(diffSnapshots(toSnapshot(result([['a', 1], ['b', 2]])), toSnapshot(result([['b', 2], ['a', 1]])))).toEqual([]);
    expect(diffSnapshots(toSnapshot(result([['a', 1], ['b', 2]])), toSnapshot(result([['a', 1], ['b', 3], ['c', 9]])))).toEqual([
      'rows differ: expected 2, got 3 (- expected only, + actual only)',
      '  - {"N":2,"User":"b"}',
      '  + {"N":3,"User":"b"}',
      '    changed: N: 2 → 3',
      '  + {"N":9,"User":"c"}',
    ]);
  });

  it('diff names a renamed column', () => {
    const renamed = { columns: [{ name: 'Account', type: 'string' as const }, { name: 'N', type: 'long' as const }], rows: [['a', 1]] };
    const lines = diffSnapshots(toSnapshot(result([['a', 1]])), toSnapshot(renamed));
    expect(lines.slice(0, 5)).toEqual(['columns differ:', '  expected: User:string, N:long', '  actual:   Account:string, N:long', '  missing: User', '  unexpected: Account']);
  });
});

describe('JUnit XML', () => {
  it('has one suite per query file, failures and errors, and escapes text', () => {
    const xml = junitXml([
      { file: '/r/a.kql', title: 'a', scenario: 'fires', status: 'passed', details: [], ms: 12 },
      { file: '/r/a.kql', title: 'a', scenario: 'benign', status: 'failed', details: ['expected <0> rows & "none"', 'more'], ms: 3 },
      { file: '/r/b.yaml', title: 'b', scenario: 'x', status: 'query error', details: ['error \x1b[1mKQL0201'], ms: 1 },
    ], '/r');
    expect(xml).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="kql test" tests="3" failures="1" errors="1" time="0.016">',
      '  <testsuite name="a.kql" tests="2" failures="1" errors="0" time="0.015">',
      '    <testcase classname="a.kql" name="fires" time="0.012"/>',
      '    <testcase classname="a.kql" name="benign" time="0.003">',
      '      <failure type="failed" message="expected &lt;0&gt; rows &amp; &quot;none&quot;">expected &lt;0&gt; rows &amp; &quot;none&quot;\nmore</failure>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="b.yaml" tests="1" failures="0" errors="1" time="0.001">',
      '    <testcase classname="b.yaml" name="x" time="0.001">',
      '      <error type="query error" message="error [1mKQL0201">error [1mKQL0201</error>',
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'));
  });
});

describe('kql test (in-process)', () => {
  const T = '{"Time":"2026-01-01T10:00:00Z","User":"alice","N":3}\n{"Time":"2026-01-01T11:00:00Z","User":"bob","N":1}\n';

  it('runs .kql scenarios with row counts, contains and --now; exit 0 / 4', async () => {
    const dir = tree({
      'q.kql': 'Logs | where Time between (ago(1h) .. now()) | project User, N',
      'q/recent/Logs.ndjson': T,
      'q/recent/expect.yaml': 'rows: 1\ncontains: { User: bob }\n',
      'q/none/Logs.ndjson': T,
      'q/none/expect.yaml': 'now: 2026-02-01T00:00:00Z\nrows: 0\n',
    });
    // at 11:30, only bob's 11:00 row is within the hour
    const ok = await kql(['test', dir, '--now', '2026-01-01T11:30:00Z']);
    expect(ok.stdout).toMatch(/ok {3}.*q\.kql › none \(0 rows\)\nok {3}.*q\.kql › recent \(1 row\)\n\n2 passed \(2 scenarios in 1 query\)\n$/);
    expect(ok.code).toBe(EXIT.ok);
    // at 10:30, only alice's
    const bad = await kql(['test', dir, '--now', '2026-01-01T10:30:00Z']);
    expect(bad.code).toBe(EXIT.testFailed);
    expect(bad.stdout).toMatch(/FAIL .*q\.kql › recent\n {6}expected a row with User containing "bob"; none of the 1 row has it/);
  });

  it('expect.yaml externaldata: a published IOC list URL answered by a file of the scenario (not loaded as a table)', async () => {
    const dir = tree({
      'ioc.kql': 'let bad = externaldata (User:string) [@"https://example.com/iocs.csv"] with (format="csv");\nLogs | where User in (bad) | project User',
      'ioc/hit/Logs.ndjson': T,
      'ioc/hit/iocs.csv': 'bob\n',
      'ioc/hit/expect.yaml': 'externaldata: { "https://example.com/iocs.csv": iocs.csv }\nrows: 1\ncontains: { User: bob }\n',
      'ioc/unanswered/Logs.ndjson': T,
      'ioc/unanswered/expect.yaml': 'rows: 0\n',
    });
    const r = await kql(['test', dir, '--now', '2026-01-01T11:30:00Z']);
    // hand: the list names bob, one of the two users; the second scenario gives no text for the URL
    expect(r.stdout).toMatch(/ok {3}.*ioc\.kql › hit \(1 row\)/);
    expect(r.stdout).toMatch(/ERR {2}.*ioc\.kql › unanswered — query error\n.*no externaldata entry for it\n.*ioc\.kql:1:39\n/);
    expect(() => parseExpectations('e.yaml', 'externaldata: [a]\n')).toThrow(/'externaldata' must be a mapping \{ URL: file \}/);
    expect(() => parseExpectations('e.yaml', 'externaldata: { iocs.txt: x }\n')).toThrow(/'externaldata' must be a mapping/);
  });

  it('a Sentinel rule YAML honours its trigger threshold; a query without fixtures is checked only', async () => {
    const dir = tree({
      'rule.yaml': 'name: Many rows\ntriggerOperator: gt\ntriggerThreshold: 1\nquery: |\n  Logs\n  | project User\n',
      'rule/one/Logs.ndjson': T.split('\n')[0] + '\n',
      'rule/one/expect.yaml': 'fires: false\n',
      'rule/two/Logs.ndjson': T,
      'rule/two/expect.yaml': 'fires: true\n',
      'hunt.kql': 'SigninLogs | take 1',
      'notes.yaml': 'title: not a query\n',
    });
    const r = await kql(['test', dir]);
    expect(r.stdout).toMatch(/ok {3}.*hunt\.kql › \(check only: no fixtures\)\n/);
    expect(r.stdout).toMatch(/3 passed \(3 scenarios in 2 queries\)/);
    expect(r.code).toBe(EXIT.ok);
  });

  it('with no expectations a scenario fails, and --update writes a snapshot instead', async () => {
    const dir = tree({ 'q.kql': 'Logs | summarize sum(N)', 'q/Logs.ndjson': T });
    const r = await kql(['test', dir]);
    expect(r.code).toBe(EXIT.testFailed);
    expect(r.stdout).toMatch(/no expectations: add .*expect\.yaml .* or write a snapshot with --update/);
    expect((await kql(['test', dir, '--update'])).code).toBe(EXIT.ok);
    // 3 + 1
    expect(JSON.parse(readFileSync(join(dir, 'q.expected.json'), 'utf8')).rows).toEqual([{ sum_N: 4 }]);
    expect((await kql(['test', dir])).code).toBe(EXIT.ok);
  });

  it('usage: unknown paths, no queries, --help', async () => {
    expect((await kql(['test', '/no/such/dir'])).code).toBe(EXIT.usage);
    const empty = tree({ 'readme.txt': 'x' });
    expect((await kql(['test', empty])).stderr).toMatch(/no queries/);
    const help = await kql(['test', '--help']);
    expect(help.stdout).toMatch(/^kql test — /);
    expect(help.stdout).toMatch(/Examples:\n {2}kql test examples\/detections/);
  });
});
