// Result-column naming as Kusto does it: names derived from expressions, Column1…, unique suffixes.
import type { Expr } from '../syntax/ast.js';
import { resultNameRule } from '../functions/index.js';

/**
 * The name Kusto gives an unnamed expression's column, or undefined (then `Column1`, `print_0`, …):
 * a column keeps its name, `d.a` → `d_a`, `d['k']` → `d_k`, `d[0]` → `d_0`, and functions whose
 * catalog rule is FirstArgument (`tostring(x)`, `bin(T, 1h)`) take their first argument's name.
 */
export function expressionName(e: Expr, isColumn: (name: string) => boolean = () => true): string | undefined {
  const name = (x: Expr) => expressionName(x, isColumn);
  switch (e.kind) {
    case 'NameRef':
      // only a column names its expression: a let-bound scalar does not (`print d` is print_0)
      // $left / $right are join sides, never names; a column named with `$` (search's `$table`) names itself
      return e.name === '$left' || e.name === '$right' || !isColumn(e.name) ? undefined : e.name;
    case 'Member': {
      const t = e.target.kind === 'NameRef' && e.target.name.startsWith('$') ? undefined : name(e.target);
      if (e.target.kind === 'NameRef' && e.target.name.startsWith('$')) return e.name;
      // a member of something unnamed is named after the member: parse_json(x).b → b
      return t === undefined ? e.name : `${t}_${e.name}`;
    }
    case 'Index': {
      const sorted = sortedArrayName(e, isColumn);
      if (sorted !== undefined) return sorted;
      const t = name(e.target);
      if (e.index.kind !== 'Literal') return undefined;
      const k = e.index.value;
      if (typeof k !== 'string' && typeof k !== 'number') return undefined;
      // pack_array(1)[0] → 0, dynamic({…}).b[0] → b_0
      return t === undefined ? String(k) : `${t}_${k}`;
    }
    case 'Paren':
      return name(e.expr);
    case 'Call': {
      if ((e.name === 'array_sort_asc' || e.name === 'array_sort_desc') && e.args.length >= 1) {
        // one array: `a_sorted` after a named argument (the analyzer); unnamed otherwise
        const arg = e.args[0]!;
        const n = arg.kind === 'NameRef' ? arg.name : name(arg);
        return n === undefined ? undefined : `${n}_sorted`;
      }
      const rule = resultNameRule(e.name, 'scalar');
      if (rule?.kind === 'PrefixOnly') return rule.prefix; // hll_merge(…) → hll_merged_result
      const first = e.args[0];
      if (!rule || !first) return undefined;
      if (rule.kind === 'FirstArgument' || rule.kind === 'OnlyArgument' || rule.kind === 'FirstArgumentValueIfColumn') {
        return name(first);
      }
      if (rule.kind === 'NameAndFirstArgument') {
        // strlen(s) → strlen_s; strlen("x") → strlen_
        return `${e.name}_${name(first) ?? ''}`;
      }
      if (rule.kind === 'PrefixAndFirstArgument') {
        // gettype(x) → type_x; gettype(1) → type_ (the catalog's prefix, not the function's name)
        return `${rule.prefix}_${name(first) ?? ''}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * `array_sort_asc(a, b)[k]` (how the binder spreads a several-array sort into columns) → the k-th
 * array's name + `_sorted`; a literal array is `array<k>` (Microsoft's analyzer).
 */
function sortedArrayName(e: Extract<Expr, { kind: 'Index' }>, isColumn: (name: string) => boolean): string | undefined {
  let t = e.target;
  while (t.kind === 'Paren') t = t.expr;
  if (t.kind !== 'Call' || (t.name !== 'array_sort_asc' && t.name !== 'array_sort_desc')) return undefined;
  if (e.index.kind !== 'Literal' || typeof e.index.value !== 'number') return undefined;
  const k = e.index.value;
  const arg = t.args[k];
  if (!arg) return undefined;
  const n = arg.kind === 'NameRef' ? arg.name : expressionName(arg, isColumn);
  return `${n ?? `array${k}`}_sorted`;
}

/** Returns `base` if unused, else `base1`, `base2`, … (Kusto's suffixing), and records the choice. */
export function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let k = 1; used.has(name); k++) name = `${base}${k}`;
  used.add(name);
  return name;
}

/** Closest candidate by edit distance, for "did you mean" hints. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 5) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** `Acc*` style wildcard patterns of project-away / project-keep / project-reorder. */
export function wildcardMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (n) => n === pattern;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (n) => re.test(n);
}
