// Assembles the function catalog: every scalar and aggregate definition, looked up by KQL name.
import type { AggregateDef, ScalarFunctionDef } from './define.js';
import { coreAggregates } from './aggregate/core.js';
import { statisticsAggregates } from './aggregate/statistics.js';
import { sketchAggregates, sketchScalars } from './aggregate/sketches.js';
import { KUSTO_CATALOG } from './kusto-catalog.generated.js';
import { conversionFunctions } from './scalar/conversion.js';
import { stringFunctions } from './scalar/string.js';
import { regexFunctions } from './scalar/regex.js';
import { datetimeFunctions } from './scalar/datetime.js';
import { dynamicFunctions } from './scalar/dynamic.js';
import { arrayFunctions } from './scalar/array.js';
import { conditionalFunctions } from './scalar/conditional.js';
import { mathFunctions } from './scalar/math.js';
import { mathSpecialFunctions } from './scalar/math-special.js';
import { datetimeFormatFunctions } from './scalar/datetime-format.js';
import { ipFunctions } from './scalar/ip.js';
import { encodingFunctions } from './scalar/encoding.js';
import { stringExtraFunctions } from './scalar/string-extras.js';
import { seriesFunctions } from './scalar/series.js';
import { seriesAnalysisFunctions } from './scalar/series-analysis.js';
import { characterFunctions } from './scalar/characters.js';
import { contextFunctions } from './scalar/context.js';
import { hashFunctions } from './scalar/hash.js';
import { geoFunctions } from './scalar/geo.js';
import { geoOpsFunctions } from './scalar/geo-ops.js';
import { parserFunctions } from './scalar/parsers.js';

export const scalarFunctions: ScalarFunctionDef[] = [
  ...conversionFunctions,
  ...stringFunctions,
  ...regexFunctions,
  ...datetimeFunctions,
  ...dynamicFunctions,
  ...arrayFunctions,
  ...conditionalFunctions,
  ...mathFunctions,
  ...mathSpecialFunctions,
  ...datetimeFormatFunctions,
  ...sketchScalars,
  ...ipFunctions,
  ...encodingFunctions,
  ...stringExtraFunctions,
  ...seriesFunctions,
  ...seriesAnalysisFunctions,
  ...characterFunctions,
  ...contextFunctions,
  ...hashFunctions,
  ...geoFunctions,
  ...geoOpsFunctions,
  ...parserFunctions,
];
export const aggregateFunctions: AggregateDef[] = [...coreAggregates, ...statisticsAggregates, ...sketchAggregates];

function byName<T extends { name: string; aliases?: string[] }>(defs: T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const d of defs) {
    m.set(d.name, d);
    for (const a of d.aliases ?? []) m.set(a, d);
  }
  return m;
}

const scalarByName = byName(scalarFunctions);
const aggregateByName = byName(aggregateFunctions);

export const lookupScalar = (name: string): ScalarFunctionDef | undefined => scalarByName.get(name);
export const lookupAggregate = (name: string): AggregateDef | undefined => aggregateByName.get(name);
export const implementedNames = (): string[] => [...scalarByName.keys(), ...aggregateByName.keys()];

const kustoRules = new Map<string, { kind: string; prefix: string }>();
const kustoKinds = new Map<string, string>();
for (const [name, kind, rule, prefix] of KUSTO_CATALOG) {
  kustoRules.set(`${kind}:${name}`, { kind: rule, prefix });
  kustoKinds.set(name, kind);
}

/** The analyzer's result-naming rule for a function (`FirstArgument`, `PrefixAndFirstArgument`, …). */
export function resultNameRule(name: string, kind: 'scalar' | 'aggregate'): { kind: string; prefix: string } | undefined {
  const own = kind === 'scalar' ? scalarByName.get(name) : aggregateByName.get(name);
  const canonical = own?.name ?? name;
  return kustoRules.get(`${kind}:${canonical}`) ?? kustoRules.get(`${kind}:${name}`);
}

/** Whether Kusto knows this function (so an unimplemented one is "not supported yet", not "unknown"). */
export const isKustoFunction = (name: string): string | undefined => kustoKinds.get(name);
