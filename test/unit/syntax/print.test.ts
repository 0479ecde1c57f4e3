// The printer: print(parse(q)) parses back to the same AST (spans aside), for corpora and generated queries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr, Literal, QueryText } from '../../../src/syntax/ast.js';
import { parseQuery } from '../../../src/syntax/parse.js';
import { literalText, printExpr, printQuery } from '../../../src/syntax/print.js';
import { bin, long, name, parseOk, readCorpus, stripSpans } from './helpers.js';

/** parse → print → parse gives the same AST */
function expectRoundTrip(text: string): string {
  const first = parseOk(text);
  const printed = printQuery(first);
  const second = parseQuery(printed);
  expect(second.diagnostics, printed).toEqual([]);
  expect(stripSpans(second.ast), printed).toEqual(stripSpans(first));
  return printed;
}

const SAMPLES = [
  'T | where x > 1 and y has "a" or not(z) | take 10',
  "let x = 1; let f = (a:long, b:string = 'x', T:(*), U:(c:int, *)) { let y = a + 1; T | where c > y }; f(1, 'b', A, B)",
  'let v = view () { T | take 1 }; v',
  'set notruncation; set x = 5; T',
  "declare query_parameters(p:string = 'a'); declare pattern q; T",
  "print a = 1, 2, (b, c) = f(), ['d e'] = 3, where = 4",
  'range x from 1 to 10 step 2 | extend y = x * 2',
  "datatable(a:int, ['b c']:string, d:dynamic) [1, 'x', dynamic({\"k\": [1, null]}), -2, \"y\", dynamic(null)]",
  'union kind=outer withsource=S isfuzzy=true A, (B | take 1) | count',
  'T | union withsource="my source" U, V',
  'T | project-away a, b*, *c, [\'d e\'] | project-keep x* | project-rename n = o | project-reorder a asc, b* granny-desc',
  'T | sort by a asc nulls first, b desc | top 5 by c nulls last | distinct a, b | distinct *',
  'T | summarize hint.strategy=shuffle n = count(), (a, b) = arg_max(t, *) by bin(ts, 1h), k | summarize by k | summarize count()',
  'T | join kind=leftouter hint.remote="auto" (U | where x) on k, $left.a == $right.b and $left.c == $right.d',
  'T | mv-expand bagexpansion=array with_itemindex=i a, b = c to typeof(long) limit 10 | mvexpand d',
  'T | as hint.materialized=true X | getschema | serialize | serialize n = row_number()',
  'T | render timechart with (title = "t", ycolumns = a, b)',
  "T | evaluate bag_unpack(d, 'p_', ignoredProperties = dynamic(['a'])) : (x:long, *, y:string) | evaluate narrow()",
  'T | evaluate hint.distribution=per_node pivot(a, sum(b), c) | project-by-names "a", dynamic(["b*"])',
  'search kind=case_sensitive in (T, (U | take 1)) "err*" and (x > 1 or "b") | search * | count',
  "find withsource=S in (T, U) where a == 'x' project a, b:long, pack_all() | take 1",
  'find "x"',
  "externaldata(a:string, ['b c']:long) [h'https://x', 'y.csv'] with (format=csv, ignoreFirstRecord=true) | take 1",
  'T | parse x with * "a" y:string | evaluate bag_unpack(d) | invoke f() | lookup (U) on k',
  "externaldata(a:string) [@'https://x'] with (format='csv') | where a != ''",
  'search "x" | take 1',
  'print -a.b[0], +1, x !between (1 .. 2), y in~ ("a", "b"), z !has_cs "q", w matches regex @"\\d"',
  "print cluster('c').database('d').T, d.['a b'], d['k'], f(n = 1)",
  "print 'a' \"b\" @'c', h'secret', ```multi\nline```",
  'print datetime(2020-01-01 10:00), timespan(1.02:03:04), 1d, 1.5, .5, 0x1F, real(nan), guid(74be27de-1e4e-49d9-b579-fe0b331d3642)',
  'print (a + b) * c, a + (b * c), a - (b - c), (a == b) == (c == d), -(a + b), (T | count)',
  'T | where (x in (1)) == true',
  'let M = materialize(T | summarize count() by k); M | join (M) on k',
  "T | where ['count'] > 1 and kind == 'x' | extend type = title, on = 1",
  'print datetime (x), long (1)',
  'f(1) | take 1',
  'union withsource=T Device*, *Events, * | union U*',
  'T | scan with_match_id=m declare (c:long = 0, d:string) with (step s1 output=last: x > 1 => c = s1.c + 1, d = "a"; step s2: true;)',
  'search a:"x" or (b:"y*" and c == 1) | where f(x):"z"',
  'T | fork (where a > 1 | as A) B = (count) | take 1',
  "macro-expand kind=inner isfuzzy=true entity_group [cluster('c').database('d'), database('e')] as X (let n = 1; X.T | take n) | count",
  "let G = entity_group [T, table('U'), database('d').V]; macro-expand X in G (macro-expand entity_group('S') as Y (X | join (Y) on k)); macro-expand G (G)",
  'T | where * has "x" and not(* !contains_cs "y") | summarize countif(* == "z"), count() | distinct * | where * matches regex "a"',
  "T | facet by a, ['b c'] with (where x > 1 | take 5)",
  'T | partition hint.strategy=native by k (summarize count() by x | top 1 by count_) | partition by k {U | where x == k}',
  'T | scan with (step s: a == "x";) | reduce kind=source by s with threshold=0.5, characters="-_" | reduce by t',
  'E | make-graph a --> b with N on id, (M | take 1) on k | graph-match cycles=none (x)-[e*1..3]->(y)<--(), (y)-[f]-(z)--(x) where x.n == 1 and all(e, w > 0) project x.n, c = map(inner_nodes(e), node_degree_in())',
  'E | make-graph a --> b with_node_id=name | graph-mark-components kind=strong with_component_id=c | graph-to-table nodes as N with_node_id=I, edges as F with_source_id=S with_target_id=T',
  'E | make-graph a --> b with N on id partitioned-by t (graph-shortest-paths output=all (s)<-[e*2]-(d) project s.id | graph-to-table edges)',
  'G | graph-merge H | graph-merge (E | make-graph a --> b) on $left.a == $right.b, c | graph-mark-components | graph-to-table nodes',
  "graph('M', snapshot='S') | graph-merge graph('N', 'T') on w | graph-to-table edges",
];

describe('printQuery', () => {
  it.each(SAMPLES)('round-trips %s', (text) => {
    expectRoundTrip(text);
  });

  it('prints pipelines one operator per line', () => {
    expect(printQuery(parseOk('T|where x>1|take 1'))).toBe('T\n| where x > 1\n| take 1');
  });

  it('round-trips every parseable corpus query', () => {
    const corpora = [readCorpus('queries/real-hunting-sample.jsonl'), readCorpus('conformance/docs-cases.jsonl')];
    let checked = 0;
    for (const corpus of corpora) {
      for (const q of corpus ?? []) {
        const first = parseQuery(q.query);
        if (!first.ast) continue;
        const second = parseQuery(printQuery(first.ast));
        expect(stripSpans(second.ast), q.id).toEqual(stripSpans(first.ast));
        checked++;
      }
    }
    if (corpora.some((c) => c !== null)) expect(checked).toBeGreaterThan(800);
  });

  it('adds the parentheses precedence needs to ASTs built by hand', () => {
    const span = { start: 0, end: 0 };
    const withSpans = (e: unknown): Expr => JSON.parse(JSON.stringify(e), (_k, v) => (v && typeof v === 'object' && 'kind' in v ? { ...v, span, ...(v.kind === 'Binary' ? { opSpan: span } : {}) } : v));
    expect(printExpr(withSpans(bin('*', bin('+', name('a'), name('b')), name('c'))))).toBe('(a + b) * c');
    expect(printExpr(withSpans(bin('-', name('a'), bin('-', name('b'), name('c')))))).toBe('a - (b - c)');
    expect(printExpr(withSpans(bin('==', bin('==', name('a'), name('b')), name('c'))))).toBe('(a == b) == c');
    expect(printExpr(withSpans(bin('+', long(1), name('where'))))).toBe('1 + ["where"]');
  });

  it('synthesises literal text from values when a literal has none', () => {
    const cases: [Literal['type'], Literal['value']][] = [
      ['long', 42], ['int', -7], ['real', 1.5], ['real', 3], ['real', NaN], ['real', -Infinity], ['decimal', 2.5],
      ['bool', true], ['string', 'it\'s "q"\n\u0001'], ['datetime', 15778368000000000n], ['timespan', 937840000000],
      ['guid', '74be27de-1e4e-49d9-b579-fe0b331d3642'], ['dynamic', { a: [1, 'x', null, true] }], ['dynamic', null],
      ['long', null], ['datetime', null], ['string', ''],
    ];
    for (const [type, value] of cases) {
      const text = literalText({ kind: 'Literal', type, value, text: '', span: { start: 0, end: 0 } });
      const parsed = stripSpans(parseOk(`print ${text}`)) as QueryText;
      const s = parsed.statements[0]!;
      if (s.kind !== 'ExprStatement' || s.expr.kind !== 'Print') throw new Error('shape');
      expect(s.expr.items[0]!.expr, text).toMatchObject({ kind: 'Literal', type, value });
    }
  });

  it('round-trips generated queries (property)', () => {
    const leaf = fc.constantFrom(
      'a', 'b', 'count', 'kind', '$left.x', "['a b']", '1', '2.5', '1d', "'s'", '"t\\n"', 'true', 'datetime(2020-01-01)',
      'dynamic([1, "a"])', 'long(null)', 'now()', "h'x'",
    );
    const ops = ['+', '-', '*', '/', '%', '==', '!=', '<', '>=', '=~', '!~', 'and', 'or', 'has', '!contains', 'startswith_cs', 'matches regex'];
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('expr'), fc.constantFrom(...ops), tie('expr')).map(([l, op, r]) => `${l} ${op} ${r}`),
        tie('expr').map((e) => `(${e})`),
        fc.tuple(fc.constantFrom('f', 'strcat', 'iff'), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
        tie('expr').map((e) => `-(${e})`),
        tie('expr').map((e) => `(${e}).p['k'][0]`),
        fc.tuple(tie('expr'), fc.constantFrom('in', '!in', 'in~', 'has_any'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 }))
          .map(([l, op, items]) => `${l} ${op} (${items.join(', ')})`),
        fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([l, lo, hi]) => `${l} between (${lo} .. ${hi})`),
      ),
    }));
    const query = fc.oneof(
      expr.map((e) => `T | where ${e}`),
      fc.tuple(expr, expr).map(([e1, e2]) => `T | extend x = ${e1}, ${e2} | project x`),
      expr.map((e) => `print ${e}`),
      fc.tuple(expr, expr).map(([e1, e2]) => `T | summarize s = sum(${e1}) by ${e2}`),
      expr.map((e) => `T | sort by ${e} desc nulls last`),
      fc.tuple(expr, expr).map(([e1, e2]) => `let v = ${e1}; T | join kind=inner (U | where ${e2}) on k`),
    );
    fc.assert(
      fc.property(query, (text) => {
        const first = parseQuery(text);
        fc.pre(first.ast !== null); // e.g. chained comparisons are (rightly) rejected
        const second = parseQuery(printQuery(first.ast!));
        expect(stripSpans(second.ast)).toEqual(stripSpans(first.ast));
      }),
      { numRuns: 500 },
    );
  });
});
