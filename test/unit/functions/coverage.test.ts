// Coverage of Microsoft's function catalog: counted independently of coverage.ts from the generated
// catalog rows and the definitions, and printed for the README.
import { describe, expect, it } from 'vitest';
import { BINDER_FUNCTIONS, catalogCoverage, listFunctions } from '../../../src/functions/coverage.js';
import { KUSTO_CATALOG } from '../../../src/functions/kusto-catalog.generated.js';
import { lookupAggregate, lookupScalar } from '../../../src/functions/index.js';
import { lookupPlugin } from '../../../src/plugins/index.js';
import { runCli } from '../../../src/cli/main.js';

describe('catalog coverage', () => {
  it('counts visible catalog functions the engine can bind', () => {
    for (const row of catalogCoverage()) {
      const visible = KUSTO_CATALOG.filter(([, k, , , hidden]) => k === row.kind && hidden === 0).map(([n]) => n);
      const bindable = visible.filter((n) =>
        row.kind === 'scalar' ? lookupScalar(n) !== undefined || BINDER_FUNCTIONS.includes(n)
          : row.kind === 'aggregate' ? lookupAggregate(n) !== undefined : lookupPlugin(n) !== undefined);
      expect([row.total, row.supported]).toEqual([visible.length, bindable.length]);
      expect(row.missing).toEqual(visible.filter((n) => !bindable.includes(n)).sort());
    }
    console.log(`catalog coverage: ${catalogCoverage().map((c) => `${c.kind} ${c.supported}/${c.total}`).join(', ')}`);
  });

  it('every listed function binds, and kql functions prints them with the coverage line', async () => {
    const list = listFunctions();
    for (const f of list) {
      expect(f.kind === 'scalar' ? lookupScalar(f.name) : f.kind === 'aggregate' ? lookupAggregate(f.name) : lookupPlugin(f.name)).toBeDefined();
    }
    let out = '';
    const code = await runCli(['functions'], { stdout: (t) => { out += t; }, stderr: () => {}, readFile: () => '' });
    expect(code).toBe(0);
    expect(out).toContain('parse_json [scalar] (also parsejson)');
    expect(out).toMatch(/Coverage of Kusto's function catalog \(visible functions\): scalar \d+\/\d+, aggregate \d+\/\d+, plugin \d+\/\d+/);
    expect(out).toContain('bag_unpack [plugin]');
    out = '';
    await runCli(['functions', '--json'], { stdout: (t) => { out += t; }, stderr: () => {}, readFile: () => '' });
    expect((JSON.parse(out) as { functions: unknown[] }).functions.length).toBe(list.length);
  });
});
