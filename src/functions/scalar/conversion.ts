// Conversion functions: tostring, toint, tolong, toreal, tobool, todatetime, totimespan, toguid,
// todecimal, parse_json. Bad input yields null (or '' for strings), never an error.
import type { KqlType, Scalar } from '../../types.js';
import { convertTo, toStringValue } from '../../values/convert.js';
import { hasUnsafeInteger, parseJson, parseJsonExact, parseJsonFast } from '../../values/dynamic.js';
import { jsonTextMember } from '../../values/json-member.js';
import { accessMember } from './operators.js';
import { defineScalar, p, type ScalarFunctionDef, type RowFn } from '../define.js';

/** A `to<type>(value)` conversion for the argument's type (null in → null out, '' for tostring). */
function converter(target: KqlType) {
  return (args: { type: KqlType }[]): RowFn => {
    const source = args[0]!.type;
    if (source === target) return (v) => v;
    return (v) => convertTo(target, source, v);
  };
}

const tostring = defineScalar({
  name: 'tostring',
  signatures: [{ params: [p('value', 'any')], returns: 'string' }],
  exactLong: true,
  doc: 'Converts a value to its string representation; null becomes the empty string.',
  example: `print a = tostring(123), b = tostring(datetime(2020-01-01)), c = tostring(dynamic({"k": 1}))`,
  implement: (args) => {
    const t = args[0]!.type;
    return { kind: 'row', fn: (v: Scalar) => toStringValue(t, v), nullPropagating: false };
  },
});

const toint = defineScalar({
  name: 'toint',
  signatures: [{ params: [p('value', 'any')], returns: 'int' }],
  exactLong: true,
  doc: 'Converts a value to int; null when it cannot be converted.',
  example: `print a = toint("123"), b = toint(2.3), c = toint("abc")`,
  implement: converter('int'),
});

const tolong = defineScalar({
  name: 'tolong',
  signatures: [{ params: [p('value', 'any')], returns: 'long' }],
  exactLong: true,
  doc: 'Converts a value to long; null when it cannot be converted.',
  example: `print a = tolong("123"), b = tolong(2.7), c = tolong("1.5")`,
  implement: converter('long'),
});

const toreal = defineScalar({
  name: 'toreal',
  aliases: ['todouble'],
  signatures: [{ params: [p('value', 'any')], returns: 'real' }],
  exactLong: true,
  doc: 'Converts a value to real; null when it cannot be converted.',
  example: `print a = toreal("123.4"), b = todouble(5), c = toreal("x")`,
  implement: converter('real'),
});

const todecimal = defineScalar({
  name: 'todecimal',
  signatures: [{ params: [p('value', 'any')], returns: 'decimal' }],
  exactLong: true,
  doc: 'Converts a value to decimal; null when it cannot be converted.',
  example: `print todecimal("123.45678") == decimal(123.45678)`,
  implement: converter('decimal'),
});

const tobool = defineScalar({
  name: 'tobool',
  aliases: ['toboolean'],
  signatures: [{ params: [p('value', 'any')], returns: 'bool' }],
  exactLong: true,
  doc: "Converts a value to bool: 'true'/'false' text or a number's non-zero-ness; null otherwise.",
  example: `print a = tobool("true"), b = tobool(123), c = toboolean("no")`,
  implement: converter('bool'),
});

const todatetime = defineScalar({
  name: 'todatetime',
  signatures: [{ params: [p('value', 'any')], returns: 'datetime' }],
  exactLong: true,
  doc: 'Converts a value to datetime (offsets converted to UTC); null when it cannot be converted.',
  example: `print a = todatetime("2015-12-24"), b = todatetime("12-02-2022") == datetime(2022-12-02), c = todatetime("x")`,
  implement: converter('datetime'),
});

const totimespan = defineScalar({
  name: 'totimespan',
  aliases: ['totime'],
  signatures: [{ params: [p('value', 'any')], returns: 'timespan' }],
  exactLong: true,
  doc: 'Converts a value to timespan; null when it cannot be converted.',
  example: `print a = totimespan("0.00:03:00"), b = totimespan(4d), c = totimespan("x")`,
  implement: converter('timespan'),
});

const toguid = defineScalar({
  name: 'toguid',
  signatures: [{ params: [p('value', ['string', 'dynamic'])], returns: 'guid' }],
  doc: 'Converts a string to a guid; null when it is not one.',
  example: `print a = toguid("74be27de-1e4e-49d9-b579-fe0b331d3642"), b = toguid("x")`,
  implement: converter('guid'),
});

/** parse_json / todynamic of text: JSON → its value, blank → null, anything else → the text itself. */
const parseText: RowFn = (v) => parseJson(v as string) as Scalar;

/**
 * `parse_json(text).key` / `parse_json(text)[i]` with a constant key, as one row function (the binder
 * fuses them). A string key is read by jsonTextMember: one validating pass over the text that builds
 * only the member's value, not the whole object — for the headline's parse_json(...).cid over 1M rows
 * that took the GC pauses per query from 110 to 28 ms and the query's CPU time from 375 to 322 ms (A/B).
 * The member is read exactly again only when it holds an integer beyond 2^53.
 * The scanner is JavaScript: until V8 has compiled it, it is several times slower than the native
 * JSON.parse (a first query over 100K rows took 25-35 ms more CPU), so the first SCANNER_AFTER calls in
 * the process use JSON.parse — small inputs never need the scanner, and large ones make it hot at once.
 * Both give the same answer (test/property/json-member.test.ts).
 */
const SCANNER_AFTER = 16_384;
let memberCalls = 0;

export function parseJsonMember(text: Scalar, key: Scalar): Scalar {
  return parseJsonMemberBy(text, key, ++memberCalls > SCANNER_AFTER);
}

/** parseJsonMember, reading a string key's member with the scanner (`scan`) or with JSON.parse. */
export function parseJsonMemberBy(text: Scalar, key: Scalar, scan: boolean): Scalar {
  const k = typeof key === 'bigint' ? Number(key) : (key as string | number);
  const m = scan && typeof k === 'string' ? jsonTextMember(text as string, k) : accessMember(parseJsonFast(text as string), k);
  if (m !== null && typeof m !== 'string' && typeof m !== 'boolean' && hasUnsafeInteger(m)) return accessMember(parseJsonExact(text as string), k) as Scalar;
  return m as Scalar;
}

const parseJsonFn = defineScalar({
  name: 'parse_json',
  aliases: ['parsejson'],
  signatures: [{ params: [p('json_text', ['string', 'dynamic'])], returns: 'dynamic' }],
  doc: 'Interprets a string as JSON and returns the dynamic value; text that is not JSON stays a dynamic string.',
  example: `print d = parse_json('{"a": 1, "b": [1, 2]}') | extend a = d.a`,
  implement: (args) => (args[0]!.type === 'dynamic' ? (v) => v : parseText),
});

const todynamic = defineScalar({
  name: 'todynamic',
  aliases: ['toobject'],
  // The analyzer declares a string parameter, but real hunting queries pass dynamic columns
  // (`todynamic(AdditionalFields)`) and Kusto runs them: a dynamic passes through, as for parse_json.
  signatures: [{ params: [p('value', ['string', 'dynamic'])], returns: 'dynamic' }],
  doc: 'Interprets a string as JSON and returns the dynamic value (same as parse_json).',
  example: `print d = todynamic('[1, 2, 3]')`,
  implement: (args) => (args[0]!.type === 'dynamic' ? (v) => v : parseText),
});

export const conversionFunctions: ScalarFunctionDef[] = [
  tostring, toint, tolong, toreal, todecimal, tobool, todatetime, totimespan, toguid, parseJsonFn, todynamic,
];
