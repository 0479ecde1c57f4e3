// dcount / dcountif of strings: each distinct string gets a small integer id once, and each group keeps
// the ids it has seen as bits, so a row costs an array lookup and a bit test instead of a Set insert of
// its string. With a dictionary-encoded column (exec/dictionary.ts) the string is not even looked at: the
// chunk's codes map to ids once per distinct value of the chunk.
import type { Accumulator } from '../define.js';
import { allocVector, type Vector } from '../../exec/vector.js';
import { StringIds } from '../../exec/dictionary.js';

/** Bitmaps give way to a Set of ids per group once they would take more than this many 32-bit words. */
const MAX_BIT_WORDS = 1 << 22;

type Bool = { data: Uint8Array; nulls: Uint8Array | null };

/**
 * The rows' fast path: sets id's bit in group g's bitmap (counting it when new); false when the bitmap is
 * too short or gone (the Sets took over), for the accumulator's `add` to handle.
 */
function setBit(bits: Uint32Array[], counts: Float64Array, g: number, id: number): boolean {
  const w = id >>> 5;
  const b = bits[g];
  if (b === undefined || w >= b.length) return false;
  const m = 1 << (id & 31);
  const bw = b[w]!;
  if ((bw & m) === 0) {
    b[w] = bw | m;
    counts[g]!++;
  }
  return true;
}

export function stringDistinctCounter(predicate: boolean): Accumulator {
  const ids = new StringIds();
  // per group: the ids seen, as bits (mode 1) or as a Set (mode 2, when the bits would be too big)
  let bits: Uint32Array[] = []; // empty once the Sets take over, so the rows' fast path misses
  let sets: Set<number>[] | null = null;
  let words = 0;
  let counts = new Float64Array(16);
  let nGroups = 0;
  let trans = new Int32Array(256);
  const empty = new Uint32Array(0);

  const toSets = () => {
    sets = bits.map((b) => {
      const s = new Set<number>();
      for (let w = 0; w < b.length; w++) {
        let x = b[w]!;
        while (x !== 0) {
          const t = x & -x;
          s.add(w * 32 + 31 - Math.clz32(t));
          x ^= t;
        }
      }
      return s;
    });
    bits = [];
  };

  /** adds id to group g's ids (counting it when new) */
  const add = (g: number, id: number) => {
    if (sets !== null) {
      const s = sets[g]!;
      if (!s.has(id)) {
        s.add(id);
        counts[g]!++;
      }
      return;
    }
    let b = bits[g]!;
    const w = id >>> 5;
    if (w >= b.length) {
      const size = Math.max(w + 1, b.length * 2, 8);
      words += size - b.length;
      if (words > MAX_BIT_WORDS) {
        toSets();
        add(g, id);
        return;
      }
      const nb = new Uint32Array(size);
      nb.set(b);
      bits[g] = b = nb;
    }
    const m = 1 << (id & 31);
    if ((b[w]! & m) === 0) {
      b[w] = b[w]! | m;
      counts[g]!++;
    }
  };

  return {
    resize(n) {
      if (n <= nGroups) return;
      if (counts.length < n) {
        const c = new Float64Array(Math.max(n, counts.length * 2));
        c.set(counts);
        counts = c;
      }
      for (let g = nGroups; g < n; g++) {
        if (sets !== null) sets.push(new Set());
        else bits.push(empty);
      }
      nGroups = n;
    },
    update(args, groups, rows, count) {
      const x = args[0] as Extract<Vector, { data: string[] }>;
      const pred = predicate ? (args[1] as unknown as Bool) : null;
      const dict = x.dict;
      if (dict) {
        const nv = dict.values.length;
        if (trans.length < nv) trans = new Int32Array(Math.max(nv, trans.length * 2));
        trans.fill(-1, 0, nv);
        const codes = dict.codes;
        const values = dict.values;
        for (let k = 0; k < count; k++) {
          const r = rows === null ? k : rows[k]!;
          if (pred !== null && (pred.data[r] !== 1 || (pred.nulls !== null && pred.nulls[r] === 1))) continue;
          const d = codes[r]!;
          let id = trans[d]!;
          if (id < 0) {
            trans[d] = id = ids.id(values[d]!);
          }
          const g = groups[r]!;
          if (!setBit(bits, counts, g, id)) add(g, id);
        }
        return;
      }
      const data = x.data;
      let last: string | undefined;
      let lastId = -1;
      for (let k = 0; k < count; k++) {
        const r = rows === null ? k : rows[k]!;
        if (pred !== null && (pred.data[r] !== 1 || (pred.nulls !== null && pred.nulls[r] === 1))) continue;
        const s = data[r]!;
        let id: number;
        if (s === last) id = lastId;
        else {
          id = ids.id(s);
          last = s;
          lastId = id;
        }
        const g = groups[r]!;
        if (!setBit(bits, counts, g, id)) add(g, id);
      }
    },
    result(n) {
      const v = allocVector('long', n) as Extract<Vector, { type: 'long' }>;
      for (let g = 0; g < n; g++) v.data[g] = g < nGroups ? counts[g]! : 0;
      return [v];
    },
  };
}
