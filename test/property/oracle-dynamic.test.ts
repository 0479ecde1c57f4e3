// Dynamic access ≡ a JSON oracle (KUSTO-SEMANTICS 17–18): a missing key or an out-of-range index is null,
// never an error; a negative index counts from the end; tostring of a dynamic string is unquoted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { runs } from './config.js';

type J = null | boolean | number | string | J[] | { [k: string]: J };

const leaf: fc.Arbitrary<J> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -9, max: 9 }), fc.constantFrom(0.5, -2.25), fc.constantFrom('a', '', 'x y', '{'));
const json: fc.Arbitrary<J> = fc.letrec<{ j: J }>((tie) => ({
  j: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('j'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'x y'), tie('j'), { maxKeys: 3 })),
})).j;

const isObj = (v: J): v is { [k: string]: J } => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `v[key]` for a bag, `v[i]` for an array (negative from the end); anything else is null. */
function access(v: J, key: string | number): J {
  if (typeof key === 'string') return isObj(v) && Object.prototype.hasOwnProperty.call(v, key) ? v[key]! : null;
  if (!Array.isArray(v)) return null;
  const i = key < 0 ? v.length + key : key;
  return i >= 0 && i < v.length ? v[i]! : null;
}

/** tostring(dynamic): strings unquoted, null → "", everything else its compact JSON text. */
const dynToString = (v: J): string => (v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

type Path = (string | number)[];
const pathText = (p: Path) => p.map((k) => (typeof k === 'number' ? `[${k}]` : /^[a-z]+$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('');
const pathArb: fc.Arbitrary<Path> = fc.array(fc.oneof(fc.constantFrom('a', 'b', 'x y', 'zz'), fc.constantFrom(0, 1, 2, -1, -3, 7)), { minLength: 1, maxLength: 3 });

function table(values: J[]) {
  return new Database().addTable('D', values.map((v, i) => ({ id: i, d: v })), { id: 'long', d: 'dynamic' });
}

describe('dynamic access ≡ JSON oracle', () => {
  it('member and index paths: missing → null, negative index from the end', () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 6 }), pathArb, (values, path) => {
        const text = `D | project r = d${pathText(path)}`;
        const out = table(values).querySync(text).toJSON();
        const want = values.map((v) => path.reduce<J>((acc, k) => access(acc, k), v));
        expect(out.rows.map((r) => r[0]), `${text} over ${JSON.stringify(values)}`).toEqual(want);
      }),
      { numRuns: runs(150) },
    );
  });

  it('tostring and array_length of a path', () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 6 }), fc.option(pathArb, { nil: undefined }), (values, path) => {
        const p = path ?? [];
        const text = `D | project s = tostring(d${pathText(p)}), n = array_length(d${pathText(p)})`;
        const out = table(values).querySync(text).toJSON();
        const want = values.map((v) => {
          const x = p.reduce<J>((acc, k) => access(acc, k), v);
          return [dynToString(x), Array.isArray(x) ? x.length : null];
        });
        expect(out.rows, `${text} over ${JSON.stringify(values)}`).toEqual(want);
      }),
      { numRuns: runs(150) },
    );
  });

  it('isnull / isempty of a path (a missing member is null; an empty string is empty, not null)', () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 6 }), pathArb, (values, path) => {
        const text = `D | project a = isnull(d${pathText(path)}), b = isempty(d${pathText(path)})`;
        const out = table(values).querySync(text).toJSON();
        const want = values.map((v) => {
          const x = path.reduce<J>((acc, k) => access(acc, k), v);
          return [x === null, x === null || x === ''];
        });
        expect(out.rows, `${text} over ${JSON.stringify(values)}`).toEqual(want);
      }),
      { numRuns: runs(100) },
    );
  });
});
