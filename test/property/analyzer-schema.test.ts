// The binder agrees with Microsoft's analyzer (Kusto.Language): a generated query Kusto accepts is
// accepted with the same result schema (names, types, order), and one Kusto rejects is rejected.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { oracle } from '../harness/oracle.js';
import { MAIN_SCHEMA, queryArb } from './generators.js';
import { KNOWN_BUG_IDS, KNOWN_BUGS, REPRO_SCHEMA } from './known-bugs.js';
import { runs } from './config.js';

const columnsText = (cs: readonly { name: string; type: string }[] | null) => (cs ? cs.map((c) => `${c.name}:${c.type}`).join(', ') : 'null');

describe('binder ≡ Kusto.Language analyzer on generated queries', () => {
  const schema = MAIN_SCHEMA.map((c) => ({ name: c.name, type: c.type }));
  const kusto = oracle({ T: schema });
  const db = new Database({ now: '2026-01-01T00:00:00Z' }).addTable('T', [], schema);

  it('accepts what Kusto accepts, with the same result columns; rejects what Kusto rejects', () => {
    fc.assert(
      fc.property(queryArb({ avoid: KNOWN_BUG_IDS }), (q) => {
        const theirs = kusto.analyze(q.text);
        const kustoErrors = [...theirs.syntaxErrors, ...theirs.semanticErrors];
        const mine = db.analyze(q.text);
        const myErrors = mine.diagnostics.filter((d) => d.severity === 'error');
        if (kustoErrors.length) {
          expect(myErrors.length, `Kusto rejects (${kustoErrors.map((d) => `${d.code} ${d.message}`).join('; ')}) but the engine accepts:\n${q.text}`).toBeGreaterThan(0);
          return;
        }
        expect(myErrors.map((d) => `${d.code} ${d.message} at ${d.line}:${d.column}`), `Kusto accepts:\n${q.text}`).toEqual([]);
        expect(columnsText(mine.columns), q.text).toBe(columnsText(theirs.columns));
      }),
      { numRuns: runs(100) },
    );
  });

  // (a suite only while some divergence is open: vitest rejects an empty one)
  const open = KNOWN_BUGS.filter((b) => b.where === 'analyzer-schema.test.ts');
  describe.runIf(open.length > 0)('open divergences (known-bugs.ts; each case fails until the engine is fixed)', () => {
    const reproDb = new Database().addTable('T', [], REPRO_SCHEMA);
    const reproKusto = oracle({ T: REPRO_SCHEMA });
    for (const bug of open) {
      it.fails(`${bug.id}: ${bug.repro} → engine ${bug.engine}, Kusto ${bug.kusto}`, () => {
        expect(columnsText(reproDb.analyze(bug.repro).columns)).toBe(columnsText(reproKusto.analyze(bug.repro).columns));
      });
    }
  });
});
