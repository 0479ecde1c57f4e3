// Workload 8: parse + bind latency of each real hunting query in ../shared/queries/real-hunting-sample.jsonl,
// against a database holding the built-in table schemas as empty tables. Peer: Microsoft's own analyzer
// (Kusto.Language, the root devDependency @kusto/language-service-next) through the test harness's oracle.
import { appendFileSync, readFileSync } from 'node:fs';
import type { Database as DatabaseClass } from '../../src/index.js';
import { BUILTIN_TABLE_NAMES, getBuiltinSchema } from '../../src/schemas/index.js';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`parse-bind: missing --${name}`);
  return v;
}

const file = arg('queries');
const reps = Number(arg('reps'));
const out = arg('out');
const emit = (record: Record<string, unknown>) => appendFileSync(out, `${JSON.stringify(record)}\n`);

interface Analyzer {
  name: string;
  about: string;
  /** true when the query binds without an error */
  analyze(text: string): boolean;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const queries = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { id: string; query: string }));

  const analyzers: Analyzer[] = [];
  // the built library (dist/, built by `npm run bench` before this runs), as for the query workloads
  const { Database } = await import(new URL('../../dist/index.js', import.meta.url).href) as { Database: typeof DatabaseClass };
  const db = new Database();
  for (const name of BUILTIN_TABLE_NAMES) db.addTable(name, []); // no rows: typed by the built-in schema
  analyzers.push({
    name: 'kql-engine', about: `db.analyze(text) of the built dist/index.js, ${BUILTIN_TABLE_NAMES.length} built-in tables declared empty`,
    analyze: (text) => !db.analyze(text).diagnostics.some((d) => d.severity === 'error'),
  });
  try {
    const oracleModule = new URL('../../test/harness/oracle.js', import.meta.url).href;
    const { oracle } = await import(oracleModule) as {
      oracle: (tables: { name: string; columns: { name: string; type: string }[] }[]) => {
        analyze(text: string): { syntaxErrors: unknown[]; semanticErrors: unknown[] };
      };
    };
    const tables = BUILTIN_TABLE_NAMES.map((name) => ({ name, columns: getBuiltinSchema(name)!.map((c) => ({ name: c.name, type: c.type })) }));
    const o = oracle(tables);
    analyzers.push({
      name: 'Kusto.Language', about: '@kusto/language-service-next KustoCode.ParseAndAnalyze + diagnostics, same tables',
      analyze: (text) => {
        const a = o.analyze(text);
        return a.syntaxErrors.length === 0 && a.semanticErrors.length === 0;
      },
    });
  } catch (e) {
    emit({ type: 'peer-missing', name: 'Kusto.Language', reason: (e as Error).message.slice(0, 300) });
  }

  for (const a of analyzers) {
    // warm-up over every query (JIT, lazily built tables), then `reps` timed runs of each query
    let clean = 0;
    for (const q of queries) if (a.analyze(q.query)) clean++;
    const perQuery: number[] = [];
    for (const q of queries) {
      const times: number[] = [];
      for (let k = 0; k < reps; k++) {
        const t0 = performance.now();
        a.analyze(q.query);
        times.push(performance.now() - t0);
      }
      perQuery.push(median(times));
    }
    const sorted = [...perQuery].sort((x, y) => x - y);
    const slowest = queries[perQuery.indexOf(sorted[sorted.length - 1]!)]?.id ?? '';
    emit({
      type: 'parse-bind', engine: a.name, about: a.about, queries: queries.length, reps, withoutErrors: clean,
      medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), maxMs: sorted[sorted.length - 1],
      meanMs: perQuery.reduce((s, x) => s + x, 0) / perQuery.length, slowest,
    });
    process.stderr.write(`    [parse-bind] ${a.name}: median ${quantile(sorted, 0.5).toFixed(3)} ms, p95 ${quantile(sorted, 0.95).toFixed(3)} ms\n`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    emit({ type: 'fatal', reason: String((e as Error).stack ?? e).slice(0, 1000) });
    process.exit(1);
  },
);
