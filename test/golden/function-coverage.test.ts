// Issue 3: every catalog function has a golden case pinning a value from the official docs (@doc) and one
// exercising a null / empty / invalid-input edge (@edge). Functions still lacking either are listed in
// function-coverage-missing.json with the reason (name → why); this test fails when a listed function is covered now (remove it: the
// list only shrinks) or an unlisted one is not. How tags count: function-coverage.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calls, codeOnly, familySummary, formatSummary, goldenCoverage, readMissingList, readMissingReasons, readmeLine } from './function-coverage.js';

describe('golden function coverage (@doc / @edge tags)', () => {
  const { functions, problems } = goldenCoverage();

  it('every tag names a catalog function that its case calls', () => {
    expect(problems.map((p) => `${p.where}: ${p.message}`)).toEqual([]);
  });

  it('function-coverage-missing.json lists exactly the functions lacking a @doc or an @edge case', () => {
    const summary = familySummary(functions);
    const lacking = functions.filter((f) => f.doc.length === 0 || f.edge.length === 0);
    const what = (f: (typeof functions)[number]) =>
      `${f.id} [${f.family}]: ${[f.doc.length === 0 ? 'doc' : '', f.edge.length === 0 ? 'edge' : ''].filter(Boolean).join(' + ')} missing`;
    console.log(`golden function coverage (doc = a @doc case or a passing docs case; edge = an @edge case):\n${formatSummary(summary)}\n${readmeLine(summary)}`);
    if (lacking.length > 0 && process.env.GOLDEN_COVERAGE_VERBOSE === '1') console.log(lacking.map(what).join('\n'));

    const listed = readMissingList();
    expect(listed, 'function-coverage-missing.json: sorted, one name per line, no duplicates').toEqual([...new Set(listed)].sort());
    const ids = new Set(functions.map((f) => f.id));
    expect(listed.filter((id) => !ids.has(id)), 'listed names that are not catalog functions').toEqual([]);
    const lackingIds = new Set(lacking.map((f) => f.id));
    expect(listed.filter((id) => !lackingIds.has(id)), 'covered now: remove them from function-coverage-missing.json').toEqual([]);
    expect(lacking.filter((f) => !listed.includes(f.id)).map(what), 'not covered and not listed in function-coverage-missing.json').toEqual([]);
    // each entry's reason starts with what is missing ("doc", "edge" or "doc + edge") and says why
    const reasons = readMissingReasons();
    const byId = new Map(functions.map((f) => [f.id, f]));
    const badReasons = listed.filter((id) => {
      const f = byId.get(id);
      const lacks = f ? [f.doc.length === 0 ? 'doc' : '', f.edge.length === 0 ? 'edge' : ''].filter(Boolean).join(' + ') : '';
      const r = reasons[id];
      return typeof r !== 'string' || !r.startsWith(`${lacks}: `) || r.length < lacks.length + 20;
    });
    expect(badReasons, 'function-coverage-missing.json: each reason starts with "doc: ", "edge: " or "doc + edge: " (what is missing) and explains it').toEqual([]);
  });
});

describe('golden function coverage: the checker itself', () => {
  it('finds calls outside string literals and comments, by alias too; aggregates only after summarize', () => {
    const strlen = { names: ['strlen'], kind: 'scalar' as const };
    expect(calls(codeOnly('print strlen ("a")'), strlen)).toBe(true);
    expect(calls(codeOnly('print x = "strlen(a)" // strlen(b)\n| extend y = 1'), strlen)).toBe(false);
    expect(calls(codeOnly("print x = 'it\\'s strlen(' , y = mystrlen(1)"), strlen)).toBe(false);
    expect(calls(codeOnly('print iff(true, 1, 2)'), { names: ['iif', 'iff'], kind: 'scalar' })).toBe(true);
    const count = { names: ['count'], kind: 'aggregate' as const };
    expect(calls(codeOnly('T | summarize count() by x'), count)).toBe(true);
    expect(calls(codeOnly('T | extend c = count()'), count)).toBe(false);
    expect(calls(codeOnly('T | summarize countif(x > 1)'), count)).toBe(false);
  });

  it('the README line does not claim more than is measured', () => {
    const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
    const m = /functions with doc \+ edge golden cases: (\d+)\/(\d+)/.exec(readme);
    expect(m, 'README.md has the line "functions with doc + edge golden cases: X/Y"').not.toBeNull();
    const all = familySummary().find((r) => r.family === 'all')!;
    expect(Number(m![1])).toBeLessThanOrEqual(all.both);
  });
});
