import { compile } from '/work/wt-perf/src/engine.ts';
import { explain } from '/work/wt-perf/src/plan/explain.ts';
import { getBuiltinSchema } from '/work/wt-perf/src/schemas/index.ts';
import { WORKLOADS } from '/work/wt-perf/bench/lib/workloads.ts';
const w = WORKLOADS.find((x) => x.id === process.argv[2])!;
const c = compile(w.kql, { table: (n: string) => getBuiltinSchema(n)?.map((c) => ({ name: c.name, type: c.type })) } as any);
console.log(c.diagnostics, c.plan && explain(c.plan));
