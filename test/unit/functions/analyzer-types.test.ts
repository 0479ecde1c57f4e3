// Compares the result types our signatures compute with Microsoft's analyzer
// (@kusto/language-service-next) over generated argument-type combinations.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { KqlType } from '../../../src/types.js';
import { KQL_TYPES } from '../../../src/types.js';
import type { ArgInfo, ParamDef, ScalarFunctionDef } from '../../../src/functions/define.js';
import { conditionalFunctions } from '../../../src/functions/scalar/conditional.js';
import { conversionFunctions } from '../../../src/functions/scalar/conversion.js';
import { datetimeFunctions } from '../../../src/functions/scalar/datetime.js';
import { dynamicFunctions } from '../../../src/functions/scalar/dynamic.js';
import { arrayFunctions } from '../../../src/functions/scalar/array.js';
import { mathSpecialFunctions } from '../../../src/functions/scalar/math-special.js';
import { datetimeFormatFunctions } from '../../../src/functions/scalar/datetime-format.js';
import { sketchScalars } from '../../../src/functions/aggregate/sketches.js';
import { mathFunctions } from '../../../src/functions/scalar/math.js';
import { stringFunctions } from '../../../src/functions/scalar/string.js';
import { ipFunctions } from '../../../src/functions/scalar/ip.js';
import { encodingFunctions } from '../../../src/functions/scalar/encoding.js';
import { stringExtraFunctions } from '../../../src/functions/scalar/string-extras.js';

interface Analyzer {
  resultType(expr: string): string | undefined;
}

/** Loads Kusto.Language (a Bridge.NET bundle that installs globals) once. */
function loadAnalyzer(): Analyzer {
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const K = (globalThis as any).Kusto.Language;
  const globals = K.GlobalState.Default;
  return {
    resultType(expr) {
      const code = K.KustoCode.ParseAndAnalyze('print ' + expr, globals);
      if (code.GetDiagnostics().Count > 0) return undefined;
      return code.ResultType.Columns.getItem(0).Type.Name as string;
    },
  };
}

/** A typed value of each type, for the analyzer. */
const LITERAL: Record<KqlType, string> = {
  bool: 'true', int: 'int(1)', long: 'long(1)', real: 'real(1)', decimal: 'decimal(1)', string: '"1"',
  datetime: 'datetime(2020-01-01)', timespan: '1h', guid: 'guid(12e8b78d-55b4-46ae-b068-26d7a0080254)', dynamic: 'dynamic(1)',
};

/** Constant arguments some functions need (a period name, a type literal, a regex kind). */
function constantFor(def: ScalarFunctionDef, q: ParamDef): { text: string; value: string } | undefined {
  if (!q.constant) return undefined;
  if (q.name === 'part') return def.name === 'datetime_part' ? { text: '"day"', value: 'day' } : { text: '"day"', value: 'day' };
  if (q.name === 'typeLiteral') return { text: 'typeof(long)', value: 'long' };
  if (q.name === 'kind') return { text: '"regex"', value: 'regex' };
  if (q.name === 'regex') return { text: '"a"', value: 'a' };
  return undefined;
}

/** Argument-type lists for a signature: each param's types, repeat groups once and twice. */
function* combos(params: ParamDef[]): Generator<ParamDef[]> {
  const first = params.findIndex((q) => q.repeatable);
  const required = params.filter((q) => !q.optional && !q.repeatable);
  if (first < 0) {
    for (let n = required.length; n <= params.length; n++) yield params.slice(0, n);
    return;
  }
  let last = first;
  while (last + 1 < params.length && params[last + 1]!.repeatable) last++;
  const group = params.slice(first, last + 1);
  for (const reps of [1, 2]) {
    const out = params.slice(0, first);
    for (let k = 0; k < reps; k++) out.push(...group);
    yield [...out, ...params.slice(last + 1)];
  }
}

function* typeLists(params: ParamDef[], limit: number): Generator<KqlType[]> {
  const sets = params.map((q) => (q.types === 'any' ? KQL_TYPES : q.types));
  const total = sets.reduce((a, s) => a * s.length, 1);
  const step = Math.max(1, Math.floor(total / limit));
  for (let i = 0; i < total; i += step) {
    let r = i;
    const types: KqlType[] = [];
    for (const s of sets) {
      types.push(s[r % s.length]!);
      r = Math.floor(r / s.length);
    }
    yield types;
  }
}

/** Whether a signature without repeatable params takes these types as they are. */
function accepts(params: ParamDef[], types: KqlType[]): boolean {
  if (params.some((q) => q.repeatable) || types.length > params.length) return false;
  if (params.slice(types.length).some((q) => !q.optional)) return false;
  return types.every((t, k) => params[k]!.types === 'any' || params[k]!.types.includes(t));
}

const families: ScalarFunctionDef[] = [
  ...conversionFunctions, ...stringFunctions, ...datetimeFunctions, ...mathFunctions, ...conditionalFunctions, ...dynamicFunctions,
  ...ipFunctions, ...arrayFunctions, ...encodingFunctions, ...stringExtraFunctions, ...mathSpecialFunctions, ...datetimeFormatFunctions, ...sketchScalars,
];

describe('result types agree with the analyzer', () => {
  const analyzer = loadAnalyzer();
  for (const def of families) {
    it(def.name, () => {
      const mismatches: string[] = [];
      for (const sig of def.signatures) {
        for (const params of combos(sig.params)) {
          for (const types of typeLists(params, 120)) {
            const consts = params.map((q) => constantFor(def, q));
            const text = `${def.name}(${types.map((t, k) => consts[k]?.text ?? LITERAL[t]).join(', ')})`;
            const expected = analyzer.resultType(text);
            if (expected === undefined) continue; // the analyzer rejects it: the binder's business
            const args: ArgInfo[] = types.map((t, k) => {
              const c = consts[k];
              return c ? { type: 'string', constant: { value: c.value } } : { type: t };
            });
            // the binder takes the first signature that accepts the types (abs: Integer before Number)
            const chosen = def.signatures.find((other) => accepts(other.params, types)) ?? sig;
            const mine = typeof chosen.returns === 'function' ? chosen.returns(args) : chosen.returns;
            if (mine !== expected) mismatches.push(`${text}: ours ${mine}, analyzer ${expected}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
