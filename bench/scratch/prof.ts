// in-process timing of each workload (quick iteration; the real numbers come from npm run bench)
import { Database } from '/work/wt-perf/src/index.ts';
import { generate } from '/work/wt-perf/bench/lib/data.ts';
import { WORKLOADS, BENCH_NOW } from '/work/wt-perf/bench/lib/workloads.ts';
const N = Number(process.env.N ?? 1_000_000);
const only = process.argv.slice(2);
const data = generate(N);
const db = new Database({ now: BENCH_NOW });
let t = performance.now();
db.addTable('CloudAppEvents', data.events);
db.addTable('SecurityAlert', data.alerts);
console.log(`load ${(performance.now() - t).toFixed(0)} ms`);
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const session = process.env.PROF ? new Session() : null;
if (session) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
for (const w of WORKLOADS) {
  if (only.length && !only.includes(w.id)) continue;
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < Number(process.env.REPS ?? 5); i++) {
    const c0 = process.cpuUsage();
    const r = db.querySync(w.kql);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
    rows = r.rowCount;
  }
  times.sort((a, b) => a - b);
  console.log(`${w.id.padEnd(12)} cpu median ${times[times.length >> 1]!.toFixed(1)} ms  min ${times[0]!.toFixed(1)}  rows ${rows}`);
}

if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROF!, JSON.stringify(profile));
}
