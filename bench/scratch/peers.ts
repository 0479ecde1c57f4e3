// CPU time per workload for our engine and the columnar-js peer, interleaved in one process
import { generate } from '/work/wt-perf/bench/lib/data.ts';
import { WORKLOADS } from '/work/wt-perf/bench/lib/workloads.ts';
import ours from '/work/wt-perf/bench/peers/kql-engine.ts';
import col from '/work/wt-perf/bench/peers/columnar-js.ts';
const N = Number(process.env.N ?? 1_000_000);
const only = process.argv.slice(2);
const data = generate(N);
const peers = { ours: await ours(), col: await col() };
for (const [k, p] of Object.entries(peers)) { const c0 = process.cpuUsage(); await p.load(data); const c = process.cpuUsage(c0); console.log(k, 'load cpu', ((c.user + c.system) / 1000).toFixed(0)); }
for (const w of WORKLOADS) {
  if (only.length && !only.includes(w.id)) continue;
  const t: Record<string, number[]> = { ours: [], col: [] };
  for (let r = 0; r < Number(process.env.REPS ?? 5); r++) for (const [k, p] of Object.entries(peers)) {
    const f = p.workloads[w.id]; if (!f) continue;
    const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); t[k]!.push((c.user + c.system) / 1000);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
  console.log(w.id.padEnd(12), 'ours', med(t.ours!).toFixed(0), 'min', Math.min(...t.ours!).toFixed(0), '| col', med(t.col!)?.toFixed(0), 'min', Math.min(...t.col!).toFixed(0), '| ratio(min)', (Math.min(...t.ours!) / Math.min(...t.col!)).toFixed(2));
}
