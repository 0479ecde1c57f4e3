// `npm run bench`: our engine against its peers on the workloads of issue 4, each engine at each size in a
// fresh process; every peer's answer is checked against our engine's before its time counts.
// Flags: see bench/README.md or `npm run bench -- --help`.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ENGINES, FALLBACK_REFERENCE, REFERENCE_ENGINE } from './lib/engines.js';
import { WORKLOAD_IDS, WORKLOADS, BENCH_ALERTS, BENCH_NOW, BENCH_SEED, type WorkloadId } from './lib/workloads.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const RESULTS = join(BENCH, 'results');

// ───────────────────────────── flags ─────────────────────────────

interface Options {
  sizes: number[];
  reps: number;
  budgetSec: number;
  engines: string[];
  workloads: WorkloadId[];
  parseBind: boolean;
  keepRows: boolean;
  out: string | null;
  render: string | null;
}

const HELP = `npm run bench -- [flags]
  --sizes 100k,1m       CloudAppEvents sizes (k/m suffixes; 4m is opt-in); SecurityAlert is always ${BENCH_ALERTS} rows
  --reps 5              timed repetitions after one warm-up run
  --budget 600          seconds one engine may spend on one size (load + all workloads); past it: "skipped"
  --engines a,b         subset of: ${ENGINES.map((e) => e.name).join(', ')}
  --workloads a,b       subset of: ${WORKLOAD_IDS.join(', ')}, parse-bind
  --no-parse-bind       skip workload 8 (parse + bind latency)
  --keep-rows           keep each result's canonical rows under bench/results/rows/
  --out FILE            also write the JSON report to FILE (default: only bench/results/latest.json + dated copy)
  --render FILE         run nothing: print the table of a saved JSON report again (and store it in the file)`;

class UsageError extends Error {}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new UsageError(`--sizes: '${s}' is not a size like 100k or 1m`);
  const mult = m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(Number(m[1]) * mult);
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizes: [100_000, 1_000_000], reps: 5, budgetSec: 600, engines: ENGINES.map((e) => e.name),
    workloads: [...WORKLOAD_IDS], parseBind: true, keepRows: false, out: null, render: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const v = () => inline ?? value();
    switch (flag) {
      case '--help': case '-h': process.stdout.write(`${HELP}\n`); process.exit(0); break;
      case '--sizes': o.sizes = v().split(',').map(parseSize); break;
      case '--reps': {
        o.reps = Number.parseInt(v(), 10);
        if (!(o.reps >= 1)) throw new UsageError('--reps must be a whole number ≥ 1');
        break;
      }
      case '--budget': o.budgetSec = Number(v()); break;
      case '--engines': {
        o.engines = v().split(',');
        for (const e of o.engines) if (!ENGINES.some((x) => x.name === e)) throw new UsageError(`--engines: unknown engine '${e}'`);
        break;
      }
      case '--workloads': {
        const ws = v().split(',');
        o.parseBind = ws.includes('parse-bind');
        o.workloads = ws.filter((w) => w !== 'parse-bind') as WorkloadId[];
        for (const w of o.workloads) if (!WORKLOAD_IDS.includes(w)) throw new UsageError(`--workloads: unknown workload '${w}'`);
        break;
      }
      case '--no-parse-bind': o.parseBind = false; break;
      case '--keep-rows': o.keepRows = true; break;
      case '--out': o.out = v(); break;
      case '--render': o.render = v(); break;
      default: throw new UsageError(`unknown flag ${a}\n${HELP}`);
    }
  }
  if (!Number.isFinite(o.budgetSec) || o.budgetSec <= 0) throw new UsageError('--budget must be a positive number of seconds');
  return o;
}

// ───────────────────────────── setup ─────────────────────────────

const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Installs bench/package.json's peers (never the library's dependencies) when they are missing. */
function ensureDependencies(): void {
  const needed = ['@duckdb/node-api', 'arquero', 'alasql'];
  if (needed.every((p) => existsSync(join(BENCH, 'node_modules', p, 'package.json')))) return;
  log('bench: installing the peers (npm ci in bench/) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error('bench: `npm ci` in bench/ failed (see above)');
}

/** Builds the library (tsup): our engine is measured as users get it, from dist/ (see peers/kql-engine.ts). */
function buildLibrary(): void {
  log('bench: building the library (npm run build) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 2] });
  if (r.status !== 0) throw new Error('bench: `npm run build` failed (see above)');
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function machineFacts() {
  const cpus = os.cpus();
  let duckdb = '';
  try {
    duckdb = (JSON.parse(readFileSync(join(BENCH, 'node_modules/@duckdb/node-api/package.json'), 'utf8')) as { version: string }).version;
  } catch { /* not installed */ }
  const version = (p: string) => {
    try {
      return (JSON.parse(readFileSync(join(BENCH, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return '';
    }
  };
  return {
    cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    node: process.version, platform: `${os.platform()} ${os.release()}`,
    commit: git(['rev-parse', '--short', 'HEAD']), uncommittedChanges: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
    peers: { '@duckdb/node-api': duckdb, arquero: version('arquero'), alasql: version('alasql'), '@uwdata/flechette': version('@uwdata/flechette') },
  };
}

// ───────────────────────────── children ─────────────────────────────

type Status = 'ok' | 'WRONG' | 'n/a' | 'skipped' | 'error';

interface Measurement {
  workload: WorkloadId;
  size: number;
  engine: string;
  status: Status;
  reason?: string;
  note?: string;
  loadMs?: number;
  coldMs?: number;
  timesMs?: number[];
  cpuMs?: number[];
  medianMs?: number;
  minMs?: number;
  maxMs?: number;
  medianCpuMs?: number;
  rowsPerSec?: number;
  ratio?: number;
  peakRssMb?: number;
  resultRows?: number;
  columns?: string[];
  digest?: string;
  sample?: string[];
  reference?: string;
}

interface EngineRun {
  engine: string;
  size: number;
  generateMs?: number;
  sourceHeapMb?: number;
  /** the child's RSS before it generated the rows (Node and the bench's modules) */
  baseRssMb?: number;
  loadMs?: number;
  loadCpuMs?: number;
  rssAfterLoadMb?: number;
  peakRssMb?: number;
  wallMs: number;
  describe?: string;
  failure?: string;
}

type ChildRecord = Record<string, unknown> & { type: string };

function readRecords(file: string): ChildRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((l) => {
    try {
      return [JSON.parse(l) as ChildRecord];
    } catch {
      return [];
    }
  });
}

/** Runs a bench script in a fresh Node process; resolves when it exits or is killed at `timeoutMs`. */
function runChild(script: string, args: string[], timeoutMs: number): Promise<{ code: number | null; timedOut: boolean; stderrTail: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--max-old-space-size=16000', '--expose-gc', '--import', 'tsx', script, ...args], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' },
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, timedOut, stderrTail: tail });
    });
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** How long past its budget a child may run before it is killed (it stops starting workloads at the budget). */
const graceMs = (budgetMs: number) => Math.min(120_000, budgetMs);

async function runEngine(engine: string, size: number, o: Options, rowsDir: string): Promise<{ run: EngineRun; rows: Measurement[] }> {
  const budgetMs = o.budgetSec * 1000;
  const t0 = performance.now();
  const run: EngineRun = { engine, size, wallMs: 0 };
  const rows: Measurement[] = [];
  let pending = [...o.workloads];
  let restartNote: string | undefined;
  let lastStage: 'start' | 'generated' | 'loaded' = 'start';
  for (let attempt = 1; pending.length; attempt++) {
    const remainingMs = budgetMs - (performance.now() - t0);
    if (remainingMs <= 0) break;
    const out = join(rowsDir, `${engine}.${attempt}.jsonl`);
    rmSync(out, { force: true });
    log(`  ${engine} @ ${size.toLocaleString('en-US')} events${attempt > 1 ? ` (restarted for ${pending.join(', ')})` : ''}`);
    const res = await runChild(join(BENCH, 'lib/child.ts'), [
      '--engine', engine, '--size', String(size), '--reps', String(o.reps), '--budget-ms', String(Math.round(remainingMs)),
      '--out', out, '--rows-dir', rowsDir, '--workloads', pending.join(','),
    ], remainingMs + graceMs(budgetMs));
    let loadMs: number | undefined;
    let failure: string | undefined;
    lastStage = 'start';
    for (const r of readRecords(out)) {
      if (r.type === 'generated') {
        lastStage = 'generated';
        run.generateMs ??= r.generateMs as number;
        run.sourceHeapMb ??= r.sourceHeapMb as number;
        if (r.baseRssMb !== undefined) run.baseRssMb ??= r.baseRssMb as number;
      } else if (r.type === 'loaded') {
        lastStage = 'loaded';
        loadMs = r.loadMs as number;
        if (run.loadMs === undefined) {
          run.loadMs = loadMs;
          run.loadCpuMs = r.loadCpuMs as number;
          run.rssAfterLoadMb = r.rssMb as number;
          run.describe = r.describe as string;
        }
        run.peakRssMb = Math.max(run.peakRssMb ?? 0, r.peakRssMb as number);
      } else if (r.type === 'workload') {
        const m: Measurement = { workload: r.workload as WorkloadId, size, engine, status: r.status as Status, reason: r.reason as string | undefined,
          note: [r.note as string | undefined, restartNote].filter(Boolean).join('; ') || undefined,
          peakRssMb: r.peakRssMb as number | undefined, loadMs };
        if (m.status === 'ok') {
          const times = r.timesMs as number[];
          const cpu = r.cpuMs as number[];
          m.coldMs = r.coldMs as number;
          m.timesMs = times;
          m.cpuMs = cpu;
          const sample = times.length ? times : [m.coldMs];
          if (!times.length) m.note = [m.note, 'no repetition fit in the time budget: the warm-up run is the only sample'].filter(Boolean).join('; ');
          m.medianMs = median(sample);
          m.minMs = Math.min(...sample);
          m.maxMs = Math.max(...sample);
          m.medianCpuMs = median(cpu.length ? cpu : [r.coldCpuMs as number]);
          m.rowsPerSec = size / (m.medianMs / 1000);
          m.resultRows = r.rowCount as number;
          m.columns = r.columns as string[];
          m.digest = r.digest as string;
          m.sample = r.sample as string[];
        }
        if (m.peakRssMb !== undefined) run.peakRssMb = Math.max(run.peakRssMb ?? 0, m.peakRssMb);
        rows.push(m);
      } else if (r.type === 'done') {
        run.peakRssMb = Math.max(run.peakRssMb ?? 0, r.peakRssMb as number);
      } else if (r.type === 'fatal') {
        failure = r.reason as string;
      }
    }
    if (res.timedOut) failure = `killed: still running ${Math.round(graceMs(budgetMs) / 1000)} s after its ${o.budgetSec} s budget`;
    else if (res.code !== 0 && !failure) {
      const oom = /heap out of memory|Allocation failed|out of memory/i.test(res.stderrTail);
      const detail = res.stderrTail.split('\n').filter((l) => l.trim() && !/^\s+\[/.test(l)).slice(-3).join(' | ').slice(0, 300);
      failure = oom ? 'out of memory' : `exited with code ${res.code}${detail ? `: ${detail}` : ''}`;
    }
    pending = pending.filter((id) => !rows.some((m) => m.workload === id));
    if (!failure) break;
    run.failure = [run.failure, failure].filter(Boolean).join('; ');
    // A crash in a workload (out of memory, say) costs that workload only: the rest get a fresh process.
    // A budget kill or a failure before any workload started ends this engine at this size.
    if (res.timedOut || lastStage !== 'loaded' || !pending.length) break;
    const culprit = pending.shift()!;
    rows.push({ workload: culprit, size, engine, status: 'skipped', reason: `the process died in this workload (${failure})`, loadMs });
    restartNote = `ran in a restarted process after ${culprit} died`;
  }
  for (const [k, id] of pending.entries()) {
    const why = run.failure ?? 'time budget used up';
    const reason = lastStage === 'start' ? `data generation did not complete (${why})`
      : lastStage === 'generated' ? `load did not complete (${why})`
      : k === 0 && run.failure ? `did not finish (${why})`
      : `not reached (${why})`;
    rows.push({ workload: id, size, engine, status: 'skipped', reason, loadMs: run.loadMs });
  }
  run.wallMs = performance.now() - t0;
  return { run, rows };
}

// ───────────────────────────── correctness ─────────────────────────────

async function* lines(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const l of rl) yield l;
}

/** Rows only in the reference, rows only in the peer (multiset difference of two sorted files), with examples. */
async function diffRows(refFile: string, peerFile: string): Promise<{ missing: number; extra: number; examples: string[] }> {
  const a = lines(refFile)[Symbol.asyncIterator]();
  const b = lines(peerFile)[Symbol.asyncIterator]();
  let x = await a.next();
  let y = await b.next();
  let missing = 0;
  let extra = 0;
  const examples: string[] = [];
  const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
  while (!x.done || !y.done) {
    if (!x.done && !y.done && x.value === y.value) {
      x = await a.next();
      y = await b.next();
    } else if (y.done || (!x.done && x.value < y.value)) {
      missing++;
      if (examples.length < 4) examples.push(`only in reference: ${clip(x.value as string)}`);
      x = await a.next();
    } else {
      extra++;
      if (examples.length < 4) examples.push(`only in peer:      ${clip(y.value as string)}`);
      y = await b.next();
    }
  }
  return { missing, extra, examples };
}

async function verify(rows: Measurement[], rowsDir: string): Promise<void> {
  for (const id of new Set(rows.map((m) => m.workload))) {
    const group = rows.filter((m) => m.workload === id);
    const ref = group.find((m) => m.engine === REFERENCE_ENGINE && m.status === 'ok')
      ?? group.find((m) => m.engine === FALLBACK_REFERENCE && m.status === 'ok');
    for (const m of group) {
      if (m.status !== 'ok') continue;
      if (!ref) {
        m.note = [m.note, 'unverified: no reference result at this size'].filter(Boolean).join('; ');
        continue;
      }
      m.reference = ref.engine;
      if (m === ref) continue;
      if (m.digest === ref.digest) continue;
      m.status = 'WRONG';
      if (JSON.stringify(m.columns) !== JSON.stringify(ref.columns)) {
        m.reason = `columns differ: ${JSON.stringify(m.columns).slice(0, 200)} vs ${ref.engine}'s ${JSON.stringify(ref.columns).slice(0, 200)}`;
        continue;
      }
      const d = await diffRows(join(rowsDir, `${ref.engine}.${id}.rows`), join(rowsDir, `${m.engine}.${id}.rows`));
      m.reason = `${m.resultRows} rows vs ${ref.resultRows}: ${d.missing} of ${ref.engine}'s rows missing, ${d.extra} extra\n${d.examples.join('\n')}`;
    }
    // Ratios: to the best correct median at this size
    const correct = group.filter((m) => m.status === 'ok' && m.medianMs !== undefined);
    const best = Math.min(...correct.map((m) => m.medianMs!));
    for (const m of correct) m.ratio = m.medianMs! / best;
  }
}

// ───────────────────────────── report ─────────────────────────────

const fmtInt = (x: number) => Math.round(x).toLocaleString('en-US');
function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
function fmtRange(m: Measurement): string {
  if (m.medianMs === undefined) return '–';
  const unit = (x: number) => (m.medianMs! >= 1000 ? (x / 1000).toFixed(2) : x < 10 ? x.toFixed(2) : x.toFixed(0));
  return `${fmtMs(m.medianMs)} (${unit(m.minMs!)}–${unit(m.maxMs!)})`;
}
function fmtRate(r: number | undefined): string {
  if (r === undefined) return '–';
  if (r >= 1e6) return `${(r / 1e6).toFixed(1)} M/s`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(0)} K/s`;
  return `${r.toFixed(0)}/s`;
}
const fmtMb = (mb: number | undefined) => (mb === undefined ? '–' : mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${mb} MB`);
const sizeLabel = (n: number) => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}K` : String(n));

function table(header: string[], body: string[][], right: boolean[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, j) => (right[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function statusCell(m: Measurement): string {
  switch (m.status) {
    case 'ok': return `ok${m.reference === m.engine ? ' (reference)' : ''}, ${fmtInt(m.resultRows ?? 0)} rows${m.note ? ` [${m.note}]` : ''}`;
    case 'WRONG': return `WRONG: ${(m.reason ?? '').split('\n')[0]}`;
    case 'n/a': return `n/a: ${m.reason ?? ''}`;
    case 'skipped': return `skipped: ${m.reason ?? ''}`;
    case 'error': return `error: ${m.reason ?? ''}`;
  }
}

function renderWorkloads(rows: Measurement[], sizes: number[], engines: string[]): string {
  const out: string[] = [];
  for (const w of WORKLOADS) {
    for (const size of sizes) {
      const group = rows.filter((m) => m.workload === w.id && m.size === size);
      if (!group.length) continue;
      out.push(`(${w.n}) ${w.title} — ${sizeLabel(size)} CloudAppEvents, ${fmtInt(BENCH_ALERTS)} SecurityAlert`);
      const body = engines.flatMap((e) => group.filter((m) => m.engine === e)).map((m) => [
        m.engine, fmtMs(m.loadMs), m.status === 'ok' && m.loadMs !== undefined ? fmtMs(m.loadMs + m.coldMs!) : '–',
        m.status === 'ok' || m.status === 'WRONG' ? fmtRange(m) : '–', fmtMs(m.medianCpuMs), m.status === 'ok' ? fmtRate(m.rowsPerSec) : '–',
        m.ratio !== undefined ? `${m.ratio.toFixed(2)}×` : '–', fmtMb(m.peakRssMb), statusCell(m),
      ]);
      out.push(table(['engine', 'load', 'load+1st', 'query median (min–max)', 'cpu', 'rows/s', '×best', 'peak RSS', 'result'], body,
        [false, true, true, true, true, true, true, true, false]));
      const wrong = group.filter((m) => m.status === 'WRONG');
      for (const m of wrong) out.push(`  ${m.engine} is WRONG: ${(m.reason ?? '').replace(/\n/g, '\n    ')}`);
      out.push('');
    }
  }
  return out.join('\n');
}

interface ParseBindRow {
  engine: string;
  about: string;
  queries: number;
  reps: number;
  withoutErrors: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  slowest: string;
}

function renderParseBind(pb: ParseBindRow[], skipped: string | null): string {
  const title = '(8) parse + bind latency per query, ../shared/queries/real-hunting-sample.jsonl';
  if (skipped) return `${title}\nskipped: ${skipped}\n`;
  const body = pb.map((r) => [r.engine, String(r.queries), `${r.withoutErrors}`, fmtMs(r.medianMs), fmtMs(r.p95Ms), fmtMs(r.meanMs), fmtMs(r.maxMs), r.slowest]);
  return `${title}\n${table(['engine', 'queries', 'bind w/o error', 'median', 'p95', 'mean', 'max', 'slowest query'], body,
    [false, true, true, true, true, true, true, false])}\n`;
}

/** Issue 4's "Done when" figures for the headline, computed from this run (reported, never enforced). */
function renderGoals(rows: Measurement[], runs: EngineRun[], sizes: number[]): string {
  const out: string[] = ['Issue 4 goals for the headline (computed from this run):'];
  for (const size of sizes) {
    const h = (e: string) => rows.find((m) => m.workload === 'headline' && m.size === size && m.engine === e);
    const ours = h(REFERENCE_ENGINE);
    if (!ours || ours.status !== 'ok') {
      out.push(`  ${sizeLabel(size)}: our engine has no headline result (${ours?.reason ?? 'not run'})`);
      continue;
    }
    const parts: string[] = [];
    const js = h('columnar-js');
    if (js?.status === 'ok') parts.push(`query ${(ours.medianMs! / js.medianMs!).toFixed(2)}× the hand-written JS loop (goal ≤ 1.2×)`);
    const dj = h('duckdb-json');
    if (dj?.status === 'ok') parts.push(`duckdb-json takes ${(dj.medianMs! / ours.medianMs!).toFixed(2)}× our time (goal ≥ 2×)`);
    const ds = h('duckdb-struct');
    if (ds?.status === 'ok') parts.push(`duckdb-struct takes ${(ds.medianMs! / ours.medianMs!).toFixed(2)}× our time (stretch: > 1×)`);
    const oneShot = (m: Measurement | undefined) => (m && m.status === 'ok' && m.loadMs !== undefined ? m.loadMs + m.coldMs! : undefined);
    const mine = oneShot(ours)!;
    const faster = rows.filter((m) => m.workload === 'headline' && m.size === size && m.engine !== REFERENCE_ENGINE && m.status === 'ok')
      .filter((m) => (oneShot(m) ?? Infinity) <= mine).map((m) => m.engine);
    parts.push(`load + query ${fmtMs(mine)}: ${faster.length ? `slower than ${faster.join(', ')}` : 'faster than every correct peer'}`);
    const run = runs.find((r) => r.engine === REFERENCE_ENGINE && r.size === size);
    if (ours.peakRssMb !== undefined && run?.sourceHeapMb) {
      parts.push(`peak RSS through load + headline ${fmtMb(ours.peakRssMb)} = ${(ours.peakRssMb / run.sourceHeapMb).toFixed(2)}× the source rows' heap (${fmtMb(run.sourceHeapMb)}; goal ≤ 1.5×; the RSS includes the rows themselves)`);
      if (run.baseRssMb !== undefined) {
        // the same without the process's fixed memory, which dominates at small sizes
        parts.push(`above the process's ${fmtMb(run.baseRssMb)} before the rows were generated: ${fmtMb(ours.peakRssMb - run.baseRssMb)} = ${((ours.peakRssMb - run.baseRssMb) / run.sourceHeapMb).toFixed(2)}×`);
      }
    }
    out.push(`  ${sizeLabel(size)}: ${parts.join('; ')}`);
  }
  return out.join('\n');
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.render) {
    rerender(o.render);
    return;
  }
  const started = new Date();
  const t0 = performance.now();
  ensureDependencies();
  if (o.engines.includes('kql-engine') || o.parseBind) buildLibrary();
  const loadStart = os.loadavg();
  const rowsRoot = join(RESULTS, 'rows');
  mkdirSync(rowsRoot, { recursive: true });
  log(`bench: sizes ${o.sizes.map(sizeLabel).join(', ')}; ${o.reps} reps; budget ${o.budgetSec} s per engine and size; engines ${o.engines.join(', ')}`);
  log(`bench: load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores (other work on the machine skews wall times; cpu times are reported too)`);

  const rows: Measurement[] = [];
  const runs: EngineRun[] = [];
  const engines = ENGINES.map((e) => e.name).filter((e) => o.engines.includes(e));
  if (o.workloads.length) {
    for (const size of o.sizes) {
      const rowsDir = join(rowsRoot, String(size));
      rmSync(rowsDir, { recursive: true, force: true });
      mkdirSync(rowsDir, { recursive: true });
      const sizeRows: Measurement[] = [];
      for (const engine of engines) {
        const r = await runEngine(engine, size, o, rowsDir);
        runs.push(r.run);
        sizeRows.push(...r.rows);
      }
      await verify(sizeRows, rowsDir);
      rows.push(...sizeRows);
      if (!o.keepRows) rmSync(rowsDir, { recursive: true, force: true });
    }
  }
  if (!o.keepRows) rmSync(rowsRoot, { recursive: true, force: true });

  let parseBind: ParseBindRow[] = [];
  let parseBindSkipped: string | null = null;
  if (o.parseBind) {
    const queries = resolve(process.env.KQL_SHARED_DIR ?? resolve(ROOT, '../shared'), 'queries/real-hunting-sample.jsonl');
    if (!existsSync(queries)) {
      parseBindSkipped = `${queries} is absent (the shared reference folder is not beside the repository)`;
      log(`bench: parse + bind skipped: ${parseBindSkipped}`);
    } else {
      mkdirSync(RESULTS, { recursive: true });
      const out = join(RESULTS, 'parse-bind.tmp');
      rmSync(out, { force: true });
      log('  parse + bind');
      const res = await runChild(join(BENCH, 'lib/parse-bind.ts'), ['--queries', queries, '--reps', String(Math.max(o.reps, 5)), '--out', out], o.budgetSec * 1000);
      const recs = readRecords(out);
      rmSync(out, { force: true });
      parseBind = recs.filter((r) => r.type === 'parse-bind') as unknown as ParseBindRow[];
      const fatal = recs.find((r) => r.type === 'fatal');
      if (!parseBind.length) parseBindSkipped = `failed: ${fatal?.reason ?? `exit code ${res.code}`}`;
    }
  }

  const durationSec = (performance.now() - t0) / 1000;
  const facts = { ...machineFacts(), loadAverageStart: loadStart, loadAverageEnd: os.loadavg() };
  const report: Report = {
    date: started.toISOString(), durationSec, machine: facts,
    config: { sizes: o.sizes, reps: o.reps, budgetSec: o.budgetSec, seed: BENCH_SEED, alerts: BENCH_ALERTS, now: BENCH_NOW, engines, workloads: o.workloads, parseBind: o.parseBind },
    engines: ENGINES.filter((e) => engines.includes(e.name)).map((e) => ({ name: e.name, about: e.about })),
    workloads: WORKLOADS.filter((w) => o.workloads.includes(w.id)).map((w) => ({ id: w.id, n: w.n, title: w.title, kql: w.kql })),
    runs, results: rows, parseBind, parseBindSkipped,
  };
  const text = renderReport(report);
  process.stdout.write(`${text}\n`);

  mkdirSync(RESULTS, { recursive: true });
  const json = `${JSON.stringify({ ...report, table: text }, null, 1)}\n`;
  writeFileSync(join(RESULTS, 'latest.json'), json);
  writeFileSync(join(RESULTS, `${started.toISOString().slice(0, 19).replace(/:/g, '-')}.json`), json);
  if (o.out) writeFileSync(o.out, json);
  log(`bench: wrote bench/results/latest.json in ${(durationSec / 60).toFixed(1)} min`);
}

interface Report {
  date: string;
  durationSec: number;
  machine: ReturnType<typeof machineFacts> & { loadAverageStart: number[]; loadAverageEnd: number[] };
  config: { sizes: number[]; reps: number; budgetSec: number; seed: number; alerts: number; now: string; engines: string[]; workloads: WorkloadId[]; parseBind?: boolean };
  engines: { name: string; about: string }[];
  workloads: { id: WorkloadId; n: number; title: string; kql: string }[];
  runs: EngineRun[];
  results: Measurement[];
  parseBind: ParseBindRow[];
  parseBindSkipped: string | null;
  table?: string;
}

function renderReport(r: Report): string {
  const f = r.machine;
  const c = r.config;
  const parseBindRan = c.parseBind ?? (r.parseBind.length > 0 || r.parseBindSkipped !== null);
  const header = [
    `kql-engine benchmark — ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${f.cpu}, ${f.cores} cores, ${f.memoryGiB} GiB, Node ${f.node}, commit ${f.commit}${f.uncommittedChanges ? ` (+${f.uncommittedChanges} uncommitted files)` : ''}`,
    `load average ${f.loadAverageStart.map((x) => x.toFixed(2)).join(' ')} at start, ${f.loadAverageEnd.map((x) => x.toFixed(2)).join(' ')} at end; ${c.reps} timed runs after 1 warm-up; times are wall clock, "cpu" is process CPU time (all threads)`,
    `peers: ${Object.entries(f.peers).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ].join('\n');
  const sections = [
    header,
    c.workloads.length ? renderWorkloads(r.results, c.sizes, c.engines) : '',
    parseBindRan ? renderParseBind(r.parseBind, r.parseBindSkipped) : '',
    c.workloads.includes('headline') && c.engines.includes(REFERENCE_ENGINE) ? renderGoals(r.results, r.runs, c.sizes) : '',
    `total ${(r.durationSec / 60).toFixed(1)} min`,
  ];
  return sections.map((x) => x.trimEnd()).filter(Boolean).join('\n\n');
}

/** `--render FILE`: prints a saved report's table again (with this version's rendering) and stores it in the file. */
function rerender(file: string): void {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  const text = renderReport(report);
  writeFileSync(file, `${JSON.stringify({ ...report, table: text }, null, 1)}\n`);
  process.stdout.write(`${text}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(e instanceof UsageError ? `bench: ${e.message}\n` : `${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
