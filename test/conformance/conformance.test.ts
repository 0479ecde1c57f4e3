// Runs every documentation case against an empty database and measures how many match the docs.
// Writes out/results.json (per case) and out/summary.md (git-ignored: run output, not source); fails on any crash or on fewer
// passes than baseline.json.
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCase } from '../harness/compare.js';
import { DOCS_CASES_PATH, loadDocsCases, type DocsCase } from '../harness/docs-cases.js';
import { startEngineRunner, type EngineRunner, type Outcome } from '../harness/engine-runner.js';
import { sharedDir } from '../harness/oracle.js';
import { checkRatchet } from '../harness/ratchet.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BASELINE = join(HERE, 'baseline.json');
const KNOWN_FAILURES = join(HERE, 'known-failures.json');
const RESULTS = join(HERE, 'out', 'results.json');
const SUMMARY = join(HERE, 'out', 'summary.md');
/** Per-case limit; a case that needs more is reported as 'timeout'. */
const CASE_TIMEOUT_MS = Number(process.env.KQL_CASE_TIMEOUT_MS ?? 3000);
const EXCLUDED_AREAS = ['Geospatial', 'Graph'];

type Status = 'pass' | 'soft-fail' | 'fail' | 'error' | 'crash' | 'timeout';
const STATUSES: Status[] = ['pass', 'soft-fail', 'fail', 'error', 'crash', 'timeout'];

interface CaseResult {
  id: string;
  area: string;
  status: Status;
  reason?: string;
}

const cases = loadDocsCases();
const started = await startEngineRunner();
const runner: EngineRunner | undefined = 'runner' in started ? started.runner : undefined;
if (!runner) console.log(`conformance: skipped — ${'unavailable' in started ? started.unavailable : ''}`);
if ('note' in started && started.note) console.log(`conformance: ${started.note}`);

afterAll(async () => runner?.close());

describe('documentation conformance cases', () => {
  it('the fixture is a faithful copy of the shared cases', () => {
    expect(cases.length).toBe(682);
    const shared = sharedDir();
    const original = shared && join(shared, 'conformance', 'docs-cases.jsonl');
    if (original && existsSync(original)) expect(readFileSync(DOCS_CASES_PATH, 'utf8')).toBe(readFileSync(original, 'utf8'));
  });

  it.skipIf(!runner)('runs every case: no crashes, passes not below the baseline', { timeout: 600_000 }, async () => {
    const t0 = performance.now();
    const results: CaseResult[] = [];
    for (const c of cases) results.push(classify(c, await runner!.run({ op: 'query', text: c.query }, CASE_TIMEOUT_MS)));
    const seconds = (performance.now() - t0) / 1000;

    // One case per line, in fixture order: a run's diff shows exactly which cases changed.
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, `[\n${results.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
    const summary = summarize(results, runner!.mode);
    writeFileSync(SUMMARY, summary);
    console.log(summary.split('\n## ')[0]);
    console.log(`conformance: ${results.length} cases in ${seconds.toFixed(1)} s`);

    const passes = results.filter((r) => r.status === 'pass').length;
    const { drops, notes } = checkRatchet(BASELINE, { pass: passes });
    for (const n of notes) console.log(`conformance: ${n}`);
    const crashes = results.filter((r) => r.status === 'crash').map((r) => `${r.id}: ${r.reason}`);
    expect(crashes, 'engine crashes (exceptions that are not KqlError)').toEqual([]);
    expect(drops, 'passes below baseline.json').toEqual([]);

    // every failure outside the unimplemented areas is listed with its reason, and only failures are
    const known = JSON.parse(readFileSync(KNOWN_FAILURES, 'utf8')) as { areas: Record<string, string>; cases: Record<string, { kind: string; reason: string }> };
    const unlisted = results
      .filter((r) => r.status !== 'pass' && !(r.area in known.areas) && !(r.id in known.cases))
      .map((r) => `${r.id}: ${r.reason ?? r.status}`);
    const passingNow = Object.keys(known.cases).filter((id) => results.find((r) => r.id === id)?.status === 'pass');
    expect(unlisted, 'failing cases missing from known-failures.json (add each with its reason)').toEqual([]);
    expect(passingNow, 'cases in known-failures.json that pass now (remove them)').toEqual([]);
  });
});

function classify(c: DocsCase, outcome: Outcome): CaseResult {
  const base = { id: c.id, area: c.area };
  switch (outcome.kind) {
    case 'table': {
      const verdict = compareCase(c, { columns: outcome.columns, rows: outcome.rows });
      return verdict.status === 'pass' ? { ...base, status: 'pass' } : { ...base, status: verdict.status, reason: verdict.reason };
    }
    case 'kql-error': {
      const d = outcome.diagnostics[0];
      return { ...base, status: 'error', reason: d ? `${d.code} ${d.message}` : outcome.message };
    }
    case 'crash':
      return { ...base, status: 'crash', reason: `${outcome.name}: ${outcome.message}${topFrame(outcome.stack)}` };
    case 'timeout':
      return { ...base, status: 'timeout', reason: `no result within ${outcome.ms} ms` };
    case 'analysis':
      return { ...base, status: 'crash', reason: 'runner returned an analysis for a query' };
  }
}

/** The first stack frame inside the repository, as ` (at src/…:line)`. */
function topFrame(stack: string | undefined): string {
  const frame = stack?.split('\n').find((l) => l.includes('/src/') || l.includes('/grammar/'));
  const m = frame && /((?:src|grammar)\/[^\s):]+:\d+)/.exec(frame);
  return m ? ` (at ${m[1]})` : '';
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

function summarize(results: CaseResult[], mode: string): string {
  const count = (rs: CaseResult[], s: Status) => rs.filter((r) => r.status === s).length;
  const line = (label: string, rs: CaseResult[]) =>
    `| ${label} | ${rs.length} | ${STATUSES.map((s) => count(rs, s)).join(' | ')} | ${pct(count(rs, 'pass'), rs.length)} |`;
  const areas = [...new Set(results.map((r) => r.area))].sort();
  const kept = results.filter((r) => !EXCLUDED_AREAS.includes(r.area));
  const out: string[] = [
    '# Conformance summary',
    '',
    'Written by `test/conformance/conformance.test.ts` on every run; do not edit. Per-case results: `out/results.json`.',
    '',
    `- **Pass: ${count(results, 'pass')} / ${results.length} (${pct(count(results, 'pass'), results.length)})**`,
    `- Excluding ${EXCLUDED_AREAS.join(' and ')}: ${count(kept, 'pass')} / ${kept.length} (${pct(count(kept, 'pass'), kept.length)})`,
    `- ${STATUSES.slice(1).map((s) => `${s}: ${count(results, s)}`).join(', ')}`,
    `- Runner: ${mode}; per-case limit ${CASE_TIMEOUT_MS} ms`,
    '',
    `| Area | Cases | ${STATUSES.join(' | ')} | Pass rate |`,
    `|---|---:|${STATUSES.map(() => '---:').join('|')}|---:|`,
    ...areas.map((a) => line(a, results.filter((r) => r.area === a))),
    line('**All**', results),
    line(`**All but ${EXCLUDED_AREAS.join(', ')}**`, kept),
    '',
  ];

  const crashes = results.filter((r) => r.status === 'crash' || r.status === 'timeout');
  if (crashes.length > 0) {
    out.push('## Crashes and timeouts', '', ...crashes.map((r) => `- \`${r.id}\` ${r.status}: ${r.reason}`), '');
  }

  const errors = new Map<string, string[]>();
  for (const r of results.filter((x) => x.status === 'error')) {
    const key = r.reason ?? '';
    errors.set(key, [...(errors.get(key) ?? []), r.id]);
  }
  const grouped = [...errors.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  out.push('## Errors (KqlError), most frequent first', '', '| Cases | Diagnostic | Example |', '|---:|---|---|',
    ...grouped.map(([reason, ids]) => `| ${ids.length} | ${cell(reason)} | \`${ids[0]}\` |`), '');

  const fails = results.filter((r) => r.status === 'fail' || r.status === 'soft-fail');
  out.push('## Failures (wrong results)', '', ...fails.map((r) => `- \`${r.id}\`${r.status === 'soft-fail' ? ' (soft)' : ''}: ${cell(r.reason ?? '')}`), '');
  return out.join('\n');
}

function cell(text: string, max = 220): string {
  const t = text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
