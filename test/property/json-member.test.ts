// parse_json(s).key with a constant string key runs as parseJsonMember (conversion.ts), which reads the
// member with jsonTextMember instead of building the whole object (after a process's first calls,
// which use JSON.parse). Both ways must be exactly accessMember(parseJson(text), key), and so must
// jsonTextMember alone up to longs beyond 2^53, which it reads as doubles and parseJsonMember reads
// exactly again. Checked on valid JSON objects (with
// repeated keys, escaped keys, every value kind), on every prefix of them (cut-off text, as real audit
// data has), on single-character mutations (invalid JSON of every sort), and on arbitrary text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './config.js';
import { runs } from './config.js';
import { jsonTextMember } from '../../src/values/json-member.js';
import { parseJson } from '../../src/values/dynamic.js';
import { accessMember } from '../../src/functions/scalar/operators.js';
import { parseJsonMemberBy } from '../../src/functions/scalar/conversion.js';

const reference = (text: string, key: string) => accessMember(parseJson(text), key);
const KEYS = ['cid', 'a', '', 'é', 'c\\d', '__proto__', 'x y'];

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -0, 1.5e300, -12, 0.1),
    fc.string(),
    fc.constantFrom(...KEYS),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 3 })), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** JSON text of an object, with optional spaces, repeated keys and \u-escaped key spellings. */
const objectText = fc.tuple(
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 4 })), value, fc.boolean(), fc.constantFrom('', ' ', '\n\t ')), { maxLength: 6 }),
  fc.constantFrom('', ' ', '\r\n'),
).map(([members, pad]) => pad + '{' + members.map(([k, v, escape, sp]) => {
  const key = escape ? '"' + [...k].map((ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')).join('') + '"' : JSON.stringify(k);
  return `${sp}${key}${sp}:${sp}${JSON.stringify(v)}${sp}`;
}).join(',') + '}' + pad);

const holdsBigint = (v: unknown): boolean =>
  typeof v === 'bigint' || (typeof v === 'object' && v !== null && Object.values(v).some(holdsBigint));
const same = (text: string, key: string) => {
  const want = reference(text, key);
  expect(parseJsonMemberBy(text, key, true)).toStrictEqual(want); // the scanner
  expect(parseJsonMemberBy(text, key, false)).toStrictEqual(want); // JSON.parse (a process's first calls)
  if (!holdsBigint(want)) expect(jsonTextMember(text, key)).toStrictEqual(want);
};

describe('jsonTextMember = accessMember(parseJson(text), key)', () => {
  it('on valid objects, their prefixes and one-character mutations', () => {
    fc.assert(fc.property(objectText, fc.constantFrom(...KEYS), fc.nat(), fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), fc.constantFrom('\u0000', '\u001f', '"', '\\', '{', '}', '[', ']', ',', ':', '-', '.', 'e', '0', ' ')), (text, key, at, ch) => {
      same(text, key);
      same(text.slice(0, at % (text.length + 1)), key);
      const p = at % Math.max(text.length, 1);
      same(text.slice(0, p) + ch + text.slice(p + 1), key);
      same(text.slice(0, p) + text.slice(p + 1), key);
    }), { numRuns: runs(2000) });
  });

  it('on arbitrary text and JSON of any kind', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), value.map((v) => JSON.stringify(v) ?? '')), fc.constantFrom(...KEYS), (text, key) => {
      same(text, key);
    }), { numRuns: runs(2000) });
  });

  it('hand-picked edges', () => {
    const cases = [
      '', '   ', '{}', '{"cid":1}', '{"cid":1,"cid":2}', ' {"cid" : "x"} ', '{"cid":"a\\"b"}', '{"c\\u0069d":7}',
      '{"cid":1,}', '{"cid":01}', '{"cid":1.}', '{"cid":.5}', '{"cid":-}', '{"cid":1e}', '{"cid":1E+2}', '{"cid":tru}',
      '{"cid":"\\x"}', '{"cid":"\\u12G4"}', '{"cid":"a\u0001"}', '{"cid":[1,2,]}', '{"cid":{"a":1}}', '{"cid":null}',
      '{"cid":1}x', '[{"cid":1}]', '"{\\"cid\\":1}"', '{"cid":1', '{"cid"1}', '{cid:1}', "{'cid':1}", '{"cid":1}\u00a0',
      '\ufeff{"cid":1}', '{"a":{"cid":1}}', '{"cid":"\\ud800"}', '{"__proto__":5}', '{"cid":-0}', '{"cid":1e400}',
      '{"cid":true,"x":[{"y":[null,false]}]}',
      // longs beyond 2^53 (exact only through parseJsonMember), and reals that look integral
      '{"cid":9007199254740993}', '{"cid":[1,12345678901234567890]}', '{"cid":-9223372036854775808}', '{"cid":1e16}',
      '{"cid":{"n":9007199254740993},"x":1}', '{"x":9007199254740993,"cid":2}',
    ];
    // every control character raw inside a string (invalid) and inside a key
    for (let c = 0; c < 0x21; c++) cases.push(`{"cid":"a${String.fromCharCode(c)}b"}`, `{"c${String.fromCharCode(c)}":1,"cid":2}`);
    for (const text of cases) for (const key of ['cid', '__proto__', 'a']) same(text, key);
  });

  it('nesting: as deep as parse_json accepts (512), and one level more', () => {
    const deep = (n: number) => '{"cid":' + '['.repeat(n - 1) + ']'.repeat(n - 1) + ',"k":1}';
    expect(jsonTextMember(deep(512), 'k')).toBe(1);
    expect(reference(deep(512), 'k')).toBe(1);
    expect(jsonTextMember(deep(513), 'k')).toBe(null);
    expect(reference(deep(513), 'k')).toBe(null);
  });
});
