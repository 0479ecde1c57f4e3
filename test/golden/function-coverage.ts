// Golden function coverage (issue 3): which catalog functions have a golden case pinning a value from the
// official docs (@doc) and one exercising a null / empty / invalid-input edge (@edge).
//
// A case in test/golden/**/*.kqltest is tagged by comment lines directly above its header:
//     # @doc strlen, strcat
//     # @edge strlen
// A tag counts for a function only if the case is not `known-failure` and its query text calls the function
// (`name(` outside string literals and comments; an alias counts for its primary name; an aggregate's call
// must come after a `summarize` / `make-series` / `top-nested`). A documentation conformance case
// (test/harness/docs-cases.ts) counts as @doc for every function its query calls, unless it is listed in
// test/conformance/known-failures.json or belongs to an area listed there (Geospatial, Graph):
// conformance.test.ts fails when any other case does not pass, so every counted case passes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AggregateDef, ScalarFunctionDef } from '../../src/functions/define.js';
import { aggregateFunctions, scalarFunctions } from '../../src/functions/index.js';
import { BINDER_FUNCTIONS } from '../../src/functions/coverage.js';
import { conversionFunctions } from '../../src/functions/scalar/conversion.js';
import { stringFunctions } from '../../src/functions/scalar/string.js';
import { regexFunctions } from '../../src/functions/scalar/regex.js';
import { datetimeFunctions } from '../../src/functions/scalar/datetime.js';
import { dynamicFunctions } from '../../src/functions/scalar/dynamic.js';
import { arrayFunctions } from '../../src/functions/scalar/array.js';
import { conditionalFunctions } from '../../src/functions/scalar/conditional.js';
import { mathFunctions } from '../../src/functions/scalar/math.js';
import { mathSpecialFunctions } from '../../src/functions/scalar/math-special.js';
import { datetimeFormatFunctions } from '../../src/functions/scalar/datetime-format.js';
import { ipFunctions } from '../../src/functions/scalar/ip.js';
import { encodingFunctions } from '../../src/functions/scalar/encoding.js';
import { stringExtraFunctions } from '../../src/functions/scalar/string-extras.js';
import { seriesFunctions } from '../../src/functions/scalar/series.js';
import { seriesAnalysisFunctions } from '../../src/functions/scalar/series-analysis.js';
import { sketchAggregates, sketchScalars } from '../../src/functions/aggregate/sketches.js';
import { coreAggregates } from '../../src/functions/aggregate/core.js';
import { statisticsAggregates } from '../../src/functions/aggregate/statistics.js';
import { parseGolden } from './format.js';
import { loadDocsCases } from '../harness/docs-cases.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const MISSING_PATH = join(HERE, 'function-coverage-missing.json');
const KNOWN_FAILURES_PATH = join(HERE, '../conformance/known-failures.json');

/** Scalar families by source file (src/functions/scalar/<family>.ts); aggregates by their file too. */
const SCALAR_FAMILIES: [string, ScalarFunctionDef[]][] = [
  ['conversion', conversionFunctions], ['string', stringFunctions], ['regex', regexFunctions],
  ['datetime', datetimeFunctions], ['dynamic', dynamicFunctions], ['array', arrayFunctions],
  ['conditional', conditionalFunctions], ['math', mathFunctions], ['math-special', mathSpecialFunctions],
  ['datetime-format', datetimeFormatFunctions], ['sketches', sketchScalars], ['ip', ipFunctions],
  ['encoding', encodingFunctions], ['string-extras', stringExtraFunctions], ['series', seriesFunctions],
  ['series-analysis', seriesAnalysisFunctions],
];
const AGGREGATE_FAMILIES: [string, AggregateDef[]][] = [
  ['aggregate-core', coreAggregates], ['aggregate-statistics', statisticsAggregates], ['aggregate-sketches', sketchAggregates],
];

export interface CoveredFunction {
  /** the checker's key: the primary name; an aggregate whose name is also a scalar's is `name (aggregate)` */
  id: string;
  name: string;
  kind: 'scalar' | 'aggregate';
  family: string;
  /** the primary name and its aliases: a call to any of them counts */
  names: string[];
  /** where the @doc evidence is (golden file:line or docs case id) */
  doc: string[];
  edge: string[];
}

/** Every function the checker requires: the catalog's scalars and aggregates and the binder's own. */
export function requiredFunctions(): CoveredFunction[] {
  const out: CoveredFunction[] = [];
  const familyOf = new Map<unknown, string>();
  for (const [f, defs] of [...SCALAR_FAMILIES, ...AGGREGATE_FAMILIES] as [string, { name: string }[]][]) for (const d of defs) familyOf.set(d, f);
  const scalarNames = new Set(scalarFunctions.map((d) => d.name));
  for (const d of scalarFunctions) {
    out.push({ id: d.name, name: d.name, kind: 'scalar', family: familyOf.get(d) ?? 'other', names: [d.name, ...(d.aliases ?? [])], doc: [], edge: [] });
  }
  for (const name of BINDER_FUNCTIONS) {
    out.push({ id: name, name, kind: 'scalar', family: 'binder', names: [name], doc: [], edge: [] });
  }
  for (const d of aggregateFunctions) {
    const id = scalarNames.has(d.name) ? `${d.name} (aggregate)` : d.name;
    out.push({ id, name: d.name, kind: 'aggregate', family: familyOf.get(d) ?? 'aggregate-other', names: [d.name, ...(d.aliases ?? [])], doc: [], edge: [] });
  }
  return out;
}

/** The query text without comments and without the contents of string literals. */
export function codeOnly(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '/' && query[i + 1] === '/') {
      while (i < query.length && query[i] !== '\n') i++;
      continue;
    }
    if (c === '`' && query.startsWith('```', i)) {
      const end = query.indexOf('```', i + 3);
      out += '""';
      i = end < 0 ? query.length : end + 3;
      continue;
    }
    if (c === '"' || c === "'") {
      const verbatim = query[i - 1] === '@';
      let j = i + 1;
      while (j < query.length && query[j] !== c && query[j] !== '\n') {
        if (!verbatim && query[j] === '\\') j++;
        j++;
      }
      out += `${c}${c}`;
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const AGGREGATION = /\b(summarize|make-series|top-nested)\b/;

/** Whether the query calls the function (by any of its names); an aggregate only after an aggregation operator. */
export function calls(code: string, f: Pick<CoveredFunction, 'names' | 'kind'>): boolean {
  const call = new RegExp(`(?<![\\w.$])(${f.names.map(escapeRe).join('|')})\\s*\\(`);
  if (f.kind === 'scalar') return call.test(code);
  const m = AGGREGATION.exec(code);
  return m !== null && call.test(code.slice(m.index));
}

export interface GoldenTagProblem { where: string; message: string }

function goldenFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? goldenFiles(p) : p.endsWith('.kqltest') ? [p] : [];
  });
}

/** The tags written directly above each case header (contiguous comment lines). */
function tagsAbove(lines: string[], headerLine: number): { doc: string[]; edge: string[] } {
  const doc: string[] = [];
  const edge: string[] = [];
  for (let i = headerLine - 2; i >= 0; i--) {
    const t = lines[i]!.trim();
    if (!t.startsWith('#')) break;
    const m = /^#\s*@(doc|edge)\b(.*)$/.exec(t);
    if (!m) continue;
    const names = m[2]!.split(/[\s,]+/).filter((n) => n !== '');
    (m[1] === 'doc' ? doc : edge).push(...names);
  }
  return { doc, edge };
}

export interface GoldenCoverage {
  functions: CoveredFunction[];
  /** tags that name no catalog function, or sit on a case that does not call the function */
  problems: GoldenTagProblem[];
}

/** Collects the @doc / @edge evidence for every required function. */
export function goldenCoverage(): GoldenCoverage {
  const functions = requiredFunctions();
  const byName = new Map<string, CoveredFunction[]>();
  for (const f of functions) for (const n of f.names) byName.set(n, [...(byName.get(n) ?? []), f]);
  const problems: GoldenTagProblem[] = [];

  for (const file of goldenFiles(HERE)) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const rel = relative(HERE, file);
    for (const c of parseGolden(text).cases) {
      const tags = tagsAbove(lines, c.line);
      const where = `${rel}:${c.line}`;
      const code = codeOnly(c.text);
      for (const [kind, names] of [['doc', tags.doc], ['edge', tags.edge]] as const) {
        for (const n of names) {
          const fs = byName.get(n);
          if (!fs) { problems.push({ where, message: `@${kind} ${n}: not a function of the catalog` }); continue; }
          const called = fs.filter((f) => calls(code, f));
          if (called.length === 0) { problems.push({ where, message: `@${kind} ${n}: the case's query does not call it` }); continue; }
          if (c.knownFailure) continue;
          for (const f of called) f[kind].push(where);
        }
      }
    }
  }

  const known = JSON.parse(readFileSync(KNOWN_FAILURES_PATH, 'utf8')) as { areas: Record<string, string>; cases: Record<string, unknown> };
  for (const c of loadDocsCases()) {
    if (c.area in known.areas || c.id in known.cases) continue;
    const code = codeOnly(c.query);
    for (const f of functions) if (calls(code, f)) f.doc.push(`docs:${c.id}`);
  }
  return { functions, problems };
}

export interface FamilyCoverage { family: string; total: number; doc: number; edge: number; both: number }

/** Per-family counts (and a final `all` row): functions with a @doc case, an @edge case, both. */
export function familySummary(functions: CoveredFunction[] = goldenCoverage().functions): FamilyCoverage[] {
  const families = [...new Set(functions.map((f) => f.family))];
  const row = (family: string, fs: CoveredFunction[]): FamilyCoverage => ({
    family,
    total: fs.length,
    doc: fs.filter((f) => f.doc.length > 0).length,
    edge: fs.filter((f) => f.edge.length > 0).length,
    both: fs.filter((f) => f.doc.length > 0 && f.edge.length > 0).length,
  });
  return [...families.map((fam) => row(fam, functions.filter((f) => f.family === fam))), row('all', functions)];
}

/** The README line: `functions with doc + edge golden cases: X/Y`. */
export function readmeLine(summary: FamilyCoverage[] = familySummary()): string {
  const all = summary.find((r) => r.family === 'all')!;
  return `functions with doc + edge golden cases: ${all.both}/${all.total}`;
}

export function formatSummary(summary: FamilyCoverage[]): string {
  const w = Math.max(...summary.map((r) => r.family.length), 6);
  const head = `${'family'.padEnd(w)}  total    doc   edge   both`;
  const rows = summary.map((r) => `${r.family.padEnd(w)}  ${[r.total, r.doc, r.edge, r.both].map((n) => String(n).padStart(5)).join('  ')}`);
  return [head, ...rows].join('\n');
}

/**
 * function-coverage-missing.json: `{ "name": "why it lacks a @doc / @edge case", … }`, one function per line,
 * sorted by name. The reason says which tag is missing and why the docs give nothing to pin it with.
 */
export const readMissingReasons = (): Record<string, string> =>
  JSON.parse(readFileSync(MISSING_PATH, 'utf8')) as Record<string, string>;
export const readMissingList = (): string[] => Object.keys(readMissingReasons());
