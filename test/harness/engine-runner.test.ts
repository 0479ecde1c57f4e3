// The runners classify outcomes and survive hung queries; the worker runner survives synchronous loops.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngineRunner, type EngineRunner } from './engine-runner.js';

const stub = fileURLToPath(new URL('./stub-engine.ts', import.meta.url));

describe.each(['worker', 'in-process'] as const)('%s runner', (mode) => {
  let runner: EngineRunner;
  const get = async () => {
    if (!runner) {
      const started = await startEngineRunner({ modulePath: stub, mode });
      if ('unavailable' in started) throw new Error(started.unavailable);
      expect(started.note).toBeUndefined();
      runner = started.runner;
    }
    return runner;
  };
  afterAll(async () => runner?.close());

  it('returns tables, KqlErrors and crashes as outcomes', async () => {
    const r = await get();
    expect(r.mode).toBe(mode);
    expect(await r.run({ op: 'query', text: 'ok' }, 5000)).toMatchObject({
      kind: 'table', columns: [{ name: 'n', type: 'long' }, { name: 'at', type: 'datetime' }, { name: 'text', type: 'string' }], rows: [[1, '2026-01-01T00:00:00Z', 'ok']],
    });
    expect(await r.run({ op: 'query', text: 'kql-error' }, 5000)).toMatchObject({
      kind: 'kql-error', message: 'bad query', diagnostics: [{ code: 'KQL0001', line: 1 }],
    });
    expect(await r.run({ op: 'query', text: 'type-error' }, 5000)).toMatchObject({ kind: 'crash', name: 'TypeError', message: 'boom' });
    expect(await r.run({ op: 'query', text: 'internal' }, 5000)).toMatchObject({ kind: 'crash', message: 'internal error: x is undefined' });
    expect(await r.run({ op: 'parse', text: 'print (' }, 5000)).toMatchObject({ kind: 'analysis', diagnostics: [{ start: 6 }] });
  });

  it('keeps one database per key for analyze, and treats a throwing analyze as a crash', async () => {
    const r = await get();
    const tables = [{ name: 'A', rows: [] }, { name: 'B', rows: [] }];
    expect(await r.run({ op: 'analyze', text: 'x', dbKey: 'k', tables }, 5000)).toMatchObject({ kind: 'analysis', columns: [{ type: 'long:2' }] });
    expect(await r.run({ op: 'analyze', text: 'x', dbKey: 'k', tables: [] }, 5000)).toMatchObject({ columns: [{ type: 'long:2' }] });
    expect(await r.run({ op: 'analyze', text: 'throw', dbKey: 'k', tables: [] }, 5000)).toMatchObject({ kind: 'crash', name: 'KqlError' });
  });

  it('times out a query that never settles, then carries on', async () => {
    const r = await get();
    expect(await r.run({ op: 'query', text: 'never' }, 200)).toEqual({ kind: 'timeout', ms: 200 });
    expect(await r.run({ op: 'query', text: 'ok' }, 5000)).toMatchObject({ kind: 'table' });
  });

  it.runIf(mode === 'worker')('cuts off a synchronous infinite loop and restarts the worker', async () => {
    const r = await get();
    expect(await r.run({ op: 'query', text: 'spin' }, 300)).toEqual({ kind: 'timeout', ms: 300 });
    expect(await r.run({ op: 'query', text: 'ok' }, 10000)).toMatchObject({ kind: 'table' });
  });
});

describe('startEngineRunner', () => {
  it('reports a missing entry point instead of failing', async () => {
    expect(await startEngineRunner({ modulePath: '/nonexistent/index.ts' })).toEqual({ unavailable: expect.stringMatching(/does not exist/) });
  });
});
