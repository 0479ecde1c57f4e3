// Renders query results for a terminal (an aligned, width-aware table) or as Kusto-style JSON.
import type { Column } from '../types.js';
import { stringifyDynamic } from '../values/dynamic.js';
import { withLongDigits } from '../values/json-out.js';

/**
 * What the formatters read: a `Result`, or any `{ columns, rows }`. When `toJSON` is there its
 * values are used (Kusto's JSON conventions: datetime ISO text, timespan text, NaN as "NaN");
 * otherwise JS row values are converted the same way here.
 */
export interface TabularResult {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly unknown[])[];
  toJSON?(): { columns: readonly Column[]; rows: readonly (readonly unknown[])[] };
}

export interface TableFormatOptions {
  /** Fit the table in this many characters per line (default: no limit); long cells end in `…`. */
  maxWidth?: number;
  /** Bold header, dim rule (ANSI escapes). */
  color?: boolean;
}

const GAP = '  ';
const MIN_COLUMN = 6;
const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);

/** The result as an aligned text table: header, a rule, then one line per row. */
export function formatTable(result: TabularResult, options: TableFormatOptions = {}): string {
  const { columns, rows } = jsonForm(result);
  if (columns.length === 0) return '';
  const header = columns.map((c) => cleanText(c.name));
  const cells = rows.map((row) => columns.map((c, j) => formatCell(c.type, row[j])));
  const natural = header.map((h, j) => Math.max(textWidth(h), ...cells.map((r) => textWidth(r[j] as string))));
  const widths = fitWidths(natural, options.maxWidth, columns.map((c) => c.type === 'string' || c.type === 'dynamic'));
  const right = columns.map((c) => NUMERIC.has(c.type));
  const line = (values: readonly string[], style?: (s: string) => string) =>
    values
      .map((v, j) => {
        const w = widths[j] as number;
        const text = pad(truncate(v, w), w, right[j] === true);
        return style ? style(text) : text;
      })
      .join(GAP)
      .trimEnd();
  const bold = options.color ? (s: string) => `\x1b[1m${s}\x1b[22m` : (s: string) => s;
  const dim = options.color ? (s: string) => `\x1b[2m${s}\x1b[22m` : (s: string) => s;
  const out = [line(header, bold), line(widths.map((w) => '-'.repeat(w)), dim)];
  for (const r of cells) out.push(line(r));
  return out.join('\n');
}

/**
 * The result as Kusto-convention JSON, `{ "columns": [...], "rows": [...] }`, one column and one row
 * per line so it diffs well and stays readable.
 */
export function formatJson(result: TabularResult): string {
  const { columns, rows } = jsonForm(result);
  const cols = columns.map((c) => `    ${JSON.stringify({ name: c.name, type: c.type })}`);
  const body = rows.map((r) => `    [${columns.map((c, j) => jsonCell(c.type, r[j])).join(',')}]`);
  const list = (items: string[]) => (items.length ? `[\n${items.join(',\n')}\n  ]` : '[]');
  return `{\n  "columns": ${list(cols)},\n  "rows": ${list(body)}\n}`;
}

/**
 * One cell as text, Kusto style, from its JSON-convention value: null and empty strings are empty,
 * datetimes have all seven fraction digits, dynamic objects and arrays are compact JSON, everything
 * else its text. Line breaks and tabs are
 * shown escaped so rows stay on one line.
 */
export function formatCell(type: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (type === 'datetime' && typeof value === 'string') text = sevenDigitFraction(value);
  else if (value instanceof ExactDynamic) text = value.text;
  else if (typeof value === 'string') text = value;
  else if (type === 'dynamic' || typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return cleanText(text);
}

/** `2026-01-01T00:00:00.5Z` → `2026-01-01T00:00:00.5000000Z`: Kusto's datetime text, same width on every row. */
function sevenDigitFraction(iso: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(7, '0')}Z` : iso;
}

function cleanText(s: string): string {
  return /[\x00-\x1f\x7f]/.test(s) ? s.replace(/[\x00-\x1f\x7f]/g, escapeControl) : s;
}

function escapeControl(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Columns in terminal cells: code points, not UTF-16 units (wide East Asian characters count as one). */
function textWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function truncate(s: string, width: number): string {
  if (textWidth(s) <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  return `${Array.from(s).slice(0, width - 1).join('')}…`;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(s)));
  return right ? fill + s : s + fill;
}

/**
 * Column widths that fit `maxWidth`. Only the `shrinkable` columns (text and dynamic by default) give up
 * characters, widest first — the largest cap C with sum(min(natural, C)) within the budget; if even that
 * cannot fit, every column is capped the same way. No column goes below MIN_COLUMN (the table then overflows).
 */
export function fitWidths(natural: readonly number[], maxWidth?: number, shrinkable?: readonly boolean[]): number[] {
  if (maxWidth === undefined || !Number.isFinite(maxWidth)) return [...natural];
  const budget = maxWidth - GAP.length * (natural.length - 1);
  if (natural.reduce((a, b) => a + b, 0) <= budget) return [...natural];
  if (shrinkable && shrinkable.some((s) => !s)) {
    const fixed = natural.reduce((sum, w, j) => (shrinkable[j] ? sum : sum + w), 0);
    const flexible = natural.filter((_, j) => shrinkable[j]);
    const room = budget - fixed;
    if (flexible.length > 0 && room >= MIN_COLUMN * flexible.length) {
      const fitted = capWidths(flexible, room);
      let k = 0;
      return natural.map((w, j) => (shrinkable[j] ? (fitted[k++] as number) : w));
    }
  }
  return capWidths(natural, budget);
}

function capWidths(natural: readonly number[], budget: number): number[] {
  const total = (cap: number) => natural.reduce((sum, w) => sum + Math.min(w, cap), 0);
  if (total(Infinity) <= budget) return [...natural];
  let lo = MIN_COLUMN;
  let hi = Math.max(MIN_COLUMN, ...natural);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= budget) lo = mid;
    else hi = mid - 1;
  }
  // Hand the leftover characters to the capped columns, left to right.
  const widths = natural.map((w) => Math.min(w, lo));
  let spare = budget - total(lo);
  for (let j = 0; j < widths.length && spare > 0; j++) {
    if ((natural[j] as number) > (widths[j] as number)) {
      widths[j]! += 1;
      spare--;
    }
  }
  return widths;
}

/** The result's rows in Kusto's JSON conventions. */
function jsonForm(result: TabularResult): { columns: readonly Column[]; rows: readonly (readonly unknown[])[] } {
  if (typeof result.toJSON === 'function') {
    const json = result.toJSON();
    // toJSON writes a long beyond 2^53 inside a dynamic as its digits in a string (and then copies the
    // value): such cells are written from the row value instead, with the bare digits
    const dyn = json.columns.flatMap((c, j) => (c.type === 'dynamic' ? [j] : []));
    if (dyn.length === 0) return json;
    const raw = result.rows;
    const rows = json.rows.map((r, i) => {
      let out: unknown[] | null = null;
      for (const j of dyn) {
        const x = raw[i]?.[j];
        if (Object.is(r[j], x) || x === undefined) continue;
        out ??= [...r];
        out[j] = new ExactDynamic(x);
      }
      return out ?? r;
    });
    return { columns: json.columns, rows };
  }
  return {
    columns: result.columns,
    rows: result.rows.map((row) => result.columns.map((c, j) => jsonValue(c.type, row[j]))),
  };
}

/** A dynamic cell holding a long beyond 2^53 (a bigint): written as its compact JSON with the exact digits. */
class ExactDynamic {
  readonly text: string;
  constructor(private readonly value: unknown) {
    this.text = stringifyDynamic(value);
  }
  toJSON(): unknown {
    return withLongDigits(this.value);
  }
}

/** A JS row value (as `result.rows` holds it) in Kusto's JSON convention. */
function jsonValue(type: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'dynamic' && withLongDigits(v) !== v) return new ExactDynamic(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (type === 'timespan' && typeof v === 'number') return formatTimespanMs(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/**
 * One cell as JSON text. A long beyond 2^53 arrives as its digits in a string (values/json-out.ts):
 * it is written as a bare JSON number with those exact digits, as Kusto writes longs.
 */
function jsonCell(type: string, v: unknown): string {
  if (type === 'long' && typeof v === 'string' && /^-?\d+$/.test(v)) return v;
  if (v instanceof ExactDynamic) return v.text;
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v ?? null);
}

/** Milliseconds as Kusto timespan text, `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespanMs(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let ticks = Math.round(Math.abs(ms) * 10_000);
  const frac = ticks % 10_000_000;
  ticks = (ticks - frac) / 10_000_000;
  const s = ticks % 60;
  const m = Math.floor(ticks / 60) % 60;
  const h = Math.floor(ticks / 3600) % 24;
  const d = Math.floor(ticks / 86_400);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${sign}${d ? `${d}.` : ''}${two(h)}:${two(m)}:${two(s)}${frac ? `.${String(frac).padStart(7, '0')}` : ''}`;
}

/** One JSON object per row, `{"Column": value, ...}` (Kusto's JSON conventions), one per line. */
export function formatNdjson(result: TabularResult): string {
  const { columns, rows } = jsonForm(result);
  return rows.map((row) => {
    // JSON.stringify's object form, with exact long digits (below) and the last of repeated names
    const last = new Map<string, number>();
    columns.forEach((c, j) => last.set(c.name, j));
    const fields = [...last].map(([name, j]) => `${JSON.stringify(name)}:${jsonCell(columns[j]!.type, row[j])}`);
    return `{${fields.join(',')}}\n`;
  }).join('');
}

/**
 * RFC 4180 CSV: a header of column names, then one record per row, CRLF between records; a field is
 * quoted when it holds a comma, quote or line break (quotes doubled). Null is an empty field;
 * dynamic values are compact JSON; date-times ISO 8601 with seven fraction digits, as Kusto writes them.
 */
export function formatCsv(result: TabularResult): string {
  const { columns, rows } = jsonForm(result);
  const field = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [columns.map((c) => field(c.name)).join(',')];
  for (const row of rows) lines.push(columns.map((c, j) => field(csvCell(c.type, row[j]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(type: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (type === 'datetime' && typeof value === 'string') return sevenDigitFraction(value);
  if (value instanceof ExactDynamic) return value.text;
  if (typeof value === 'string') return value;
  if (type === 'dynamic' || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A GitHub-flavoured Markdown table (numbers right-aligned; `|` and line breaks escaped). */
export function formatMarkdown(result: TabularResult): string {
  const { columns, rows } = jsonForm(result);
  if (columns.length === 0) return '';
  const cell = (s: string) => s.replace(/\|/g, '\\|'); // line breaks are already shown as \n by formatCell
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    line(columns.map((c) => cell(c.name))),
    line(columns.map((c) => (NUMERIC.has(c.type) ? '---:' : '---'))),
  ];
  for (const row of rows) out.push(line(columns.map((c, j) => cell(formatCell(c.type, row[j])))));
  return `${out.join('\n')}\n`;
}
