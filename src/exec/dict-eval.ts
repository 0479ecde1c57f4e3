// Dictionary-aware evaluation of compiled expressions: a subexpression whose only column input is one
// string column is computed once per distinct value of a dictionary-encoded chunk (exec/dictionary.ts)
// and reaches the rows through the chunk's codes, instead of once per row over decoded strings.
import type { BoundCall, BoundExpr } from '../semantic/bound.js';
import type { Batch } from './batch.js';
import type { EvalContext } from './evaluate.js';
import { DictStrings, type StringDict } from './dictionary.js';
import type { Vector } from './vector.js';

/** A maximal subexpression that depends on one string column (and constants) only. */
export interface DictCandidate {
  expr: BoundCall;
  /** the index of its column in the batch */
  column: number;
}

/** What a subexpression reads: no column, one column (its index), or something that rules it out. */
const NONE = -1;
const BAD = -2;

/**
 * The maximal subexpressions of `root` that can be evaluated over a dictionary's values instead of the
 * rows: calls whose only column is one string column, that are deterministic (`foldable`: rand(),
 * new_guid(), now(), registered and other world functions, and parse's matcher are not), and that neither
 * yield nor read decimals (exact digits the generated code does not carry). A dynamic result is not a
 * candidate by itself (each row would share one JSON object among all rows of its value), only inside a
 * larger candidate that reduces it. Subqueries count as constants: each is computed once per run.
 */
export function dictCandidates(root: BoundExpr): DictCandidate[] {
  const memo = new Map<BoundExpr, number>();
  const reads = (e: BoundExpr): number => {
    let r = memo.get(e);
    if (r !== undefined) return r;
    switch (e.kind) {
      case 'Column':
        r = e.type === 'string' ? e.index : BAD;
        break;
      case 'Const':
      case 'Subquery':
        r = e.type === 'decimal' ? BAD : NONE;
        break;
      case 'Call': {
        r = e.foldable && e.type !== 'decimal' ? NONE : BAD;
        for (const a of e.args) {
          if (r === BAD) break;
          const x = reads(a);
          if (x === BAD || (x >= 0 && r >= 0 && x !== r)) r = BAD;
          else if (x >= 0) r = x;
        }
        break;
      }
    }
    memo.set(e, r);
    return r;
  };
  const out: DictCandidate[] = [];
  const visit = (e: BoundExpr) => {
    if (e.kind !== 'Call') return;
    const col = reads(e);
    if (col >= 0 && e.type !== 'dynamic') {
      out.push({ expr: e, column: col });
      return;
    }
    for (const a of e.args) visit(a);
  };
  visit(root);
  return out;
}

/** The column's dictionary when the batch's rows can be read through it, else null. */
export function usableDict(v: Vector | undefined, n: number): StringDict | null {
  if (v === undefined || v.type !== 'string') return null;
  const d = v.dict;
  return d && v.length === n && d.codes.length === n ? d : null;
}

/**
 * The dictionary codes the batch's selected rows use, ascending (a selection over the values), or null
 * when they use every value. Only these values are evaluated: a value no selected row holds is never
 * computed, as it would not be row by row (no work and no error for rows an earlier filter dropped).
 */
function usedCodes(codes: Uint8Array | Uint16Array, sel: Int32Array, size: number): Int32Array | null {
  const seen = new Uint8Array(size);
  let m = 0;
  for (let k = 0; k < sel.length && m < size; k++) {
    const c = codes[sel[k]!]!;
    if (seen[c] === 0) {
      seen[c] = 1;
      m++;
    }
  }
  if (m === size) return null;
  const out = new Int32Array(m);
  let j = 0;
  for (let c = 0; c < size; c++) if (seen[c] === 1) out[j++] = c;
  return out;
}

/**
 * The candidate's value for each dictionary value the batch's rows use (a vector of physical length
 * values.length, indexed by code): `evalVector` runs over a batch whose column is the dictionary's values.
 */
export function evalOverDict(
  cand: DictCandidate, dict: StringDict, sel: Int32Array | null, ctx: EvalContext,
  evalVector: (e: BoundExpr, b: Batch, ctx: EvalContext) => Vector,
): Vector {
  return evalUsed(cand, dict, sel === null ? null : usedCodes(dict.codes, sel, dict.values.length), ctx, evalVector);
}

function evalUsed(
  cand: DictCandidate, dict: StringDict, used: Int32Array | null, ctx: EvalContext,
  evalVector: (e: BoundExpr, b: Batch, ctx: EvalContext) => Vector,
): Vector {
  const size = dict.values.length;
  const columns: Vector[] = new Array<Vector>(cand.column + 1);
  columns[cand.column] = { type: 'string', length: size, data: dict.values, nulls: null };
  return evalVector(cand.expr, { columns, n: size, sel: used }, ctx);
}

/**
 * A string-valued candidate over a whole batch, as a dictionary-encoded vector of its own: its values
 * (the candidate's distinct results) and the column's codes mapped onto them, so a later `summarize by`,
 * dcount or predicate on the result works on codes too. Rows outside the selection get some value of
 * the dictionary (rows outside a selection may hold anything).
 */
export function stringOverDict(
  cand: DictCandidate, dict: StringDict, n: number, sel: Int32Array | null, ctx: EvalContext,
  evalVector: (e: BoundExpr, b: Batch, ctx: EvalContext) => Vector,
): Vector {
  const size = dict.values.length;
  const used = sel === null ? null : usedCodes(dict.codes, sel, size);
  const res = evalUsed(cand, dict, used, ctx, evalVector).data as string[];
  // the distinct results, and each code's new code (-1: a value no selected row holds)
  const remap = new Int32Array(size).fill(-1);
  const ids = new Map<string, number>();
  const values: string[] = [];
  let same = used === null;
  const count = used === null ? size : used.length;
  for (let k = 0; k < count; k++) {
    const c = used === null ? k : used[k]!;
    const x = res[c]!;
    let id = ids.get(x);
    if (id === undefined) {
      id = values.length;
      values.push(x);
      ids.set(x, id);
    }
    remap[c] = id;
    if (id !== c) same = false;
  }
  if (values.length === 0) values.push('');
  const src = dict.codes;
  if (same) return new DictStrings(n, { codes: src, values });
  const codes = values.length <= 256 ? new Uint8Array(n) : new Uint16Array(n);
  for (let c = 0; c < size; c++) if (remap[c]! < 0) remap[c] = 0;
  for (let i = 0; i < n; i++) codes[i] = remap[src[i]!]!;
  return new DictStrings(n, { codes, values });
}
