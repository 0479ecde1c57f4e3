// The scalar families through the whole engine (`Database.querySync`): every definition's example
// runs, and a few documented results come out as Kusto shows them.
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';
import type { ScalarFunctionDef } from '../../../src/functions/define.js';
import { conditionalFunctions } from '../../../src/functions/scalar/conditional.js';
import { conversionFunctions } from '../../../src/functions/scalar/conversion.js';
import { datetimeFunctions } from '../../../src/functions/scalar/datetime.js';
import { dynamicFunctions } from '../../../src/functions/scalar/dynamic.js';
import { mathFunctions } from '../../../src/functions/scalar/math.js';
import { stringFunctions } from '../../../src/functions/scalar/string.js';

const families: ScalarFunctionDef[] = [
  ...conversionFunctions, ...stringFunctions, ...datetimeFunctions, ...mathFunctions, ...conditionalFunctions, ...dynamicFunctions,
];

/** Examples the engine cannot run yet (none today). */
const BLOCKED = new Set<string>();

const db = new Database();
const rows = (q: string) => db.querySync(q).toJSON().rows;

describe('every example runs', () => {
  for (const def of families) {
    if (!def.example) continue;
    it.skipIf(BLOCKED.has(def.name))(def.name, () => {
      expect(() => db.querySync(def.example!)).not.toThrow();
    });
  }
});

describe('documented results through the engine', () => {
  it('strings', () => {
    expect(rows(`print strcat("hello", " ", "world"), strlen("⒦⒰⒮⒯⒪"), substring("123456", -2, 2), split("a__b", "_")`))
      .toEqual([['hello world', 5, '56', ['a', '', 'b']]]);
    expect(rows(`print extract(@"-(\\d{2})-", 1, "21-07-2023", typeof(int)), indexof("abcdefgabcdefg", "cde", 1, 10, 2)`))
      .toEqual([[7, 9]]);
  });
  it('conditionals and conversions', () => {
    expect(rows(`print coalesce(tolong("not a number"), tolong("42"), 33), iif(1 > 2, "a", "b"), isempty(""), isnull("")`))
      .toEqual([[42, 'b', true, false]]);
    const r = db.querySync(`print a = iif(true, "a", 1), b = iff(false, int(1), 2.5)`);
    expect(r.columns.map((c) => c.type)).toEqual(['dynamic', 'real']);
    expect(r.toJSON().rows).toEqual([['a', 2.5]]);
  });
  it('datetimes', () => {
    expect(rows(`print datetime_diff('week', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59)), dayofweek(datetime(1970-05-11)), endofmonth(datetime(2017-01-01 10:10:17), 1)`))
      .toEqual([[5, '1.00:00:00', '2017-02-28T23:59:59.9999999Z']]);
    expect(rows(`range x from 1 to 3 step 1 | project bin(datetime(2020-01-01 10:30) + x * 1h, 2h)`))
      .toEqual([['2020-01-01T10:00:00Z'], ['2020-01-01T12:00:00Z'], ['2020-01-01T12:00:00Z']]);
    const [[now, ago]] = rows(`print now(), ago(1h)`) as [[string, string]];
    expect(Date.parse(now) - Date.parse(ago)).toBe(3_600_000);
  });
  it('dynamics', () => {
    expect(rows(`print pack_array(1, "2", 2s), bag_pack("a", 1), array_slice(dynamic([1,2,3,4,5]), -3, -2), zip(dynamic([1]), dynamic([2, 3]))`))
      .toEqual([[[1, '2', '00:00:02'], { a: 1 }, [3, 4], [[1, 2], [null, 3]]]]);
  });
});
