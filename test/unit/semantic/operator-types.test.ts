// Every binary operator with every pair of scalar types: our binder accepts exactly the pairs Microsoft's
// analyzer accepts, with the same result type. (This found dynamic / long typed dynamic instead of long,
// dynamic operands refused by and/or, guids accepted by string operators, bools accepted by between.)
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';
import { oracle } from '../../harness/oracle.js';

const SCHEMA = { d: 'dynamic', i: 'int', l: 'long', r: 'real', m: 'decimal', s: 'timespan', t: 'datetime', b: 'bool', x: 'string', g: 'guid' };
const COLS = Object.keys(SCHEMA);
const GROUPS: Record<string, string[]> = {
  arithmetic: ['+', '-', '*', '/', '%'],
  comparison: ['==', '!=', '<', '<=', '>', '>='],
  string: ['=~', '!~', 'has', '!has', 'contains', 'startswith', 'endswith', 'matches regex', 'has_cs', 'hasprefix'],
  list: ['in', '!in', 'in~', 'has_any', 'has_all', 'between'],
  logical: ['and', 'or'],
};

/** Where the documentation, not the analyzer, decides: each with the page that says so. */
const DOCS_DECIDE: Record<string, string> = {
  't + t': 'datetime-timespan-arithmetic.md: two datetime values can be subtracted "but not added" (the analyzer types it datetime)',
};

const expression = (op: string, a: string, b: string): string =>
  ['in', '!in', 'in~', 'has_any', 'has_all'].includes(op) ? `${a} ${op} (${b})` : op === 'between' ? `${a} between (${b} .. ${b})` : `${a} ${op} ${b}`;

describe('binary operators × scalar types ≡ Kusto.Language', () => {
  const kusto = oracle({ T: SCHEMA });
  const db = new Database();
  db.addTable('T', [], SCHEMA);
  for (const [group, ops] of Object.entries(GROUPS)) {
    it(group, () => {
      const disagree: string[] = [];
      for (const op of ops) {
        for (const a of COLS) {
          for (const b of COLS) {
            const q = `T | project z = ${expression(op, a, b)}`;
            const k = kusto.analyze(q);
            const theirs = k.syntaxErrors.length + k.semanticErrors.length > 0 ? 'error' : k.columns![0]!.type;
            const ours = db.analyze(q);
            const mine = ours.diagnostics.some((d) => d.severity === 'error') ? 'error' : ours.columns![0]!.type;
            if (theirs !== mine && !(expression(op, a, b) in DOCS_DECIDE)) disagree.push(`${expression(op, a, b)}: analyzer ${theirs}, ours ${mine}`);
          }
        }
      }
      expect(disagree).toEqual([]);
    });
  }

  it('where the docs decide, the analyzer does disagree (else the exception is stale)', () => {
    for (const e of Object.keys(DOCS_DECIDE)) {
      const k = kusto.analyze(`T | project z = ${e}`);
      expect(k.semanticErrors, e).toEqual([]);
      expect(db.analyze(`T | project z = ${e}`).diagnostics.map((d) => d.code), e).toEqual(['KQL0301']);
    }
  });
});
