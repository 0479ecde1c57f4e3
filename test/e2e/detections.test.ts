// Detection-as-code end to end: spawns the real `kql` CLI on examples/detections, then on copies of it
// with one thing broken, and checks that the failure names the cause (issue 5, "Done when").
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DETECTIONS = join(ROOT, 'examples/detections');

/** Runs `kql ...args` as a child process (tsx on the sources) from the repository root. */
function kql(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch copy of the example suite to break. */
function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kql-detections-')), 'detections');
  cpSync(DETECTIONS, dir, { recursive: true });
  return dir;
}

function edit(file: string, from: string, to: string) {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.split(from).join(to));
}

describe('kql test examples/detections', () => {
  it('passes: three detections, each with a scenario that fires and one that must not', () => {
    const r = kql('test', 'examples/detections');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 3 queries × (fires, benign)
    expect(r.stdout).toMatch(/^6 passed \(6 scenarios in 3 queries\)$/m);
    for (const s of ['dlp-alert-correlation.yaml › fires', 'suspicious-inbox-rule.yaml › benign', 'sharepoint-mass-download.kql › fires']) {
      expect(r.stdout).toContain(`ok   examples/detections/${s}`);
    }
  });

  it('a renamed column in a rule\'s query is a query error (exit 1) pointing at the line in the YAML file', () => {
    const dir = copy();
    const rule = join(dir, 'suspicious-inbox-rule.yaml');
    edit(rule, 'split(ClientIP, ":")', 'split(ClientIPAddr, ":")');
    const r = kql('test', dir);
    expect(r.code).toBe(1);
    // the query's line `| extend ClientIPAddress = tostring(split(ClientIPAddr, ":")[0])`
    const line = readFileSync(rule, 'utf8').split('\n').findIndex((l) => l.includes('ClientIPAddr,')) + 1;
    expect(r.stdout).toMatch(/ERR  .*suspicious-inbox-rule\.yaml › fires — query error/);
    expect(r.stdout).toContain(`--> ${rule}:${line}:`);
    expect(r.stdout).toMatch(/ClientIPAddr/);
    expect(r.stdout).toMatch(/\^{12}/); // the caret under the unknown name
    expect(r.stdout).toMatch(/^4 passed, 2 query errors/m);
  });

  it('a fixture that no longer fires fails its expectation (exit 4), naming the scenario and the trigger', () => {
    const dir = copy();
    edit(join(dir, 'suspicious-inbox-rule/fires/OfficeActivity.json'), '"RSS Subscriptions"', '"Finance"');
    const r = kql('test', dir, '--reporter', 'junit', '--output', join(dir, 'junit.xml'));
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/FAIL .*suspicious-inbox-rule\.yaml › fires\n\s+expected the analytics rule to fire, but it returned 0 rows \(it fires when the row count > 0\)/);
    expect(r.stdout).toMatch(/expected row count == 1, got 0/);
    expect(r.stdout).toMatch(/^5 passed, 1 failed/m);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="kql test" tests="6" failures="1" errors="0"/);
    expect(xml).toMatch(/<testcase classname="[^"]*suspicious-inbox-rule\.yaml" name="fires" time="[\d.]+">\s*<failure type="failed" message="expected the analytics rule to fire/);
  });

  it('--update writes snapshots; a changed answer then fails with a row-level diff', () => {
    const dir = copy();
    rmSync(join(dir, 'sharepoint-mass-download/fires.expected.json'));
    const missing = kql('test', dir);
    expect(missing.code).toBe(4);
    expect(missing.stdout).toMatch(/fires\.expected\.json does not exist yet: write it with --update/);
    const u = kql('test', dir, '--update');
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/sharepoint-mass-download\.kql › fires \(1 row\) — snapshot written/);
    const snap = JSON.parse(readFileSync(join(dir, 'sharepoint-mass-download/fires.expected.json'), 'utf8'));
    // worked out from the fixture by hand: 24 files 10:00:00–10:11:30 in the 10:00 window
    expect(snap.rows).toEqual([{
      AccountObjectId: 'a1b2c3d4-0001-4000-8000-000000000001', AccountDisplayName: 'Adele.Vance', Window: '2026-01-15T10:00:00Z',
      Files: 24, FirstSeen: '2026-01-15T10:00:00Z', LastSeen: '2026-01-15T10:11:30Z', IPs: ['203.0.113.50'],
    }]);
    edit(join(dir, 'dlp-alert-correlation/fires/CloudAppEvents.json'), '"UserId": "megan@contoso.com"', '"UserId": "megan.b@contoso.com"');
    const r = kql('test', dir);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/dlp-alert-correlation\.yaml › fires\n/);
    expect(r.stdout).toMatch(/contains UserId containing "megan@contoso.com"|a row with .*UserId containing "megan@contoso.com"/);
    expect(r.stdout).toMatch(/- \{.*"UserId":"megan@contoso.com"\}\n\s+\+ \{.*"UserId":"megan.b@contoso.com"\}\n\s+changed: UserId: "megan@contoso.com" → "megan.b@contoso.com"/);
  });

  it('a malformed fixture line is a data error (exit 3) naming file, line and column', () => {
    const dir = copy();
    const file = join(dir, 'sharepoint-mass-download/benign/CloudAppEvents.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[4] = lines[4]!.slice(0, -1); // drop the closing brace of line 5
    writeFileSync(file, lines.join('\n'));
    const r = kql('test', dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${file}:5:`);
    expect(r.stdout).toMatch(/not valid JSON/);
  });
});
