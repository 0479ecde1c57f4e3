// The `kql` command line: run or check a .kql file against NDJSON/JSON tables or the generated demo data.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Database, KqlError, formatDiagnostic, type Diagnostic, type SchemaInput } from '../index.js';
import { BUILTIN_SCHEMAS, getBuiltinSchema } from '../schemas/index.js';
import { DEMO_NOW, generateDemoData } from '../data/demo-data.js';
import { formatCsv, formatJson, formatMarkdown, formatNdjson, formatTable } from './format.js';
import { parseArgs, UsageError, type CommandArgs, type HelpTopic, type TestArgs } from './parse-args.js';
import { junitXml, runTests, summaryLine, textLine, TestUsageError } from './test-runner.js';
import { catalogCoverage, listFunctions } from '../functions/coverage.js';
import { DataFileError, type TextSource } from '../io/errors.js';
import { addTableData, readTables, type TableData } from '../io/load.js';
import { progressBar, readTextFile } from '../io/node-files.js';
import { setMember } from '../values/dynamic.js';
import { statSync } from 'node:fs';

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file as UTF-8 text; throws (e.g. ENOENT) when it cannot. */
  readFile(path: string): string;
  /**
   * A data file's text in chunks, streamed and gunzipped (default: readFile's text in one piece).
   * May show progress; the returned `done` ends it.
   */
  readData?(path: string): { text: TextSource; done(): void };
  /** The terminal's width for tables; undefined when output is not a terminal (no limit). */
  width?: number;
  /** Use ANSI colors. */
  color?: boolean;
}

export const EXIT = { ok: 0, queryError: 1, usage: 2, dataError: 3, testFailed: 4 } as const;

const HELP = `kql — run KQL (Kusto Query Language) queries over local JSON files

Usage:
  kql run FILE.kql [--table Name=PATH ...] [--data PATH ...] [--external URL=PATH ...] [--demo] [--now ISO] [--format FORMAT]
  kql check FILE.kql [--table Name=PATH ...] [--data PATH ...] [--external URL=PATH ...] [--demo]
  kql test [PATHS ...] [--update] [--reporter junit] [--now ISO]
  kql functions [--json]
  kql <command> --help

Commands:
  run        run the query and print its result
  check      report syntax and type errors without running the query
  test       run detection tests: queries and Sentinel rule YAML against fixtures and expectations
  functions  list the supported functions, and the coverage of Kusto's function catalog

Exit codes: 0 ok, 1 query error, 2 usage error, 3 data error (bad input file), 4 failed expectation

Examples:
  kql run examples/dlp-investigation.kql --demo
  kql run hunt.kql --table CloudAppEvents=events.ndjson --table SecurityAlert=alerts.json --format json
  kql check hunt.kql
  kql test examples/detections
`;

const RUN_HELP = `kql run — run a KQL query and print its result

Usage:
  kql run FILE.kql [options]

Options:
  -t, --table Name=PATH   load table Name from PATH; repeatable. PATH is NDJSON (one JSON object per
                          line), a JSON array of objects, or CSV with a header line (by the extension
                          .csv/.json/.ndjson/.jsonl, else by the first character), optionally gzip-
                          compressed (.gz). Columns are typed by the built-in schema when Name is a
                          Defender XDR / Sentinel table (CloudAppEvents, SecurityAlert, DeviceEvents, ...),
                          else by --schema, else inferred from the values (ISO 8601 text is a datetime).
                          Real export shapes are understood: Defender Streaming API envelopes
                          ({category, properties}, Event Hub {records: [...]}), Office 365 management-
                          activity audit records (as CloudAppEvents or OfficeActivity rows), and Log
                          Analytics portal CSV exports ("TimeGenerated [UTC]", "11/30/2026, 4:20:30.123 AM").
                          A bad line stops the run with file:line:column (exit 3); nothing is dropped.
  -d, --data PATH         load PATH as the table its file name names (fixtures/SigninLogs.csv → SigninLogs);
                          Defender Streaming API files are split into tables by their category
  --schema PATH           column types per table, JSON: { "Table": { "Column": "type", ... } }
  --demo                  load generated demo tables CloudAppEvents (20,000 rows) and SecurityAlert (500);
                          a --table of the same name replaces one
  --now ISO               the time now() and ago() use, e.g. 2026-01-01T00:00:00Z
                          (default: the wall clock; with --demo, ${DEMO_NOW}, the demo data's clock)
  --external URL=PATH     externaldata reads the local file PATH where the query names URL (e.g. a
                          fixture for a published IOC list); repeatable. kql never makes network
                          requests: an externaldata URL with no --external is an error (exit 1)
  -f, --format FORMAT     table (default: aligned, fitted to the terminal, long cells cut with …),
                          json (Kusto conventions: {"columns": [...], "rows": [...]}), ndjson (one
                          object per row), csv (RFC 4180) or markdown (a GitHub table)
  --width N               fit tables in N characters (default: the terminal's width; 0 = no limit)
  -h, --help              show this help

FILE.kql may be - to read the query from standard input.

Examples:
  kql run examples/dlp-investigation.kql --demo
  kql run top-users.kql --table CloudAppEvents=export.ndjson --now 2026-01-01T00:00:00Z
  kql run q.kql --table Logs=logs.json --format json > result.json
  kql run q.kql --data defender-stream.json.gz --data SigninLogs.csv --format csv > out.csv
  kql run q.kql --table OfficeActivity=audit.json --format markdown
`;

const CHECK_HELP = `kql check — report a query's syntax and type errors without running it

Usage:
  kql check FILE.kql [options]

Every built-in Defender XDR / Sentinel table (CloudAppEvents, SecurityAlert, DeviceProcessEvents, ...)
is known by its schema, so most hunting queries check with no data at all. Prints each problem under
the line it is on; exits 1 if there is any error, else 0.

Options:
  -t, --table Name=PATH   also know this table (its schema comes from the file; see kql run --help)
  -d, --data PATH         also know the table(s) of this file (see kql run --help)
  --schema PATH           column types per table (see kql run --help)
  --demo                  load the demo tables (as kql run --demo)
  --external URL=PATH     an externaldata URL the run will answer from PATH (see kql run --help)
  -h, --help              show this help

Examples:
  kql check examples/dlp-investigation.kql
  kql check my-query.kql --table Logs=logs.ndjson
`;

const FUNCTIONS_HELP = `kql functions — list the functions this engine supports

Usage:
  kql functions [--json]

Prints each supported scalar and aggregate function with its signatures and a one-line description,
then how many of the functions Microsoft's KQL analyzer knows (visible ones, per kind) are supported.
--json prints the same as JSON: { functions: [...], coverage: [...] }.

Examples:
  kql functions | less
  kql functions --json | jq '.functions[] | select(.name | startswith("ipv4"))'
`;

const TEST_HELP = `kql test — run detection tests: saved queries against fixture data, with expectations

Usage:
  kql test [PATHS ...] [options]

Finds every query under PATHS (default: .): .kql files, and Sentinel analytics-rule / hunting-query
YAML files (the format of Microsoft's Azure-Sentinel repository; the query is the query: field).
Each query's scenarios sit next to it, in a directory named after it:

  rules/inbox-rule.yaml                 the query
  rules/inbox-rule/fires/               a scenario: one data file per table, named after the table
    OfficeActivity.json                 (NDJSON, JSON array or CSV, optionally .gz; every loader
    expect.yaml                          shape of kql run --help), and the scenario's expectations
  rules/inbox-rule/fires.expected.json  the scenario's result snapshot (kql test --update writes it)
  rules/inbox-rule/benign/ ...          a scenario that must not fire

expect.yaml (every key optional; an unknown key is an error):
  fires: true            the rule fires: row count > 0, or the rule's triggerOperator/triggerThreshold
  rows: ">= 2"           the row count: N, or a comparison (==, !=, >, >=, <, <=)
  contains:              some row has these values (text: substring; arrays: an element; else equal)
    - { UserId: alice@contoso.com, Operation: New-InboxRule }
  columns: [UserId, ClientIP]   the result has these columns
  now: 2026-01-15T12:00:00Z     now() for this scenario (instead of --now)
  snapshot: true         compare the result with the scenario's *.expected.json (the default when
                         that file exists, or when there is no other expectation)

A query with no scenario directory is still checked against the built-in table schemas.
Built-in tables a scenario gives no file for are empty.

Options:
  -u, --update           write the snapshots (*.expected.json) of the scenarios that use one, instead
                         of comparing (review the diff before committing)
  --reporter text|junit  junit writes JUnit XML (to --output, else standard output; the text report
                         then goes to standard error)
  -o, --output FILE      the JUnit XML file
  --now ISO              the time now() and ago() use in every scenario (default: the time the run starts)
  -h, --help             show this help

Exit codes: 0 every scenario passed; 1 a query error (syntax, unknown column...); 3 a data error (bad
fixture, expect.yaml or snapshot); 4 an expectation failed. The first of 1, 3, 4 that applies wins.

Examples:
  kql test examples/detections
  kql test rules/ --now 2026-01-15T12:00:00Z --reporter junit --output kql-test.xml
  kql test rules/inbox-rule.yaml --update
`;

const helpFor = (topic?: HelpTopic) =>
  topic === 'run' ? RUN_HELP : topic === 'check' ? CHECK_HELP : topic === 'functions' ? FUNCTIONS_HELP : topic === 'test' ? TEST_HELP : HELP;

function functions(json: boolean, io: CliIO): number {
  const list = listFunctions();
  const coverage = catalogCoverage();
  if (json) {
    io.stdout(`${JSON.stringify({ functions: list, coverage: coverage.map(({ kind, supported, total }) => ({ kind, supported, total })) }, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const f of list) {
    const also = f.aliases.length ? ` (also ${f.aliases.join(', ')})` : '';
    io.stdout(`${f.name} [${f.kind}]${also}\n  ${f.signatures.join('\n  ')}\n  ${f.doc}\n`);
  }
  io.stdout(`\nCoverage of Kusto's function catalog (visible functions): ${coverage.map((c) => `${c.kind} ${c.supported}/${c.total}`).join(', ')}\n`);
  return EXIT.ok;
}

/** Runs one `kql` invocation (argv without the node and script paths) and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`kql: ${e.message}\n${e.topic ? `Run 'kql ${e.topic} --help' for usage.` : `\n${HELP}`}\n`);
    return EXIT.usage;
  }
  if (args.command === 'help') {
    io.stdout(helpFor(args.topic));
    return EXIT.ok;
  }
  if (args.command === 'functions') return functions(args.json, io);
  if (args.command === 'test') return test(args, io);
  let text: string;
  try {
    text = io.readFile(args.file);
  } catch (e) {
    io.stderr(`kql: cannot read query file '${args.file}': ${errorText(e)}\n`);
    return EXIT.usage;
  }
  let db: Database;
  try {
    const externals = new Map(args.externals.map((x) => [x.url, x.path]));
    db = new Database({
      now: args.now ?? (args.demo ? DEMO_NOW : undefined),
      // --external URL=PATH: externaldata reads PATH where the query names URL (no network requests)
      ...(externals.size > 0
        ? {
            readExternalUrl: (url: string) => {
              const path = externals.get(url);
              if (path === undefined) throw new Error(`no --external gives this URL (given: ${[...externals.keys()].join(', ')})`);
              return io.readFile(path);
            },
          }
        : {}),
    });
  } catch (e) {
    io.stderr(`kql: --now: ${errorText(e)}\nRun 'kql ${args.command} --help' for usage.\n`);
    return EXIT.usage;
  }
  const loaded = await loadTables(db, args, io);
  if (loaded !== EXIT.ok) return loaded;
  return args.command === 'check' ? check(db, text, io) : run(db, text, args, io);
}

async function loadTables(db: Database, args: CommandArgs, io: CliIO): Promise<number> {
  let schemas: Record<string, SchemaInput> = {};
  if (args.schema !== undefined) {
    try {
      schemas = parseSchemaFile(args.schema, io.readFile(args.schema));
    } catch (e) {
      io.stderr(`kql: ${e instanceof DataFileError ? e.message : `${args.schema}: cannot read the schema file: ${errorText(e)}`}\n`);
      return EXIT.dataError;
    }
  }
  const named = new Set(args.tables.map((t) => t.name));
  const loads = [
    ...args.tables.map((t) => ({ path: t.path, table: t.name as string | undefined, defaultTable: undefined as string | undefined })),
    ...args.data.map((path) => ({ path, table: undefined, defaultTable: tableNameOfFile(path) })),
  ];
  const loaded = new Map<string, string>();
  for (const { path, table, defaultTable } of loads) {
    try {
      const tables = await readData(io, path, (text) =>
        readTables(text, { file: path, table, defaultTable, schemas }),
      );
      for (const t of tables) {
        const again = loaded.get(t.name);
        if (again !== undefined) throw new DataFileError(path, undefined, `table '${t.name}' is already loaded from ${again}`);
        loaded.set(t.name, path);
        addTableData(db, t);
        for (const note of t.notes) io.stderr(`kql: note: ${path}: ${note}\n`);
      }
    } catch (e) {
      if (!(e instanceof DataFileError)) throw e;
      io.stderr(`kql: ${e.message}\n`);
      return EXIT.dataError;
    }
  }
  if (args.demo) {
    const demo = generateDemoData({ now: args.now ?? DEMO_NOW });
    for (const [name, rows] of Object.entries(demo)) {
      if (!named.has(name) && !loaded.has(name)) db.addTable(name, rows, schemaOf(name)); // loaded files win
    }
  }
  // check knows every built-in table by its schema, with no rows needed.
  if (args.command === 'check') {
    for (const name of Object.keys(BUILTIN_SCHEMAS)) {
      if (!db.hasTable(name)) db.addTable(name, [], schemaOf(name));
    }
  }
  return EXIT.ok;
}

/** Reads a data file through the I/O's stream (or its readFile), turning read failures into DataFileErrors. */
async function readData(io: CliIO, path: string, read: (text: TextSource) => Promise<TableData[]>): Promise<TableData[]> {
  let source: { text: TextSource; done(): void };
  try {
    source = io.readData ? io.readData(path) : { text: io.readFile(path), done: () => {} };
  } catch (e) {
    throw new DataFileError(path, undefined, `cannot read the data file: ${errorText(e)}`);
  }
  try {
    return await read(source.text);
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    if ((e as NodeJS.ErrnoException)?.code) throw new DataFileError(path, undefined, `cannot read the data file: ${errorText(e)}`);
    throw e;
  } finally {
    source.done();
  }
}

/** `fixtures/CloudAppEvents.ndjson` → CloudAppEvents: the file name up to its first dot. */
export function tableNameOfFile(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.split('.')[0] ?? base;
}

/**
 * A schema file: `{ "Table": { "Column": "type", ... } }` or `{ "Table": [{ "name": ..., "type": ... }] }`.
 */
export function parseSchemaFile(path: string, text: string): Record<string, SchemaInput> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataFileError(path, undefined, `not valid JSON (${(e as Error).message})`);
  }
  const shape = 'expected { "Table": { "Column": "type", ... } } or { "Table": [{ "name": "Column", "type": "type" }] }';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataFileError(path, undefined, shape);
  const out: Record<string, SchemaInput> = {};
  for (const [table, cols] of Object.entries(value)) {
    const ok = Array.isArray(cols)
      ? cols.every((c) => typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.type === 'string')
      : typeof cols === 'object' && cols !== null && Object.values(cols).every((t) => typeof t === 'string');
    if (!ok) throw new DataFileError(path, undefined, `table '${table}': ${shape}`);
    setMember(out, table, cols as SchemaInput); // a table may be named __proto__
  }
  return out;
}

function schemaOf(name: string): { name: string; type: string }[] | undefined {
  return getBuiltinSchema(name)?.map((c) => ({ name: c.name, type: c.type }));
}

async function run(db: Database, text: string, args: CommandArgs, io: CliIO): Promise<number> {
  let result;
  try {
    result = await db.query(text);
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    io.stderr(renderDiagnostics(text, e.diagnostics));
    return EXIT.queryError;
  }
  if (args.format === 'json') {
    io.stdout(`${formatJson(result)}\n`);
  } else if (args.format === 'ndjson') {
    io.stdout(formatNdjson(result));
  } else if (args.format === 'csv') {
    io.stdout(formatCsv(result));
  } else if (args.format === 'markdown') {
    io.stdout(formatMarkdown(result));
  } else {
    const width = args.width === undefined ? io.width : args.width === 0 ? undefined : args.width;
    // fork / facet: every result table, each under its name (the other formats write the first one)
    const several = result.tables.length > 1;
    result.tables.forEach((t, i) => {
      const n = t.rows.length;
      const table = formatTable(t, { maxWidth: width, color: io.color });
      io.stdout(`${several ? `${i ? '\n' : ''}${t.name}:\n` : ''}${table ? `${table}\n` : ''}(${n} row${n === 1 ? '' : 's'})\n`);
    });
  }
  return EXIT.ok;
}

async function test(args: TestArgs, io: CliIO): Promise<number> {
  const now = args.now ?? new Date().toISOString(); // one clock for the whole run
  try {
    new Database({ now }); // validates --now
  } catch (e) {
    io.stderr(`kql: --now: ${errorText(e)}\nRun 'kql test --help' for usage.\n`);
    return EXIT.usage;
  }
  const cwd = process.cwd();
  const junit = args.reporter === 'junit';
  const say = junit && args.output === undefined ? io.stderr : io.stdout;
  let results;
  try {
    results = await runTests({ paths: args.paths, update: args.update, now }, (r) => say(textLine(r, cwd, io.color === true && !junit)));
  } catch (e) {
    if (!(e instanceof TestUsageError)) throw e;
    io.stderr(`kql: ${e.message}\nRun 'kql test --help' for usage.\n`);
    return EXIT.usage;
  }
  if (results.length === 0) {
    io.stderr(`kql: no queries (.kql, or .yaml with a query: field) under ${args.paths.join(' ')}\n`);
    return EXIT.usage;
  }
  say(summaryLine(results));
  if (junit) {
    const xml = junitXml(results, cwd);
    if (args.output === undefined) io.stdout(xml);
    else {
      try {
        writeFileSync(args.output, xml);
      } catch (e) {
        io.stderr(`kql: cannot write ${args.output}: ${errorText(e)}\n`);
        return EXIT.usage;
      }
    }
  }
  if (results.some((r) => r.status === 'query error')) return EXIT.queryError;
  if (results.some((r) => r.status === 'data error')) return EXIT.dataError;
  if (results.some((r) => r.status === 'failed')) return EXIT.testFailed;
  return EXIT.ok;
}

function check(db: Database, text: string, io: CliIO): number {
  const { columns, diagnostics } = db.analyze(text);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length) io.stdout(renderDiagnostics(text, diagnostics));
  if (errors) {
    io.stdout(`${count(errors, 'error')}${warnings ? `, ${count(warnings, 'warning')}` : ''}\n`);
    return EXIT.queryError;
  }
  const shape = columns ? `: ${columns.length} column${columns.length === 1 ? '' : 's'} (${columns.map((c) => `${c.name}:${c.type}`).join(', ')})` : '';
  io.stdout(`ok${warnings ? ` with ${count(warnings, 'warning')}` : ''}${shape}\n`);
  return EXIT.ok;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function renderDiagnostics(text: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${formatDiagnostic(text, d)}\n`).join('\n');
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EISDIR') return 'is a directory';
  return err?.message ?? String(e);
}

/** The CLI's real I/O: files from disk, output to the process streams. */
export function nodeIO(): CliIO {
  const tty = process.stdout.isTTY === true;
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
    readData: (path) => {
      const bar = progressBar(process.stderr, path, statSync(path).size);
      return { text: readTextFile(path, bar.update), done: bar.done };
    },
    width: tty ? process.stdout.columns : undefined,
    color: tty && !process.env.NO_COLOR,
  };
}

/** True when this module is the program (also through the npm bin symlink), not an import. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok); // `kql run ... | head`
    throw e;
  });
  runCli(process.argv.slice(2), nodeIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`kql: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
