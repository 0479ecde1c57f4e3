// The few KQL scalar semantics the JavaScript peers need, written independently of the engine
// (a peer that borrowed the engine's code could not catch the engine's mistakes).

/** `d.key` on a dynamic value: only objects have members; a missing member is null. */
export function member(d: unknown, key: string): unknown {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return null;
  const v = Object.prototype.hasOwnProperty.call(d, key) ? (d as Record<string, unknown>)[key] : undefined;
  return v === undefined ? null : v;
}

/** `tostring(dynamic)`: null → "", a string as it is, anything else its compact JSON text. */
export function tostringDynamic(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * `parse_json(text)`: blank → null; text that is not JSON → the text itself (a dynamic string);
 * otherwise the parsed value.
 */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * `parse_json(tostring(raw.Data)).cid` without building anything for the texts that cannot hold a
 * member: only JSON object text (first non-blank character `{`) can; everything else gives null.
 */
export function cidOfRaw(raw: unknown): unknown {
  const text = tostringDynamic(member(raw, 'Data'));
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) i++;
  if (text.charCodeAt(i) !== 123 /* { */) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return null;
  }
  return member(parsed, 'cid');
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `todatetime(x)` for the ISO 8601 forms the data holds, in epoch milliseconds: no zone means UTC;
 * digits below the millisecond are dropped; anything else (or a non-string) is null.
 */
export function todatetimeMs(x: unknown): number | null {
  if (x instanceof Date) return x.getTime();
  if (typeof x !== 'string') return null;
  const m = ISO_LOCAL.exec(x);
  if (!m) return null;
  const frac = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  let ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), frac);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return Number.isNaN(ms) ? null : ms;
}

const isTermChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * `hay has needle` for a needle of term characters: the needle occurs case-insensitively with no ASCII
 * letter or digit right before or right after it (Kusto's terms are maximal runs of ASCII alphanumerics).
 */
export function termRegex(needles: readonly string[]): RegExp {
  for (const n of needles) {
    for (let i = 0; i < n.length; i++) {
      if (!isTermChar(n.charCodeAt(i))) throw new Error(`termRegex: '${n}' is not one term`);
    }
  }
  return new RegExp(`(?<![A-Za-z0-9])(?:${needles.join('|')})(?![A-Za-z0-9])`, 'i');
}

/** The same test without a regular expression (the naive peer's form). */
export function hasTerm(hay: string, needle: string): boolean {
  const h = hay.toLowerCase();
  const nd = needle.toLowerCase();
  for (let at = h.indexOf(nd); at >= 0; at = h.indexOf(nd, at + 1)) {
    const end = at + nd.length;
    if ((at === 0 || !isTermChar(h.charCodeAt(at - 1))) && (end === h.length || !isTermChar(h.charCodeAt(end)))) return true;
  }
  return false;
}

/** What `mv-expand` makes of one value: an array's elements, a bag's single-key bags, null as one null, a scalar as itself. */
export function expandValues(v: unknown): unknown[] {
  if (v === null || v === undefined) return [null];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => ({ [k]: x }));
  return [v];
}

/** `bin(t, 1h)` in epoch milliseconds (floors from the Unix epoch). */
export const binHour = (ms: number) => Math.floor(ms / 3_600_000) * 3_600_000;
