// Diagnostics point at the offending text: misspell one column reference of a valid generated query and
// some error's span must cover exactly that name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { parseQuery } from '../../src/syntax/parse.js';
import { runs } from './config.js';
import { MAIN_SCHEMA, queryArb } from './generators.js';

const UNKNOWN = 'zz_unknown';

/** Every NameRef node of an AST (with its span), in source order. */
function nameRefs(node: unknown, out: { name: string; start: number; end: number }[] = []) {
  if (Array.isArray(node)) node.forEach((n) => nameRefs(n, out));
  else if (node && typeof node === 'object') {
    const n = node as { kind?: string; name?: string; span?: { start: number; end: number } };
    if (n.kind === 'NameRef' && n.name && n.span) out.push({ name: n.name, start: n.span.start, end: n.span.end });
    for (const v of Object.values(node)) if (v && typeof v === 'object') nameRefs(v, out);
  }
  return out;
}

describe('diagnostic spans', () => {
  const schema = MAIN_SCHEMA.map((c) => ({ name: c.name, type: c.type }));
  const db = new Database({ now: '2026-01-01T00:00:00Z' }).addTable('T', [], schema);

  it('an unknown column is reported at exactly its name', () => {
    let checked = 0;
    fc.assert(
      fc.property(queryArb(), fc.nat(), (q, pick) => {
        if (db.analyze(q.text).diagnostics.some((d) => d.severity === 'error')) return;
        const { ast } = parseQuery(q.text);
        // column references only: not let-bound names (q1…), not $left/$right, not the table
        const refs = nameRefs(ast).filter((r) => /^[a-z]+\d*$/.test(r.name) && !/^q\d+$/.test(r.name) && q.text.slice(r.start, r.end) === r.name && r.name !== 'T');
        if (!refs.length) return;
        const ref = refs[pick % refs.length]!;
        const text = q.text.slice(0, ref.start) + UNKNOWN + q.text.slice(ref.end);
        const errors = db.analyze(text).diagnostics.filter((d) => d.severity === 'error');
        const at = `${ref.start}..${ref.start + UNKNOWN.length}`;
        expect(errors.length, `no error for ${UNKNOWN} at ${at}:\n${text}`).toBeGreaterThan(0);
        const spans = errors.map((d) => `${d.code} ${d.message} at ${d.start}..${d.end}`);
        expect(errors.some((d) => d.start === ref.start && d.end === ref.start + UNKNOWN.length), `expected an error at ${at}, got:\n${spans.join('\n')}\nin:\n${text}`).toBe(true);
        checked++;
      }),
      { numRuns: runs(150) },
    );
    expect(checked, 'too few generated queries had a column reference to misspell').toBeGreaterThan(30);
  });
});
