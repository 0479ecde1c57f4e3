// Embedding kql-engine: load rows, run a query, read the result.
import { Database } from '../src/index.js';

const db = new Database({ now: '2026-01-01T00:00:00Z' });
db.addTable('SignIns', [
  { Time: new Date('2025-12-31T08:00:00Z'), User: 'alice', Country: 'US', Success: true },
  { Time: new Date('2025-12-31T09:30:00Z'), User: 'bob', Country: 'NG', Success: false },
  { Time: new Date('2025-12-31T09:31:00Z'), User: 'bob', Country: 'NG', Success: false },
]);
const result = await db.query('SignIns | where Time > ago(1d) and not(Success) | summarize Failures = count() by User');
console.log(result.columns); // [{ name: 'User', type: 'string' }, { name: 'Failures', type: 'long' }]
console.log(result.rows); // [['bob', 2]]
