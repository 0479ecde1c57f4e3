// Key/value extraction for the parse-kv operator (parse-kv-operator.md): the three modes (specified
// delimiters, no delimiters, regex), quoting and escaping, greedy values. Only the listed keys are
// kept, the first appearance of a key wins, and keys and values lose surrounding whitespace.
import type { KqlRegex } from './regex.js';

export interface KvOptions {
  pairDelimiter?: string;
  kvDelimiter?: string;
  /** [open, close] pairs */
  quotes: [string, string][];
  escapes: string[];
  greedy: boolean;
  regex?: KqlRegex;
}

/** The values of `keys` found in `text` (absent keys are missing from the map). */
export function extractKv(text: string, keys: ReadonlySet<string>, o: KvOptions): Map<string, string> {
  const found = new Map<string, string>();
  const put = (k: string, v: string) => {
    const key = unquote(k.trim(), o);
    if (keys.has(key) && !found.has(key)) found.set(key, unquote(v.trim(), o));
  };
  if (o.regex) {
    for (const m of o.regex.matchAll(text)) put(m.groups[1] ?? '', m.groups[2] ?? '');
    return found;
  }
  if (o.pairDelimiter !== undefined && o.kvDelimiter !== undefined) {
    const pairs = splitOutsideQuotes(text, o.pairDelimiter, o);
    let current: { key: string; value: string } | null = null;
    const flush = () => {
      if (current) put(current.key, current.value);
      current = null;
    };
    for (const p of pairs) {
      const at = indexOutsideQuotes(p, o.kvDelimiter, o);
      if (at >= 0) {
        flush();
        current = { key: p.slice(0, at), value: p.slice(at + o.kvDelimiter.length) };
      } else if (o.greedy && current) {
        // greedy: the value runs on to the next key (parse-kv-operator.md, "Extraction in greedy mode")
        (current as { key: string; value: string }).value += o.pairDelimiter + p;
      }
    }
    flush();
    return found;
  }
  // no delimiters: any non-alphanumeric character separates a key from its value
  for (const key of keys) {
    let from = 0;
    while (from <= text.length) {
      const at = text.indexOf(key, from);
      if (at < 0 || key === '') break;
      from = at + 1;
      const end = at + key.length;
      if ((at > 0 && isWordChar(text.charCodeAt(at - 1))) || (end < text.length && isWordChar(text.charCodeAt(end)))) continue;
      const value = valueAfter(text, end, o);
      if (value === null) continue;
      found.set(key, value.trim());
      break;
    }
  }
  return found;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** After a key (no-delimiter mode): skip delimiters, then a quoted value or a run of word characters. */
function valueAfter(text: string, i: number, o: KvOptions): string | null {
  let j = i;
  if (j >= text.length || isWordChar(text.charCodeAt(j))) return null;
  while (j < text.length && !isWordChar(text.charCodeAt(j))) {
    const q = o.quotes.find(([open]) => text.startsWith(open, j));
    if (q) {
      const close = findClose(text, j + q[0].length, q[1], o);
      if (close < 0) return null;
      return unescape(text.slice(j + q[0].length, close), o);
    }
    j++;
  }
  const start = j;
  while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
  return j > start ? text.slice(start, j) : null;
}

/** The index of the closing quote at or after i (skipping escaped characters), or -1. */
function findClose(text: string, i: number, close: string, o: KvOptions): number {
  for (let j = i; j < text.length; j++) {
    if (o.escapes.includes(text[j]!)) {
      j++;
      continue;
    }
    if (text.startsWith(close, j)) return j;
  }
  return -1;
}

/** Positions of `delim` in the text outside quoted spans (every one, or only the first). */
function delimitersOutsideQuotes(text: string, delim: string, o: KvOptions, firstOnly: boolean): number[] {
  const at: number[] = [];
  let i = 0;
  while (i < text.length) {
    const q = o.quotes.find(([open]) => text.startsWith(open, i));
    if (q) {
      const close = findClose(text, i + q[0].length, q[1], o);
      if (close >= 0) {
        i = close + q[1].length;
        continue;
      }
    }
    if (delim !== '' && text.startsWith(delim, i)) {
      at.push(i);
      if (firstOnly) break;
      i += delim.length;
      continue;
    }
    i++;
  }
  return at;
}

function splitOutsideQuotes(text: string, delim: string, o: KvOptions): string[] {
  const out: string[] = [];
  let start = 0;
  for (const i of delimitersOutsideQuotes(text, delim, o, false)) {
    out.push(text.slice(start, i));
    start = i + delim.length;
  }
  out.push(text.slice(start));
  return out;
}

function indexOutsideQuotes(text: string, delim: string, o: KvOptions): number {
  return delimitersOutsideQuotes(text, delim, o, true)[0] ?? -1;
}

function unescape(s: string, o: KvOptions): string {
  if (o.escapes.length === 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (o.escapes.includes(s[i]!) && i + 1 < s.length) {
      out += s[i + 1];
      i++;
    } else out += s[i];
  }
  return out;
}

function unquote(s: string, o: KvOptions): string {
  for (const [open, close] of o.quotes) {
    if (s.length >= open.length + close.length && s.startsWith(open) && s.endsWith(close)) {
      return unescape(s.slice(open.length, s.length - close.length), o);
    }
  }
  return s;
}
