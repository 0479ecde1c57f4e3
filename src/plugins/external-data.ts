// externaldata over local files: parsing CSV, TSV, JSON (one object per line, an array, or concatenated
// objects: multijson) and text (one line per row) into the declared columns, and the guarded file reader.
import { KqlDataError } from '../errors/diagnostic.js';
import { convertTo } from '../values/convert.js';
import { getMember } from '../values/dynamic.js';
import { loadValue } from '../values/load.js';
import type { Column, Scalar } from '../types.js';
import type { PluginTable } from './define.js';
import { tableFromRows } from './table.js';

/** Reads the text of one externaldata URI; throws KqlDataError (naming it) when it may not or cannot be read. */
export type ExternalReader = (uri: string) => string;

export const EXTERNAL_FORMATS = ['csv', 'tsv', 'tsve', 'psv', 'scsv', 'sohsv', 'json', 'multijson', 'txt', 'raw'];

/** One file's records as rows of the declared columns. */
export function parseExternal(text: string, format: string, columns: Column[], ignoreFirst: boolean, uri: string): Scalar[][] {
  const fmt = format.toLowerCase();
  let rows: Scalar[][];
  if (fmt === 'json' || fmt === 'multijson') {
    rows = jsonRecords(text, uri).map((rec) => columns.map((c) => {
      const v = rec !== null && typeof rec === 'object' && !Array.isArray(rec) ? getMember(rec as Record<string, unknown>, c.name) : undefined;
      return jsonCell(c, v);
    }));
  } else if (fmt === 'txt' || fmt === 'raw') {
    const lines = fmt === 'raw' ? [text] : splitLines(text);
    rows = lines.map((l) => columns.map((c, j) => (j === 0 ? textCell(c, l) : null)));
  } else {
    const sep = fmt === 'tsv' || fmt === 'tsve' ? '\t' : fmt === 'psv' ? '|' : fmt === 'scsv' ? ';' : fmt === 'sohsv' ? '\u0001' : ',';
    rows = delimited(text, sep).map((fields) => columns.map((c, j) => textCell(c, fields[j] ?? '')));
  }
  return ignoreFirst ? rows.slice(1) : rows;
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A text field as a value of the column's type (Kusto's to<type>() of the text; empty → null). */
function textCell(c: Column, field: string): Scalar {
  if (c.type === 'string') return field;
  if (field === '') return null;
  if (c.type === 'dynamic') {
    try { return JSON.parse(field) as Scalar; } catch { return field; }
  }
  return convertTo(c.type, 'string', field);
}

function jsonCell(c: Column, v: unknown): Scalar {
  if (v === undefined || v === null) return c.type === 'string' ? '' : null;
  if (c.type === 'string' && typeof v !== 'string') return JSON.stringify(v);
  try {
    return loadValue(c.type, v);
  } catch {
    return null;
  }
}

/** RFC 4180 fields: quotes around a field allow separators, newlines and doubled quotes inside it. */
function delimited(text: string, sep: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') { quoted = true; started = true; continue; }
    if (ch === sep) { row.push(field); field = ''; started = true; continue; }
    if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      started = false;
      continue;
    }
    field += ch;
    started = true;
  }
  if (started || field !== '' || row.length) { row.push(field); out.push(row); }
  return out;
}

/** JSON records: an array of objects, one object per line, or objects one after another (multijson). */
function jsonRecords(text: string, uri: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const whole = JSON.parse(trimmed) as unknown;
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // concatenated values: scan for the end of each top-level object or array
  }
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') { if (depth++ === 0) start = i; }
    else if (ch === '}' || ch === ']') {
      if (--depth === 0) {
        try {
          out.push(JSON.parse(trimmed.slice(start, i + 1)));
        } catch (e) {
          throw new KqlDataError(`externaldata: '${uri}' is not valid JSON: ${(e as Error).message}`);
        }
      }
    } else if (depth === 0 && !/\s|,/.test(ch)) {
      throw new KqlDataError(`externaldata: '${uri}' is not valid JSON near offset ${i}`);
    }
  }
  if (depth !== 0) throw new KqlDataError(`externaldata: '${uri}' is not valid JSON (an object is not closed)`);
  return out;
}

export function externalTable(columns: Column[], texts: { uri: string; text: string }[], format: string, ignoreFirst: boolean): PluginTable {
  const rows = texts.flatMap((t) => parseExternal(t.text, format, columns, ignoreFirst, t.uri));
  return tableFromRows(columns, rows);
}

/** A URI with a scheme other than file:// (http, https, ...): no network here, only what the application provides. */
export const isUrl = (uri: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !/^file:\/\//i.test(uri);

export const urlRefused = (uri: string): string =>
  `externaldata: '${uri}' is a URL; this engine makes no network requests (the application can provide the text: Database option readExternalUrl, or kql run --external URL=PATH)`;

/**
 * The reader a Database gives externaldata: refuses URLs (no network) and everything when no root is
 * set; resolves a relative path against the root and refuses a path that leaves it.
 */
export function localFileReader(root: string | undefined, readFile: ((path: string) => string) | undefined, readUrl?: (url: string) => string): ExternalReader {
  return (uri) => {
    if (isUrl(uri)) {
      if (!readUrl) throw new KqlDataError(urlRefused(uri));
      let text: unknown;
      try {
        text = readUrl(uri);
      } catch (e) {
        throw new KqlDataError(`externaldata: the application's readExternalUrl failed for '${uri}': ${(e as Error).message}`);
      }
      if (typeof text !== 'string') throw new KqlDataError(`externaldata: the application's readExternalUrl gave no text for '${uri}'`);
      return text;
    }
    if (root === undefined) {
      throw new KqlDataError(`externaldata: reading '${uri}' is refused: the application has not allowed local files (Database option externalDataRoot)`);
    }
    const path = resolveUnder(root, uri.replace(/^file:\/\//i, ''));
    if (path === null) throw new KqlDataError(`externaldata: '${uri}' is outside the externalDataRoot directory`);
    const read = readFile ?? nodeReadFile();
    if (!read) throw new KqlDataError(`externaldata: no file reader is available here; give the Database a readExternalFile option`);
    try {
      return read(path);
    } catch (e) {
      throw new KqlDataError(`externaldata: cannot read '${uri}': ${(e as Error).message}`);
    }
  };
}

/** `rel` resolved against `root` ('/'-separated; '\\' read as '/'), or null when it leaves root. */
export function resolveUnder(root: string, rel: string): string | null {
  const norm = (p: string) => p.replace(/\\/g, '/');
  const r = norm(root).replace(/\/+$/, '');
  const p = norm(rel);
  const absolute = p.startsWith('/') || /^[A-Za-z]:\//.test(p);
  const full = absolute ? p : `${r}/${p}`;
  const parts: string[] = [];
  const lead = full.startsWith('/') ? '/' : '';
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { if (parts.length === 0) return null; parts.pop(); continue; }
    parts.push(seg);
  }
  const resolved = lead + parts.join('/');
  const base = (r.startsWith('/') ? '/' : '') + r.split('/').filter((s) => s !== '' && s !== '.').join('/');
  return resolved === base || resolved.startsWith(base.endsWith('/') ? base : base + '/') ? resolved : null;
}

/** Node's fs.readFileSync when running in Node (looked up at run time: the engine also runs in browsers). */
function nodeReadFile(): ((path: string) => string) | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (m: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as { readFileSync(p: string, enc: string): string } | undefined;
  return fs ? (p) => fs.readFileSync(p, 'utf8') : null;
}
