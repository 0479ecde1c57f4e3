// Prints a plan as indented text, one node per line (what rule tests and `explain` read).
import type { BoundExpr } from '../semantic/bound.js';
import type { PlanNode } from './nodes.js';
import { mapInputs } from './rules/util.js';

export function explainExpr(e: BoundExpr, names: string[]): string {
  switch (e.kind) {
    case 'Column':
      return names[e.index] ?? `#${e.index}`;
    case 'Const':
      return typeof e.value === 'bigint' ? `datetime(${e.value})` : JSON.stringify(e.value);
    case 'Subquery':
      return `${e.mode}(subquery)`;
    case 'Call': {
      const args = e.args.map((a) => explainExpr(a, names));
      return /^[a-z_][a-z0-9_]*$/i.test(e.name) && !['and', 'or'].includes(e.name)
        ? `${e.name}(${args.join(', ')})`
        : `(${args.join(` ${e.name} `)})`;
    }
  }
}

export function explain(plan: PlanNode): string {
  const lines: string[] = [];
  const walk = (n: PlanNode, depth: number) => {
    const input = 'input' in n ? (n.input as PlanNode).schema.map((c) => c.name) : [];
    let detail = '';
    switch (n.kind) {
      case 'Scan': {
        // an entity's key is \0kind\0name (database.ts entityKey): shown as kind('name')
        const table = n.table.startsWith('\u0000') ? n.table.slice(1).replace(/^([a-z_]+)\u0000(.*)$/s, "$1('$2')") : n.table;
        detail = n.columns ? `${table} [${n.schema.map((c) => c.name).join(', ')}]` : table;
        break;
      }
      case 'Values': detail = `${n.rowCount} rows`; break;
      case 'Filter': detail = explainExpr(n.predicate, input); break;
      case 'Project': detail = n.exprs.map((e, i) => (e.kind === 'Column' && input[e.index] === n.schema[i]!.name ? n.schema[i]!.name : `${n.schema[i]!.name}=${explainExpr(e, input)}`)).join(', '); break;
      case 'Aggregate': detail = `keys ${n.keys.map((k) => explainExpr(k, input)).join(', ') || '-'}; ${n.aggregates.map((a) => `${a.def.name}(${a.args.map((x) => explainExpr(x, input)).join(', ')})`).join(', ')}`; break;
      case 'Join':
        detail = `${n.joinKind} on ${n.leftKeys.map((l, k) => `${n.left.schema[l]!.name}==${n.right.schema[n.rightKeys[k]!]!.name}`).join(', ')}`;
        if (n.residual) detail += ` where ${explainExpr(n.residual, n.schema.map((c) => c.name))}`;
        break;
      case 'Limit': case 'Top': detail = String(n.count); break;
      case 'Shared': detail = `#${n.id}`; break;
      default: break;
    }
    lines.push(`${'  '.repeat(depth)}${n.kind}${detail ? ` ${detail}` : ''}`);
    mapInputs(n, (c) => { walk(c, depth + 1); return c; });
  };
  walk(plan, 0);
  return lines.join('\n');
}
