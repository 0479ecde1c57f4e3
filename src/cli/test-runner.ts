// `kql test`: detection-as-code. Finds queries (.kql files, Sentinel analytics-rule / hunting-query
// YAML), runs each against its fixture scenarios and checks the expectations.
//
// Layout (by convention, next to the query):
//   rules/inbox-rule.yaml                 the query (or rules/inbox-rule.kql)
//   rules/inbox-rule/fires/               a scenario: one data file per table, named by the table
//     OfficeActivity.json                 (NDJSON, JSON array or CSV, optionally .gz)
//     expect.yaml                         assertions: fires, rows, contains, columns, now; externaldata:
//                                         { URL: file } answers the query's externaldata URLs from files
//   rules/inbox-rule/fires.expected.json  the scenario's snapshot (written by --update)
//   rules/inbox-rule/benign/ ...
// Data files directly in rules/inbox-rule/ form a single scenario instead (snapshot rules/inbox-rule.expected.json).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { parse as parseYaml, parseDocument } from 'yaml';
import { Database, KqlError, formatDiagnostic, type Diagnostic } from '../index.js';
import { DataFileError } from '../io/errors.js';
import { addTableData, formatOfName, readTables } from '../io/load.js';
import { readTextFile } from '../io/node-files.js';
import { BUILTIN_SCHEMAS, getBuiltinSchema } from '../schemas/index.js';
import { isUrl } from '../plugins/external-data.js';
import { diffSnapshots, parseSnapshot, snapshotText, toSnapshot, type Snapshot } from './snapshot.js';

export interface TestOptions {
  paths: string[];
  update: boolean;
  /** the time now() and ago() use in every case (ISO text); cases may override it in expect.yaml */
  now: string;
  cwd?: string;
}

/** A query under test. */
export interface QueryCase {
  file: string;
  /** the rule's `name:` for YAML, else the file name */
  title: string;
  query: string;
  kind: 'kql' | 'analytics rule' | 'hunting query';
  /** lines in `file` before the query's first line (0 for .kql: the query is the file) */
  lineOffset: number;
  /** the indentation of the query's lines in `file` (a YAML block scalar's) */
  indent: number;
  /** the file's text, to show error lines as they are in the file */
  source: string;
  /** analytics rules fire when the row count passes the trigger (`triggerOperator`, `triggerThreshold`) */
  trigger: { operator: 'gt' | 'lt' | 'eq' | 'ne'; threshold: number };
}

export type Status = 'passed' | 'failed' | 'query error' | 'data error';

export interface ScenarioResult {
  file: string;
  title: string;
  scenario: string;
  status: Status;
  /** lines explaining a failure or error */
  details: string[];
  rows?: number;
  ms: number;
  /** the snapshot was written (--update) */
  updated?: boolean;
}

const DATA_EXTENSIONS = /\.(json|ndjson|jsonl|csv)(\.gz)?$/i;
const EXPECT_FILE = /^expect\.ya?ml$/i;

/** Every query file under the paths (a file, or a directory searched recursively), sorted. */
export function discoverQueries(paths: readonly string[]): { cases: QueryCase[]; problems: ScenarioResult[] } {
  const files: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        walk(join(p, name), false);
      }
    } else if (/\.kql$/i.test(p) || (/\.ya?ml$/i.test(p) && !EXPECT_FILE.test(basename(p)))) files.push(p);
    else if (explicit) throw new TestUsageError(`${p}: not a .kql or .yaml query file`);
  };
  for (const p of paths) {
    if (!existsSync(p)) throw new TestUsageError(`${p}: no such file or directory`);
    walk(p, true);
  }
  const cases: QueryCase[] = [];
  const problems: ScenarioResult[] = [];
  for (const file of [...new Set(files)]) {
    const text = readFileSync(file, 'utf8');
    if (/\.kql$/i.test(file)) {
      cases.push({ file, title: basename(file), query: text, kind: 'kql', lineOffset: 0, indent: 0, source: text, trigger: { operator: 'gt', threshold: 0 } });
      continue;
    }
    const doc = parseDocument(text);
    if (doc.errors.length) {
      // a YAML file that is not even YAML: a broken rule if it mentions a query, else not ours
      if (!/^query\s*:/m.test(text)) continue;
      const e = doc.errors[0]!;
      problems.push({ file, title: basename(file), scenario: '(rule file)', status: 'query error', ms: 0,
        details: [`${file}:${e.linePos?.[0]?.line ?? '?'}: not valid YAML: ${e.message.split('\n')[0]}`] });
      continue;
    }
    const rule = doc.toJS() as Record<string, unknown> | null;
    if (!rule || typeof rule !== 'object' || typeof rule.query !== 'string') continue; // not a query file (a manifest, a config...)
    const kind = 'triggerOperator' in rule || 'queryFrequency' in rule || rule.kind === 'Scheduled' || rule.kind === 'NRT' ? 'analytics rule' : 'hunting query';
    const ops: Record<string, 'gt' | 'lt' | 'eq' | 'ne'> = { gt: 'gt', greaterthan: 'gt', lt: 'lt', lessthan: 'lt', eq: 'eq', equal: 'eq', ne: 'ne', notequal: 'ne' };
    const op = ops[String(rule.triggerOperator ?? 'gt').toLowerCase()] ?? 'gt';
    const threshold = Number(rule.triggerThreshold ?? 0);
    cases.push({
      file,
      title: typeof rule.name === 'string' ? rule.name : basename(file),
      query: rule.query,
      kind,
      ...queryPosition(text, rule.query),
      source: text,
      trigger: { operator: op, threshold: Number.isFinite(threshold) ? threshold : 0 },
    });
  }
  return { cases, problems };
}

/**
 * Where a YAML file's `query: |` block puts the query: the lines before its first line, and its
 * indentation — so errors can point at the file's own line and column. Without a literal block
 * (a quoted or folded query) there is no exact mapping: offset 0, and the query's text is shown.
 */
function queryPosition(text: string, query: string): { lineOffset: number; indent: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^query\s*:\s*\|[-+0-9]*\s*$/.test(l));
  if (i < 0) return { lineOffset: 0, indent: 0 };
  const first = lines.slice(i + 1).find((l) => l.trim() !== '') ?? '';
  const indent = first.length - first.trimStart().length;
  const body = lines.slice(i + 1, i + 1 + query.split('\n').length).map((l) => l.slice(indent).replace(/\r$/, ''));
  // only when the block is what we think it is
  return query.startsWith(body.join('\n').trimEnd().split('\n')[0] ?? '') ? { lineOffset: i + 1, indent } : { lineOffset: 0, indent: 0 };
}

export class TestUsageError extends Error {}

interface Scenario {
  name: string;
  dir: string;
  dataFiles: string[];
  expectFile?: string;
  snapshotFile: string;
}

/** The scenarios of a query: subdirectories of `<dir>/<stem>/`, or that directory itself if it holds data. */
export function scenariosOf(file: string): Scenario[] {
  const stem = basename(file, extname(file));
  const root = join(dirname(file), stem);
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const scenario = (dir: string, name: string, snapshotFile: string): Scenario | undefined => {
    const names = readdirSync(dir).sort();
    const dataFiles = names.filter((n) => DATA_EXTENSIONS.test(n) && !n.endsWith('.expected.json')).map((n) => join(dir, n));
    const expect = names.find((n) => EXPECT_FILE.test(n));
    if (dataFiles.length === 0 && !expect) return undefined;
    return { name, dir, dataFiles, expectFile: expect ? join(dir, expect) : undefined, snapshotFile };
  };
  const out: Scenario[] = [];
  const top = scenario(root, 'default', join(dirname(file), `${stem}.expected.json`));
  if (top) out.push(top);
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (name.startsWith('.') || !statSync(dir).isDirectory()) continue;
    const s = scenario(dir, name, join(root, `${name}.expected.json`));
    if (s) out.push(s);
  }
  return out;
}

interface Expectations {
  now?: string;
  fires?: boolean;
  rows?: { op: '==' | '>=' | '>' | '<=' | '<' | '!='; n: number };
  contains: Record<string, unknown>[];
  columns?: string[];
  /** compare with (and with --update write) the scenario's *.expected.json */
  snapshot?: boolean;
  /** externaldata URL → a file of the scenario (relative to its folder) whose text answers it */
  externaldata?: Record<string, string>;
}

const EXPECT_KEYS = new Set(['description', 'now', 'fires', 'rows', 'contains', 'columns', 'snapshot', 'externaldata']);

/** Reads expect.yaml (strictly: an unknown key is an error, so a typo cannot disable a check). */
export function parseExpectations(file: string, text: string): Expectations {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new DataFileError(file, undefined, `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return { contains: [] };
  if (typeof value !== 'object' || Array.isArray(value)) throw new DataFileError(file, undefined, 'expected a mapping of expectations (fires, rows, contains, columns, now)');
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v)) {
    if (!EXPECT_KEYS.has(k)) throw new DataFileError(file, undefined, `unknown expectation '${k}' (known: ${[...EXPECT_KEYS].join(', ')})`);
  }
  const out: Expectations = { contains: [] };
  if (v.now !== undefined) out.now = v.now instanceof Date ? v.now.toISOString() : String(v.now);
  if (v.fires !== undefined) {
    if (typeof v.fires !== 'boolean') throw new DataFileError(file, undefined, "'fires' must be true or false");
    out.fires = v.fires;
  }
  if (v.rows !== undefined) {
    const m = /^\s*(==|>=|<=|!=|>|<|=)?\s*(\d+)\s*$/.exec(String(v.rows));
    if (!m) throw new DataFileError(file, undefined, `'rows' must be a number or a comparison such as ">= 1", not ${JSON.stringify(v.rows)}`);
    const op = (m[1] === '=' || !m[1] ? '==' : m[1]) as NonNullable<Expectations['rows']>['op'];
    out.rows = { op, n: Number(m[2]) };
  }
  if (v.contains !== undefined) {
    const list = Array.isArray(v.contains) ? v.contains : [v.contains];
    for (const c of list) {
      if (!c || typeof c !== 'object' || Array.isArray(c)) throw new DataFileError(file, undefined, "'contains' must be a mapping { Column: value } or a list of them");
      out.contains.push(c as Record<string, unknown>);
    }
  }
  if (v.snapshot !== undefined) {
    if (typeof v.snapshot !== 'boolean') throw new DataFileError(file, undefined, "'snapshot' must be true or false");
    out.snapshot = v.snapshot;
  }
  if (v.externaldata !== undefined) {
    const m = v.externaldata;
    if (!m || typeof m !== 'object' || Array.isArray(m) || !Object.entries(m).every(([k, f]) => isUrl(k) && typeof f === 'string' && f !== '')) {
      throw new DataFileError(file, undefined, "'externaldata' must be a mapping { URL: file } (the file relative to the scenario's folder)");
    }
    out.externaldata = m as Record<string, string>;
  }
  if (v.columns !== undefined) {
    if (!Array.isArray(v.columns) || !v.columns.every((c) => typeof c === 'string')) throw new DataFileError(file, undefined, "'columns' must be a list of column names");
    out.columns = v.columns as string[];
  }
  return out;
}

/** Runs every scenario of every query found under the paths. */
export async function runTests(options: TestOptions, onResult: (r: ScenarioResult) => void = () => {}): Promise<ScenarioResult[]> {
  const { cases, problems } = discoverQueries(options.paths);
  const results: ScenarioResult[] = [...problems];
  problems.forEach(onResult);
  for (const c of cases) {
    const scenarios = scenariosOf(c.file);
    if (scenarios.length === 0) {
      const r = checkOnly(c);
      results.push(r);
      onResult(r);
      continue;
    }
    for (const s of scenarios) {
      const r = await runScenario(c, s, options);
      results.push(r);
      onResult(r);
    }
  }
  return results;
}

/** A query without fixtures is still checked against the built-in schemas. */
function checkOnly(c: QueryCase): ScenarioResult {
  const start = Date.now();
  const db = new Database();
  addBuiltinTables(db);
  const { diagnostics } = db.analyze(c.query);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const base = { file: c.file, title: c.title, scenario: '(check only: no fixtures)' };
  if (errors.length) return { ...base, status: 'query error', details: renderDiagnostics(c, errors), ms: Date.now() - start };
  return { ...base, status: 'passed', details: [], ms: Date.now() - start };
}

function addBuiltinTables(db: Database): void {
  for (const name of Object.keys(BUILTIN_SCHEMAS)) {
    if (!db.hasTable(name)) db.addTable(name, [], getBuiltinSchema(name)!.map((c) => ({ name: c.name, type: c.type })));
  }
}

async function runScenario(c: QueryCase, s: Scenario, options: TestOptions): Promise<ScenarioResult> {
  const start = Date.now();
  const base = { file: c.file, title: c.title, scenario: s.name };
  const done = (status: Status, details: string[], extra: Partial<ScenarioResult> = {}): ScenarioResult => ({ ...base, status, details, ms: Date.now() - start, ...extra });
  let expect: Expectations = { contains: [] };
  let db: Database;
  try {
    if (s.expectFile) expect = parseExpectations(s.expectFile, readFileSync(s.expectFile, 'utf8'));
    const externals = expect.externaldata ?? {};
    try {
      db = new Database({
        now: expect.now ?? options.now,
        // externaldata URLs the scenario answers from its files (never the network)
        readExternalUrl: (url) => {
          const f = externals[url];
          if (f === undefined) throw new Error(`the scenario's expect.yaml has no externaldata entry for it`);
          return readFileSync(join(s.dir, f), 'utf8');
        },
      });
    } catch (e) {
      throw new DataFileError(s.expectFile ?? s.dir, undefined, `now: ${(e as Error).message}`);
    }
    const answering = new Set(Object.values(externals).map((f) => join(s.dir, f)));
    for (const path of s.dataFiles) {
      if (answering.has(path)) continue; // a file that answers an externaldata URL is not a table
      const tables = await readTables(readTextFile(path), { file: path, format: formatOfName(path), defaultTable: basename(path).split('.')[0] });
      for (const t of tables) {
        if (db.hasTable(t.name)) throw new DataFileError(path, undefined, `table '${t.name}' is loaded twice in this scenario`);
        addTableData(db, t);
      }
    }
    addBuiltinTables(db);
  } catch (e) {
    if (e instanceof DataFileError) return done('data error', [e.message]);
    throw e;
  }
  let result;
  try {
    result = await db.query(c.query);
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    return done('query error', renderDiagnostics(c, e.diagnostics));
  }
  const actual = toSnapshot(result.toJSON());
  const n = actual.rows.length;
  const failures: string[] = [];
  const fires = firesFor(c, n);
  if (expect.fires !== undefined && expect.fires !== fires) {
    failures.push(expect.fires
      ? `expected the ${c.kind} to fire, but it returned ${n} row${n === 1 ? '' : 's'}${triggerText(c)}`
      : `expected the ${c.kind} not to fire, but it returned ${n} row${n === 1 ? '' : 's'}${triggerText(c)}`);
  }
  if (expect.rows && !compareCount(n, expect.rows.op, expect.rows.n)) {
    failures.push(`expected row count ${expect.rows.op} ${expect.rows.n}, got ${n}`);
  }
  if (expect.columns) {
    const have = new Set(actual.columns.map((col) => col.name));
    const missing = expect.columns.filter((col) => !have.has(col));
    if (missing.length) failures.push(`expected column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} in the result; it has ${[...have].join(', ') || 'none'}`);
  }
  for (const want of expect.contains) {
    const missingCols = Object.keys(want).filter((k) => !actual.columns.some((col) => col.name === k));
    if (missingCols.length) {
      failures.push(`expected a row with ${showWant(want)}, but the result has no column ${missingCols.join(', ')} (columns: ${actual.columns.map((col) => col.name).join(', ')})`);
      continue;
    }
    if (!actual.rows.some((row) => Object.entries(want).every(([k, v]) => cellMatches(row[k], v)))) {
      const near = actual.rows.slice(0, 3).map((row) => `  ${Object.keys(want).map((k) => `${k}=${JSON.stringify(row[k])}`).join(', ')}`);
      failures.push(`expected a row with ${showWant(want)}; none of the ${n} row${n === 1 ? '' : 's'} has it${near.length ? `. First rows:\n${near.join('\n')}` : ''}`);
    }
  }
  let updated = false;
  const hasSnapshot = existsSync(s.snapshotFile);
  const hasAssertions = expect.fires !== undefined || expect.rows !== undefined || expect.contains.length > 0 || expect.columns !== undefined;
  const wantSnapshot = expect.snapshot ?? (hasSnapshot || !hasAssertions);
  if (options.update && wantSnapshot) {
    const text = snapshotText(actual);
    if (!hasSnapshot || readFileSync(s.snapshotFile, 'utf8') !== text) {
      writeFileSync(s.snapshotFile, text);
      updated = true;
    }
  } else if (wantSnapshot && !hasSnapshot && hasAssertions) {
    failures.push(`the snapshot ${s.snapshotFile} does not exist yet: write it with --update (and review it)`);
  } else if (wantSnapshot && hasSnapshot) {
    let expected: Snapshot;
    try {
      expected = parseSnapshot(readFileSync(s.snapshotFile, 'utf8'));
    } catch (e) {
      return done('data error', [`${s.snapshotFile}: not a snapshot (${(e as Error).message}); rewrite it with --update`]);
    }
    const diff = diffSnapshots(expected, actual);
    if (diff.length) failures.push(`result differs from the snapshot ${s.snapshotFile} (run with --update if the change is intended):`, ...diff.map((l) => `  ${l}`));
  } else if (!hasAssertions) {
    failures.push(`no expectations: add ${join(s.dir, 'expect.yaml')} (fires / rows / contains) or write a snapshot with --update`);
  }
  return done(failures.length ? 'failed' : 'passed', failures, { rows: n, updated });
}

function firesFor(c: QueryCase, n: number): boolean {
  const { operator, threshold } = c.trigger;
  return operator === 'gt' ? n > threshold : operator === 'lt' ? n < threshold : operator === 'eq' ? n === threshold : n !== threshold;
}

function triggerText(c: QueryCase): string {
  if (c.kind !== 'analytics rule') return '';
  const op = { gt: '>', lt: '<', eq: '=', ne: '≠' }[c.trigger.operator];
  return ` (it fires when the row count ${op} ${c.trigger.threshold})`;
}

function compareCount(n: number, op: string, k: number): boolean {
  switch (op) {
    case '>=': return n >= k;
    case '>': return n > k;
    case '<=': return n <= k;
    case '<': return n < k;
    case '!=': return n !== k;
    default: return n === k;
  }
}

/**
 * "Column X contains Y": for text, Y is a substring (case-sensitive); for dynamic values, Y is an
 * element of an array / equal to the value; otherwise equality (numbers, booleans; date-times by their ISO text).
 */
function cellMatches(cell: unknown, want: unknown): boolean {
  if (want instanceof Date) want = want.toISOString();
  if (typeof cell === 'string' && typeof want === 'string') {
    if (cell.includes(want)) return true;
    const a = Date.parse(cell);
    const b = Date.parse(want);
    return /^\d{4}-\d\d-\d\dT/.test(cell) && /^\d{4}-\d\d-\d\d/.test(want) && !Number.isNaN(a) && a === b;
  }
  if (Array.isArray(cell) && !Array.isArray(want)) return cell.some((x) => cellMatches(x, want));
  return JSON.stringify(cell) === JSON.stringify(want);
}

const showWant = (want: Record<string, unknown>) => Object.entries(want).map(([k, v]) => `${k} containing ${JSON.stringify(v instanceof Date ? v.toISOString() : v)}`).join(' and ');

/** Diagnostics with the caret under the line as it is in the file (a YAML rule's own line numbers). */
function renderDiagnostics(c: QueryCase, diagnostics: readonly Diagnostic[]): string[] {
  const inFile = c.kind === 'kql' || c.lineOffset > 0;
  return diagnostics.flatMap((d) => {
    const text = inFile
      ? formatDiagnostic(c.source, { ...d, line: d.line + c.lineOffset, column: d.column + c.indent })
      : formatDiagnostic(c.query, d);
    return text.replace(/--> (\d+):(\d+)/, (_, l: string, col: string) => `--> ${c.file}:${l}:${col}`).split('\n');
  });
}

// ---------------------------------------------------------------------------------------------
// Reporters

/** A one-line verdict per scenario and the details of failures, for people. */
export function textLine(r: ScenarioResult, cwd: string, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const mark = r.status === 'passed' ? paint('32', 'ok  ') : r.status === 'failed' ? paint('31', 'FAIL') : paint('31', 'ERR ');
  const where = `${shortPath(cwd, r.file)} › ${r.scenario}`;
  const note = r.status === 'passed'
    ? `${r.rows === undefined ? '' : ` (${r.rows} row${r.rows === 1 ? '' : 's'})`}${r.updated ? ' — snapshot written' : ''}`
    : r.status === 'failed' ? '' : ` — ${r.status}`;
  const details = r.details.flatMap((l) => l.split('\n')).map((l) => `      ${l}`).join('\n');
  return `${mark} ${where}${note}${details ? `\n${details}` : ''}\n`;
}

function shortPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function summaryLine(results: readonly ScenarioResult[]): string {
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  const parts = [`${count('passed')} passed`];
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('query error')) parts.push(`${count('query error')} query error${count('query error') === 1 ? '' : 's'}`);
  if (count('data error')) parts.push(`${count('data error')} data error${count('data error') === 1 ? '' : 's'}`);
  const files = new Set(results.map((r) => r.file)).size;
  return `\n${parts.join(', ')} (${results.length} scenario${results.length === 1 ? '' : 's'} in ${files} quer${files === 1 ? 'y' : 'ies'})\n`;
}

/** JUnit XML: one <testsuite> per query file, one <testcase> per scenario; failures and errors with their details. */
export function junitXml(results: readonly ScenarioResult[], cwd: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // XML 1.0 cannot hold most control characters (ANSI escapes included)
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const byFile = new Map<string, ScenarioResult[]>();
  for (const r of results) {
    const list = byFile.get(r.file) ?? [];
    list.push(r);
    byFile.set(r.file, list);
  }
  const failures = results.filter((r) => r.status === 'failed').length;
  const errors = results.filter((r) => r.status === 'query error' || r.status === 'data error').length;
  const total = results.reduce((t, r) => t + r.ms, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kql test" tests="${results.length}" failures="${failures}" errors="${errors}" time="${secs(total)}">`];
  for (const [file, list] of byFile) {
    const name = shortPath(cwd, file);
    const f = list.filter((r) => r.status === 'failed').length;
    const e = list.filter((r) => r.status === 'query error' || r.status === 'data error').length;
    out.push(`  <testsuite name="${esc(name)}" tests="${list.length}" failures="${f}" errors="${e}" time="${secs(list.reduce((t, r) => t + r.ms, 0))}">`);
    for (const r of list) {
      const open = `    <testcase classname="${esc(name)}" name="${esc(r.scenario)}" time="${secs(r.ms)}"`;
      if (r.status === 'passed') {
        out.push(`${open}/>`);
        continue;
      }
      const tag = r.status === 'failed' ? 'failure' : 'error';
      const message = r.details[0] ?? r.status;
      out.push(`${open}>`, `      <${tag} type="${r.status}" message="${esc(message)}">${esc(r.details.join('\n'))}</${tag}>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
