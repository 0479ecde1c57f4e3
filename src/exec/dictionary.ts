// Dictionary-encoded strings: a loaded table's string column chunk with few distinct values also keeps
// each row's value as a small code into a list of its distinct values, so grouping, distinct counting and
// (later) predicates work on integers and on each distinct value once instead of on every row's string.

/**
 * The dictionary of a string vector: `values` are the distinct strings in first-seen order and `codes[i]`
 * is row i's index in them, so `data[i] === values[codes[i]]` for every physical row i. The vector keeps
 * `data` as well: every kernel can ignore the dictionary; the ones that know it take the shortcut.
 * Only vectors of a loaded table carry one (their rows never change after load).
 */
export interface StringDict {
  codes: Uint8Array | Uint16Array;
  values: string[];
}

/** Chunks are at most 2^16 rows (BATCH_SIZE), so a code always fits in 16 bits. */
const MAX_ROWS = 1 << 16;
/** An open-addressing table of codes, reused by every encode (cleared per call). */
const SLOTS = 1 << 15;
const table = new Int32Array(SLOTS).fill(-1);
const scratch = new Uint16Array(MAX_ROWS);
/** After this many rows a chunk with more distinct values than EARLY_DISTINCT is not encoded. */
const EARLY_ROWS = 4096;
const EARLY_DISTINCT = 2048;
/** Probes before a chunk's encoding is given up (strings that defeat the cheap hash below). */
const MAX_PROBES = 48;

/**
 * A cheap hash of the length and six characters — the first two, the ones a quarter and half way in, and
 * the last and third-to-last — so values that differ in a trailing number ("user-17", "10.0.3.52") or
 * near their start ("ana.silva@contoso.com") spread. Values that differ only
 * elsewhere collide, cost probes, and past MAX_PROBES give the dictionary up (never a wrong code).
 */
function hashOf(x: string): number {
  const len = x.length;
  let h = Math.imul(len, 0x9e3779b1);
  if (len > 0) {
    h ^= Math.imul(x.charCodeAt(0), 0x85ebca6b) ^ Math.imul(x.charCodeAt(len >> 1), 0xc2b2ae35) ^ Math.imul(x.charCodeAt(len - 1), 0x27d4eb2f);
    if (len > 3) {
      h ^= Math.imul(x.charCodeAt(1), 0x165667b1) ^ Math.imul(x.charCodeAt(len >> 2), 0x01000193) ^ Math.imul(x.charCodeAt(len - 3), 0x9e3779b1);
    }
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

export interface EncodeOptions {
  /** allocates the codes array (a loaded table's arrays live in SharedArrayBuffers, database.ts) */
  u8?: (n: number) => Uint8Array;
  u16?: (n: number) => Uint16Array;
}

/**
 * The dictionary of data[0..n), or null when it is not worth keeping: more distinct values than an
 * eighth of the rows (checked early: after 1,024 rows all distinct, after 4,096 more than half, after
 * 16,384 more than a quarter),
 * or more than 2^16 rows.
 *
 * Hashing is cheap on purpose (hashOf) because V8 gives JS no access to a
 * string's own cached hash; equal strings are then confirmed with `===`. Many different strings sharing
 * a hash cost probes, so a lookup longer than MAX_PROBES gives the dictionary up: hostile data can make
 * the load no slower than a few dozen comparisons per cell.
 */
export function encodeStrings(data: string[], n: number, opts: EncodeOptions = {}): StringDict | null {
  if (n < 2 || n > MAX_ROWS) return null;
  // one value throughout (a tenant id, a source name): all codes 0, found without hashing
  const first = data[0]!;
  let run = 1;
  while (run < n && data[run] === first) run++;
  if (run === n) return { codes: opts.u8 ? opts.u8(n) : new Uint8Array(n), values: [first] };
  const limit = Math.max(n >> 3, 16);
  const values: string[] = [];
  const codes = scratch;
  const mask = SLOTS - 1;
  table.fill(-1);
  let size = 0;
  let last = data[0]!;
  let lastCode = -1;
  let ok = true;
  for (let i = 0; i < n; i++) {
    if ((i === EARLY_ROWS && size > EARLY_DISTINCT) || (i === 1024 && size === 1024) || (i === 16384 && size > 4096)) {
      ok = false;
      break;
    }
    const x = data[i]!;
    if (x === last && lastCode >= 0) {
      codes[i] = lastCode;
      continue;
    }
    const h = hashOf(x);
    let slot = h & mask;
    let c = -1;
    for (let p = 0; ; p++) {
      const t = table[slot]!;
      if (t < 0) break;
      if (values[t] === x) {
        c = t;
        break;
      }
      if (p === MAX_PROBES) {
        ok = false;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (!ok) break;
    if (c < 0) {
      if (size >= limit) {
        ok = false;
        break;
      }
      c = size++;
      values.push(x);
      table[slot] = c;
    }
    codes[i] = lastCode = c;
    last = x;
  }
  if (!ok) return null;
  if (size <= 256) {
    const out = opts.u8 ? opts.u8(n) : new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = codes[i]!;
    return { codes: out, values };
  }
  const out = opts.u16 ? opts.u16(n) : new Uint16Array(n);
  out.set(codes.subarray(0, n));
  return { codes: out, values };
}

/**
 * Small integer ids for strings, in first-seen order: an open-addressing table on hashOf, about twice as
 * fast per lookup as a Map (whose hash V8 computes over the whole string once per string object, but
 * whose lookup goes through a general hash table). Strings that defeat hashOf (long probe chains) turn
 * the table into a Map for the rest of its life, so the ids stay right and the cost stays bounded.
 */
export class StringIds {
  readonly values: string[] = [];
  private slots = new Int32Array(1024).fill(-1);
  private map: Map<string, number> | null = null;

  get size(): number {
    return this.values.length;
  }

  /** the id of x, a new one when x was not seen */
  id(x: string): number {
    if (this.map !== null) return this.mapId(x);
    const slots = this.slots;
    const mask = slots.length - 1;
    const values = this.values;
    let s = hashOf(x) & mask;
    for (let p = 0; p < MAX_PROBES; p++) {
      const t = slots[s]!;
      if (t < 0) {
        const id = values.length;
        values.push(x);
        slots[s] = id;
        if (values.length * 2 > slots.length) this.grow();
        return id;
      }
      if (values[t] === x) return t;
      s = (s + 1) & mask;
    }
    this.map = new Map(values.map((v, j) => [v, j]));
    return this.mapId(x);
  }

  private mapId(x: string): number {
    const m = this.map!;
    let id = m.get(x);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(x);
      m.set(x, id);
    }
    return id;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    const values = this.values;
    for (let j = 0; j < values.length; j++) {
      let s = hashOf(values[j]!) & mask;
      let p = 0;
      while (slots[s]! >= 0) {
        s = (s + 1) & mask;
        if (++p > MAX_PROBES) {
          this.map = new Map(values.map((v, k) => [v, k]));
          return;
        }
      }
      slots[s] = j;
    }
    this.slots = slots;
  }
}

/**
 * Decoded string arrays of dictionary vectors, held until the end of the current query (see
 * releaseDecoded): a table keeps only the codes of a dictionary-encoded chunk, and a kernel that reads
 * `data` gets the strings decoded once per query instead of the table holding them for good.
 */
const decodedVectors: DictStrings[] = [];

/**
 * A loaded table's string column chunk kept as its dictionary only. It is a string Vector like any other:
 * `data` decodes the codes into strings when first read (and keeps them until releaseDecoded), so kernels
 * that know the dictionary never materialise the strings, and the others see what they always saw. A
 * table's vectors are never written to, so `data` has no setter.
 */
export class DictStrings {
  readonly type = 'string' as const;
  readonly nulls = null;
  private decoded: string[] | null = null;
  constructor(
    readonly length: number,
    readonly dict: StringDict,
  ) {}

  get data(): string[] {
    const d = this.decoded;
    if (d !== null) return d;
    return this.decode();
  }

  private decode(): string[] {
    const n = this.length;
    const { codes, values } = this.dict;
    const d = new Array<string>(n);
    for (let i = 0; i < n; i++) d[i] = values[codes[i]!]!;
    this.decoded = d;
    decodedVectors.push(this);
    return d;
  }

  /** drops the decoded strings (the next read decodes again) */
  release(): void {
    this.decoded = null;
  }
}

/** Ends the current query's hold on decoded dictionary vectors (Database calls it after each query). */
export function releaseDecoded(): void {
  for (const v of decodedVectors) v.release();
  decodedVectors.length = 0;
}
