// Deterministic generated data: the seeded PRNG and the DLP demo / benchmark tables.
export { Rng, weighted } from './rng.js';
export {
  CORRELATED_SHARE, DEMO_DEFAULTS, DEMO_NOW, IN_WINDOW_SHARE, generateDemoData, generateDemoTables,
} from './demo-data.js';
export type { DemoData, DemoDataOptions, DemoRow, DemoTables, RowStream } from './demo-data.js';
