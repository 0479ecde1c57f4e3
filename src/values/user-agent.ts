// parse_user_agent (parse-user-agent-function.md): the browser, operating system and device of a
// user-agent string, by ua-parser's uap-core patterns (functions/scalar/uap-regexes.generated.ts) and
// its matching rules (uap-core docs/specification.md): the first pattern of a section that matches
// wins; a replacement's $1..$9 take the match's groups; without a replacement a field is its group
// (family $1, versions $2..$5; device model $1, no brand); no match is the family "Other".
// Kusto's shape: Browser {Family, MajorVersion, MinorVersion, Patch}, OperatingSystem {Family,
// MajorVersion, MinorVersion, Patch, PatchMinor}, Device {Family, Brand, Model}; a missing part is "".
// Matches are RE2's (linear time). As a filter only, each pattern first runs as a native RegExp (a
// thousand re2js scans per string would cost ~17 ms; uap-core's patterns are checked against
// catastrophic backtracking by its own CI, and strings over 4 KB skip the filter); RE2 then takes the
// first pattern the filter passes. Each string's answer is cached (the doc warns the look-up is costly).
import { compileRegexOrError, type KqlRegex } from './regex.js';
import { DEVICE_PARSERS, OS_PARSERS, USER_AGENT_PARSERS } from '../functions/scalar/uap-regexes.generated.js';

interface Parser {
  source: string;
  ignoreCase: boolean;
  /** the native filter (null: the pattern is not valid JS, RE2 alone decides) */
  filter: RegExp | null;
  /** compiled on first use; null: not RE2 (the generator only keeps RE2 patterns) */
  re?: KqlRegex | null;
  repl: (string | null)[];
}

/** Strings longer than this skip the native filter (RE2 alone: linear however hostile the text). */
const FILTER_LIMIT = 4096;

const compiled = new Map<string, Parser[]>();
function parsers(name: string, rows: readonly (readonly (string | null)[])[]): Parser[] {
  let list = compiled.get(name);
  if (!list) {
    list = rows.map(([regex, flags, ...repl]) => {
      let filter: RegExp | null = null;
      try {
        filter = new RegExp(regex!, flags === 'i' ? 'i' : '');
      } catch {
        filter = null;
      }
      return { source: regex!, ignoreCase: flags === 'i', filter, repl };
    });
    compiled.set(name, list);
  }
  return list;
}

function re2(p: Parser): KqlRegex | null {
  if (p.re === undefined) {
    const r = compileRegexOrError(p.source, p.ignoreCase ? { ignoreCase: true } : undefined);
    p.re = typeof r === 'string' ? null : r;
  }
  return p.re;
}

/** A replacement with $1..$9 filled from the groups (a group that did not take part is empty), trimmed. */
function fill(repl: string, groups: (string | undefined)[]): string {
  return repl.replace(/\$(\d)/g, (_, d: string) => groups[Number(d)] ?? '').trim();
}

/** Field k of a match: its replacement (filled), else group `group` (none: ''). */
function field(p: Parser, groups: (string | undefined)[], k: number, group: number | null): string {
  const r = p.repl[k];
  if (r !== undefined && r !== null) return fill(r, groups);
  return group === null ? '' : (groups[group] ?? '').trim();
}

function firstMatch(list: Parser[], ua: string): { p: Parser; groups: (string | undefined)[] } | null {
  const filtered = ua.length <= FILTER_LIMIT;
  for (const p of list) {
    if (filtered && p.filter !== null && !p.filter.test(ua)) continue;
    const m = re2(p)?.exec(ua);
    if (m) return { p, groups: m.groups };
  }
  return null;
}

export function parseBrowser(ua: string): Record<string, string> {
  const m = firstMatch(parsers('ua', USER_AGENT_PARSERS), ua);
  if (!m) return { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '' };
  return {
    Family: field(m.p, m.groups, 0, 1) || 'Other',
    MajorVersion: field(m.p, m.groups, 1, 2),
    MinorVersion: field(m.p, m.groups, 2, 3),
    Patch: field(m.p, m.groups, 3, 4),
  };
}

export function parseOs(ua: string): Record<string, string> {
  const m = firstMatch(parsers('os', OS_PARSERS), ua);
  if (!m) return { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '', PatchMinor: '' };
  return {
    Family: field(m.p, m.groups, 0, 1) || 'Other',
    MajorVersion: field(m.p, m.groups, 1, 2),
    MinorVersion: field(m.p, m.groups, 2, 3),
    Patch: field(m.p, m.groups, 3, 4),
    PatchMinor: field(m.p, m.groups, 4, 5),
  };
}

export function parseDevice(ua: string): Record<string, string> {
  const m = firstMatch(parsers('device', DEVICE_PARSERS), ua);
  if (!m) return { Family: 'Other', Brand: '', Model: '' };
  return {
    Family: field(m.p, m.groups, 0, 1) || 'Other',
    Brand: field(m.p, m.groups, 1, null),
    Model: field(m.p, m.groups, 2, 1),
  };
}

export type UserAgentTarget = 'browser' | 'os' | 'device';
const KEYS: Record<UserAgentTarget, string> = { browser: 'Browser', os: 'OperatingSystem', device: 'Device' };
const PARSE: Record<UserAgentTarget, (ua: string) => Record<string, string>> = { browser: parseBrowser, os: parseOs, device: parseDevice };

/** The look-for argument ("browser", "os", "device", or an array of them) as targets; null when invalid. */
export function userAgentTargets(lookFor: unknown): UserAgentTarget[] | null {
  const list = Array.isArray(lookFor) ? lookFor : [lookFor];
  const out: UserAgentTarget[] = [];
  for (const x of list) {
    if (typeof x !== 'string') return null;
    const t = x.trim().toLowerCase();
    if (t !== 'browser' && t !== 'os' && t !== 'device') return null;
    if (!out.includes(t)) out.push(t);
  }
  return out.length ? out : null;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, Record<string, unknown>>();

/** parse_user_agent(ua, targets): { Browser?, OperatingSystem?, Device? } in that order. */
export function parseUserAgent(ua: string, targets: UserAgentTarget[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of (['browser', 'os', 'device'] as const)) {
    if (!targets.includes(t)) continue;
    const key = `${t}\u0000${ua}`;
    let v = cache.get(key);
    if (!v) {
      v = PARSE[t](ua);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, v);
    }
    out[KEYS[t]] = { ...v };
  }
  return out;
}
