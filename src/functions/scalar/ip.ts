// IP address functions: ipv4_* / ipv6_* comparisons and ranges, parse_ipv4/6 (+ masks), format_ipv4
// (+ mask), has_ipv4 / has_ipv4_prefix / has_any_ipv4 / has_any_ipv4_prefix, ipv4_range_to_cidr_list.
//
// IP-prefix notation (ip-prefix-notation include of the docs): `address/prefix`, the prefix being the
// number of leading bits that count (0–32 for IPv4, 0–128 for IPv6). When both sides of a comparison
// carry prefixes (or the call passes one), the smallest prefix is used (ipv4-compare-function.md:
// '192.168.1.1/30' vs '192.168.1.255/24' compare on 24 bits). Text that does not parse is null
// (bool/long results) or '' (string results), never an error.
import type { KqlType, Scalar } from '../../types.js';
import { dynamicToString } from '../../values/dynamic.js';
import { defineScalar, DYNAMIC, p, STRING, type ArgInfo, type RowFn, type ScalarFunctionDef } from '../define.js';

// ───────────────────────────── IPv4 ─────────────────────────────

export interface Ipv4 {
  /** the address as an unsigned 32-bit number */
  addr: number;
  /** 0..32 (32 when the text has no prefix) */
  prefix: number;
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `a.b.c.d` (each part 0–255) as an unsigned 32-bit number, or null. */
function dottedQuad(s: string): number | null {
  const m = DOTTED.exec(s);
  if (m === null) return null;
  let out = 0;
  for (let k = 1; k <= 4; k++) {
    const part = Number(m[k]);
    if (part > 255) return null;
    out = out * 256 + part;
  }
  return out;
}

/** A prefix length `0..max` written in decimal, or null. */
function prefixLength(s: string, max: number): number | null {
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n <= max ? n : null;
}

/** Parses `a.b.c.d` or `a.b.c.d/prefix` (surrounding blanks ignored); null when it is not one. */
export function parseIpv4(text: string): Ipv4 | null {
  const s = text.trim();
  const slash = s.indexOf('/');
  const addr = dottedQuad(slash < 0 ? s : s.slice(0, slash));
  if (addr === null) return null;
  if (slash < 0) return { addr, prefix: 32 };
  const prefix = prefixLength(s.slice(slash + 1).trim(), 32);
  return prefix === null ? null : { addr, prefix };
}

/** The address with all but the leading `prefix` bits cleared. */
export function maskIpv4(addr: number, prefix: number): number {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return addr;
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  return (addr & mask) >>> 0;
}

export function formatIpv4Address(addr: number): string {
  return `${(addr >>> 24) & 255}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/** A prefix argument: an integer in 0..max, or null. */
function prefixArg(v: Scalar | undefined, max: number): number | null | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) return null;
  return v;
}

/** Compares two IPv4 texts on min(prefixes, explicit prefix) bits: -1, 0, 1, or null. */
function compareIpv4(a: string, b: string, prefix?: number): number | null {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  if (x === null || y === null) return null;
  const bits = Math.min(x.prefix, y.prefix, prefix ?? 32);
  const u = maskIpv4(x.addr, bits);
  const v = maskIpv4(y.addr, bits);
  return u < v ? -1 : u > v ? 1 : 0;
}

/** Private networks (ipv4-is-private-function.md): 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
const PRIVATE_V4: Ipv4[] = [
  { addr: 0x0a000000, prefix: 8 },
  { addr: 0xac100000, prefix: 12 },
  { addr: 0xc0a80000, prefix: 16 },
];

// ───────────────────────────── IPv6 ─────────────────────────────

export interface Ipv6 {
  /** the address as a 128-bit integer */
  addr: bigint;
  /** 0..128 */
  prefix: number;
}

const ALL128 = (1n << 128n) - 1n;

/**
 * Parses an IPv6 address (with `::` compression and an optional trailing dotted IPv4 part) or an
 * IPv4 address, with an optional `/prefix`. IPv4 is taken as the IPv4-mapped `::ffff:a.b.c.d` and
 * its prefix counts IPv4 bits (+96); so is `::a.b.c.d`, as parse-ipv6-mask-function.md's examples
 * show ('::192.168.255.255/24' with netmask 128 → 0000:…:ffff:c0a8:ff00).
 */
export function parseIpv6(text: string): Ipv6 | null {
  const s = text.trim();
  const slash = s.indexOf('/');
  const body = slash < 0 ? s : s.slice(0, slash);
  let prefix = 128;
  const dotted = body.includes('.');
  if (slash >= 0) {
    const n = prefixLength(s.slice(slash + 1).trim(), dotted ? 32 : 128);
    if (n === null) return null;
    prefix = dotted ? n + 96 : n;
  }
  if (!body.includes(':')) {
    const v4 = dottedQuad(body);
    return v4 === null ? null : { addr: (0xffffn << 32n) | BigInt(v4), prefix };
  }
  const groups = ipv6Groups(body);
  if (groups === null) return null;
  let addr = 0n;
  for (const g of groups) addr = (addr << 16n) | BigInt(g);
  if (dotted && addr >> 32n === 0n) addr |= 0xffffn << 32n; // ::a.b.c.d as ::ffff:a.b.c.d
  return { addr, prefix };
}

/** The eight 16-bit groups of an IPv6 text without prefix, or null. */
function ipv6Groups(body: string): number[] | null {
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k]!;
      if (k === pieces.length - 1 && piece.includes('.')) {
        const v4 = dottedQuad(piece);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = parse(halves[0]!);
  if (head === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const tail = parse(halves[1]!);
  if (tail === null || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

export function maskIpv6(addr: bigint, prefix: number): bigint {
  if (prefix >= 128) return addr;
  if (prefix <= 0) return 0n;
  const mask = (ALL128 >> BigInt(128 - prefix)) << BigInt(128 - prefix);
  return addr & mask;
}

/** The full lowercase form, eight groups of four hex digits (parse-ipv6-function.md). */
export function formatIpv6Full(addr: bigint): string {
  const hex = addr.toString(16).padStart(32, '0');
  const groups: string[] = [];
  for (let k = 0; k < 32; k += 4) groups.push(hex.slice(k, k + 4));
  return groups.join(':');
}

function compareIpv6(a: string, b: string, prefix?: number): number | null {
  const x = parseIpv6(a);
  const y = parseIpv6(b);
  if (x === null || y === null) return null;
  const bits = Math.min(x.prefix, y.prefix, prefix ?? 128);
  const u = maskIpv6(x.addr, bits);
  const v = maskIpv6(y.addr, bits);
  return u < v ? -1 : u > v ? 1 : 0;
}

// ───────────────────────────── text search ─────────────────────────────

/**
 * The IPv4 addresses properly delimited in a text (has-ipv4-function.md: "IP address entrances in
 * a text must be properly delimited with non-alphanumeric characters"), as dotted texts.
 */
function ipv4sInText(text: string): string[] {
  const out: string[] = [];
  const re = /(?<![0-9A-Za-z])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![0-9A-Za-z])/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (dottedQuad(m[0]) !== null) out.push(m[0]);
  }
  return out;
}

/** Canonical form of a dotted address or address prefix (`192.168.`) for matching; null when invalid. */
function canonicalPrefix(prefix: string): string | null {
  const s = prefix.trim();
  if (dottedQuad(s) !== null) return canonicalAddress(s) + '|';
  // has-ipv4-prefix-function.md: "a complete IPv4 address or its prefix ending with a dot"
  const m = /^(\d{1,3}\.){1,3}$/.exec(s);
  if (m === null) return null;
  const parts = s.slice(0, -1).split('.').map(Number);
  if (parts.some((x) => x > 255)) return null;
  return parts.join('.') + '.';
}

/** Leading zeros dropped, so that 010.1.1.1 and 10.1.1.1 name the same address. */
const canonicalAddress = (s: string): string => s.split('.').map(Number).join('.');

function sourceText(type: KqlType): (v: Scalar) => string {
  return type === 'dynamic' ? (v) => (v === null ? '' : dynamicToString(v)) : (v) => (v as string | null) ?? '';
}

/** Whether `text` has a delimited IPv4 address starting with any of the prefixes (canonical forms). */
function textHasPrefix(text: string, prefixes: string[]): boolean {
  if (prefixes.length === 0) return false;
  for (const ip of ipv4sInText(text)) {
    const c = canonicalAddress(ip) + '|';
    if (prefixes.some((q) => c.startsWith(q))) return true;
  }
  return false;
}

/** The string items of the repeated / dynamic-array argument of the has_any_* and *_in_any_range functions. */
function listItems(args: ArgInfo[], values: Scalar[]): string[] {
  if (args.length === 2 && args[1]!.type === 'dynamic') {
    const a = values[1];
    if (!Array.isArray(a)) return [];
    return a.filter((x): x is string => typeof x === 'string');
  }
  return values.slice(1).map((v) => (v as string | null) ?? '');
}

// ───────────────────────────── definitions ─────────────────────────────

const LONG: readonly KqlType[] = ['long', 'int'];
const STRING_OR_DYNAMIC: readonly KqlType[] = ['string', 'dynamic'];

const parseIpv4Fn = defineScalar({
  name: 'parse_ipv4',
  signatures: [{ params: [p('ip', STRING)], returns: 'long' }],
  doc: 'An IPv4 address (optionally with a /prefix, which masks it) as a long; null when it does not parse.',
  example: `print a = parse_ipv4("192.168.1.1"), b = parse_ipv4("192.168.1.1/24")`,
  implement: () => (ip) => {
    const v = parseIpv4(ip as string);
    return v === null ? null : maskIpv4(v.addr, v.prefix);
  },
});

const parseIpv4Mask = defineScalar({
  name: 'parse_ipv4_mask',
  signatures: [{ params: [p('ip', STRING), p('prefix', LONG)], returns: 'long' }],
  doc: 'An IPv4 address masked to the leading prefix bits (0–32) as a long; null when it does not parse.',
  example: `print parse_ipv4_mask("192.168.255.255", 24)`,
  implement: () => (ip, prefix) => {
    const v = parseIpv4(ip as string);
    const n = prefixArg(prefix, 32);
    if (v === null || n === null || n === undefined) return null;
    return maskIpv4(v.addr, Math.min(v.prefix, n));
  },
});

/** The IPv4 of format_ipv4's first argument: text, or a number in big-endian order. */
function ipv4FromScalar(type: KqlType, v: Scalar): Ipv4 | null {
  if (v === null) return null;
  if (type === 'string') return parseIpv4(v as string);
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? { addr: v, prefix: 32 } : null;
  return null;
}

function formatIpv4Def(name: string, withMask: boolean, doc: string, example: string): ScalarFunctionDef {
  const params = withMask ? [p('ip', 'any'), p('prefix', LONG)] : [p('ip', 'any'), p('prefix', LONG, { optional: true })];
  return defineScalar({
    name,
    signatures: [{ params, returns: 'string' }],
    doc,
    example,
    implement: (args) => {
      const type = args[0]!.type;
      const fn: RowFn = (ip, prefix) => {
        const v = ipv4FromScalar(type, ip);
        const n = prefix === undefined ? 32 : prefixArg(prefix, 32);
        if (v === null || n === null || n === undefined) return '';
        const bits = Math.min(v.prefix, n);
        const text = formatIpv4Address(maskIpv4(v.addr, bits));
        return withMask ? `${text}/${bits}` : text;
      };
      return { kind: 'row', fn, nullPropagating: false };
    },
  });
}

const formatIpv4 = formatIpv4Def(
  'format_ipv4',
  false,
  'An IPv4 address (text, or a number in big-endian order) masked to an optional prefix, as dotted text; empty when it does not convert.',
  `print a = format_ipv4("192.168.1.255", 24), b = format_ipv4(3232236031)`,
);

const formatIpv4Mask = formatIpv4Def(
  'format_ipv4_mask',
  true,
  'An IPv4 address (text, or a number in big-endian order) masked to a prefix, in CIDR notation; empty when it does not convert.',
  `print format_ipv4_mask("192.168.1.255", 24)`,
);

const ipv4Compare = defineScalar({
  name: 'ipv4_compare',
  signatures: [{ params: [p('ip1', STRING), p('ip2', STRING), p('prefix', LONG, { optional: true })], returns: 'long' }],
  doc: 'Compares two IPv4 addresses on their common prefix: -1, 0 or 1; null when one does not parse.',
  example: `print a = ipv4_compare("127.0.0.1", "127.0.0.1"), b = ipv4_compare("192.168.1.1", "192.168.1.255", 24)`,
  implement: () => (a, b, prefix) => {
    const n = prefixArg(prefix, 32);
    return n === null ? null : compareIpv4(a as string, b as string, n);
  },
});

const ipv4IsMatch = defineScalar({
  name: 'ipv4_is_match',
  signatures: [{ params: [p('ip1', STRING), p('ip2', STRING), p('prefix', LONG, { optional: true })], returns: 'bool' }],
  doc: 'Whether two IPv4 addresses are equal on their common prefix; null when one does not parse.',
  example: `print ipv4_is_match("192.168.1.1/24", "192.168.1.255")`,
  implement: () => (a, b, prefix) => {
    const n = prefixArg(prefix, 32);
    const c = n === null ? null : compareIpv4(a as string, b as string, n);
    return c === null ? null : c === 0;
  },
});

const ipv4IsInRange = defineScalar({
  name: 'ipv4_is_in_range',
  signatures: [{ params: [p('ip', STRING), p('ip_range', STRING)], returns: 'bool' }],
  doc: 'Whether an IPv4 address is in a range given in IP-prefix notation; null when one does not parse.',
  example: `print ipv4_is_in_range("10.1.2.3", "10.1.2.0/24")`,
  implement: () => (ip, range) => {
    const c = compareIpv4(ip as string, range as string);
    return c === null ? null : c === 0;
  },
});

/**
 * ipv4_is_in_any_range / ipv6_is_in_any_range: true when the address is in one of the ranges;
 * null when the address does not parse or, with no match, a range did not.
 */
function inAnyRange(name: string, compare: (a: string, b: string) => number | null, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [
      { params: [p('ip', STRING_OR_DYNAMIC), p('ranges', STRING, { repeatable: true })], returns: 'bool' },
      { params: [p('ip', STRING_OR_DYNAMIC), p('ranges', DYNAMIC)], returns: 'bool' },
    ],
    doc: `Whether an ${name.slice(0, 4).toUpperCase()} address is in any of the ranges (strings or one dynamic array, IP-prefix notation); null when the address does not parse.`,
    example,
    implement: (args) => {
      const ipText = sourceText(args[0]!.type);
      const fn: RowFn = (...vs) => {
        const ip = ipText(vs[0]!);
        let invalid = false;
        for (const range of listItems(args, vs)) {
          const c = compare(ip, range);
          if (c === 0) return true;
          if (c === null) invalid = true;
        }
        return invalid ? null : false;
      };
      return { kind: 'row', fn, nullPropagating: false };
    },
  });
}

const ipv4IsInAnyRange = inAnyRange(
  'ipv4_is_in_any_range',
  (a, b) => (parseIpv4(a) === null ? null : compareIpv4(a, b)),
  `print ipv4_is_in_any_range("192.168.1.6", "192.168.1.1/24", "10.0.0.1/8")`,
);

const ipv4IsPrivate = defineScalar({
  name: 'ipv4_is_private',
  signatures: [{ params: [p('ip', STRING)], returns: 'bool' }],
  doc: 'Whether an IPv4 address is in a private network (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16); null when it does not parse.',
  example: `print a = ipv4_is_private("192.168.1.1/24"), b = ipv4_is_private("202.1.2.3")`,
  implement: () => (ip) => {
    const v = parseIpv4(ip as string);
    if (v === null) return null;
    return PRIVATE_V4.some((r) => maskIpv4(v.addr, r.prefix) === r.addr);
  },
});

const ipv4NetmaskSuffix = defineScalar({
  name: 'ipv4_netmask_suffix',
  signatures: [{ params: [p('ip', STRING)], returns: 'long' }],
  doc: 'The prefix length of an IPv4 address in IP-prefix notation (32 without one); null when it does not parse.',
  example: `print a = ipv4_netmask_suffix("192.168.1.1/24"), b = ipv4_netmask_suffix("10.1.2.3")`,
  implement: () => (ip) => parseIpv4(ip as string)?.prefix ?? null,
});

/** The fewest CIDR blocks covering start..end (both inclusive). */
export function rangeToCidrs(start: number, end: number): string[] {
  const out: string[] = [];
  let cur = start;
  while (cur <= end) {
    let size = 32;
    // grow the block while it stays aligned and inside the range
    while (size > 0) {
      const bigger = size - 1;
      const span = 2 ** (32 - bigger);
      if (cur % span !== 0 || cur + span - 1 > end) break;
      size = bigger;
    }
    out.push(`${formatIpv4Address(cur)}/${size}`);
    cur += 2 ** (32 - size);
  }
  return out;
}

const ipv4RangeToCidrList = defineScalar({
  name: 'ipv4_range_to_cidr_list',
  signatures: [{ params: [p('start_ip', STRING), p('end_ip', STRING)], returns: 'dynamic' }],
  doc: 'The list of CIDR ranges that exactly covers an IPv4 address range; null when an address does not parse.',
  example: `print ipv4_range_to_cidr_list("1.1.128.0", "1.1.140.255")`,
  implement: () => (a, b) => {
    const x = parseIpv4(a as string);
    const y = parseIpv4(b as string);
    if (x === null || y === null) return null;
    return rangeToCidrs(maskIpv4(x.addr, x.prefix), y.addr);
  },
});

function hasIpv4Def(name: string, prefixMode: boolean, any: boolean, doc: string, example: string): ScalarFunctionDef {
  const signatures = any
    ? [
        { params: [p('source', STRING_OR_DYNAMIC), p(prefixMode ? 'ip_prefixes' : 'ips', STRING, { repeatable: true })], returns: 'bool' as const },
        { params: [p('source', STRING_OR_DYNAMIC), p(prefixMode ? 'ip_prefixes' : 'ips', DYNAMIC)], returns: 'bool' as const },
      ]
    : [{ params: [p('source', STRING_OR_DYNAMIC), p(prefixMode ? 'ip_prefix' : 'ip', STRING)], returns: 'bool' as const }];
  return defineScalar({
    name,
    signatures,
    doc,
    example,
    implement: (args) => {
      const text = sourceText(args[0]!.type);
      const canonical = (q: string): string | null =>
        prefixMode ? canonicalPrefix(q) : dottedQuad(q.trim()) === null ? null : canonicalAddress(q.trim()) + '|';
      const fn: RowFn = (...vs) => {
        const wanted = listItems(args, vs).map(canonical).filter((q): q is string => q !== null);
        return textHasPrefix(text(vs[0]!), wanted);
      };
      return { kind: 'row', fn, nullPropagating: false };
    },
  });
}

const hasIpv4 = hasIpv4Def(
  'has_ipv4', false, false,
  'Whether a valid IPv4 address appears in a text, delimited by non-alphanumeric characters.',
  `print has_ipv4("05:04:54 127.0.0.1 GET /favicon.ico 404", "127.0.0.1")`,
);
const hasIpv4Prefix = hasIpv4Def(
  'has_ipv4_prefix', true, false,
  'Whether an IPv4 address starting with a prefix (a full address or octets ending with a dot, e.g. "192.168.") appears delimited in a text.',
  `print has_ipv4_prefix("05:04:54 127.0.0.1 GET /favicon.ico 404", "127.0.")`,
);
const hasAnyIpv4 = hasIpv4Def(
  'has_any_ipv4', false, true,
  'Whether any of the IPv4 addresses (strings or a dynamic array) appears delimited in a text.',
  `print has_any_ipv4("05:04:54 127.0.0.1 GET /favicon.ico 404", dynamic(["127.0.0.1", "127.0.0.2"]))`,
);
const hasAnyIpv4Prefix = hasIpv4Def(
  'has_any_ipv4_prefix', true, true,
  'Whether an IPv4 address starting with any of the prefixes (strings or a dynamic array) appears delimited in a text.',
  `print has_any_ipv4_prefix("05:04:54 127.0.0.1 GET /favicon.ico 404", "127.0.", "192.168.")`,
);

const parseIpv6Fn = defineScalar({
  name: 'parse_ipv6',
  signatures: [{ params: [p('ip', STRING)], returns: 'string' }],
  doc: 'An IPv6 or IPv4 address (optionally with a /prefix) in canonical IPv6 form (eight four-digit groups); empty when it does not parse.',
  example: `print a = parse_ipv6("fe80::85d:e82c:9446:7994"), b = parse_ipv6("192.168.255.255/24")`,
  implement: () => (ip) => {
    const v = parseIpv6(ip as string);
    return v === null ? '' : formatIpv6Full(maskIpv6(v.addr, v.prefix));
  },
});

const parseIpv6Mask = defineScalar({
  name: 'parse_ipv6_mask',
  signatures: [{ params: [p('ip', STRING), p('prefix', LONG)], returns: 'string' }],
  doc: 'An IPv6 or IPv4 address masked to the leading prefix bits (0–128), in canonical IPv6 form; empty when it does not parse.',
  example: `print parse_ipv6_mask("fe80::85d:e82c:9446:7994", 120)`,
  implement: () => {
    const fn: RowFn = (ip, prefix) => {
      const v = parseIpv6(ip as string);
      const n = prefixArg(prefix ?? null, 128);
      if (v === null || n === null || n === undefined) return '';
      return formatIpv6Full(maskIpv6(v.addr, Math.min(v.prefix, n)));
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const ipv6Compare = defineScalar({
  name: 'ipv6_compare',
  signatures: [{ params: [p('ip1', STRING), p('ip2', STRING), p('prefix', LONG, { optional: true })], returns: 'long' }],
  doc: 'Compares two IPv6 or IPv4 addresses on their common prefix: -1, 0 or 1; null when one does not parse.',
  example: `print a = ipv6_compare("::ffff:7f00:1", "127.0.0.1"), b = ipv6_compare("fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7995", 127)`,
  implement: () => (a, b, prefix) => {
    const n = prefixArg(prefix, 128);
    return n === null ? null : compareIpv6(a as string, b as string, n);
  },
});

const ipv6IsMatch = defineScalar({
  name: 'ipv6_is_match',
  signatures: [{ params: [p('ip1', STRING), p('ip2', STRING), p('prefix', LONG, { optional: true })], returns: 'bool' }],
  doc: 'Whether two IPv6 or IPv4 addresses are equal on their common prefix; null when one does not parse.',
  example: `print ipv6_is_match("fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998")`,
  implement: () => (a, b, prefix) => {
    const n = prefixArg(prefix, 128);
    const c = n === null ? null : compareIpv6(a as string, b as string, n);
    return c === null ? null : c === 0;
  },
});

const ipv6IsInRange = defineScalar({
  name: 'ipv6_is_in_range',
  signatures: [{ params: [p('ip', STRING), p('ip_range', STRING)], returns: 'bool' }],
  doc: 'Whether an IPv6 or IPv4 address is in a range given in IP-prefix notation; null when one does not parse.',
  example: `print ipv6_is_in_range("a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112")`,
  implement: () => (ip, range) => {
    const c = compareIpv6(ip as string, range as string);
    return c === null ? null : c === 0;
  },
});

const ipv6IsInAnyRange = inAnyRange(
  'ipv6_is_in_any_range',
  (a, b) => (parseIpv6(a) === null ? null : compareIpv6(a, b)),
  `print ipv6_is_in_any_range("a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112", "fe80::/16")`,
);

export const ipFunctions: ScalarFunctionDef[] = [
  parseIpv4Fn, parseIpv4Mask, formatIpv4, formatIpv4Mask, ipv4Compare, ipv4IsMatch, ipv4IsInRange, ipv4IsInAnyRange,
  ipv4IsPrivate, ipv4NetmaskSuffix, ipv4RangeToCidrList, hasIpv4, hasIpv4Prefix, hasAnyIpv4, hasAnyIpv4Prefix,
  parseIpv6Fn, parseIpv6Mask, ipv6Compare, ipv6IsMatch, ipv6IsInRange, ipv6IsInAnyRange,
];
