// One engine at one size, in its own process: generate the rows, load them, then for each workload a
// warm-up run (checked for correctness) and the timed repetitions. Writes one JSON line per event to --out.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalise } from './canon.js';
import { generate } from './data.js';
import { ENGINES } from './engines.js';
import type { Peer, PeerFactory } from './peer.js';
import { WORKLOAD_IDS, type WorkloadId } from './workloads.js';

const started = performance.now();

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`child: missing --${name}`);
  return v;
}

const engineName = arg('engine');
const size = Number(arg('size'));
const reps = Number(arg('reps'));
const budgetMs = Number(arg('budget-ms'));
const out = arg('out');
const rowsDir = arg('rows-dir');
const only = arg('workloads').split(',').filter(Boolean) as WorkloadId[];

const emit = (record: Record<string, unknown>) => appendFileSync(out, `${JSON.stringify(record)}\n`);
const say = (msg: string) => process.stderr.write(`    [${engineName} ${size}] ${msg}\n`);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Times one call. No forced GC here: a full collection costs seconds with millions of rows in the heap; the
 * caller collects once after load and once per workload (after checking the answer), so each run pays for
 * the garbage its own engine makes. */
async function timed(fn: () => unknown): Promise<{ result: unknown; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let result = fn();
  if (result instanceof Promise) result = await result;
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { result, ms, cpuMs: (c.user + c.system) / 1000 };
}

/** The answer's canonical form (the materialized rows are dropped on return, before the timed runs). */
async function check(peer: Peer, result: unknown, id: WorkloadId) {
  const m = await peer.materialize(result, id);
  return canonicalise(m, join(rowsDir, `${engineName}.${id}.rows`));
}

async function main(): Promise<void> {
  const spec = ENGINES.find((e) => e.name === engineName);
  if (!spec) throw new Error(`unknown engine ${engineName}`);

  gc();
  // the process before any data: Node itself, the bench's modules (what no engine can give back)
  const baseRssMb = mb(process.memoryUsage().rss);
  const heapBefore = process.memoryUsage().heapUsed;
  const g0 = performance.now();
  const data = generate(size);
  const generateMs = performance.now() - g0;
  gc();
  const mem = process.memoryUsage();
  emit({ type: 'generated', events: data.events.length, alerts: data.alerts.length, generateMs,
    sourceHeapMb: mb(mem.heapUsed - heapBefore), rssMb: mb(mem.rss), baseRssMb });

  const modulePath = new URL(`../peers/${spec.module}.ts`, import.meta.url).href;
  const factory = (await import(modulePath) as { default: PeerFactory }).default;
  const peer = await factory(spec.options);

  gc();
  const load = await timed(() => peer.load(data));
  gc();
  emit({ type: 'loaded', loadMs: load.ms, loadCpuMs: load.cpuMs, rssMb: mb(process.memoryUsage().rss), peakRssMb: peakRssMb(),
    describe: peer.describe?.() ?? '' });
  say(`loaded in ${Math.round(load.ms)} ms`);

  for (const id of WORKLOAD_IDS) {
    if (!only.includes(id)) continue;
    const run = peer.workloads[id];
    if (!run) {
      emit({ type: 'workload', workload: id, status: 'n/a', reason: peer.unsupported?.[id] ?? 'not expressible' });
      continue;
    }
    const elapsed = performance.now() - started;
    if (elapsed > budgetMs) {
      emit({ type: 'workload', workload: id, status: 'skipped', reason: `time budget (${Math.round(budgetMs / 1000)} s for this engine and size) used up before this workload` });
      continue;
    }
    try {
      // Warm-up: also the one-shot ("load + one query") time, and the run whose answer is checked.
      const cold = await timed(run);
      const expectedRows = peer.rowCount(cold.result);
      const canon = await check(peer, cold.result, id);
      cold.result = undefined;
      gc();
      const remaining = budgetMs - (performance.now() - started);
      const n = Math.max(0, Math.min(reps, Math.floor(remaining / Math.max(cold.ms, 1))));
      const timesMs: number[] = [];
      const cpuMs: number[] = [];
      for (let k = 0; k < n; k++) {
        const t = await timed(run);
        const rows = peer.rowCount(t.result);
        if (rows !== expectedRows) throw new Error(`run ${k + 1} returned ${rows} rows, the warm-up ${expectedRows}`);
        timesMs.push(t.ms);
        cpuMs.push(t.cpuMs);
      }
      emit({
        type: 'workload', workload: id, status: 'ok', coldMs: cold.ms, coldCpuMs: cold.cpuMs, timesMs, cpuMs,
        repsRequested: reps, note: n < reps ? `${n} of ${reps} repetitions fit in the time budget` : undefined,
        rowCount: canon.rowCount, columns: canon.columns, digest: canon.digest, sample: canon.sample, peakRssMb: peakRssMb(),
      });
      say(`${id}: cold ${Math.round(cold.ms)} ms, ${timesMs.map((x) => Math.round(x)).join(' / ')} ms, ${canon.rowCount} rows`);
    } catch (e) {
      const err = e as Error;
      emit({ type: 'workload', workload: id, status: 'error', reason: `${err.name}: ${err.message}`.slice(0, 500), peakRssMb: peakRssMb() });
      say(`${id}: ERROR ${err.message.slice(0, 300)}`);
    }
  }
  await peer.dispose?.();
  emit({ type: 'done', peakRssMb: peakRssMb(), totalMs: performance.now() - started });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const err = e as Error;
    emit({ type: 'fatal', reason: `${err.name}: ${err.message}`.slice(0, 1000), peakRssMb: peakRssMb() });
    process.stderr.write(`${err.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
