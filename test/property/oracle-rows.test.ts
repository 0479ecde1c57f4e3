// Vector kernels ≡ a row-at-a-time oracle: a tiny independent interpreter (following KUSTO-SEMANTICS.md)
// computes each generated expression per row, and the engine must agree on `T | extend r = e | project r`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database, KqlError } from '../../src/index.js';
import { Chooser, choicesArb, kqlString, type GenColumn } from './generators.js';
import { runs } from './config.js';

// ───────────────────────────── the table ─────────────────────────────

/** Small values only: products stay exact in doubles, so long arithmetic needs no 64-bit wrap-around. */
const SCHEMA: GenColumn[] = [
  { name: 'rowid', type: 'long' },
  { name: 'b', type: 'bool' },
  { name: 'i', type: 'int' },
  { name: 'l', type: 'long' },
  { name: 'l2', type: 'long' },
  { name: 'r', type: 'real' },
  { name: 's', type: 'string' },
  { name: 's2', type: 'string' },
];

/** ASCII only: case folding and term boundaries are then unambiguous (KUSTO-SEMANTICS 11). */
const ORACLE_STRINGS = ['', 'a', 'A', 'abc', 'ABC', 'aBc', 'Hello World', 'hello-world', 'foo bar', 'foobar', 'FOO', 'x y z', 'a.b.c', '42', 'abcabc', ' lead'];
const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { freq: 4, nil: null });

const VALUES: Record<string, fc.Arbitrary<unknown>> = {
  b: nullable(fc.boolean()),
  i: nullable(fc.integer({ min: -20, max: 20 })),
  l: nullable(fc.integer({ min: -1000, max: 1000 })),
  l2: nullable(fc.integer({ min: -5, max: 5 })),
  r: nullable(fc.oneof(fc.constantFrom(0, -0, 0.5, -1.25, NaN, Infinity, -Infinity, 3), fc.integer({ min: -40, max: 40 }).map((k) => k / 8))),
  s: fc.oneof(fc.constantFrom(...ORACLE_STRINGS), fc.constant(null)),
  s2: fc.constantFrom(...ORACLE_STRINGS),
};

type Row = Record<string, unknown>;

const tableArb: fc.Arbitrary<Row[]> = fc
  .array(fc.record(Object.fromEntries(Object.entries(VALUES)) as Record<string, fc.Arbitrary<unknown>>), { maxLength: 12, size: 'max' })
  .map((rows) => rows.map((r, k) => ({ rowid: k, ...r })));

/** A loaded row as the engine sees it: a null string is the empty string (KUSTO-SEMANTICS 5). */
function loaded(row: Row): Row {
  return { ...row, s: row.s ?? '', s2: row.s2 ?? '' };
}

// ───────────────────────────── the expressions ─────────────────────────────

type T = 'long' | 'real' | 'bool' | 'string';
type V = number | boolean | string | null;

interface E {
  text: string;
  type: T;
  eval: (row: Row) => V;
}

type Family = 'arith' | 'compare' | 'logic' | 'string' | 'cond';

const STR_OPS = ['==', '!=', '=~', '!~', 'has', '!has', 'has_cs', 'hasprefix', 'hassuffix', 'contains', '!contains', 'contains_cs',
  'startswith', '!startswith', 'startswith_cs', 'endswith', '!endswith', 'endswith_cs'] as const;
const NEEDLES = ['a', 'A', 'abc', 'ABC', 'hello', 'World', 'foo', 'bar', 'b', 'x', 'z', '42', 'lo W', 'o-w', 'a.b', 'bc'];

const isTermChar = (ch: string) => /[A-Za-z0-9]/.test(ch);
/** Maximal runs of ASCII alphanumerics. */
const terms = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean);

/** `has` family by the term rule: a needle of one term matches whole terms (or their prefix/suffix). */
function termOp(hay: string, needle: string, mode: 'has' | 'prefix' | 'suffix', cs: boolean): boolean {
  const h = cs ? hay : hay.toLowerCase();
  const n = cs ? needle : needle.toLowerCase();
  if ([...n].every(isTermChar)) {
    return terms(h).some((t) => (mode === 'has' ? t === n : mode === 'prefix' ? t.startsWith(n) : t.endsWith(n)));
  }
  // a needle with punctuation: a substring whose alphanumeric ends sit on term boundaries
  for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + 1)) {
    const end = at + n.length;
    const leftOk = mode === 'suffix' || !isTermChar(n[0]!) || at === 0 || !isTermChar(h[at - 1]!);
    const rightOk = mode === 'prefix' || !isTermChar(n[n.length - 1]!) || end === h.length || !isTermChar(h[end]!);
    if (leftOk && rightOk) return true;
  }
  return false;
}

function stringOp(op: (typeof STR_OPS)[number], a: string, b: string): boolean {
  const lo = (x: string) => x.toLowerCase();
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '=~': return lo(a) === lo(b);
    case '!~': return lo(a) !== lo(b);
    case 'has': return termOp(a, b, 'has', false);
    case '!has': return !termOp(a, b, 'has', false);
    case 'has_cs': return termOp(a, b, 'has', true);
    case 'hasprefix': return termOp(a, b, 'prefix', false);
    case 'hassuffix': return termOp(a, b, 'suffix', false);
    case 'contains': return lo(a).includes(lo(b));
    case '!contains': return !lo(a).includes(lo(b));
    case 'contains_cs': return a.includes(b);
    case 'startswith': return lo(a).startsWith(lo(b));
    case '!startswith': return !lo(a).startsWith(lo(b));
    case 'startswith_cs': return a.startsWith(b);
    case 'endswith': return lo(a).endsWith(lo(b));
    case '!endswith': return !lo(a).endsWith(lo(b));
    case 'endswith_cs': return a.endsWith(b);
  }
}

/** Kusto's integer ops: division truncates toward zero; modulo is never negative (KUSTO-SEMANTICS 13). */
function longArith(op: string, a: number, b: number): number | null {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? null : Math.trunc(a / b);
    default: {
      if (b === 0) return null;
      const m = a % b;
      return m < 0 ? m + Math.abs(b) : m;
    }
  }
}

function realArith(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default: return a / b;
  }
}

/**
 * One null operand: == is false and != is true; both null: null (null-values.md, "Equality and
 * inequality of null values"); ordering with a null is null; NaN as IEEE.
 */
function compareOp(op: string, a: number | null, b: number | null): boolean | null {
  if (a === null && b === null) return null;
  if (a === null || b === null) return op === '==' ? false : op === '!=' ? true : null;
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    default: return a >= b;
  }
}

const paren = (s: string) => `(${s})`;

class OracleGen {
  constructor(private readonly c: Chooser, private readonly families: readonly Family[]) {}

  private allowed(f: Family) {
    return this.families.includes(f);
  }

  /** Leaves are the exception: once the choices run out the tree still grows to `depth`. */
  gen(t: T, depth: number): E {
    if (depth <= 0 || this.c.chance(25)) return this.leaf(t);
    return this.node(t, depth);
  }

  /** A non-leaf expression (the top of every generated tree). */
  node(t: T, depth: number): E {
    switch (t) {
      case 'long':
      case 'real':
        return this.num(t, depth - 1);
      case 'bool':
        return this.bool(depth - 1);
      case 'string':
        return this.str(depth - 1);
    }
  }

  leaf(t: T): E {
    const c = this.c;
    const col = (name: string, type: T): E => ({ text: name, type, eval: (row) => (row[name] ?? (type === 'string' ? '' : null)) as V });
    switch (t) {
      case 'long': {
        const k = c.int(5);
        if (k === 0) return col(c.pick(['l', 'l2']), 'long');
        if (k === 1) return col('i', 'long');
        const [text, v] = c.pick([['0', 0], ['1', 1], ['-2', -2], ['7', 7], ['long(null)', null], ['int(3)', 3], ['int(null)', null]] as const);
        return { text, type: 'long', eval: () => v };
      }
      case 'real': {
        if (c.chance(60)) return col('r', 'real');
        const [text, v] = c.pick([['1.5', 1.5], ['-0.5', -0.5], ['0.0', 0], ['real(null)', null], ['real(nan)', NaN], ['real(+inf)', Infinity], ['2.0', 2]] as const);
        return { text, type: 'real', eval: () => v };
      }
      case 'bool': {
        if (c.chance(50)) return col('b', 'bool');
        const [text, v] = c.pick([['true', true], ['false', false], ['bool(null)', null]] as const);
        return { text, type: 'bool', eval: () => v };
      }
      case 'string': {
        if (c.chance(70)) return col(c.pick(['s', 's2']), 'string');
        const v = c.pick(ORACLE_STRINGS);
        return { text: kqlString(v), type: 'string', eval: () => v };
      }
    }
  }

  num(t: 'long' | 'real', depth: number): E {
    const c = this.c;
    const options: (() => E)[] = [];
    if (this.allowed('arith')) {
      options.push(() => {
        const op = c.pick(['+', '-', '*', '/', '%']);
        const a = this.gen(t, depth);
        if (t === 'long' && (op === '/' || op === '%')) {
          // integer division and modulo by non-zero constants (division by zero is a separate question)
          const d = c.pick(op === '%' ? [2, 3, 7, -4] : [2, 3, -4, 7]);
          return { text: `${paren(a.text)} ${op} ${d}`, type: 'long', eval: (row) => { const x = a.eval(row) as number | null; return x === null ? null : longArith(op, x, d); } };
        }
        // long products by a small factor only, so nested products stay exact below 2^53
        const b = t === 'long' && op === '*' ? this.leaf('long') : this.gen(t === 'real' && c.chance(30) ? 'long' : t, depth);
        const realOp = op === '%' ? '*' : op; // real modulo is left out: its sign convention is not pinned down
        const o = t === 'real' ? realOp : op;
        return {
          text: `${paren(a.text)} ${o} ${paren(b.text)}`,
          type: t,
          eval: (row) => {
            const x = a.eval(row) as number | null;
            const y = b.eval(row) as number | null;
            if (x === null || y === null) return null;
            return t === 'long' ? longArith(o, x, y) : realArith(o, x, y);
          },
        };
      });
      options.push(() => {
        const a = this.gen(t, depth);
        return { text: `-${paren(a.text)}`, type: t, eval: (row) => { const x = a.eval(row) as number | null; return x === null ? null : -x; } };
      });
      if (t === 'long') {
        options.push(() => {
          const s = this.gen('string', depth);
          return { text: `strlen(${s.text})`, type: 'long', eval: (row) => (s.eval(row) as string).length };
        });
      }
    }
    if (this.allowed('cond')) options.push(() => this.iif(t, depth), () => this.coalesce(t, depth));
    if (!options.length) return this.leaf(t);
    return c.pick(options)();
  }

  bool(depth: number): E {
    const c = this.c;
    const options: (() => E)[] = [];
    if (this.allowed('compare')) {
      options.push(() => {
        const op = c.pick(['==', '!=', '<', '<=', '>', '>=']);
        const a = this.gen(c.pick(['long', 'real'] as const), depth);
        const b = this.gen(c.pick(['long', 'real'] as const), depth);
        return {
          text: `${paren(a.text)} ${op} ${paren(b.text)}`,
          type: 'bool',
          eval: (row) => compareOp(op, a.eval(row) as number | null, b.eval(row) as number | null),
        };
      });
      options.push(() => {
        const neg = c.chance(40);
        const a = this.gen('long', depth);
        const items = c.subset([1, 2, -2, 0, 7], 3);
        return {
          text: `${paren(a.text)} ${neg ? '!in' : 'in'} (${items.join(', ')})`,
          type: 'bool',
          eval: (row) => {
            const x = a.eval(row) as number | null;
            const found = x !== null && items.includes(x);
            return neg ? !found : found;
          },
        };
      });
      options.push(() => {
        const fn = c.pick(['isnull', 'isnotnull', 'isempty', 'isnotempty'] as const);
        const a = this.gen(c.pick(['long', 'real', 'string', 'bool'] as const), depth);
        return {
          text: `${fn}(${a.text})`,
          type: 'bool',
          eval: (row) => {
            const v = a.eval(row);
            const isNull = v === null;
            const isEmpty = v === null || v === '';
            return fn === 'isnull' ? isNull : fn === 'isnotnull' ? !isNull : fn === 'isempty' ? isEmpty : !isEmpty;
          },
        };
      });
    }
    if (this.allowed('logic')) {
      options.push(() => {
        const op = c.pick(['and', 'or'] as const);
        const a = this.gen('bool', depth);
        const b = this.gen('bool', depth);
        return {
          text: `${paren(a.text)} ${op} ${paren(b.text)}`,
          type: 'bool',
          eval: (row) => {
            const x = a.eval(row) as boolean | null;
            const y = b.eval(row) as boolean | null;
            if (op === 'and') return x === false || y === false ? false : x === null || y === null ? null : true;
            return x === true || y === true ? true : x === null || y === null ? null : false;
          },
        };
      });
      options.push(() => {
        const a = this.gen('bool', depth);
        return { text: `not(${a.text})`, type: 'bool', eval: (row) => { const x = a.eval(row); return x === null ? null : !x; } };
      });
    }
    if (this.allowed('string')) {
      options.push(() => {
        const op = c.pick(STR_OPS);
        const a = this.gen('string', depth);
        const needle = c.pick(NEEDLES);
        return { text: `${paren(a.text)} ${op} ${kqlString(needle)}`, type: 'bool', eval: (row) => stringOp(op, a.eval(row) as string, needle) };
      });
      options.push(() => {
        const op = c.pick(['in', '!in', 'in~', '!in~'] as const);
        const a = this.gen('string', depth);
        const items = c.subset(['a', 'A', 'abc', 'ABC', '', 'foo bar'], 3);
        return {
          text: `${paren(a.text)} ${op} (${items.map(kqlString).join(', ')})`,
          type: 'bool',
          eval: (row) => {
            const x = a.eval(row) as string;
            const ci = op.endsWith('~');
            const found = items.some((it) => (ci ? it.toLowerCase() === x.toLowerCase() : it === x));
            return op.startsWith('!') ? !found : found;
          },
        };
      });
    }
    if (this.allowed('cond')) options.push(() => this.iif('bool', depth));
    if (!options.length) return this.leaf('bool');
    return c.pick(options)();
  }

  str(depth: number): E {
    const c = this.c;
    const options: (() => E)[] = [];
    if (this.allowed('string')) {
      options.push(() => {
        const a = this.gen('string', depth);
        const b = this.gen('string', depth);
        return { text: `strcat(${a.text}, ${b.text})`, type: 'string', eval: (row) => (a.eval(row) as string) + (b.eval(row) as string) };
      });
      options.push(() => {
        const a = this.gen('long', depth);
        return { text: `tostring(${a.text})`, type: 'string', eval: (row) => { const x = a.eval(row); return x === null ? '' : String(x); } };
      });
    }
    if (this.allowed('cond')) options.push(() => this.iif('string', depth), () => this.coalesce('string', depth));
    if (!options.length) return this.leaf('string');
    return c.pick(options)();
  }

  /** iif(c, a, b): a when c is true; b when c is false or null. */
  iif(t: T, depth: number): E {
    const cond = this.gen('bool', depth);
    const a = this.gen(t, depth);
    const b = this.gen(t, depth);
    return { text: `iif(${cond.text}, ${a.text}, ${b.text})`, type: t, eval: (row) => (cond.eval(row) === true ? a.eval(row) : b.eval(row)) };
  }

  /** coalesce: the first non-null argument; for strings the first non-empty one. */
  coalesce(t: T, depth: number): E {
    const args = [this.gen(t, depth), this.gen(t, depth), ...(this.c.chance(30) ? [this.gen(t, depth)] : [])];
    return {
      text: `coalesce(${args.map((a) => a.text).join(', ')})`,
      type: t,
      eval: (row) => {
        for (const a of args) {
          const v = a.eval(row);
          if (v !== null && v !== '') return v;
        }
        return t === 'string' ? '' : null;
      },
    };
  }
}

// ───────────────────────────── comparison ─────────────────────────────

/** The oracle's value as `toJSON()` renders it: non-finite reals as text, -0 as 0. */
function asJson(v: V, t: T): unknown {
  if (typeof v === 'number') {
    if (t === 'real' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return v + 0;
  }
  return v;
}

const normalize = (v: unknown) => (typeof v === 'number' ? v + 0 : v);

function check(rows: Row[], e: E): void {
  const db = new Database({ now: '2026-01-01T00:00:00Z' });
  db.addTable('T', rows, SCHEMA);
  const expected = rows.map((row) => asJson(e.eval(loaded(row)), e.type));
  let got: unknown[];
  try {
    got = db.querySync(`T | extend r = ${e.text} | project r`, { timeoutMs: 2000 }).toJSON().rows.map((r) => normalize(r[0]));
  } catch (err) {
    if (err instanceof KqlError) throw new Error(`engine rejected\n  ${e.text}\n  ${err.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
    throw err;
  }
  const diffs = rows.flatMap((row, k) => (Object.is(got[k], expected[k]) || got[k] === expected[k] ? [] : [`row ${JSON.stringify(row)}: engine ${JSON.stringify(got[k])}, oracle ${JSON.stringify(expected[k])}`]));
  expect(diffs, `T | extend r = ${e.text}`).toEqual([]);

  // the same predicate as a filter keeps exactly the rows where it is true (null and false are dropped)
  if (e.type === 'bool') {
    const kept = db.querySync(`T | where ${e.text} | project rowid`).toJSON().rows.map((r) => r[0]);
    const want = rows.filter((row) => e.eval(loaded(row)) === true).map((row) => row.rowid);
    expect(kept, `T | where ${e.text}`).toEqual(want);
  }
}

function property(families: Family[], t: T | 'any', numRuns: number) {
  fc.assert(
    fc.property(tableArb, choicesArb(120), fc.constantFrom<T>('long', 'real', 'bool', 'string'), (rows, choices, anyType) => {
      const e = new OracleGen(new Chooser(choices), families).node(t === 'any' ? anyType : t, 3);
      check(rows, e);
    }),
    { numRuns },
  );
}

describe('vector kernels ≡ row-at-a-time oracle', () => {
  it('arithmetic with nulls (long and real, integer division and modulo)', () => property(['arith'], 'any', runs(250)));
  it('comparisons: one null operand makes == false and != true, two make both null; ordering with null is null', () => property(['compare', 'arith'], 'bool', runs(200)));
  it('and / or / not are three-valued', () => property(['logic', 'compare'], 'bool', runs(200)));
  it('has / contains / startswith / endswith / in: case and term rules', () => property(['string', 'logic'], 'bool', runs(250)));
  it('iif and coalesce', () => property(['cond', 'compare'], 'any', runs(200)));
  it('everything mixed', () => property(['arith', 'compare', 'logic', 'string', 'cond'], 'any', runs(300)));
});
