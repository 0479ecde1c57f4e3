import { Database } from '/work/wt-perf/src/index.ts';
import { generate } from '/work/wt-perf/bench/lib/data.ts';
import { WORKLOADS, BENCH_NOW } from '/work/wt-perf/bench/lib/workloads.ts';
const data = generate(1000);
const db = new Database({ now: BENCH_NOW });
db.addTable('CloudAppEvents', data.events);
db.addTable('SecurityAlert', data.alerts);
const w = WORKLOADS.find((x) => x.id === process.argv[2])!;
console.log(db.querySync(w.kql).rowCount);
