// Worker thread that loads the engine (TypeScript, through tsx) and answers requests, so the
// parent can terminate a query stuck in a synchronous loop.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { modulePath, sessionPath } = workerData;
let engine;
let session;
try {
  session = await tsImport(sessionPath, import.meta.url);
  engine = await tsImport(modulePath, import.meta.url);
  parentPort.postMessage({ type: 'ready' });
} catch (e) {
  parentPort.postMessage({ type: 'init-error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}

const dbs = new Map();
parentPort.on('message', async ({ id, request }) => {
  const outcome = await session.handleRequest(engine, request, dbs);
  try {
    parentPort.postMessage({ type: 'outcome', id, outcome });
  } catch (e) {
    // A value that cannot be cloned (a function, a class instance with private state...).
    parentPort.postMessage({
      type: 'outcome', id,
      outcome: { kind: 'crash', name: 'DataCloneError', message: `result could not be sent: ${e instanceof Error ? e.message : String(e)}`, ms: outcome.ms },
    });
  }
});
