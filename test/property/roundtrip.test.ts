// The printer inverts the parser: parseQuery(printQuery(ast)) is ast again, spans aside.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/syntax/parse.js';
import { printQuery } from '../../src/syntax/print.js';
import type { QueryText } from '../../src/syntax/ast.js';
import { mutatedQueryArb, queryArb, tokenSoupArb } from './generators.js';
import { runs } from './config.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = resolve(repoRoot, '../shared/queries/real-hunting-sample.jsonl');

/** The AST without source positions: every `span` and `…Span` key is dropped, recursively. */
function stripSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripSpans);
  if (x === null || typeof x !== 'object') return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === 'span' || k.endsWith('Span')) continue;
    out[k] = stripSpans(v);
  }
  return out;
}

interface RoundTrip {
  printed: string;
  /** diagnostics of re-parsing the printed text (must be none) */
  errors: string[];
  before: unknown;
  after: unknown;
}

function roundTrip(ast: QueryText): RoundTrip {
  const printed = printQuery(ast);
  const again = parseQuery(printed);
  return {
    printed,
    errors: again.diagnostics.map((d) => `${d.code} ${d.message} at ${d.span.start}`),
    before: stripSpans(ast),
    after: again.ast ? stripSpans(again.ast) : null,
  };
}

function expectRoundTrip(text: string): void {
  const { ast, diagnostics } = parseQuery(text);
  expect(diagnostics, `generated query does not parse:\n${text}`).toEqual([]);
  const rt = roundTrip(ast!);
  expect(rt.errors, `printed text does not parse:\n${rt.printed}\n(from ${text})`).toEqual([]);
  expect(rt.after, `printed text parses differently:\n${rt.printed}\n(from ${text})`).toEqual(rt.before);
  // printing is a fixed point after one round
  expect(printQuery(parseQuery(rt.printed).ast!)).toBe(rt.printed);
}

describe('print ∘ parse round trip', () => {
  it('holds for generated queries', () => {
    fc.assert(fc.property(queryArb(), (q) => expectRoundTrip(q.text)), { numRuns: runs(300) });
  });

  it('holds for literals of every type, escapes and names that need quoting', () => {
    const cases = [
      'print a = 1, b = 1.5, c = -2, d = 1e-7, e = 0x1F, f = long(null), g = real(nan), h = real(-inf)',
      'print s = "a\\"b\\\\c\\n\\t", t = \'single\', u = @"C:\\path", v = h"secret", w = "東京💥"',
      'print dt = datetime(2024-01-01T01:02:03.1234567Z), ts = time(1.02:03:04.5), t2 = 90s, t3 = 1tick, t4 = time(null)',
      'print g = guid(74be27de-1e4e-49d9-b579-fe0b331d3642), d = dynamic({"a": [1, 2.5, "x", null, true]}), e = dynamic(null)',
      "T | project ['a b'] = 1, ['where'] = 2 | extend x = ['a b'] + 1",
      'T | where a !in~ ("x", "y") and b !between (1 .. 2) or not(c has_any ("p", "q"))',
      'T | join kind=leftouter hint.strategy=shuffle (T | project k) on $left.k == $right.k, a',
      'T | mv-expand with_itemindex=i bagexpansion=array a to typeof(long), b limit 10',
      'T | sort by a asc nulls first, b desc nulls last | top 3 by c nulls first',
      'let f = (x:long, y:string = "d", T:(a:long)) { T | where a > x }; f(1)',
      'union kind=outer withsource=Src T, (T | take 1)',
    ];
    for (const text of cases) expectRoundTrip(text);
  });

  it('holds for whatever parses among garbage and mutated queries', () => {
    fc.assert(
      fc.property(fc.oneof(tokenSoupArb, mutatedQueryArb()), (text) => {
        const { ast, diagnostics } = parseQuery(text);
        if (!ast || diagnostics.length) return;
        expectRoundTrip(text);
      }),
      { numRuns: runs(250) },
    );
  });

  describe('real hunting queries', () => {
    const present = existsSync(SAMPLE);
    if (!present) console.log(`roundtrip: ${SAMPLE} is absent; skipping the real-query round trip`);
    it.skipIf(!present)('holds for every one of the 150 sample queries that parses', () => {
      const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter((l) => l.trim());
      let parsed = 0;
      const failures: string[] = [];
      for (const line of lines) {
        const { id, query } = JSON.parse(line) as { id: string; query: string };
        const { ast, diagnostics } = parseQuery(query);
        if (!ast || diagnostics.length) continue;
        parsed++;
        const rt = roundTrip(ast);
        if (rt.errors.length) failures.push(`${id}: printed text does not parse: ${rt.errors[0]}\n${rt.printed}`);
        else {
          try {
            expect(rt.after).toEqual(rt.before);
          } catch (e) {
            failures.push(`${id}: printed text parses differently\n${rt.printed}\n${(e as Error).message.slice(0, 1500)}`);
          }
        }
      }
      expect(parsed, 'too few sample queries parse for this test to mean much').toBeGreaterThan(50);
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  });
});
