// Result schemas of the documentation cases (../shared/conformance, 682 self-contained queries) against
// Microsoft's analyzer: for every case the analyzer accepts and gives columns for, our db.analyze() must
// give the same names, types and order, except the differences listed with their reason in
// docs-schema-differences.json (the test fails on an unlisted difference and on a listed case that agrees
// now). Cases whose schema the analyzer leaves open (bag_unpack and the like: no columns) are counted apart.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { loadDocsCases } from '../harness/docs-cases.js';
import { oracle } from '../harness/oracle.js';
import { compareSchema } from '../harness/schema-agreement.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const KNOWN = JSON.parse(readFileSync(join(HERE, 'docs-schema-differences.json'), 'utf8')) as { cases: Record<string, string> };
const cases = loadDocsCases();

describe.skipIf(cases.length === 0)('documentation cases: result schema ≡ Kusto.Language', () => {
  it('same names, types and order, or a listed difference', { timeout: 300_000 }, () => {
    const kusto = oracle();
    // the docs' examples run on help/Samples
    const db = new Database({ now: '2026-11-30T00:00:00Z', databaseName: 'Samples', clusterName: 'help' });
    let same = 0;
    let open = 0;
    let rejected = 0;
    const differ: Record<string, string> = {};
    for (const c of cases) {
      const r = compareSchema(kusto, db, c.query);
      if (r.status === 'rejected') rejected++;
      else if (r.status === 'open') open++;
      else if (r.status === 'same') same++;
      else differ[c.id] = r.detail;
    }
    const compared = same + Object.keys(differ).length;
    console.log(`docs cases, result schema: ${same} / ${compared} equal to the analyzer's (${open} with an open schema, ${rejected} the analyzer rejects)`);
    const listed = Object.keys(KNOWN.cases);
    expect(Object.keys(differ).filter((id) => !listed.includes(id)).map((id) => `${id}: ${differ[id]}`), 'unlisted differences').toEqual([]);
    expect(listed.filter((id) => !(id in differ)), 'listed but equal now: remove them from docs-schema-differences.json').toEqual([]);
  });
});
