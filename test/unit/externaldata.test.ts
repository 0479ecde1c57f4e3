// externaldata over local files (externaldata-operator.md): only under the Database's externalDataRoot;
// URLs and every path without the option are refused with an error naming the URI. Expected values are
// the fixture files' contents, worked out by hand.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database, KqlError } from '../../src/index.js';
import { resolveUnder } from '../../src/plugins/external-data.js';

const ROOT = fileURLToPath(new URL('../fixtures/externaldata/', import.meta.url));
const db = new Database({ externalDataRoot: ROOT });

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof KqlError) return e.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ');
    throw e;
  }
  return 'no error';
};

describe('externaldata', () => {
  it('reads CSV with quoted fields, skipping the header row; empty fields are null', () => {
    const r = db.querySync(`externaldata (Name:string, Count:long, When:datetime) ['people.csv'] with (format='csv', ignoreFirstRecord=true)`);
    expect(r.columns).toEqual([{ name: 'Name', type: 'string' }, { name: 'Count', type: 'long' }, { name: 'When', type: 'datetime' }]);
    expect(r.toJSON().rows).toEqual([
      ['Smith, J', 3, '2024-01-02T03:04:05Z'],
      ['Lee', null, '2024-02-01T00:00:00Z'],
      ['Say "hi"', 7, null],
    ]);
  });

  it('reads TSV, JSON lines, multi-line JSON objects and text lines; works as a let and with operators after it', () => {
    expect(db.querySync(`externaldata (a:string, b:int) [@"pairs.tsv"] with (format=tsv, ignoreFirstRecord=true) | summarize sum(b)`).rows).toEqual([[3]]);
    expect(db.querySync(`externaldata (id:long, name:string, tags:dynamic) ["lines.json"] with (format="json")`).rows)
      .toEqual([[1, 'one', ['a']], [2, 'two', null]]);
    expect(db.querySync(`externaldata (id:long, name:string, tags:dynamic) ["multi.json"] with (format="multijson")`).rows)
      .toEqual([[3, 'three', null], [4, 'four', { k: 1 }]]);
    expect(db.querySync(`let Bad = externaldata (Domain:string) ["domains.txt"] with (format="txt"); print x = "bad.example" in (Bad)`).rows).toEqual([[true]]);
    expect(db.querySync(`externaldata (a:string) ["pairs.tsv", "domains.txt"] with (format=txt) | count`).rows).toEqual([[5]]);
  });

  it('the schema is known without reading (analyze: a warning); a URL nobody answers is refused when binding, at the URL', () => {
    const q = `externaldata (Domain:string) [h'https://example.com/list.txt'] with (format='txt')`;
    const a = db.analyze(q);
    expect(a.columns).toEqual([{ name: 'Domain', type: 'string' }]);
    expect(a.diagnostics.map((d) => [d.code, d.severity, d.start, d.end])).toEqual([['KQL0401', 'warning', 30, 61]]);
    const refused = "KQL0401 externaldata: 'https://example.com/list.txt' is a URL; this engine makes no network requests (the application can provide the text: Database option readExternalUrl, or kql run --external URL=PATH)";
    expect(message(() => db.querySync(q))).toBe(refused);
    // refused whatever the data: even where the plan would never read it (an empty left side)
    expect(message(() => db.querySync(`datatable(d:string)[] | where d in (${q})`))).toBe(refused);
  });

  it('readExternalUrl: the application gives the text behind a URL (a fixture for a published IOC list)', () => {
    const asked: string[] = [];
    const withUrls = new Database({
      readExternalUrl: (url) => {
        asked.push(url);
        if (url === 'https://example.com/list.txt') return 'evil.example\nbad.example\n';
        throw new Error('not a fixture');
      },
    });
    // hand: two lines, one domain each; the first url matches
    const q = `let iocs = externaldata (Domain:string) [h'https://example.com/list.txt'] with (format='txt');
datatable(Url:string)["http://evil.example/x", "http://good.example/"] | where Url has_any (iocs)`;
    expect(withUrls.querySync(q).rows).toEqual([['http://evil.example/x']]);
    expect(asked).toEqual(['https://example.com/list.txt']);
    expect(message(() => withUrls.querySync(`externaldata (a:string) ['https://example.com/other.txt'] with (format='txt')`)))
      .toBe("KQL0401 externaldata: the application's readExternalUrl failed for 'https://example.com/other.txt': not a fixture");
    // local files stay refused without externalDataRoot
    expect(message(() => withUrls.querySync(`externaldata (a:string) ['people.csv']`))).toMatch(/^KQL0401 externaldata: reading 'people.csv' is refused/);
  });

  it('without externalDataRoot nothing is read; a path that leaves the root is refused', () => {
    expect(message(() => new Database().querySync(`externaldata (a:string) ['people.csv']`)))
      .toBe("KQL0401 externaldata: reading 'people.csv' is refused: the application has not allowed local files (Database option externalDataRoot)");
    expect(message(() => db.querySync(`externaldata (a:string) ['../golden/format.ts'] with (format=txt)`)))
      .toBe("KQL0401 externaldata: '../golden/format.ts' is outside the externalDataRoot directory");
    expect(message(() => db.querySync(`externaldata (a:string) ['/etc/passwd'] with (format=txt)`)))
      .toBe("KQL0401 externaldata: '/etc/passwd' is outside the externalDataRoot directory");
    expect(message(() => db.querySync(`externaldata (a:string) ['missing.csv']`))).toMatch(/^KQL0401 externaldata: cannot read 'missing.csv': /);
    expect(message(() => db.querySync(`externaldata (a:string) ['people.csv'] with (format='parquet')`)))
      .toMatch(/^KQL0311 externaldata: format 'parquet' is not supported/);
  });

  it('resolves paths lexically under the root', () => {
    expect(resolveUnder('/data', 'a/b.csv')).toBe('/data/a/b.csv');
    expect(resolveUnder('/data/', './a/../b.csv')).toBe('/data/b.csv');
    expect(resolveUnder('/data', '../data2/x')).toBeNull();
    expect(resolveUnder('/data', '/data/x')).toBe('/data/x');
    expect(resolveUnder('/data', 'a\\..\\..\\x')).toBeNull();
  });

  it('an application-supplied reader replaces the file system', () => {
    const mem = new Database({ externalDataRoot: '/virtual', readExternalFile: (p) => (p === '/virtual/t.csv' ? 'x,1\ny,2\n' : '') });
    expect(mem.querySync(`externaldata (k:string, v:long) ['t.csv']`).rows).toEqual([['x', 1], ['y', 2]]);
  });
});
