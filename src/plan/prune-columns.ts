// Projection pruning: every node produces only the columns its consumers read, so scans touch, and
// joins gather, just those. The root keeps its full schema. Run after the rewrite rules.
import type { BoundExpr } from '../semantic/bound.js';
import type { PlanNode, SharedNode } from './nodes.js';
import { columnsOf, mapInputs } from './rules/util.js';

/** A pruned node and where each surviving column of the original schema now is. */
interface Pruned {
  node: PlanNode;
  /** original output index → new output index (only for columns that survive) */
  map: Map<number, number>;
}

export function pruneColumns(plan: PlanNode): PlanNode {
  const refs = new Map<number, number>();
  countShared(plan, refs);
  const all = new Set(plan.schema.map((_, i) => i));
  const { node, map } = new Pruner(refs).prune(plan, all);
  // the root must keep every column, in order
  if (node.schema.length === plan.schema.length && [...map].every(([a, b]) => a === b)) return node;
  return plan;
}

function countShared(node: PlanNode, refs: Map<number, number>): void {
  if (node.kind === 'Shared') {
    refs.set(node.id, (refs.get(node.id) ?? 0) + 1);
    if (refs.get(node.id)! > 1) return;
  }
  mapInputs(node, (c) => {
    countShared(c, refs);
    return c;
  });
}

const identity = (n: number) => new Map(Array.from({ length: n }, (_, i) => [i, i] as [number, number]));
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

class Pruner {
  constructor(private readonly sharedRefs: Map<number, number>) {}

  /** Prunes `node` so that at least the columns in `required` survive. */
  prune(node: PlanNode, required: Set<number>): Pruned {
    switch (node.kind) {
      case 'Scan': {
        const keep = sorted(required);
        if (keep.length === node.schema.length) return { node, map: identity(keep.length) };
        const base = node.columns ?? node.schema.map((_, i) => i);
        return {
          node: { ...node, columns: keep.map((i) => base[i]!), schema: keep.map((i) => node.schema[i]!) },
          map: new Map(keep.map((c, j) => [c, j])),
        };
      }
      case 'Values': {
        const keep = sorted(required);
        if (keep.length === node.schema.length) return { node, map: identity(keep.length) };
        return {
          node: { ...node, columns: keep.map((i) => node.columns[i]!), schema: keep.map((i) => node.schema[i]!) },
          map: new Map(keep.map((c, j) => [c, j])),
        };
      }
      case 'Range':
        return { node, map: identity(node.schema.length) };
      case 'Filter': {
        const need = new Set(required);
        columnsOf(node.predicate, need);
        const inner = this.prune(node.input, need);
        return {
          node: { ...node, input: inner.node, predicate: remapExpr(node.predicate, inner.map), schema: inner.node.schema },
          map: inner.map,
        };
      }
      case 'Project': {
        const keep = sorted(required);
        const need = new Set<number>();
        for (const i of keep) columnsOf(node.exprs[i]!, need);
        const inner = this.prune(node.input, need);
        return {
          node: {
            ...node,
            input: inner.node,
            exprs: keep.map((i) => remapExpr(node.exprs[i]!, inner.map)),
            schema: keep.map((i) => node.schema[i]!),
          },
          map: new Map(keep.map((c, j) => [c, j])),
        };
      }
      case 'Aggregate': {
        // keys define the groups and every aggregate is cheap to keep: only the input is pruned
        const need = new Set<number>();
        for (const k of node.keys) columnsOf(k, need);
        for (const a of node.aggregates) for (const x of a.args) columnsOf(x, need);
        const inner = this.prune(node.input, need);
        return {
          node: {
            ...node,
            input: inner.node,
            keys: node.keys.map((k) => remapExpr(k, inner.map)),
            aggregates: node.aggregates.map((a) => ({ ...a, args: a.args.map((x) => remapExpr(x, inner.map)) })),
          },
          map: identity(node.schema.length),
        };
      }
      case 'Join': {
        const kind = node.joinKind;
        const nl = node.left.schema.length;
        const leftOut = kind === 'rightsemi' || kind === 'rightanti' ? 0 : nl;
        const rightOut = kind === 'leftsemi' || kind === 'leftanti' ? 0 : node.right.schema.length;
        const needL = new Set(node.leftKeys);
        const needR = new Set(node.rightKeys);
        const need = new Set(required);
        if (node.residual) columnsOf(node.residual, need);
        for (const i of need) {
          if (i < leftOut) needL.add(i);
          else needR.add(i - leftOut);
        }
        const l = this.prune(node.left, needL);
        const r = this.prune(node.right, needR);
        // output = the pruned left columns then the pruned right ones, named as the join names them (k → k1)
        const map = new Map<number, number>();
        if (leftOut) for (const [o, n] of l.map) map.set(o, n);
        if (rightOut) {
          const offset = leftOut ? l.node.schema.length : 0;
          for (const [o, n] of r.map) map.set(o + leftOut, n + offset);
        }
        const schema = new Array<PlanNode['schema'][number]>(map.size);
        for (const [o, n] of map) schema[n] = node.schema[o]!;
        return {
          node: {
            ...node, left: l.node, right: r.node,
            leftKeys: node.leftKeys.map((k) => l.map.get(k)!),
            rightKeys: node.rightKeys.map((k) => r.map.get(k)!),
            ...(node.residual ? { residual: remapExpr(node.residual, map) } : {}),
            schema,
          },
          map,
        };
      }
      case 'Sort':
      case 'Top': {
        const need = new Set(required);
        for (const k of node.keys) columnsOf(k.expr, need);
        const inner = this.prune(node.input, need);
        return {
          node: { ...node, input: inner.node, keys: node.keys.map((k) => ({ ...k, expr: remapExpr(k.expr, inner.map) })), schema: inner.node.schema },
          map: inner.map,
        };
      }
      case 'Limit': {
        const inner = this.prune(node.input, required);
        return { node: { ...node, input: inner.node, schema: inner.node.schema }, map: inner.map };
      }
      case 'Union': {
        const offset = node.sourceNames ? 1 : 0;
        const keep = sorted(new Set([...required].filter((i) => i >= offset).map((i) => i - offset)));
        const inputs: PlanNode[] = [];
        const mappings: number[][] = [];
        node.inputs.forEach((inp, k) => {
          const m = node.mappings[k]!;
          const inner = this.prune(inp, new Set(keep.map((j) => m[j]!).filter((x) => x >= 0)));
          inputs.push(inner.node);
          mappings.push(keep.map((j) => (m[j]! >= 0 ? inner.map.get(m[j]!)! : -1)));
        });
        const schema = [...(offset ? [node.schema[0]!] : []), ...keep.map((j) => node.schema[j + offset]!)];
        const map = new Map<number, number>();
        if (offset) map.set(0, 0);
        keep.forEach((j, n) => map.set(j + offset, n + offset));
        return { node: { ...node, inputs, mappings, schema }, map };
      }
      case 'MvExpand': {
        // expanded columns decide how many rows there are, so they all stay
        const keep = sorted(new Set([...required, ...node.expand.map((e) => e.output), ...(node.itemIndex >= 0 ? [node.itemIndex] : [])]));
        const need = new Set<number>();
        for (const o of keep) if (node.passthrough[o]! >= 0) need.add(node.passthrough[o]!);
        for (const e of node.expand) columnsOf(e.expr, need);
        const inner = this.prune(node.input, need);
        const map = new Map(keep.map((c, j) => [c, j]));
        return {
          node: {
            ...node,
            input: inner.node,
            passthrough: keep.map((o) => (node.passthrough[o]! >= 0 ? inner.map.get(node.passthrough[o]!)! : -1)),
            expand: node.expand.map((e) => ({ ...e, output: map.get(e.output)!, expr: remapExpr(e.expr, inner.map) })),
            itemIndex: node.itemIndex >= 0 ? map.get(node.itemIndex)! : -1,
            schema: keep.map((o) => node.schema[o]!),
          },
          map,
        };
      }
      case 'Window': {
        // window functions keep every input column (pruning them would not change the row order)
        const nIn = node.input.schema.length;
        const inner = this.prune(node.input, new Set(node.input.schema.map((_, i) => i)));
        const map = new Map(inner.map);
        node.calls.forEach((_, k) => map.set(nIn + k, inner.node.schema.length + k));
        return {
          node: {
            ...node, input: inner.node,
            calls: node.calls.map((c) => ({ ...c, args: c.args.map((a) => remapExpr(a, map)) })),
            schema: [...inner.node.schema, ...node.schema.slice(nIn)],
          },
          map,
        };
      }
      case 'Plugin': {
        // a plugin reads whole tables: its inputs keep every column, in order
        const inputs = node.inputs.map((inp) => {
          const inner = this.prune(inp, new Set(inp.schema.map((_, i) => i)));
          return inner.node.schema.length === inp.schema.length && [...inner.map].every(([x, y]) => x === y) ? inner.node : inp;
        });
        return { node: { ...node, inputs }, map: identity(node.schema.length) };
      }
      case 'MakeSeries': {
        const inner = this.prune(node.input, new Set(node.input.schema.map((_, i) => i)));
        return { node: { ...node, input: inner.node }, map: identity(node.schema.length) };
      }
      case 'TopNested': {
        const need = new Set<number>();
        for (const l of node.levels) {
          columnsOf(l.key, need);
          for (const a of l.aggregate.args) columnsOf(a, need);
        }
        const inner = this.prune(node.input, need);
        return {
          node: {
            ...node,
            input: inner.node,
            levels: node.levels.map((l) => ({
              ...l, key: remapExpr(l.key, inner.map),
              aggregate: { ...l.aggregate, args: l.aggregate.args.map((a) => remapExpr(a, inner.map)) },
            })),
          },
          map: identity(node.schema.length),
        };
      }
      case 'Shared': {
        // a shared result read by one consumer is pruned for it; one read by several keeps its columns
        if ((this.sharedRefs.get(node.id) ?? 0) > 1) return { node, map: identity(node.schema.length) };
        const inner = this.prune(node.input, required);
        const shared: SharedNode = { ...node, input: inner.node, schema: inner.node.schema };
        return { node: shared, map: inner.map };
      }
    }
  }
}

function remapExpr(e: BoundExpr, map: Map<number, number>): BoundExpr {
  if (e.kind === 'Column') {
    const j = map.get(e.index);
    if (j === undefined) throw new Error(`prune-columns: column ${e.index} was pruned but is still read`);
    return { ...e, index: j };
  }
  if (e.kind === 'Call') return { ...e, args: e.args.map((a) => remapExpr(a, map)) };
  return e;
}
