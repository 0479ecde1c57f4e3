// Which bare words may be names: our parser rejects exactly where Microsoft's analyzer (Kusto.Language)
// rejects, for type names and the words its grammar reserves, in the usual name positions.
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/index.js';
import { oracle } from '../../harness/oracle.js';
import { printQuery } from '../../../src/syntax/print.js';
import { parseQuery } from '../../../src/syntax/parse.js';

const WORDS = [
  'string', 'long', 'int', 'datetime', 'timespan', 'real', 'decimal', 'int64', 'boolean', 'date', 'double', 'float', 'int8', 'int16',
  'int32', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'time', 'uniqueid', 'bool', 'guid', 'missing', 'flags', 'simple', 'relaxed',
  'with_match_id', 'of', 'materialize', 'toscalar', 'totable', 'kind', 'withsource', 'mvapply', 'count', 'extend', 'on', 'type', 'name',
];
const CONTEXTS = [
  (w: string) => `T | project x = d.${w}`,
  (w: string) => `T | extend ${w} = 1`,
  (w: string) => `print ${w} = 1`,
  (w: string) => `T | where ${w} == 1`,
  (w: string) => `T | summarize count() by ${w}`,
  (w: string) => `let f = (${w}:long) { 1 }; print f(1)`,
  (w: string) => `T | project-rename ${w} = d`,
  (w: string) => `T | project x = d['${w}'], ['${w}'] = 1`,
];

describe('bare words as names ≡ Kusto.Language', () => {
  const kusto = oracle({ T: { d: 'dynamic' } });
  for (const w of WORDS) {
    it(w, () => {
      const disagree = CONTEXTS.map((c) => c(w)).filter((q) => (kusto.analyze(q).syntaxErrors.length > 0) !== (parse(q).diagnostics.length > 0));
      expect(disagree).toEqual([]);
    });
  }

  it('typeof(long) keeps its type argument; the printer brackets a reserved word', () => {
    expect(parse('print x = extract("(\\\\d+)", 1, "a1", typeof(long))').diagnostics).toEqual([]);
    const q = "print ['string'] = 1, ['missing'] = dynamic({}).['missing']";
    const printed = printQuery(parseQuery(q).ast!);
    expect(printed).toContain('["string"]');
    expect(parse(printed).diagnostics).toEqual([]);
  });
});
