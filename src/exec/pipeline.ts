// Turns a plan into a pipeline of batch iterators and runs it.
import type { PlanNode } from '../plan/nodes.js';
import type { BoundExpr, BoundSubquery } from '../semantic/bound.js';
import type { Column, Scalar } from '../types.js';
import type { KernelContext } from '../functions/define.js';
import { BATCH_SIZE, rowCount, type Batch } from './batch.js';
import { evaluate, type EvalContext } from './evaluate.js';
import { compiled } from './compile.js';
import { concatSelected, getScalar, isConst, toVector, type Vector } from './vector.js';
import { aggregateOperator } from './operators/aggregate.js';
import { joinOperator } from './operators/join.js';
import { sortOperator } from './operators/sort.js';
import { mvExpandOperator } from './operators/mv-expand.js';
import { rangeOperator } from './operators/range.js';
import { unionOperator } from './operators/union.js';
import { windowOperator } from './operators/window.js';
import { makeSeriesOperator } from './operators/make-series.js';
import { topNestedOperator } from './operators/top-nested.js';

/**
 * A loaded table: typed column vectors in chunks of at most BATCH_SIZE rows (row groups), so a scan
 * yields stored vectors as batches without copying. `chunks[k][c]` is column c of chunk k; an empty
 * table has one chunk of empty vectors.
 */
export interface Table {
  name: string;
  schema: Column[];
  chunks: Vector[][];
  rowCount: number;
}

export interface RunOptions {
  /** compile expressions into specialised JS loops (exec/compile.ts); off = the vector interpreter only */
  compile: boolean;
}

export interface RunLimits {
  /** rows a query may produce or hold in one operator before it stops with a clear error */
  maxRows: number;
  /** a deadline (Date.now() ms) checked between batches */
  deadline: number;
}

export class ExecContext implements EvalContext {
  private readonly sharedResults = new Map<number, Batch[]>();
  private readonly subqueryResults = new Map<BoundSubquery, Scalar>();
  constructor(
    readonly tables: ReadonlyMap<string, Table>,
    readonly kernel: KernelContext,
    readonly limits: RunLimits,
    readonly options: RunOptions = { compile: true },
  ) {}

  subquery(s: BoundSubquery): Scalar {
    if (this.subqueryResults.has(s)) return this.subqueryResults.get(s)!;
    let value: Scalar;
    if (s.mode === 'scalar') {
      value = null;
      for (const b of run(s.plan, this)) {
        if (rowCount(b) > 0) {
          const i = b.sel === null ? 0 : b.sel[0]!;
          value = getScalar(b.columns[0]!, i);
          break;
        }
      }
    } else {
      const list: unknown[] = [];
      for (const b of run(s.plan, this)) {
        const col = b.columns[0]!;
        const count = rowCount(b);
        for (let k = 0; k < count; k++) list.push(getScalar(col, b.sel === null ? k : b.sel[k]!));
      }
      value = list as Scalar;
    }
    this.subqueryResults.set(s, value);
    return value;
  }

  shared(id: number, produce: () => Iterable<Batch>): Batch[] {
    let r = this.sharedResults.get(id);
    if (!r) {
      r = [...produce()];
      this.sharedResults.set(id, r);
    }
    return r;
  }

  checkDeadline(): void {
    if (Date.now() > this.limits.deadline) throw new QueryTimeout();
  }
}

export class QueryTimeout extends Error {
  constructor() {
    super('the query ran past its time limit');
  }
}

export class RowLimitExceeded extends Error {}

/** An expression's values over a batch as a vector: the compiled loop when there is one, else the interpreter. */
export function evalColumn(e: BoundExpr, b: Batch, ctx: ExecContext): Vector {
  const fast = ctx.options.compile ? compiled(e) : null;
  return fast ? fast.vector(b, ctx) : toVector(evaluate(e, b, ctx), b.n);
}

/** Streams the batches a plan node produces. */
export function* run(node: PlanNode, ctx: ExecContext): Generator<Batch> {
  switch (node.kind) {
    case 'Scan': {
      const t = ctx.tables.get(node.table);
      if (!t) throw new Error(`table '${node.table}' is not loaded`);
      const pick = node.columns;
      for (const chunk of t.chunks) {
        ctx.checkDeadline();
        const n = chunk[0]?.length ?? 0;
        if (n === 0) continue;
        yield { columns: pick ? pick.map((i) => chunk[i]!) : chunk, n, sel: null };
      }
      return;
    }
    case 'Values':
      yield { columns: node.columns, n: node.rowCount, sel: null };
      return;
    case 'Range':
      yield* rangeOperator(node, ctx);
      return;
    case 'Filter':
      for (const b of run(node.input, ctx)) {
        ctx.checkDeadline();
        const sel = selectWhere(node.predicate, b, ctx);
        if (sel.length === 0) continue;
        yield { columns: b.columns, n: b.n, sel: sel.length === b.n ? null : sel };
      }
      return;
    case 'Project': {
      for (const b of run(node.input, ctx)) {
        ctx.checkDeadline();
        const columns = node.exprs.map((e) => evalColumn(e, b, ctx));
        yield { columns, n: b.n, sel: b.sel };
      }
      return;
    }
    case 'Limit': {
      let left = node.count;
      if (left <= 0) return;
      for (const b of run(node.input, ctx)) {
        const count = rowCount(b);
        if (count <= left) {
          left -= count;
          yield b;
        } else {
          const sel = b.sel === null ? Int32Array.from({ length: left }, (_, k) => k) : b.sel.slice(0, left);
          left = 0;
          yield { columns: b.columns, n: b.n, sel };
        }
        if (left === 0) return;
      }
      return;
    }
    case 'Aggregate':
      yield* aggregateOperator(node, ctx);
      return;
    case 'Join':
      yield* joinOperator(node, ctx);
      return;
    case 'Sort':
    case 'Top':
      yield* sortOperator(node, ctx);
      return;
    case 'Union':
      yield* unionOperator(node, ctx);
      return;
    case 'MvExpand':
      yield* mvExpandOperator(node, ctx);
      return;
    case 'Window':
      yield* windowOperator(node, ctx);
      return;
    case 'Plugin': {
      const tables = node.inputs.map((inp) => ({ schema: inp.schema, ...collect(inp, ctx) }));
      ctx.checkDeadline();
      const out = node.run(tables, ctx.kernel, ctx);
      if (out.rowCount > ctx.limits.maxRows) throw new RowLimitExceeded(`plugin '${node.name}' produced more than ${ctx.limits.maxRows} rows`);
      if (out.rowCount > 0) yield { columns: out.columns, n: out.rowCount, sel: null };
      return;
    }
    case 'MakeSeries':
      yield* makeSeriesOperator(node, ctx);
      return;
    case 'TopNested':
      yield* topNestedOperator(node, ctx);
      return;
    case 'Shared':
      yield* ctx.shared(node.id, () => run(node.input, ctx));
      return;
  }
}

/** The physical rows of the batch's selection where a bool predicate is true (not null). */
export function selectWhere(predicate: BoundExpr, b: Batch, ctx: ExecContext): Int32Array {
  const fast = ctx.options.compile ? compiled(predicate) : null;
  if (fast) return fast.select(b, ctx);
  const p = evaluate(predicate, b, ctx);
  const count = rowCount(b);
  if (isConst(p)) {
    if (p.value !== true) return new Int32Array(0);
    return b.sel !== null ? b.sel : Int32Array.from({ length: count }, (_, k) => k);
  }
  const data = (p as Extract<Vector, { type: 'bool' }>).data;
  const nulls = p.nulls;
  const sel = new Int32Array(count);
  let m = 0;
  for (let k = 0; k < count; k++) {
    const i = b.sel === null ? k : b.sel[k]!;
    if (data[i] === 1 && (nulls === null || nulls[i] !== 1)) sel[m++] = i;
  }
  return sel.subarray(0, m);
}

/** Every non-empty batch of a plan, in order, and their selected rows in all (at most maxRows). */
function runAll(node: PlanNode, ctx: ExecContext): { batches: Batch[]; rowCount: number } {
  const batches: Batch[] = [];
  let total = 0;
  for (const b of run(node, ctx)) {
    const count = rowCount(b);
    if (count === 0) continue;
    total += count;
    if (total > ctx.limits.maxRows) throw new RowLimitExceeded(`the result has more than ${ctx.limits.maxRows} rows`);
    batches.push(b);
  }
  return { batches, rowCount: total };
}

/** Batches' selected rows as one dense vector per column of `schema`. */
function concatBatches(schema: PlanNode['schema'], batches: readonly Batch[]): Vector[] {
  const sels = batches.map((b) => b.sel);
  const ns = batches.map((b) => b.n);
  return schema.map((c, i) => concatSelected(c.type, batches.map((b) => b.columns[i]!), sels, ns));
}

/**
 * Runs a plan to completion, keeping its batches: the rows of a query's result. A batch whose
 * selection keeps at least a quarter of its rows is kept as it came (its vectors are the table's or
 * were computed for it anyway); consecutive sparser ones are copied together into one dense batch, so
 * a result never holds a whole batch of computed values alive for a few rows (and their rows are
 * copied once, into large vectors, not into many small ones the young generation would copy again).
 */
export function collectParts(node: PlanNode, ctx: ExecContext): { batches: Batch[]; rowCount: number } {
  const all = runAll(node, ctx);
  const batches: Batch[] = [];
  let sparse: Batch[] = [];
  const flush = () => {
    if (sparse.length === 0) return;
    const n = sparse.reduce((t, b) => t + rowCount(b), 0);
    batches.push({ columns: concatBatches(node.schema, sparse), n, sel: null });
    sparse = [];
  };
  for (const b of all.batches) {
    if (b.sel !== null && b.sel.length * 4 < b.n) sparse.push(b);
    else {
      flush();
      batches.push(b);
    }
  }
  flush();
  return { batches, rowCount: all.rowCount };
}

/** Runs a plan to completion: one dense vector per output column. */
export function collect(node: PlanNode, ctx: ExecContext): { columns: Vector[]; rowCount: number } {
  const { batches, rowCount: total } = runAll(node, ctx);
  return { columns: concatBatches(node.schema, batches), rowCount: total };
}

/** All batches of a plan as one dense batch. */
export function materialize(node: PlanNode, ctx: ExecContext): Batch {
  const { columns, rowCount: n } = collect(node, ctx);
  return { columns, n, sel: null };
}

