// Reads a table file (NDJSON or a JSON array of objects) into plain records, naming the line of any error.
import { getBuiltinSchema } from '../schemas/index.js';

/** A bad input file: `line` is 1-based when known. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`);
    this.name = 'DataFileError';
  }
}

export interface TableFile {
  rows: Record<string, unknown>[];
  /** The 1-based line each row starts on, for error messages. */
  lines: number[];
}

/**
 * Parses a table file. A file whose first non-blank character is `[` is one JSON array of objects;
 * anything else is NDJSON, one object per non-blank line. Defender Streaming API (Event Hub) records,
 * `{"category": "AdvancedHunting-<Table>", "properties": {...}}`, are unwrapped to their properties,
 * and their 0/1 flags become booleans where `table`'s built-in schema says bool.
 */
export function readTableFile(file: string, text: string, table?: string): TableFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = body.trimStart().startsWith('[') ? parseArray(file, body) : parseLines(file, body);
  return { rows: parsed.rows.map((r) => unwrapStreamingRecord(r, table)), lines: parsed.lines };
}

function parseLines(file: string, text: string): TableFile {
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = (all[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new DataFileError(file, i + 1, `not valid JSON (${jsonReason(e)}); expected one JSON object per line`);
    }
    if (!isRecord(value)) throw new DataFileError(file, i + 1, `expected a JSON object, got ${describe(value)}`);
    rows.push(value);
    lines.push(i + 1);
  }
  return { rows, lines };
}

function parseArray(file: string, text: string): TableFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(String((e as Error).message));
    const line = at ? lineAt(text, Number(at[1])) : undefined;
    throw new DataFileError(file, line, `not valid JSON (${jsonReason(e)})`);
  }
  if (!Array.isArray(value)) throw new DataFileError(file, 1, `expected a JSON array of objects, got ${describe(value)}`);
  const starts = elementLines(text, value.length);
  value.forEach((v, i) => {
    if (!isRecord(v)) throw new DataFileError(file, starts[i], `element ${i + 1} of the array is ${describe(v)}, not an object`);
  });
  return { rows: value as Record<string, unknown>[], lines: starts };
}

/** The line each top-level array element starts on (a light scan that skips strings and nesting). */
function elementLines(text: string, count: number): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length && starts.length < count; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectValue && ch !== undefined && !/\s/.test(ch) && ch !== ',' && ch !== ']') {
      starts.push(line);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectValue = true;
  }
  return starts;
}

function unwrapStreamingRecord(record: Record<string, unknown>, table: string | undefined): Record<string, unknown> {
  const category = record.category;
  const props = record.properties;
  if (typeof category !== 'string' || !category.startsWith('AdvancedHunting-') || !isRecord(props)) return record;
  const schema = getBuiltinSchema(table ?? category.slice('AdvancedHunting-'.length));
  if (!schema) return props;
  const out: Record<string, unknown> = { ...props };
  for (const c of schema) {
    const v = out[c.name];
    if (c.type === 'bool' && (v === 0 || v === 1)) out[c.name] = v === 1;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v} (${JSON.stringify(v)?.slice(0, 30)})`;
}

function jsonReason(e: unknown): string {
  return String((e as Error).message ?? e).replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
