// Runs every test/golden/**/*.kqltest: each query with the optimizer on and off; errors by code and position.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database, KqlError } from '../../src/index.js';
import { canonical, parseGolden, renderResult, type GoldenLoad } from './format.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../fixtures');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.kqltest') ? [p] : [];
  });
}

function makeDb(loads: GoldenLoad[], options: Record<string, unknown> = {}): Database {
  const db = new Database({ ...options, now: '2026-01-01T00:00:00Z' });
  for (const l of loads) {
    if (l.kind === 'graph_model') {
      db.addGraphModel(l.table, readFileSync(join(fixtures, l.file), 'utf8'));
      continue;
    }
    if (l.kind === 'graph_snapshot') {
      db.makeGraphSnapshot(l.table, l.file, l.options);
      continue;
    }
    const data = JSON.parse(readFileSync(join(fixtures, l.file), 'utf8')) as { schema?: Record<string, string>; rows: Record<string, unknown>[] };
    if (l.kind) db.addEntity(l.kind, l.table, data.rows, data.schema, l.options);
    else db.addTable(l.table, data.rows, data.schema, l.options);
  }
  return db;
}

function runCase(db: Database, c: { kind: string; text: string; rowsort: boolean }, optimize: boolean): string[] {
  try {
    const r = db.querySync(c.text, { optimize });
    return renderResult(r.toJSON(), c.rowsort);
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    return e.diagnostics.map((d) => `${d.code} ${d.message}${d.help ? ` (${d.help})` : ''} at ${d.line}:${d.column}`);
  }
}

for (const file of files(here)) {
  const text = readFileSync(file, 'utf8');
  const golden = parseGolden(text);
  describe(`golden ${relative(here, file)}${golden.name ? ` — ${golden.name}` : ''}`, () => {
    const db = makeDb(golden.loads, golden.database);
    const updated: { line: number; lines: string[] }[] = [];
    for (const c of golden.cases) {
      const test = c.knownFailure && !UPDATE ? it.fails : it;
      test(`line ${c.line}${c.knownFailure ? ' (known failure)' : ''}: ${c.text.split('\n')[0]!.slice(0, 70)}`, () => {
        const got = runCase(db, c, true);
        if (UPDATE) {
          updated.push({ line: c.line, lines: got });
          return;
        }
        if (c.kind === 'error') {
          expect(got.join('\n')).toBe(c.expected.join('\n'));
        } else {
          expect(canonical(got, c.rowsort)).toEqual(canonical(c.expected, c.rowsort));
          // the optimizer never changes answers
          expect(canonical(runCase(db, c, false), c.rowsort)).toEqual(canonical(got, c.rowsort));
        }
      });
    }
    if (UPDATE) {
      it('rewrite expectations', () => {
        const lines = text.split('\n');
        for (const u of [...updated].sort((a, b) => b.line - a.line)) {
          let i = u.line;
          while (lines[i]!.trim() !== '----') i++;
          let j = i + 1;
          while (j < lines.length && lines[j]!.trim() !== '') j++;
          lines.splice(i + 1, j - i - 1, ...u.lines);
        }
        writeFileSync(file, lines.join('\n'));
      });
    }
  });
}
