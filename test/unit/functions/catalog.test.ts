// Checks the scalar families' signatures against Microsoft's analyzer catalog (../shared/catalog):
// parameter names, types or type kinds, optional and repeatable flags, declared result types.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScalarFunctionDef, TypeSet } from '../../../src/functions/define.js';
import { DYNAMIC, INTEGER, NUMBER, ORDERABLE, STRING, SUMMABLE } from '../../../src/functions/define.js';
import { conditionalFunctions } from '../../../src/functions/scalar/conditional.js';
import { conversionFunctions } from '../../../src/functions/scalar/conversion.js';
import { datetimeFunctions } from '../../../src/functions/scalar/datetime.js';
import { dynamicFunctions } from '../../../src/functions/scalar/dynamic.js';
import { mathFunctions } from '../../../src/functions/scalar/math.js';
import { stringFunctions } from '../../../src/functions/scalar/string.js';

const CATALOG = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/catalog/kusto-functions.jsonl');

interface CatalogParam {
  name: string;
  types: string[];
  typeKind: string;
  argumentKind: string;
  optional?: boolean;
  repeatable?: boolean;
}
interface CatalogEntry {
  name: string;
  kind: string;
  signatures: { parameters: CatalogParam[]; returnKind: string; returnType?: string }[];
}

/** The TypeSet a catalog parameter maps to. */
function expectedTypes(q: CatalogParam): TypeSet | undefined {
  switch (q.typeKind) {
    case 'Declared':
      return q.types[0] === 'type' ? STRING : (q.types as TypeSet);
    case 'Scalar':
    case 'CommonScalar':
    case 'CommonScalarOrDynamic':
      return 'any';
    case 'StringOrDynamic':
      return ['string', 'dynamic'];
    case 'Number':
      return NUMBER;
    case 'Integer':
      return INTEGER;
    case 'Summable':
      return SUMMABLE;
    case 'CommonOrderable':
      return ORDERABLE;
    case 'DynamicArray':
    case 'DynamicBag':
      return DYNAMIC;
    default:
      return undefined;
  }
}

/** Deliberate, documented departures from the analyzer's signatures. */
const DEPARTURES = new Set([
  'todynamic', 'toobject', // also take a dynamic (see conversion.ts)
  // a real second, as make-timespan-function.md documents (make_timespan(1,12,30,55.123) → 1.12:30:55.1230000);
  // the analyzer declares an integer and reports KS134 for that example
  'make_timespan',
]);

const families: ScalarFunctionDef[] = [
  ...conversionFunctions, ...stringFunctions, ...datetimeFunctions, ...mathFunctions, ...conditionalFunctions, ...dynamicFunctions,
];

describe.runIf(existsSync(CATALOG))('scalar signatures match the analyzer catalog', () => {
  const catalog = new Map<string, CatalogEntry>();
  if (existsSync(CATALOG)) {
    for (const line of readFileSync(CATALOG, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const e = JSON.parse(line) as CatalogEntry;
      if (e.kind === 'scalar') catalog.set(e.name, e);
    }
  }
  for (const def of families) {
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      it.skipIf(DEPARTURES.has(name))(name, () => {
        const entry = catalog.get(name);
        expect(entry, `${name} is not in the catalog`).toBeDefined();
        const mine = def.signatures.map((s) =>
          s.params.map((q) => ({ name: q.name, types: q.types, optional: !!q.optional, repeatable: !!q.repeatable })),
        );
        // `pack_array(*)` (a StarOnly argument) is the binder's business, not a signature here.
        const signatures = entry!.signatures.filter((s) => !s.parameters.some((q) => q.argumentKind === 'StarOnly'));
        const theirs = signatures.map((s) =>
          s.parameters.map((q) => ({ name: q.name, types: expectedTypes(q), optional: !!q.optional, repeatable: !!q.repeatable })),
        );
        expect(mine).toEqual(theirs);
        def.signatures.forEach((s, k) => {
          const c = signatures[k]!;
          if (c.returnKind === 'Declared') expect(s.returns).toBe(c.returnType);
          else if (c.returnKind === 'Custom') expect(s.returns).toBe('dynamic'); // the dynamic builders
          else if (c.returnKind === 'Parameter0' && c.parameters[0]!.typeKind === 'DynamicArray') expect(s.returns).toBe('dynamic');
          else expect(typeof s.returns).toBe('function');
        });
      });
    }
  }
});
