// Kusto's regular expressions are RE2 (re2-library.md). Every regex the engine runs on query text goes
// through this module: `matches regex`, extract, extract_all, replace_regex, indexof_regex, countof
// (kind=regex), trim*, parse kind=regex. It uses re2js, a pure-JS port of RE2/Go regexp: RE2 syntax
// (`(?i)` flags, `\z`, `\Q…\E`, `[[:alpha:]]`, `(?P<name>…)`), RE2's refusals (lookaround,
// backreferences, repeat counts above 1000 are syntax errors) and linear-time matching, so a hostile
// pattern such as `(a+)+$` cannot hang a query.
//
// Internal JS RegExps that only ever see escaped literals or fixed engine patterns (has/has_any term
// matching in functions/scalar/operators.ts, wildcard column names in semantic/naming.ts, datetime
// parsing in values/datetime.ts) stay as they are: no query-supplied pattern reaches them.
import { RE2JS } from 're2js';

export interface RegexMatch {
  /** start (UTF-16 index) of the whole match */
  index: number;
  /** end (exclusive) of the whole match */
  end: number;
  /** groups[0] is the whole match; a group that did not take part is undefined */
  groups: (string | undefined)[];
}

export interface KqlRegex {
  readonly source: string;
  /** number of capture groups (not counting group 0) */
  readonly groupCount: number;
  /** named groups → their number */
  readonly groupNames: Readonly<Record<string, number>>;
  /** does the pattern match anywhere in s? */
  test(s: string): boolean;
  /** does the pattern match all of s? */
  testExact(s: string): boolean;
  /** the first match starting at or after `from` (`^` and `\A` still mean the start of s) */
  exec(s: string, from?: number): RegexMatch | null;
  /** successive non-overlapping matches, RE2/Go rules: an empty match right after a match is skipped */
  matchAll(s: string): RegexMatch[];
  /** RE2::GlobalReplace: every match replaced by `rewrite`, where \0…\9 name groups and \\ is a backslash */
  replaceAll(s: string, rewrite: string): string;
}

export interface RegexFlags {
  /** i: case-insensitive */
  ignoreCase?: boolean;
  /** s: `.` matches newline */
  dotAll?: boolean;
  /** m: `^`/`$` at line ends */
  multiline?: boolean;
}

class Re2Regex implements KqlRegex {
  readonly groupCount: number;
  readonly groupNames: Readonly<Record<string, number>>;
  constructor(readonly source: string, private readonly re: RE2JS) {
    this.groupCount = re.groupCount();
    this.groupNames = { ...re.namedGroups() };
  }

  test(s: string): boolean {
    return this.re.test(s);
  }

  testExact(s: string): boolean {
    return this.re.testExact(s);
  }

  exec(s: string, from = 0): RegexMatch | null {
    if (from > s.length) return null;
    const m = this.re.matcher(s);
    if (!m.find(from)) return null;
    return this.toMatch(m);
  }

  private toMatch(m: ReturnType<RE2JS['matcher']>): RegexMatch {
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= this.groupCount; g++) {
      const v = m.group(g);
      groups.push(v === null ? undefined : v);
    }
    return { index: m.start(), end: m.end(), groups };
  }

  matchAll(s: string): RegexMatch[] {
    const out: RegexMatch[] = [];
    const m = this.re.matcher(s);
    let pos = 0;
    let lastEnd = -1;
    while (pos <= s.length && m.find(pos)) {
      const st = m.start();
      const en = m.end();
      if (st === en && st === lastEnd) {
        // an empty match where the previous match ended does not count (RE2, Go)
        if (st >= s.length) break;
        pos = st + charWidth(s, st);
        continue;
      }
      out.push(this.toMatch(m));
      lastEnd = en;
      pos = en === st ? (en >= s.length ? en + 1 : en + charWidth(s, en)) : en;
    }
    return out;
  }

  replaceAll(s: string, rewrite: string): string {
    const matches = this.matchAll(s);
    if (matches.length === 0) return s;
    let out = '';
    let last = 0;
    for (const m of matches) {
      out += s.slice(last, m.index) + applyRewrite(rewrite, m.groups);
      last = m.end;
    }
    return out + s.slice(last);
  }
}

function charWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/** RE2 rewrite strings: `\N` (N a digit) is group N (empty when it did not take part), `\\` a backslash. */
function applyRewrite(rewrite: string, groups: (string | undefined)[]): string {
  if (!rewrite.includes('\\')) return rewrite;
  let out = '';
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i]!;
    if (c === '\\' && i + 1 < rewrite.length) {
      const d = rewrite[i + 1]!;
      if (d >= '0' && d <= '9') {
        out += groups[d.charCodeAt(0) - 48] ?? '';
        i++;
        continue;
      }
      if (d === '\\') {
        out += '\\';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const CACHE = new Map<string, KqlRegex | string>();
const CACHE_LIMIT = 2000;

function flagPrefix(flags: RegexFlags | undefined): string {
  if (!flags) return '';
  const f = (flags.ignoreCase ? 'i' : '') + (flags.dotAll ? 's' : '') + (flags.multiline ? 'm' : '');
  return f === '' ? '' : `(?${f})`;
}

/** Compiles (or takes from the cache) an RE2 pattern: the regex, or the syntax error's message. */
export function compileRegexOrError(pattern: string, flags?: RegexFlags): KqlRegex | string {
  const key = flagPrefix(flags) + '\u0000' + pattern;
  const hit = CACHE.get(key);
  if (hit !== undefined) return hit;
  let res: KqlRegex | string;
  try {
    res = new Re2Regex(pattern, RE2JS.compile(flagPrefix(flags) + pattern));
  } catch (e) {
    res = e instanceof Error ? e.message : String(e);
  }
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(key, res);
  return res;
}

/** The compiled pattern, or null when it is not valid RE2. */
export function compileRegex(pattern: string, flags?: RegexFlags): KqlRegex | null {
  const r = compileRegexOrError(pattern, flags);
  return typeof r === 'string' ? null : r;
}

/** null when the pattern is valid RE2, else the reason it is not. */
export function regexSyntaxError(pattern: string): string | null {
  const r = compileRegexOrError(pattern);
  return typeof r === 'string' ? r : null;
}

/** Thrown by a function's implement() when a constant pattern (not flagged ParamDef.regex) is invalid. */
export class RegexSyntaxError extends Error {
  constructor(readonly pattern: string, readonly reason: string) {
    super(`invalid regular expression '${pattern}': ${reason}`);
  }
}

/** The compiled pattern, or a RegexSyntaxError thrown. */
export function mustCompileRegex(pattern: string, flags?: RegexFlags): KqlRegex {
  const r = compileRegexOrError(pattern, flags);
  if (typeof r === 'string') throw new RegexSyntaxError(pattern, r);
  return r;
}

/** regex_quote(): the text with every RE2 metacharacter escaped. */
export function quoteRegex(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
