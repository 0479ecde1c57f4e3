// Regular-expression functions beyond extract/trim/countof (string.ts): extract_all, replace_regex,
// indexof_regex, regex_quote. Patterns are RE2, compiled and cached by values/regex.ts.
import type { Scalar } from '../../types.js';
import { compileRegex, quoteRegex, type KqlRegex } from '../../values/regex.js';
import { convertTo } from '../../values/convert.js';
import { DYNAMIC, defineScalar, INTEGER, p, STRING, type ArgInfo, type RowFn, type ScalarFunctionDef } from '../define.js';

/** The pattern of a (usually constant) argument: compiled once when constant. */
function patternOf(arg: ArgInfo | undefined): (pattern: string) => KqlRegex | null {
  const c = arg?.constant?.value;
  if (typeof c === 'string') {
    const re = compileRegex(c);
    return () => re;
  }
  return (pattern) => compileRegex(pattern);
}

/**
 * extract_all(regex, [captureGroups,] source) — extract-all-function.md: every match's selected
 * groups (all groups when captureGroups is omitted, by number or by name); one group selected → a
 * flat array of strings, several → an array per match; no match → null. The regex needs 1..16 groups.
 */
const extractAll = defineScalar({
  name: 'extract_all',
  aliases: ['extractall'],
  signatures: [
    { params: [p('regex', STRING, { regex: true }), p('source', STRING)], returns: 'dynamic' },
    { params: [p('regex', STRING, { regex: true }), p('captureGroups', DYNAMIC), p('source', STRING)], returns: 'dynamic' },
  ],
  doc: 'All matches of a regular expression in a string: the capture groups of each match, as a dynamic array; null when nothing matches.',
  example: `print extract_all(@"(\\d+)", "a set of numbers: 123, 567 and 789")`,
  implement: (args) => {
    const regex = patternOf(args[0]);
    const withGroups = args.length === 3;
    const c = args[0]!.constant?.value;
    if (typeof c === 'string') {
      const re = compileRegex(c);
      if (re !== null && (re.groupCount < 1 || re.groupCount > 16)) {
        throw new Error(`the regular expression must have between 1 and 16 capture groups, '${c}' has ${re.groupCount}`);
      }
    }
    const fn: RowFn = (...vals: Scalar[]) => {
      const pattern = vals[0];
      const source = vals[withGroups ? 2 : 1];
      if (pattern === null || source === null) return null;
      const re = regex(pattern as string);
      if (re === null || re.groupCount < 1) return null;
      let groups: number[];
      if (withGroups) {
        const sel = vals[1];
        if (!Array.isArray(sel) || sel.length === 0) return null;
        groups = [];
        for (const g of sel) {
          const k = typeof g === 'number' ? g : typeof g === 'string' ? re.groupNames[g] : undefined;
          if (k === undefined || !Number.isInteger(k) || k < 1 || k > re.groupCount) return null;
          groups.push(k);
        }
      } else groups = Array.from({ length: re.groupCount }, (_, i) => i + 1);
      const matches = re.matchAll(source as string);
      if (matches.length === 0) return null;
      if (groups.length === 1) return matches.map((m) => m.groups[groups[0]!] ?? '');
      return matches.map((m) => groups.map((g) => m.groups[g] ?? ''));
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

/** replace_regex(text, regex, rewrite) — replace-regex-function.md: every non-overlapping match replaced; \0, \1… name groups. */
const replaceRegex = defineScalar({
  name: 'replace_regex',
  signatures: [{ params: [p('text', STRING), p('regex', STRING, { regex: true }), p('rewrite', STRING)], returns: 'string' }],
  doc: 'Replaces every match of a regular expression with a rewrite string (\\0 is the whole match, \\1 the first group, ...).',
  example: `print replace_regex("Number is 1", @'is (\\d+)', @'was: \\1')`,
  implement: (args) => {
    const regex = patternOf(args[1]);
    return (text, pattern, rewrite) => {
      const re = regex(pattern as string);
      if (re === null) return text; // a per-row pattern that is not valid RE2: the text unchanged
      return re.replaceAll(text as string, rewrite as string);
    };
  },
});

/** replace(regex, rewrite, text): the deprecated form of replace_regex, with its arguments in that order. */
const replaceDeprecated = defineScalar({
  name: 'replace',
  signatures: [{ params: [p('regex', STRING, { regex: true }), p('rewrite', STRING), p('text', STRING)], returns: 'string' }],
  doc: 'Deprecated form of replace_regex(text, regex, rewrite), taking (regex, rewrite, text).',
  example: `print replace(@'is (\\d+)', @'was: \\1', "Number is 1")`,
  implement: (args) => {
    const regex = patternOf(args[0]);
    return (pattern, rewrite, text) => {
      const re = regex(pattern as string);
      if (re === null) return text;
      return re.replaceAll(text as string, rewrite as string);
    };
  },
});

/**
 * indexof_regex(string, match [, start [, length [, occurrence]]]) — indexof-regex-function.md:
 * the index of the n-th non-overlapping match within [start, start+length); -1 when there is none;
 * null when start < 0, length < -1 or occurrence < 0.
 */
const indexofRegex = defineScalar({
  name: 'indexof_regex',
  signatures: [
    {
      params: [
        p('string', STRING), p('match', STRING, { regex: true }),
        p('start', INTEGER, { optional: true }), p('length', INTEGER, { optional: true }),
        p('occurrence', INTEGER, { optional: true }),
      ],
      returns: 'long',
    },
  ],
  doc: 'The zero-based index of the first (or n-th, non-overlapping) match of a regular expression in a string, or -1.',
  example: `print idx1 = indexof_regex("abcabc", @"a.c"), idx2 = indexof_regex("abcabcdefg", @"a.c", 0, 9, 2)`,
  implement: (args) => {
    const regex = patternOf(args[1]);
    const fn: RowFn = (text, pattern, start, length, occurrence) => {
      if (text === null || pattern === null || start === null || length === null || occurrence === null) return null;
      const st = (start as number | undefined) ?? 0;
      const len = (length as number | undefined) ?? -1;
      let occ = (occurrence as number | undefined) ?? 1;
      if (st < 0 || len < -1 || occ < 0) return null;
      if (occ === 0) occ = 1;
      const re = regex(pattern as string);
      if (re === null) return null;
      const s = text as string;
      if (st > s.length) return -1;
      const window = s.slice(st, len === -1 ? undefined : st + len);
      const matches = re.matchAll(window);
      return occ <= matches.length ? st + matches[occ - 1]!.index : -1;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

/** regex_quote(string) — regex-quote-function.md: the text with the regex metacharacters escaped. */
const regexQuote = defineScalar({
  name: 'regex_quote',
  // the analyzer takes any scalar (read as its text)
  signatures: [{ params: [p('string', 'any')], returns: 'string' }],
  doc: 'Escapes the regular-expression metacharacters of a value as text, so it matches itself literally.',
  example: `print result = regex_quote('(so$me.Te^xt)')`,
  implement: (args) => {
    const t = args[0]!.type;
    return (s) => quoteRegex(t === 'string' ? (s as string) : (convertTo('string', t, s) as string));
  },
});

export const regexFunctions: ScalarFunctionDef[] = [extractAll, replaceRegex, replaceDeprecated, indexofRegex, regexQuote];
