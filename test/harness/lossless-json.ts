// Parses JSON text into a tree that keeps each number's source text (for last-place tolerance).

export type JsonNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Map<string, JsonNode> };

/** Strict JSON (RFC 8259) plus nothing else; returns undefined when the text is not JSON. */
export function parseLosslessJson(text: string): JsonNode | undefined {
  const parser = new Parser(text);
  try {
    parser.skipSpace();
    const node = parser.value();
    parser.skipSpace();
    return parser.atEnd() ? node : undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return undefined;
    throw e;
  }
}

/** Converts a plain JS value (as `toJSON()` produces it) to the same tree; numbers get their shortest text. */
export function fromJsValue(value: unknown): JsonNode {
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') return { kind: 'number', value, text: String(value) };
  if (typeof value === 'bigint') return { kind: 'number', value: Number(value), text: value.toString() };
  if (typeof value === 'string') return { kind: 'string', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(fromJsValue) };
  if (value instanceof Date) return { kind: 'string', value: value.toISOString() };
  if (typeof value === 'object') {
    const entries = new Map<string, JsonNode>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) entries.set(k, fromJsValue(v));
    return { kind: 'object', entries };
  }
  return { kind: 'string', value: String(value) };
}

/** Canonical text of a tree: object keys sorted, numbers by value; used for sort keys and messages. */
export function canonicalJson(node: JsonNode): string {
  switch (node.kind) {
    case 'null': return 'null';
    case 'bool': return String(node.value);
    case 'number': return Number.isFinite(node.value) ? String(node.value) : JSON.stringify(String(node.value));
    case 'string': return JSON.stringify(node.value);
    case 'array': return `[${node.items.map(canonicalJson).join(',')}]`;
    case 'object':
      return `{${[...node.entries.keys()].sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(node.entries.get(k)!)}`).join(',')}}`;
  }
}

class JsonSyntaxError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  private fail(): never {
    throw new JsonSyntaxError(`invalid JSON at ${this.pos}`);
  }

  private expectWord(word: string): void {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
  }

  value(): JsonNode {
    const c = this.text[this.pos];
    switch (c) {
      case '{': return this.object();
      case '[': return this.array();
      case '"': return { kind: 'string', value: this.string() };
      case 't': this.expectWord('true'); return { kind: 'bool', value: true };
      case 'f': this.expectWord('false'); return { kind: 'bool', value: false };
      case 'n': this.expectWord('null'); return { kind: 'null' };
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail();
    }
  }

  private object(): JsonNode {
    const entries = new Map<string, JsonNode>();
    this.pos++; // {
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail();
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail();
      this.pos++;
      this.skipSpace();
      entries.set(key, this.value());
      this.skipSpace();
      const sep = this.text[this.pos++];
      if (sep === '}') return { kind: 'object', entries };
      if (sep !== ',') this.fail();
    }
  }

  private array(): JsonNode {
    const items: JsonNode[] = [];
    this.pos++; // [
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const sep = this.text[this.pos++];
      if (sep === ']') return { kind: 'array', items };
      if (sep !== ',') this.fail();
    }
  }

  private string(): string {
    // Opening quote at this.pos; JSON.parse decodes the escapes once the extent is known.
    const start = this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') {
        this.pos += 2;
      } else if (c === '"') {
        this.pos++;
        try {
          return JSON.parse(this.text.slice(start, this.pos)) as string;
        } catch {
          return this.fail();
        }
      } else if (c !== undefined && c.charCodeAt(0) < 0x20) {
        return this.fail();
      } else {
        this.pos++;
      }
    }
    return this.fail();
  }

  private number(): JsonNode {
    const rest = this.text.slice(this.pos);
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(rest);
    if (!m) return this.fail();
    this.pos += m[0].length;
    return { kind: 'number', value: Number(m[0]), text: m[0] };
  }
}
