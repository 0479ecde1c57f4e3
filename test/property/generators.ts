// fast-check arbitraries for the property suite: typed tables with nulls, mostly-valid KQL queries, garbage text.
import fc from 'fast-check';
import type { Database } from '../../src/index.js';
import type { KqlType } from '../../src/types.js';
import type { KnownBugId } from './known-bugs.js';

// ───────────────────────────── tables ─────────────────────────────

export interface GenColumn {
  name: string;
  type: KqlType;
}

/** A table as handed to `db.addTable`: plain records (JS load forms) and an explicit schema. */
export interface GenTable {
  name: string;
  schema: GenColumn[];
  rows: Record<string, unknown>[];
}

/** The main table's columns: one of each KQL type, a second string for joins and term matching. */
export const MAIN_SCHEMA: readonly GenColumn[] = [
  { name: 'flag', type: 'bool' },
  { name: 'n', type: 'int' },
  { name: 'id', type: 'long' },
  { name: 'x', type: 'real' },
  { name: 'amt', type: 'decimal' },
  { name: 'name', type: 'string' },
  { name: 'tag', type: 'string' },
  { name: 'at', type: 'datetime' },
  { name: 'dur', type: 'timespan' },
  { name: 'uid', type: 'guid' },
  { name: 'bag', type: 'dynamic' },
];

const TICKS_PER_MS = 10_000n;
const TICKS_PER_DAY = 864_000_000_000n;
/** 2024-01-01T00:00:00Z in ticks since the Unix epoch. */
const TICKS_2024 = 1_704_067_200_000n * TICKS_PER_MS;

/** 100-ns ticks since the epoch → ISO text with all seven fractional digits (sub-millisecond ticks survive). */
export function ticksToIso(ticks: bigint): string {
  let ms = ticks / TICKS_PER_MS;
  let sub = ticks - ms * TICKS_PER_MS;
  if (sub < 0n) {
    ms -= 1n;
    sub += TICKS_PER_MS;
  }
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${sub.toString().padStart(4, '0')}Z`;
}

/** Strings chosen to exercise has (terms), contains, startswith, case rules and unicode. */
export const STRING_POOL = [
  '', 'a', 'A', 'abc', 'ABC', 'Hello World', 'hello-world', 'foo bar', 'foobar', 'x y z', 'Zed', 'zed',
  'café', 'ÉCOLE', '東京', 'a.b.c', ' lead', 'trail ', '42', '-7', '1.5',
] as const;

const nullable = <T>(arb: fc.Arbitrary<T>, freq = 1): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: fc.constant(null), weight: freq });

export const boolValue = nullable(fc.boolean());
export const intValue = nullable(
  fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 6 },
    { arbitrary: fc.constantFrom(-2147483648, 2147483647, 1000), weight: 1 },
    { arbitrary: fc.integer({ min: -2147483648, max: 2147483647 }), weight: 1 },
  ),
);
/**
 * Longs and reals come in two ranges. The default one keeps every sum exact in any order (small
 * integers, multiples of 1/4, NaN and ±Infinity), so two correct runs that add rows in another
 * order agree; the `extreme` one adds 2^53-sized longs and huge or tiny doubles, for the
 * robustness properties, where only "no crash" is compared.
 */
export const longValue = nullable(
  fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 6 },
    { arbitrary: fc.integer({ min: -100000, max: 100000 }), weight: 2 },
  ),
);
export const extremeLongValue = nullable(
  fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 4 },
    { arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 4294967296), weight: 1 },
    { arbitrary: fc.maxSafeInteger(), weight: 1 },
  ),
);
export const realValue = nullable(
  fc.oneof(
    { arbitrary: fc.constantFrom(0, -0, 0.5, -1.25, 2.5, 3, NaN, Infinity, -Infinity), weight: 3 },
    { arbitrary: fc.integer({ min: -80, max: 80 }).map((k) => k / 4), weight: 4 },
  ),
);
export const extremeRealValue = nullable(
  fc.oneof(
    { arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e300, -1e300, 5e-324, Number.MAX_VALUE), weight: 2 },
    { arbitrary: fc.double(), weight: 2 },
  ),
);
export const decimalValue = nullable(fc.integer({ min: -2000, max: 2000 }).map((k) => k / 100));
export const stringValue = nullable(
  fc.oneof(
    { arbitrary: fc.constantFrom(...STRING_POOL), weight: 8 },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }), weight: 1 },
  ),
);
/** Datetimes around 2024 (some before 1970), many with sub-millisecond ticks, as 7-digit ISO text. */
export const datetimeValue = nullable(
  fc.oneof(
    { arbitrary: fc.bigInt({ min: -3n * TICKS_PER_DAY, max: 3n * TICKS_PER_DAY }).map((d) => ticksToIso(TICKS_2024 + d)), weight: 5 },
    { arbitrary: fc.integer({ min: -6, max: 6 }).map((h) => ticksToIso(TICKS_2024 + BigInt(h) * 36_000_000_000n)), weight: 3 },
    { arbitrary: fc.bigInt({ min: -20n * 365n * TICKS_PER_DAY, max: 40n * 365n * TICKS_PER_DAY }).map(ticksToIso), weight: 1 },
  ),
);
/** Timespans in milliseconds (the load form), fractional below 1 ms, negatives included. */
export const timespanValue = nullable(
  fc.oneof(
    { arbitrary: fc.integer({ min: -48, max: 48 }).map((h) => h * 3_600_000), weight: 3 },
    { arbitrary: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((t) => t / 10_000), weight: 3 },
    { arbitrary: fc.constantFrom(0, 1, 1000, 86_400_000, -0.0001), weight: 1 },
  ),
);
export const guidValue = nullable(
  fc.oneof(
    fc.constantFrom('00000000-0000-0000-0000-000000000000', '74be27de-1e4e-49d9-b579-fe0b331d3642'),
    fc.uuid(),
    fc.uuid().map((g) => `{${g.toUpperCase()}}`),
  ),
);

const dynamicKey = fc.constantFrom('a', 'b', 'c', 'x y', 'A');
const dynamicLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -2.75, 1e20),
  fc.constantFrom('a', 'abc', '', 'x y', '1'),
);
/** Nested JSON values: leaves, arrays (possibly empty), objects with a few fixed keys. */
export const dynamicValue: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    dynamicLeaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(dynamicKey, tie('node'), { maxKeys: 3 }),
  ),
})).node;

export const VALUE_ARBS: Record<KqlType, fc.Arbitrary<unknown>> = {
  bool: boolValue,
  int: intValue,
  long: longValue,
  real: realValue,
  decimal: decimalValue,
  string: stringValue,
  datetime: datetimeValue,
  timespan: timespanValue,
  guid: guidValue,
  dynamic: dynamicValue,
};

/** Rows for a schema; `null` cells are written as absent keys now and then (both must load as null). */
export function rowsArb(schema: readonly GenColumn[], maxRows = 10, extreme = false): fc.Arbitrary<Record<string, unknown>[]> {
  const arbs: Record<KqlType, fc.Arbitrary<unknown>> = extreme ? { ...VALUE_ARBS, long: extremeLongValue, real: extremeRealValue } : VALUE_ARBS;
  const record = fc.tuple(...schema.map((c) => arbs[c.type]), fc.boolean()).map((vals) => {
    const dropNulls = vals[vals.length - 1] as boolean;
    const rec: Record<string, unknown> = {};
    schema.forEach((c, i) => {
      const v = vals[i];
      if (v === null && dropNulls) return;
      rec[c.name] = v;
    });
    return rec;
  });
  return fc.array(record, { maxLength: maxRows });
}

/** The main table `T` (MAIN_SCHEMA) with 0..maxRows generated rows (`extreme`: see longValue). */
export function tableArb(maxRows = 10, name = 'T', extreme = false): fc.Arbitrary<GenTable> {
  return rowsArb(MAIN_SCHEMA, maxRows, extreme).map((rows) => ({ name, schema: MAIN_SCHEMA.map((c) => ({ ...c })), rows }));
}

export function loadTable(db: Database, t: GenTable): Database {
  db.addTable(t.name, t.rows, t.schema);
  return db;
}

// ───────────────────────────── choice sequences ─────────────────────────────

/**
 * Draws decisions from a list of naturals; when the list runs out every decision is 0, and every
 * decision's option 0 is the simplest one. Shrinking the list (shorter, smaller numbers) therefore
 * shrinks the query, the way Hypothesis shrinks its choice sequences.
 */
export class Chooser {
  private i = 0;
  constructor(
    private readonly choices: readonly number[],
    /** open engine bugs (known-bugs.ts) the generated text should not run into */
    readonly avoid: ReadonlySet<KnownBugId> = new Set(),
  ) {}
  /** an integer in [0, n) */
  int(n: number): number {
    if (n <= 1) return 0;
    const c = this.choices[this.i++];
    return c === undefined ? 0 : c % n;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Chooser.pick on an empty list');
    return xs[this.int(xs.length)]!;
  }
  /** true with the given probability; false once the choices run out (skipping the option is simpler) */
  chance(percent: number): boolean {
    return this.int(100) >= 100 - percent;
  }
  /** a non-empty subset, in the order of `xs` */
  subset<T>(xs: readonly T[], max = xs.length): T[] {
    const out = xs.filter(() => this.chance(40)).slice(0, max);
    return out.length ? out : [this.pick(xs)];
  }
}

export const choicesArb = (maxLength = 160): fc.Arbitrary<number[]> =>
  fc.array(fc.nat({ max: 9999 }), { maxLength, size: 'max' });

// ───────────────────────────── queries ─────────────────────────────

/**
 * How a result column may be compared between two runs that are each correct:
 * exact; `set` — a dynamic array whose element order is not determined (make_list/make_set over
 * unordered input); `skip` — a value chosen arbitrarily (innerunique's left row, arg_max's ties).
 */
export type Stability = 'exact' | 'set' | 'skip';

export interface ShapeColumn {
  name: string;
  type: KqlType;
  stability: Stability;
}

/** What the generator knows about the relation flowing through the pipeline. */
export interface Shape {
  cols: ShapeColumn[];
  /** the row order is fully determined (a total sort, or a single row) */
  ordered: boolean;
  /** the multiset of rows (over exact/set columns) is determined */
  rowsDet: boolean;
  /** the row count is determined */
  countDet: boolean;
}

export interface GenQuery {
  text: string;
  /** the generator's expected final shape (null after an operator whose schema it does not model) */
  shape: Shape | null;
  /** how results of this query may be compared: by full order, as a multiset, by count, or not at all */
  compare: 'ordered' | 'multiset' | 'count' | 'schema';
  /** the feature tags used (operators, join kinds), for coverage reports */
  features: string[];
}

const NUMERIC: KqlType[] = ['int', 'long', 'real', 'decimal'];
const isNum = (t: KqlType) => NUMERIC.includes(t);
const ORDERABLE: KqlType[] = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid'];

/** KQL literal text for a string (double-quoted, escaped). */
export const kqlString = (s: string): string => JSON.stringify(s);

const STRING_LITERALS = ['', 'a', 'abc', 'ABC', 'hello', 'World', 'foo', 'bar', 'x', 'zed', 'é', '東京', '1', 'hello-world', 'a.b'];
const TERM_LITERALS = ['a', 'abc', 'hello', 'world', 'foo', 'bar', 'x', 'y', 'z', 'zed', 'b', 'c', '42'];
const DATETIME_LITERALS = [
  'datetime(2024-01-01)', 'datetime(2024-01-01T12:30:00Z)', 'datetime(2023-12-31 23:59:59.9999999)',
  'datetime(1970-01-01)', 'datetime(2024-01-02T00:00:00.0000001Z)', 'datetime(null)',
];
const TIMESPAN_LITERALS = ['1h', '30m', '1d', '2s', '1tick', '-1h', '0s', 'time(1.02:03:04)', '100ms', 'timespan(null)'];

/** Generates typed scalar expressions over the columns in scope. */
export class ExprGen {
  constructor(
    private readonly c: Chooser,
    private readonly cols: readonly ShapeColumn[],
  ) {}

  private colsOf(types: readonly KqlType[]): ShapeColumn[] {
    return this.cols.filter((col) => col.stability === 'exact' && types.includes(col.type));
  }

  private colRef(types: readonly KqlType[]): { text: string; type: KqlType } | null {
    const cs = this.colsOf(types);
    if (!cs.length) return null;
    const col = this.c.pick(cs);
    return { text: quoteName(col.name), type: col.type };
  }

  /** An expression of type `t` (numeric targets may come back as a narrower numeric type). */
  gen(t: KqlType, depth = 2): { text: string; type: KqlType } {
    const leaf = depth <= 0 || !this.c.chance(65);
    if (!leaf && this.c.chance(30)) {
      const m = this.misc(t, depth - 1);
      if (m) return { text: m, type: t };
    }
    switch (t) {
      case 'bool':
        return { text: this.bool(depth), type: 'bool' };
      case 'int':
      case 'long':
      case 'decimal':
      case 'real':
        return leaf ? this.numLeaf(t) : this.numNode(t, depth - 1);
      case 'string':
        return { text: leaf ? this.strLeaf() : this.strNode(depth - 1), type: 'string' };
      case 'datetime':
        return { text: leaf ? this.dtLeaf() : this.dtNode(depth - 1), type: 'datetime' };
      case 'timespan':
        return { text: leaf ? this.tsLeaf() : this.tsNode(depth - 1), type: 'timespan' };
      case 'dynamic':
        return { text: this.dyn(depth - 1), type: 'dynamic' };
      case 'guid':
        return this.colRef(['guid']) ?? { text: 'toguid("74be27de-1e4e-49d9-b579-fe0b331d3642")', type: 'guid' };
    }
  }

  /**
   * A dynamic column without a static shape: T's `bag` or a datatable's `cN`. Kusto's analyzer types
   * dynamic literals, and columns computed from them, as arrays or bags and rejects mismatched access.
   */
  private sourceDynamic(): string | undefined {
    const cs = this.colsOf(['dynamic']).filter((col) => col.name === 'bag' || /^c\d+$/.test(col.name));
    return cs.length ? quoteName(this.c.pick(cs).name) : undefined;
  }

  /** The wider function catalog, by result type (null when nothing here yields `t`). */
  private misc(t: KqlType, depth: number): string | null {
    const c = this.c;
    const str = () => this.gen('string', depth).text;
    const lng = () => this.gen('long', depth).text;
    const rl = () => this.gen('real', depth).text;
    const dt = () => this.gen('datetime', depth).text;
    const pick = (fs: (() => string)[]) => c.pick(fs)();
    // bag functions need a bag, array functions an array (see sourceDynamic)
    const dynCol = this.sourceDynamic();
    const bag = () => dynCol ?? c.pick(['dynamic({"a": 1, "x y": [2]})', 'bag_pack("a", 1)']);
    const arr = () => dynCol ?? c.pick([`pack_array(${lng()}, 2)`, 'dynamic([1, 2, 3])', `split(${str()}, " ")`]);
    switch (t) {
      case 'string':
        return pick([
          () => `replace_string(${str()}, ${kqlString(c.pick(['a', ' ', 'o']))}, ${kqlString(c.pick(['', 'X', '--']))})`,
          () => `strcat_delim(${kqlString(c.pick(['-', '', ', ']))}, ${str()}, ${str()})`,
          () => `reverse(${str()})`,
          () => `strrep(${str()}, ${c.pick(['0', '2', '3'])})`,
          () => `extract(${kqlString(c.pick(['[a-z]+', '([A-Z])', '(\\d+)']))}, ${c.pick(['0', '1'])}, ${str()})`,
          () => `gettype(${this.gen(c.pick(['long', 'string', 'dynamic', 'real'] as KqlType[]), depth).text})`,
          () => `tostring(split(${str()}, ${kqlString(c.pick([' ', '-', '']))}))`,
        ]);
      case 'long':
        return pick([
          () => `indexof(${str()}, ${kqlString(c.pick(['a', 'o', '', 'zz']))})`,
          () => `countof(${str()}, ${kqlString(c.pick(['a', 'o', 'ab']))})`,
          () => `abs(${lng()})`,
          () => `datetime_diff(${kqlString(c.pick(['day', 'hour', 'minute', 'year', 'month', 'week']))}, ${dt()}, ${dt()})`,
          () => `datetime_part(${kqlString(c.pick(['year', 'month', 'day', 'hour', 'dayofyear', 'week_of_year']))}, ${dt()})`,
          () => `array_index_of(${arr()}, ${lng()})`,
          () => `array_length(split(${str()}, " "))`,
        ]);
      case 'real':
        return pick([
          () => `round(${rl()}, ${c.pick(['0', '1', '2', '-1'])})`,
          () => `floor(${rl()}, ${c.pick(['1.0', '0.5', '10.0'])})`,
          () => `ceiling(${rl()})`,
          () => `pow(${rl()}, ${c.pick(['2', '0.5', '-1'])})`,
          () => `abs(${rl()})`,
        ]);
      case 'datetime':
        return pick([
          () => `datetime_add(${kqlString(c.pick(['day', 'month', 'year', 'hour', 'week']))}, ${c.pick(['1', '-1', '12'])}, ${dt()})`,
          () => `make_datetime(${c.pick(['2024', '1970', '2000'])}, ${c.pick(['1', '2', '12'])}, ${c.pick(['1', '29', '31'])})`,
        ]);
      case 'timespan':
        return pick([() => `dayofweek(${dt()})`, () => `make_timespan(${c.pick(['1', '25', '0'])}, ${c.pick(['0', '30', '61'])})`]);
      case 'bool':
        return pick([
          () => `isascii(${str()})`,
          () => `tobool(${str()})`,
          () => `set_has_element(${arr()}, ${lng()})`,
          () => `bag_has_key(${bag()}, ${kqlString(c.pick(['a', 'b', 'x y']))})`,
          () => `${paren(str())} has_any (${c.subset(['"a"', '"hello"', '"World"', '"foo"'], 3).join(', ')})`,
          () => `${paren(str())} has_all (${c.subset(['"a"', '"hello"', '"World"'], 2).join(', ')})`,
          () => `${paren(lng())} in (dynamic([1, 2, 3]))`,
        ]);
      case 'dynamic':
        return pick([
          () => `split(${str()}, ${kqlString(c.pick([' ', '-', 'a']))})`,
          () => `bag_keys(${bag()})`,
          () => `array_concat(${arr()}, pack_array(${lng()}))`,
          () => `array_slice(pack_array(${lng()}, ${lng()}, ${lng()}), ${c.pick(['0', '1', '-1'])}, ${c.pick(['1', '2', '-1'])})`,
          () => `bag_pack(${kqlString(c.pick(['a', 'k']))}, ${lng()})`,
          () => `zip(pack_array(${lng()}), pack_array(${str()}))`,
          () => `todynamic(${str()})`,
        ]);
      default:
        return null;
    }
  }

  private numLiteral(t: KqlType): { text: string; type: KqlType } {
    switch (t) {
      case 'int':
        return { text: this.c.pick(['int(1)', 'int(-3)', 'int(0)', 'int(null)', 'int(7)']), type: 'int' };
      case 'decimal':
        return { text: this.c.pick(['decimal(1.5)', 'decimal(-2)', 'decimal(null)', 'decimal(0.01)']), type: 'decimal' };
      case 'real':
        return { text: this.c.pick(['1.5', '0.0', '-2.25', 'real(null)', 'real(nan)', 'real(+inf)', '1e3', '0.1']), type: 'real' };
      default:
        return { text: this.c.pick(['1', '0', '-1', '2', '7', '100', 'long(null)', '3']), type: 'long' };
    }
  }

  private numLeaf(t: KqlType): { text: string; type: KqlType } {
    const narrower: Record<string, KqlType[]> = {
      int: ['int'], long: ['long', 'int'], decimal: ['decimal'], real: ['real'],
    };
    if (this.c.chance(65)) {
      const ref = this.colRef(narrower[t] ?? [t]);
      if (ref) return ref;
    }
    return this.numLiteral(t);
  }

  private numNode(t: KqlType, depth: number): { text: string; type: KqlType } {
    const k = this.c.int(9);
    switch (k) {
      case 0:
      case 1: {
        if (t === 'int') return this.numLeaf(t);
        const op = this.c.pick(['+', '-', '*', '/', '%']);
        const left = this.gen(t, depth);
        // integer / and % by a non-zero constant keep the test away from division-by-zero semantics
        const right = op === '/' || op === '%' ? (t === 'real' ? this.gen(t, depth) : { text: this.c.pick(['2', '3', '-4', '7']), type: 'long' as KqlType }) : this.gen(t, depth);
        // int op int is long in Kusto (and the operands of a real or decimal target have its type)
        return { text: `${paren(left.text)} ${op} ${paren(right.text)}`, type: t };
      }
      case 2: {
        const inner = this.gen(t, depth);
        // -(int column) is long in Kusto, while a negated int constant stays int
        const constInt = inner.type === 'int' && /^int\([^()]*\)$/.test(inner.text);
        return { text: `-${paren(inner.text)}`, type: inner.type === 'int' && !constInt ? 'long' : inner.type };
      }
      case 3: {
        const cond = this.bool(depth);
        const a = this.gen(t, depth);
        const b = this.genExactly(a.type, depth);
        return { text: `iif(${cond}, ${a.text}, ${b})`, type: a.type };
      }
      case 4: {
        const a = this.gen(t, depth);
        const b = this.genExactly(a.type, depth);
        return { text: `coalesce(${a.text}, ${b})`, type: a.type };
      }
      case 5: {
        const conv: Record<string, string> = { int: 'toint', long: 'tolong', real: 'todouble', decimal: 'todecimal' };
        const src = this.gen(this.c.pick(['string', 'real', 'long', 'bool']), depth);
        return { text: `${conv[t] ?? 'tolong'}(${src.text})`, type: t };
      }
      case 6:
        if (t === 'long') return { text: `strlen(${this.gen('string', depth).text})`, type: 'long' };
        if (t === 'real') return { text: `bin(${this.gen('real', depth).text}, ${this.c.pick(['0.5', '2', '10.0'])})`, type: 'real' };
        return this.numLeaf(t);
      case 7: {
        if (t === 'int') return this.numLeaf(t);
        const a = this.gen(t, depth);
        const b = this.genExactly(a.type, depth);
        const c = this.genExactly(a.type, depth);
        return { text: `case(${this.bool(depth)}, ${a.text}, ${this.bool(depth)}, ${b}, ${c})`, type: a.type };
      }
      default:
        if (t === 'long') {
          if (this.colsOf(['dynamic']).length && this.c.chance(50)) return { text: `array_length(${this.dyn(depth)})`, type: 'long' };
          return { text: `bin(${this.gen('long', depth).text}, ${this.c.pick(['3', '10', '1'])})`, type: 'long' };
        }
        return this.numLeaf(t);
    }
  }

  /** An expression of exactly type `t` (wrapped in a conversion when the generator drifted). */
  genExactly(t: KqlType, depth: number): string {
    const e = this.gen(t, depth);
    if (e.type === t) return e.text;
    const conv: Partial<Record<KqlType, string>> = { int: 'toint', long: 'tolong', real: 'todouble', decimal: 'todecimal' };
    return `${conv[t] ?? 'tostring'}(${e.text})`;
  }

  private strLeaf(): string {
    if (this.c.chance(65)) {
      const ref = this.colRef(['string']);
      if (ref) return ref.text;
    }
    return kqlString(this.c.pick(STRING_LITERALS));
  }

  private strNode(depth: number): string {
    switch (this.c.int(9)) {
      case 0:
        return `tostring(${this.gen(this.c.pick(ORDERABLE), depth).text})`;
      case 1:
        return `strcat(${this.gen('string', depth).text}, ${this.gen('string', depth).text})`;
      case 2:
        return `iif(${this.bool(depth)}, ${this.gen('string', depth).text}, ${this.gen('string', depth).text})`;
      case 3:
        return `coalesce(${this.gen('string', depth).text}, ${this.gen('string', depth).text})`;
      case 4:
        return `case(${this.bool(depth)}, ${this.gen('string', depth).text}, ${this.gen('string', depth).text})`;
      case 5:
        return `${this.c.pick(['tolower', 'toupper'])}(${this.gen('string', depth).text})`;
      case 6:
        return `substring(${this.gen('string', depth).text}, ${this.c.pick(['0', '1', '2'])}, ${this.c.pick(['1', '3'])})`;
      case 7:
        if (this.colsOf(['dynamic']).length) return `tostring(${this.dyn(depth)})`;
        return this.strLeaf();
      default:
        return this.strLeaf();
    }
  }

  private dtLeaf(): string {
    if (this.c.chance(65)) {
      const ref = this.colRef(['datetime']);
      if (ref) return ref.text;
    }
    return this.c.pick(DATETIME_LITERALS);
  }

  private dtNode(depth: number): string {
    switch (this.c.int(5)) {
      case 0:
        return `${paren(this.gen('datetime', depth).text)} + ${paren(this.gen('timespan', depth).text)}`;
      case 1:
        return `${paren(this.gen('datetime', depth).text)} - ${paren(this.gen('timespan', depth).text)}`;
      case 2:
        return `bin(${this.gen('datetime', depth).text}, ${this.c.pick(['1h', '1d', '7d', '15m', '1tick'])})`;
      case 3:
        return `iif(${this.bool(depth)}, ${this.gen('datetime', depth).text}, ${this.gen('datetime', depth).text})`;
      default:
        return `todatetime(${this.c.pick(['"2024-01-01"', '"not a date"', '"2024-02-30"', '""'])})`;
    }
  }

  private tsLeaf(): string {
    if (this.c.chance(65)) {
      const ref = this.colRef(['timespan']);
      if (ref) return ref.text;
    }
    return this.c.pick(TIMESPAN_LITERALS);
  }

  private tsNode(depth: number): string {
    switch (this.c.int(5)) {
      case 0:
        return `${paren(this.gen('datetime', depth).text)} - ${paren(this.gen('datetime', depth).text)}`;
      case 1:
        return `${paren(this.gen('timespan', depth).text)} ${this.c.pick(['+', '-'])} ${paren(this.gen('timespan', depth).text)}`;
      case 2:
        return `${paren(this.gen('timespan', depth).text)} * ${this.c.pick(['2', '-1', '0.5'])}`;
      case 3:
        return `bin(${this.gen('timespan', depth).text}, ${this.c.pick(['1h', '1d', '1s'])})`;
      default:
        return `-${paren(this.gen('timespan', depth).text)}`;
    }
  }

  private dyn(depth: number): string {
    // the base is a source column (no static shape) or a bag literal, so that every access below is
    // well typed for Kusto's analyzer, which types dynamic literals and columns computed from them
    const base = this.sourceDynamic() ?? this.c.pick(['dynamic({"a": {"b": 1}, "b": [1, "a", null]})', 'dynamic({})']);
    switch (depth <= 0 ? this.c.int(4) : this.c.int(7)) {
      case 0:
        return base;
      case 1:
        return `${base}.${this.c.pick(['a', 'b', 'c'])}`;
      case 2:
        return `${base}[${kqlString(this.c.pick(['a', 'b', 'x y', 'A']))}]`;
      case 3:
        return `${base}${base.startsWith('dynamic(') ? '.b' : ''}[${this.c.pick(['0', '1', '-1', '5'])}]`;
      case 4:
        return `${base}.a.b`;
      case 5:
        return `pack_array(${this.gen(this.c.pick(['long', 'string', 'real']), depth - 1).text}, ${this.gen('long', depth - 1).text})`;
      default:
        return `parse_json(${kqlString(this.c.pick(['{"a": {"b": 2}}', '[1, 2, 3]', '"s"', 'not json', '']))})`;
    }
  }

  bool(depth: number): string {
    if (depth <= 0 || !this.c.chance(80)) {
      const ref = this.colRef(['bool']);
      if (ref && this.c.chance(50)) return ref.text;
      return this.comparison(0);
    }
    switch (this.c.int(6)) {
      case 0:
      case 1:
        return `${paren(this.bool(depth - 1))} ${this.c.pick(['and', 'or'])} ${paren(this.bool(depth - 1))}`;
      case 2:
        return `not(${this.bool(depth - 1)})`;
      case 3:
        return `iif(${this.bool(depth - 1)}, ${this.bool(depth - 1)}, ${this.bool(depth - 1)})`;
      default:
        return this.comparison(depth - 1);
    }
  }

  private comparison(depth: number): string {
    switch (this.c.int(10)) {
      case 0:
      case 1: {
        const t = this.c.pick(['long', 'real', 'int', 'decimal'] as KqlType[]);
        return `${paren(this.gen(t, depth).text)} ${this.c.pick(['==', '!=', '<', '<=', '>', '>='])} ${paren(this.gen(this.c.pick(['long', 'real']), depth).text)}`;
      }
      case 2: {
        const op = this.c.pick(['==', '!=', '=~', '!~', 'has', '!has', 'contains', '!contains', 'startswith', '!startswith',
          'endswith', 'has_cs', 'contains_cs', 'startswith_cs', 'hasprefix', 'hassuffix', '!endswith']);
        const lit = op.includes('has') ? this.c.pick(TERM_LITERALS) : this.c.pick(STRING_LITERALS);
        return `${paren(this.gen('string', depth).text)} ${op} ${!this.c.chance(20) ? kqlString(lit) : paren(this.gen('string', depth).text)}`;
      }
      case 3: {
        const op = this.c.pick(['in', '!in', 'in~', '!in~']);
        const items = this.c.subset(STRING_LITERALS, 3).map(kqlString);
        return `${paren(this.gen('string', depth).text)} ${op} (${items.join(', ')})`;
      }
      case 4: {
        const op = this.c.pick(['in', '!in']);
        return `${paren(this.gen('long', depth).text)} ${op} (${this.c.subset(['1', '2', '-1', '0', '5', '100'], 3).join(', ')})`;
      }
      case 5: {
        const neg = this.c.chance(30) ? '!' : '';
        switch (this.c.int(3)) {
          case 0:
            return `${paren(this.gen('long', depth).text)} ${neg}between (${this.c.pick(['-2', '0', '1'])} .. ${this.c.pick(['2', '5', '1'])})`;
          case 1:
            return `${paren(this.gen('real', depth).text)} ${neg}between (${this.c.pick(['-0.5', '0.0'])} .. ${this.c.pick(['2.5', '1e9'])})`;
          default:
            return `${paren(this.gen('datetime', depth).text)} ${neg}between (datetime(2023-12-31) .. datetime(2024-01-02 12:00))`;
        }
      }
      case 6: {
        const fn = this.c.pick(['isnull', 'isnotnull', 'isempty', 'isnotempty']);
        const t = this.c.pick(['long', 'real', 'string', 'datetime', 'timespan', 'dynamic', 'bool', 'int', 'guid'] as KqlType[]);
        return `${fn}(${this.gen(t, depth).text})`;
      }
      case 7:
        return `${paren(this.gen('datetime', depth).text)} ${this.c.pick(['<', '>=', '==', '!='])} ${paren(this.gen('datetime', depth).text)}`;
      case 8:
        return `${paren(this.gen('timespan', depth).text)} ${this.c.pick(['<', '>', '==', '!='])} ${paren(this.gen('timespan', depth).text)}`;
      default: {
        const ref = this.colRef(['bool']);
        return ref ? ref.text : this.c.pick(['true', 'false', 'bool(null)']);
      }
    }
  }
}

function paren(text: string): string {
  return /^[\w.$'"\[\]()-]+$/.test(text) && !text.startsWith('-') ? text : `(${text})`;
}

function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name}']`;
}

export const JOIN_KINDS = ['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'leftanti', 'rightsemi', 'rightanti'] as const;

interface Builder {
  c: Chooser;
  lets: string[];
  text: string;
  shape: Shape | null;
  fresh: number;
  features: Set<string>;
}

const stable = (s: Shape) => s.cols.filter((col) => col.stability === 'exact');
const sortable = (s: Shape) => stable(s).filter((col) => ORDERABLE.includes(col.type));
/** true when sorting by every column determines the order (no dynamic or unstable columns to tie on) */
const totalSortPossible = (s: Shape) => s.cols.every((col) => col.stability === 'exact' && ORDERABLE.includes(col.type));

function freshName(b: Builder, prefix: string): string {
  let name: string;
  do name = `${prefix}${++b.fresh}`;
  while (b.shape?.cols.some((col) => col.name === name));
  return name;
}

/** A name for a join's right-side column that collides with a left one: `k` → `k1`, or the next free number. */
function suffixed(name: string, taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const cand = `${name}${i}`;
    if (!taken.has(cand)) return cand;
  }
}

function sourceStage(b: Builder, table: GenTable): void {
  const c = b.c;
  const k = c.int(10);
  if (k <= 5) {
    b.text = table.name;
    b.shape = { cols: table.schema.map((col) => ({ ...col, stability: 'exact' })), ordered: false, rowsDet: true, countDet: true };
    b.features.add('source:table');
  } else if (k === 6) {
    const e = new ExprGen(c, []);
    const items = Array.from({ length: 1 + c.int(3) }, (_, i) => {
      const t = c.pick(['long', 'string', 'real', 'datetime', 'timespan', 'bool', 'dynamic'] as KqlType[]);
      const ex = e.gen(t, 2);
      return { name: `p${i}`, text: ex.text, type: ex.type };
    });
    b.text = `print ${items.map((it) => `${it.name} = ${it.text}`).join(', ')}`;
    b.shape = { cols: items.map((it) => ({ name: it.name, type: it.type, stability: 'exact' })), ordered: true, rowsDet: true, countDet: true };
    b.features.add('source:print');
  } else if (k === 7) {
    if (!c.chance(30)) {
      const from = c.pick(['1', '0', '-3', '10']);
      const to = c.pick(['5', '1', '0', '20']);
      const step = c.pick(['1', '2', '3', '-1']);
      b.text = `range r from ${from} to ${to} step ${step}`;
      b.shape = { cols: [{ name: 'r', type: 'long', stability: 'exact' }], ordered: true, rowsDet: true, countDet: true };
    } else {
      b.text = `range r from datetime(2024-01-01) to datetime(2024-01-02) step ${c.pick(['6h', '1d', '5h'])}`;
      b.shape = { cols: [{ name: 'r', type: 'datetime', stability: 'exact' }], ordered: true, rowsDet: true, countDet: true };
    }
    b.features.add('source:range');
  } else {
    const nRows = c.int(5);
    const lits: Record<string, string[]> = {
      long: ['1', '2', '-1', '0', 'long(null)', '100'],
      string: ['"a"', '"b"', '""', '"Hello World"', '"x y"'],
      real: ['1.5', '-0.5', 'real(null)', 'real(nan)', '2.0'],
      datetime: ['datetime(2024-01-01)', 'datetime(null)', 'datetime(2024-01-01 10:00:00.1234567)'],
      bool: ['true', 'false', 'bool(null)'],
      dynamic: ['dynamic([1, 2])', 'dynamic({"a": 1})', 'dynamic(null)', 'dynamic([])'],
      timespan: ['1h', 'timespan(null)', '-2d'],
    };
    const types = c.subset(['long', 'string', 'real', 'datetime', 'bool', 'dynamic', 'timespan'] as KqlType[], 4);
    const cols = types.map((t, i) => ({ name: `c${i}`, type: t, stability: 'exact' as Stability }));
    const values: string[] = [];
    for (let r = 0; r < nRows; r++) for (const col of cols) values.push(c.pick(lits[col.type]!));
    b.text = `datatable(${cols.map((col) => `${col.name}:${col.type}`).join(', ')}) [${values.join(', ')}]`;
    b.shape = { cols, ordered: false, rowsDet: true, countDet: true };
    b.features.add('source:datatable');
  }
}

/** Binds the pipeline so far to a fresh `let` name (for union/join with itself) and returns the name. */
function bindLet(b: Builder): string {
  const name = `q${++b.fresh}`;
  b.lets.push(`let ${name} = ${b.text};`);
  return name;
}

function pipeStage(b: Builder): void {
  const c = b.c;
  const s = b.shape!;
  const e = new ExprGen(c, s.cols);
  const op = c.int(17);
  const keys = sortable(s);
  switch (op) {
    case 0:
    case 1: {
      b.text += ` | where ${e.bool(2)}`;
      b.features.add('where');
      s.countDet = s.rowsDet;
      return;
    }
    case 2:
    case 3: {
      // each item sees only the columns from before this extend (Kusto's analyzer rejects forward uses),
      // and assigns a name at most once (KS171)
      const before = s.cols.map((col) => ({ ...col }));
      const eb = new ExprGen(c, before);
      const items: string[] = [];
      const assigned = new Set<string>();
      for (let i = 0, k = 1 + c.int(2); i < k; i++) {
        const replaceable = stable({ ...s, cols: before });
        const replace = replaceable.length && c.chance(20) ? c.pick(replaceable) : undefined;
        if (replace && replace.type !== 'dynamic' && replace.type !== 'guid' && !assigned.has(replace.name)) {
          assigned.add(replace.name);
          items.push(`${quoteName(replace.name)} = ${eb.genExactly(replace.type, 2)}`);
          continue;
        }
        const t = c.pick(['long', 'real', 'string', 'bool', 'datetime', 'timespan', 'dynamic', 'int'] as KqlType[]);
        const ex = eb.gen(t, 2);
        const name = freshName(b, 'e');
        items.push(`${name} = ${ex.text}`);
        s.cols.push({ name, type: ex.type, stability: 'exact' });
      }
      b.text += ` | extend ${items.join(', ')}`;
      b.features.add('extend');
      return;
    }
    case 4: {
      const keep = c.subset(s.cols, 5);
      const items = keep.map((col) => quoteName(col.name));
      const cols = keep.map((col) => ({ ...col }));
      if (c.chance(30)) {
        const ex = e.gen(c.pick(['long', 'string', 'real'] as KqlType[]), 1);
        const name = freshName(b, 'p');
        items.push(`${name} = ${ex.text}`);
        cols.push({ name, type: ex.type, stability: 'exact' });
      }
      b.text += ` | project ${items.join(', ')}`;
      s.cols = cols;
      b.features.add('project');
      return;
    }
    case 5: {
      if (s.cols.length < 2) return pipeStage(b);
      const away = c.subset(s.cols, s.cols.length - 1);
      b.text += ` | project-away ${away.map((col) => quoteName(col.name)).join(', ')}`;
      s.cols = s.cols.filter((col) => !away.includes(col));
      b.features.add('project-away');
      return;
    }
    case 6: {
      const col = c.pick(s.cols);
      const name = freshName(b, 'rn');
      b.text += ` | project-rename ${name} = ${quoteName(col.name)}`;
      col.name = name;
      b.features.add('project-rename');
      return;
    }
    case 7:
    case 8: {
      // sort: either by every column (a total order) or by a few keys
      const total = totalSortPossible(s) && c.chance(50);
      const by = total ? s.cols : keys.length ? c.subset(keys, 2) : [];
      if (!by.length) return;
      const items = by.map((col) => `${quoteName(col.name)}${c.pick(['', ' asc', ' desc'])}${c.pick(['', '', ' nulls first', ' nulls last'])}`);
      b.text += ` | ${c.pick(['sort', 'order'])} by ${items.join(', ')}`;
      s.ordered = total && s.rowsDet;
      b.features.add('sort');
      return;
    }
    case 9: {
      // Kusto's top takes exactly one sort expression
      if (!keys.length) return;
      const key = c.pick(keys);
      const total = totalSortPossible(s) && s.cols.length === 1;
      const n = c.pick(['3', '1', '0', '10']);
      b.text += ` | top ${n} by ${quoteName(key.name)}${c.pick(['', ' asc', ' desc'])}${c.pick(['', ' nulls first', ' nulls last'])}`;
      s.ordered = total && s.rowsDet;
      s.rowsDet = s.ordered; // ties at the cut-off are the engine's choice
      b.features.add('top');
      return;
    }
    case 10: {
      b.text += ` | ${c.pick(['take', 'limit'])} ${c.pick(['3', '0', '1', '100'])}`;
      s.rowsDet = s.rowsDet && s.ordered;
      b.features.add('take');
      return;
    }
    case 11: {
      b.text += ' | count';
      b.shape = { cols: [{ name: 'Count', type: 'long', stability: 'exact' }], ordered: true, rowsDet: s.countDet, countDet: true };
      b.features.add('count');
      return;
    }
    case 12: {
      if (!keys.length) return;
      const star = totalSortPossible(s) && c.chance(20);
      const by = star ? s.cols : c.subset(keys, 3);
      b.text += ` | distinct ${star ? '*' : by.map((col) => quoteName(col.name)).join(', ')}`;
      b.shape = { cols: by.map((col) => ({ ...col })), ordered: false, rowsDet: s.rowsDet, countDet: s.rowsDet };
      b.features.add('distinct');
      return;
    }
    case 13:
      return summarizeStage(b);
    case 14: {
      const dyns = s.cols.filter((col) => col.type === 'dynamic' && col.stability !== 'skip');
      if (!dyns.length) return pipeStage(b);
      const col = c.pick(dyns);
      const to = c.pick(['', '', ' to typeof(long)', ' to typeof(string)']);
      b.text += ` | ${c.chance(10) ? 'mvexpand' : 'mv-expand'} ${quoteName(col.name)}${to}`;
      if (to) col.type = to.includes('long') ? 'long' : 'string';
      col.stability = 'exact';
      s.ordered = false;
      s.countDet = s.rowsDet;
      b.features.add('mv-expand');
      return;
    }
    case 15: {
      const q = bindLet(b);
      const form = c.int(3);
      if (form === 0) b.text = `${q} | union ${q}`;
      else if (form === 1) b.text = `union ${q}, ${q}`;
      else {
        b.text = `${q} | union (${q} | where ${new ExprGen(c, s.cols).bool(1)})`;
        s.countDet = s.rowsDet;
      }
      s.ordered = false;
      b.features.add('union');
      return;
    }
    default:
      return joinStage(b);
  }
}

function summarizeStage(b: Builder): void {
  const c = b.c;
  const s = b.shape!;
  const e = new ExprGen(c, s.cols);
  const keys = sortable(s);
  const byItems: string[] = [];
  const out: ShapeColumn[] = [];
  const taken = new Set<string>();
  for (let i = 0, k = c.int(3); i < k && keys.length; i++) {
    const col = c.pick(keys);
    if (taken.has(col.name)) continue;
    switch (isNum(col.type) || col.type === 'datetime' || col.type === 'timespan' ? c.int(3) : 0) {
      case 0:
        byItems.push(quoteName(col.name));
        out.push({ ...col });
        taken.add(col.name);
        break;
      default: {
        const size = col.type === 'datetime' ? c.pick(['1h', '1d']) : col.type === 'timespan' ? c.pick(['1h', '1d']) : c.pick(['2', '10', '0.5']);
        const named = c.chance(40) ? freshName(b, 'k') : undefined;
        const name = named ?? col.name;
        if (taken.has(name)) continue;
        byItems.push(`${named ? `${named} = ` : ''}bin(${quoteName(col.name)}, ${size})`);
        out.push({ name, type: size === '0.5' && (col.type === 'int' || col.type === 'long') ? 'real' : col.type, stability: 'exact' });
        taken.add(name);
      }
    }
  }
  const aggs: string[] = [];
  let argMax = false;
  for (let i = 0, k = 1 + c.int(3); i < k; i++) {
    const name = freshName(b, 'a');
    const nums = stable(s).filter((col) => isNum(col.type));
    const ords = stable(s).filter((col) => ORDERABLE.includes(col.type) && col.type !== 'guid'); // Kusto: guids are not orderable in aggregates
    const any = s.cols.filter((col) => col.stability === 'exact');
    const pickCol = (cs: ShapeColumn[]) => (cs.length ? c.pick(cs) : undefined);
    switch (c.int(14)) {
      case 0:
        aggs.push(`${name} = count()`);
        out.push({ name, type: 'long', stability: 'exact' });
        break;
      case 1: {
        const col = pickCol(nums);
        if (!col) continue;
        aggs.push(`${name} = sum(${quoteName(col.name)})`);
        out.push({ name, type: col.type === 'int' ? 'long' : col.type, stability: 'exact' });
        break;
      }
      case 2: {
        const col = pickCol(nums);
        if (!col) continue;
        aggs.push(`${name} = avg(${quoteName(col.name)})`);
        out.push({ name, type: 'real', stability: 'exact' });
        break;
      }
      case 3:
      case 4: {
        const col = pickCol(ords);
        if (!col) continue;
        aggs.push(`${name} = ${c.pick(['min', 'max'])}(${quoteName(col.name)})`);
        out.push({ name, type: col.type, stability: 'exact' });
        break;
      }
      case 5: {
        const col = pickCol(ords);
        if (!col) continue;
        aggs.push(`${name} = dcount(${quoteName(col.name)})`);
        out.push({ name, type: 'long', stability: 'exact' });
        break;
      }
      case 6:
      case 7: {
        const col = pickCol(any);
        if (!col) continue;
        aggs.push(`${name} = ${c.pick(['make_set', 'make_list'])}(${quoteName(col.name)})`);
        out.push({ name, type: 'dynamic', stability: s.ordered ? 'exact' : 'set' });
        break;
      }
      case 8:
        aggs.push(`${name} = countif(${e.bool(1)})`);
        out.push({ name, type: 'long', stability: 'exact' });
        break;
      case 9: {
        const col = pickCol(ords);
        const other = pickCol(any.filter((x) => x !== col && !taken.has(x.name)));
        if (!col || !other || argMax || taken.has(col.name)) continue;
        argMax = true;
        aggs.push(`arg_max(${quoteName(col.name)}, ${quoteName(other.name)})`);
        out.push({ name: col.name, type: col.type, stability: 'exact' });
        out.push({ name: other.name, type: other.type, stability: 'skip' });
        taken.add(col.name).add(other.name);
        break;
      }
      case 10: {
        const col = pickCol(nums);
        if (!col) continue;
        aggs.push(`${name} = sumif(${quoteName(col.name)}, ${e.bool(1)})`);
        out.push({ name, type: col.type === 'int' ? 'long' : col.type, stability: 'exact' });
        break;
      }
      case 11: {
        const col = pickCol(ords);
        if (!col) continue;
        aggs.push(`${name} = dcountif(${quoteName(col.name)}, ${e.bool(1)})`);
        out.push({ name, type: 'long', stability: 'exact' });
        break;
      }
      case 12: {
        const col = pickCol(any);
        if (!col) continue;
        aggs.push(`${name} = ${c.pick(['make_set_if', 'make_list_if'])}(${quoteName(col.name)}, ${e.bool(1)})`);
        out.push({ name, type: 'dynamic', stability: s.ordered ? 'exact' : 'set' });
        break;
      }
      default: {
        // take_any / any: which row's value is the engine's choice
        const col = pickCol(any);
        if (!col) continue;
        aggs.push(`${name} = ${c.pick(['take_any', 'any'])}(${quoteName(col.name)})`);
        out.push({ name, type: col.type, stability: 'skip' });
      }
    }
  }
  if (!aggs.length) {
    const name = freshName(b, 'a');
    aggs.push(`${name} = count()`);
    out.push({ name, type: 'long', stability: 'exact' });
  }
  // `out` holds the group keys first, then the aggregates in order: the binder's output schema
  b.text += ` | summarize ${aggs.join(', ')}${byItems.length ? ` by ${byItems.join(', ')}` : ''}`;
  b.shape = {
    cols: out,
    ordered: byItems.length === 0 && s.rowsDet,
    rowsDet: s.rowsDet,
    countDet: byItems.length === 0 || s.rowsDet,
  };
  b.features.add('summarize');
}

function joinStage(b: Builder): void {
  const c = b.c;
  const s = b.shape!;
  const keyCols = sortable(s).filter((col) => col.type !== 'dynamic');
  if (!keyCols.length) return;
  const key = c.pick(keyCols);
  const others = s.cols.filter((col) => col !== key);
  const other = others.length && c.chance(80) ? c.pick(others) : undefined;
  const kind = c.pick([...JOIN_KINDS, 'default']);
  const q = bindLet(b);
  const kindText = kind === 'default' ? '' : ` kind=${kind}`;
  const taken = new Set(s.cols.map((col) => col.name));
  let right: ShapeColumn[];
  if (c.chance(50)) {
    // `on key` with the right side keeping the key's name: collisions get numeric suffixes
    const rv = other ? freshName(b, 'rv') : undefined;
    b.text = `${q} | join${kindText} (${q} | project ${quoteName(key.name)}${rv ? `, ${rv} = ${quoteName(other!.name)}` : ''}) on ${quoteName(key.name)}`;
    right = [{ ...key, name: key.name }, ...(rv ? [{ ...other!, name: rv }] : [])];
  } else {
    const rk = freshName(b, 'rk');
    const rv = other ? freshName(b, 'rv') : undefined;
    b.text = `${q} | join${kindText} (${q} | project ${rk} = ${quoteName(key.name)}${rv ? `, ${rv} = ${quoteName(other!.name)}` : ''}) on $left.${quoteName(key.name)} == $right.${rk}`;
    right = [{ ...key, name: rk }, ...(rv ? [{ ...other!, name: rv }] : [])];
  }
  const effective = kind === 'default' ? 'innerunique' : kind;
  b.features.add(`join:${kind}`);
  let left = s.cols.map((col) => ({ ...col }));
  if (effective === 'innerunique') {
    // one arbitrary left row per key: every left column but the key is the engine's choice
    left = left.map((col) => (col.name === key.name ? col : { ...col, stability: 'skip' as Stability }));
  }
  const rightOut = right.map((col) => {
    if (!taken.has(col.name)) {
      taken.add(col.name);
      return col;
    }
    const name = suffixed(col.name, taken);
    taken.add(name);
    return { ...col, name };
  });
  const cols =
    effective === 'leftsemi' || effective === 'leftanti' ? left
    : effective === 'rightsemi' || effective === 'rightanti' ? right
    : [...left, ...rightOut];
  b.shape = { cols, ordered: false, rowsDet: s.rowsDet, countDet: s.rowsDet };
}

/** Terminal stages whose output schema the generator does not model; nothing follows them. */
function terminalStage(b: Builder): void {
  const c = b.c;
  const s = b.shape!;
  const keys = sortable(s);
  const ords = keys.filter((col) => col.type !== 'bool' && col.type !== 'guid');
  switch (c.int(4)) {
    case 0: {
      if (!ords.length) return;
      const by = keys.length > 1 && c.chance(50) ? ` by ${quoteName(c.pick(keys).name)}` : '';
      b.text += ` | summarize arg_max(${quoteName(c.pick(ords).name)}, *)${by}`;
      b.features.add('summarize:arg_max*');
      break;
    }
    case 1: {
      const col = c.pick(s.cols);
      const agg = c.pick(['count()', `make_list(${quoteName(col.name)})`, `dcount(${quoteName(col.name)})`, `take_any(${quoteName(col.name)})`]);
      b.text += ` | summarize ${agg}`;
      b.features.add('summarize:unnamed');
      break;
    }
    case 2: {
      const text = new ExprGen(c, s.cols).gen(c.pick(['long', 'string', 'dynamic'] as KqlType[]), 1).text;
      b.text += ` | extend ${text}`;
      b.features.add('extend:unnamed');
      break;
    }
    default:
      b.text += ' | getschema';
      b.features.add('getschema');
  }
  b.shape = null;
}

export interface BuildOptions {
  maxStages?: number;
  /** open engine bugs to steer around (see known-bugs.ts) */
  avoid?: ReadonlySet<KnownBugId>;
}

/** Builds one query from a choice sequence over the given main table. */
export function buildQuery(choices: readonly number[], table: GenTable, options: BuildOptions = {}): GenQuery {
  const maxStages = options.maxStages ?? 6;
  const c = new Chooser(choices, options.avoid);
  const b: Builder = { c, lets: [], text: '', shape: null, fresh: 0, features: new Set() };
  sourceStage(b, table);
  const stages = c.int(maxStages + 1);
  for (let i = 0; i < stages && b.shape; i++) {
    if (c.chance(4)) terminalStage(b);
    else pipeStage(b);
  }
  const text = [...b.lets, b.text].join('\n');
  const s = b.shape;
  const compare: GenQuery['compare'] =
    !s ? 'schema'
    : s.rowsDet ? (s.ordered ? 'ordered' : 'multiset')
    : s.countDet ? 'count'
    : 'schema';
  return { text, shape: s ? { ...s, cols: s.cols.map((col) => ({ ...col })) } : null, compare, features: [...b.features] };
}

/** A table and a query over it. */
export const tableAndQueryArb = (maxRows = 8, options: BuildOptions & { extreme?: boolean } = {}): fc.Arbitrary<{ table: GenTable; query: GenQuery }> =>
  fc.tuple(tableArb(maxRows, 'T', options.extreme), choicesArb()).map(([table, choices]) => ({ table, query: buildQuery(choices, table, options) }));

/** Queries alone, over a table with the main schema (the rows do not influence the text). */
export const queryArb = (options: BuildOptions = {}): fc.Arbitrary<GenQuery> =>
  choicesArb().map((choices) => buildQuery(choices, { name: 'T', schema: [...MAIN_SCHEMA], rows: [] }, options));

// ───────────────────────────── garbage ─────────────────────────────

const TOKENS = [
  'T', 'x', 'name', 'bag', '|', '||', 'where', 'extend', 'project', 'project-away', 'summarize', 'by', 'join', 'kind',
  '=', '==', '!=', '=~', '<', '>=', '(', ')', '[', ']', '{', '}', ',', ';', ':', '.', '..', '*', '+', '-', '/', '%',
  'and', 'or', 'not', 'has', '!has', 'in', '!in', 'between', 'let', 'on', '$left', '$right', 'datatable', 'print',
  'range', 'from', 'to', 'step', 'sort', 'order', 'asc', 'desc', 'nulls', 'first', 'last', 'top', 'take', 'count',
  'distinct', 'mv-expand', 'union', 'typeof', 'dynamic', 'datetime', 'timespan', 'long', 'int', 'real', 'string',
  '"str"', "'s'", '"', "'", '@"', 'h"', '```', '1', '0', '-1', '1.5', '1e308', '1e999', '99999999999999999999', '1h',
  '1tick', '0x', '//', '/*', '*/', '\n', '\t', ' ', '\r\n', '\u00a0', '\u200b', '\u202f', '\ufeff', '💥', 'é', '\\',
  'null', 'true', 'false', 'iif', 'case', 'bin', 'strcat', 'tostring', 'toint', 'count()', 'arg_max', 'kind=inner',
  'hint.strategy=shuffle', 'materialize', 'toscalar', 'render', 'with', 'invoke', 'evaluate', 'make-series', 'parse',
  'declare', 'set', 'view', '->', '=>', '#', '?', '`', '~', '^', '&', '!',
];

/** Random tokens from the KQL vocabulary (and junk), glued with or without spaces. */
export const tokenSoupArb: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '', ' ', '\n')), { maxLength: 40 })
  .map((ts) => ts.map(([t, sep]) => t + sep).join(''));

/** Inputs that stress depth and length: nested parens, long operator chains, huge literals. */
export const longInputArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 50, max: 3000 }))
  .map(([kind, n]) => {
    switch (kind) {
      case 1:
        return `print ${'('.repeat(n)}1${')'.repeat(n)}`;
      case 2:
        return `T | where ${Array.from({ length: n }, (_, i) => `id == ${i}`).join(' or ')}`;
      case 3:
        return `T${' | take 5'.repeat(Math.min(n, 800))}`;
      case 4:
        return `print s = "${'a'.repeat(n * 30)}"`;
      case 5:
        return `print ${'-'.repeat(n)}1`;
      default:
        return `print x = 1${' + 1'.repeat(n)}`;
    }
  });

/** Unbalanced brackets and quotes around otherwise plausible text. */
export const unbalancedArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('(', ')', '[', ']', '{', '}', '"', "'", '@"', '/*', '```'), fc.nat({ max: 5 }), tokenSoupArb)
  .map(([open, k, rest]) => `T | where ${open.repeat(k + 1)}${rest}`);

/** A generated query with a random edit: deletion, insertion, duplication or truncation. */
export function mutatedQueryArb(maxStages = 4): fc.Arbitrary<string> {
  return fc
    .tuple(queryArb({ maxStages }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...TOKENS))
    .map(([q, a, b, kind, token]) => {
      const t = q.text;
      const i = t.length ? a % t.length : 0;
      const j = Math.min(t.length, i + (b % 12));
      switch (kind) {
        case 0:
          return t.slice(0, i) + t.slice(j);
        case 1:
          return t.slice(0, i) + token + t.slice(i);
        case 2:
          return t.slice(0, j) + t.slice(i, j) + t.slice(j);
        default:
          return t.slice(0, i);
      }
    });
}

/** Any garbage: token soup, arbitrary unicode (lone surrogates included), unbalanced text, long inputs, mutations. */
export const garbageArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: tokenSoupArb, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  { arbitrary: unbalancedArb, weight: 2 },
  { arbitrary: mutatedQueryArb(), weight: 4 },
  { arbitrary: longInputArb, weight: 1 },
);
