// The world-dependent functions are declared with Microsoft's analyzer's signatures (functions/world.ts).
import { describe, expect, it } from 'vitest';
import { WORLD_FUNCTIONS } from '../../../src/functions/world.js';
import { oracle } from '../../harness/oracle.js';

const SAMPLE: Record<string, string> = { string: '"1.2.3.4"' };

describe('world-dependent functions ≡ Kusto.Language signatures', () => {
  const kusto = oracle();
  for (const f of WORLD_FUNCTIONS) {
    it(`${f.name}(${f.params.map((q) => q.type).join(', ')}) → ${f.returns}`, () => {
      const call = `${f.name}(${f.params.map((q) => SAMPLE[q.type] ?? `${q.type}(null)`).join(', ')})`;
      const a = kusto.analyze(`print r = ${call}`);
      expect([...a.syntaxErrors, ...a.semanticErrors]).toEqual([]);
      expect(a.columns).toEqual([{ name: 'r', type: f.returns }]);
      // one argument more is an error for Kusto too (unless the last parameter repeats)
      if (f.params.some((q) => q.repeatable)) return;
      const extra = kusto.analyze(`print r = ${f.name}(${[...f.params.map((q) => SAMPLE[q.type] ?? `${q.type}(null)`), '"x"'].join(', ')})`);
      expect(extra.semanticErrors.length).toBeGreaterThan(0);
    });
  }
});
