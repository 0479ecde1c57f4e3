// String functions, pinned on the documentation's examples (page cited per block).
import { describe, expect, it } from 'vitest';
import { stringFunctions } from '../../../src/functions/scalar/string.js';
import { compileRegex } from '../../../src/values/regex.js';
import { parseDateTime } from '../../../src/values/datetime.js';
import { TICKS_PER_HOUR, TICKS_PER_SECOND } from '../../../src/types.js';
import { call, callRows, callVector, fn, resultTypeOf } from './call.js';

const f = (name: string) => fn(stringFunctions, name);

describe('strcat / strcat_delim', () => {
  // strcat-function.md
  it('concatenates, converting and treating null as empty', () => {
    expect(call(f('strcat'), ['string', 'string', 'string'], ['hello', ' ', 'world'])).toBe('hello world');
    expect(call(f('strcat'), ['string', 'long', 'long'], ['a', null, 1])).toBe('a1');
    expect(call(f('strcat'), ['real', 'bool'], [1.5, true])).toBe('1.5True');
  });
  // strcat-delim-function.md: strcat_delim('-', 1, '2', 'A', 1s) = 1-2-A-00:00:01
  it('strcat_delim', () => {
    expect(call(f('strcat_delim'), ['string', 'long', 'string', 'string', 'timespan'], ['-', 1, '2', 'A', TICKS_PER_SECOND])).toBe('1-2-A-00:00:01');
  });
});

describe('strlen, case, reverse', () => {
  // strlen-function.md: code points
  it('strlen', () => {
    expect(call(f('strlen'), ['string'], ['hello'])).toBe(5);
    expect(call(f('strlen'), ['string'], ['⒦⒰⒮⒯⒪'])).toBe(5);
    expect(call(f('strlen'), ['string'], ['C\u0327edilla'])).toBe(8);
    expect(call(f('strlen'), ['string'], ['😀'])).toBe(1);
    expect(call(f('strlen'), ['string'], [''])).toBe(0);
    expect(call(f('strlen'), ['dynamic'], [null])).toBeNull();
    expect(resultTypeOf(f('strlen'), ['string'])).toBe('long');
  });
  it('tolower / toupper', () => {
    expect(call(f('tolower'), ['string'], ['Hello'])).toBe('hello');
    expect(call(f('toupper'), ['string'], ['Hello'])).toBe('HELLO');
    expect(call(f('toupper'), ['long'], [null])).toBe('');
  });
  // reverse-function.md
  it('reverse', () => {
    expect(call(f('reverse'), ['string'], ['ABCDEFGHIJKLMNOPQRSTUVWXYZ'])).toBe('ZYXWVUTSRQPONMLKJIHGFEDCBA');
    expect(call(f('reverse'), ['long'], [12345])).toBe('54321');
    expect(call(f('reverse'), ['real'], [123.45])).toBe('54.321');
    expect(call(f('reverse'), ['datetime'], [parseDateTime('2017-10-15 12:00')!])).toBe('Z0000000.00:00:21T51-01-7102');
    expect(call(f('reverse'), ['timespan'], [3 * TICKS_PER_HOUR])).toBe('00:00:30');
  });
});

describe('substring', () => {
  // substring-function.md
  it('docs examples', () => {
    expect(call(f('substring'), ['string', 'long'], ['123456', 1])).toBe('23456');
    expect(call(f('substring'), ['string', 'long', 'long'], ['123456', 2, 2])).toBe('34');
    expect(call(f('substring'), ['string', 'long', 'long'], ['ABCD', 0, 2])).toBe('AB');
    expect(call(f('substring'), ['string', 'long', 'long'], ['123456', -2, 2])).toBe('56');
  });
  it('out of range', () => {
    expect(call(f('substring'), ['string', 'long'], ['abc', 5])).toBe('');
    expect(call(f('substring'), ['string', 'long', 'long'], ['abc', 1, 100])).toBe('bc');
    expect(call(f('substring'), ['string', 'long'], ['abc', -10])).toBe('abc');
    expect(call(f('substring'), ['long', 'long'], [12345, 1])).toBe('2345');
    expect(call(f('substring'), ['string', 'long'], ['abc', null])).toBeNull();
  });
});

describe('split', () => {
  // split-function.md
  it('docs examples', () => {
    expect(call(f('split'), ['string', 'string'], ['aa_bb', '_'])).toEqual(['aa', 'bb']);
    expect(call(f('split'), ['string', 'string', 'long'], ['aaa_bbb_ccc', '_', 1])).toEqual(['bbb']);
    expect(call(f('split'), ['string', 'string'], ['', '_'])).toEqual(['']);
    expect(call(f('split'), ['string', 'string'], ['a__b', '_'])).toEqual(['a', '', 'b']);
    expect(call(f('split'), ['string', 'string'], ['aabbcc', 'bb'])).toEqual(['aa', 'cc']);
  });
  it('index out of range → empty array', () => {
    expect(call(f('split'), ['string', 'string', 'long'], ['a_b', '_', 5])).toEqual([]);
  });
});

describe('extract', () => {
  // extract-function.md
  it('docs examples', () => {
    const text = 'User: JohnDoe, Email: johndoe@example.com, Age: 29';
    expect(call(f('extract'), ['string', 'long', 'string'], ['User: ([^,]+)', 1, text])).toBe('JohnDoe');
    expect(call(f('extract'), ['string', 'long', 'string'], ['Email: (\\S+),', 1, 'User: David, Age: 35'])).toBe('');
    expect(call(f('extract'), ['string', 'long', 'string'], ['\\d+', 0, 'User: David, Age: 35'])).toBe('35');
  });
  it('typeof(T) converts the match', () => {
    const types = ['string', 'long', 'string', 'string'] as const;
    expect(resultTypeOf(f('extract'), [...types], ['', 0, '', 'int'])).toBe('int');
    expect(call(f('extract'), [...types], ['-(\\d{2})-', 1, '21-07-2023', 'int'])).toBe(7);
    expect(call(f('extract'), [...types], ['-(\\d{2})-', 1, 'nope', 'int'])).toBeNull();
  });
  it('group out of range, invalid regex and non-constant patterns', () => {
    expect(call(f('extract'), ['string', 'long', 'string'], ['(a)', 2, 'a'])).toBe('');
    expect(call(f('extract'), ['string', 'long', 'string'], ['(', 0, 'a'])).toBe('');
    expect(callVector(f('extract'), ['string', 'long', 'string'], ['b+', 0, 'abbc'])).toBe('bb');
  });
  it('RE2 syntax (re2-library.md)', () => {
    expect(compileRegex('(?i)abc')!.test('ABC')).toBe(true);
    const named = compileRegex('(?P<x>a)')!;
    expect(named.exec('a')!.groups[named.groupNames.x!]).toBe('a');
    expect(compileRegex('\\Aab\\z')!.test('ab')).toBe(true);
    expect(compileRegex('\\Aab\\z')!.test('ab\n')).toBe(false);
    expect(compileRegex('a\\\\z')!.test('a\\z')).toBe(true);
    expect(compileRegex('[')).toBeNull();
    // re2-library.md: lookaround and backreferences are NOT SUPPORTED; counts above 1000 are rejected
    expect(compileRegex('a(?=b)')).toBeNull();
    expect(compileRegex('(a)\\1')).toBeNull();
    expect(compileRegex('a{1001}')).toBeNull();
    // \Q…\E literal text, ASCII classes, \d is ASCII-only
    expect(compileRegex('\\Qa.b\\E')!.test('axb')).toBe(false);
    expect(compileRegex('^[[:alpha:]]+$')!.test('abC')).toBe(true);
    expect(compileRegex('\\d')!.test('\u0663')).toBe(false);
  });
  it('RE2 matching is linear: a catastrophic-backtracking pattern on a long string finishes', () => {
    const t0 = Date.now();
    expect(compileRegex('(a+)+$')!.test('a'.repeat(50000) + 'b')).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it('successive matches follow RE2: no empty match right after a match (worked out by hand)', () => {
    expect(compileRegex('a*')!.matchAll('baaac').map((m) => [m.index, m.groups[0]])).toEqual([[0, ''], [1, 'aaa'], [5, '']]);
    expect(compileRegex('a*')!.replaceAll('baaac', '-')).toBe('-b-c-');
    expect(compileRegex('(\\w)(\\d)')!.replaceAll('a1 b2', '\\2\\1\\\\')).toBe('1a\\ 2b\\');
  });
});

describe('replace_string, trim', () => {
  // replace-string-function.md
  it('replace_string', () => {
    expect(call(f('replace_string'), ['string', 'string', 'string'], ['A magic trick can turn a cat into a dog', 'cat', 'hamster']))
      .toBe('A magic trick can turn a hamster into a dog');
    expect(call(f('replace_string'), ['string', 'string', 'string'], ['Number is 1', 'is', 'was'])).toBe('Number was 1');
    expect(call(f('replace_string'), ['string', 'string', 'string'], ['abc', '', 'x'])).toBe('abc');
  });
  // trim-function.md, trim-start-function.md, trim-end-function.md
  it('trim family', () => {
    expect(call(f('trim'), ['string', 'string'], ['--', '--https://bing.com--'])).toBe('https://bing.com');
    expect(call(f('trim'), ['string', 'string'], ['[^\\w]+', '-  Te st1// $'])).toBe('Te st1');
    expect(call(f('trim'), ['string', 'string'], ['\\s+', '    Hello, world!    '])).toBe('Hello, world!');
    expect(call(f('trim_start'), ['string', 'string'], ['https://', 'https://bing.com'])).toBe('bing.com');
    expect(call(f('trim_start'), ['string', 'string'], ['[^\\w]+', '-  Te st1// $'])).toBe('Te st1// $');
    expect(call(f('trim_end'), ['string', 'string'], ['.com', 'bing.com'])).toBe('bing');
    expect(call(f('trim_end'), ['string', 'string'], ['\\s+', '    Hello, world!    '])).toBe('    Hello, world!');
    expect(callVector(f('trim'), ['string', 'string'], ['x', 'xxaxx'])).toBe('a');
  });
});

describe('indexof', () => {
  // indexof-function.md
  it('docs examples', () => {
    const s = ['string', 'string'] as const;
    expect(call(f('indexof'), [...s], ['abcdefg', 'cde'])).toBe(2);
    expect(call(f('indexof'), [...s, 'long', 'long'], ['abcdefg', 'cde', 1, 4])).toBe(2);
    expect(call(f('indexof'), [...s, 'long', 'long'], ['abcdefg', 'cde', 1, 2])).toBe(-1);
    expect(call(f('indexof'), [...s, 'long', 'long'], ['abcdefg', 'cde', 3, 4])).toBe(-1);
    expect(call(f('indexof'), [...s, 'long'], ['abcdefg', 'cde', -5])).toBe(2);
    expect(call(f('indexof'), ['long', 'long', 'long', 'long'], [1234567, 5, 1, 4])).toBe(4);
    expect(call(f('indexof'), [...s, 'long', 'long'], ['abcdefg', 'cde', 2, -1])).toBe(2);
    expect(call(f('indexof'), [...s, 'long', 'long', 'long'], ['abcdefgabcdefg', 'cde', 1, 10, 2])).toBe(9);
    expect(call(f('indexof'), [...s, 'long', 'long', 'long'], ['abcdefgabcdefg', 'cde', 1, -1, 3])).toBe(-1);
  });
  it('invalid arguments → null', () => {
    expect(call(f('indexof'), ['string', 'string', 'long', 'long'], ['abc', 'b', 0, -2])).toBeNull();
    expect(call(f('indexof'), ['string', 'string', 'long'], ['abc', 'b', null])).toBeNull();
  });
});

describe('strrep, isascii, countof', () => {
  // strrep-function.md
  it('strrep', () => {
    expect(call(f('strrep'), ['string', 'long'], ['ABC', 2])).toBe('ABCABC');
    expect(call(f('strrep'), ['long', 'long', 'string'], [123, 3, '.'])).toBe('123.123.123');
    expect(call(f('strrep'), ['timespan', 'long', 'string'], [3 * TICKS_PER_SECOND, 2, ' '])).toBe('00:00:03 00:00:03');
    expect(call(f('strrep'), ['string', 'long'], ['a', 0])).toBe('');
    expect((call(f('strrep'), ['string', 'long'], ['a', 5000]) as string).length).toBe(1024);
  });
  it('isascii', () => {
    expect(call(f('isascii'), ['string'], ['some string'])).toBe(true);
    expect(call(f('isascii'), ['string'], ['café'])).toBe(false);
  });
  // countof-function.md
  it('countof', () => {
    expect(call(f('countof'), ['string', 'string'], ['aaa', 'a'])).toBe(3);
    expect(call(f('countof'), ['string', 'string'], ['aaaa', 'aa'])).toBe(3);
    expect(call(f('countof'), ['string', 'string', 'string'], ['ababa', 'ab', 'normal'])).toBe(2);
    expect(call(f('countof'), ['string', 'string'], ['ababa', 'aba'])).toBe(2);
    expect(call(f('countof'), ['string', 'string', 'string'], ['ababa', 'aba', 'regex'])).toBe(1);
    expect(call(f('countof'), ['string', 'string', 'string'], ['abcabc', 'a.c', 'regex'])).toBe(2);
  });
});

describe('vector path', () => {
  it('strcat over rows', () => {
    const r = callRows(f('strcat'), ['string', 'long'], [['a', 'b', ''], [1, null, 3]]);
    expect(r.values).toEqual(['a1', 'b', '3']);
  });
});

describe('URLs and base64', () => {
  // parse-url-function.md (the doc renders Path without its leading '/': see parseUrl's doubt)
  it('parse_url', () => {
    expect(call(f('parse_url'), ['string'], ['scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment'])).toEqual({
      Scheme: 'scheme', Host: 'host', Port: '1234', Path: '/this/is/a/path', Username: 'username', Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' }, Fragment: 'fragment',
    });
    const r = call(f('parse_url'), ['string'], ['https://www.bing.com/search?q=a%20b+c']) as Record<string, unknown>;
    expect([r.Host, r.Path, r.Port, r['Query Parameters']]).toEqual(['www.bing.com', '/search', '', { q: 'a b c' }]);
    expect((call(f('parse_url'), ['string'], ['not a url']) as Record<string, unknown>).Host).toBe('');
  });
  it('parse_urlquery', () => {
    expect(call(f('parse_urlquery'), ['string'], ['k1=v1&k2=v2&k3=v3'])).toEqual({ 'Query Parameters': { k1: 'v1', k2: 'v2', k3: 'v3' } });
  });
  // url-encode-function.md, url-encode-component-function.md, url-decode-function.md
  it('url_encode / url_encode_component / url_decode', () => {
    expect(call(f('url_encode'), ['string'], ['https://www.bing.com/hello world'])).toBe('https%3a%2f%2fwww.bing.com%2fhello+world');
    expect(call(f('url_encode_component'), ['string'], ['https://www.bing.com/hello world'])).toBe('https%3a%2f%2fwww.bing.com%2fhello%20world');
    expect(call(f('url_decode'), ['string'], ['https%3a%2f%2fwww.bing.com%2f'])).toBe('https://www.bing.com/');
    expect(call(f('url_decode'), ['string'], ['100%'])).toBe('100%');
    expect(call(f('url_encode'), ['string'], ['é'])).toBe('%c3%a9');
  });
  // base64-encode-tostring-function.md, base64-decode-tostring-function.md
  it('base64', () => {
    expect(call(f('base64_encode_tostring'), ['string'], ['Kusto'])).toBe('S3VzdG8=');
    expect(call(f('base64_decode_tostring'), ['string'], ['S3VzdG8='])).toBe('Kusto');
    expect(call(f('base64_decode_tostring'), ['string'], ['U3RyaW5n0KHR0tGA0L7Rh9C60LA='])).toBe(''); // not UTF-8
    expect(call(f('base64_decode_tostring'), ['string'], ['***'])).toBe('');
  });
});
