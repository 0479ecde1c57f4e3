// union: each input's batches re-mapped onto the superset schema; missing columns are null.
import type { UnionNode } from '../../plan/nodes.js';
import type { Batch } from '../batch.js';
import { broadcast } from '../vector.js';
import { run, type ExecContext } from '../pipeline.js';

export function* unionOperator(node: UnionNode, ctx: ExecContext): Generator<Batch> {
  const offset = node.sourceNames ? 1 : 0;
  const target = node.schema.slice(offset);
  for (let k = 0; k < node.inputs.length; k++) {
    const mapping = node.mappings[k]!;
    for (const b of run(node.inputs[k]!, ctx)) {
      const columns = target.map((c, j) => {
        const src = mapping[j]!;
        return src >= 0 ? b.columns[src]! : broadcast({ kind: 'const', type: c.type, value: null }, b.n);
      });
      if (node.sourceNames) columns.unshift(broadcast({ kind: 'const', type: 'string', value: node.sourceNames[k]! }, b.n));
      yield { columns, n: b.n, sel: b.sel };
    }
  }
}
