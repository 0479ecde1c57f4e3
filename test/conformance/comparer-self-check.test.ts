// Checks the comparer on all 682 real cases, without the engine: a result rebuilt from the
// expected table (in toJSON() form) must pass, and the same result with one cell changed must not.
import { describe, expect, it } from 'vitest';
import {
  isNullText, parseBoolText, parseDatetimeTicks, parseIntegerText, parseRealText, parseTimespanTicks,
} from '../harness/cell-text.js';
import { compareCase, type ActualTable } from '../harness/compare.js';
import { loadDocsCases, type DocsCase } from '../harness/docs-cases.js';

const cases = loadDocsCases();

/** The column types a result would carry: the analyzer's inferred ones, else string. */
const typesOf = (c: DocsCase) => c.expected.columns.map((_, i) => c.inferred_types?.[i] ?? 'string');

/** Expected cell text → the value our toJSON() would hold (datetime/timespan in our own formatting). */
function toJsonValue(text: string, type: string): unknown {
  if (type !== 'string' && isNullText(text)) return null;
  switch (type) {
    case 'bool': return parseBoolText(text);
    case 'int':
    case 'long': {
      const n = parseIntegerText(text)!;
      return Number.isSafeInteger(Number(n)) ? Number(n) : n;
    }
    case 'real':
    case 'decimal': {
      const v = parseRealText(text)!.value;
      return Number.isFinite(v) ? v : String(v);
    }
    case 'datetime': return formatDatetime(parseDatetimeTicks(text)!);
    case 'timespan': return formatTimespan(parseTimespanTicks(text)!);
    case 'guid': return text.toLowerCase();
    case 'dynamic':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default: return text;
  }
}

function formatDatetime(ticks: bigint): string {
  const ms = ticks / 10_000n;
  const rest = ticks % 10_000n;
  const iso = new Date(Number(ms)).toISOString(); // yyyy-mm-ddThh:mm:ss.fffZ
  return `${iso.slice(0, 23)}${rest.toString().padStart(4, '0')}Z`;
}

function formatTimespan(ticks: bigint): string {
  const sign = ticks < 0n ? '-' : '';
  const t = ticks < 0n ? -ticks : ticks;
  const frac = t % 10_000_000n;
  let s = t / 10_000_000n;
  const days = s / 86_400n;
  s %= 86_400n;
  const two = (n: bigint) => n.toString().padStart(2, '0');
  return `${sign}${days > 0n ? `${days}.` : ''}${two(s / 3600n)}:${two((s / 60n) % 60n)}:${two(s % 60n)}${frac > 0n ? `.${frac.toString().padStart(7, '0')}` : ''}`;
}

function rebuild(c: DocsCase): ActualTable {
  const types = typesOf(c);
  return {
    columns: c.expected.columns.map((name, i) => ({ name, type: types[i]! })),
    rows: c.expected.rows.map((r) => r.map((cell, i) => toJsonValue(cell, types[i]!))),
  };
}

/** A value that differs from `v` under every normalization rule. */
function mutate(v: unknown, type: string): unknown {
  if (v === null) return type === 'bool' ? true : type === 'dynamic' ? 'x' : type === 'string' ? 'x' : type === 'real' || type === 'decimal' ? 0.5 : type === 'datetime' ? '2000-01-01T00:00:00Z' : type === 'timespan' ? '00:00:01' : 1;
  switch (type) {
    case 'bool': return !v;
    case 'int':
    case 'long': return typeof v === 'bigint' ? v + 1n : (v as number) + 1;
    case 'real':
    case 'decimal': return typeof v === 'number' ? v * 1.5 + 1 : 0;
    case 'datetime': return formatDatetime(parseDatetimeTicks(v as string)! + 864_000_000_000n);
    case 'timespan': return formatTimespan(parseTimespanTicks(v as string)! + 10_000_000n);
    case 'guid': return `${(v as string).slice(0, -1)}${(v as string).endsWith('0') ? '1' : '0'}`;
    case 'dynamic': return [v, 'extra'];
    default: return `${String(v)}x`;
  }
}

describe('comparer on the real cases', () => {
  it('accepts every expected table rebuilt in toJSON() form', () => {
    const failing = cases
      .map((c) => ({ c, v: compareCase(c, rebuild(c)) }))
      .filter(({ v }) => v.status !== 'pass')
      .map(({ c, v }) => `${c.id}: ${'reason' in v ? v.reason : ''}`);
    expect(failing).toEqual([]);
  });

  it('rejects each of them once one cell is changed', () => {
    const accepted: string[] = [];
    for (const c of cases) {
      if (c.expected.rows.length === 0) continue;
      const types = typesOf(c);
      const actual = rebuild(c);
      const rows = actual.rows.map((r) => [...r]);
      const last = rows.length - 1;
      const col = types.length - 1;
      rows[last]![col] = mutate(rows[last]![col], types[col]!);
      if (compareCase(c, { columns: actual.columns, rows }).status === 'pass') accepted.push(c.id);
    }
    expect(accepted).toEqual([]);
  });

  it('rejects a missing row, an extra row and a renamed column', () => {
    for (const c of cases.filter((x) => x.expected.rows.length > 0).slice(0, 100)) {
      const actual = rebuild(c);
      expect(compareCase(c, { ...actual, rows: actual.rows.slice(1) }).status, c.id).not.toBe('pass');
      expect(compareCase(c, { ...actual, rows: [...actual.rows, actual.rows[0]!] }).status, c.id).not.toBe('pass');
      const columns = actual.columns.map((col, i) => (i === 0 ? { ...col, name: `${col.name}_` } : col));
      expect(compareCase(c, { ...actual, columns }).status, c.id).not.toBe('pass');
    }
  });
});
