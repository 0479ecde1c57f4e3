// Differential test: real hunting queries (shared folder, read at test time, never copied here)
// through our parser and binder and through Microsoft's analyzer. Measures syntax agreement and,
// for queries the analyzer accepts, result-schema agreement. Writes out/summary.md (git-ignored); fails on a crash
// (parse/analyze must never throw) or on agreement counts below baseline.json.
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngineRunner, type EngineRunner, type Outcome } from '../harness/engine-runner.js';
import type { PlainDiagnostic, TableDef } from '../harness/engine-session.js';
import { loadSharedSchemas, oracle, sharedDir, type OracleAnalysis, type OracleColumn } from '../harness/oracle.js';
import { checkRatchet } from '../harness/ratchet.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BASELINE = join(HERE, 'baseline.json');
const SUMMARY = join(HERE, 'out', 'summary.md');
const TIMEOUT_MS = Number(process.env.KQL_CASE_TIMEOUT_MS ?? 3000);

interface HuntingQuery {
  id: string;
  repo: string;
  path: string;
  query: string;
  flags?: string[];
}

// Everything the suite needs, or why it is skipped.
const shared = sharedDir();
const queriesFile = shared && join(shared, 'queries', 'real-hunting-sample.jsonl');
const tables = loadSharedSchemas();
let skip: string | undefined;
if (!queriesFile || !existsSync(queriesFile)) skip = 'the shared folder (../shared/queries/real-hunting-sample.jsonl) is absent';
else if (!tables) skip = 'the shared schemas (../shared/schemas/*.json) are absent';
let runner: EngineRunner | undefined;
if (!skip) {
  const started = await startEngineRunner();
  if ('unavailable' in started) skip = started.unavailable;
  else {
    runner = started.runner;
    if (started.note) console.log(`differential: ${started.note}`);
  }
}
if (skip) console.log(`differential: skipped — ${skip}`);
afterAll(async () => runner?.close());

type SyntaxVerdict =
  | 'both accept'
  | 'both reject, same first position'
  | 'both reject, first errors on the same line'
  | 'both reject, first errors on different lines'
  | 'only the analyzer rejects'
  | 'only we reject';
const SYNTAX_KINDS: SyntaxVerdict[] = [
  'both accept', 'both reject, same first position', 'both reject, first errors on the same line',
  'both reject, first errors on different lines', 'only the analyzer rejects', 'only we reject',
];
type SchemaVerdict = 'same schema' | 'we report an error' | 'we give no schema' | 'different column names' | 'different column types' | 'different column order';

interface Row {
  q: HuntingQuery;
  syntax?: SyntaxVerdict;
  syntaxDetail?: string;
  schema?: SchemaVerdict;
  schemaDetail?: string;
  /** for queries the analyzer rejects on semantic grounds only: do we report an error too? */
  semantic?: 'both report an error' | 'only the analyzer reports an error';
  semanticDetail?: string;
  crash?: string;
}

describe.skipIf(skip !== undefined)('real hunting queries vs Kusto.Language', () => {
  it('parse and analyze never throw; agreement not below the baseline', { timeout: 300_000 }, async () => {
    const queries = readFileSync(queriesFile!, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as HuntingQuery);
    const kusto = oracle(tables!);
    const defs: TableDef[] = tables!.map((t) => ({ name: t.name, rows: [], schema: t.columns }));
    const rows: Row[] = [];

    for (const q of queries) {
      const row: Row = { q };
      rows.push(row);
      let theirs: OracleAnalysis;
      try {
        theirs = kusto.analyze(q.query);
      } catch (e) {
        row.crash = `the analyzer threw: ${String(e)}`;
        continue;
      }

      // Syntax: does each side see a syntax error, and where is the first one?
      const parsed = await runner!.run({ op: 'parse', text: q.query }, TIMEOUT_MS);
      if (parsed.kind !== 'analysis') {
        row.crash = `parse: ${describeFailure(parsed)}`;
        continue;
      }
      const ourSyntax = errorsOf(parsed.diagnostics);
      [row.syntax, row.syntaxDetail] = syntaxVerdict(q.query, theirs, ourSyntax);

      // Schema: for queries the analyzer accepts without any error. Semantic errors: informational.
      if (theirs.syntaxErrors.length > 0) continue;
      const analyzed = await runner!.run({ op: 'analyze', text: q.query, dbKey: 'shared-schemas', tables: defs }, TIMEOUT_MS);
      if (analyzed.kind !== 'analysis') {
        row.crash = `analyze: ${describeFailure(analyzed)}`;
        continue;
      }
      const ourErrors = errorsOf(analyzed.diagnostics);
      const theirFirst = theirs.semanticErrors[0];
      if (theirFirst) {
        row.semantic = ourErrors.length > 0 ? 'both report an error' : 'only the analyzer reports an error';
        row.semanticDetail = `analyzer: ${theirFirst.code} ${theirFirst.message}${ourErrors[0] ? `; ours: ${ourErrors[0].code} ${ourErrors[0].message}` : ''}`;
        continue;
      }
      [row.schema, row.schemaDetail] = schemaVerdict(theirs.columns, analyzed.columns, ourErrors);
    }

    // Syntax on broken variants: real queries pass the parser almost always, so break them.
    const mutated: MutatedRow[] = [];
    for (const q of queries) {
      for (const [variant, text] of mutations(q.query)) {
        const row: MutatedRow = { q, variant };
        mutated.push(row);
        const parsed = await runner!.run({ op: 'parse', text }, TIMEOUT_MS);
        if (parsed.kind !== 'analysis') {
          row.crash = `parse (${variant}): ${describeFailure(parsed)}`;
          continue;
        }
        [row.syntax, row.syntaxDetail] = syntaxVerdict(text, { syntaxErrors: kusto.syntaxErrors(text) }, errorsOf(parsed.diagnostics));
      }
    }

    const summary = summarize(rows, mutated);
    mkdirSync(dirname(SUMMARY), { recursive: true });
    writeFileSync(SUMMARY, summary.text);
    console.log(summary.text.split('\n## ')[0]);

    const { drops, notes } = checkRatchet(BASELINE, summary.counts);
    for (const n of notes) console.log(`differential: ${n}`);
    const crashes = [...rows, ...mutated].filter((r) => r.crash).map((r) => `${r.q.id}: ${r.crash}`);
    expect(crashes, 'parse/analyze must return diagnostics, never throw').toEqual([]);
    expect(drops, 'agreement below baseline.json').toEqual([]);
  });
});

interface MutatedRow {
  q: HuntingQuery;
  variant: string;
  syntax?: SyntaxVerdict;
  syntaxDetail?: string;
  crash?: string;
}

/**
 * Deterministic broken variants of a query: cut at a third and at two thirds (at a space), the last
 * ')' removed, the last '"' removed (an unterminated string).
 */
function mutations(text: string): [string, string][] {
  const out: [string, string][] = [];
  const cutAt = (fraction: number) => {
    const i = text.indexOf(' ', Math.floor(text.length * fraction));
    return i > 0 ? text.slice(0, i).trimEnd() : undefined;
  };
  const third = cutAt(1 / 3);
  const twoThirds = cutAt(2 / 3);
  if (third) out.push(['cut at 1/3', third]);
  if (twoThirds && twoThirds !== third) out.push(['cut at 2/3', twoThirds]);
  const paren = text.lastIndexOf(')');
  if (paren >= 0) out.push(["last ')' removed", text.slice(0, paren) + text.slice(paren + 1)]);
  const quote = text.lastIndexOf('"');
  if (quote >= 0) out.push(['last \'"\' removed', text.slice(0, quote) + text.slice(quote + 1)]);
  return out;
}

const errorsOf = (ds: PlainDiagnostic[]) => ds.filter((d) => d.severity.toLowerCase() === 'error');

function describeFailure(o: Outcome): string {
  switch (o.kind) {
    case 'crash': return `${o.name}: ${o.message}`;
    case 'timeout': return `no answer within ${o.ms} ms`;
    case 'kql-error': return `threw KqlError: ${o.message}`;
    default: return `unexpected outcome ${o.kind}`;
  }
}

function syntaxVerdict(text: string, theirs: Pick<OracleAnalysis, 'syntaxErrors'>, ours: PlainDiagnostic[]): [SyntaxVerdict, string?] {
  const theirFirst = firstOf(theirs.syntaxErrors);
  const ourFirst = firstOf(ours);
  const show = (d: { code: string; message: string; start: number } | undefined) => (d ? `${d.code} @${d.start} ${d.message}` : '');
  if (!theirFirst && !ourFirst) return ['both accept'];
  if (theirFirst && !ourFirst) return ['only the analyzer rejects', `analyzer: ${show(theirFirst)}`];
  if (!theirFirst && ourFirst) return ['only we reject', `ours: ${show(ourFirst)}`];
  const detail = `analyzer: ${show(theirFirst)}; ours: ${show(ourFirst)}`;
  if (theirFirst!.start === ourFirst!.start) return ['both reject, same first position', detail];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  return lineOf(theirFirst!.start) === lineOf(ourFirst!.start)
    ? ['both reject, first errors on the same line', detail]
    : ['both reject, first errors on different lines', detail];
}

function firstOf<T extends { start: number }>(ds: readonly T[]): T | undefined {
  return ds.reduce<T | undefined>((a, d) => (a === undefined || d.start < a.start ? d : a), undefined);
}

function schemaVerdict(theirs: OracleColumn[] | null, ours: OracleColumn[] | null, ourErrors: PlainDiagnostic[]): [SchemaVerdict, string?] {
  const show = (cs: OracleColumn[] | null) => (cs ? cs.map((c) => `${c.name}:${c.type}`).join(', ') : 'null');
  if (ourErrors.length > 0) {
    const d = ourErrors[0]!;
    return ['we report an error', `${d.code} ${d.message}`];
  }
  if (ours === null || theirs === null) return theirs === ours ? ['same schema'] : ['we give no schema', `analyzer: ${show(theirs)}`];
  const names = (cs: OracleColumn[]) => cs.map((c) => c.name);
  const sameNamesInOrder = names(theirs).join('\u0000') === names(ours).join('\u0000');
  if (sameNamesInOrder) {
    const types = theirs.flatMap((c, i) => (c.type === ours[i]!.type ? [] : [`${c.name}: analyzer ${c.type}, ours ${ours[i]!.type}`]));
    return types.length === 0 ? ['same schema'] : ['different column types', types.join('; ')];
  }
  const sorted = (cs: OracleColumn[]) => [...names(cs)].sort().join('\u0000');
  if (sorted(theirs) === sorted(ours)) return ['different column order', `analyzer: ${show(theirs)}; ours: ${show(ours)}`];
  const missing = names(theirs).filter((n) => !names(ours).includes(n));
  const extra = names(ours).filter((n) => !names(theirs).includes(n));
  return ['different column names', `missing: ${missing.join(', ') || '—'}; extra: ${extra.join(', ') || '—'}`];
}

function summarize(rows: Row[], mutated: MutatedRow[]): { text: string; counts: Record<string, number> } {
  const n = (pred: (r: Row) => boolean) => rows.filter(pred).length;
  const m = (pred: (r: MutatedRow) => boolean) => mutated.filter(pred).length;
  const agrees = (v: SyntaxVerdict | undefined) => v === 'both accept' || (v?.startsWith('both reject') ?? false);
  const sameLine = (v: SyntaxVerdict | undefined) => v === 'both reject, same first position' || v === 'both reject, first errors on the same line';
  const syntaxAgree = n((r) => agrees(r.syntax));
  const schemaCompared = n((r) => r.schema !== undefined);
  const schemaAgree = n((r) => r.schema === 'same schema');
  const mutatedAgree = m((r) => agrees(r.syntax));
  const mutatedSamePosition = m((r) => r.syntax === 'both reject, same first position');
  const mutatedSameLine = m((r) => sameLine(r.syntax));
  const counts = { syntaxAgree, schemaAgree, mutatedAgree, mutatedSamePosition, mutatedSameLine };
  const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);

  const syntaxKinds = SYNTAX_KINDS;
  const schemaKinds: SchemaVerdict[] = ['same schema', 'we report an error', 'we give no schema', 'different column names', 'different column types', 'different column order'];
  const out = [
    '# Differential summary: real hunting queries vs Kusto.Language',
    '',
    'Written by `test/differential/hunting-queries.test.ts` on every run; do not edit. Queries are read from',
    '`../shared/queries/real-hunting-sample.jsonl` (ids and paths only here); tables from `../shared/schemas/`.',
    '',
    `- Queries: ${rows.length}; crashes: ${n((r) => r.crash !== undefined)}`,
    `- **Syntax agreement** (both accept, or both reject): ${syntaxAgree} / ${rows.length} (${pct(syntaxAgree, rows.length)})`,
    `- First syntax error at the same offset, when both reject: ${n((r) => r.syntax === 'both reject, same first position')} / ${n((r) => r.syntax?.startsWith('both reject') ?? false)}`,
    `- **Syntax agreement on broken variants** (${mutated.length} cut / unbalanced variants): ${mutatedAgree} / ${mutated.length} (${pct(mutatedAgree, mutated.length)}); ` +
      `of the ${m((r) => r.syntax?.startsWith('both reject') ?? false)} that both reject, first error at the same offset: ${mutatedSamePosition}, on the same line: ${mutatedSameLine}`,
    `- **Schema agreement** (analyzer accepts with no error; same names, types, order): ${schemaAgree} / ${schemaCompared} (${pct(schemaAgree, schemaCompared)})`,
    '',
    '| Syntax | Queries |', '|---|---:|', ...syntaxKinds.map((k) => `| ${k} | ${n((r) => r.syntax === k)} |`),
    '',
    '| Syntax, broken variants | Variants |', '|---|---:|', ...syntaxKinds.map((k) => `| ${k} | ${m((r) => r.syntax === k)} |`),
    '',
    '| Schema | Queries |', '|---|---:|', ...schemaKinds.map((k) => `| ${k} | ${n((r) => r.schema === k)} |`),
    '',
    `Semantic errors (informational): the analyzer rejects ${n((r) => r.semantic !== undefined)} syntactically valid queries; ` +
      `we report an error on ${n((r) => r.semantic === 'both report an error')} of them.`,
    '',
  ];
  const crashes = [...rows, ...mutated].filter((r) => r.crash);
  if (crashes.length > 0) out.push('## Crashes', '', ...crashes.map((r) => `- ${ref(r.q)}: ${r.crash}`), '');
  out.push('## Syntax disagreements', '');
  for (const k of syntaxKinds.filter((x) => x !== 'both accept' && x !== 'both reject, same first position')) {
    const group = rows.filter((r) => r.syntax === k);
    if (group.length > 0) out.push(`### ${k} (${group.length})`, '', ...group.map((r) => `- ${ref(r.q)}: ${clip(r.syntaxDetail ?? '')}`), '');
  }
  out.push('## Schema disagreements', '');
  for (const k of schemaKinds.filter((x) => x !== 'same schema')) {
    const group = rows.filter((r) => r.schema === k);
    if (group.length > 0) out.push(`### ${k} (${group.length})`, '', ...group.map((r) => `- ${ref(r.q)}: ${clip(r.schemaDetail ?? '')}`), '');
  }
  out.push('## Syntax disagreements on broken variants', '');
  for (const k of syntaxKinds.filter((x) => x !== 'both accept' && x !== 'both reject, same first position')) {
    const group = mutated.filter((r) => r.syntax === k);
    if (group.length > 0) out.push(`### ${k} (${group.length})`, '', ...group.map((r) => `- ${ref(r.q)}, ${r.variant}: ${clip(r.syntaxDetail ?? '')}`), '');
  }
  const semantic = rows.filter((r) => r.semantic !== undefined);
  if (semantic.length > 0) out.push('## Queries the analyzer rejects on semantic grounds', '', ...semantic.map((r) => `- ${ref(r.q)} (${r.semantic}): ${clip(r.semanticDetail ?? '')}`), '');
  return { text: out.join('\n'), counts };
}

const ref = (q: HuntingQuery) => `\`${q.id}\` (${q.path})`;

function clip(text: string, max = 300): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
