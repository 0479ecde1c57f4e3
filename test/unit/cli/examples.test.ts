// The runnable examples (examples/*.ts) run as they would for a reader: spawned through tsx.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = (file: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });

describe('examples', () => {
  it('embed.ts prints the columns and rows of its query', () => {
    const out = run('examples/embed.ts');
    expect(out).toContain("{ name: 'User', type: 'string' }");
    expect(out).toContain("[ [ 'bob', 2 ] ]");
  });

  it('demo.ts finds DLP alert events and prints them as a table', () => {
    const lines = run('examples/demo.ts').split('\n');
    expect(lines[0]).toMatch(/^DLP investigation: scanned 20,000 CloudAppEvents and 500 SecurityAlert rows; [\d,]+ events matched an alert \(showing the 20 latest\); data \d+ ms, queries \d+ ms$/);
    expect(lines[2]).toMatch(/^Timestamp +AlertName +AccountDisplayName +ActionType +ObjectName +correlationId/);
    expect(lines.filter((l) => /^20\d\d-/.test(l))).toHaveLength(20);
  });
});
