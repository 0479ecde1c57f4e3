// Compiles a bound expression into one specialised JavaScript loop, once per query: no intermediate
// vectors and no per-row dispatch between kernels. Literals and helper functions are passed in as
// parameters (P[k]), never spliced into the source text. Subtrees the compiler does not cover are
// evaluated by the vector interpreter first and enter the loop as input columns.
import type { BoundCall, BoundExpr } from '../semantic/bound.js';
import type { KqlType, Scalar } from '../types.js';
import { isNumeric } from '../types.js';
import type { Batch } from './batch.js';
import { evaluate, type EvalContext } from './evaluate.js';
import { allocVector, joinTicks, splitTicks, toVector, type Vector } from './vector.js';
import { accessMember, constantPredicate, hasListPredicate, isStringOperator, safeRegex, stringPredicate } from '../functions/scalar/operators.js';
import { parseDateTimeInto } from '../values/datetime.js';
import { dictCandidates, evalOverDict, stringOverDict, usableDict, type DictCandidate } from './dict-eval.js';
import { convertTo } from '../values/convert.js';

/** How a value lives in generated code. */
type Repr = 'num' | 'bool' | 'str' | 'guid' | 'dt' | 'dyn';

interface Local {
  repr: Repr;
  /** JS expression of the value (a local name or a literal) */
  v: string;
  /** JS expression that is true when the value is null ('false' when it can't be) */
  n: string;
  /** datetime only: sub-millisecond ticks */
  s?: string;
}

const reprOf = (t: KqlType): Repr =>
  t === 'bool' ? 'bool' : t === 'string' ? 'str' : t === 'guid' ? 'guid' : t === 'datetime' ? 'dt' : t === 'dynamic' ? 'dyn' : 'num';

export interface CompiledExpr {
  /** values of the selected rows as a vector of physical length batch.n */
  vector(batch: Batch, ctx: EvalContext): Vector;
  /** the rows where the (bool) expression is true */
  select(batch: Batch, ctx: EvalContext): Int32Array;
}

/**
 * Thrown by generated code when a long leaves the safe-integer range (an arithmetic result beyond
 * 2^53, a row function's bigint): the batch is then evaluated by the interpreter, which is exact
 * over 64 bits (values/long.ts). Inputs with exact sidecars go to the interpreter up front.
 */
const BAIL = { bail: true };
/** Thrown while generating a lazy dictionary candidate that needs an input: it is computed up front instead. */
const LAZY_FAIL = { lazyFail: true };

/** What the generated loop gets for a dictionary input: the codes; for a lazy one also the values and a memo. */
interface DictSlot {
  c: Uint8Array | Uint16Array;
  v: string[] | null;
  /** per code: 0 not computed yet, else the state (bool: 1 false, 2 true; 1 a value; 3 null) */
  m: Uint8Array | null;
  /** per code: the computed value (numbers, strings) */
  w: Float64Array | (string | undefined)[] | null;
}
const NO_VECTOR: Vector = { type: 'bool', length: 0, data: new Uint8Array(0), nulls: null };
const SAFE_LONG = 'x <= 9007199254740991 && x >= -9007199254740991';

const cache = new WeakMap<BoundExpr, CompiledExpr | null>();
const plainCache = new WeakMap<BoundExpr, CompiledExpr | null>();

/**
 * The compiled form of an expression, or null when it is not worth compiling (a column, a constant).
 * Subexpressions over one string column are evaluated once per dictionary value in batches whose
 * column is dictionary-encoded (dictAware), and fused into the row loop otherwise.
 */
export function compiled(e: BoundExpr): CompiledExpr | null {
  let c = cache.get(e);
  if (c === undefined) {
    c = null;
    if (e.kind === 'Call') {
      const plain = plainCompiled(e);
      const cands = dictCandidates(e);
      c = cands.length === 0 || cands.length > 16 ? plain : dictAware(e, plain, cands);
    }
    cache.set(e, c);
  }
  return c;
}

/** The compiled row loop of an expression, blind to dictionaries. */
function plainCompiled(e: BoundExpr): CompiledExpr | null {
  let c = plainCache.get(e);
  if (c === undefined) {
    c = e.kind === 'Call' ? tryCompile(e, []) : null;
    plainCache.set(e, c);
  }
  return c;
}

function tryCompile(e: BoundExpr, dict: readonly DictCandidate[]): CompiledExpr | null {
  try {
    return new Compiler(dict).compile(e);
  } catch {
    // e.g. code generation unavailable (a Content-Security-Policy without 'unsafe-eval'): interpret
    return null;
  }
}

/** A vector of the expression's values by the compiled loop when there is one, else the interpreter. */
function vectorOf(e: BoundExpr, batch: Batch, ctx: EvalContext): Vector {
  const c = plainCompiled(e);
  return c ? c.vector(batch, ctx) : toVector(evaluate(e, batch, ctx), batch.n);
}

/**
 * Chooses per batch: the candidates (dict-eval.ts) whose column has a dictionary in this batch enter a
 * loop (generated on first need, one per such set) as inputs computed over the dictionary's values and
 * read through the codes; with no dictionary at all the plain fused loop runs, as before.
 */
function dictAware(root: BoundExpr, plain: CompiledExpr | null, cands: readonly DictCandidate[]): CompiledExpr {
  const variants = new Map<number, CompiledExpr | null>();
  const pick = (batch: Batch): CompiledExpr | null => {
    let mask = 0;
    for (let k = 0; k < cands.length; k++) if (usableDict(batch.columns[cands[k]!.column], batch.n) !== null) mask |= 1 << k;
    if (mask === 0) return plain;
    let c = variants.get(mask);
    if (c === undefined) {
      c = tryCompile(root, cands.filter((_, k) => (mask & (1 << k)) !== 0));
      variants.set(mask, c);
    }
    return c ?? plain;
  };
  // the whole expression a string over one column: its values as a dictionary vector (stringOverDict)
  const whole = cands.length === 1 && cands[0]!.expr === root && root.type === 'string' ? cands[0]! : null;
  return {
    vector(batch, ctx) {
      if (whole !== null) {
        const dict = usableDict(batch.columns[whole.column], batch.n);
        if (dict !== null) return stringOverDict(whole, dict, batch.n, batch.sel, ctx, vectorOf);
      }
      const c = pick(batch);
      return c ? c.vector(batch, ctx) : interpretVector(root, batch, ctx);
    },
    select(batch, ctx) {
      const c = pick(batch);
      return c ? c.select(batch, ctx) : interpretSelect(root, batch, ctx);
    },
  };
}

const interpretVector = (root: BoundExpr, batch: Batch, ctx: EvalContext) => toVector(evaluate(root, batch, ctx), batch.n);

function interpretSelect(root: BoundExpr, batch: Batch, ctx: EvalContext): Int32Array {
  const b = interpretVector(root, batch, ctx) as Extract<Vector, { type: 'bool' }>;
  const count = batch.sel === null ? batch.n : batch.sel.length;
  const S = new Int32Array(count);
  let m = 0;
  for (let k = 0; k < count; k++) {
    const i = batch.sel === null ? k : batch.sel[k]!;
    if (b.data[i] === 1 && (b.nulls === null || b.nulls[i] !== 1)) S[m++] = i;
  }
  return S.subarray(0, m);
}

class Compiler {
  private readonly lines: string[] = [];
  private readonly params: unknown[] = [];
  private readonly inputs: BoundExpr[] = [];
  /** per input: the dictionary candidate it is (read through its column's codes), or null */
  private readonly inputDicts: (DictCandidate | null)[] = [];
  /** per input: a candidate computed in the loop on a code's first row and remembered (lazyDict), by its repr */
  private readonly inputLazy: (Repr | null)[] = [];
  /** while generating a lazy candidate: its column is read from the dictionary's values */
  private override: { column: number; read: string } | null = null;
  private next = 0;
  /** common subexpressions: a Call's structural key → where its value already is */
  private readonly done = new Map<string, { local: Local; scope: number }>();
  /** open blocks (short-circuit `and`/`or` bodies): a value computed in a block is visible only inside it */
  private readonly scopes: number[] = [0];
  private nextScope = 1;
  /** structural key → the candidate read through a dictionary in this variant */
  private readonly dictKeys = new Map<string, DictCandidate>();

  constructor(dict: readonly DictCandidate[] = []) {
    for (const c of dict) this.dictKeys.set(exprKey(c.expr), c);
  }

  private param(x: unknown): string {
    this.params.push(x);
    return `P[${this.params.length - 1}]`;
  }

  private local(): string {
    return `x${this.next++}`;
  }

  private emit(...lines: string[]) {
    this.lines.push(...lines);
  }

  /**
   * An input column (a batch column or a subtree the interpreter computes) read at row i; a dictionary
   * candidate's input holds a value per dictionary code and is read at the row's code.
   */
  private input(e: BoundExpr, dict: DictCandidate | null = null): Local {
    if (this.override !== null) throw LAZY_FAIL; // a lazy candidate's code reads no inputs
    let j = this.inputs.indexOf(e);
    if (j < 0) {
      j = this.inputs.length;
      this.inputs.push(e);
      this.inputDicts.push(dict);
      this.inputLazy.push(null);
    }
    const repr = reprOf(e.type);
    const v = this.local();
    let i = 'i';
    if (dict !== null) {
      i = `${v}c`;
      this.emit(`const ${i} = c${j}[i];`);
    }
    switch (repr) {
      case 'str':
        this.emit(`const ${v} = d${j}[${i}];`);
        return { repr, v, n: 'false' };
      case 'bool':
        this.emit(`const ${v} = d${j}[${i}] === 1, ${v}n = u${j} !== null && u${j}[${i}] === 1;`);
        return { repr, v, n: `${v}n` };
      case 'dyn':
        this.emit(`const ${v} = d${j}[${i}] ?? null;`);
        return { repr, v, n: `(${v} === null)` };
      case 'dt':
        this.emit(`const ${v} = d${j}[${i}], ${v}s = s${j} === null ? 0 : s${j}[${i}], ${v}n = u${j} !== null && u${j}[${i}] === 1;`);
        return { repr, v, n: `${v}n`, s: `${v}s` };
      default:
        this.emit(`const ${v} = d${j}[${i}], ${v}n = u${j} !== null && u${j}[${i}] === 1;`);
        return { repr, v, n: `${v}n` };
    }
  }

  private constant(type: KqlType, value: Scalar): Local {
    const repr = reprOf(type);
    if (value === null) {
      return repr === 'str' ? { repr, v: "''", n: 'false' } : { repr, v: repr === 'dt' ? '0' : 'null', n: 'true', s: '0' };
    }
    if (repr === 'dt') {
      const [ms, sub] = splitTicks(value as bigint);
      return { repr, v: this.param(ms), n: 'false', s: this.param(sub) };
    }
    if (repr === 'bool') return { repr, v: value ? 'true' : 'false', n: 'false' };
    if (typeof value === 'bigint') throw new Error('a long beyond 2^53: interpreted'); // not compiled (tryCompile)
    return { repr, v: this.param(value), n: 'false' };
  }

  /**
   * A candidate (bool, number or string) computed in the loop, once per dictionary code: the row's code
   * indexes a memo filled from the dictionary's value the first time a row reaches it (bool: a state
   * 0 not yet computed, 1 false, 2 true, 3 null; numbers: a state 0 / 1 value / 3 null and the values;
   * strings: the values, undefined until computed). Unlike a value computed over the whole dictionary up
   * front, a code no row reaches (an earlier `and` term was false) costs nothing. Null (not generated)
   * for other types, and when the candidate needs an input of its own (a call the compiler leaves to the
   * interpreter): it is then computed up front.
   */
  private lazyDict(cand: DictCandidate): Local | null {
    const repr = reprOf(cand.expr.type);
    if (repr !== 'bool' && repr !== 'num' && repr !== 'str') return null;
    let j = this.inputs.indexOf(cand.expr);
    if ((j >= 0 && this.inputLazy[j] === null) || this.override !== null) return null;
    const slot = j >= 0 ? j : this.inputs.length;
    const v = this.local();
    const mark = this.lines.length;
    const done = new Map(this.done);
    const scopes = this.scopes.length;
    const c = `${v}c`;
    if (repr === 'bool') this.emit(`const ${c} = c${slot}[i]; let ${v} = m${slot}[${c}];`, `if (${v} === 0) {`);
    else if (repr === 'num') this.emit(`const ${c} = c${slot}[i]; let ${v}s = m${slot}[${c}], ${v} = w${slot}[${c}];`, `if (${v}s === 0) {`);
    else this.emit(`const ${c} = c${slot}[i]; let ${v} = w${slot}[${c}];`, `if (${v} === undefined) {`);
    this.scopes.push(this.nextScope++);
    this.override = { column: cand.column, read: `dv${slot}[${c}]` };
    try {
      const x = this.call(cand.expr);
      if (x === null || x.repr !== repr) throw LAZY_FAIL;
      if (repr === 'bool') this.emit(`${v} = ${x.n} ? 3 : ${x.v} ? 2 : 1; m${slot}[${c}] = ${v};`);
      else if (repr === 'num') this.emit(`${v}s = ${x.n} ? 3 : 1; ${v} = ${x.n} ? 0 : ${x.v}; m${slot}[${c}] = ${v}s; w${slot}[${c}] = ${v};`);
      else this.emit(`${v} = ${x.v}; w${slot}[${c}] = ${v};`);
    } catch (err) {
      if (err !== LAZY_FAIL) throw err;
      this.lines.length = mark;
      this.done.clear();
      for (const [k, x] of done) this.done.set(k, x);
      this.scopes.length = scopes;
      return null;
    } finally {
      this.override = null;
    }
    this.scopes.pop();
    this.emit('}');
    if (j < 0) {
      j = this.inputs.length;
      this.inputs.push(cand.expr);
      this.inputDicts.push(cand);
      this.inputLazy.push(repr);
    }
    if (repr === 'bool') return { repr, v: `(${v} === 2)`, n: `(${v} === 3)` };
    if (repr === 'num') return { repr, v, n: `(${v}s === 3)` };
    return { repr, v, n: 'false' };
  }

  /** Generates code computing `e` at row i; returns where its value is. */
  gen(e: BoundExpr): Local {
    switch (e.kind) {
      case 'Column': {
        const o = this.override;
        if (o !== null && e.index === o.column) {
          const v = this.local();
          this.emit(`const ${v} = ${o.read};`);
          return { repr: 'str', v, n: 'false' };
        }
        return this.input(e);
      }
      case 'Const':
        return this.constant(e.type, e.value);
      case 'Subquery':
        return this.input(e);
      case 'Call': {
        // the same computation twice (todatetime(d.t) > a and todatetime(d.t) < b) is done once
        const key = exprKey(e);
        const hit = this.done.get(key);
        if (hit && this.scopes.includes(hit.scope)) return hit.local;
        // inside a lazy candidate every call is computed from the dictionary value, candidates too
        const dict = this.override === null ? this.dictKeys.get(key) : undefined;
        const local = dict ? this.lazyDict(dict) ?? this.input(dict.expr, dict) : this.call(e) ?? this.input(e);
        this.done.set(key, { local, scope: this.scopes[this.scopes.length - 1]! });
        return local;
      }
    }
  }

  private call(e: BoundCall): Local | null {
    // decimals are exact (values/decimal.ts), not doubles: the interpreter computes them
    if (e.type === 'decimal' || e.args.some((x) => x.type === 'decimal')) return null;
    const name = e.name;
    if (name === 'and' || name === 'or') return this.logical(e);
    if (name === 'todatetime' && e.args.length === 1 && (e.args[0]!.type === 'string' || e.args[0]!.type === 'dynamic')) {
      return this.toDateTime(e.args[0]!);
    }
    if (e.impl.kind === 'row') return this.rowCall(e);
    if (name === 'member') return this.member(e);
    const [a, b] = e.args;
    if (!a || !b || e.args.length !== 2) return null;
    if (['+', '-', '*', '/', '%'].includes(name)) return this.arith(name, e);
    if (['==', '!=', '<>', '<', '<=', '>', '>='].includes(name)) return this.compare(name, e);
    if (isStringOperator(name)) return this.stringOp(name, e);
    if (name.startsWith('has_a') && a.type === 'string' && b.kind === 'Const' && Array.isArray(b.value)) {
      // has_any / has_all over a constant list: one predicate built once (operators.ts)
      const test = hasListPredicate(b.value as unknown[], name.startsWith('has_all'), name.endsWith('_cs'));
      const x = this.gen(a);
      const v = this.local();
      this.emit(`const ${v} = ${this.param(test)}(${x.v});`);
      return { repr: 'bool', v, n: 'false' };
    }
    return null;
  }

  private logical(e: BoundCall): Local {
    const and = e.name === 'and';
    const v = this.local();
    // Kleene logic with short-circuit: `and` stops at the first false, `or` at the first true
    this.emit(`let ${v} = ${and}, ${v}n = false;`);
    this.emit(`${v}b: {`);
    this.scopes.push(this.nextScope++);
    for (const arg of e.args) {
      const x = this.gen(arg);
      this.emit(`if (${x.n}) ${v}n = true; else if (${and ? '!' : ''}${x.v}) { ${v} = ${!and}; ${v}n = false; break ${v}b; }`);
    }
    this.scopes.pop();
    this.emit('}');
    return { repr: 'bool', v, n: `${v}n` };
  }

  private arith(op: string, e: BoundCall): Local | null {
    const [ea, eb] = e.args as [BoundExpr, BoundExpr];
    const t = e.type;
    const v = this.local();
    if (reprOf(ea.type) === 'num' && reprOf(eb.type) === 'num' && (isNumeric(t) || t === 'timespan' || t === 'real')) {
      const a = this.gen(ea);
      const b = this.gen(eb);
      const integer = t === 'long';
      this.emit(`let ${v} = 0, ${v}n = ${a.n} || ${b.n};`);
      let body: string;
      const spanTimes = t === 'timespan' && op === '*';
      const spanDiv = t === 'timespan' && op === '/';
      if (op === '/' && (integer || spanDiv)) body = `if (${b.v} === 0) ${v}n = true; else ${v} = Math.trunc(${a.v} / ${b.v});`;
      else if (op === '%' && integer) body = `if (${b.v} === 0) ${v}n = true; else { ${v} = ${a.v} % ${b.v}; if (${v} < 0) ${v} += Math.abs(${b.v}); }`;
      else if (op === '%' && t === 'timespan') body = `if (${b.v} === 0) ${v}n = true; else ${v} = ${a.v} % ${b.v};`;
      else if (spanTimes) body = `${v} = Math.round(${a.v} * ${b.v});`;
      else body = `${v} = ${a.v} ${op} ${b.v};`;
      if (integer) body += ` if (!(${SAFE_LONG.replaceAll('x', v)})) throw ${this.param(BAIL)};`;
      this.emit(`if (!${v}n) { ${body} }`);
      return { repr: 'num', v, n: `${v}n` };
    }
    if (t === 'timespan' && ea.type === 'datetime' && eb.type === 'datetime' && op === '-') {
      const a = this.gen(ea);
      const b = this.gen(eb);
      this.emit(`const ${v}n = ${a.n} || ${b.n}; const ${v} = ${v}n ? 0 : (${a.v} - ${b.v}) * 10000 + (${a.s} - ${b.s});`);
      return { repr: 'num', v, n: `${v}n` };
    }
    // datetime ± timespan (and timespan + datetime) only: the analyzer's tick forms (datetime + datetime,
    // timespan - datetime, ...) run in the interpreter's kernel
    const spanWithDate = (ea.type === 'datetime' && eb.type === 'timespan') || (op === '+' && ea.type === 'timespan' && eb.type === 'datetime');
    if (t === 'datetime' && (op === '+' || op === '-') && spanWithDate) {
      const dtFirst = ea.type === 'datetime';
      const d = this.gen(dtFirst ? ea : eb);
      const span = this.gen(dtFirst ? eb : ea);
      const sign = op === '-' ? '-' : '';
      // exact 100-ns arithmetic on (ms, sub) — see operators.ts dateTimeKernel
      this.emit(`let ${v} = 0, ${v}s = 0; const ${v}n = ${d.n} || ${span.n};`);
      this.emit(`if (!${v}n) { const t = ${sign}${span.v}; const w = Math.trunc(t / 10000); let sub = ${d.s} + (t - w * 10000); const c = Math.floor(sub / 10000); ${v} = ${d.v} + w + c; ${v}s = sub - c * 10000; }`);
      return { repr: 'dt', v, n: `${v}n`, s: `${v}s` };
    }
    return null;
  }

  private compare(op: string, e: BoundCall): Local | null {
    const [ea, eb] = e.args as [BoundExpr, BoundExpr];
    const ra = reprOf(ea.type);
    const rb = reprOf(eb.type);
    const numeric = (r: Repr) => r === 'num' || r === 'bool';
    let cmp: (a: Local, b: Local) => string;
    if (numeric(ra) && numeric(rb)) cmp = (a, b) => `(${a.v} < ${b.v} ? -1 : ${a.v} > ${b.v} ? 1 : ${a.v} === ${b.v} ? 0 : NaN)`;
    else if (ra === 'dt' && rb === 'dt') cmp = (a, b) => `(${a.v} < ${b.v} ? -1 : ${a.v} > ${b.v} ? 1 : ${a.s} - ${b.s})`;
    else if (ra === 'str' && rb === 'str') cmp = (a, b) => `(${a.v} < ${b.v} ? -1 : ${a.v} > ${b.v} ? 1 : 0)`;
    else return null;
    let a = this.gen(ea);
    let b = this.gen(eb);
    // a bool local is a JS boolean: against a number it compares as 1 / 0 (bool.md: "internally encoded
    // as 1 and 0"), as the interpreter's kernel does; `true === 1` would be false
    if (ra === 'bool' && rb === 'num') a = { ...a, v: `(${a.v} ? 1 : 0)` };
    if (rb === 'bool' && ra === 'num') b = { ...b, v: `(${b.v} ? 1 : 0)` };
    const v = this.local();
    const test = op === '==' ? '=== 0' : op === '!=' || op === '<>' ? '!== 0' : `${op} 0`;
    const equality = op === '==' || op === '!=' || op === '<>';
    // equality: null on one side is total (== false, != true), null on both sides is null;
    // ordering: any null operand gives null (KUSTO-SEMANTICS 6)
    this.emit(`let ${v} = false, ${v}n = false;`);
    if (equality) {
      this.emit(`if (${a.n} || ${b.n}) { if (${a.n} && ${b.n}) ${v}n = true; else ${v} = ${op !== '=='}; } else ${v} = ${cmp(a, b)} ${test};`);
    } else {
      this.emit(`if (${a.n} || ${b.n}) ${v}n = true; else ${v} = ${cmp(a, b)} ${test};`);
    }
    return { repr: 'bool', v, n: `${v}n` };
  }

  private stringOp(op: string, e: BoundCall): Local | null {
    const [ea, eb] = e.args as [BoundExpr, BoundExpr];
    if (ea.type !== 'string' || (eb.type !== 'string' && eb.kind !== 'Const')) return null;
    const negated = op === '!~' || (op.startsWith('!') && op !== '!~');
    const base = op === '!~' ? '=~' : negated ? op.slice(1) : op;
    const a = this.gen(ea);
    const v = this.local();
    if (base === 'matches regex') {
      if (eb.kind !== 'Const') return null;
      const re = safeRegex(String(eb.value ?? ''));
      if (!re) return null;
      this.emit(`const ${v} = ${this.param(re)}.test(${a.v});`);
      return { repr: 'bool', v, n: 'false' };
    }
    if (eb.kind === 'Const') {
      if (eb.type !== 'string') return null;
      const pred = constantPredicate(base, (eb.value as string | null) ?? '');
      this.emit(`const ${v} = ${this.param(pred)}(${a.v}) !== ${negated};`);
    } else {
      const b = this.gen(eb);
      this.emit(`const ${v} = ${this.param(stringPredicate(base))}(${a.v}, ${b.v}) !== ${negated};`);
    }
    return { repr: 'bool', v, n: 'false' };
  }

  private member(e: BoundCall): Local | null {
    const [target, key] = e.args as [BoundExpr, BoundExpr];
    if (key.kind !== 'Const' || key.value === null) return null;
    const t = this.gen(target);
    const v = this.local();
    if (typeof key.value === 'string' && isPlainMemberName(key.value)) {
      // `d.Name`: a named property load (its inline cache is this site's own) instead of a keyed
      // load through a shared helper — about half the cost over a million bags of mixed shapes.
      // The name is an identifier (checked) that Object.prototype does not have, so a defined
      // value is the bag's own member; arrays have no named members.
      this.emit(`let ${v} = null;`);
      this.emit(`if (${t.v} !== null && typeof ${t.v} === 'object' && !Array.isArray(${t.v})) { const w = ${t.v}.${key.value}; if (w !== undefined) ${v} = w; }`);
      return { repr: 'dyn', v, n: `(${v} === null)` };
    }
    this.emit(`const ${v} = ${this.param(accessMember)}(${t.v}, ${this.param(typeof key.value === 'bigint' ? Number(key.value) : key.value)});`);
    return { repr: 'dyn', v, n: `(${v} === null)` };
  }

  /** todatetime(text or dynamic) straight into (ms, sub) — no BigInt on the common ISO path. */
  private toDateTime(arg: BoundExpr): Local {
    const a = this.gen(arg);
    const v = this.local();
    const f = this.param(toDateTimeParts);
    const t = this.param(arg.type);
    this.emit(`let ${v} = 0, ${v}s = 0, ${v}n = true;`);
    this.emit(`if (!${a.n} && ${f}(${a.v}, ${t})) { ${v} = ${this.param(SCRATCH_MS)}[0]; ${v}s = ${this.param(SCRATCH_SUB)}[0]; ${v}n = false; }`);
    return { repr: 'dt', v, n: `${v}n`, s: `${v}s` };
  }

  /** A row-at-a-time function: its boxed arguments, null propagation, and the boxed result. */
  private rowCall(e: BoundCall): Local | null {
    if (e.impl.kind !== 'row') return null;
    const args = e.args.map((x) => this.gen(x));
    const boxed = args.map((a) => this.box(a));
    const v = this.local();
    const fn = this.param(e.impl.fn);
    const anyNull = args.map((a) => a.n).filter((n) => n !== 'false').join(' || ') || 'false';
    let call = `${fn}(${boxed.join(', ')})`;
    // tostring(dynamic) of a string is that string, of null the empty string: answered inline
    if (e.name === 'tostring' && e.args.length === 1 && e.args[0]!.type === 'dynamic') call = `(${boxed[0]} === null ? '' : typeof ${boxed[0]} === 'string' ? ${boxed[0]} : ${call})`;
    // parse_json('') is null (gettype-function.md): empty text — a missing member's tostring — skips the call
    if (e.name === 'parse_json' && e.args.length === 1 && e.args[0]!.type === 'string') call = `(${boxed[0]} === '' ? null : ${call})`;
    if (e.name === 'parse_json_member') call = `(${boxed[0]} === '' ? null : ${call})`; // parse_json(text).key (binder)
    this.emit(`let ${v} = ${e.impl.nullPropagating ? `(${anyNull}) ? null : ` : ''}${call};`);
    this.emit(`if (${v} === undefined) ${v} = null;`);
    return this.unbox(e.type, v);
  }

  private box(a: Local): string {
    if (a.repr === 'dt') return `(${a.n} ? null : ${this.param(joinTicks)}(${a.v}, ${a.s}))`;
    if (a.repr === 'str' || a.repr === 'dyn') return a.v;
    return `(${a.n} ? null : ${a.v})`;
  }

  private unbox(type: KqlType, v: string): Local {
    const repr = reprOf(type);
    switch (repr) {
      case 'str':
        this.emit(`if (${v} === null) ${v} = '';`);
        return { repr, v, n: 'false' };
      case 'dt': {
        const w = this.local();
        this.emit(`let ${w} = 0, ${w}s = 0; if (${v} !== null) { const p = ${this.param(splitTicks)}(${v}); ${w} = p[0]; ${w}s = p[1]; }`);
        return { repr, v: w, n: `(${v} === null)`, s: `${w}s` };
      }
      default:
        if (type === 'long') this.emit(`if (typeof ${v} === 'bigint') throw ${this.param(BAIL)};`);
        return { repr, v, n: `(${v} === null)` };
    }
  }

  compile(root: BoundExpr): CompiledExpr | null {
    const out = this.gen(root);
    if (this.inputs.length === 1 && this.inputs[0] === root && this.inputDicts[0] === null) return null; // nothing compiled
    const body = this.lines.join('\n      ');
    const prologue = this.inputs
      .map((_, j) =>
        this.inputLazy[j]
          ? `const c${j} = C[${j}].c, m${j} = C[${j}].m, w${j} = C[${j}].w, dv${j} = C[${j}].v;`
          : `const d${j} = I[${j}].data, u${j} = I[${j}].nulls, s${j} = I[${j}].sub ?? null${this.inputDicts[j] ? `, c${j} = C[${j}].c` : ''};`)
      .join('\n    ');
    const loop = (inner: string) => `
    const count = sel === null ? n : sel.length;
    for (let k = 0; k < count; k++) {
      const i = sel === null ? k : sel[k];
      ${body}
      ${inner}
    }`;
    const makeSelect = cachedFunction(['I', 'P', 'n', 'sel', 'S', 'C'], `"use strict";
    ${prologue}
    let m = 0;${loop(`if (!${out.n} && ${out.v}) S[m++] = i;`)}
    return m;`) as (I: Vector[], P: unknown[], n: number, sel: Int32Array | null, S: Int32Array, C: (DictSlot | null)[]) => number;
    const write = writer(out);
    const makeVector = cachedFunction(['I', 'P', 'n', 'sel', 'O', 'C'], `"use strict";
    ${prologue}
    const D = O.data; let N = O.nulls; let SUB = O.sub ?? null;${loop(write)}
    if (N !== null) O.nulls = N;
    if (SUB !== null) O.sub = SUB;`) as (I: Vector[], P: unknown[], n: number, sel: Int32Array | null, O: Vector, C: (DictSlot | null)[]) => void;
    const inputs = this.inputs;
    const dicts = this.inputDicts;
    const lazy = this.inputLazy;
    const params = this.params;
    const type = root.type;
    const noCodes = inputs.map(() => null);
    // a dictionary candidate's input: its values over the dictionary of its column (present: dictAware
    // chose this variant for it), read through the codes
    const gather = (batch: Batch, ctx: EvalContext, C: (DictSlot | null)[]) =>
      inputs.map((x, j) => {
        const cand = dicts[j];
        if (cand) {
          const dict = usableDict(batch.columns[cand.column], batch.n)!;
          const repr = lazy[j];
          if (repr) {
            const size = dict.values.length;
            const w = repr === 'num' ? new Float64Array(size) : repr === 'str' ? new Array<string | undefined>(size) : null;
            C[j] = { c: dict.codes, v: dict.values, m: repr === 'str' ? null : new Uint8Array(size), w };
            return NO_VECTOR;
          }
          C[j] = { c: dict.codes, v: null, m: null, w: null };
          return evalOverDict(cand, dict, batch.sel, ctx, vectorOf);
        }
        return x.kind === 'Column' ? batch.columns[x.index]! : toVector(evaluate(x, batch, ctx), batch.n);
      });
    const anyDict = dicts.some((d) => d !== null);
    const codesArray = (): (DictSlot | null)[] => (anyDict ? inputs.map(() => null) : noCodes);
    // a long input with values beyond 2^53 (an exact sidecar): the interpreter handles it exactly
    const exactInput = (I: Vector[]) => I.some((x) => x.type === 'long' && x.big);
    return {
      vector(batch, ctx) {
        const C = codesArray();
        const I = gather(batch, ctx, C);
        if (exactInput(I)) return interpretVector(root, batch, ctx);
        const o = allocVector(type, batch.n);
        try {
          makeVector(I, params, batch.n, batch.sel, o, C);
        } catch (err) {
          if (err === BAIL) return interpretVector(root, batch, ctx);
          throw err;
        }
        return o;
      },
      select(batch, ctx) {
        const C = codesArray();
        const I = gather(batch, ctx, C);
        if (exactInput(I)) return interpretSelect(root, batch, ctx);
        const S = new Int32Array(batch.sel === null ? batch.n : batch.sel.length);
        let m: number;
        try {
          m = makeSelect(I, params, batch.n, batch.sel, S, C);
        } catch (err) {
          if (err === BAIL) return interpretSelect(root, batch, ctx);
          throw err;
        }
        return S.subarray(0, m);
      },
    };
  }
}

/**
 * Generated functions by their source: a query run again (or a similar one) reuses the compiled
 * function instead of asking V8 to compile new source. Sources hold no literals (those are P[k]).
 */
const functionCache = new Map<string, unknown>();
function cachedFunction(params: string[], body: string): never {
  const key = `${params.join(',')}\n${body}`;
  let f = functionCache.get(key);
  if (f === undefined) {
    if (functionCache.size > 2000) functionCache.clear();
    if (globalThis.process?.env?.KQL_DUMP_CODE) console.error(body);
    f = new Function(...params, body);
    functionCache.set(key, f);
  }
  return f as never;
}

/** Generated code that stores the value at row i of the output vector O (D = data, N = nulls). */
function writer(out: Local): string {
  const setNull = 'if (N === null) N = new Uint8Array(n); N[i] = 1;';
  switch (out.repr) {
    case 'str':
    case 'dyn':
      return `D[i] = ${out.v};`;
    case 'bool':
      return `if (${out.n}) { ${setNull} } else D[i] = ${out.v} ? 1 : 0;`;
    case 'dt':
      return `if (${out.n}) { ${setNull} } else { D[i] = ${out.v}; if (${out.s} !== 0) { if (SUB === null) SUB = new Uint16Array(n); SUB[i] = ${out.s}; } }`;
    default:
      return `if (${out.n}) { ${setNull} } else D[i] = ${out.v};`;
  }
}

const SCRATCH_MS = new Float64Array(1);
const SCRATCH_SUB = new Uint16Array(1);

/**
 * todatetime() of a string or dynamic value into the scratch (ms, sub); false when it is not a datetime.
 * The last text is remembered: rows a join fanned out from one event carry the same text side by side.
 */
let lastText: string | null = null;
let lastOk = false;
let lastMs = 0;
let lastSub = 0;
function toDateTimeParts(x: unknown, type: KqlType): boolean {
  if (typeof x === 'string') {
    if (x === lastText) {
      SCRATCH_MS[0] = lastMs;
      SCRATCH_SUB[0] = lastSub;
      return lastOk;
    }
    lastText = x;
    lastOk = parseDateTimeInto(x, SCRATCH_MS, SCRATCH_SUB, 0) || convertParts(x, type);
    lastMs = SCRATCH_MS[0]!;
    lastSub = SCRATCH_SUB[0]!;
    return lastOk;
  }
  return convertParts(x, type);
}

function convertParts(x: unknown, type: KqlType): boolean {
  const t = convertTo('datetime', type, x as Scalar);
  if (t === null) return false;
  const [ms, sub] = splitTicks(t as bigint);
  SCRATCH_MS[0] = ms;
  SCRATCH_SUB[0] = sub;
  return true;
}

/**
 * A member name the generated code may write as `.name`: an ASCII identifier (nothing else can reach
 * the source text) that no object inherits from Object.prototype (`constructor`, `__proto__`, …),
 * so a defined value read by name is always the bag's own member.
 */
const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
function isPlainMemberName(name: string): boolean {
  return PLAIN_NAME.test(name) && !(name in Object.prototype);
}

/** A structural key for common-subexpression reuse: equal keys compute equal values. */
function exprKey(e: BoundExpr): string {
  switch (e.kind) {
    case 'Column':
      return `#${e.index}`;
    case 'Const':
      return `=${e.type}:${typeof e.value === 'bigint' ? `${e.value}n` : JSON.stringify(e.value)}`;
    case 'Subquery':
      return `?${subqueryId(e)}`;
    case 'Call':
      return `${e.name}:${e.type}(${e.args.map(exprKey).join(',')})`;
  }
}

const subqueryIds = new WeakMap<object, number>();
let nextSubqueryId = 0;
function subqueryId(e: object): number {
  let id = subqueryIds.get(e);
  if (id === undefined) subqueryIds.set(e, (id = nextSubqueryId++));
  return id;
}

