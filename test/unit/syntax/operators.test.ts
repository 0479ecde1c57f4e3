// Query operators: each one's AST shape, options and clauses.
import { describe, expect, it } from 'vitest';
import { bin, call, long, member, name, operator, parseErrors, statementExpr, str } from './helpers.js';

const ts = (text: string, value: number) => ({ kind: 'Literal', type: 'timespan', value, text });

describe('query operators', () => {
  it('where / filter', () => {
    expect(operator('where x > 1')).toEqual({ kind: 'Where', predicate: bin('>', name('x'), long(1)) });
    expect(operator('filter x')).toEqual({ kind: 'Where', predicate: name('x') });
  });

  it('extend / project with names, tuples and escaped names', () => {
    expect(operator("extend a = 1, b, (c, d) = f(), ['e f'] = 2, where = 3")).toEqual({
      kind: 'Extend',
      items: [
        { names: [{ name: 'a' }], expr: long(1) },
        { expr: name('b') },
        { names: [{ name: 'c' }, { name: 'd' }], expr: call('f') },
        { names: [{ name: 'e f' }], expr: long(2) },
        { names: [{ name: 'where' }], expr: long(3) },
      ],
    });
    expect(operator('project a, b = c + 1, (x) = y')).toEqual({
      kind: 'Project',
      items: [{ expr: name('a') }, { names: [{ name: 'b' }], expr: bin('+', name('c'), long(1)) }, { names: [{ name: 'x' }], expr: name('y') }],
    });
    // `(x) + 1` is an expression, not a name list
    expect(operator('project (x) + 1')).toEqual({ kind: 'Project', items: [{ expr: bin('+', { kind: 'Paren', expr: name('x') }, long(1)) }] });
  });

  it('project-away / project-keep with wildcards', () => {
    expect(operator("project-away a, Acc*, *Id, a*b*, ['x y']")).toEqual({
      kind: 'ProjectAway',
      columns: [{ pattern: 'a' }, { pattern: 'Acc*' }, { pattern: '*Id' }, { pattern: 'a*b*' }, { pattern: 'x y' }],
    });
    expect(operator('project-keep k*, count')).toEqual({ kind: 'ProjectKeep', columns: [{ pattern: 'k*' }, { pattern: 'count' }] });
    expect(parseErrors('T | project-away a b')[0]).toMatchObject({ column: 20, help: "separate column names with ','" });
  });

  it('project-rename / project-reorder', () => {
    expect(operator("project-rename A = B, ['c d'] = ['e f']")).toEqual({
      kind: 'ProjectRename', items: [{ newName: 'A', oldName: 'B' }, { newName: 'c d', oldName: 'e f' }],
    });
    expect(operator('project-reorder a asc, b desc, c* granny-asc, d granny-desc, e')).toEqual({
      kind: 'ProjectReorder',
      columns: [
        { pattern: 'a', order: 'asc' }, { pattern: 'b', order: 'desc' }, { pattern: 'c*', order: 'granny-asc' },
        { pattern: 'd', order: 'granny-desc' }, { pattern: 'e' },
      ],
    });
  });

  it('take / limit', () => {
    expect(operator('take 10')).toEqual({ kind: 'Take', count: long(10) });
    expect(operator('limit n * 2')).toEqual({ kind: 'Take', count: bin('*', name('n'), long(2)) });
  });

  it('sort by / order by with direction and nulls', () => {
    expect(operator('sort by a, b asc, c desc nulls first, d nulls last')).toEqual({
      kind: 'Sort',
      items: [
        { expr: name('a') },
        { expr: name('b'), direction: 'asc' },
        { expr: name('c'), direction: 'desc', nulls: 'first' },
        { expr: name('d'), nulls: 'last' },
      ],
    });
    expect(operator('order by x')).toEqual({ kind: 'Sort', items: [{ expr: name('x') }] });
  });

  it('top', () => {
    expect(operator('top 5 by Count desc nulls last')).toEqual({
      kind: 'Top', count: long(5), items: [{ expr: name('Count'), direction: 'desc', nulls: 'last' }],
    });
  });

  it('count, getschema', () => {
    expect(operator('count')).toEqual({ kind: 'Count' });
    expect(operator('getschema')).toEqual({ kind: 'GetSchema' });
  });

  it('distinct', () => {
    expect(operator('distinct a, tostring(b)')).toEqual({ kind: 'Distinct', items: [name('a'), call('tostring', name('b'))], star: false });
    expect(operator('distinct *')).toEqual({ kind: 'Distinct', items: [], star: true });
  });

  it('summarize: aggregates, by, either part optional, hints', () => {
    expect(operator('summarize n = count(), dcount(x) by bin(Timestamp, 1h), k = tostring(y)')).toEqual({
      kind: 'Summarize',
      hints: [],
      aggregates: [{ names: [{ name: 'n' }], expr: call('count') }, { expr: call('dcount', name('x')) }],
      by: [{ expr: call('bin', name('Timestamp'), ts('1h', 36_000_000_000)) }, { names: [{ name: 'k' }], expr: call('tostring', name('y')) }],
    });
    expect(operator('summarize by a')).toEqual({ kind: 'Summarize', hints: [], aggregates: [], by: [{ expr: name('a') }] });
    expect(operator('summarize count()')).toEqual({ kind: 'Summarize', hints: [], aggregates: [{ expr: call('count') }], by: [] });
    expect(operator('summarize hint.strategy=shuffle hint.shufflekey=k (a, b) = arg_max(t, *) by k')).toEqual({
      kind: 'Summarize',
      hints: [{ name: 'hint.strategy', value: 'shuffle' }, { name: 'hint.shufflekey', value: 'k' }],
      aggregates: [{ names: [{ name: 'a' }, { name: 'b' }], expr: call('arg_max', name('t'), { kind: 'Star' }) }],
      by: [{ expr: name('k') }],
    });
  });

  it('join: kind, hints, bare or parenthesised right side, on conditions', () => {
    expect(operator('join kind=inner Alert on $left.correlationId == $right.AlertType')).toEqual({
      kind: 'Join',
      joinKind: 'inner',
      hints: [],
      right: name('Alert'),
      on: [bin('==', member(name('$left'), 'correlationId'), member(name('$right'), 'AlertType'))],
    });
    expect(operator('join hint.strategy=broadcast hint.remote=auto (U | where x) on a, $left.b == $right.c and $left.d == $right.e')).toEqual({
      kind: 'Join',
      hints: [{ name: 'hint.strategy', value: 'broadcast' }, { name: 'hint.remote', value: 'auto' }],
      right: { kind: 'Paren', expr: { kind: 'Pipe', source: name('U'), operator: { kind: 'Where', predicate: name('x') } } },
      on: [
        name('a'),
        bin('and', bin('==', member(name('$left'), 'b'), member(name('$right'), 'c')), bin('==', member(name('$left'), 'd'), member(name('$right'), 'e'))),
      ],
    });
    expect(parseErrors('T | join (U) x')[0]).toMatchObject({ message: "expected 'on' but found 'x'", column: 14 });
  });

  it('join kind span points at the value clause', () => {
    const e = statementExpr('T | join kind=leftouter U on a');
    expect(e).toMatchObject({ operator: { joinKind: 'leftouter' } });
  });

  it('union as an operator', () => {
    expect(operator('union withsource=S U, (V | take 1)')).toEqual({
      kind: 'Union',
      options: { withsource: 'S' },
      tables: [name('U'), { kind: 'Paren', expr: { kind: 'Pipe', source: name('V'), operator: { kind: 'Take', count: long(1) } } }],
    });
    expect(parseErrors('T | union kind=left U')[0]).toMatchObject({ message: "unknown union kind 'left'" });
  });

  it('mv-expand / mvexpand', () => {
    expect(operator('mv-expand bagexpansion=array with_itemindex=i a, b = c to typeof(long), todynamic(d) limit 10')).toEqual({
      kind: 'MvExpand',
      bagExpansion: 'array',
      itemIndex: 'i',
      items: [{ expr: name('a') }, { name: 'b', expr: name('c'), toType: 'long' }, { expr: call('todynamic', name('d')) }],
      limit: long(10),
    });
    expect(operator('mvexpand x to typeof(string)')).toEqual({ kind: 'MvExpand', items: [{ expr: name('x'), toType: 'string' }] });
  });

  it('as, serialize, render', () => {
    expect(operator('as hint.materialized=true Result')).toEqual({ kind: 'As', name: 'Result' });
    expect(operator('serialize')).toEqual({ kind: 'Serialize', items: [] });
    expect(operator('serialize rn = row_number()')).toEqual({ kind: 'Serialize', items: [{ names: [{ name: 'rn' }], expr: call('row_number') }] });
    expect(operator('render timechart')).toEqual({ kind: 'Render', chart: 'timechart', properties: [] });
    expect(operator('render columnchart with (title = "Hits", ycolumns = a, b, kind = stacked)')).toEqual({
      kind: 'Render',
      chart: 'columnchart',
      properties: [
        { name: 'title', value: str('Hits', '"Hits"') },
        { name: 'ycolumns', value: name('a'), more: [name('b')] },
        { name: 'kind', value: name('stacked') },
      ],
    });
  });

  it('unsupported operators skip their tokens up to the next top-level |', () => {
    const names = [
      'top-hitters',
      'consume',
    ];
    for (const n of names) {
      expect(statementExpr(`T | ${n} x (a | b; c) [d] {e} | take 1`), n).toEqual({
        kind: 'Pipe',
        source: { kind: 'Pipe', source: name('T'), operator: { kind: 'UnsupportedOperator', name: n, text: `${n} x (a | b; c) [d] {e}` } },
        operator: { kind: 'Take', count: long(1) },
      });
    }
  });

  it('graph-merge: a right graph, optional on conditions (graph-merge-operator.md)', () => {
    expect(operator('graph-merge G')).toMatchObject({ kind: 'GraphMerge', right: name('G'), on: [] });
    expect(operator('graph-merge G on $left.a == $right.b, c')).toMatchObject({
      kind: 'GraphMerge', right: name('G'),
      on: [{ kind: 'Binary', op: '==', left: { kind: 'Member', name: 'a' }, right: { kind: 'Member', name: 'b' } }, name('c')],
    });
  });

  it('make-graph: edges, node tables, with_node_id, partitioned-by', () => {
    expect(operator('make-graph a --> b with N on id, (M | take 1) on k')).toMatchObject({
      kind: 'MakeGraph', source: { name: 'a' }, target: { name: 'b' },
      nodes: [{ table: name('N'), id: { name: 'id' } }, { table: { kind: 'Paren' }, id: { name: 'k' } }],
    });
    expect(operator('make-graph a --> b with_node_id=name')).toMatchObject({ kind: 'MakeGraph', nodes: [], withNodeId: { name: 'name' } });
    expect(operator('make-graph a --> b partitioned-by t (graph-to-table nodes)')).toMatchObject({
      partition: { column: { name: 't' }, body: [{ kind: 'GraphToTable', items: [{ what: 'nodes' }] }] },
    });
    expect(parseErrors('T | make-graph a -> b').length).toBeGreaterThan(0);
  });

  it('graph-match patterns: directions, names, variable lengths, several sequences', () => {
    const op = operator('graph-match cycles=none (a)-[e*1..3]->(b)<-[f]-()--(c), (c)-[*2]-(a) where a.x == 1 project a.x');
    expect(op).toMatchObject({
      kind: 'GraphMatch', shortestPaths: false, params: [{ name: 'cycles', value: 'none' }],
      patterns: [
        {
          nodes: [{ name: 'a' }, { name: 'b' }, {}, { name: 'c' }],
          edges: [
            { name: 'e', direction: 'right', range: { min: 1, max: 3 } },
            { name: 'f', direction: 'left' },
            { direction: 'any' },
          ],
        },
        { nodes: [{ name: 'c' }, { name: 'a' }], edges: [{ direction: 'any', range: { min: 2 } }] },
      ],
      where: bin('==', member(name('a'), 'x'), long(1)),
      project: [{ expr: member(name('a'), 'x') }],
    });
    expect(operator('graph-match (a)-->(b)<--(c)')).toMatchObject({ patterns: [{ edges: [{ direction: 'right' }, { direction: 'left' }] }] });
    expect(operator('graph-shortest-paths output=all (a)-[e*1..5]->(b) project b')).toMatchObject({ kind: 'GraphMatch', shortestPaths: true, params: [{ name: 'output', value: 'all' }] });
    expect(parseErrors('T | graph-match (a)<-[e]->(b) project a')[0]).toMatchObject({ message: expect.stringContaining('one direction') });
  });

  it('graph-to-table and graph-mark-components', () => {
    expect(operator('graph-to-table nodes as N with_node_id=I, edges with_source_id=S with_target_id=T as E')).toMatchObject({
      kind: 'GraphToTable',
      items: [
        { what: 'nodes', alias: 'N', params: [{ name: 'with_node_id', value: 'I' }] },
        { what: 'edges', alias: 'E', params: [{ name: 'with_source_id', value: 'S' }, { name: 'with_target_id', value: 'T' }] },
      ],
    });
    expect(parseErrors('T | graph-to-table vertices')[0]).toMatchObject({ message: "expected 'nodes' or 'edges' but found 'vertices'" });
    expect(operator('graph-mark-components kind=strong with_component_id=c')).toMatchObject({
      kind: 'GraphMarkComponents', params: [{ name: 'kind', value: 'strong' }, { name: 'with_component_id', value: 'c' }],
    });
  });

  it('an unsupported operator inside parentheses stops at the unmatched )', () => {
    expect(statementExpr('T | join (U | top-hitters x on y) on y')).toMatchObject({
      operator: { kind: 'Join', right: { kind: 'Paren', expr: { operator: { kind: 'UnsupportedOperator', name: 'top-hitters', text: 'top-hitters x on y' } } } },
    });
  });

  it('fork, facet and partition', () => {
    expect(operator('fork (where a > 1) Named = (count | as X)')).toMatchObject({
      kind: 'Fork', legs: [{ body: [{ kind: 'Where' }] }, { name: 'Named', body: [{ kind: 'Count' }, { kind: 'As', name: 'X' }] }],
    });
    expect(operator('facet by a, [\'b c\'] with (where x | take 5)')).toMatchObject({
      kind: 'Facet', columns: [{ name: 'a' }, { name: 'b c' }], body: [{ kind: 'Where' }, { kind: 'Take' }],
    });
    expect(operator('partition hint.strategy=native by k (summarize count() | top 1 by count_)')).toMatchObject({
      kind: 'Partition', params: [{ name: 'hint.strategy', value: 'native' }], key: { name: 'k' }, body: [{ kind: 'Summarize' }, { kind: 'Top' }],
    });
    expect(operator('partition by k { U | where x == k }')).toMatchObject({
      kind: 'Partition', params: [], key: { name: 'k' }, source: { kind: 'Pipe', operator: { kind: 'Where' } },
    });
    // still names: fork, facet and partition are soft keywords
    expect(statementExpr('T | project fork, facet, partition')).toMatchObject({ operator: { kind: 'Project' } });
  });

  it('parse and parse-where: parameters, source, pattern items', () => {
    expect(statementExpr('T | join (U | parse x with * "a" y:string) on y')).toMatchObject({
      operator: { kind: 'Join', right: { kind: 'Paren', expr: { operator: { kind: 'Parse', where: false, items: [{ kind: 'Star' }, { kind: 'Text', value: 'a' }, { kind: 'Column', name: 'y', type: 'string' }] } } } },
    });
    expect(operator('parse-where kind = regex flags=Ui s with "(a)" n:long')).toMatchObject({
      kind: 'Parse', where: true, parseKind: 'regex', flags: 'Ui', source: name('s'), items: [{ kind: 'Text', value: '(a)' }, { kind: 'Column', name: 'n', type: 'long' }],
    });
  });

  it('real-world operator forms', () => {
    expect(operator('invoke FileProfile(SHA1, 1000)')).toMatchObject({ kind: 'Invoke', call: { kind: 'Call', name: 'FileProfile', args: [name('SHA1'), long(1000)] } });
    expect(operator('evaluate bag_unpack(x)')).toMatchObject({ kind: 'Evaluate', plugin: 'bag_unpack', args: [name('x')] });
    expect(operator("evaluate hint.distribution=per_node bag_unpack(d, 'p_', columnsConflict='keep_source') : (*, a:long, b:string)")).toMatchObject({
      kind: 'Evaluate', hints: [{ name: 'hint.distribution', value: 'per_node' }], plugin: 'bag_unpack',
      args: [name('d'), { kind: 'Literal', value: 'p_' }, { kind: 'NamedArg', name: 'columnsConflict' }],
      schema: { columns: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }], starAt: 0 },
    });
    expect(operator('project-by-names "a", dynamic(["b*"])')).toMatchObject({ kind: 'ProjectByNames', items: [{ kind: 'Literal', value: 'a' }, { kind: 'Literal' }] });
    expect(operator('lookup kind=leftouter (U) on x')).toMatchObject({ kind: 'Lookup', joinKind: 'leftouter', right: { kind: 'Paren' }, on: [name('x')] });
    expect(operator('top-nested 2 of b with others = "o" by s = sum(x) asc, top-nested of c by max(y)')).toMatchObject({
      kind: 'TopNested',
      clauses: [
        { count: long(2), key: { expr: name('b') }, others: { kind: 'Literal', value: 'o' }, aggregate: { names: [{ name: 's' }] }, direction: 'asc' },
        { key: { expr: name('c') } },
      ],
    });
    expect(operator('sample 5')).toMatchObject({ kind: 'Sample', count: long(5) });
    expect(operator('sample-distinct 5 of c')).toMatchObject({ kind: 'SampleDistinct', count: long(5), column: name('c') });
  });

  it('an unknown word after | is a syntax error at the word', () => {
    const [d] = parseErrors('T\n| wherever x');
    expect(d).toMatchObject({ code: 'KQL0001', message: "unknown query operator 'wherever'", line: 2, column: 3 });
  });
});
