// Parses the `kql` command line into a typed command, or a UsageError that says what is wrong.
import { isUrl } from '../plugins/external-data.js';

export type OutputFormat = 'table' | 'json' | 'ndjson' | 'csv' | 'markdown';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'ndjson', 'csv', 'markdown'];

export interface TableArg {
  name: string;
  path: string;
}

export interface CommandArgs {
  command: 'run' | 'check';
  /** the .kql file */
  file: string;
  tables: TableArg[];
  /** --data files: tables named by the file name (or by Defender streaming records' category) */
  data: string[];
  /** --schema file: column types per table */
  schema?: string;
  demo: boolean;
  now?: string;
  format: OutputFormat;
  /** characters per table line; 0 = no limit; undefined = the terminal's width */
  width?: number;
  /** --external URL=PATH: the local file whose text an externaldata URL stands for */
  externals: { url: string; path: string }[];
}

export interface TestArgs {
  command: 'test';
  /** files and directories to search for queries (default: the current directory) */
  paths: string[];
  update: boolean;
  reporter: 'text' | 'junit';
  /** where the JUnit XML goes (default: standard output) */
  output?: string;
  now?: string;
}

export type HelpTopic = 'run' | 'check' | 'functions' | 'test';

export type CliArgs =
  | CommandArgs
  | TestArgs
  | { command: 'help'; topic?: HelpTopic }
  | { command: 'functions'; json: boolean };

export class UsageError extends Error {
  constructor(
    message: string,
    readonly topic?: 'run' | 'check' | 'test',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `argv` without the node and script paths, e.g. `['run', 'q.kql', '--demo']`. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command (run, check, test or functions)');
  if (command === '-h' || command === '--help' || command === 'help') {
    const topic = rest[0];
    return topic === 'run' || topic === 'check' || topic === 'functions' || topic === 'test' ? { command: 'help', topic } : { command: 'help' };
  }
  if (command === 'test') return parseTestArgs(rest);
  if (command === 'functions') {
    for (const arg of rest) {
      if (arg === '-h' || arg === '--help') return { command: 'help', topic: 'functions' };
      if (arg !== '--json') throw new UsageError(`unknown option '${arg}' (kql functions takes only --json)`);
    }
    return { command: 'functions', json: rest.includes('--json') };
  }
  if (command !== 'run' && command !== 'check') {
    throw new UsageError(`unknown command '${command}' (expected run, check, test or functions)`);
  }
  const args: CommandArgs = { command, file: '', tables: [], data: [], demo: false, format: 'table', externals: [] };
  const files: string[] = [];
  for (const cursor = { i: 0 }; cursor.i < rest.length; cursor.i++) {
    const { arg, flag, value, noValue } = optionAt(rest, cursor, command);
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help', topic: command };
      case '--demo':
        noValue();
        args.demo = true;
        break;
      case '--table':
      case '-t':
        args.tables.push(parseTableArg(value(), command));
        break;
      case '--data':
      case '-d':
        args.data.push(value());
        break;
      case '--schema':
        if (args.schema !== undefined) throw new UsageError('--schema is given twice (one schema file can describe several tables)', command);
        args.schema = value();
        break;
      case '--now':
        args.now = value();
        break;
      case '--external': {
        // URL=PATH; a URL may hold '=' in its query string, so the path is after the last '='
        const text = value();
        const eq = text.lastIndexOf('=');
        const url = eq > 0 ? text.slice(0, eq) : '';
        const path = eq > 0 ? text.slice(eq + 1) : '';
        if (!isUrl(url) || !path) throw new UsageError(`--external expects URL=PATH (e.g. https://example.com/iocs.txt=fixtures/iocs.txt), got '${text}'`, command);
        if (args.externals.some((x) => x.url === url)) throw new UsageError(`--external gives '${url}' twice`, command);
        args.externals.push({ url, path });
        break;
      }
      case '--format':
      case '-f': {
        const f = value();
        if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not '${f}'`, command);
        args.format = f as OutputFormat;
        break;
      }
      case '--width': {
        const w = value();
        if (!/^\d+$/.test(w)) throw new UsageError(`--width must be a whole number of characters (0 = no limit), not '${w}'`, command);
        args.width = Number(w);
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`, command);
        files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('missing the query file (FILE.kql)', command);
  if (files.length > 1) throw new UsageError(`expected one query file, got ${files.length}: ${files.join(' ')}`, command);
  args.file = files[0] as string;
  const seen = new Set<string>();
  for (const t of args.tables) {
    if (seen.has(t.name)) throw new UsageError(`table '${t.name}' is given twice`, command);
    seen.add(t.name);
  }
  return args;
}

function parseTableArg(text: string, command: 'run' | 'check'): TableArg {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq) : '';
  const path = eq > 0 ? text.slice(eq + 1) : '';
  if (!name || !path) throw new UsageError(`--table expects Name=path.ndjson, got '${text}'`, command);
  if (!TABLE_NAME.test(name)) throw new UsageError(`'${name}' is not a valid table name (letters, digits and _)`, command);
  return { name, path };
}

/**
 * The option at rest[cursor.i]: its flag, and its value as `--flag value` or `--flag=value`
 * (reading a separate value moves the cursor past it); `noValue` rejects `--flag=value` for switches.
 */
function optionAt(rest: readonly string[], cursor: { i: number }, command: 'run' | 'check' | 'test') {
  const arg = rest[cursor.i] as string;
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  const flag = eq > 0 ? arg.slice(0, eq) : arg;
  const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
  const value = (): string => {
    if (inline !== undefined) return inline;
    const next = rest[cursor.i + 1];
    if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${flag} needs a value`, command);
    cursor.i++;
    return next;
  };
  const noValue = (): void => {
    if (inline !== undefined) throw new UsageError(`${flag} takes no value`, command);
  };
  return { arg, flag, value, noValue };
}

function parseTestArgs(rest: readonly string[]): CliArgs {
  const args: TestArgs = { command: 'test', paths: [], update: false, reporter: 'text' };
  for (const cursor = { i: 0 }; cursor.i < rest.length; cursor.i++) {
    const { arg, flag, value, noValue } = optionAt(rest, cursor, 'test');
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help', topic: 'test' };
      case '--update':
      case '-u':
        noValue();
        args.update = true;
        break;
      case '--reporter': {
        const r = value();
        if (r !== 'text' && r !== 'junit') throw new UsageError(`--reporter must be text or junit, not '${r}'`, 'test');
        args.reporter = r;
        break;
      }
      case '--output':
      case '-o':
        args.output = value();
        break;
      case '--now':
        args.now = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`, 'test');
        args.paths.push(arg);
    }
  }
  if (args.output !== undefined && args.reporter !== 'junit') throw new UsageError('--output is for --reporter junit', 'test');
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}
