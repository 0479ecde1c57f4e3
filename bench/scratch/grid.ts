// independent check of 2-key grouping across batch boundaries and grid growth: counts vs a JS Map
import { Database } from '/work/wt-perf/src/index.ts';
const rows: any[] = [];
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
for (let i = 0; i < 300000; i++) rows.push({ a: Math.floor(rnd() * (i < 100000 ? 10 : 3000)), b: `s${Math.floor(rnd() * (i < 150000 ? 5 : 900))}` });
const db = new Database();
db.addTable('T', rows, { a: 'long', b: 'string' });
const r = db.querySync('T | summarize c = count() by a, b');
const m = new Map<string, number>();
for (const x of rows) m.set(`${x.a}|${x.b}`, (m.get(`${x.a}|${x.b}`) ?? 0) + 1);
let bad = 0;
for (const row of r.rows) if (m.get(`${row[0]}|${row[1]}`) !== row[2]) bad++;
console.log('groups', r.rowCount, 'expected', m.size, 'mismatches', bad);
