// The `kql` command line: run or check a .kql file against NDJSON/JSON tables or the generated demo data.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Database, KqlDataError, KqlError, formatDiagnostic, type Diagnostic } from '../index.js';
import { BUILTIN_SCHEMAS, getBuiltinSchema } from '../schemas/index.js';
import { DEMO_NOW, generateDemoData } from '../data/demo-data.js';
import { formatJson, formatTable } from './format.js';
import { parseArgs, UsageError, type CommandArgs } from './parse-args.js';
import { inferFileSchema } from './infer-schema.js';
import { catalogCoverage, listFunctions } from '../functions/coverage.js';
import { DataFileError, readTableFile } from './read-table-file.js';

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file as UTF-8 text; throws (e.g. ENOENT) when it cannot. */
  readFile(path: string): string;
  /** The terminal's width for tables; undefined when output is not a terminal (no limit). */
  width?: number;
  /** Use ANSI colors. */
  color?: boolean;
}

export const EXIT = { ok: 0, queryError: 1, usage: 2, dataError: 3 } as const;

const HELP = `kql — run KQL (Kusto Query Language) queries over local JSON files

Usage:
  kql run FILE.kql [--table Name=path.ndjson ...] [--demo] [--now ISO] [--format table|json]
  kql check FILE.kql [--table Name=path.ndjson ...] [--demo]
  kql functions [--json]
  kql <command> --help

Commands:
  run        run the query and print its result
  check      report syntax and type errors without running the query
  functions  list the supported functions, and the coverage of Kusto's function catalog

Exit codes: 0 ok, 1 query error, 2 usage error, 3 data error (bad input file)

Examples:
  kql run examples/dlp-investigation.kql --demo
  kql run hunt.kql --table CloudAppEvents=events.ndjson --table SecurityAlert=alerts.json --format json
  kql check hunt.kql
`;

const RUN_HELP = `kql run — run a KQL query and print its result

Usage:
  kql run FILE.kql [options]

Options:
  -t, --table Name=PATH   load a table from PATH: NDJSON (one JSON object per line) or a JSON array of
                          objects; repeatable. Columns are typed by the built-in schema when Name is a
                          Defender XDR / Sentinel table (CloudAppEvents, SecurityAlert, DeviceEvents, ...),
                          else inferred from the values (ISO 8601 date-time text is a datetime).
                          Defender Streaming API records are unwrapped.
  --demo                  load generated demo tables CloudAppEvents (20,000 rows) and SecurityAlert (500);
                          a --table of the same name replaces one
  --now ISO               the time now() and ago() use, e.g. 2026-01-01T00:00:00Z
                          (default: the wall clock; with --demo, ${DEMO_NOW}, the demo data's clock)
  -f, --format FORMAT     table (default) or json (Kusto conventions: {"columns": [...], "rows": [...]})
  --width N               fit tables in N characters (default: the terminal's width; 0 = no limit)
  -h, --help              show this help

FILE.kql may be - to read the query from standard input.

Examples:
  kql run examples/dlp-investigation.kql --demo
  kql run top-users.kql --table CloudAppEvents=export.ndjson --now 2026-01-01T00:00:00Z
  kql run q.kql --table Logs=logs.json --format json > result.json
`;

const CHECK_HELP = `kql check — report a query's syntax and type errors without running it

Usage:
  kql check FILE.kql [options]

Every built-in Defender XDR / Sentinel table (CloudAppEvents, SecurityAlert, DeviceProcessEvents, ...)
is known by its schema, so most hunting queries check with no data at all. Prints each problem under
the line it is on; exits 1 if there is any error, else 0.

Options:
  -t, --table Name=PATH   also know this table (its schema comes from the file; see kql run --help)
  --demo                  load the demo tables (as kql run --demo)
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
`;

const helpFor = (topic?: 'run' | 'check' | 'functions') =>
  topic === 'run' ? RUN_HELP : topic === 'check' ? CHECK_HELP : topic === 'functions' ? FUNCTIONS_HELP : HELP;

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
  let text: string;
  try {
    text = io.readFile(args.file);
  } catch (e) {
    io.stderr(`kql: cannot read query file '${args.file}': ${errorText(e)}\n`);
    return EXIT.usage;
  }
  let db: Database;
  try {
    db = new Database({ now: args.now ?? (args.demo ? DEMO_NOW : undefined) });
  } catch (e) {
    io.stderr(`kql: --now: ${errorText(e)}\nRun 'kql ${args.command} --help' for usage.\n`);
    return EXIT.usage;
  }
  const loaded = loadTables(db, args, io);
  if (loaded !== EXIT.ok) return loaded;
  return args.command === 'check' ? check(db, text, io) : run(db, text, args, io);
}

function loadTables(db: Database, args: CommandArgs, io: CliIO): number {
  if (args.demo) {
    const demo = generateDemoData({ now: args.now ?? DEMO_NOW });
    for (const [name, rows] of Object.entries(demo)) {
      if (!args.tables.some((t) => t.name === name)) db.addTable(name, rows, schemaOf(name)); // --table wins
    }
  }
  for (const { name, path } of args.tables) {
    let content: string;
    try {
      content = io.readFile(path);
    } catch (e) {
      io.stderr(`kql: ${path}: cannot read table file for '${name}': ${errorText(e)}\n`);
      return EXIT.dataError;
    }
    try {
      const file = readTableFile(path, content, name);
      try {
        db.addTable(name, file.rows, schemaOf(name) ?? inferFileSchema(file.rows));
      } catch (e) {
        if (!(e instanceof KqlDataError)) throw e;
        // The engine counts rows from 1; point at the line the row is on.
        const row = /\brow (\d+)\b/.exec(e.message);
        const line = row ? file.lines[Number(row[1]) - 1] : undefined;
        throw new DataFileError(path, line, e.message);
      }
    } catch (e) {
      if (!(e instanceof DataFileError)) throw e;
      io.stderr(`kql: ${e.message}\n`);
      return EXIT.dataError;
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
  } else {
    const width = args.width === undefined ? io.width : args.width === 0 ? undefined : args.width;
    const n = result.rows.length;
    const table = formatTable(result, { maxWidth: width, color: io.color });
    io.stdout(`${table ? `${table}\n` : ''}(${n} row${n === 1 ? '' : 's'})\n`);
  }
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
