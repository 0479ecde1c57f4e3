// Character-level string functions: translate (character mapping) and isutf8 (encodability as UTF-8).
import { toStringValue } from '../../values/convert.js';
import { defineScalar, p, STRING, type ScalarFunctionDef } from '../define.js';

/**
 * translate-function.md: each character of `source` found in `searchList` (its first occurrence there)
 * becomes the character at the same index of `replacementList`, or its last character when that list
 * is shorter; an empty `replacementList` removes the characters (docs: ("abc", "x", "abc") → "xxx",
 * ("abc", "", "ab") → "", ("krasp", "otsku", "spark") → "kusto"). Characters are code points.
 */
const translate = defineScalar({
  name: 'translate',
  signatures: [{ params: [p('searchList', STRING), p('replacementList', STRING), p('source', STRING)], returns: 'string' }],
  doc: 'Replaces the characters of searchList in source with the corresponding characters of replacementList.',
  example: `print translate("krasp", "otsku", "spark")`,
  implement: () => ({
    kind: 'row',
    nullPropagating: false,
    fn: (search, replacement, source) => {
      const from = [...((search as string | null) ?? '')];
      const to = [...((replacement as string | null) ?? '')];
      const map = new Map<string, string>();
      from.forEach((c, i) => { if (!map.has(c)) map.set(c, to.length === 0 ? '' : to[Math.min(i, to.length - 1)]!); });
      let out = '';
      for (const c of (source as string | null) ?? '') out += map.get(c) ?? c;
      return out;
    },
  }),
});

/**
 * isutf8.md: whether the value is a valid UTF-8 string. Engine strings are UTF-16; the one text that
 * has no UTF-8 encoding is a lone surrogate (from loaded data), so it is false, and every other string —
 * the empty one too — is true. A non-string argument is its tostring() text.
 */
const isutf8 = defineScalar({
  name: 'isutf8',
  signatures: [{ params: [p('value', 'any')], returns: 'bool' }],
  doc: 'True when the argument is a valid UTF-8 string.',
  example: `print isutf8("some string")`,
  implement: (args) => {
    const t = args[0]!.type;
    return {
      kind: 'row',
      nullPropagating: false,
      fn: (v) => !LONE_SURROGATE.test(t === 'string' ? ((v as string | null) ?? '') : toStringValue(t, v)),
    };
  },
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const characterFunctions: ScalarFunctionDef[] = [translate, isutf8];
