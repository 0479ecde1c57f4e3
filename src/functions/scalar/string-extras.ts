// More string and bit functions: strcmp, string_size, unicode_codepoints_from/to_string,
// replace_strings, format_bytes, parse_path, parse_csv, parse_version, parse_command_line, tohex,
// binary_and/or/xor/not/shift_left/shift_right, bitset_count_ones.
//
// The bit functions compute on the exact 64-bit two's complement of their integer arguments (BigInt)
// and return exact longs over the whole range (values/long.ts): binary_or(binary_shift_left(1, 60), 1)
// is 1152921504606846977.
import type { KqlType, Scalar } from '../../types.js';
import { toStringValue } from '../../values/convert.js';
import { dynamicToString } from '../../values/dynamic.js';
import { constantPredicate } from './operators.js';
import { boxLong, longToBigInt } from '../../values/long.js';
import { defineScalar, DYNAMIC, INTEGER, NUMBER, p, STRING, type ArgInfo, type RowFn, type ScalarFunctionDef } from '../define.js';
import { boxDec } from '../../values/decimal.js';

/** Renders argument k as text the way tostring does (null → ''). */
const textOf = (args: ArgInfo[], k: number): ((v: Scalar) => string) => {
  const t = args[k]!.type;
  if (t === 'string') return (v) => (v as string | null) ?? '';
  if (t === 'dynamic') return (v) => (v === null ? '' : dynamicToString(v));
  return (v) => toStringValue(t, v);
};

const ENCODER = new TextEncoder();

// ───────────────────────────── strings ─────────────────────────────

const strcmp = defineScalar({
  name: 'strcmp',
  signatures: [{ params: [p('string1', 'any'), p('string2', 'any')], returns: 'long' }],
  doc: 'Compares two strings (others converted with tostring) ordinally: -1, 0 or 1.',
  example: `print a = strcmp("ABC", "ABC"), b = strcmp("abc", "ABC"), c = strcmp("ABC", "abc")`,
  implement: (args) => {
    const a = textOf(args, 0);
    const b = textOf(args, 1);
    const fn: RowFn = (x, y) => {
      const s = a(x);
      const t = b(y);
      return s < t ? -1 : s > t ? 1 : 0;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const stringSize = defineScalar({
  name: 'string_size',
  signatures: [{ params: [p('source', ['string', 'dynamic'])], returns: 'long' }],
  doc: 'The size of a string in bytes (its UTF-8 encoding).',
  example: `print a = string_size("hello"), b = string_size("⒦⒰⒮⒯⒪")`,
  implement: (args) => {
    const text = textOf(args, 0);
    return { kind: 'row', fn: (v) => ENCODER.encode(text(v)).length, nullPropagating: false };
  },
});

const unicodeFrom = defineScalar({
  name: 'unicode_codepoints_from_string',
  signatures: [{ params: [p('value', 'any')], returns: 'dynamic' }],
  doc: 'The Unicode code points of a string (others converted with tostring) as a dynamic array.',
  example: `print unicode_codepoints_from_string("⒦⒰⒮⒯⒪")`,
  implement: (args) => {
    const text = textOf(args, 0);
    return { kind: 'row', fn: (v) => Array.from(text(v), (c) => c.codePointAt(0)!), nullPropagating: false };
  },
});

const isCodePoint = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0x10ffff;

const unicodeTo = defineScalar({
  name: 'unicode_codepoints_to_string',
  signatures: [{ params: [p('values', ['int', 'long', 'dynamic'], { repeatable: true })], returns: 'string' }],
  doc: 'The string of the Unicode code points given as integers and/or dynamic arrays of integers; empty when one is not a code point.',
  example: `print a = unicode_codepoints_to_string(75, 117, 115, 116, 111), b = unicode_codepoints_to_string(dynamic([75, 117, 115]), 116, 111)`,
  implement: () => {
    const fn: RowFn = (...vs) => {
      const points: number[] = [];
      for (const v of vs) {
        if (v === null) continue;
        const items = Array.isArray(v) ? v : [v];
        for (const x of items) {
          if (!isCodePoint(x)) return '';
          points.push(x);
        }
      }
      let out = '';
      for (let k = 0; k < points.length; k += 4096) out += String.fromCodePoint(...points.slice(k, k + 4096));
      return out;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

/**
 * replace_strings (replace-strings-function.md): matches don't overlap and an earlier lookup takes
 * precedence — every match of lookups[0] is claimed first, then those of lookups[1] that do not
 * overlap a claimed one, and so on ('This','is' → "This was"; 'is','This' → "Thwas was"). A match
 * whose rewrite is not a string keeps its text; a lookup that is not a string (or is empty) is ignored.
 */
export function replaceStrings(text: string, lookups: unknown, rewrites: unknown): string {
  if (!Array.isArray(lookups)) return text;
  const rw = Array.isArray(rewrites) ? rewrites : [];
  const claimed: { start: number; end: number; rewrite: string }[] = [];
  // taken[i] = 1 when character i belongs to a claimed match. A candidate that overlaps one makes
  // every candidate starting up to the end of that taken run overlap too, so the search skips past it.
  const taken = new Uint8Array(text.length);
  lookups.forEach((lookup, k) => {
    if (typeof lookup !== 'string' || lookup === '') return;
    const r = rw[k];
    for (let i = text.indexOf(lookup); i >= 0; i = text.indexOf(lookup, i + 1)) {
      const end = i + lookup.length;
      let hit = -1;
      for (let j = i; j < end; j++) {
        if (taken[j] === 1) {
          hit = j;
          break;
        }
      }
      if (hit >= 0) {
        while (hit < text.length && taken[hit] === 1) hit++;
        i = hit - 1;
        continue;
      }
      claimed.push({ start: i, end, rewrite: typeof r === 'string' ? r : lookup });
      taken.fill(1, i, end);
      i = end - 1;
    }
  });
  claimed.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const c of claimed) {
    out += text.slice(pos, c.start) + c.rewrite;
    pos = c.end;
  }
  return out + text.slice(pos);
}

const replaceStringsFn = defineScalar({
  name: 'replace_strings',
  signatures: [{ params: [p('text', STRING), p('lookups', DYNAMIC), p('rewrites', DYNAMIC)], returns: 'string' }],
  doc: 'Replaces all matches of several lookup strings with their rewrites; matches do not overlap and earlier lookups take precedence.',
  example: `print replace_strings("A magic trick can turn a cat into a dog", dynamic(['cat', 'dog']), dynamic(['dog', 'pigeon']))`,
  implement: () => {
    const fn: RowFn = (text, lookups, rewrites) => replaceStrings((text as string | null) ?? '', lookups, rewrites);
    return { kind: 'row', fn, nullPropagating: false };
  },
});

// ───────────────────────────── format_bytes ─────────────────────────────

const BYTE_UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/**
 * format-bytes-function.md: the size in the given unit (or the largest unit, powers of 1024, in
 * which it is at least 1), rounded to `precision` decimals (default 0): 10332 → "10.1 KB" (1),
 * 20010332 → "19 MB", "19.08 MB" (2), "19541 KB" (0, "KB").
 */
export function formatBytes(size: number, precision: number, unit: string): string {
  let k = BYTE_UNITS.findIndex((u) => u.toLowerCase() === unit.toLowerCase());
  if (k < 0) {
    k = 0;
    while (k < BYTE_UNITS.length - 1 && Math.abs(size) >= 1024 ** (k + 1)) k++;
  }
  const value = size / 1024 ** k;
  const digits = Math.max(0, Math.min(15, Math.trunc(precision)));
  const scale = 10 ** digits;
  const rounded = Math.round(Math.abs(value) * scale) / scale;
  return `${value < 0 && rounded !== 0 ? '-' : ''}${rounded} ${BYTE_UNITS[k]}`;
}

const formatBytesFn = defineScalar({
  name: 'format_bytes',
  signatures: [
    {
      params: [p('size', NUMBER), p('precision', NUMBER, { optional: true, constant: true }), p('units', STRING, { optional: true, constant: true })],
      returns: 'string',
    },
  ],
  doc: 'Formats a number of bytes as a data size: Bytes, KB, MB, GB, TB, PB or EB (auto-selected unless given), rounded to a precision (default 0).',
  example: `print v1 = format_bytes(564), v2 = format_bytes(10332, 1), v3 = format_bytes(20010332), v4 = format_bytes(20010332, 2), v5 = format_bytes(20010332, 0, "KB")`,
  implement: () => {
    const fn: RowFn = (size, precision, unit) => {
      if (typeof size !== 'number' || !Number.isFinite(size)) return '';
      return formatBytes(size, typeof precision === 'number' ? precision : 0, typeof unit === 'string' ? unit : '');
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

// ───────────────────────────── parsers ─────────────────────────────

/**
 * parse_path (parse-path-function.md example): an optional `scheme://`, a drive root (`C:`), the
 * directory (everything before the last / or \), its last name, the file name with its
 * extension, and an NTFS alternate data stream after a `:` in the file name.
 */
export function parsePath(path: string): { [k: string]: string } {
  let s = path;
  let scheme = '';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(s);
  if (m !== null) {
    scheme = m[1]!;
    s = s.slice(m[0].length);
  }
  const root = /^[A-Za-z]:/.exec(s)?.[0] ?? '';
  const lastSep = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
  const dir = lastSep >= 0 ? s.slice(0, lastSep) : '';
  let file = lastSep >= 0 ? s.slice(lastSep + 1) : s.slice(root.length);
  let stream = '';
  const colon = file.indexOf(':');
  if (colon >= 0) {
    stream = file.slice(colon + 1);
    file = file.slice(0, colon);
  }
  const dirParts = dir.split(/[/\\]/);
  const dirName = dir === root ? '' : dirParts[dirParts.length - 1] ?? '';
  const dot = file.lastIndexOf('.');
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: dir,
    DirectoryName: dirName,
    Filename: file,
    Extension: dot >= 0 ? file.slice(dot + 1) : '',
    AlternateDataStreamName: stream,
  };
}

const parsePathFn = defineScalar({
  name: 'parse_path',
  signatures: [{ params: [p('path', STRING)], returns: 'dynamic' }],
  doc: 'The parts of a file path as a bag: Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName.',
  example: `print parse_path(@"C:\\temp\\file.txt")`,
  implement: () => (path) => parsePath(path as string),
});

/**
 * The first record of CSV text (parse-csv-function.md): fields split at commas; a field in double
 * quotes may hold commas, line feeds and doubled quotes; a line feed outside quotes ends the record.
 */
export function parseCsvRecord(text: string): string[] {
  const out: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') break;
    else field += c;
    i++;
  }
  out.push(field);
  return out;
}

const parseCsv = defineScalar({
  name: 'parse_csv',
  signatures: [{ params: [p('csv_text', ['string', 'dynamic'])], returns: 'dynamic' }],
  doc: 'Splits one record of comma-separated values (quotes escape commas, line feeds and doubled quotes) into a string array; only the first record is taken.',
  example: `print parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\\nline2"')`,
  implement: (args) => {
    const text = textOf(args, 0);
    return { kind: 'row', fn: (v) => parseCsvRecord(text(v)), nullPropagating: false };
  },
});

/**
 * parse-version-function.md: one to four dot-separated parts of up to eight digits, missing trailing
 * parts 0, as p1·10^24 + p2·10^16 + p3·10^8 + p4 — an exact decimal (up to 32 digits: 1.2.3.4 is
 * 1000000020000000300000004, as the page prints it), boxed as values/decimal.ts does.
 */
export function parseVersion(text: string): number | string | null {
  const s = text.trim();
  if (!/^\d{1,8}(\.\d{1,8}){0,3}$/.test(s)) return null;
  const parts = s.split('.').map(BigInt);
  while (parts.length < 4) parts.push(0n);
  return boxDec({ m: parts[0]! * 10n ** 24n + parts[1]! * 10n ** 16n + parts[2]! * 10n ** 8n + parts[3]!, s: 0 });
}

const parseVersionFn = defineScalar({
  name: 'parse_version',
  signatures: [{ params: [p('version', STRING)], returns: 'decimal' }],
  doc: 'A version of one to four dot-separated numbers (up to eight digits each) as a comparable decimal; null otherwise.',
  example: `print a = parse_version("0.0.7.0"), b = parse_version("0.2") < parse_version("1.0.0.0")`,
  implement: () => (v) => parseVersion(v as string),
});

/**
 * Windows command-line splitting as CommandLineToArgvW does it: arguments separated by spaces and
 * tabs; double quotes group; 2n backslashes before a quote are n backslashes and the quote acts,
 * 2n+1 are n backslashes and a literal quote; other backslashes are literal; inside quotes a doubled
 * quote is a literal quote. The first argument (the program) takes quotes literally as grouping only.
 */
export function parseWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  // the program name: up to the first blank outside quotes, quotes removed, no escapes
  while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
  if (i >= n) return args;
  let prog = '';
  let quoted = false;
  for (; i < n; i++) {
    const c = line[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '\t')) break;
    else prog += c;
  }
  args.push(prog);
  for (;;) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    let arg = '';
    quoted = false;
    while (i < n) {
      const c = line[i]!;
      if (c === '\\') {
        let count = 0;
        while (i < n && line[i] === '\\') {
          count++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(count >> 1);
          if (count % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(count);
        continue;
      }
      if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
          continue;
        }
        quoted = !quoted;
        i++;
        continue;
      }
      if (!quoted && (c === ' ' || c === '\t')) break;
      arg += c;
      i++;
    }
    args.push(arg);
  }
  return args;
}

const parseCommandLine = defineScalar({
  name: 'parse_command_line',
  signatures: [{ params: [p('command_line', 'any'), p('parser_type', STRING)], returns: 'dynamic' }],
  doc: 'Splits a command line into a dynamic array of arguments; the only parser is "windows" (CommandLineToArgvW rules), others give null.',
  example: `print parse_command_line('echo "hello world!"', "windows")`,
  implement: (args) => {
    const text = textOf(args, 0);
    const fn: RowFn = (v, parser) => (typeof parser === 'string' && parser.toLowerCase() === 'windows' ? parseWindowsCommandLine(text(v)) : null);
    return { kind: 'row', fn, nullPropagating: false };
  },
});

// ───────────────────────────── bits ─────────────────────────────

/** An integer argument as its 64-bit two's complement. */
const big = (v: Scalar): bigint => BigInt.asIntN(64, longToBigInt(v as number | bigint));
const toLong = (b: bigint): number | bigint => boxLong(BigInt.asIntN(64, b));

function binary(name: string, doc: string, example: string, op: (a: bigint, b: bigint) => bigint | null): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [{ params: [p('value1', INTEGER), p('value2', INTEGER)], returns: 'long' }],
    exactLong: true,
    doc,
    example,
    implement: () => (a, b) => {
      const r = op(big(a), big(b));
      return r === null ? null : toLong(r);
    },
  });
}

const binaryAnd = binary('binary_and', 'Bitwise AND of two integers (as 64-bit longs).', `print binary_and(42, 11)`, (a, b) => a & b);
const binaryOr = binary('binary_or', 'Bitwise OR of two integers (as 64-bit longs).', `print binary_or(5, 3)`, (a, b) => a | b);
const binaryXor = binary('binary_xor', 'Bitwise XOR of two integers (as 64-bit longs).', `print binary_xor(1, 3)`, (a, b) => a ^ b);
// .NET shifts a long by (count & 63); a negative count is null (binary-shift-left-function.md, Returns)
const binaryShiftLeft = binary(
  'binary_shift_left', 'Shifts a 64-bit long left by a number of bits (taken modulo 64; null for a negative count).', `print binary_shift_left(1, 2)`,
  (a, b) => (b < 0n ? null : a << (b & 63n)),
);
const binaryShiftRight = binary(
  'binary_shift_right', 'Shifts a 64-bit long right, keeping the sign, by a number of bits (taken modulo 64; null for a negative count).', `print binary_shift_right(8, 2)`,
  (a, b) => (b < 0n ? null : a >> (b & 63n)),
);

const binaryNot = defineScalar({
  name: 'binary_not',
  exactLong: true,
  signatures: [{ params: [p('value', INTEGER)], returns: 'long' }],
  doc: 'Bitwise NOT of an integer (as a 64-bit long).',
  example: `print binary_not(100)`,
  implement: () => (a) => toLong(~big(a)),
});

const bitsetCountOnes = defineScalar({
  name: 'bitset_count_ones',
  exactLong: true,
  signatures: [{ params: [p('value', INTEGER)], returns: 'long' }],
  doc: 'The number of set bits in the 64-bit two\'s complement of an integer.',
  example: `print bitset_count_ones(42)`,
  implement: () => (a) => {
    let b = BigInt.asUintN(64, big(a));
    let count = 0;
    while (b !== 0n) {
      count += Number(b & 1n);
      b >>= 1n;
    }
    return count;
  },
});

const tohex = defineScalar({
  name: 'tohex',
  exactLong: true,
  signatures: [{ params: [p('value', INTEGER), p('minLength', INTEGER, { optional: true })], returns: 'string' }],
  doc: "An integer in lowercase hex; negatives in two's complement (8 digits for int, 16 for long); padded with zeros to minLength (at most 16).",
  example: `print a = tohex(256), b = tohex(-256), c = tohex(toint(-256), 8), d = tohex(256, 8)`,
  implement: (args) => {
    const bits = args[0]!.type === 'int' ? 32 : 64;
    const fn: RowFn = (v, minLength) => {
      if (v === null) return '';
      const hex = BigInt.asUintN(bits, longToBigInt(v as number | bigint)).toString(16);
      const width = typeof minLength === 'number' ? Math.min(16, Math.max(0, minLength)) : 0;
      return hex.padStart(width, '0');
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

// has-any-index-function.md: the index of the first lookup value `has` finds in the text, else -1
const hasAnyIndex = defineScalar({
  name: 'has_any_index',
  signatures: [{ params: [p('source', STRING), p('lookup_values', DYNAMIC)], returns: 'long' }],
  doc: 'Index (0-based) of the first element of lookup_values found in source as a whole term (as `has`), or -1.',
  example: `print has_any_index("this is an example", dynamic(['not', 'example']))`,
  implement: () => {
    // one term predicate per element, built once per distinct lookup array
    const preds = new WeakMap<object, (((s: string) => boolean) | null)[]>();
    const fn: RowFn = (source, lookup) => {
      if (!Array.isArray(lookup)) return null;
      let ps = preds.get(lookup);
      if (ps === undefined) {
        ps = lookup.map((e) => (e === null || e === undefined ? null : constantPredicate('has', typeof e === 'string' ? e : JSON.stringify(e))));
        preds.set(lookup, ps);
      }
      const text = typeof source === 'string' ? source : '';
      for (let j = 0; j < ps.length; j++) if (ps[j]?.(text)) return j;
      return -1;
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

export const stringExtraFunctions: ScalarFunctionDef[] = [
  hasAnyIndex,
  strcmp, stringSize, unicodeFrom, unicodeTo, replaceStringsFn, formatBytesFn, parsePathFn, parseCsv, parseVersionFn,
  parseCommandLine, binaryAnd, binaryOr, binaryXor, binaryNot, binaryShiftLeft, binaryShiftRight, bitsetCountOnes, tohex,
];
