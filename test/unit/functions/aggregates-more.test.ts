// The statistics aggregate family: every definition's example runs, and the accumulators fold rows
// into groups through a selection, across several update calls, as the summarize operator drives them.
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';
import { statisticsAggregates } from '../../../src/functions/aggregate/statistics.js';
import type { ArgInfo } from '../../../src/functions/define.js';
import { allocVector, getScalar, setScalar, type Vector } from '../../../src/exec/vector.js';
import type { KqlType, Scalar } from '../../../src/types.js';

const db = new Database();
const def = (name: string) => statisticsAggregates.find((d) => d.name === name)!;

const vec = (type: KqlType, xs: Scalar[]): Vector => {
  const v = allocVector(type, xs.length);
  xs.forEach((x, i) => setScalar(v, i, x));
  return v;
};

/** Runs an aggregate over `args` rows in two batches; `groups[i]` is row i's group. */
function run(name: string, info: ArgInfo[], args: Vector[], groups: number[], nGroups: number, resultType: KqlType): Scalar[][] {
  const acc = def(name).create(info, resultType);
  acc.resize(nGroups);
  const g = Int32Array.from(groups);
  const half = Math.floor(groups.length / 2);
  const first = Int32Array.from({ length: half }, (_, k) => k);
  const second = Int32Array.from({ length: groups.length - half }, (_, k) => half + k);
  acc.update(args, g, first, first.length);
  acc.update(args, g, second, second.length);
  return acc.result(nGroups).map((v) => Array.from({ length: nGroups }, (_, i) => getScalar(v, i)));
}

describe('every example runs', () => {
  for (const d of statisticsAggregates) {
    it(d.name, () => {
      expect(d.example).toBeDefined();
      expect(() => db.querySync(d.example!)).not.toThrow();
    });
  }
});

describe('accumulators', () => {
  it('stdev/variance per group, across batches, nulls ignored', () => {
    // group 0: {2, 4, 4, 4, 5, 5, 7, 9} → population variance 4, sample 32/7; group 1: {10} → 0
    const xs = [2, 4, 10, 4, null, 4, 5, 5, 7, 9];
    const gs = [0, 0, 1, 0, 1, 0, 0, 0, 0, 0];
    const x = vec('long', xs);
    const info: ArgInfo[] = [{ type: 'long' }];
    expect(run('variancep', info, [x], gs, 2, 'real')[0]).toEqual([4, 0]);
    expect(run('stdevp', info, [x], gs, 2, 'real')[0]).toEqual([2, 0]);
    expect(run('variance', info, [x], gs, 2, 'real')[0]![0]).toBeCloseTo(32 / 7, 12);
    expect(run('variance', info, [x], gs, 2, 'real')[0]![1]).toBe(0);
  });

  it('percentile nearest rank and weights', () => {
    const x = vec('long', [10, 20, 30, 40]);
    const w = vec('long', [8, 6, 3, 1]);
    const info: ArgInfo[] = [{ type: 'long' }, { type: 'long' }, { type: 'real', constant: { value: 75 } }];
    expect(run('percentilew', info, [x, w], [0, 0, 0, 0], 1, 'long')).toEqual([[20]]);
    // 55% of 20 values is rank 11 exactly (not 12 from 0.55·20 = 11.000000000000002)
    const ys = vec('long', Array.from({ length: 20 }, (_, i) => i + 1));
    const pinfo: ArgInfo[] = [{ type: 'long' }, { type: 'long', constant: { value: 55 } }];
    expect(run('percentile', pinfo, [ys], new Array<number>(20).fill(0), 1, 'long')).toEqual([[11]]);
  });

  it('percentiles yields one column per percentile', () => {
    const x = vec('real', [3, 1, 2]);
    const info: ArgInfo[] = [{ type: 'real' }, { type: 'long', constant: { value: 0 } }, { type: 'long', constant: { value: 100 } }];
    expect(run('percentiles', info, [x], [0, 0, 0], 1, 'real')).toEqual([[1], [3]]);
  });

  it('binary_all_* keep 64-bit two\'s complement', () => {
    const x = vec('long', [-1, 6]);
    const info: ArgInfo[] = [{ type: 'long' }];
    expect(run('binary_all_and', info, [x], [0, 0], 1, 'long')).toEqual([[6]]);
    expect(run('binary_all_or', info, [x], [0, 0], 1, 'long')).toEqual([[-1]]);
    expect(run('binary_all_xor', info, [x], [0, 0], 1, 'long')).toEqual([[-7]]);
  });

  it('make_bag honours maxSize and keeps the first value of a repeated key', () => {
    const d = vec('dynamic', [{ a: 1, b: 2 }, { a: 9, c: 3 }]);
    const info: ArgInfo[] = [{ type: 'dynamic' }, { type: 'long', constant: { value: 2 } }];
    expect(run('make_bag', info, [d], [0, 0], 1, 'dynamic')).toEqual([[{ a: 1, b: 2 }]]);
  });

  it('take_anyif prefers a non-null value that passes the predicate', () => {
    const x = vec('long', [null, 1, 2]);
    const pr = vec('bool', [true, false, true]);
    expect(run('take_anyif', [{ type: 'long' }, { type: 'bool' }], [x, pr], [0, 0, 0], 1, 'long')).toEqual([[2]]);
  });
});
