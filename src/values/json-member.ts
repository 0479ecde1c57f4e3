// `parse_json(text).key` without building the object: one validating pass over the JSON text that
// remembers where the top-level member `key` is, then parses only that member's value. Hunting
// queries read one member of a JSON string per row (`parse_json(tostring(RawEventData.Data)).cid`);
// JSON.parse would build every member of every row, and the garbage costs more than the parse: the
// scavenges it caused took 110 ms per headline query at 1M rows and 259 ms at 2M (28 and 42 with this).
// A string member without escapes is a slice of the text (V8 may keep it as a view of the text, which
// the table holds anyway).
import { MAX_JSON_DEPTH } from './dynamic.js';

/**
 * Exactly `accessMember(parseJson(text), key)` for a string key:
 *  - text that is not a JSON object (blank, a scalar, an array, not JSON at all, nested deeper than
 *    MAX_JSON_DEPTH) → null, since parseJson gives null, a string or a non-object for it;
 *  - a valid JSON object → the value of its member `key` (the last one when the key repeats, as
 *    JSON.parse keeps the last), or null when it has none.
 * Validation follows JSON.parse (ECMA-404): whitespace is space, tab, CR, LF; strings hold no raw
 * control characters; escapes are \" \\ \/ \b \f \n \r \t \uXXXX; numbers are -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?.
 */
export function jsonTextMember(text: string, key: string): unknown {
  const len = text.length;
  let i = skipSpace(text, 0);
  if (i >= len || text.charCodeAt(i) !== 123 /* { */) return null;
  src = text;
  found = -1;
  foundEnd = -1;
  target = key;
  // text without backslashes or control characters (the usual case) lets strings be skipped by a
  // native indexOf of the closing quote instead of a character loop
  plainText = !SPECIAL.test(text);
  targetPlain = key.indexOf('\\') < 0;
  const end = scanObject(i, 1, true);
  if (end < 0 || skipSpace(text, end) !== len) return null;
  if (found < 0) return null;
  return valueAt(text, found, foundEnd);
}

// scanner state (module-level: no closure or object per call)
let src = '';
let target = '';
let targetPlain = true;
let plainText = false;
const SPECIAL = /[\u0000-\u001f\\]/;
let found = -1;
let foundEnd = -1;

function valueAt(text: string, start: number, end: number): unknown {
  const c = text.charCodeAt(start);
  if (c === 34 /* " */) {
    // a string without escapes is its characters; otherwise let JSON.parse decode it
    const inner = text.slice(start + 1, end - 1);
    return inner.indexOf('\\') < 0 ? inner : (JSON.parse(text.slice(start, end)) as unknown);
  }
  if (c === 116) return true;
  if (c === 102) return false;
  if (c === 110) return null;
  return JSON.parse(text.slice(start, end)) as unknown;
}

function skipSpace(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** Scans a value starting at i (no leading space); returns the index after it, or -1 if invalid. */
function scanValue(i: number, depth: number): number {
  const t = src;
  const c = t.charCodeAt(i);
  switch (c) {
    case 34:
      return scanString(i);
    case 123:
      return depth >= MAX_JSON_DEPTH ? -1 : scanObject(i, depth + 1, false);
    case 91:
      return depth >= MAX_JSON_DEPTH ? -1 : scanArray(i, depth + 1);
    case 116: // true
      return t.charCodeAt(i + 1) === 114 && t.charCodeAt(i + 2) === 117 && t.charCodeAt(i + 3) === 101 ? i + 4 : -1;
    case 102: // false
      return t.charCodeAt(i + 1) === 97 && t.charCodeAt(i + 2) === 108 && t.charCodeAt(i + 3) === 115 && t.charCodeAt(i + 4) === 101 ? i + 5 : -1;
    case 110: // null
      return t.charCodeAt(i + 1) === 117 && t.charCodeAt(i + 2) === 108 && t.charCodeAt(i + 3) === 108 ? i + 4 : -1;
    default:
      return c === 45 || (c >= 48 && c <= 57) ? scanNumber(i) : -1;
  }
}

/** whether the string scanString last read had an escape */
let lastEscaped = false;

function scanString(i: number): number {
  const t = src;
  lastEscaped = false;
  if (plainText) {
    const q = t.indexOf('"', i + 1);
    return q < 0 ? -1 : q + 1;
  }
  const len = t.length;
  for (let j = i + 1; j < len; j++) {
    const c = t.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c < 32) return -1;
    if (c === 92) {
      lastEscaped = true;
      const e = t.charCodeAt(++j);
      if (e === 117 /* u */) {
        for (let h = 1; h <= 4; h++) {
          const x = t.charCodeAt(j + h);
          if (!((x >= 48 && x <= 57) || (x >= 65 && x <= 70) || (x >= 97 && x <= 102))) return -1;
        }
        j += 4;
      } else if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) return -1;
    }
  }
  return -1;
}

function scanDigits(i: number): number {
  const t = src;
  let j = i;
  for (;;) {
    const c = t.charCodeAt(j);
    if (c >= 48 && c <= 57) j++;
    else return j;
  }
}

function scanNumber(i: number): number {
  const t = src;
  let j = i;
  if (t.charCodeAt(j) === 45) j++;
  const c = t.charCodeAt(j);
  if (c === 48) j++;
  else if (c >= 49 && c <= 57) j = scanDigits(j + 1);
  else return -1;
  if (t.charCodeAt(j) === 46 /* . */) {
    const k = scanDigits(j + 1);
    if (k === j + 1) return -1;
    j = k;
  }
  const e = t.charCodeAt(j);
  if (e === 101 || e === 69) {
    j++;
    const s = t.charCodeAt(j);
    if (s === 43 || s === 45) j++;
    const k = scanDigits(j);
    if (k === j) return -1;
    j = k;
  }
  return j;
}

function scanArray(i: number, depth: number): number {
  const t = src;
  let j = skipSpace(t, i + 1);
  if (t.charCodeAt(j) === 93 /* ] */) return j + 1;
  for (;;) {
    j = scanValue(j, depth);
    if (j < 0) return -1;
    j = skipSpace(t, j);
    const c = t.charCodeAt(j);
    if (c === 93) return j + 1;
    if (c !== 44 /* , */) return -1;
    j = skipSpace(t, j + 1);
  }
}

/** An object at i; at the top level (`top`), notes where the value of member `target` is. */
function scanObject(i: number, depth: number, top: boolean): number {
  const t = src;
  let j = skipSpace(t, i + 1);
  if (t.charCodeAt(j) === 125 /* } */) return j + 1;
  for (;;) {
    if (t.charCodeAt(j) !== 34) return -1;
    const keyStart = j;
    j = scanString(j);
    if (j < 0) return -1;
    const keyEnd = j;
    const keyEscaped = lastEscaped;
    j = skipSpace(t, j);
    if (t.charCodeAt(j) !== 58 /* : */) return -1;
    j = skipSpace(t, j + 1);
    const valueStart = j;
    j = scanValue(j, depth);
    if (j < 0) return -1;
    if (top && keyMatches(keyStart, keyEnd, keyEscaped)) {
      found = valueStart;
      foundEnd = j;
    }
    j = skipSpace(t, j);
    const c = t.charCodeAt(j);
    if (c === 125) return j + 1;
    if (c !== 44) return -1;
    j = skipSpace(t, j + 1);
  }
}

/** Whether the JSON string at [start, end) (quotes included) spells `target`. */
function keyMatches(start: number, end: number, escaped: boolean): boolean {
  // an escaped spelling ("c\u0069d") is compared decoded; a plain one by its characters
  if (escaped) return (JSON.parse(src.slice(start, end)) as string) === target;
  return targetPlain && end - start - 2 === target.length && src.startsWith(target, start + 1);
}
