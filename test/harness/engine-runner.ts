// Runs engine requests with a time limit: in a worker thread (default; a synchronous infinite loop
// is cut off by terminating the worker) or in this thread (a Promise.race that only catches hangs
// that yield to the event loop — a synchronous loop would hang the whole suite).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { handleRequest, type EngineDatabase, type EngineModule, type EngineRequest, type Outcome } from './engine-session.js';
import { repoRoot } from './oracle.js';

export type { EngineRequest, Outcome } from './engine-session.js';

export interface EngineRunner {
  readonly mode: 'worker' | 'in-process';
  run(request: EngineRequest, timeoutMs: number): Promise<Outcome>;
  close(): Promise<void>;
}

export interface RunnerOptions {
  /** the engine's entry point; default: src/index.ts of this repository */
  modulePath?: string;
  /** default: env KQL_HARNESS_RUNNER ('worker' | 'in-process'), else 'worker' */
  mode?: 'worker' | 'in-process';
}

/** The engine under test: src/index.ts, or `KQL_ENGINE_ENTRY` (e.g. a build in dist/, or a stub). */
export const ENGINE_ENTRY = process.env.KQL_ENGINE_ENTRY ?? join(repoRoot(), 'src', 'index.ts');

/** Is the engine's public entry point there yet? */
export function engineAvailable(modulePath = ENGINE_ENTRY): boolean {
  return existsSync(modulePath);
}

/**
 * Starts a runner, or returns the reason it cannot. In worker mode the engine is loaded in the
 * worker through tsx; if the worker cannot start, this falls back to in-process mode and says so.
 */
export async function startEngineRunner(options: RunnerOptions = {}): Promise<{ runner: EngineRunner; note?: string } | { unavailable: string }> {
  const modulePath = options.modulePath ?? ENGINE_ENTRY;
  if (!existsSync(modulePath)) return { unavailable: `engine entry point ${modulePath} does not exist yet` };
  const mode = options.mode ?? (process.env.KQL_HARNESS_RUNNER === 'in-process' ? 'in-process' : 'worker');
  let note: string | undefined;
  if (mode === 'worker') {
    const runner = new WorkerRunner(modulePath);
    const started = await runner.start();
    if (started === undefined) return { runner };
    await runner.close();
    note = `worker runner unavailable (${started}); running in-process, where a synchronous infinite loop cannot be interrupted`;
  }
  try {
    const engine = (await import(modulePath)) as EngineModule;
    const runner = new InProcessRunner(engine);
    return note === undefined ? { runner } : { runner, note };
  } catch (e) {
    return { unavailable: `engine failed to load: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  }
}

class InProcessRunner implements EngineRunner {
  readonly mode = 'in-process' as const;
  private readonly dbs = new Map<string, EngineDatabase>();
  constructor(private readonly engine: EngineModule) {}

  async run(request: EngineRequest, timeoutMs: number): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout', ms: timeoutMs }), timeoutMs);
    });
    try {
      return await Promise.race([handleRequest(this.engine, request, this.dbs), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {}
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'outcome'; id: number; outcome: Outcome };

class WorkerRunner implements EngineRunner {
  readonly mode = 'worker' as const;
  private worker: Worker | undefined;
  private nextId = 1;
  private pending: { id: number; resolve: (o: Outcome) => void; started: number } | undefined;

  constructor(private readonly modulePath: string) {}

  /** Spawns the worker and waits until the engine is loaded; returns an error text on failure. */
  async start(): Promise<string | undefined> {
    const worker = new Worker(fileURLToPath(new URL('./engine-worker.mjs', import.meta.url)), {
      workerData: { modulePath: this.modulePath, sessionPath: fileURLToPath(new URL('./engine-session.ts', import.meta.url)) },
    });
    // (Only our own listeners may be removed: Worker keeps internal ones that removeAllListeners would break.)
    let onMessage: (m: WorkerMessage) => void = () => {};
    let onError: (e: Error) => void = () => {};
    let onExit: (code: number) => void = () => {};
    const outcome = await new Promise<string | undefined>((resolve) => {
      onMessage = (m) => {
        if (m.type === 'ready') resolve(undefined);
        else if (m.type === 'init-error') resolve(m.message);
      };
      onError = (e) => resolve(`worker error: ${e.message}`);
      onExit = (code) => resolve(`worker exited with code ${code}`);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    if (outcome !== undefined) {
      await worker.terminate();
      return outcome;
    }
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'outcome' && this.pending?.id === m.id) this.settle(m.outcome);
    });
    const died = (why: string) => {
      if (this.worker !== worker) return; // an old worker, ended on purpose
      this.worker = undefined;
      if (this.pending) this.settle({ kind: 'crash', name: 'WorkerDied', message: why, ms: Math.round(performance.now() - this.pending.started) });
    };
    worker.on('error', (e) => died(`the engine's worker thread failed: ${e.name}: ${e.message}`));
    worker.on('exit', (code) => died(`the engine's worker thread exited with code ${code}`));
    this.worker = worker;
    return undefined;
  }

  private settle(outcome: Outcome): void {
    const p = this.pending;
    this.pending = undefined;
    p?.resolve(outcome);
  }

  async run(request: EngineRequest, timeoutMs: number): Promise<Outcome> {
    if (this.pending) throw new Error('WorkerRunner.run: one request at a time');
    if (!this.worker) {
      const failed = await this.start();
      if (failed !== undefined) return { kind: 'crash', name: 'WorkerDied', message: `could not restart the worker: ${failed}`, ms: 0 };
    }
    const worker = this.worker!;
    const id = this.nextId++;
    const started = performance.now();
    const outcome = new Promise<Outcome>((resolve) => {
      this.pending = { id, resolve, started };
    });
    const timer = setTimeout(() => {
      // A synchronous loop never yields: the only way out is to end the thread; the next run respawns it.
      this.settle({ kind: 'timeout', ms: timeoutMs });
      this.worker = undefined; // its exit event is ignored from now on
      void worker.terminate();
    }, timeoutMs);
    worker.postMessage({ id, request });
    try {
      return await outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
