// `npm run bench:load`: loads a 1-million-row NDJSON file through the real `kql` command line and
// reports throughput (rows/s, MB/s). Not a peer comparison and not a timed test: a measurement.
// Flags: --rows N (default 1m; k/m suffixes), --reps N (default 3), --gzip (also the .gz file), --keep.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { generateDemoData } from '../src/data/index.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');

const HELP = `npm run bench:load -- [flags]
  --rows 1m     CloudAppEvents rows in the NDJSON file (k/m suffixes)
  --reps 3      timed loads (the best and the median are reported)
  --gzip        also load the gzip-compressed file
  --keep        keep the generated files (printed path)`;

function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`not a row count: ${s}`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'm' ? 1e6 : m[2]?.toLowerCase() === 'k' ? 1e3 : 1));
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ROWS = parseCount(flag('--rows') ?? '1m');
const REPS = Number(flag('--reps') ?? 3);
const GZIP = argv.includes('--gzip');
const KEEP = argv.includes('--keep');

// The rows: the demo generator's CloudAppEvents (seed 42), 17 of the columns a hunting query reads
// (RawEventData, UserAgent and ActivityObjects left out: 1M full rows are ~2 GB of text). 50,000
// distinct rows are generated once and repeated with a new ReportId and a shifted Timestamp.
const COLUMNS = ['Timestamp', 'ActionType', 'Application', 'ApplicationId', 'AccountObjectId', 'AccountDisplayName',
  'AccountType', 'IPAddress', 'CountryCode', 'City', 'ISP', 'ObjectName', 'ObjectType', 'ReportId', 'IsAdminOperation',
  'IsExternalUser', 'AdditionalFields'];
const DISTINCT = 50_000;

async function writeFile(path: string): Promise<void> {
  const { CloudAppEvents } = generateDemoData({ events: Math.min(DISTINCT, ROWS), alerts: 1, seed: 42, now: '2026-01-01T00:00:00Z' });
  const base = CloudAppEvents.map((row) => Object.fromEntries(COLUMNS.map((c) => [c, (row as Record<string, unknown>)[c]])));
  async function* lines() {
    for (let done = 0; done < ROWS; done += base.length) {
      const round = done / base.length;
      let text = '';
      for (let i = 0; i < base.length && done + i < ROWS; i++) {
        const r = base[i] as Record<string, unknown>;
        const copy = { ...r, ReportId: `${r.ReportId}-${round}`, Timestamp: new Date((r.Timestamp as Date).getTime() - round * 1000) };
        text += `${JSON.stringify(copy)}\n`;
      }
      yield text;
    }
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

/** The CLI on the current sources (tsx; a stale dist/ would measure old code). Start-up is subtracted. */
function cli(): string[] {
  return ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
}

function timeRun(args: string[]): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...cli(), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`kql ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'kql-load-bench-'));
  const file = join(dir, 'CloudAppEvents.ndjson');
  const query = join(dir, 'count.kql');
  writeFileSync(query, 'CloudAppEvents | summarize Rows = count(), Users = dcount(AccountObjectId)\n');
  const empty = join(dir, 'print.kql');
  writeFileSync(empty, 'print 1\n');
  process.stderr.write(`generating ${ROWS.toLocaleString('en-US')} rows → ${file} ...\n`);
  let t = Date.now();
  await writeFile(file);
  const bytes = statSync(file).size;
  process.stderr.write(`  ${(bytes / 1e6).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  const files: { label: string; path: string; bytes: number }[] = [{ label: 'ndjson', path: file, bytes }];
  if (GZIP) {
    t = Date.now();
    await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
    files.push({ label: 'ndjson.gz', path: `${file}.gz`, bytes: statSync(`${file}.gz`).size });
    process.stderr.write(`  gzip: ${(statSync(`${file}.gz`).size / 1e6).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  // process start + engine import, to subtract
  const startup = median(Array.from({ length: 3 }, () => timeRun(['run', empty]).ms));
  const rows: Record<string, unknown>[] = [];
  for (const f of files) {
    const times: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const r = timeRun(['run', query, '--table', `CloudAppEvents=${f.path}`, '--format', 'ndjson']);
      const got = JSON.parse(r.stdout.trim()) as { Rows: number };
      if (got.Rows !== ROWS) throw new Error(`loaded ${got.Rows} rows, expected ${ROWS}`);
      times.push(r.ms);
      process.stderr.write(`  ${f.label} run ${i + 1}/${REPS}: ${(r.ms / 1000).toFixed(2)} s\n`);
    }
    const best = Math.min(...times);
    const med = median(times);
    const loadSec = (med - startup) / 1000;
    rows.push({
      file: f.label, rows: ROWS, mb: +(f.bytes / 1e6).toFixed(1), startupSec: +(startup / 1000).toFixed(2),
      bestSec: +(best / 1000).toFixed(2), medianSec: +(med / 1000).toFixed(2),
      rowsPerSec: Math.round(ROWS / loadSec), mbPerSec: +(f.bytes / 1e6 / loadSec).toFixed(1),
    });
  }
  console.log(`kql run over ${ROWS.toLocaleString('en-US')} CloudAppEvents rows of NDJSON (Node ${process.versions.node}; ${os.cpus().length} CPUs)`);
  console.log('throughput = rows / (median wall time − process start-up), the query is a count + dcount over the loaded table\n');
  console.log('| file | rows | MB | start-up s | best s | median s | rows/s | MB/s |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.file} | ${(r.rows as number).toLocaleString('en-US')} | ${r.mb} | ${r.startupSec} | ${r.bestSec} | ${r.medianSec} | ${(r.rowsPerSec as number).toLocaleString('en-US')} | ${r.mbPerSec} |`);
  const results = join(BENCH, 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'load-latest.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.versions.node, cpus: os.cpus().length, rows }, null, 2)}\n`);
  if (KEEP) process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
