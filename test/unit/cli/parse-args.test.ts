import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../src/cli/parse-args.js';

const usage = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseArgs', () => {
  it('parses run with every option, in both --opt value and --opt=value forms', () => {
    expect(parseArgs(['run', 'q.kql', '--table', 'CloudAppEvents=e.ndjson', '--table=Alerts=a.json', '--demo',
      '--now', '2026-01-01T00:00:00Z', '--format=json', '--width', '0', '--data', 'd/SigninLogs.csv', '-d', 'x.json.gz', '--schema', 's.json',
      '--external', 'https://example.com/iocs.txt?ref=main=fixtures/iocs.txt', '--external=http://h/a.csv=a.csv'])).toEqual({
      command: 'run', file: 'q.kql', demo: true, data: ['d/SigninLogs.csv', 'x.json.gz'], schema: 's.json', now: '2026-01-01T00:00:00Z', format: 'json', width: 0,
      tables: [{ name: 'CloudAppEvents', path: 'e.ndjson' }, { name: 'Alerts', path: 'a.json' }],
      // the path is after the last '=' (a URL's query string may hold one)
      externals: [{ url: 'https://example.com/iocs.txt?ref=main', path: 'fixtures/iocs.txt' }, { url: 'http://h/a.csv', path: 'a.csv' }],
    });
    expect(parseArgs(['check', '-t', 'T=x=y.json', 'q.kql'])).toEqual({
      command: 'check', file: 'q.kql', demo: false, data: [], format: 'table', tables: [{ name: 'T', path: 'x=y.json' }], externals: [],
    });
    expect(parseArgs(['run', '-'])).toMatchObject({ file: '-' });
  });

  it('recognizes help everywhere', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['-h'])).toEqual({ command: 'help' });
    expect(parseArgs(['help', 'run'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseArgs(['run', '--help'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseArgs(['check', 'q.kql', '-h'])).toEqual({ command: 'help', topic: 'check' });
  });

  it('reports usage errors', () => {
    expect(usage([])).toMatch(/missing command/);
    expect(usage(['frobnicate'])).toMatch(/unknown command 'frobnicate'/);
    expect(usage(['run'])).toMatch(/missing the query file/);
    expect(usage(['run', 'a.kql', 'b.kql'])).toMatch(/expected one query file/);
    expect(usage(['run', 'q.kql', '--bogus'])).toMatch(/unknown option '--bogus'/);
    expect(usage(['run', 'q.kql', '--table'])).toMatch(/--table needs a value/);
    expect(usage(['run', 'q.kql', '--table', '--demo'])).toMatch(/--table needs a value/);
    expect(usage(['run', 'q.kql', '--table', 'nopath'])).toMatch(/expects Name=path/);
    expect(usage(['run', 'q.kql', '--table', '1bad=x.json'])).toMatch(/not a valid table name/);
    expect(usage(['run', 'q.kql', '--external', 'iocs.txt=x.txt'])).toMatch(/--external expects URL=PATH/);
    expect(usage(['run', 'q.kql', '--external', 'https://a/b='])).toMatch(/--external expects URL=PATH/);
    expect(usage(['run', 'q.kql', '--external', 'https://a/b=x', '--external', 'https://a/b=y'])).toMatch(/--external gives 'https:\/\/a\/b' twice/);
    expect(usage(['run', 'q.kql', '--format', 'xml'])).toMatch(/--format must be one of table, json, ndjson, csv, markdown, not 'xml'/);
    expect(usage(['run', 'q.kql', '--schema', 'a.json', '--schema', 'b.json'])).toMatch(/--schema is given twice/);
    expect(usage(['run', 'q.kql', '--width', 'wide'])).toMatch(/--width must be a whole number/);
    expect(usage(['run', 'q.kql', '--demo=yes'])).toMatch(/--demo takes no value/);
    expect(usage(['run', 'q.kql', '-t', 'A=x', '-t', 'A=y'])).toMatch(/table 'A' is given twice/);
  });

  it('names the command whose help to read', () => {
    try {
      parseArgs(['check', '--nope']);
    } catch (e) {
      expect((e as UsageError).topic).toBe('check');
    }
  });
});
