// The DLP investigation demo: generated CloudAppEvents and SecurityAlert tables, one query, a table of matches.
import { readFileSync } from 'node:fs';
import { Database } from '../src/index.js';
import { formatTable } from '../src/cli/format.js';
import { DEMO_NOW, generateDemoData } from '../src/data/demo-data.js';

const started = performance.now();
const data = generateDemoData(); // 20,000 events, 500 alerts, seed 42, all in the 30 days before DEMO_NOW
const db = new Database({ now: DEMO_NOW });
db.addTable('CloudAppEvents', data.CloudAppEvents); // typed by the built-in CloudAppEvents schema
db.addTable('SecurityAlert', data.SecurityAlert);
const loaded = performance.now();

const query = readFileSync(new URL('./dlp-investigation.kql', import.meta.url), 'utf8');
const result = await db.query(query);
const matches = await db.query(query.replace(/\|\s*order by[\s\S]*$/, '| count'));
const done = performance.now();

const n = (x: number) => x.toLocaleString('en-US');
const total = Number(matches.rows[0]?.[0] ?? result.rows.length);
console.log(
  `DLP investigation: scanned ${n(data.CloudAppEvents.length)} CloudAppEvents and ${n(data.SecurityAlert.length)} SecurityAlert rows; ` +
    `${n(total)} events matched an alert (showing the ${result.rows.length} latest); ` +
    `data ${Math.round(loaded - started)} ms, queries ${Math.round(done - loaded)} ms\n`,
);
console.log(formatTable(result, { maxWidth: process.stdout.columns ?? 160, color: process.stdout.isTTY === true }));
