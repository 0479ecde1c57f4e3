// parse_xml (parse-xml-function.md): XML text → a dynamic value, by the documented mapping.
//
//   <e/>                           { "e": null }
//   <e>text</e>                    { "e": "text" }
//   <e name="value" />             { "e": { "@name": "value" } }
//   <e name="value">text</e>       { "e": { "@name": "value", "#text": "text" } }
//   <e> <a>text</a> <b>text</b> </e>  { "e": { "a": "text", "b": "text" } }
//   <e> <a>text</a> <a>text</a> </e>  { "e": { "a": ["text", "text"] } }
//   <e> text <a>text</a> </e>      { "e": { "#text": "text", "a": "text" } }
//
// Only elements, attributes and text (CDATA included) are translated; the XML declaration,
// processing instructions, comments and the DOCTYPE are skipped. Members keep the order they appear
// in; same-named children gather into an array at the first one's place; several text runs of one
// element give an array under "#text". Text is trimmed and whitespace-only text is dropped.
// Malformed XML (unbalanced or mismatched tags, several roots, a repeated attribute, an unknown
// entity, text outside the root), input over 1 MB and nesting deeper than MAX_JSON_DEPTH give null.
// The parser is a single left-to-right scan with an explicit stack: linear time, no recursion.
import { MAX_JSON_DEPTH, type JsonObject } from './dynamic.js';

/** parse-xml-function.md: "Maximal input string length for parse_xml is 1 MB" — longer gives null. */
export const MAX_XML_LENGTH = 1_048_576;

interface Open {
  name: string;
  members: JsonObject;
  /** text runs not yet placed (while the element has no attribute or child) */
  texts: string[];
  hasMembers: boolean;
  /** members that hold an array of repeated children (or text runs) */
  gathered: Set<string>;
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes character and predefined entity references; null when one is not well-formed. */
function decode(text: string): string | null {
  if (!text.includes('&')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const amp = text.indexOf('&', i);
    if (amp < 0) { out += text.slice(i); break; }
    out += text.slice(i, amp);
    const semi = text.indexOf(';', amp);
    if (semi < 0) return null;
    const ref = text.slice(amp + 1, semi);
    if (ref.startsWith('#x') || ref.startsWith('#X')) {
      if (!/^[0-9a-fA-F]{1,6}$/.test(ref.slice(2))) return null;
      const cp = parseInt(ref.slice(2), 16);
      if (cp > 0x10ffff) return null;
      out += String.fromCodePoint(cp);
    } else if (ref.startsWith('#')) {
      if (!/^[0-9]{1,7}$/.test(ref.slice(1))) return null;
      const cp = parseInt(ref.slice(1), 10);
      if (cp > 0x10ffff) return null;
      out += String.fromCodePoint(cp);
    } else {
      const e = ENTITIES[ref];
      if (e === undefined) return null;
      out += e;
    }
    i = semi + 1;
  }
  return out;
}

function put(o: Open, key: string, value: unknown): void {
  o.hasMembers = true;
  if (!Object.prototype.hasOwnProperty.call(o.members, key)) o.members[key] = value;
  else if (o.gathered.has(key)) (o.members[key] as unknown[]).push(value);
  else {
    o.members[key] = [o.members[key], value];
    o.gathered.add(key);
  }
}

/** An attribute or child: text runs seen before it become "#text" members first (order of appearance). */
function addMember(o: Open, key: string, value: unknown): void {
  if (o.texts.length) {
    const texts = o.texts;
    o.texts = [];
    for (const t of texts) put(o, '#text', t);
  }
  put(o, key, value);
}

/** The value of a closed element (see the table at the top of this file). */
function close(o: Open): unknown {
  if (o.hasMembers) return o.members;
  if (o.texts.length === 0) return null;
  return o.texts.length === 1 ? o.texts[0] : o.texts.slice();
}

/** parse_xml: the dynamic value of XML text, or null when it is not well-formed (see above). */
export function parseXml(text: string): unknown {
  if (text.length > MAX_XML_LENGTH) return null;
  const stack: Open[] = [];
  let root: unknown;
  let rootSeen = false;
  let i = 0;
  const n = text.length;
  const pendingText = (o: Open, raw: string, cdata: boolean): boolean => {
    const t = cdata ? raw : decode(raw);
    if (t === null) return false;
    const trimmed = t.trim();
    if (trimmed === '') return true;
    // once the element has an attribute or child, a text run is a "#text" member in order of appearance
    if (o.hasMembers) put(o, '#text', trimmed);
    else o.texts.push(trimmed);
    return true;
  };
  while (i < n) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.length) {
      const top = stack[stack.length - 1];
      if (!top) {
        if (chunk.trim() !== '') return null; // text outside the root
      } else {
        if (!pendingText(top, chunk, false)) return null;
      }
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      const top = stack[stack.length - 1];
      if (end < 0 || !top) return null;
      if (!pendingText(top, text.slice(i + 9, end), true)) return null;
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (text.startsWith('<!', i)) {
      // <!DOCTYPE ...> with an optional [internal subset]: skipped (its entities are not expanded)
      if (stack.length || rootSeen) return null;
      const bracket = text.indexOf('[', i);
      const gt = text.indexOf('>', i);
      if (gt < 0) return null;
      if (bracket >= 0 && bracket < gt) {
        const endSubset = text.indexOf(']', bracket);
        if (endSubset < 0) return null;
        const end = text.indexOf('>', endSubset);
        if (end < 0) return null;
        i = end + 1;
      } else i = gt + 1;
    } else if (text.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      if (!m) return null;
      SPACE.lastIndex = NAME.lastIndex;
      SPACE.exec(text);
      if (text[SPACE.lastIndex] !== '>') return null;
      const top = stack.pop();
      if (!top || top.name !== m[0]) return null;
      const value = close(top);
      i = SPACE.lastIndex + 1;
      const parent = stack[stack.length - 1];
      if (parent) addMember(parent, top.name, value);
      else {
        root = { [top.name]: value };
        rootSeen = true;
      }
    } else {
      // start tag
      if (!stack.length && rootSeen) return null; // a second root
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (!m) return null;
      const el: Open = { name: m[0], members: {}, texts: [], hasMembers: false, gathered: new Set() };
      let j = NAME.lastIndex;
      const seen = new Set<string>();
      let selfClosing = false;
      for (;;) {
        SPACE.lastIndex = j;
        SPACE.exec(text);
        const hadSpace = SPACE.lastIndex > j;
        j = SPACE.lastIndex;
        if (text[j] === '>') { j++; break; }
        if (text.startsWith('/>', j)) { j += 2; selfClosing = true; break; }
        if (!hadSpace) return null;
        NAME.lastIndex = j;
        const a = NAME.exec(text);
        if (!a) return null;
        j = NAME.lastIndex;
        SPACE.lastIndex = j;
        SPACE.exec(text);
        j = SPACE.lastIndex;
        if (text[j] !== '=') return null;
        SPACE.lastIndex = j + 1;
        SPACE.exec(text);
        j = SPACE.lastIndex;
        const q = text[j];
        if (q !== '"' && q !== "'") return null;
        const end = text.indexOf(q, j + 1);
        if (end < 0) return null;
        const raw = text.slice(j + 1, end);
        if (raw.includes('<')) return null;
        const v = decode(raw);
        if (v === null || seen.has(a[0])) return null;
        seen.add(a[0]);
        addMember(el, `@${a[0]}`, v);
        j = end + 1;
      }
      i = j;
      const parent = stack[stack.length - 1];
      if (selfClosing) {
        const value = close(el);
        if (parent) addMember(parent, el.name, value);
        else {
          root = { [el.name]: value };
          rootSeen = true;
        }
      } else {
        if (stack.length >= MAX_JSON_DEPTH - 1) return null;
        stack.push(el);
      }
    }
  }
  if (stack.length || !rootSeen) return null;
  return root;
}
