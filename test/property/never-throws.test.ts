// Robustness: parse, analyze and query never throw anything but KqlError, and every diagnostic is well formed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database, KqlError, parse, type Diagnostic } from '../../src/index.js';
import { garbageArb, loadTable, longInputArb, MAIN_SCHEMA, queryArb, tableAndQueryArb, tableArb, type GenTable } from './generators.js';
import { runs } from './config.js';

/** A query that runs longer than this (wall clock, any one call) counts as a hang. */
const HANG_MS = 3000;
/** Inputs at least this long may legitimately hit "too complex" / engine-limit errors. */
const LONG_INPUT = 400;

/** 1-based line and column of a 0-based offset, counting only '\n' as a line break (as render.ts does). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Every way a diagnostic can be malformed, as messages (empty when it is fine). */
function diagnosticProblems(text: string, d: Diagnostic): string[] {
  const problems: string[] = [];
  if (typeof d.code !== 'string' || !/^KQL\d{4}$/.test(d.code)) problems.push(`bad code ${String(d.code)}`);
  if (typeof d.message !== 'string' || d.message.trim() === '') problems.push('empty message');
  if (d.severity !== 'error' && d.severity !== 'warning') problems.push(`bad severity ${String(d.severity)}`);
  if (!Number.isInteger(d.start) || !Number.isInteger(d.end) || d.start < 0 || d.end < d.start || d.end > text.length) {
    problems.push(`bad span ${d.start}..${d.end} for text of length ${text.length}`);
  } else {
    const want = lineColumn(text, d.start);
    if (d.line !== want.line || d.column !== want.column) {
      problems.push(`line/column ${d.line}:${d.column} but offset ${d.start} is at ${want.line}:${want.column}`);
    }
  }
  // the engine wraps its own crashes into diagnostics; those are bugs, not answers
  if (/internal (parser )?error/i.test(d.message)) problems.push(`engine crash reported as a diagnostic: ${d.message}`);
  if (text.length < LONG_INPUT && /too complex|exceeded an engine limit/.test(d.message)) {
    problems.push(`resource limit on a short input: ${d.message}`);
  }
  return problems;
}

function checkDiagnostics(text: string, ds: Diagnostic[], where: string): void {
  const problems = ds.flatMap((d) => diagnosticProblems(text, d).map((p) => `${where}: ${d.code} '${d.message}': ${p}`));
  if (problems.length) throw new Error(`${problems.join('\n')}\nquery: ${JSON.stringify(text)}`);
}

function timed<T>(what: string, text: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  const ms = performance.now() - t0;
  if (ms > HANG_MS) throw new Error(`${what} took ${Math.round(ms)} ms (a hang?) on ${JSON.stringify(text.slice(0, 300))}`);
  return out;
}

/** The whole public surface on one input: parse, analyze, querySync. */
function exercise(db: Database, text: string): void {
  const parsed = timed('parse', text, () => parse(text));
  expect(Array.isArray(parsed.diagnostics)).toBe(true);
  checkDiagnostics(text, parsed.diagnostics, 'parse');

  const analyzed = timed('analyze', text, () => db.analyze(text));
  expect(Array.isArray(analyzed.diagnostics)).toBe(true);
  checkDiagnostics(text, analyzed.diagnostics, 'analyze');

  timed('querySync', text, () => {
    try {
      const r = db.querySync(text, { timeoutMs: 1000, maxRows: 200_000 });
      expect(Array.isArray(r.columns)).toBe(true);
      r.toJSON();
      void r.rows;
    } catch (e) {
      if (!(e instanceof KqlError)) {
        throw new Error(`querySync threw ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message}\nquery: ${JSON.stringify(text)}`);
      }
      expect(e.diagnostics.length).toBeGreaterThan(0);
      checkDiagnostics(text, e.diagnostics, 'querySync');
    }
  });
}

const emptyTable: GenTable = { name: 'T', schema: [], rows: [] };
function smallDb(): Database {
  const db = new Database({ now: '2026-01-01T00:00:00Z' });
  return loadTable(db, fc.sample(tableArb(6, 'T', true), { numRuns: 1, seed: 42 })[0] ?? emptyTable);
}

describe('never throws', () => {
  const db = smallDb();

  it('on garbage text', () => {
    fc.assert(fc.property(garbageArb, (text) => exercise(db, text)), { numRuns: runs(400) });
  });

  it('on very long and deeply nested inputs', () => {
    fc.assert(fc.property(longInputArb, (text) => exercise(db, text)), { numRuns: runs(25) });
  });

  it('on generated queries over generated tables', () => {
    fc.assert(
      fc.property(tableAndQueryArb(8, { extreme: true }), ({ table, query }) => {
        exercise(loadTable(new Database({ now: '2026-01-01T00:00:00Z' }), table), query.text);
      }),
      { numRuns: runs(250) },
    );
  });

  it('analyze agrees with querySync: same columns on success, errors iff compile errors', () => {
    fc.assert(
      fc.property(tableAndQueryArb(6), ({ table, query }) => {
        const db2 = loadTable(new Database({ now: '2026-01-01T00:00:00Z' }), table);
        const analyzed = db2.analyze(query.text);
        const compileErrors = analyzed.diagnostics.filter((d) => d.severity === 'error');
        let result;
        try {
          result = db2.querySync(query.text, { timeoutMs: 1000 });
        } catch (e) {
          if (!(e instanceof KqlError)) throw e;
          // a run-time failure (KQL04xx) is the only error analyze may not foresee
          if (!e.diagnostics.every((d) => d.code.startsWith('KQL04'))) {
            expect(compileErrors.map((d) => d.code)).toEqual(e.diagnostics.map((d) => d.code));
          }
          return;
        }
        expect(compileErrors).toEqual([]);
        expect(result.columns).toEqual(analyzed.columns);
      }),
      { numRuns: runs(150) },
    );
  });

  it('mostly valid: at least 80% of generated queries compile', () => {
    const samples = fc.sample(queryArb(), { numRuns: 300, seed: 20260101 });
    const db2 = new Database({ now: '2026-01-01T00:00:00Z' }).addTable('T', [], [...MAIN_SCHEMA]);
    const failures = samples.filter((q) => db2.analyze(q.text).diagnostics.some((d) => d.severity === 'error'));
    if (failures.length > samples.length * 0.2) {
      const first = failures[0]!;
      throw new Error(`${failures.length}/${samples.length} generated queries do not compile, e.g.\n${first.text}\n${JSON.stringify(db2.analyze(first.text).diagnostics)}`);
    }
  });
});
