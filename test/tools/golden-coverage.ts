// Prints the golden function coverage per family and what each function still lacks.
// `npx tsx test/tools/golden-coverage.ts [family…] [--write]`: --write removes the functions that are
// covered now from test/golden/function-coverage-missing.json (it never adds one: the list only shrinks).
import { writeFileSync } from 'node:fs';
import { familySummary, formatSummary, goldenCoverage, MISSING_PATH, readMissingReasons, readmeLine } from '../golden/function-coverage.js';

const args = process.argv.slice(2);
const families = args.filter((a) => !a.startsWith('--'));
const { functions, problems } = goldenCoverage();
const summary = familySummary(functions);
console.log(formatSummary(summary));
console.log(readmeLine(summary));
for (const p of problems) console.log(`tag problem: ${p.where}: ${p.message}`);
for (const f of functions) {
  if (families.length > 0 && !families.includes(f.family)) continue;
  const lacks = [f.doc.length === 0 ? 'doc' : '', f.edge.length === 0 ? 'edge' : ''].filter(Boolean);
  if (lacks.length > 0) console.log(`${f.family.padEnd(20)} ${f.id.padEnd(28)} lacks ${lacks.join(' + ')}`);
}
if (args.includes('--write')) {
  const covered = new Set(functions.filter((f) => f.doc.length > 0 && f.edge.length > 0).map((f) => f.id));
  const reasons = readMissingReasons();
  const listed = Object.keys(reasons);
  const kept = listed.filter((id) => !covered.has(id));
  writeFileSync(MISSING_PATH, `{\n${kept.map((n) => `  ${JSON.stringify(n)}: ${JSON.stringify(reasons[n])}`).join(',\n')}\n}\n`);
  console.log(`function-coverage-missing.json: ${listed.length} → ${kept.length}`);
}
