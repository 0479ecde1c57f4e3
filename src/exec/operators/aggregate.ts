// summarize: hash aggregation into groups, one accumulator per aggregate.
import type { AggregateNode } from '../../plan/nodes.js';
import type { Accumulator } from '../../functions/define.js';
import { rowCount, type Batch } from '../batch.js';
import { allocVector, gather, getScalar, setScalar, type Vector } from '../vector.js';
import { run, RowLimitExceeded, type ExecContext, evalColumn } from '../pipeline.js';
import { keyReader } from './keys.js';
import { StringIds, type StringDict } from '../dictionary.js';

/**
 * Dense codes for one group-key column: each distinct value gets the next integer, in first-seen
 * order, kept across batches. Strings, numbers and whole-millisecond datetimes are coded by a
 * type-specialised loop (one Map lookup per row, no per-row closure); other types go through their
 * hashable key (keys.ts). Null is a value of its own.
 */
class KeyCoder {
  private readonly map = new Map<string | number, number>();
  private numbers: NumberCodes | null = null;
  /** a string column's values (its codes are their ids) */
  private strings: StringIds | null = null;
  /** numbers first go through a direct table (DirectCodes), until they do not fit it */
  private direct: DirectCodes | null = new DirectCodes();
  nullCode = -1;
  size = 0;

  /** the dictionary's values → this coder's codes (-1: not looked up yet), reused across batches */
  private trans = new Int32Array(256);

  /** `code` for a string vector with a dictionary (dictionary.ts). */
  private codeDict(dict: StringDict, sel: Int32Array | null, count: number, out: Int32Array): void {
    const nv = dict.values.length;
    if (this.trans.length < nv) this.trans = new Int32Array(Math.max(nv, this.trans.length * 2));
    const trans = this.trans;
    trans.fill(-1, 0, nv);
    const ids = (this.strings ??= new StringIds());
    codeDictRows(dict.codes, trans, dict.values, ids, sel, count, out);
    this.size = ids.size;
  }

  /** The codes of all of a dictionary's values (index: the value's code in the chunk). */
  dictCodes(dict: StringDict): Int32Array {
    const values = dict.values;
    const nv = values.length;
    if (this.trans.length < nv) this.trans = new Int32Array(Math.max(nv, this.trans.length * 2));
    const trans = this.trans;
    const ids = (this.strings ??= new StringIds());
    for (let d = 0; d < nv; d++) trans[d] = ids.id(values[d]!);
    this.size = ids.size;
    return trans;
  }

  /** Writes the code of every selected row of `v` into `out` (indexed by physical row). */
  code(v: Vector, sel: Int32Array | null, count: number, out: Int32Array): void {
    const m = this.map;
    if (v.type === 'string') {
      if (v.dict) {
        this.codeDict(v.dict, sel, count, out);
        return;
      }
      const data = v.data;
      const ids = (this.strings ??= new StringIds());
      // rows often repeat the previous row's value (logs in time order): skip the lookup then
      let last: string | undefined;
      let lastCode = -1;
      for (let k = 0; k < count; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = data[i]!;
        if (x === last) {
          out[i] = lastCode;
          continue;
        }
        out[i] = lastCode = ids.id(x);
        last = x;
      }
      this.size = ids.size; // strings are never null: the ids are the codes
      return;
    }
    if ((v.type === 'long' || v.type === 'real' || v.type === 'int' || v.type === 'timespan' || v.type === 'decimal' || v.type === 'datetime') && (v.type !== 'datetime' || v.sub === null) && (v.type !== 'decimal' || !v.exact)) {
      const data = v.data as ArrayLike<number>;
      const nulls = v.nulls;
      // longs beyond 2^53 (an exact sidecar) are coded by their exact digits, so neighbours never merge
      const big = v.type === 'long' ? v.big ?? null : null;
      if (big === null && this.direct !== null) {
        if (this.direct.code(data, nulls, sel, count, out, this)) return;
        // values that are no longer an arithmetic progression: hash them from now on, codes kept
        const nc = (this.numbers ??= new NumberCodes());
        this.direct.each((x, c) => nc.insert(x, c));
        this.direct = null;
      }
      const nc = this.numbers ??= new NumberCodes();
      let last = NaN;
      let lastCode = -1;
      for (let k = 0; k < count; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) {
          out[i] = this.nullCode >= 0 ? this.nullCode : (this.nullCode = this.size++);
          continue;
        }
        const x = data[i]!;
        if (big !== null && !(x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER)) {
          const key = `L${big[i]}`;
          let c = m.get(key);
          if (c === undefined) m.set(key, (c = this.size++));
          out[i] = c;
          continue;
        }
        if (x === last) {
          out[i] = lastCode;
          continue;
        }
        let c = nc.get(x);
        if (c < 0) nc.insert(x, (c = this.size++));
        out[i] = lastCode = c;
        last = x;
      }
      return;
    }
    const key = keyReader(v);
    for (let k = 0; k < count; k++) {
      const i = sel === null ? k : sel[k]!;
      const x = key(i);
      if (x === undefined) {
        out[i] = this.nullCode >= 0 ? this.nullCode : (this.nullCode = this.size++);
        continue;
      }
      let c = m.get(x);
      if (c === undefined) m.set(x, (c = this.size++));
      out[i] = c;
    }
  }
}

/** Codes through a string dictionary: each distinct value of the chunk is looked up once. */
function codeDictRows(
  codes: Uint8Array | Uint16Array, trans: Int32Array, values: string[], ids: StringIds, sel: Int32Array | null, count: number, out: Int32Array,
): void {
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const d = codes[i]!;
    let c = trans[d]!;
    if (c < 0) trans[d] = c = ids.id(values[d]!);
    out[i] = c;
  }
}

/** Distinct values an arithmetic progression may span in DirectCodes (its table: 4 bytes each). */
const MAX_DIRECT = 1 << 18;

/**
 * Dense codes for numbers that are integers on a common grid — `bin()` results, small integers, whole
 * datetimes in steps: each value is base + k·step and its code is table[k], so a row costs a division and
 * an array read instead of a hash probe. A value off the grid stops the loop; the grid then widens to take
 * it (a lower base, the gcd of the steps) and the loop goes on. Values no grid of at most MAX_DIRECT points
 * holds (fractions, NaN, ±Infinity, a range too wide for its step) end it: the codes move to NumberCodes.
 */
class DirectCodes {
  private base = 0;
  /** 0 while every value seen is `base` */
  private step = 0;
  private top = 0;
  private table = new Int32Array(0);
  private readonly vals: number[] = [];
  private readonly codes: number[] = [];

  /** every (value, code) seen */
  each(f: (x: number, c: number) => void): void {
    for (let j = 0; j < this.vals.length; j++) f(this.vals[j]!, this.codes[j]!);
  }

  /**
   * Codes the batch's rows as KeyCoder.code does. False when a value does not fit any grid: the rows
   * before it have their codes (recorded here, so NumberCodes takes them over), the caller codes them all.
   */
  code(data: ArrayLike<number>, nulls: Uint8Array | null, sel: Int32Array | null, count: number, out: Int32Array, coder: KeyCoder): boolean {
    let k = 0;
    for (;;) {
      k = directRows(data, nulls, sel, k, count, out, this.table, this.base, this.step === 0 ? 1 : this.step, this.vals, this.codes, coder);
      if (k === count) return true;
      if (!this.widen(data[sel === null ? k : sel[k]!]!)) return false;
    }
  }

  /** a grid that also holds x; false when none does */
  private widen(x: number): boolean {
    if (!Number.isSafeInteger(x)) return false;
    const fresh = this.vals.length === 0 && this.table.length === 0;
    const base = fresh ? x : Math.min(this.base, x);
    const top = fresh ? x : Math.max(this.top, x);
    if (top - base > Number.MAX_SAFE_INTEGER) return false; // differences must be exact
    const step = fresh ? 0 : gcd(gcd(this.step, this.base - base), x - base);
    if (step > 0 && (top - base) / step >= MAX_DIRECT) return false;
    const size = step === 0 ? 1 : (top - base) / step + 1;
    const table = new Int32Array(Math.min(MAX_DIRECT, Math.max(size, Math.min(this.table.length * 2, MAX_DIRECT), 16))).fill(-1);
    const st = step === 0 ? 1 : step;
    for (let j = 0; j < this.vals.length; j++) table[(this.vals[j]! - base) / st] = this.codes[j]!;
    this.table = table;
    this.base = base;
    this.step = step;
    this.top = top;
    return true;
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * Codes rows from k on through the grid (base, step) until a value is off it or past the table; returns
 * where it stopped (count when done). A quotient of integers below 2^53 is an integer exactly when the
 * division is exact; `(t | 0) === t` rejects fractions and NaN, the bounds check values below the base.
 */
function directRows(
  data: ArrayLike<number>, nulls: Uint8Array | null, sel: Int32Array | null, k: number, count: number, out: Int32Array,
  table: Int32Array, base: number, step: number, vals: number[], codes: number[], coder: KeyCoder,
): number {
  const size = table.length;
  for (; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) {
      out[i] = coder.nullCode >= 0 ? coder.nullCode : (coder.nullCode = coder.size++);
      continue;
    }
    const x = data[i]!;
    const t = (x - base) / step;
    if ((t | 0) !== t || t < 0 || t >= size) return k;
    let c = table[t]!;
    if (c < 0) {
      table[t] = c = coder.size++;
      vals.push(x + 0);
      codes.push(c);
    }
    out[i] = c;
  }
  return count;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * Dense codes for numbers without boxing: open addressing over the values' bits (a Map would box every
 * double outside the small-integer range — epoch milliseconds, bins — into a heap number per row).
 * Keys compare as Map keys do (SameValueZero): 0 and -0 are one value, NaN is one value.
 */
class NumberCodes {
  private keys = new Float64Array(1024);
  private codes = new Int32Array(1024).fill(-1);
  private mask = 1023;
  private used = 0;
  private nanCode = -1;

  /** the code of x, or -1 when x is new (then `insert` it) */
  get(x: number): number {
    if (x !== x) return this.nanCode;
    F64[0] = x + 0; // -0 → 0
    let h = Math.imul(U32[0]! ^ Math.imul(U32[1]!, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    const keys = this.keys;
    const codes = this.codes;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const c = codes[s]!;
      if (c < 0 || keys[s] === x) return c;
    }
  }

  insert(x: number, code: number): void {
    if (x !== x) {
      this.nanCode = code;
      return;
    }
    if ((this.used + 1) * 2 > this.mask) this.grow();
    this.place(x + 0, code);
    this.used++;
  }

  private place(x: number, code: number): void {
    F64[0] = x;
    let h = Math.imul(U32[0]! ^ Math.imul(U32[1]!, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    const mask = this.mask;
    let s = h & mask;
    while (this.codes[s]! >= 0) s = (s + 1) & mask;
    this.keys[s] = x;
    this.codes[s] = code;
  }

  private grow(): void {
    const keys = this.keys;
    const codes = this.codes;
    this.mask = keys.length * 2 - 1;
    this.keys = new Float64Array(keys.length * 2);
    this.codes = new Int32Array(keys.length * 2).fill(-1);
    for (let s = 0; s < keys.length; s++) if (codes[s]! >= 0) this.place(keys[s]!, codes[s]!);
  }
}

const RADIX = 2 ** 26;
const MAX_GRID_CELLS = 1 << 22;

/**
 * Group ids of (code0, code1) pairs in a dense grid, rows of 2^shift cells, -1 where no group exists
 * yet: a lookup per row without hashing. Grows (rebuilt from the pairs seen, which the Map
 * `groupOf` also holds) while both code counts stay small.
 */
class PairGrid {
  cells = new Int32Array(0);
  shift = 0;
  private rows = 0;
  /** (code0, code1, group) of every group, in creation order */
  private readonly pairs: number[] = [];
  /** how much of `pairs` groupOf has */
  private synced = 0;
  constructor(private readonly groupOf: Map<string | number, number>) {}

  fits(n0: number, n1: number): boolean {
    return n0 * 2 ** Math.ceil(Math.log2(Math.max(n1, 1))) <= MAX_GRID_CELLS && n1 < RADIX && n0 < RADIX;
  }

  /** room for codes below n0 and n1 (so any code a batch produced indexes a cell) */
  reserve(n0: number, n1: number): void {
    let shift = this.shift;
    while (1 << shift < n1) shift++;
    let rows = this.rows;
    while (rows < n0) rows = Math.max(16, rows * 2);
    if (shift === this.shift && rows === this.rows) return;
    if ((rows << shift) > MAX_GRID_CELLS) rows = Math.max(n0, MAX_GRID_CELLS >> shift);
    const cells = new Int32Array(rows << shift).fill(-1);
    const pairs = this.pairs;
    for (let p = 0; p < pairs.length; p += 3) cells[(pairs[p]! << shift) | pairs[p + 1]!] = pairs[p + 2]!;
    this.cells = cells;
    this.shift = shift;
    this.rows = rows;
  }

  /** records a new group's pair (for rebuilding, and for the hash map if the grid is outgrown) */
  add(a: number, z: number, g: number): void {
    this.pairs.push(a, z, g);
  }

  /**
   * Puts the pairs the grid coded into `groupOf` (keyed as hashGroups keys them), once the grid is
   * outgrown: while it serves, new groups cost no map insert.
   */
  syncMap(): void {
    const pairs = this.pairs;
    for (let p = this.synced; p < pairs.length; p += 3) {
      const a = pairs[p]!;
      const z = pairs[p + 1]!;
      this.groupOf.set(a < RADIX && z < RADIX ? a + z * RADIX : `${a},${z}`, pairs[p + 2]!);
    }
    this.synced = pairs.length;
  }
}

export function* aggregateOperator(node: AggregateNode, ctx: ExecContext): Generator<Batch> {
  const accs: Accumulator[] = node.aggregates.map((a) => a.def.create(a.argInfo, a.type));
  // groups of several keys: the tuple of the keys' codes → group id
  const groupOf = new Map<string | number, number>();
  // for each group, where its key values live: the batch's key vectors and the row in them
  const keyParts: Vector[][] = node.keys.map(() => []);
  const keyRows: number[] = [];
  const keyPart: number[] = [];
  const coders = node.keys.map(() => new KeyCoder());
  const codeBuf = node.keys.map(() => new Int32Array(0));
  const grid = new PairGrid(groupOf);
  let groupsBuf = new Int32Array(0);
  let nGroups = node.keys.length === 0 ? 1 : 0;
  for (const a of accs) a.resize(Math.max(nGroups, 1));
  for (const b of run(node.input, ctx)) {
    ctx.checkDeadline();
    const count = rowCount(b);
    if (count === 0) continue;
    // every selected row's group is written below (no keys: all stay group 0), so one buffer serves all batches
    if (groupsBuf.length < b.n) groupsBuf = new Int32Array(b.n);
    const groups = groupsBuf;
    if (node.keys.length > 0) {
      const keyVecs = node.keys.map((k) => evalColumn(k, b, ctx));
      const partIndex = keyParts[0]!.length;
      keyVecs.forEach((v, j) => keyParts[j]!.push(v));
      const sel = b.sel;
      const before = nGroups;
      if (keyVecs.length === 1) {
        // one key: its dense code is the group id
        coders[0]!.code(keyVecs[0]!, sel, count, groups);
        nGroups = coders[0]!.size;
        if (nGroups > before) {
          // first rows of the new groups, in code order
          const first = firstRows(groups, sel, count, before, nGroups - before);
          for (let g = 0; g < first.length; g++) {
            keyRows.push(first[g]!);
            keyPart.push(partIndex);
          }
        }
      } else if (keyVecs.length === 2 && isDictString(keyVecs[1]!) && grid.fits(coders[0]!.size, coders[1]!.size + dictSize(keyVecs[1]!))) {
        // two keys, the second a dictionary chunk: its rows' codes come from the chunk's codes through a
        // table filled for all of the chunk's values (they may become codes of no group: codes are only
        // used to find groups here), with no per-row pass of their own
        if (codeBuf[0]!.length < b.n) codeBuf[0] = new Int32Array(b.n);
        coders[0]!.code(keyVecs[0]!, sel, count, codeBuf[0]!);
        const dict = (keyVecs[1] as { dict: StringDict }).dict;
        const trans = coders[1]!.dictCodes(dict);
        grid.reserve(coders[0]!.size, coders[1]!.size);
        nGroups = gridGroupsDict(codeBuf[0]!, dict.codes, trans, sel, count, grid, groups, nGroups, keyRows, keyPart, partIndex);
      } else {
        const codes = keyVecs.map((v, j) => {
          if (codeBuf[j]!.length < b.n) codeBuf[j] = new Int32Array(b.n);
          coders[j]!.code(v, sel, count, codeBuf[j]!);
          return codeBuf[j]!;
        });
        const c0 = codes[0]!;
        const c1 = codes[1]!;
        if (codes.length === 2 && grid.fits(coders[0]!.size, coders[1]!.size)) {
          // two keys with few distinct values each: the pair indexes a dense grid of group ids
          grid.reserve(coders[0]!.size, coders[1]!.size);
          nGroups = gridGroups(c0, c1, sel, count, grid, groups, nGroups, keyRows, keyPart, partIndex);
        } else {
          grid.syncMap();
          nGroups = hashGroups(codes, sel, count, groupOf, groups, nGroups, keyRows, keyPart, partIndex);
        }
      }
      if (nGroups > ctx.limits.maxRows) throw new RowLimitExceeded(`summarize produced more than ${ctx.limits.maxRows} groups`);
      for (const a of accs) a.resize(nGroups);
    }
    node.aggregates.forEach((a, j) => {
      const args = a.args.map((e) => evalColumn(e, b, ctx));
      accs[j]!.update(args, groups, b.sel, count);
    });
  }
  if (nGroups === 0) return;
  // key columns: each group's key values come from the first row that formed it
  const keyColumns = node.keys.map((k, j) => {
    const parts = keyParts[j]!;
    if (parts.length === 1) return gather(parts[0]!, Int32Array.from(keyRows));
    const out = allocVector(k.type, nGroups);
    const byPart = parts.map(() => ({ groups: [] as number[], rows: [] as number[] }));
    for (let g = 0; g < nGroups; g++) {
      byPart[keyPart[g]!]!.groups.push(g);
      byPart[keyPart[g]!]!.rows.push(keyRows[g]!);
    }
    byPart.forEach((bp, p) => {
      if (bp.groups.length === 0) return;
      const src = gather(parts[p]!, bp.rows);
      bp.groups.forEach((g, r) => setScalar(out, g, getScalar(src, r)));
    });
    return out;
  });
  const aggColumns = accs.flatMap((a) => a.result(nGroups));
  yield { columns: [...keyColumns, ...aggColumns], n: nGroups, sel: null };
}

// The per-row loops below are plain functions rather than part of the aggregateOperator generator:
// V8 optimizes them once and keeps them optimized across batches and queries (a loop inside a
// generator was deoptimized and re-optimized again and again).

/** Each new group's first row (groups before..before+nNew-1 are new in this batch). */
function firstRows(groups: Int32Array, sel: Int32Array | null, count: number, before: number, nNew: number): Int32Array {
  const first = new Int32Array(nNew).fill(-1);
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const g = groups[i]! - before;
    if (g >= 0 && first[g] === -1) first[g] = i;
  }
  return first;
}

/** Group ids of two keys' code pairs through the dense grid; returns the new group count. */
function gridGroups(
  c0: Int32Array, c1: Int32Array, sel: Int32Array | null, count: number, grid: PairGrid,
  groups: Int32Array, nGroups: number, keyRows: number[], keyPart: number[], partIndex: number,
): number {
  const cells = grid.cells;
  const shift = grid.shift;
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const a = c0[i]!;
    const z = c1[i]!;
    const cell = (a << shift) | z;
    let g = cells[cell]!;
    if (g < 0) {
      g = nGroups++;
      cells[cell] = g;
      grid.add(a, z, g);
      keyRows.push(i);
      keyPart.push(partIndex);
    }
    groups[i] = g;
  }
  return nGroups;
}

const isDictString = (v: Vector): boolean => v.type === 'string' && !!v.dict;
const dictSize = (v: Vector): number => (v.type === 'string' && v.dict ? v.dict.values.length : 0);

/** gridGroups with the second key's codes read through a dictionary chunk's codes and `trans`. */
function gridGroupsDict(
  c0: Int32Array, codes1: Uint8Array | Uint16Array, trans: Int32Array, sel: Int32Array | null, count: number, grid: PairGrid,
  groups: Int32Array, nGroups: number, keyRows: number[], keyPart: number[], partIndex: number,
): number {
  const cells = grid.cells;
  const shift = grid.shift;
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    const a = c0[i]!;
    const z = trans[codes1[i]!]!;
    const cell = (a << shift) | z;
    let g = cells[cell]!;
    if (g < 0) {
      g = nGroups++;
      cells[cell] = g;
      grid.add(a, z, g);
      keyRows.push(i);
      keyPart.push(partIndex);
    }
    groups[i] = g;
  }
  return nGroups;
}

/** Group ids of several keys' codes through a hash map; returns the new group count. */
function hashGroups(
  codes: Int32Array[], sel: Int32Array | null, count: number, groupOf: Map<string | number, number>,
  groups: Int32Array, nGroups: number, keyRows: number[], keyPart: number[], partIndex: number,
): number {
  const two = codes.length === 2;
  const c0 = codes[0]!;
  const c1 = codes[1]!;
  for (let k = 0; k < count; k++) {
    const i = sel === null ? k : sel[k]!;
    let kv: string | number;
    if (two) {
      const a = c0[i]!;
      const z = c1[i]!;
      kv = a < RADIX && z < RADIX ? a + z * RADIX : `${a},${z}`;
    } else {
      kv = '';
      for (let j = 0; j < codes.length; j++) kv += `${codes[j]![i]},`;
    }
    let g = groupOf.get(kv);
    if (g === undefined) {
      g = nGroups++;
      groupOf.set(kv, g); // (the grid never serves again: code counts only grow)
      keyRows.push(i);
      keyPart.push(partIndex);
    }
    groups[i] = g;
  }
  return nGroups;
}
