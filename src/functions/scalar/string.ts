// String functions: strcat, strlen, substring, split, extract, replace_string, trim, indexof, ...
import type { KqlType, Scalar } from '../../types.js';
import { parseTypeName } from '../../types.js';
import { convertTo, toStringValue } from '../../values/convert.js';
import { dynamicToString, setMember } from '../../values/dynamic.js';
import { compileRegex, mustCompileRegex, type KqlRegex } from '../../values/regex.js';
import { defineScalar, INTEGER, p, STRING, type ArgInfo, type RowFn, type ScalarFunctionDef } from '../define.js';
import { base64ToBytes, bytesToBase64, utf8Bytes, utf8Text } from './encoding.js';

// ───────────────────────────── regular expressions ─────────────────────────────
// All patterns are RE2 and compile through values/regex.ts (cached). A constant invalid pattern is a
// bind-time error (ParamDef.regex); a pattern computed per row that does not compile gives each
// function's documented fallback (extract: empty / null, countof: null, trim: the text unchanged).

/** A regex from a (usually constant) argument: compiled once when constant, per distinct pattern otherwise. */
function regexGetter(arg: ArgInfo | undefined): (pattern: string) => KqlRegex | null {
  const c = arg?.constant?.value;
  if (typeof c === 'string') {
    const re = compileRegex(c);
    return () => re;
  }
  return (pattern) => compileRegex(pattern);
}

// ───────────────────────────── helpers ─────────────────────────────

/** Renders argument k as text the way tostring does (null → ''). */
const textOf = (args: ArgInfo[], k: number): ((v: Scalar) => string) => {
  const t = args[k]!.type;
  if (t === 'string') return (v) => (v as string | null) ?? '';
  return (v) => toStringValue(t, v);
};

/** Number of Unicode code points (strlen-function.md: strlen counts code points). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * indexof / array_index_of search: the `occurrence`-th match at or after `start` (negative: from
 * the end), each search examining `length` positions from where it starts (-1: to the end), a
 * match having to fit inside them. Returns -1 when not found, null for invalid arguments.
 * Each further occurrence restarts one past the previous match with the same length; this is
 * what the docs' example `indexof("abcdefgabcdefg", "cde", 1, 10, 2)` = 9 requires.
 */
export function searchIndex(
  total: number, matchLength: number, matchesAt: (pos: number) => boolean,
  start: number, length: number, occurrence: number,
): number | null {
  if (length < -1 || occurrence < 0) return null;
  if (occurrence === 0) occurrence = 1;
  let pos = start < 0 ? Math.max(0, total + start) : start;
  let found = -1;
  for (let k = 0; k < occurrence; k++) {
    if (pos > total) return -1;
    const end = length === -1 ? total : Math.min(total, pos + length);
    found = -1;
    for (let i = pos; i + matchLength <= end; i++) {
      if (matchesAt(i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return -1;
    pos = found + 1;
  }
  return found;
}

// ───────────────────────────── definitions ─────────────────────────────

const strcat = defineScalar({
  name: 'strcat',
  exactLong: true,
  signatures: [{ params: [p('arg', 'any', { repeatable: true })], returns: 'string' }],
  doc: 'Concatenates 1 to 64 arguments, each converted to string; null becomes the empty string.',
  example: `print str = strcat("hello", " ", "world", 1)`,
  implement: (args) => {
    const texts = args.map((_, k) => textOf(args, k));
    const fn: RowFn = (...vs) => {
      let out = '';
      for (let k = 0; k < vs.length; k++) out += texts[k]!(vs[k]!);
      return out;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const strcatDelim = defineScalar({
  name: 'strcat_delim',
  exactLong: true,
  signatures: [{ params: [p('delimiter', 'any'), p('arg', 'any', { repeatable: true })], returns: 'string' }],
  doc: 'Concatenates 2 to 64 arguments, each converted to string, with a delimiter between them.',
  example: `print st = strcat_delim('-', 1, '2', 'A', 1s)`,
  implement: (args) => {
    const texts = args.map((_, k) => textOf(args, k));
    const fn: RowFn = (...vs) => {
      const delim = texts[0]!(vs[0]!);
      let out = '';
      for (let k = 1; k < vs.length; k++) out += (k > 1 ? delim : '') + texts[k]!(vs[k]!);
      return out;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const strlen = defineScalar({
  name: 'strlen',
  signatures: [{ params: [p('string', ['string', 'dynamic'])], returns: 'long' }],
  doc: 'The length of a string in Unicode code points.',
  example: `print a = strlen("hello"), b = strlen("⒦⒰⒮⒯⒪")`,
  implement: (args) =>
    args[0]!.type === 'dynamic'
      ? (v) => codePointLength(dynamicToString(v))
      : (v) => codePointLength(v as string),
});

const tolower = defineScalar({
  name: 'tolower',
  signatures: [{ params: [p('value', 'any')], returns: 'string' }],
  doc: 'Converts a string to lower case.',
  example: `print tolower("Hello")`,
  implement: (args) => {
    const text = textOf(args, 0);
    return { kind: 'row', fn: (v) => text(v).toLowerCase(), nullPropagating: false };
  },
});

const toupper = defineScalar({
  name: 'toupper',
  signatures: [{ params: [p('value', 'any')], returns: 'string' }],
  doc: 'Converts a string to upper case.',
  example: `print toupper("Hello")`,
  implement: (args) => {
    const text = textOf(args, 0);
    return { kind: 'row', fn: (v) => text(v).toUpperCase(), nullPropagating: false };
  },
});

const substring = defineScalar({
  name: 'substring',
  signatures: [
    {
      params: [p('string', 'any'), p('start', INTEGER), p('length', INTEGER, { optional: true })],
      returns: 'string',
    },
  ],
  doc: 'The part of a string from a zero-based start (negative: counted from the end), optionally of a given length.',
  example: `print a = substring("123456", 1), b = substring("123456", 2, 2), c = substring("123456", -2, 2)`,
  implement: (args) => {
    const text = textOf(args, 0);
    const fn: RowFn = (v, start, length) => {
      const s = text(v);
      let from = start as number;
      if (from < 0) from = Math.max(0, s.length + from);
      if (from >= s.length) return '';
      if (length === undefined) return s.slice(from);
      const n = length as number;
      return n <= 0 ? '' : s.slice(from, from + n);
    };
    return { kind: 'row', fn, nullPropagating: true };
  },
});

const split = defineScalar({
  name: 'split',
  signatures: [
    {
      params: [p('source', 'any'), p('delimiter', STRING), p('requestedIndex', INTEGER, { optional: true })],
      returns: 'dynamic',
    },
  ],
  doc: 'Splits a string by a delimiter into a dynamic array, or a one-element array of the part at an index.',
  example: `print a = split("aa_bb", "_"), b = split("aaa_bbb_ccc", "_", 1), c = split("", "_")`,
  implement: (args) => {
    const text = textOf(args, 0);
    return (v, delim, index) => {
      const s = text(v);
      const d = delim as string;
      const parts = d === '' ? [s] : s.split(d);
      if (index === undefined) return parts;
      const part = parts[index as number];
      return part === undefined ? [] : [part];
    };
  },
});

/** The result type of extract: string, or the type named by the typeof(T) argument. */
function extractResultType(args: ArgInfo[]): KqlType | undefined {
  if (args.length < 4) return 'string';
  const t = args[3]!.constant?.value;
  return typeof t === 'string' ? parseTypeName(t) : undefined;
}

const extract = defineScalar({
  name: 'extract',
  signatures: [
    {
      params: [p('regex', STRING, { constant: true, regex: true }), p('captureGroup', ['long']), p('source', STRING)],
      returns: 'string',
    },
    {
      // typeLiteral: the binder passes `typeof(T)` as a constant string naming T
      params: [
        p('regex', STRING, { constant: true, regex: true }), p('captureGroup', ['long']), p('source', STRING),
        p('typeLiteral', STRING, { constant: true }),
      ],
      returns: extractResultType,
    },
  ],
  doc: 'The text a regular expression capture group matches (0: the whole match), optionally converted to a type; null when no match.',
  example: `print UserName = extract("User: ([^,]+)", 1, "User: JohnDoe, Email: johndoe@example.com"), Month = extract(@"-(\\d{2})-", 1, "15-12-2024", typeof(int))`,
  implement: (args, resultType) => {
    const regex = regexGetter(args[0]);
    const empty = resultType === 'string' ? '' : null;
    const fn: RowFn = (pattern, group, source) => {
      if (pattern === null || group === null) return empty;
      const re = regex(pattern as string);
      if (re === null) return empty; // invalid regex: null rather than a runtime error
      const m = re.exec(source as string);
      const g = group as number;
      if (m === null || g < 0 || g >= m.groups.length) return empty;
      const text = m.groups[g] ?? '';
      return resultType === 'string' ? text : convertTo(resultType, 'string', text);
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const replaceString = defineScalar({
  name: 'replace_string',
  signatures: [{ params: [p('text', STRING), p('lookup', STRING), p('rewrite', STRING)], returns: 'string' }],
  doc: 'Replaces every occurrence of a lookup string with a rewrite string.',
  example: `print replace_string("A magic trick can turn a cat into a dog", "cat", "hamster")`,
  implement: () => (text, lookup, rewrite) =>
    lookup === '' ? text : (text as string).split(lookup as string).join(rewrite as string),
});

/** trim, trim_start and trim_end: remove repeated matches of a regex anchored at either end. */
function trimmer(name: string, doc: string, example: string, start: boolean, end: boolean) {
  return defineScalar({
    name,
    signatures: [{ params: [p('regex', STRING, { constant: true, regex: true }), p('source', STRING)], returns: 'string' }],
    doc,
    example,
    implement: (args) => {
      const constant = args[0]!.constant?.value;
      const build = (pattern: string) => {
        if (compileRegex(pattern) === null) return null;
        return {
          head: start ? compileRegex('^(?:' + pattern + ')+') : null,
          tail: end ? compileRegex('(?:' + pattern + ')+$') : null,
        };
      };
      const fixed = typeof constant === 'string' ? build(constant) : undefined;
      return (pattern, source) => {
        const res = fixed !== undefined ? fixed : build(pattern as string);
        if (res === null) return source; // invalid regex: the text unchanged
        let s = source as string;
        const h = res.head?.exec(s);
        if (h) s = s.slice(h.end);
        const t = res.tail?.exec(s);
        if (t) s = s.slice(0, t.index);
        return s;
      };
    },
  });
}

const trim = trimmer(
  'trim', 'Removes all leading and trailing matches of a regular expression.',
  `print trim("--", "--https://bing.com--")`, true, true,
);
const trimStart = trimmer(
  'trim_start', 'Removes all leading matches of a regular expression.',
  `print trim_start("https://", "https://bing.com")`, true, false,
);
const trimEnd = trimmer(
  'trim_end', 'Removes all trailing matches of a regular expression.',
  `print trim_end(".com", "bing.com")`, false, true,
);

const indexof = defineScalar({
  name: 'indexof',
  signatures: [
    {
      params: [
        p('string', 'any'), p('match', 'any'),
        p('start', INTEGER, { optional: true }), p('length', INTEGER, { optional: true }),
        p('occurrence', INTEGER, { optional: true, constant: true }),
      ],
      returns: 'long',
    },
  ],
  doc: 'The zero-based index of the first (or n-th) occurrence of a string in another, or -1.',
  example: `print a = indexof("abcdefg", "cde"), b = indexof("abcdefg", "cde", 1, 2), c = indexof("abcdefgabcdefg", "cde", 1, 10, 2)`,
  implement: (args) => {
    const text = textOf(args, 0);
    const lookup = textOf(args, 1);
    const fn: RowFn = (v, m, start, length, occurrence) => {
      // string and match are never null here (tostring of null is ''); the numbers may be.
      if (start === null || length === null || occurrence === null) return null;
      const s = text(v);
      const sub = lookup(m);
      return searchIndex(
        s.length, sub.length, (i) => s.startsWith(sub, i),
        (start as number | undefined) ?? 0, (length as number | undefined) ?? -1, (occurrence as number | undefined) ?? 1,
      );
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const reverse = defineScalar({
  name: 'reverse',
  signatures: [{ params: [p('value', 'any')], returns: 'string' }],
  doc: 'Reverses a string (other types are converted to string first).',
  example: `print reverse("ABCDEF"), reverse(123.45)`,
  implement: (args) => {
    const text = textOf(args, 0);
    return { kind: 'row', fn: (v) => Array.from(text(v)).reverse().join(''), nullPropagating: false };
  },
});

/** strrep-function.md: multipliers above 1024 repeat 1024 times. */
const MAX_REPEAT = 1024;

const strrep = defineScalar({
  name: 'strrep',
  signatures: [
    { params: [p('value', 'any'), p('multiplier', ['long']), p('delimiter', 'any', { optional: true })], returns: 'string' },
  ],
  doc: 'Repeats a string (other types converted to string) a number of times, optionally with a delimiter.',
  example: `print a = strrep('ABC', 2), b = strrep(123, 3, '.'), c = strrep(3s, 2, ' ')`,
  implement: (args) => {
    const text = textOf(args, 0);
    const delimText = args.length > 2 ? textOf(args, 2) : () => '';
    const fn: RowFn = (v, n, d) => {
      if (n === null) return '';
      const times = Math.min(n as number, MAX_REPEAT);
      if (!(times >= 1)) return '';
      return new Array<string>(times).fill(text(v)).join(d === undefined ? '' : delimText(d));
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const isascii = defineScalar({
  name: 'isascii',
  signatures: [{ params: [p('value', 'any')], returns: 'bool' }],
  doc: 'True when every character of the string is ASCII.',
  example: `print isascii("some string")`,
  implement: (args) => {
    const text = textOf(args, 0);
    return { kind: 'row', fn: (v) => /^[\x00-\x7f]*$/.test(text(v)), nullPropagating: false };
  },
});

const countof = defineScalar({
  name: 'countof',
  signatures: [
    {
      params: [p('source', STRING), p('search', STRING), p('kind', STRING, { optional: true, constant: true })],
      returns: 'long',
    },
  ],
  doc: "Counts occurrences of a substring (plain matches may overlap) or of a regex (kind 'regex', no overlap).",
  example: `print a = countof("aaaa", "aa"), b = countof("ababa", "aba", "regex")`,
  implement: (args) => {
    const regex = regexGetter(args[1]);
    const search = args[1]!.constant?.value;
    const kindConst = args[2]?.constant?.value;
    if (typeof search === 'string' && typeof kindConst === 'string' && kindConst.toLowerCase() === 'regex') mustCompileRegex(search);
    return (source, search, kind) => {
      const s = source as string;
      const q = search as string;
      if (q === '') return 0;
      let count = 0;
      if (typeof kind === 'string' && kind.toLowerCase() === 'regex') {
        const re = regex(q);
        if (re === null) return null;
        return re.matchAll(s).length;
      }
      for (let i = s.indexOf(q); i >= 0; i = s.indexOf(q, i + 1)) count++;
      return count;
    };
  },
});

// ───────────────────────────── URLs and base64 ─────────────────────────────

/** Percent-decoding that leaves malformed escapes as they are. */
function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** `k1=v1&k2=v2` → a bag of decoded values (the last of repeated keys wins). */
function queryParameters(query: string): { [k: string]: string } {
  const out: { [k: string]: string } = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    setMember(out, percentDecode(key.replace(/\+/g, ' ')), eq < 0 ? '' : percentDecode(pair.slice(eq + 1).replace(/\+/g, ' ')));
  }
  return out;
}

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/**
 * parse_url: the parts of an absolute URL. Doubts: the path keeps its leading `/` (the doc's
 * example shows `this/is/a/path`, an unverified rendering); text that is not an absolute URL
 * yields the same bag with every part empty.
 */
export function parseUrl(url: string): { [k: string]: unknown } {
  const m = URL_PARTS.exec(url.trim());
  return {
    Scheme: m?.[1] ?? '',
    Host: m?.[4] ?? '',
    Port: m?.[5] ?? '',
    Path: m?.[6] ?? '',
    Username: m?.[2] ?? '',
    Password: m?.[3] ?? '',
    'Query Parameters': m?.[7] !== undefined ? queryParameters(m[7]) : {},
    Fragment: m?.[8] ?? '',
  };
}

const parseUrlFn = defineScalar({
  name: 'parse_url',
  aliases: ['parseurl'],
  signatures: [{ params: [p('url', STRING)], returns: 'dynamic' }],
  doc: 'The parts of an absolute URL as a bag: Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment.',
  example: `print Result = parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")`,
  implement: () => (url) => parseUrl(url as string),
});

const parseUrlQuery = defineScalar({
  name: 'parse_urlquery',
  aliases: ['parseurlquery'],
  signatures: [{ params: [p('query', STRING)], returns: 'dynamic' }],
  doc: 'The parameters of a URL query string as {"Query Parameters": {...}}.',
  example: `print parse_urlquery("k1=v1&k2=v2&k3=v3")`,
  implement: () => (query) => {
    const q = query as string;
    return { 'Query Parameters': queryParameters(q.startsWith('?') ? q.slice(1) : q) };
  },
});

/** .NET HttpUtility.UrlEncode's characters left as they are. */
const URL_SAFE = /[A-Za-z0-9\-_.!*()]/;

function urlEncode(s: string, space: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === ' ') out += space;
    else if (URL_SAFE.test(ch)) out += ch;
    else for (const b of utf8Bytes(ch)) out += '%' + b.toString(16).padStart(2, '0');
  }
  return out;
}

const urlEncodeFn = defineScalar({
  name: 'url_encode',
  signatures: [{ params: [p('url', STRING)], returns: 'string' }],
  doc: 'Percent-encodes a URL (lowercase hex, spaces as +).',
  example: `print url_encode("https://www.bing.com/hello world")`,
  implement: () => (s) => urlEncode(s as string, '+'),
});

const urlEncodeComponent = defineScalar({
  name: 'url_encode_component',
  signatures: [{ params: [p('url', STRING)], returns: 'string' }],
  doc: 'Percent-encodes a URL component (lowercase hex, spaces as %20).',
  example: `print url_encode_component("https://www.bing.com/hello world")`,
  implement: () => (s) => urlEncode(s as string, '%20'),
});

const urlDecode = defineScalar({
  name: 'url_decode',
  signatures: [{ params: [p('encoded_url', STRING)], returns: 'string' }],
  doc: 'Decodes a percent-encoded URL (and + as a space).',
  example: `print url_decode("https%3a%2f%2fwww.bing.com%2f")`,
  implement: () => (s) => percentDecode((s as string).replace(/\+/g, ' ')),
});


const base64Encode = defineScalar({
  name: 'base64_encode_tostring',
  aliases: ['base64_encodestring'],
  signatures: [{ params: [p('string', STRING)], returns: 'string' }],
  doc: 'Encodes a string (as UTF-8) in base64.',
  example: `print Quine = base64_encode_tostring("Kusto")`,
  implement: () => (s) => bytesToBase64(utf8Bytes(s as string)),
});

const base64Decode = defineScalar({
  name: 'base64_decode_tostring',
  aliases: ['base64_decodestring'],
  signatures: [{ params: [p('base64_string', STRING)], returns: 'string' }],
  doc: 'Decodes a base64 string to UTF-8 text; empty when it is not base64 or not valid UTF-8.',
  example: `print Quine = base64_decode_tostring("S3VzdG8=")`,
  implement: () => (s) => {
    const bytes = base64ToBytes(s as string);
    // base64-decode-tostring-function.md: invalid UTF-8 gives an empty result
    return bytes === null ? '' : utf8Text(bytes) ?? '';
  },
});

export const stringFunctions: ScalarFunctionDef[] = [
  strcat, strcatDelim, strlen, tolower, toupper, substring, split, extract, replaceString,
  trim, trimStart, trimEnd, indexof, reverse, strrep, isascii, countof,
  parseUrlFn, parseUrlQuery, urlEncodeFn, urlEncodeComponent, urlDecode, base64Encode, base64Decode,
];
