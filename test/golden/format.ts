// Reads and renders .kqltest files: logic tests as data (queries with expected tables or errors).
import type { Column } from '../../src/index.js';

export interface GoldenLoad {
  table: string;
  file: string;
  /**
   * `load external_table E file.json`: an entity (db.addEntity) instead of a table;
   * `load graph_model M model.json`: a graph model (db.addGraphModel, the file is the model's JSON);
   * `load graph_snapshot S M [with {"snapshotTime": ...}]`: db.makeGraphSnapshot('S', 'M') (here `file` is the model's name)
   */
  kind?: 'external_table' | 'materialized_view' | 'stored_query_result' | 'graph_model' | 'graph_snapshot';
  /** `load T file.json with {"extentTags": [...]}`: addTable's options */
  options?: Record<string, unknown>;
}
export interface GoldenCase {
  kind: 'query' | 'error';
  /** `query rowsort`: compare rows as a sorted multiset */
  rowsort: boolean;
  /** `query known-failure`: a documented engine gap; the case must still fail (vitest it.fails) */
  knownFailure: boolean;
  text: string;
  expected: string[];
  line: number;
}
export interface GoldenFile {
  name: string;
  loads: GoldenLoad[];
  cases: GoldenCase[];
  /** `database {"databaseName": "Samples", ...}`: options of the file's Database (besides its fixed `now`) */
  database?: Record<string, unknown>;
}

/**
 * Format:
 *   # name: …            (comments start with #)
 *   load Table path.json (relative to test/fixtures)
 *   load Table path.json with {"extentTags": ["a"]}      (addTable's options)
 *   load external_table|materialized_view|stored_query_result Name path.json   (db.addEntity)
 *   load graph_model Name model.json   (db.addGraphModel)   load graph_snapshot Snapshot Model   (db.makeGraphSnapshot)
 *   database {"databaseName": "Samples", "clusterName": "help", "principal": {...}}   (Database options)
 *   query | query rowsort | error   (any of them + ` known-failure`: a listed engine gap, run as it.fails)
 *   <KQL, one or more lines>
 *   ----
 *   <expected: a header `name:type  name:type` then rows, cells separated by two or more spaces;
 *    or, for error, `CODE message at line:column`>
 *   (blank line ends the case)
 */
export function parseGolden(text: string): GoldenFile {
  const lines = text.split('\n');
  const out: GoldenFile = { name: '', loads: [], cases: [] };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const t = line.trim();
    if (t.startsWith('# name:')) out.name = t.slice(7).trim();
    if (t === '' || t.startsWith('#')) { i++; continue; }
    const load = /^load\s+(?:(external_table|materialized_view|stored_query_result|graph_model|graph_snapshot)\s+)?(\S+)\s+(\S+)(?:\s+with\s+(\{.*\}))?$/.exec(t);
    if (load) {
      out.loads.push({
        table: load[2]!, file: load[3]!,
        ...(load[1] ? { kind: load[1] as GoldenLoad['kind'] } : {}),
        ...(load[4] ? { options: JSON.parse(load[4]) as Record<string, unknown> } : {}),
      });
      i++;
      continue;
    }
    const database = /^database\s+(\{.*\})$/.exec(t);
    if (database) { out.database = JSON.parse(database[1]!) as Record<string, unknown>; i++; continue; }
    const head = /^(query|error)(\s+rowsort)?(\s+known-failure)?$/.exec(t);
    if (!head) throw new Error(`line ${i + 1}: expected 'query', 'error' or 'load', got '${t}'`);
    const start = i + 1;
    i++;
    const q: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '----') q.push(lines[i++]!);
    if (i >= lines.length) throw new Error(`line ${start}: missing ----`);
    i++;
    const exp: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') exp.push(lines[i++]!.replace(/\s+$/, ''));
    out.cases.push({ kind: head[1] as 'query' | 'error', rowsort: !!head[2], knownFailure: !!head[3], text: q.join('\n'), expected: exp, line: start });
  }
  return out;
}

/** Renders one cell of a toJSON() result the way golden files write it. */
export function renderCell(type: string, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (type === 'string') return v === '' ? '(empty)' : String(v);
  if (type === 'dynamic') return JSON.stringify(v);
  return String(v);
}

export function renderResult(json: { columns: Column[]; rows: unknown[][] }, rowsort: boolean): string[] {
  const header = json.columns.map((c) => `${c.name}:${c.type}`);
  const rows = json.rows.map((r) => r.map((v, j) => renderCell(json.columns[j]!.type, v)));
  if (rowsort) rows.sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : a.join('\u0000') > b.join('\u0000') ? 1 : 0));
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  return all.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j]!))).join('  ').replace(/\s+$/, ''));
}

/** Normalises expected lines: cells split on 2+ spaces, rejoined canonically (so alignment doesn't matter). */
export function canonical(lines: string[], rowsort: boolean): string[] {
  const rows = lines.map((l) => l.trim().split(/\s{2,}|\t/));
  const [head, ...body] = rows;
  if (rowsort) body.sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : a.join('\u0000') > b.join('\u0000') ? 1 : 0));
  return [head ?? [], ...body].map((r) => r.join(' | '));
}
