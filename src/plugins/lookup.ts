// ipv4_lookup: joins each row with the lookup-table row whose IPv4 range (CIDR or single address) contains its address.
import type { Column, Scalar } from '../types.js';
import { uniqueName } from '../semantic/naming.js';
import { maskIpv6, parseIpv6 } from '../functions/scalar/ip.js';
import type { PluginArgs, PluginDef } from './define.js';
import { cell, rowOf, tableFromRows } from './table.js';

/** `a.b.c.d` → 32-bit unsigned number, or null */
function parseIPv4(text: string): number | null {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\s*$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!;
}

/** `a.b.c.d[/n]` → [first, last] addresses, or null */
function parseRange(text: string): [number, number] | null {
  const [addr, bits, extra] = text.split('/');
  if (extra !== undefined) return null;
  const ip = parseIPv4(addr!);
  if (ip === null) return null;
  let n = 32;
  if (bits !== undefined) {
    if (!/^\s*\d{1,2}\s*$/.test(bits)) return null;
    n = Number(bits);
    if (n > 32) return null;
  }
  const size = 2 ** (32 - n);
  const first = Math.floor(ip / size) * size;
  return [first, first + size - 1];
}

/** The third argument of ipv4_lookup / ipv6_lookup: a column of the lookup table, by name. */
function lookupColumn(a: PluginArgs, schema: readonly Column[], what: 'range' | 'key'): number {
  const e = a.raw(2);
  if (!e || e.kind !== 'NameRef') a.fail(`the lookup ${what} must be a column of the lookup table`, a.spanOf(2));
  const name = (e as { name: string }).name;
  const col = schema.findIndex((c) => c.name === name);
  if (col < 0) a.fail(`the lookup table has no column '${name}'`, a.spanOf(2));
  return col;
}

export const ipv4Lookup: PluginDef = {
  name: 'ipv4_lookup',
  doc: 'adds the columns of the lookup-table row whose IPv4 range contains the row\'s address (rows without one are dropped unless return_unmatched = true)',
  syntax: 'T | evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupRange [, ExtraKey1, ...] [, return_unmatched = true])',
  bind(a) {
    const lookup = a.table(0, 'the lookup table');
    const key = a.column(1, 'the IPv4 address column', ['string']);
    const rangeCol = lookupColumn(a, lookup.schema, 'range');
    const extra: [number, number][] = [];
    for (let i = 3; i < a.positional; i++) {
      const e = a.raw(i);
      if (!e || e.kind !== 'NameRef') a.fail('an extra key must be a column name present in both tables', a.spanOf(i));
      const name = (e as { name: string }).name;
      const l = a.input.findIndex((c) => c.name === name);
      const r = lookup.schema.findIndex((c) => c.name === name);
      if (l < 0 || r < 0) a.fail(`the extra key '${name}' must be a column of both tables`, a.spanOf(i));
      extra.push([l, r]);
    }
    for (const n of a.namedArgs()) if (n !== 'return_unmatched') a.fail(`ipv4_lookup has no parameter '${n}'`, a.spanOf(-1, n));
    const unmatched = a.constant(-1, 'return_unmatched', 'bool', 'return_unmatched')?.value === true;
    const used = new Set(a.input.map((c) => c.name));
    const schema: Column[] = [...a.input.map((c) => ({ ...c })), ...lookup.schema.map((c) => ({ name: uniqueName(c.name, used), type: c.type }))];
    const width = a.input.length;
    return {
      schema,
      run(t, [lt]) {
        const ranges: { first: number; last: number; row: number }[] = [];
        for (let r = 0; r < lt!.rowCount; r++) {
          const rg = parseRange(String(cell(lt!, rangeCol, r) ?? ''));
          if (rg) ranges.push({ first: rg[0], last: rg[1], row: r });
        }
        const out: Scalar[][] = [];
        const none = lookup.schema.map(() => null);
        for (let r = 0; r < t.rowCount; r++) {
          const ip = parseIPv4(String(cell(t, key, r) ?? ''));
          const left = rowOf(t, r).slice(0, width);
          let hit: number | undefined;
          if (ip !== null) {
            // the narrowest containing range wins
            let best = Infinity;
            for (const g of ranges) {
              if (ip < g.first || ip > g.last) continue;
              if (!extra.every(([l, k]) => JSON.stringify(cell(t, l, r)) === JSON.stringify(cell(lt!, k, g.row)))) continue;
              if (g.last - g.first < best) { best = g.last - g.first; hit = g.row; }
            }
          }
          if (hit !== undefined) out.push([...left, ...rowOf(lt!, hit)]);
          else if (unmatched) out.push([...left, ...none]);
        }
        return tableFromRows(schema, out);
      },
    };
  },
};

export const ipv6Lookup: PluginDef = {
  name: 'ipv6_lookup',
  doc: 'adds the columns of the lookup-table row whose IPv6 network (prefix notation) contains the row\'s address (rows without one are dropped unless return_unmatched is true)',
  syntax: 'T | evaluate ipv6_lookup(LookupTable, SourceIPv6Key, IPv6LookupKey [, return_unmatched])',
  bind(a) {
    const lookup = a.table(0, 'the lookup table');
    const key = a.column(1, 'the IPv6 address column', ['string']);
    const rangeCol = lookupColumn(a, lookup.schema, 'key');
    if (lookup.schema[rangeCol]!.type !== 'string') a.fail('the lookup key must be a string column', a.spanOf(2));
    for (const n of a.namedArgs()) if (n !== 'return_unmatched') a.fail(`ipv6_lookup has no parameter '${n}'`, a.spanOf(-1, n));
    if (a.positional > 4) a.fail('ipv6_lookup takes at most 4 arguments', a.spanOf(4));
    const unmatched = a.constant(3, 'return_unmatched', 'bool', 'return_unmatched')?.value === true;
    const used = new Set(a.input.map((c) => c.name));
    const schema: Column[] = [...a.input.map((c) => ({ ...c })), ...lookup.schema.map((c) => ({ name: uniqueName(c.name, used), type: c.type }))];
    const width = a.input.length;
    return {
      schema,
      run(t, [lt]) {
        const nets: { net: bigint; prefix: number; row: number }[] = [];
        for (let r = 0; r < lt!.rowCount; r++) {
          const v = cell(lt!, rangeCol, r);
          const ip = typeof v === 'string' ? parseIpv6(v) : null;
          if (ip) nets.push({ net: maskIpv6(ip.addr, ip.prefix), prefix: ip.prefix, row: r });
        }
        const out: Scalar[][] = [];
        const none = lookup.schema.map(() => null);
        for (let r = 0; r < t.rowCount; r++) {
          const v = cell(t, key, r);
          const ip = typeof v === 'string' ? parseIpv6(v) : null;
          const left = rowOf(t, r).slice(0, width);
          let hit: number | undefined;
          if (ip) {
            // the longest containing network wins; a masked source address matches on the shorter prefix
            let best = -1;
            for (const n of nets) {
              const p = Math.min(n.prefix, ip.prefix);
              if (maskIpv6(ip.addr, p) !== maskIpv6(n.net, p) || n.prefix <= best) continue;
              best = n.prefix;
              hit = n.row;
            }
          }
          if (hit !== undefined) out.push([...left, ...rowOf(lt!, hit)]);
          else if (unmatched) out.push([...left, ...none]);
        }
        return tableFromRows(schema, out);
      },
    };
  },
};
