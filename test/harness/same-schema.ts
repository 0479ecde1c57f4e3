// One test per query: our analyze() gives exactly the result schema Microsoft's analyzer gives.
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { oracleSchemaFor } from './oracle.js';

export function describeSameSchemaAsAnalyzer(title: string, queries: readonly string[]): void {
  describe(`${title}: result schema equals the analyzer's`, () => {
    it.each(queries)('%s', (q) => {
      const ours = new Database().analyze(q);
      expect(ours.diagnostics).toEqual([]);
      const theirs = oracleSchemaFor(q);
      expect(theirs).not.toBeNull();
      expect(ours.columns).toEqual(theirs);
    });
  });
}
